#!/usr/bin/env python3
"""Reruns one test with WAVES=1 and opens its FST in GTKWave with the block's save file.

The test is found through ctest (`--test Suite.Name`, or just `Name` when unique); the FST is
written to out/waves/<test>/<test>.fst. With $DISPLAY set GTKWave is started; without a display
the exact gtkwave command is printed instead.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from xposim import ctest as ctestmod  # noqa: E402
from xposim import results, runner  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def find_test(tests: list[ctestmod.CTest], name: str) -> ctestmod.CTest:
    exact = [t for t in tests if t.name == name]
    if exact:
        return exact[0]
    # `Name` alone, or a parametrized test without its instance prefix.
    short = [t for t in tests if t.name.endswith("." + name) or t.name.endswith("/" + name)]
    if len(short) == 1:
        return short[0]
    if len(short) > 1:
        raise LookupError(f"'{name}' matches several tests: "
                          f"{', '.join(t.name for t in short[:8])}; give the full Suite.Name")
    near = difflib.get_close_matches(name, [t.name for t in tests], n=5, cutoff=0.5)
    hint = f"; did you mean {', '.join(near)}?" if near else "; list them with `ctest -N`"
    raise LookupError(f"no test named '{name}' in the build{hint}")


def save_file(block: str | None, waves_dir: Path) -> Path | None:
    """waves/<block>.gtkw, else the first waves/<block>*.gtkw."""
    if not block:
        return None
    exact = waves_dir / f"{block}.gtkw"
    if exact.is_file():
        return exact
    found = sorted(waves_dir.glob(f"{block}*.gtkw"))
    return found[0] if found else None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Rerun one test with waves and open them in GTKWave.")
    p.add_argument("--build", default="build", help="CMake build directory (default: build)")
    p.add_argument("--test", required=True, help="test name, Suite.Name")
    p.add_argument("--seed", type=int, default=None, help="RANDOM_SEED for the rerun")
    p.add_argument("--save", default=None, help="GTKWave save file (default: waves/<block>*.gtkw)")
    p.add_argument("--out", default=str(REPO / "out" / "waves"),
                   help="output directory (default: out/waves)")
    p.add_argument("--timeout", type=float, default=None,
                   help="wall-clock limit in seconds (default: the test's ctest TIMEOUT)")
    p.add_argument("--no-open", action="store_true", help="print the gtkwave command only")
    args = p.parse_args(argv)
    if not args.test.strip():
        print("waves: no test given: make waves TEST=<Suite.Name> [SEED=n]", file=sys.stderr)
        return 2

    try:
        test = find_test(ctestmod.discover(args.build), args.test.strip())
    except (ctestmod.CTestError, LookupError) as err:
        print(f"waves: {err}", file=sys.stderr)
        return 2
    if test.not_built:
        print(f"waves: the executable of '{test.name}' was not built (make build)", file=sys.stderr)
        return 2

    rundir = Path(args.out).resolve() / test.name.replace("/", "_")
    if rundir.exists():
        shutil.rmtree(rundir)
    rundir.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items()
           if k not in ("TESTCASE", "COCOTB_TEST_FILTER", "GTEST_FILTER")}
    env.update(test.env)
    env.update({"WAVES": "1", "XPO_WAVES_DIR": str(rundir),
                "COCOTB_RESULTS_FILE": str(rundir / "results.xml")})
    if args.seed is not None:
        env["RANDOM_SEED"] = env["COCOTB_RANDOM_SEED"] = str(args.seed)
    cmd = list(test.command)
    if test.is_gtest:
        cmd.append(f"--gtest_output=xml:{rundir / 'gtest.xml'}")
    cwd = test.cwd if test.cwd and Path(test.cwd).is_dir() else str(rundir)
    log = rundir / "log.txt"
    seed_txt = f" with RANDOM_SEED={args.seed}" if args.seed is not None else ""
    print(f"waves: running {test.name}{seed_txt} (WAVES=1), log in {log}")
    timeout = args.timeout or (test.timeout if test.timeout and test.timeout > 0 else 1500.0)
    outcome = runner.run(cmd, cwd, env, timeout, str(log))
    verdict = results.evaluate(test, outcome, log, rundir / "results.xml", rundir / "gtest.xml")
    print(f"waves: {test.name} {verdict.status.upper()}"
          + (f": {results.one_line(verdict.message)}" if verdict.message else ""))

    fst = rundir / (test.name.replace("/", "_") + ".fst")
    if not fst.is_file():
        others = sorted(rundir.glob("*.fst"))
        if len(others) == 1:
            fst = others[0]
        else:
            kind = ("it does not use the harness (plain model tests record no waves)"
                    if not ctestmod.uses_harness(test.executable) else
                    "see the log for why")
            print(f"waves: no FST was produced at {fst}: {kind}", file=sys.stderr)
            return 1

    save = Path(args.save) if args.save else save_file(test.block, REPO / "waves")
    if args.save and not save.is_file():
        print(f"waves: save file {save} does not exist", file=sys.stderr)
        return 2
    gtk = ["gtkwave", str(fst)] + ([str(save)] if save else [])
    command = " ".join(shlex.quote(a) for a in gtk)
    print(f"waves: FST {fst} ({fst.stat().st_size} bytes)")
    if not save:
        print(f"waves: no save file waves/{test.block or '<block>'}*.gtkw; GTKWave opens "
              "with no signals shown")
    if args.no_open or not os.environ.get("DISPLAY"):
        why = "--no-open" if args.no_open else "no $DISPLAY"
        print(f"waves: {why}; open them with:\n  {command}")
        return 0
    if shutil.which("gtkwave") is None:
        print(f"waves: gtkwave is not installed (make deps); the command would be:\n  {command}",
              file=sys.stderr)
        return 2
    viewer_log = rundir / "gtkwave.log"
    with open(viewer_log, "wb") as vlog:
        viewer = subprocess.Popen(gtk, start_new_session=True, stdout=vlog, stderr=vlog,
                                  stdin=subprocess.DEVNULL)
    try:
        # A viewer that cannot open the display ends at once; one that works keeps running.
        viewer.wait(timeout=2.0)
        text = viewer_log.read_text(errors="replace").splitlines()
        err = [ln for ln in text if "rror" in ln or "Could not" in ln or "cannot" in ln] \
            or text[-3:]
        print(f"waves: gtkwave exited at once (code {viewer.returncode}): {' '.join(err)}\n"
              f"  command: {command}", file=sys.stderr)
        return 1
    except subprocess.TimeoutExpired:
        pass
    print(f"waves: opened {command}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
