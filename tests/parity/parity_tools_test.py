#!/usr/bin/env python3
"""The parity checkers on deliberately broken input (docs/parity.md).

    parity_tools_test.py CompareFiresOnDifference | FailsClearlyWithoutCocotb |
                         RejectsUnmatchedScenario
"""

import copy
import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
COMPARE = ROOT / "sim" / "cocotb" / "compare_parity.py"
RUN = ROOT / "sim" / "cocotb" / "run_parity.py"

RECORDS = {
    "format": "xpo-parity/1",
    "scenarios": {
        "edges": [
            {"label": "prologue.count", "t_ps": 27000, "phase": "normal", "value": 0},
            {"label": "rise1.count", "t_ps": 30000, "phase": "normal", "value": 0},
            {"label": "rise1.readonly.count", "t_ps": 30000, "phase": "ReadOnly", "value": 1},
            {"label": "end", "t_ps": 30000, "phase": "ReadOnly", "value": "ok"},
        ],
        "start_order": [
            {"label": "log", "t_ps": 29000, "phase": "normal", "value": "a,b"},
            {"label": "end", "t_ps": 29000, "phase": "normal", "value": "ok"},
        ],
    },
}

DOC = """# Harness
## Where this departs from cocotb on purpose
| cocotb 1.9 | here | why |
|---|---|---|
| `Clock.start()` is a coroutine | starts at once | reasons |
## Limits
| `start` yields first | runs at once | listed under another heading |
"""


class Files:
    def __init__(self, tmp):
        self.dir = Path(tmp)

    def write(self, name, doc):
        path = self.dir / name
        path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
        return path


def compare(*args):
    proc = subprocess.run([sys.executable, str(COMPARE), *map(str, args)], capture_output=True,
                          text=True)
    return proc.returncode, proc.stdout + proc.stderr


class CompareFiresOnDifference(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.files = Files(self.tmp.name)
        self.cocotb = self.files.write("cocotb.json", dict(RECORDS, side="cocotb"))
        self.doc = self.files.write("harness.md", DOC)

    def tearDown(self):
        self.tmp.cleanup()

    def harness(self, change=None):
        doc = copy.deepcopy(dict(RECORDS, side="harness"))
        if change:
            change(doc["scenarios"])
        return self.files.write("harness.json", doc)

    def known(self, **entry):
        base = {"scenario": "edges", "label": "rise1.count", "field": "value", "cocotb": 0,
                "harness": 1, "departure": "`Clock.start()` is a coroutine", "why": "test"}
        base.update(entry)
        return self.files.write("known.json", {"differences": [base]})

    def test_identical_records_agree(self):
        code, out = compare(self.cocotb, self.harness())
        self.assertEqual(code, 0, out)
        self.assertIn("parity: OK: 2 scenarios, 6 records agree", out)

    def test_one_value_differs_names_that_record(self):
        def change(s):
            s["edges"][1]["value"] = 1

        code, out = compare(self.cocotb, self.harness(change))
        self.assertEqual(code, 1, out)
        self.assertIn("scenario 'edges': first difference at record 1 'rise1.count' (value); "
                      "1 of 4 records differ", out)
        self.assertIn("cocotb : label='rise1.count' t_ps=30000 phase=normal value=0", out)
        self.assertIn("harness: label='rise1.count' t_ps=30000 phase=normal value=1", out)
        self.assertIn("FAILED: 1 of 2 scenarios differ", out)
        self.assertNotIn("start_order", out)

    def test_time_and_phase_are_compared(self):
        def change(s):
            s["edges"][2]["t_ps"] = 40000
            s["start_order"][0]["phase"] = "ReadWrite"

        code, out = compare(self.cocotb, self.harness(change))
        self.assertEqual(code, 1, out)
        self.assertIn("'edges': first difference at record 2 'rise1.readonly.count' (t_ps)", out)
        self.assertIn("'start_order': first difference at record 0 'log' (phase)", out)

    def test_one_and_true_differ(self):
        def change(s):
            s["edges"][0]["value"] = False

        code, out = compare(self.cocotb, self.harness(change))
        self.assertEqual(code, 1, out)
        self.assertIn("record 0 'prologue.count' (value)", out)

    def test_missing_records_and_scenarios_differ(self):
        def change(s):
            del s["edges"][3]
            del s["start_order"]

        code, out = compare(self.cocotb, self.harness(change))
        self.assertEqual(code, 1, out)
        self.assertIn("'edges': first difference at record 3 'end'", out)
        self.assertIn("harness: (no record)", out)
        self.assertIn("scenario 'start_order': recorded by cocotb only", out)

    def test_all_lists_every_differing_record(self):
        def change(s):
            s["edges"][1]["value"] = 5
            s["edges"][2]["value"] = 6

        code, out = compare(self.cocotb, self.harness(change), "--all")
        self.assertEqual(code, 1, out)
        self.assertIn("record 1 (value):", out)
        self.assertIn("record 2 (value):", out)

    def test_documented_departure_is_accepted(self):
        def change(s):
            s["edges"][1]["value"] = 1

        code, out = compare(self.cocotb, self.harness(change), "--known", self.known(),
                            "--harness-doc", self.doc)
        self.assertEqual(code, 0, out)
        self.assertIn("accepted documented departure: edges / rise1.count value", out)

    def test_departure_must_match_both_values(self):
        def change(s):
            s["edges"][1]["value"] = 2

        code, out = compare(self.cocotb, self.harness(change), "--known", self.known(),
                            "--harness-doc", self.doc)
        self.assertEqual(code, 1, out)
        self.assertIn("first difference at record 1 'rise1.count'", out)

    def test_undocumented_departure_is_refused(self):
        code, out = compare(self.cocotb, self.harness(), "--known",
                            self.known(departure="`start` yields first"), "--harness-doc",
                            self.doc)
        self.assertEqual(code, 2, out)
        self.assertIn("cites the departure '`start` yields first', which the \"Where this "
                      "departs from cocotb on purpose\" table", out)

    def test_stale_known_difference_fails(self):
        code, out = compare(self.cocotb, self.harness(), "--known", self.known(),
                            "--harness-doc", self.doc)
        self.assertEqual(code, 1, out)
        self.assertIn("known difference no longer seen", out)

    def test_known_difference_of_a_scenario_not_compared_is_not_stale(self):
        def change(s):
            del s["edges"]

        subset = {"start_order": RECORDS["scenarios"]["start_order"]}
        cocotb = self.files.write("cocotb_subset.json",
                                  {"format": "xpo-parity/1", "side": "cocotb", "scenarios": subset})
        code, out = compare(cocotb, self.harness(change), "--known", self.known(),
                            "--harness-doc", self.doc)
        self.assertEqual(code, 0, out)

    def test_malformed_input_is_named(self):
        def change(s):
            del s["edges"][2]["t_ps"]

        code, out = compare(self.cocotb, self.harness(change))
        self.assertEqual(code, 2, out)
        self.assertIn("scenario 'edges' record 2 lacks t_ps", out)
        code, out = compare(self.cocotb, self.files.write("bad.json", "[1, 2"))
        self.assertEqual(code, 2, out)
        self.assertIn("bad.json: not JSON", out)
        code, out = compare(self.cocotb, self.files.dir / "absent.json")
        self.assertEqual(code, 2, out)
        self.assertIn("cannot read", out)


def run_with_fake_cocotb(init_text, exe="/bin/false"):
    """run_parity.py with a stand-in cocotb package first on the path; its runner refuses to run
    anything."""
    with tempfile.TemporaryDirectory() as tmp:
        fake = Path(tmp) / "site" / "cocotb"
        fake.mkdir(parents=True)
        (fake / "__init__.py").write_text(init_text)
        (fake / "runner.py").write_text("def get_runner(name):\n    raise SystemExit(3)\n")
        env = dict(os.environ, PYTHONPATH=str(fake.parent))
        proc = subprocess.run(
            [sys.executable, str(RUN), "--work-dir", str(Path(tmp) / "work"), "--cpp-exe", exe],
            env=env, capture_output=True, text=True)
        return proc.returncode, proc.stdout + proc.stderr


class FailsClearlyWithoutCocotb(unittest.TestCase):
    """run_parity.py must fail, saying how to install cocotb, when it cannot use it."""

    def test_missing_cocotb(self):
        code, out = run_with_fake_cocotb(
            "raise ImportError(\"No module named 'cocotb'\")\n")
        self.assertEqual(code, 2, out)
        self.assertIn("cocotb 1.9.2 is needed for the parity check but cannot be imported", out)
        self.assertIn("make deps", out)

    def test_wrong_cocotb_version(self):
        code, out = run_with_fake_cocotb("__version__ = '2.0.1'\n")
        self.assertEqual(code, 2, out)
        self.assertIn("cocotb 2.0.1 is installed; the parity check compares against cocotb 1.9",
                      out)


class RejectsUnmatchedScenario(unittest.TestCase):
    """A harness scenario without a cocotb counterpart would never be compared."""

    def test_harness_scenario_without_counterpart(self):
        with tempfile.TemporaryDirectory() as tmp:
            exe = Path(tmp) / "fake_parity_test"
            exe.write_text("#!/bin/sh\nprintf 'Parity.\\n  Edges\\n  NotInCocotb\\n'\n")
            exe.chmod(0o755)
            code, out = run_with_fake_cocotb("__version__ = '1.9.2'\n", str(exe))
        self.assertEqual(code, 2, out)
        self.assertIn("has harness scenarios without a cocotb counterpart in test_parity.py: "
                      "Parity.NotInCocotb", out)


if __name__ == "__main__":
    unittest.main()
