"""Turns one test run (exit status, log, results files) into a verdict and cocotb testcases, and
merges many runs into one cocotb-shaped results.xml."""

from __future__ import annotations

import copy
import datetime
import re
import socket
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .ctest import CTest
from .runner import ProcessOutcome

PASS, FAIL, SKIP = "pass", "fail", "skip"
LOG_TAIL_BYTES = 8192


@dataclass
class Verdict:
    status: str
    message: str
    testcases: list[etree._Element] = field(default_factory=list)
    sim_time_ns: float | None = None
    wrote_results: bool = False


def one_line(message: str, limit: int = 240) -> str:
    """A failure message for a one-line display: GoogleTest's leading 'Failed' dropped, the
    remaining lines joined."""
    lines = [ln.strip() for ln in message.splitlines()]
    text = " | ".join(ln for ln in lines if ln and ln != "Failed")
    return text if len(text) <= limit else text[:limit - 3] + "..."


def read_tail(path: Path, limit: int = LOG_TAIL_BYTES) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(0, size - limit))
            return f.read().decode(errors="replace")
    except OSError:
        return ""


def _last_line(text: str) -> str:
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line and not line.startswith("[regress]"):
            return line[:300]
    return ""


def make_testcase(name: str, classname: str, file: str, lineno: int, time_s: float,
                  sim_time_ns: float = 0.0) -> etree._Element:
    tc = etree.Element("testcase")
    tc.set("name", name)
    tc.set("classname", classname)
    tc.set("file", file)
    tc.set("lineno", str(int(lineno)))
    tc.set("time", f"{time_s:.6f}")
    tc.set("sim_time_ns", f"{sim_time_ns:g}")
    tc.set("ratio_time", f"{(sim_time_ns / time_s) if time_s > 0 else 0.0:g}")
    return tc


def split_name(full: str) -> tuple[str, str]:
    """ctest's `Suite.Name` (or `Inst/Suite.Name/N`) as GoogleTest's (classname, name)."""
    suite, dot, name = full.partition(".")
    return (suite, name) if dot and suite and name else ("ctest", full)


def _parse_xml(path: Path) -> tuple[etree._ElementTree | None, str | None]:
    if not path.is_file():
        return None, None
    try:
        return etree.parse(str(path)), None
    except etree.XMLSyntaxError as err:
        return None, f"{path.name} is not well-formed XML ({err.msg})"


def _harness_testcases(tree: etree._ElementTree) -> list[etree._Element]:
    return [copy.deepcopy(tc) for tc in tree.iter("testcase")]


def _gtest_testcases(tree: etree._ElementTree) -> list[etree._Element]:
    """GoogleTest's XML in the cocotb testcase shape (one failure element per testcase)."""
    out = []
    for g in tree.iter("testcase"):
        tc = make_testcase(g.get("name", ""), g.get("classname", ""), g.get("file", ""),
                           int(g.get("line", "0") or 0), float(g.get("time", "0") or 0))
        failures = g.findall("failure") + g.findall("error")
        if failures:
            f = etree.SubElement(tc, "failure")
            lines = [ln.strip() for ln in (failures[0].get("message") or "").splitlines()]
            f.set("message", " | ".join(ln for ln in lines if ln)[:500] or "failed")
            f.text = "\n".join(x.get("message") or (x.text or "") for x in failures)
        elif g.find("skipped") is not None or g.get("result") == "skipped":
            s = etree.SubElement(tc, "skipped")
            msg = g.find("skipped").get("message") if g.find("skipped") is not None else None
            if msg:
                s.set("message", msg)
        out.append(tc)
    return out


def _xml_status(testcases: list[etree._Element]) -> tuple[str | None, str]:
    if not testcases:
        return None, ""
    for tc in testcases:
        bad = tc.find("failure")
        if bad is None:
            bad = tc.find("error")
        if bad is not None:
            return FAIL, bad.get("message") or "failed"
    if all(tc.find("skipped") is not None for tc in testcases):
        return SKIP, ""
    return PASS, ""


def _search_any(patterns: list[str], text: str) -> str | None:
    for p in patterns:
        try:
            if re.search(p, text, re.MULTILINE):
                return p
        except re.error:
            if p in text:
                return p
    return None


def _process_status(test: CTest, outcome: ProcessOutcome, output: str) -> tuple[str, str]:
    """ctest's rules: skip code/regex, pass/fail regex, WILL_FAIL; a crash or timeout always
    fails."""
    if outcome.timed_out or (outcome.returncode is not None and outcome.returncode < 0):
        return FAIL, outcome.describe()
    rc = outcome.returncode
    if (test.skip_return_code is not None and rc == test.skip_return_code) or \
            _search_any(test.skip_regex, output):
        return SKIP, "skipped"
    if test.pass_regex:
        ok = _search_any(test.pass_regex, output) is not None
        status, msg = (PASS, "") if ok else (FAIL, "output did not match PASS_REGULAR_EXPRESSION")
    else:
        status, msg = (PASS, "") if rc == 0 else (FAIL, f"exit code {rc}")
    hit = _search_any(test.fail_regex, output)
    if hit is not None:
        status, msg = FAIL, f"output matched FAIL_REGULAR_EXPRESSION '{hit}'"
    if test.will_fail:
        status, msg = (FAIL, "passed but WILL_FAIL is set") if status == PASS else (PASS, "")
    return status, msg


def evaluate(test: CTest, outcome: ProcessOutcome, log: Path, results_xml: Path,
             gtest_xml: Path, name_suffix: str = "") -> Verdict:
    """The verdict on one run: process status by ctest's rules, cross-checked with whatever
    results file the executable wrote; the testcases are renamed with `name_suffix` (the seed)."""
    output = ""
    try:
        output = log.read_text(errors="replace")
    except OSError:
        pass
    status, message = _process_status(test, outcome, output)

    testcases: list[etree._Element] = []
    notes = []
    harness_tree, err = _parse_xml(results_xml)
    wrote_results = results_xml.is_file()
    if err:
        notes.append(err)
    if harness_tree is not None:
        testcases = _harness_testcases(harness_tree)
    else:
        gtest_tree, err = _parse_xml(gtest_xml)
        if err:
            notes.append(err)
        if gtest_tree is not None:
            testcases = _gtest_testcases(gtest_tree)

    xml_status, xml_message = _xml_status(testcases)
    if status == PASS and xml_status == FAIL and not test.will_fail:
        status, message = FAIL, xml_message
    elif status == FAIL and xml_status == FAIL and not test.will_fail:
        prefix = message if (outcome.timed_out or (outcome.returncode or 0) < 0) else ""
        message = f"{prefix}: {xml_message}" if prefix else xml_message
    elif status == PASS and notes:
        status, message = FAIL, "; ".join(notes)
    elif status == PASS and xml_status == SKIP:
        status = SKIP
    if status == FAIL and message.startswith(("exit code", "crashed", "timeout")) \
            and xml_status != FAIL:
        tail = _last_line(read_tail(log))
        if tail:
            message = f"{message}: {tail}"

    if not testcases:
        classname, name = split_name(test.name)
        testcases = [make_testcase(name, classname, test.file or test.executable,
                                   test.line or 0, outcome.wall_s)]
    for tc in testcases:
        tc.set("name", tc.get("name", test.name) + name_suffix)
    if status == FAIL and all(tc.find("failure") is None and tc.find("error") is None
                              for tc in testcases):
        f = etree.SubElement(testcases[0], "failure")
        f.set("message", message or "failed")
        out = etree.SubElement(testcases[0], "system-out")
        out.text = read_tail(log)
    elif status == SKIP and all(tc.find("skipped") is None for tc in testcases):
        etree.SubElement(testcases[0], "skipped")

    sim = None
    if harness_tree is not None:
        sim = sum(float(tc.get("sim_time_ns", "0") or 0) for tc in testcases)
    return Verdict(status, message if status == FAIL else "", testcases, sim, wrote_results)


def write_merged(path: Path, testcases: list[etree._Element], random_seed: int,
                 started: datetime.datetime, properties: dict[str, str] | None = None) -> None:
    """One cocotb-shaped results.xml holding every testcase, with the counts JUnit needs."""
    counts = {"tests": len(testcases), "failures": 0, "errors": 0, "skipped": 0}
    total_time = 0.0
    for tc in testcases:
        counts["failures"] += len(tc.findall("failure"))
        counts["errors"] += len(tc.findall("error"))
        counts["skipped"] += len(tc.findall("skipped"))
        total_time += float(tc.get("time", "0") or 0)
    root = etree.Element("testsuites", name="results")
    suite = etree.SubElement(root, "testsuite", name="all", package="all")
    for el in (root, suite):
        for k, v in counts.items():
            el.set(k, str(v))
        el.set("time", f"{total_time:.6f}")
    suite.set("timestamp", started.isoformat(timespec="seconds"))
    suite.set("hostname", socket.gethostname())
    suite.set("id", "0")
    props = etree.SubElement(suite, "properties")
    etree.SubElement(props, "property", name="random_seed", value=str(random_seed))
    for k, v in (properties or {}).items():
        etree.SubElement(props, "property", name=k, value=str(v))
    for tc in testcases:
        suite.append(tc)
    etree.indent(root, space=" ")
    path.parent.mkdir(parents=True, exist_ok=True)
    etree.ElementTree(root).write(str(path), xml_declaration=True, encoding="UTF-8",
                                  pretty_print=True)
