"""sim/waves.py and sim/bench.py against fake executables."""

from __future__ import annotations

import shutil
import unittest

from simtest_support import make_project, run_tool, tempdir

PROJECT = """
foreach(n Fake.Pass Fake.Fail Fake.Silent)
  add_test(NAME ${n} COMMAND ${H} --gtest_filter=${n})
endforeach()
add_test(NAME Inst/Param.Case/0 COMMAND ${H} --gtest_filter=Inst/Param.Case/0)
add_test(NAME Plain.Pass COMMAND ${P} --gtest_filter=Plain.Pass)
"""


class Waves(unittest.TestCase):
    def setUp(self) -> None:
        self.root = tempdir(self)
        self.build = make_project(self.root, PROJECT)
        self.out = self.root / "waves"

    def waves(self, *args: str, env=None):
        return run_tool("waves.py", "--build", str(self.build), "--out", str(self.out), *args,
                        env=env)

    def test_reruns_with_waves_and_prints_the_command_without_display(self) -> None:
        r = self.waves("--test", "Fake.Fail", "--seed", "99")
        self.assertEqual(r.returncode, 0, r.stderr)
        fst = self.out / "Fake.Fail" / "Fake.Fail.fst"
        self.assertTrue(fst.is_file())
        self.assertIn("Fake.Fail FAIL: assertion failed", r.stdout)
        self.assertIn(f"gtkwave {fst}", r.stdout)
        self.assertIn("RANDOM_SEED=99", r.stdout)
        log = (self.out / "Fake.Fail" / "log.txt").read_text()
        self.assertIn("seed 99 running Fake.Fail", log)

    def test_relative_output_directory(self) -> None:
        r = run_tool("waves.py", "--build", str(self.build), "--out", "w", "--test", "Fake.Pass",
                     cwd=self.root)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertTrue((self.root / "w" / "Fake.Pass" / "Fake.Pass.fst").is_file())

    def test_short_and_parametrized_names(self) -> None:
        r = self.waves("--test", "Fail")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue((self.out / "Fake.Fail" / "Fake.Fail.fst").is_file())
        r = self.waves("--test", "Pass")
        self.assertEqual(r.returncode, 2)
        self.assertIn("'Pass' matches several tests: Fake.Pass, Plain.Pass", r.stderr)
        r = self.waves("--test", "Inst/Param.Case/0")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue((self.out / "Inst_Param.Case_0" / "Inst_Param.Case_0.fst").is_file())

    def test_unknown_test_is_named_with_suggestions(self) -> None:
        r = self.waves("--test", "Fake.Fial")
        self.assertEqual(r.returncode, 2)
        self.assertIn("no test named 'Fake.Fial'", r.stderr)
        self.assertIn("did you mean Fake.Fail", r.stderr)
        r = self.waves("--test", "")
        self.assertEqual(r.returncode, 2)
        self.assertIn("make waves TEST=", r.stderr)

    def test_missing_fst_is_an_error(self) -> None:
        r = self.waves("--test", "Fake.Silent")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no FST was produced", r.stderr)
        r = self.waves("--test", "Plain.Pass")
        self.assertEqual(r.returncode, 1)
        self.assertIn("plain model tests record no waves", r.stderr)

    @unittest.skipIf(shutil.which("gtkwave") is None, "gtkwave is not installed (make deps)")
    def test_viewer_that_cannot_start_is_reported(self) -> None:
        r = self.waves("--test", "Fake.Pass", env={"DISPLAY": ":987"})
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("gtkwave exited at once", r.stderr)


class Bench(unittest.TestCase):
    def make(self, name: str, body: str) -> None:
        path = self.build / "bench" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("#!/bin/sh\n" + body)
        path.chmod(0o755)

    def setUp(self) -> None:
        self.build = tempdir(self)
        self.out = tempdir(self)

    def test_table_of_last_ratio_lines(self) -> None:
        self.make("harness/harness_bench", "echo 'ratio 0.5'\necho 'counter 41e6'\n"
                                           "echo 'ratio 0.83'\n")
        self.make("pam4/pam4_bench", "echo 'ratio 1.20'\n")
        (self.build / "bench" / "pam4" / "CMakeFiles").mkdir()
        r = run_tool("bench.py", "--build", str(self.build), "--out", str(self.out))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        summary = (self.out / "summary.txt").read_text()
        self.assertRegex(summary, r"harness/harness_bench\s+0\.83\s+\S+\s+ok")
        self.assertRegex(summary, r"pam4/pam4_bench\s+1\.20\s+\S+\s+ok")
        self.assertIn("counter 41e6", (self.out / "harness_harness_bench.txt").read_text())

    def test_relative_build_directory(self) -> None:
        self.make("harness/harness_bench", "echo 'ratio 0.75'\n")
        r = run_tool("bench.py", "--build", self.build.name, "--out", str(self.out),
                     cwd=self.build.parent)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertRegex(r.stdout, r"harness/harness_bench\s+0\.75\s+\S+\s+ok")

    def test_missing_ratio_and_failures_fail(self) -> None:
        self.make("a/no_ratio", "echo 'cycles 10'\n")
        self.make("a/crashes", "echo 'ratio 0.9'\nexit 3\n")
        r = run_tool("bench.py", "--build", str(self.build), "--out", str(self.out))
        self.assertEqual(r.returncode, 1)
        self.assertIn("FAILED (no 'ratio <value>' line)", r.stdout)
        self.assertIn("FAILED (exit code 3)", r.stdout)

    def test_no_benches(self) -> None:
        r = run_tool("bench.py", "--build", str(self.build))
        self.assertEqual(r.returncode, 2)
        self.assertIn("benchmarks were not built", r.stderr)
        (self.build / "bench").mkdir()
        r = run_tool("bench.py", "--build", str(self.build))
        self.assertEqual(r.returncode, 1)
        self.assertIn("no benchmark executables", r.stderr)


if __name__ == "__main__":
    unittest.main()
