#!/usr/bin/env python3
"""Checks a results.xml: valid against sim/junit/junit.xsd, and in cocotb 1.9's shape.

cocotb's shape, field by field: <testsuites name="results"> holding exactly one
<testsuite name="all" package="all"> with a random_seed property; every <testcase> has name,
classname, file, lineno, time, sim_time_ns and ratio_time; every <failure> has a message; the
tests/failures/errors/skipped counts on testsuite and testsuites match the testcases.

Usage: check_results.py results.xml [more.xml ...]   exit 0 when all pass, 1 naming the first
problem otherwise.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from lxml import etree

SCHEMA = Path(__file__).resolve().parent / "junit" / "junit.xsd"
TESTCASE_ATTRS = ("name", "classname", "file", "lineno", "time", "sim_time_ns", "ratio_time")
COUNTS = ("tests", "failures", "errors", "skipped")


class ResultsError(ValueError):
    """The first thing wrong with a results file, with its line when known."""


_schema: etree.XMLSchema | None = None


def schema() -> etree.XMLSchema:
    global _schema
    if _schema is None:
        _schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    return _schema


def _where(path: str, el: etree._Element) -> str:
    return f"{path}:{el.sourceline}" if el.sourceline else path


def _number(path: str, el: etree._Element, attr: str) -> float:
    text = el.get(attr)
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise ResultsError(f"{_where(path, el)}: <{el.tag}> {attr}='{text}' is not a number")
    if not math.isfinite(value) or value < 0:
        raise ResultsError(
            f"{_where(path, el)}: <{el.tag}> {attr}='{text}' must be a finite number >= 0")
    return value


def _count(path: str, el: etree._Element, attr: str) -> int:
    text = el.get(attr)
    if text is None:
        raise ResultsError(f"{_where(path, el)}: <{el.tag}> has no '{attr}' count")
    try:
        return int(text)
    except ValueError:
        raise ResultsError(f"{_where(path, el)}: <{el.tag}> {attr}='{text}' is not an integer")


def _testcase_label(tc: etree._Element) -> str:
    return f"testcase '{tc.get('name', '?')}'"


def check_tree(path: str, tree: etree._ElementTree) -> dict[str, int]:
    """Raises ResultsError on the first problem; returns the counts when the file is good."""
    xsd = schema()
    if not xsd.validate(tree):
        err = xsd.error_log.filter_from_errors()[0] if xsd.error_log else None
        if err is None:
            raise ResultsError(f"{path}: not valid against {SCHEMA.name}")
        raise ResultsError(f"{path}:{err.line}: not valid against {SCHEMA.name}: {err.message}")

    root = tree.getroot()
    if root.tag != "testsuites":
        raise ResultsError(f"{_where(path, root)}: root element is <{root.tag}>, "
                           "cocotb writes <testsuites>")
    if root.get("name") != "results":
        raise ResultsError(f"{_where(path, root)}: <testsuites> name='{root.get('name')}', "
                           "cocotb writes name='results'")
    suites = root.findall("testsuite")
    if len(suites) != 1:
        raise ResultsError(f"{_where(path, root)}: {len(suites)} <testsuite> elements, "
                           "cocotb writes exactly one")
    suite = suites[0]
    for attr, want in (("name", "all"), ("package", "all")):
        if suite.get(attr) != want:
            raise ResultsError(f"{_where(path, suite)}: <testsuite> {attr}='{suite.get(attr)}', "
                               f"cocotb writes {attr}='{want}'")
    seeds = suite.findall("properties/property[@name='random_seed']")
    if len(seeds) != 1:
        raise ResultsError(f"{_where(path, suite)}: <testsuite> needs exactly one "
                           f"random_seed property, found {len(seeds)}")
    try:
        int(seeds[0].get("value"))
    except ValueError:
        raise ResultsError(f"{_where(path, seeds[0])}: random_seed value "
                           f"'{seeds[0].get('value')}' is not an integer")

    found = dict.fromkeys(COUNTS, 0)
    for tc in suite.findall("testcase"):
        for attr in TESTCASE_ATTRS:
            if tc.get(attr) is None:
                raise ResultsError(f"{_where(path, tc)}: {_testcase_label(tc)} has no '{attr}'")
        if not tc.get("name"):
            raise ResultsError(f"{_where(path, tc)}: testcase with an empty name")
        for attr in ("time", "sim_time_ns", "ratio_time"):
            _number(path, tc, attr)
        failures = tc.findall("failure")
        errors = tc.findall("error")
        skipped = tc.findall("skipped")
        if len(failures) + len(errors) + len(skipped) > 1:
            raise ResultsError(f"{_where(path, tc)}: {_testcase_label(tc)} has more than one "
                               "failure/error/skipped element")
        for el in failures + errors:
            if not el.get("message"):
                raise ResultsError(f"{_where(path, el)}: <{el.tag}> of {_testcase_label(tc)} "
                                   "has no message")
        found["tests"] += 1
        found["failures"] += len(failures)
        found["errors"] += len(errors)
        found["skipped"] += len(skipped)

    for el, label in ((suite, "<testsuite>"), (root, "<testsuites>")):
        for attr in COUNTS:
            declared = _count(path, el, attr)
            if declared != found[attr]:
                raise ResultsError(f"{_where(path, el)}: {label} {attr}='{declared}' but the "
                                   f"testcases say {found[attr]}")
        if el.get("time") is None:
            raise ResultsError(f"{_where(path, el)}: {label} has no 'time'")
    return found


def check_file(path: str | Path) -> dict[str, int]:
    path = str(path)
    try:
        tree = etree.parse(path)
    except OSError as err:
        raise ResultsError(f"{path}: cannot read: {err}")
    except etree.XMLSyntaxError as err:
        raise ResultsError(f"{path}:{err.lineno}: not well-formed XML: {err.msg}")
    return check_tree(path, tree)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="results.xml files to check")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    args = parser.parse_args(argv)
    for f in args.files:
        try:
            counts = check_file(f)
        except ResultsError as err:
            print(f"check_results: {err}", file=sys.stderr)
            return 1
        if not args.quiet:
            print(f"check_results: {f}: ok ({counts['tests']} testcases, {counts['failures']} "
                  f"failed, {counts['errors']} errors, {counts['skipped']} skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
