"""sim/check_results.py: a cocotb-shaped file passes; each kind of damage is rejected by name."""

from __future__ import annotations

import unittest

from simtest_support import run_tool, tempdir

import check_results

GOOD = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="results" tests="3" failures="1" errors="0" skipped="1" time="0.5">
 <testsuite name="all" package="all" tests="3" failures="1" errors="0" skipped="1" time="0.5"
            timestamp="2024-01-01T00:00:00" hostname="h" id="0">
  <properties><property name="random_seed" value="42"/></properties>
  <testcase name="Counts" classname="CounterTest" file="counter_test.cpp" lineno="12"
            time="0.1" sim_time_ns="1000" ratio_time="10000"/>
  <testcase name="Breaks" classname="CounterTest" file="counter_test.cpp" lineno="30"
            time="0.2" sim_time_ns="2000" ratio_time="1e-05">
   <failure message="expected 3, got 4"/>
   <system-out>log</system-out>
  </testcase>
  <testcase name="Later" classname="CounterTest" file="counter_test.cpp" lineno="44"
            time="0" sim_time_ns="0" ratio_time="0"><skipped/></testcase>
 </testsuite>
</testsuites>
"""

# (what is changed, the text it becomes, words the error must contain)
DAMAGE = [
    ('<testsuites name="results"', '<testsuites name="all"', "name='results'"),
    ('package="all"', 'package="top"', "package='all'"),
    ('<property name="random_seed" value="42"/>', "", "random_seed"),
    ('value="42"', 'value="forty-two"', "not an integer"),
    ('lineno="12"\n', "\n", "testcase 'Counts' has no 'lineno'"),
    ('sim_time_ns="1000" ', "", "testcase 'Counts' has no 'sim_time_ns'"),
    ('ratio_time="10000"', 'ratio_time="INF"', "finite"),
    ('file="counter_test.cpp" lineno="30"', 'lineno="30"', "testcase 'Breaks' has no 'file'"),
    ('<failure message="expected 3, got 4"/>', "<failure/>", "has no message"),
    ('tests="3" failures="1" errors="0" skipped="1" time="0.5"\n',
     'tests="4" failures="1" errors="0" skipped="1" time="0.5"\n',
     "tests='4' but the testcases say 3"),
    ('<testsuites name="results" tests="3" failures="1"',
     '<testsuites name="results" tests="3" failures="0"', "failures='0' but the testcases say 1"),
    ("<skipped/>", "<flaky/>", "not valid against junit.xsd"),
    ('time="0.1"', 'time="-1"', "not valid against junit.xsd"),
    ("</testsuites>", "", "not well-formed XML"),
]


class CheckResults(unittest.TestCase):
    def write(self, text: str):
        path = tempdir(self) / "results.xml"
        path.write_text(text)
        return path

    def test_cocotb_shaped_file_passes(self) -> None:
        counts = check_results.check_file(self.write(GOOD))
        self.assertEqual(counts, {"tests": 3, "failures": 1, "errors": 0, "skipped": 1})
        r = run_tool("check_results.py", str(self.write(GOOD)))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("ok (3 testcases, 1 failed", r.stdout)

    def test_each_damage_is_named(self) -> None:
        for old, new, words in DAMAGE:
            with self.subTest(change=old[:40]):
                self.assertIn(old, GOOD)
                path = self.write(GOOD.replace(old, new, 1))
                with self.assertRaises(check_results.ResultsError) as ctx:
                    check_results.check_file(path)
                self.assertIn(words, str(ctx.exception))

    def test_command_line_exits_one_naming_the_first_problem(self) -> None:
        bad = self.write(GOOD.replace('<failure message="expected 3, got 4"/>', "<failure/>"))
        r = run_tool("check_results.py", str(self.write(GOOD)), str(bad))
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, r"results.xml:\d+: <failure> of testcase 'Breaks' has no "
                                   r"message")
        r = run_tool("check_results.py", "/nonexistent/results.xml")
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot read", r.stderr)

    def test_two_testsuites_are_not_cocotb(self) -> None:
        suite = GOOD[GOOD.index(" <testsuite "):GOOD.index("</testsuites>")]
        doubled = GOOD.replace("</testsuites>", suite + "</testsuites>")
        with self.assertRaises(check_results.ResultsError) as ctx:
            check_results.check_file(self.write(doubled))
        self.assertIn("2 <testsuite> elements", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
