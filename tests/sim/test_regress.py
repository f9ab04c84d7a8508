"""sim/regress.py against fake test executables: verdicts, kills, seeds, merging, errors."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import unittest
from pathlib import Path

from lxml import etree

from simtest_support import make_project, run_tool, tempdir

import check_results

SEEDS = 2
BASE_SEED = 1234
PROJECT = """
foreach(n Fake.Pass Fake.Fail Fake.Hang Fake.Crash Fake.Flaky Fake.BrokenXml Fake.Silent)
  add_test(NAME ${n} COMMAND ${H} --gtest_filter=${n} --gtest_also_run_disabled_tests)
endforeach()
set_tests_properties(Fake.Hang PROPERTIES TIMEOUT 2 LABELS long)
foreach(n Plain.Pass Plain.Fail Plain.Skip)
  add_test(NAME ${n} COMMAND ${P} --gtest_filter=${n})
  set_tests_properties(${n} PROPERTIES SKIP_REGULAR_EXPRESSION "\\\\[  SKIPPED \\\\]")
endforeach()
add_test(NAME Script.Exit3 COMMAND sh -c "echo boom; exit 3")
add_test(NAME Script.WillFail COMMAND sh -c "exit 1")
set_tests_properties(Script.WillFail PROPERTIES WILL_FAIL ON)
"""


class RegressionRun(unittest.TestCase):
    """One regression over the fake project, examined from several angles."""

    @classmethod
    def setUpClass(cls) -> None:
        cls._tmp = tempfile.TemporaryDirectory(prefix="xpo-simtest-")
        root = Path(cls._tmp.name)
        cls.build = make_project(root, PROJECT)
        cls.out = root / "out"
        cls.pidfile = root / "hang.pids"
        t0 = time.monotonic()
        cls.proc = run_tool("regress.py", "--build", str(cls.build), "--jobs", "3",
                            "--seeds", str(SEEDS), "--seed", str(BASE_SEED), "--out", str(cls.out),
                            env={"FAKE_PID_FILE": str(cls.pidfile)})
        cls.elapsed = time.monotonic() - t0
        cls.stdout = cls.proc.stdout
        cls.tree = etree.parse(str(cls.out / "results.xml"))
        cls.cases = {tc.get("name"): tc for tc in cls.tree.iter("testcase")}

    @classmethod
    def tearDownClass(cls) -> None:
        cls._tmp.cleanup()

    def row(self, test: str, seed: str) -> list[str]:
        for line in self.stdout.splitlines():
            cols = line.split()
            if len(cols) >= 5 and cols[0] == test and cols[1] == seed:
                return cols
        self.fail(f"no summary row for {test} seed {seed} in:\n{self.stdout}")

    def test_exits_non_zero_on_failure(self) -> None:
        self.assertEqual(self.proc.returncode, 1, self.proc.stderr)

    def test_seeds_derive_from_the_base(self) -> None:
        import regress
        seeds = regress.derive_seeds(BASE_SEED, SEEDS)
        self.assertEqual(seeds[0], BASE_SEED)
        self.assertEqual(len(set(seeds)), SEEDS)
        self.assertEqual(seeds, regress.derive_seeds(BASE_SEED, SEEDS))
        self.assertIn(f"seeds {', '.join(map(str, seeds))}", self.stdout)
        # The fake derives sim_time_ns from the RANDOM_SEED it was given.
        for s in seeds:
            tc = self.cases[f"Pass[seed={s}]"]
            self.assertEqual(float(tc.get("sim_time_ns")), 1000 + s % 1000)
            self.assertEqual(self.row("Fake.Pass", str(s))[2], "PASS")

    def test_failing_run_is_reported_failed_with_its_message(self) -> None:
        for s in check_seeds():
            self.assertEqual(self.row("Fake.Fail", str(s))[2], "FAIL")
            failure = self.cases[f"Fail[seed={s}]"].find("failure")
            self.assertEqual(failure.get("message"), "assertion failed: expected 3 got 4")
        self.assertIn(f"replay: cd {self.build}", self.stdout)
        self.assertRegex(self.stdout, rf"RANDOM_SEED={BASE_SEED} \S*fake_harness_test.py "
                                      r"--gtest_filter=Fake.Fail")

    def test_hung_run_is_killed_and_failed(self) -> None:
        for s in check_seeds():
            self.assertEqual(self.row("Fake.Hang", str(s))[2], "FAIL")
            msg = self.cases[f"Hang[seed={s}]"].find("failure").get("message")
            self.assertIn("timeout: killed after", msg)
        # Two seeds plus their reruns at a 2 s limit each, on 3 workers, is far below an hour.
        self.assertLess(self.elapsed, 60)
        for pid in self.pidfile.read_text().split():
            with self.assertRaises(ProcessLookupError, msg=f"hung fake {pid} still alive"):
                os.kill(int(pid), 0)

    def test_crash_is_recorded(self) -> None:
        for s in check_seeds():
            self.assertEqual(self.row("Fake.Crash", str(s))[2], "FAIL")
            msg = self.cases[f"Crash[seed={s}]"].find("failure").get("message")
            self.assertIn("crashed: killed by SIGABRT", msg)

    def test_unreadable_results_file_fails_the_run(self) -> None:
        msg = self.cases[f"BrokenXml[seed={BASE_SEED}]"].find("failure").get("message")
        self.assertIn("results.xml is not well-formed XML", msg)

    def test_plain_tests_run_once(self) -> None:
        self.assertEqual(self.row("Plain.Pass", "-")[2], "PASS")
        self.assertEqual(self.row("Plain.Fail", "-")[2], "FAIL")
        self.assertEqual(self.row("Plain.Skip", "-")[2], "SKIP")
        self.assertEqual(sorted(p.name for p in (self.out / "Plain.Pass").iterdir()), ["once"])
        # Both gtest failures of the fake survive, joined into one cocotb failure element.
        failure = self.cases["Fail"].find("failure")
        self.assertIn("model.cpp:12", failure.get("message"))
        self.assertIn("second assertion", failure.text)

    def test_harness_test_writing_no_results_runs_once(self) -> None:
        self.assertEqual(self.row("Fake.Silent", "-")[2], "PASS")
        self.assertIn("Silent", self.cases)

    def test_exit_code_and_will_fail_follow_ctest(self) -> None:
        self.assertEqual(self.row("Script.Exit3", "-")[2], "FAIL")
        self.assertEqual(self.cases["Exit3"].find("failure").get("message"), "exit code 3: boom")
        self.assertEqual(self.row("Script.WillFail", "-")[2], "PASS")

    def test_failures_are_rerun_with_waves(self) -> None:
        fst = self.out / "Fake.Fail" / str(BASE_SEED) / "waves" / "Fake.Fail.fst"
        self.assertTrue(fst.is_file())
        self.assertIn(f"fst:    {fst}", self.stdout)
        self.assertIn("rerun with WAVES=1: PASS on the rerun: the failure does not reproduce",
                      self.stdout)  # Fake.Flaky passes with waves on
        self.assertIn("none (not a harness test: no waves to record)", self.stdout)

    def test_merged_results_hold_every_run_and_pass_the_checker(self) -> None:
        counts = check_results.check_file(self.out / "results.xml")
        harness_runs = 6 * SEEDS + 1  # Silent runs once
        self.assertEqual(counts["tests"], harness_runs + 3 + 2)
        self.assertEqual(counts["skipped"], 1)
        self.assertEqual(counts["failures"], counts_failed(self))
        seed = self.tree.find("testsuite/properties/property[@name='random_seed']")
        self.assertEqual(seed.get("value"), str(BASE_SEED))

    def test_summary_table_and_closing_line(self) -> None:
        self.assertRegex(self.stdout, r"Test\s+Seed\s+Result\s+Sim time \(ns\)\s+Wall \(s\)")
        passed = 2 + 1 + 1 + 1  # Fake.Pass x2, Silent, Plain.Pass, WillFail
        self.assertIn(f"{passed} passed, {counts_failed(self)} failed, 1 skipped",
                      self.stdout.splitlines()[-1])

    def test_progress_lines_when_not_a_tty(self) -> None:
        lines = [ln for ln in self.stdout.splitlines() if ln.startswith("[")]
        self.assertTrue(lines)
        self.assertRegex(lines[-1], r"^\[(\d+)/\1\] .* passed, \d+ failed, \d+ skipped")


def check_seeds() -> list[int]:
    import regress
    return regress.derive_seeds(BASE_SEED, SEEDS)


def counts_failed(case: RegressionRun) -> int:
    """FAIL rows of the summary table."""
    return len([ln for ln in case.stdout.splitlines()
                if not ln.startswith("[") and re.match(r"\S+\s+\S+\s+FAIL\s", ln)])


class TimeToSafeReport(unittest.TestCase):
    """Rows the tests append under XPO_REPORT_DIR become one table before the summary."""

    def run_reporting(self, rows: list[str]) -> tuple[object, Path]:
        root = tempdir(self)
        body = "".join(
            f'add_test(NAME Trip.T{i} COMMAND sh -c "echo {r} >> $XPO_REPORT_DIR/time_to_safe.csv")\n'
            for i, r in enumerate(rows))
        build = make_project(root, body)
        out = root / "out"
        return run_tool("regress.py", "--build", str(build), "--jobs", "2", "--out", str(out)), out

    def test_worst_of_each_trip_printed_before_the_summary(self) -> None:
        r, out = self.run_reporting(["leak,400,1000", "leak,700,1000", "flow_loss,90000,100000"])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        lines = r.stdout.splitlines()
        table = next(i for i, ln in enumerate(lines) if ln.startswith("Time to safe"))
        summary = next(i for i, ln in enumerate(lines) if ln.startswith("Test "))
        self.assertLess(table, summary)
        self.assertRegex(r.stdout, r"leak\s+2\s+700\s+1000\s+ok")
        self.assertRegex(r.stdout, r"flow_loss\s+1\s+90000\s+100000\s+ok")
        self.assertIn("| leak | 2 | 700 | 1000 | ok |",
                      (out / "reports" / "time_to_safe.md").read_text())

    def test_a_trip_over_its_bound_is_flagged(self) -> None:
        r, _ = self.run_reporting(["leak,1200,1000"])
        self.assertRegex(r.stdout, r"leak\s+1\s+1200\s+1000\s+OVER")

    def test_no_table_when_nothing_reported(self) -> None:
        root = tempdir(self)
        build = make_project(root, "add_test(NAME A.One COMMAND true)\n")
        r = run_tool("regress.py", "--build", str(build), "--out", str(root / "out"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("Time to safe", r.stdout)


class RegressionErrors(unittest.TestCase):
    def test_missing_build_directory(self) -> None:
        r = run_tool("regress.py", "--build", "/nonexistent/build")
        self.assertEqual(r.returncode, 2)
        self.assertIn("build directory '/nonexistent/build' does not exist", r.stderr)

    def test_unconfigured_directory(self) -> None:
        r = run_tool("regress.py", "--build", str(tempdir(self)))
        self.assertEqual(r.returncode, 2)
        self.assertIn("no CTestTestfile.cmake", r.stderr)

    def test_bad_regex_no_match_and_list(self) -> None:
        build = make_project(tempdir(self), "add_test(NAME A.One COMMAND true)\n"
                                            "add_test(NAME B.Two COMMAND true)\n")
        r = run_tool("regress.py", "--build", str(build), "--filter", "(")
        self.assertEqual(r.returncode, 2)
        self.assertIn("bad --filter regular expression '('", r.stderr)
        r = run_tool("regress.py", "--build", str(build), "--filter", "^Nope")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no test matches --filter '^Nope' (2 tests in the build", r.stderr)
        r = run_tool("regress.py", "--build", str(build), "--list", "--filter", "B")
        self.assertEqual(r.returncode, 0)
        self.assertIn("B.Two  (once)", r.stdout)
        self.assertNotIn("A.One", r.stdout)

    def test_no_tests_at_all(self) -> None:
        build = make_project(tempdir(self), "")
        r = run_tool("regress.py", "--build", str(build))
        self.assertEqual(r.returncode, 1)
        self.assertIn("has no tests", r.stderr)

    def test_passing_regression_exits_zero(self) -> None:
        root = tempdir(self)
        build = make_project(root, "add_test(NAME Fake.Pass COMMAND ${H} --gtest_filter=Fake.Pass)\n"
                                   "add_test(NAME Plain.Pass COMMAND ${P} --gtest_filter=Plain.Pass)\n")
        # A relative --out still reaches tests that run in their own working directory.
        r = run_tool("regress.py", "--build", str(build), "--seeds", "3", "--seed", "7",
                     "--out", "out", cwd=root)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertTrue((root / "out" / "Fake.Pass" / "7" / "results.xml").is_file())
        self.assertEqual(r.stdout.splitlines()[-1], "4 passed, 0 failed, 0 skipped")

    def test_only_skips_means_no_test_ran(self) -> None:
        root = tempdir(self)
        build = make_project(root, "add_test(NAME S.Skip COMMAND sh -c \"exit 77\")\n"
                                   "set_tests_properties(S.Skip PROPERTIES SKIP_RETURN_CODE 77)\n")
        r = run_tool("regress.py", "--build", str(build), "--out", str(root / "out"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("no test ran", r.stderr)

    def test_slurm(self) -> None:
        root = tempdir(self)
        build = make_project(root, "add_test(NAME Fake.Pass COMMAND ${H} --gtest_filter=Fake.Pass)\n")
        bare = {"PATH": "/usr/bin:/bin"}
        if shutil.which("srun", path=bare["PATH"]) is None:
            r = run_tool("regress.py", "--build", str(build), "--slurm", env=bare)
            self.assertEqual(r.returncode, 2)
            self.assertIn("Slurm is not installed on this machine", r.stderr)
        # A stand-in srun on PATH: checks the options regress passes, then runs the command.
        bindir = root / "bin"
        bindir.mkdir()
        log = root / "srun.log"
        (bindir / "srun").write_text(
            "#!/bin/sh\n"
            f"echo \"$@\" >> {log}\n"
            "while [ $# -gt 0 ]; do case $1 in --*) shift;; *) break;; esac; done\n"
            "exec \"$@\"\n")
        (bindir / "srun").chmod(0o755)
        r = run_tool("regress.py", "--build", str(build), "--slurm", "--seeds", "2",
                     "--slurm-args=--partition=sim", "--out", str(root / "out"),
                     env={"PATH": f"{bindir}:{os.environ['PATH']}"})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("on Slurm (srun)", r.stdout)
        calls = log.read_text().splitlines()
        self.assertEqual(len(calls), 2)
        self.assertIn("--partition=sim", calls[0])
        self.assertIn("--job-name=xpo:Fake.Pass", calls[0])


if __name__ == "__main__":
    unittest.main()


class ProgressDisplay(unittest.TestCase):
    def test_terminal_gets_one_rewritten_line_and_failures_above_it(self) -> None:
        import io
        from xposim.progress import Progress
        buf = io.StringIO()
        p = Progress(buf, tty=True)
        p.start(3)
        p.finished("A.Pass", "1", "pass", "", 0.1)
        p.update(1, 3, {"pass": 1, "fail": 0, "skip": 0}, 0)
        p.finished("A.Fail", "1", "fail", "boom", 0.2)
        p.update(2, 3, {"pass": 1, "fail": 1, "skip": 0}, 1)
        p.close()
        text = buf.getvalue()
        self.assertNotIn("A.Pass", text)  # passes only move the counter
        self.assertIn("\r\x1b[KFAIL A.Fail seed=1 (0.20 s): boom\n", text)
        self.assertIn("\r\x1b[K[2/3] 1 passed, 1 failed, 0 skipped, 1 rerunning with waves | 0:00:00",
                      text)
        self.assertEqual(text.count("\n"), 2)  # the failure line and the final newline
