"""sim/rtl_lint.sh, sim/synth_check.sh and sim/lint.sh on small RTL and C++ fixtures that are
clean, or wrong on purpose (a latch, a -Wall warning, bad formatting, a naming violation)."""

from __future__ import annotations

import json
import re
import os
import subprocess
import unittest
from pathlib import Path

from simtest_support import REPO, SIM, tempdir

DATA = "tests/sim/data"


def bash(script: str, *args: str, env: dict[str, str] | None = None):
    return subprocess.run(["bash", str(SIM / script), *args], capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, **(env or {})}, timeout=600)


class RtlChecks(unittest.TestCase):
    def setUp(self) -> None:
        self.env = {"XPO_OUT": str(tempdir(self))}

    def test_clean_block_passes_lint_and_synthesis(self) -> None:
        r = bash("rtl_lint.sh", f"{DATA}/rtl/clean/lint.f")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = bash("synth_check.sh", f"{DATA}/rtl/clean/lint.f", env=self.env)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("synth ok", r.stdout)

    def test_parameter_override_synthesizes_another_size(self) -> None:
        def flops(*args: str) -> int:
            r = bash("synth_check.sh", *args, f"{DATA}/rtl/clean/lint.f", env=self.env)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            stat = (Path(self.env["XPO_OUT"]) / "synth" / "clean" / "stat.txt").read_text()
            return sum(int(m) for m in re.findall(r"\$_\w*DFF\w*\s+(\d+)", stat))
        self.assertEqual(flops(), 8)
        self.assertEqual(flops("-GWidth=20"), 20)
        r = bash("synth_check.sh", "-GWidth", f"{DATA}/rtl/clean/lint.f", env=self.env)
        self.assertEqual(r.returncode, 2)
        self.assertIn("'-GWidth' is not a parameter override", r.stderr)

    def test_lint_warning_fails_lint(self) -> None:
        r = bash("rtl_lint.sh", f"{DATA}/rtl/lintwarn/lint.f")
        self.assertEqual(r.returncode, 1)
        self.assertIn("lint FAILED", r.stdout)
        self.assertIn("UNUSEDSIGNAL", r.stdout)

    def test_latch_fails_synthesis_naming_the_signal(self) -> None:
        # Verilator accepts an always_latch; only the synthesis check stops it.
        self.assertEqual(bash("rtl_lint.sh", f"{DATA}/rtl/latch/lint.f").returncode, 0)
        r = bash("synth_check.sh", f"{DATA}/rtl/latch/lint.f", env=self.env)
        self.assertEqual(r.returncode, 1)
        self.assertIn("synth FAILED", r.stdout)
        self.assertIn("Latch inferred for signal `\\simtest_latch.\\q_o'", r.stdout)

    def test_bad_file_lists_are_named(self) -> None:
        d = tempdir(self)
        cases = {
            "notop.f": (f"{DATA}/rtl/clean/simtest_clean.sv\n", "has no --top-module"),
            "nosrc.f": ("--top-module x\n", "lists no .sv/.v sources"),
            "missing.f": ("--top-module x\nrtl/none/x.sv\n", "source 'rtl/none/x.sv' does not"),
            "odd.f": ("--top-module x\nfoo.txt\n", "cannot tell what 'foo.txt' is"),
        }
        for name, (text, words) in cases.items():
            with self.subTest(name=name):
                (d / name).write_text(text)
                r = bash("synth_check.sh", str(d / name), env=self.env)
                self.assertEqual(r.returncode, 1)
                self.assertIn(words, r.stderr)
        r = bash("rtl_lint.sh", str(d / "absent.f"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("no such file", r.stderr)

    def test_lint_sh_summarizes_every_failing_block(self) -> None:
        lists = " ".join(f"{DATA}/rtl/{b}/lint.f" for b in ("clean", "latch", "lintwarn"))
        r = bash("lint.sh", "build", "rtl", "synth", env={**self.env, "XPO_LINT_LISTS": lists})
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("verilator     3 blocks, 1 FAILING: lintwarn", r.stdout)
        self.assertIn("yosys         3 blocks, 1 FAILING: latch", r.stdout)
        self.assertTrue(r.stdout.rstrip().endswith("lint: FAILED"))
        r = bash("lint.sh", "build", "rtl", "synth",
                 env={**self.env, "XPO_LINT_LISTS": f"{DATA}/rtl/clean/lint.f"})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertTrue(r.stdout.rstrip().endswith("lint: all clean"))

    def test_unknown_check_is_refused(self) -> None:
        r = bash("lint.sh", "build", "spelling")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown check 'spelling'", r.stderr)


class CxxChecks(unittest.TestCase):
    def test_co_await_in_a_condition_is_named_with_its_line(self) -> None:
        files = f"{DATA}/cxx/good_format.cpp {DATA}/cxx/co_await_in_condition.cpp"
        r = bash("lint.sh", "build", "coawait", env={"XPO_LINT_CXX_FILES": files})
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("co_await_in_condition.cpp:8: co_await inside the condition of 'while'",
                      r.stdout)
        self.assertIn("co_await_in_condition.cpp:12: co_await inside the condition of 'if'",
                      r.stdout)
        self.assertIn("2 files, 2 FINDINGS", r.stdout)
        r = bash("lint.sh", "build", "coawait",
                 env={"XPO_LINT_CXX_FILES": f"{DATA}/cxx/good_format.cpp"})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("1 files clean", r.stdout)

    def test_format_names_the_unformatted_file(self) -> None:
        files = f"{DATA}/cxx/good_format.cpp {DATA}/cxx/bad_format.cpp"
        r = bash("lint.sh", "build", "format", env={"XPO_LINT_CXX_FILES": files})
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("2 files, 1 NOT FORMATTED", r.stdout)
        self.assertIn("bad_format.cpp", r.stdout.splitlines()[-2])
        r = bash("lint.sh", "build", "format",
                 env={"XPO_LINT_CXX_FILES": f"{DATA}/cxx/good_format.cpp"})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_tidy_names_the_file_with_findings(self) -> None:
        build = tempdir(self)
        out = tempdir(self)
        # A generated header in the build tree whose path contains tests/, as Verilator's do:
        # its findings are not the project's.
        gen_dir = build / "tests" / "blk"
        gen_dir.mkdir(parents=True)
        (gen_dir / "Vgen.h").write_text("class GenModel {\n public:\n  int* p = 0;\n};\n")
        db = [{"directory": str(build), "file": str(REPO / DATA / "cxx" / name),
               "command": f"c++ -std=c++20 -I{gen_dir} -c {REPO / DATA / 'cxx' / name}"}
              for name in ("good_format.cpp", "bad_tidy.cpp", "uses_generated.cpp")]
        # Generated code in the build tree is never linted.
        (build / "Vgen.cpp").write_text("class lower_case {};\n")
        db.append({"directory": str(build), "file": str(build / "Vgen.cpp"),
                   "command": f"c++ -std=c++20 -c {build / 'Vgen.cpp'}"})
        (build / "compile_commands.json").write_text(json.dumps(db))
        r = bash("lint.sh", str(build), "tidy", env={"XPO_OUT": str(out)})
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("3 files, 1 WITH FINDINGS", r.stdout)
        self.assertIn("invalid case style for private member 'count'", r.stdout)
        self.assertNotIn("Vgen", r.stdout)


if __name__ == "__main__":
    unittest.main()
