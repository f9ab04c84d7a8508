#!/usr/bin/env python3
"""Compares the parity records of cocotb and of the harness, scenario by scenario.

    compare_parity.py COCOTB.json HARNESS.json [--known FILE] [--harness-doc FILE] [--all]

Each file is {"format": "xpo-parity/1", "side": ..., "scenarios": {name: [record, ...]}}, a
record {"label": str, "t_ps": number, "phase": str, "value": any JSON}. Records are compared in
order, every field exactly (1 and true differ). For each scenario that differs, the first
differing record is named with both sides' fields; --all lists every differing record.

Known differences (--known) are deliberate departures of the harness from cocotb:
    {"differences": [{"scenario": ..., "label": ..., "field": "t_ps"|"phase"|"value",
                      "cocotb": <value>, "harness": <value>,
                      "departure": "<text of its row in docs/harness.md>", "why": "..."}]}
A record that differs exactly so is accepted. An entry whose "departure" text is not in the
"Where this departs from cocotb on purpose" section of docs/harness.md is refused: only a
documented departure may be accepted. An entry that no longer matches a difference is stale and
fails the comparison, so it is removed once the harness agrees.

Exit status: 0 when the sides agree, 1 on a difference or a stale entry, 2 on unreadable or
malformed input.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

FORMAT = "xpo-parity/1"
FIELDS = ("label", "t_ps", "phase", "value")
HARNESS_DOC = Path(__file__).resolve().parent.parent.parent / "docs" / "harness.md"
DEPARTURES_HEADING = "## Where this departs from cocotb on purpose"


class InputError(Exception):
    """Malformed input, named precisely."""


def load_records(path: Path) -> dict[str, list[dict]]:
    try:
        doc = json.loads(path.read_text())
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
    except json.JSONDecodeError as err:
        raise InputError(f"{path}: not JSON ({err})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError(f"{path}: not a parity records file (expected \"format\": \"{FORMAT}\")")
    scenarios = doc.get("scenarios")
    if not isinstance(scenarios, dict):
        raise InputError(f"{path}: \"scenarios\" must map scenario names to lists of records")
    for name, records in scenarios.items():
        if not isinstance(records, list):
            raise InputError(f"{path}: scenario '{name}' is not a list of records")
        for i, r in enumerate(records):
            where = f"{path}: scenario '{name}' record {i}"
            if not isinstance(r, dict):
                raise InputError(f"{where} is not an object")
            missing = [f for f in FIELDS if f not in r]
            if missing:
                raise InputError(f"{where} lacks {', '.join(missing)}")
            if not isinstance(r["label"], str) or not isinstance(r["phase"], str):
                raise InputError(f"{where}: label and phase must be strings")
            if isinstance(r["t_ps"], bool) or not isinstance(r["t_ps"], (int, float)):
                raise InputError(f"{where}: t_ps must be a number, not {r['t_ps']!r}")
    return scenarios


def same(a, b) -> bool:
    """Equal as JSON values, without Python's 1 == True: booleans equal only booleans."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or (isinstance(a, float) and isinstance(b, float)
                          and math.isnan(a) and math.isnan(b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def departures_text(doc: Path) -> str:
    try:
        text = doc.read_text()
    except OSError as err:
        raise InputError(f"cannot read {doc} to check the known differences: {err.strerror}")
    start = text.find(DEPARTURES_HEADING)
    if start < 0:
        raise InputError(f"{doc} has no \"{DEPARTURES_HEADING}\" section")
    end = text.find("\n## ", start + len(DEPARTURES_HEADING))
    return text[start:end if end >= 0 else len(text)]


def load_known(path: Path, doc: Path) -> list[dict]:
    try:
        known = json.loads(path.read_text())
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
    except json.JSONDecodeError as err:
        raise InputError(f"{path}: not JSON ({err})") from None
    entries = known.get("differences") if isinstance(known, dict) else None
    if not isinstance(entries, list):
        raise InputError(f"{path}: expected {{\"differences\": [...]}}")
    section = departures_text(doc) if entries else ""
    keys = ("scenario", "label", "field", "cocotb", "harness", "departure", "why")
    for i, e in enumerate(entries):
        where = f"{path}: difference {i}"
        if not isinstance(e, dict):
            raise InputError(f"{where} is not an object")
        missing = [k for k in keys if k not in e]
        if missing:
            raise InputError(f"{where} lacks {', '.join(missing)}")
        if e["field"] not in FIELDS[1:]:
            raise InputError(f"{where}: field must be one of {', '.join(FIELDS[1:])}")
        if not isinstance(e["departure"], str) or not e["departure"].strip() \
                or e["departure"] not in section:
            raise InputError(
                f"{where} ({e['scenario']} / {e['label']}) cites the departure "
                f"{e['departure']!r}, which the \"{DEPARTURES_HEADING[3:]}\" table of {doc} "
                f"does not list: only a documented departure may be accepted")
    return entries


def show(r: dict | None) -> str:
    if r is None:
        return "(no record)"
    return (f"label={r['label']!r} t_ps={json.dumps(r['t_ps'])} phase={r['phase']} "
            f"value={json.dumps(r['value'])}")


def compare(ours_name: str, theirs: dict, ours: dict, known: list[dict],
            list_all: bool) -> tuple[int, list[str], list[dict]]:
    """Returns (differing scenarios count, report lines, known entries used)."""
    lines: list[str] = []
    used: list[dict] = []
    differing = 0
    names = list(theirs) + [n for n in ours if n not in theirs]
    for name in names:
        if name not in ours or name not in theirs:
            side = "cocotb" if name in theirs else ours_name
            lines.append(f"scenario '{name}': recorded by {side} only")
            differing += 1
            continue
        a, b = theirs[name], ours[name]
        diffs = []
        for i in range(max(len(a), len(b))):
            ra = a[i] if i < len(a) else None
            rb = b[i] if i < len(b) else None
            if ra is None or rb is None:
                diffs.append((i, ra, rb, list(FIELDS)))
                continue
            fields = [f for f in FIELDS if not same(ra[f], rb[f])]
            if not fields:
                continue
            accepted = []
            if "label" not in fields:
                for f in fields:
                    for e in known:
                        if (e["scenario"] == name and e["label"] == ra["label"]
                                and e["field"] == f and same(e["cocotb"], ra[f])
                                and same(e["harness"], rb[f])):
                            accepted.append(f)
                            if e not in used:
                                used.append(e)
                            break
            rest = [f for f in fields if f not in accepted]
            if rest:
                diffs.append((i, ra, rb, rest))
        if not diffs:
            continue
        differing += 1
        i, ra, rb, fields = diffs[0]
        label = (ra or rb)["label"]
        lines.append(f"scenario '{name}': first difference at record {i} '{label}' "
                     f"({', '.join(fields)}); {len(diffs)} of {max(len(a), len(b))} records "
                     f"differ")
        for i, ra, rb, fields in (diffs if list_all else diffs[:1]):
            if list_all:
                lines.append(f"  record {i} ({', '.join(fields)}):")
            lines.append(f"    cocotb : {show(ra)}")
            lines.append(f"    {ours_name:7}: {show(rb)}")
    return differing, lines, used


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cocotb", type=Path, help="records of the cocotb side")
    ap.add_argument("harness", type=Path, help="records of the harness side")
    ap.add_argument("--known", type=Path, help="accepted deliberate departures")
    ap.add_argument("--harness-doc", type=Path, default=HARNESS_DOC,
                    help="where the deliberate departures are listed (default docs/harness.md)")
    ap.add_argument("--all", action="store_true", help="list every differing record")
    args = ap.parse_args(argv)

    try:
        theirs = load_records(args.cocotb)
        ours = load_records(args.harness)
        known = load_known(args.known, args.harness_doc) if args.known else []
    except InputError as err:
        print(f"compare_parity: error: {err}", file=sys.stderr)
        return 2

    differing, lines, used = compare("harness", theirs, ours, known, args.all)
    for line in lines:
        print(f"parity: {line}" if not line.startswith(" ") else line)
    # Entries of scenarios left out of this run (run_parity.py --scenario/--skip) are not stale.
    compared = set(theirs) & set(ours)
    stale = [e for e in known if e not in used and e["scenario"] in compared]
    for e in stale:
        print(f"parity: known difference no longer seen, remove it from {args.known}: "
              f"{e['scenario']} / {e['label']} {e['field']} (cocotb {json.dumps(e['cocotb'])}, "
              f"harness {json.dumps(e['harness'])})")
    for e in used:
        print(f"parity: accepted documented departure: {e['scenario']} / {e['label']} "
              f"{e['field']} cocotb {json.dumps(e['cocotb'])}, harness "
              f"{json.dumps(e['harness'])} ({e['departure']})")
    total = len(set(theirs) | set(ours))
    records = sum(len(r) for r in theirs.values())
    if differing or stale:
        print(f"parity: FAILED: {differing} of {total} scenarios differ"
              + (f", {len(stale)} stale known differences" if stale else ""))
        return 1
    print(f"parity: OK: {total} scenarios, {records} records agree"
          + (f" ({len(used)} documented departures accepted)" if used else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
