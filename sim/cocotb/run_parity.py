#!/usr/bin/env python3
"""Runs the parity scenarios under cocotb 1.9 and under the C++ harness, then compares them.

    run_parity.py --work-dir DIR --cpp-exe PATH [--known FILE] [--scenario NAME]...
                  [--skip NAME]... [--all]

cocotb side: every scenario of test_parity.py (declared with @scenario("<toplevel>")) runs
alone in its own simulation, built from tests/harness/rtl/<toplevel>.sv by cocotb's own Verilator
flow (cocotb.runner) into DIR/cocotb_build/<toplevel>; a build is reused while its sources are
unchanged. Harness side: the executable runs Parity.<CamelCase> for each scenario. Both write
DIR/records/<side>/<scenario>.jsonl; this script gathers them into DIR/parity_cocotb.json and
DIR/parity_harness.json and compares them with compare_parity.py (docs/parity.md).

Exit status: 0 when the two sides agree (up to the known differences), 1 on a difference, 2 when
a side could not run (cocotb missing, a build failing, a scenario failing on both sides).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RTL = ROOT / "tests" / "harness" / "rtl"
SCENARIO_FILE = HERE / "test_parity.py"
INSTALL_HINT = "make deps (or: python3 -m pip install -r sim/requirements.txt)"

sys.path.insert(0, str(HERE))
import compare_parity  # noqa: E402

# The same Verilator flags as xpo_add_dut() (cmake/XpoHelpers.cmake), so both models are
# optimized alike and start from random initial values.
VERILATOR_ARGS = ["-Wall", "--x-assign", "unique", "--x-initial", "unique", "-O3"]
# Random initial values in the cocotb model too, as the harness asks of its VerilatedContext.
PLUSARGS = ["+verilator+rand+reset+2", "+verilator+seed+1"]
# Variables that would change what either side selects or where it writes; set per run here.
SCRUBBED_ENV = ("TESTCASE", "COCOTB_TEST_FILTER", "MODULE", "TOPLEVEL", "TOPLEVEL_LANG",
                "RANDOM_SEED", "COCOTB_RANDOM_SEED", "COCOTB_RESULTS_FILE", "XPO_PARITY_DIR",
                "WAVES", "GTEST_FILTER", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")


def say(message: str):
    """Prints to the real stdout: cocotb's runner prints its commands to sys.stdout, which goes
    to DIR/cocotb.log while it runs."""
    print(f"run_parity: {message}", file=sys.__stdout__, flush=True)


class RunError(Exception):
    """A side could not run; the message says what to do."""


def require_cocotb():
    try:
        import cocotb
    except ImportError as err:
        raise RunError(f"cocotb 1.9.2 is needed for the parity check but cannot be imported "
                       f"({err}); install it with: {INSTALL_HINT}") from err
    version = getattr(cocotb, "__version__", "of unknown version")
    if not version.startswith("1.9."):
        raise RunError(f"cocotb {version} is installed; the parity check compares against "
                       f"cocotb 1.9 (install 1.9.2 with: {INSTALL_HINT})")
    try:
        with warnings.catch_warnings():
            # "Python runners ... are an experimental feature": known, and pinned to 1.9.2.
            warnings.simplefilter("ignore", UserWarning)
            import cocotb.runner  # noqa: F401
    except ImportError as err:
        raise RunError(f"cocotb {version} is installed but its runner cannot be imported "
                       f"({err}); reinstall it with: {INSTALL_HINT}") from err
    if shutil.which("verilator") is None:
        raise RunError(f"verilator is not on PATH (install it with: {INSTALL_HINT})")


def read_scenarios() -> list[tuple[str, str]]:
    """(name, toplevel) of every @scenario("<toplevel>") coroutine in test_parity.py, in order."""
    tree = ast.parse(SCENARIO_FILE.read_text(), str(SCENARIO_FILE))
    found = []
    for node in tree.body:
        if not isinstance(node, ast.AsyncFunctionDef):
            continue
        for dec in node.decorator_list:
            if (isinstance(dec, ast.Call) and isinstance(dec.func, ast.Name)
                    and dec.func.id == "scenario" and len(dec.args) == 1
                    and isinstance(dec.args[0], ast.Constant)):
                found.append((node.name, dec.args[0].value))
    if not found:
        raise RunError(f"{SCENARIO_FILE} declares no @scenario coroutine")
    return found


def camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def scrub_environment():
    # cocotb's runner copies os.environ over the variables it is given (extra_env, TESTCASE,
    # RANDOM_SEED), so a variable left by an outer runner (make, ctest, sim/regress.py) would win.
    for key in SCRUBBED_ENV:
        os.environ.pop(key, None)
    # Verilator's makefiles compile through ccache when OBJCACHE names it, so a fresh build tree
    # recompiles the cocotb models from the cache.
    if shutil.which("ccache") and "OBJCACHE" not in os.environ:
        os.environ["OBJCACHE"] = "ccache"
    # Not the jobserver of an outer make, whose descriptors are not open here.
    os.environ["MAKEFLAGS"] = f"-j{min(2, os.cpu_count() or 1)}"


def build_cocotb(work: Path, tops: list[str]) -> dict[str, Path]:
    from cocotb.runner import get_runner

    builds = {}
    for top in tops:
        build = work / "cocotb_build" / top
        log = work / f"cocotb_build_{top}.log"
        started = time.monotonic()
        runner = get_runner("verilator")
        try:
            # Verilator regenerates nothing when its inputs are unchanged (it keeps a list of
            # them), and make then finds the model up to date: a rebuild costs under a second.
            runner.build(verilog_sources=[RTL / f"{top}.sv"], hdl_toplevel=top,
                         build_args=VERILATOR_ARGS, build_dir=build, log_file=log)
        except SystemExit as err:
            raise RunError(f"building {top} with cocotb's Verilator flow failed ({err}); "
                           f"log: {log}\n{tail(log)}") from None
        say(f"cocotb model {top} ready ({time.monotonic() - started:.1f} s)")
        builds[top] = build
    return builds


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def run_cocotb_scenario(work: Path, build: Path, name: str, top: str) -> str:
    from cocotb.runner import get_results, get_runner

    rundir = work / "cocotb_runs" / name
    rundir.mkdir(parents=True, exist_ok=True)
    log = rundir / "log.txt"
    results = rundir / "results.xml"
    # A runner other than the one that built needs the toplevel language: cocotb 1.9.2 otherwise
    # looks for the sources of a build it did not make (AttributeError 'vhdl_sources').
    runner = get_runner("verilator")
    try:
        runner.test(test_module="test_parity", hdl_toplevel=top, hdl_toplevel_lang="verilog",
                    testcase=name, seed=1, plusargs=PLUSARGS, build_dir=build, test_dir=rundir,
                    results_xml=str(results), log_file=log)
        tests, fails = get_results(results)
    except SystemExit as err:
        return f"did not run ({err}); log: {log}"
    if tests != 1:
        return f"ran {tests} tests instead of 1; log: {log}"
    return "failed" if fails else "passed"


def run_cocotb(work: Path, scenarios: list[tuple[str, str]]) -> dict[str, str]:
    builds = build_cocotb(work, sorted({top for _, top in scenarios}))
    os.environ["XPO_PARITY_DIR"] = str(work / "records" / "cocotb")
    started = time.monotonic()
    # The runner hands sys.path to the simulation as PYTHONPATH: test_parity is found there.
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        status = dict(zip([n for n, _ in scenarios],
                          pool.map(lambda s: run_cocotb_scenario(work, builds[s[1]], *s),
                                   scenarios)))
    say(f"cocotb ran {len(scenarios)} scenarios ({time.monotonic() - started:.1f} s)")
    return status


def check_harness_scenarios(exe: str, every: list[tuple[str, str]]):
    """Every Parity.* test of the executable must be a scenario of test_parity.py, or it would
    never be compared."""
    try:
        proc = subprocess.run([exe, "--gtest_list_tests"], capture_output=True, text=True)
    except OSError as err:
        raise RunError(f"cannot run the harness executable {exe}: {err}") from None
    if proc.returncode != 0:
        raise RunError(f"{exe} --gtest_list_tests failed:\n{proc.stdout}{proc.stderr}")
    suite, tests = "", []
    for line in proc.stdout.splitlines():
        if line and not line.startswith(" "):
            suite = line.strip().rstrip(".")
        elif line.strip() and suite == "Parity":
            tests.append(line.split()[0])
    unmatched = sorted(set(tests) - {camel(n) for n, _ in every})
    if unmatched:
        raise RunError(f"{exe} has harness scenarios without a cocotb counterpart in "
                       f"{SCENARIO_FILE.name}: {', '.join('Parity.' + t for t in unmatched)}")


def run_harness(work: Path, exe: str, scenarios: list[tuple[str, str]]) -> dict[str, str]:
    from xml.etree import ElementTree

    results = work / "harness_results.xml"
    results.unlink(missing_ok=True)
    log = work / "harness_log.txt"
    env = dict(os.environ, XPO_PARITY_DIR=str(work / "records" / "harness"), RANDOM_SEED="1",
               COCOTB_RESULTS_FILE=str(results),
               TESTCASE=",".join(f"Parity.{camel(n)}" for n, _ in scenarios))
    started = time.monotonic()
    with open(log, "w") as out:
        try:
            proc = subprocess.run([exe], env=env, cwd=work, stdout=out, stderr=subprocess.STDOUT)
        except OSError as err:
            raise RunError(f"cannot run the harness executable {exe}: {err}") from None
    say(f"harness ran {len(scenarios)} scenarios ({time.monotonic() - started:.1f} s, "
        f"exit {proc.returncode})")
    status = {n: f"did not run; log: {log}" for n, _ in scenarios}
    try:
        for tc in ElementTree.parse(results).iter("testcase"):
            name = tc.get("name", "")
            for n, _ in scenarios:
                if name in (camel(n), f"Parity.{camel(n)}"):
                    failed = tc.find("failure") is not None or tc.find("error") is not None
                    status[n] = "failed" if failed else "passed"
    except (OSError, ElementTree.ParseError) as err:
        raise RunError(f"{exe} wrote no readable results file {results} ({err}); "
                       f"log: {log}\n{tail(log)}") from None
    return status


def gather(work: Path, side: str, scenarios: list[tuple[str, str]]) -> Path:
    directory = work / "records" / side
    doc = {"format": compare_parity.FORMAT, "side": side, "scenarios": {}}
    for name, _ in scenarios:
        path = directory / f"{name}.jsonl"
        if not path.is_file():
            continue  # compare_parity reports a scenario only one side recorded
        records = []
        for i, line in enumerate(path.read_text().splitlines(), 1):
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise RunError(f"{path}:{i}: not a JSON record ({err})") from None
        doc["scenarios"][name] = records
    out = work / f"parity_{side}.json"
    out.write_text(json.dumps(doc, indent=1) + "\n")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work-dir", required=True, type=Path)
    ap.add_argument("--cpp-exe", required=True, help="the harness side (tests/parity/parity_test)")
    ap.add_argument("--known", type=Path, help="accepted differences (see compare_parity.py)")
    ap.add_argument("--scenario", action="append", default=[],
                    help="run only this scenario (repeatable)")
    ap.add_argument("--skip", action="append", default=[],
                    help="leave out this scenario (repeatable)")
    ap.add_argument("--all", action="store_true", help="list every differing record")
    args = ap.parse_args()

    try:
        require_cocotb()
        scenarios = read_scenarios()
        check_harness_scenarios(args.cpp_exe, scenarios)
        unknown = sorted(set(args.scenario + args.skip) - {n for n, _ in scenarios})
        if unknown:
            raise RunError(f"no such scenario: {', '.join(unknown)} (there are: "
                           f"{', '.join(n for n, _ in scenarios)})")
        if args.scenario:
            scenarios = [s for s in scenarios if s[0] in args.scenario]
        scenarios = [s for s in scenarios if s[0] not in args.skip]
        if not scenarios:
            raise RunError("--scenario and --skip leave no scenario to run")
        work = args.work_dir.resolve()
        work.mkdir(parents=True, exist_ok=True)
        for side in ("cocotb", "harness"):
            shutil.rmtree(work / "records" / side, ignore_errors=True)
            (work / "records" / side).mkdir(parents=True)
        scrub_environment()
        with open(work / "cocotb.log", "w") as log, contextlib.redirect_stdout(log):
            cocotb_status = run_cocotb(work, scenarios)
        harness_status = run_harness(work, args.cpp_exe, scenarios)
        theirs = gather(work, "cocotb", scenarios)
        ours = gather(work, "harness", scenarios)
    except RunError as err:
        print(f"run_parity: error: {err}", file=sys.stderr)
        return 2

    broken = []
    for name, _ in scenarios:
        c, h = cocotb_status[name], harness_status[name]
        if c != "passed" or h != "passed":
            print(f"run_parity: scenario {name}: cocotb {c}, harness {h} "
                  f"(logs: {work / 'cocotb_runs' / name / 'log.txt'}, {work / 'harness_log.txt'})")
        if c != "passed" and h != "passed":
            broken.append(name)

    argv = [str(theirs), str(ours)]
    if args.known:
        argv += ["--known", str(args.known)]
    if args.all:
        argv.append("--all")
    verdict = compare_parity.main(argv)
    if broken:
        print(f"run_parity: error: scenarios failing on both sides (fix the scenario): "
              f"{', '.join(broken)}", file=sys.stderr)
        return 2
    return verdict


if __name__ == "__main__":
    sys.exit(main())
