#!/usr/bin/env python3
"""Regression runner: every ctest test of a build over several seeds, in parallel.

Each run gets its own directory out/regress/<test>/<seed>/ (log.txt, results.xml, gtest.xml).
Harness tests (executables that write COCOTB_RESULTS_FILE) run once per seed; plain model tests
are seed-independent and run once. Failures are rerun once with WAVES=1. The end is a summary
table, a merged out/regress/results.xml and the replay command of each failure.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import queue
import shlex
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from xposim import ctest as ctestmod  # noqa: E402
from xposim import results, runner  # noqa: E402
from xposim.progress import Progress  # noqa: E402

import check_results  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
# Tests append report rows here (XPO_REPORT_DIR); the runner writes the header before any run so
# parallel runs never race to write it.
TIME_TO_SAFE_CSV = "time_to_safe.csv"
DEFAULT_TIMEOUT_S = 1500.0  # ctest's own default
# Variables that would change what a run selects or records; the runner sets its own.
SCRUBBED_ENV = ("TESTCASE", "COCOTB_TEST_FILTER", "WAVES", "XPO_WAVES_DIR", "COCOTB_RESULTS_FILE",
                "RANDOM_SEED", "COCOTB_RANDOM_SEED", "GTEST_OUTPUT", "GTEST_FILTER")


def derive_seeds(base: int, count: int) -> list[int]:
    """The first seed is the base itself (so `--seed N --seeds 1` replays seed N); the others are
    hashed from it, 32-bit, deterministic."""
    seeds = [base]
    i = 1
    while len(seeds) < count:
        digest = hashlib.sha256(f"xpo-regress:{base}:{i}".encode()).digest()
        s = int.from_bytes(digest[:4], "little")
        if s not in seeds:
            seeds.append(s)
        i += 1
    return seeds


def safe_name(name: str) -> str:
    return name.replace("/", "_").replace(" ", "_")


@dataclass
class Job:
    test: ctestmod.CTest
    seed: int | None  # None: seed-independent, run once
    rundir: Path
    harness: bool
    waves: bool = False  # the rerun of a failure
    cancelled: bool = False
    # results
    verdict: results.Verdict | None = None
    outcome: runner.ProcessOutcome | None = None
    fst: str | None = None
    rerun: "Job | None" = None
    notes: list[str] = field(default_factory=list)

    @property
    def seed_label(self) -> str:
        return "-" if self.seed is None else str(self.seed)

    @property
    def cwd(self) -> str:
        # Same working directory as under ctest, so a test that passes in `make test` sees the
        # same files here; everything the runner asks for is written into the run directory.
        if self.test.cwd and Path(self.test.cwd).is_dir():
            return self.test.cwd
        return str(self.rundir)


class Regression:
    def __init__(self, args: argparse.Namespace, tests: list[ctestmod.CTest], seeds: list[int],
                 out: Path) -> None:
        self.args = args
        self.tests = tests
        self.seeds = seeds
        self.out = out
        self.reports = out / "reports"
        self.groups = runner.ProcessGroups()
        self.work: queue.Queue[Job | None] = queue.Queue()
        self.done: queue.Queue[Job] = queue.Queue()
        self.jobs: list[Job] = []  # main runs, in plan order
        self.progress = Progress(sys.stdout)
        self.stopping = False
        self.seed_independent: set[str] = set()

    # -- planning ---------------------------------------------------------------------------
    def plan(self) -> list[Job]:
        per_seed: list[list[Job]] = [[] for _ in self.seeds]
        for t in self.tests:
            harness = not t.not_built and ctestmod.uses_harness(t.executable)
            base = self.out / safe_name(t.name)
            if harness:
                for i, s in enumerate(self.seeds):
                    per_seed[i].append(Job(t, s, base / str(s), True))
            else:
                per_seed[0].append(Job(t, None, base / "once", False))
        # Seed-major order: every test's first seed runs before anybody's second.
        self.jobs = [j for group in per_seed for j in group]
        return self.jobs

    # -- running ----------------------------------------------------------------------------
    def command(self, job: Job, results_xml: Path, gtest_xml: Path) -> list[str]:
        cmd = list(job.test.command)
        if job.test.is_gtest:
            cmd.append(f"--gtest_output=xml:{gtest_xml}")
        if self.args.slurm:
            limit_min = max(1, int((self.timeout(job) + 59) // 60))
            cmd = (["srun", "--quiet", "--ntasks=1", f"--job-name=xpo:{job.test.name}",
                    f"--time={limit_min}", "--export=ALL", f"--chdir={job.cwd}"]
                   + shlex.split(self.args.slurm_args or "") + cmd)
        return cmd

    def timeout(self, job: Job) -> float:
        if self.args.timeout:
            return self.args.timeout
        if job.test.timeout and job.test.timeout > 0:
            return job.test.timeout
        return DEFAULT_TIMEOUT_S

    def environment(self, job: Job, results_xml: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
        env.update(job.test.env)
        env["COCOTB_RESULTS_FILE"] = str(results_xml)
        env["XPO_REPORT_DIR"] = str(self.reports)
        if job.seed is not None:
            env["RANDOM_SEED"] = str(job.seed)
            env["COCOTB_RANDOM_SEED"] = str(job.seed)
        if job.waves:
            env["WAVES"] = "1"
            env["XPO_WAVES_DIR"] = str(job.rundir / "waves")
        return env

    def execute(self, job: Job) -> None:
        t = job.test
        job.rundir.mkdir(parents=True, exist_ok=True)
        prefix = "rerun_" if job.waves else ""
        log = job.rundir / f"{prefix}log.txt"
        results_xml = job.rundir / f"{prefix}results.xml"
        gtest_xml = job.rundir / f"{prefix}gtest.xml"
        for stale in (results_xml, gtest_xml):
            stale.unlink(missing_ok=True)
        suffix = "" if job.seed is None else f"[seed={job.seed}]"
        if t.not_built:
            log.write_text(f"{t.name}: the test executable was not built\n")
            job.outcome = runner.ProcessOutcome(127, False, 0.0)
            tc = results.make_testcase(*results.split_name(t.name)[::-1], t.file or "",
                                       t.line or 0, 0.0)
            msg = "executable not built (build the project first: make build)"
            tc.append(_failure(msg))
            job.verdict = results.Verdict(results.FAIL, msg, [tc])
            return
        if t.disabled:
            log.write_text(f"{t.name}: DISABLED in ctest\n")
            job.outcome = runner.ProcessOutcome(0, False, 0.0)
            classname, name = results.split_name(t.name)
            tc = results.make_testcase(name + suffix, classname, t.file or "", t.line or 0, 0.0)
            tc.append(results.etree.Element("skipped", message="disabled"))
            job.verdict = results.Verdict(results.SKIP, "", [tc])
            return
        job.outcome = runner.run(self.command(job, results_xml, gtest_xml), job.cwd,
                                 self.environment(job, results_xml), self.timeout(job), str(log),
                                 self.groups)
        job.verdict = results.evaluate(t, job.outcome, log, results_xml, gtest_xml, suffix)
        if job.waves:
            expected = job.rundir / "waves" / (safe_name(t.name) + ".fst")
            found = sorted((job.rundir / "waves").glob("*.fst"))
            job.fst = str(expected) if expected.is_file() else (str(found[0]) if found else None)

    def worker(self) -> None:
        while True:
            job = self.work.get()
            if job is None:
                return
            if not job.cancelled and not self.stopping:
                try:
                    self.execute(job)
                except Exception as err:  # a runner bug must not hang the regression
                    job.outcome = runner.ProcessOutcome(1, False, 0.0)
                    job.verdict = results.Verdict(results.FAIL, f"runner error: {err!r}", [])
            self.done.put(job)

    def run(self) -> None:
        threads = [threading.Thread(target=self.worker, daemon=True)
                   for _ in range(max(1, self.args.jobs))]
        for th in threads:
            th.start()
        for job in self.jobs:
            self.work.put(job)
        outstanding = len(self.jobs)
        total = len(self.jobs)
        counts = {results.PASS: 0, results.FAIL: 0, results.SKIP: 0}
        finished = 0
        reruns = 0
        self.progress.start(total)
        try:
            while outstanding:
                try:
                    job = self.done.get(timeout=1.0)
                except queue.Empty:
                    if self.progress.tty:  # keep the elapsed time ticking
                        self.progress.update(finished, total, counts, reruns)
                    continue
                outstanding -= 1
                if job.cancelled:
                    continue
                if job.waves:
                    reruns -= 1
                    self.progress.update(finished, total, counts, reruns)
                    continue
                if job.test.name in self.seed_independent:
                    # Another seed already showed the test ignores seeds; this one overlapped it.
                    job.cancelled = True
                    total -= 1
                    continue
                finished += 1
                v = job.verdict
                counts[v.status] += 1
                self.progress.finished(job.test.name, job.seed_label, v.status,
                                       results.one_line(v.message),
                                       job.outcome.wall_s if job.outcome else 0.0)
                if job.harness and job.seed is not None and not v.wrote_results \
                        and v.status == results.PASS:
                    # It passed without writing results.xml: it ignores the harness
                    # variables, so further seeds would only repeat the same run.
                    self.seed_independent.add(job.test.name)
                    dropped = self.drop_other_seeds(job)
                    total -= dropped
                    job.notes.append("wrote no results.xml: treated as seed-independent")
                if v.status == results.FAIL and job.harness and not self.args.no_rerun \
                        and not job.test.not_built:
                    job.rerun = Job(job.test, job.seed, job.rundir, True, waves=True)
                    self.work.put(job.rerun)
                    outstanding += 1
                    reruns += 1
                self.progress.update(finished, total, counts, reruns)
        except KeyboardInterrupt:
            self.stopping = True
            self.groups.kill_all()
            self.progress.close()
            print("regress: interrupted; running tests were killed", file=sys.stderr)
            raise
        finally:
            for _ in threads:
                self.work.put(None)
        self.progress.close()

    def finished_jobs(self) -> list[Job]:
        """The runs that count, by test name then seed in the order they were derived."""
        ran = [j for j in self.jobs if not j.cancelled and j.verdict is not None]
        order = {s: i for i, s in enumerate(self.seeds)}
        return sorted(ran, key=lambda j: (j.test.name, order.get(j.seed, -1)))

    def drop_other_seeds(self, job: Job) -> int:
        dropped = 0
        for other in self.jobs:
            if other is not job and other.test is job.test and other.verdict is None \
                    and not other.cancelled:
                other.cancelled = True
                dropped += 1
        if dropped:
            job.seed = None
            for tc in job.verdict.testcases:
                tc.set("name", tc.get("name").replace(f"[seed={job.rundir.name}]", ""))
        return dropped


def _failure(message: str):
    f = results.etree.Element("failure")
    f.set("message", message)
    return f


def fmt_sim(ns: float | None) -> str:
    return "-" if ns is None else f"{ns:.0f}"


def print_time_to_safe(reports: Path) -> None:
    """The power tests' time-to-safe probes: worst measurement of each trip against its bound."""
    csv_path = reports / TIME_TO_SAFE_CSV
    with csv_path.open() as f:
        if sum(1 for _ in f) <= 1:
            return  # no power test ran
    print("\nTime to safe (worst over all runs, bound from the interlock spec):")
    sys.stdout.flush()
    subprocess.run([sys.executable, str(REPO / "sim" / "plots" / "time_to_safe.py"), str(csv_path),
                    "--markdown", str(reports / "time_to_safe.md")], check=False)
    sys.stdout.flush()


def print_summary(reg: Regression, elapsed: float, results_path: Path) -> tuple[int, int, int]:
    ran = reg.finished_jobs()
    rows = [(j.test.name, j.seed_label, j.verdict.status.upper(), fmt_sim(j.verdict.sim_time_ns),
             f"{j.outcome.wall_s:.2f}" if j.outcome else "-") for j in ran]
    header = ("Test", "Seed", "Result", "Sim time (ns)", "Wall (s)")
    widths = [max(len(header[i]), *(len(r[i]) for r in rows)) if rows else len(header[i])
              for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    print()
    print("  ".join(h.ljust(w) if i < 3 else h.rjust(w) for i, (h, w) in
                    enumerate(zip(header, widths))))
    print(line)
    for r in rows:
        print("  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in
                        enumerate(zip(r, widths))))
    print(line)
    passed = sum(1 for j in ran if j.verdict.status == results.PASS)
    failed = sum(1 for j in ran if j.verdict.status == results.FAIL)
    skipped = sum(1 for j in ran if j.verdict.status == results.SKIP)

    failures = [j for j in ran if j.verdict.status == results.FAIL]
    if failures:
        print(f"\nFailures ({len(failures)}):")
        for j in failures:
            print(f"\n  {j.test.name} seed {j.seed_label}: {results.one_line(j.verdict.message)}")
            print(f"    log:    {j.rundir / 'log.txt'}")
            if j.test.not_built:
                continue
            env = "" if j.seed is None else f"RANDOM_SEED={j.seed} "
            print(f"    replay: cd {shlex.quote(j.cwd)} && {env}"
                  f"{' '.join(shlex.quote(a) for a in j.test.command)}")
            if j.harness:
                build = "" if reg.args.build == "build" else f" BUILD={reg.args.build}"
                seed = "" if j.seed is None else f" SEED={j.seed}"
                print(f"    waves:  make waves TEST={shlex.quote(j.test.name)}{seed}{build}")
            if j.rerun is not None and j.rerun.verdict is not None:
                again = j.rerun.verdict.status
                verdict = ("failed again" if again == results.FAIL else
                           f"{again.upper()} on the rerun: the failure does not reproduce")
                print(f"    rerun with WAVES=1: {verdict}")
                print(f"    fst:    {j.rerun.fst or 'none produced'}")
            elif not j.harness:
                print("    fst:    none (not a harness test: no waves to record)")
    print(f"\nresults: {results_path}")
    print(f"elapsed: {elapsed:.1f} s, seeds {', '.join(map(str, reg.seeds))} "
          f"(replay the set with --seed {reg.seeds[0]})")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return passed, failed, skipped


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Run every ctest test of a build over several seeds, in parallel.")
    p.add_argument("--build", default="build", help="CMake build directory (default: build)")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                   help="parallel runs (default: all cores)")
    p.add_argument("--seeds", type=int, default=3,
                   help="seeds per harness test (default: 3)")
    p.add_argument("--seed", type=int, default=None,
                   help="base seed; the others derive from it (default: from the clock)")
    p.add_argument("--filter", default=None, help="only tests whose name matches this regex")
    p.add_argument("--exclude", default=None, help="skip tests whose name matches this regex")
    p.add_argument("--list", action="store_true", help="list the selected tests and exit")
    p.add_argument("--timeout", type=float, default=None,
                   help="wall-clock limit per run in seconds (default: the test's ctest "
                        f"TIMEOUT, else {DEFAULT_TIMEOUT_S:.0f})")
    p.add_argument("--out", default=str(REPO / "out" / "regress"),
                   help="output directory (default: out/regress)")
    p.add_argument("--no-rerun", action="store_true", help="do not rerun failures with waves")
    p.add_argument("--slurm", action="store_true",
                   help="run each test through Slurm's srun (needs Slurm installed)")
    p.add_argument("--slurm-args", default="",
                   help="extra srun options, e.g. '--partition=sim --mem=4G'")
    args = p.parse_args(argv)
    if args.seeds < 1:
        p.error("--seeds must be at least 1")
    if args.jobs < 1:
        p.error("--jobs must be at least 1")
    if args.timeout is not None and args.timeout <= 0:
        p.error("--timeout must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        all_tests = ctestmod.discover(args.build)
        tests = ctestmod.select(all_tests, args.filter, args.exclude)
    except ctestmod.CTestError as err:
        print(f"regress: {err}", file=sys.stderr)
        return 2
    if not all_tests:
        print(f"regress: the build '{args.build}' has no tests (nothing registered with ctest)",
              file=sys.stderr)
        return 1
    if not tests:
        print(f"regress: no test matches --filter {args.filter!r}"
              + (f" / --exclude {args.exclude!r}" if args.exclude else "")
              + f" ({len(all_tests)} tests in the build; try --list)", file=sys.stderr)
        return 1
    if args.list:
        for t in tests:
            kind = "not built" if t.not_built else (
                "seeded" if ctestmod.uses_harness(t.executable) else "once")
            labels = f" [{', '.join(t.labels)}]" if t.labels else ""
            print(f"{t.name}  ({kind}){labels}")
        print(f"{len(tests)} tests")
        return 0
    if args.slurm and shutil.which("srun") is None:
        print("regress: --slurm: Slurm is not installed on this machine (no srun in PATH); "
              "run without --slurm to use local workers", file=sys.stderr)
        return 2

    base = args.seed if args.seed is not None else int(time.time()) & 0xFFFFFFFF
    seeds = derive_seeds(base, args.seeds)
    out = Path(args.out).resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)

    reg = Regression(args, tests, seeds, out)
    reg.reports.mkdir()
    (reg.reports / TIME_TO_SAFE_CSV).write_text("trip,measured_us,bound_us\n")
    jobs = reg.plan()
    n_seeded = len({j.test.name for j in jobs if j.seed is not None})
    where = "Slurm (srun)" if args.slurm else f"{args.jobs} local workers"
    print(f"regress: {len(tests)} tests ({n_seeded} seeded x {len(seeds)}, "
          f"{len(tests) - n_seeded} once) = {len(jobs)} runs on {where}")
    print(f"regress: base seed {base} -> seeds {', '.join(map(str, seeds))}")
    print(f"regress: output in {out}")

    started = datetime.datetime.now()
    t0 = time.monotonic()
    try:
        reg.run()
    except KeyboardInterrupt:
        return 130
    elapsed = time.monotonic() - t0

    ran = reg.finished_jobs()
    testcases = [tc for j in ran for tc in j.verdict.testcases]
    results_path = out / "results.xml"
    results.write_merged(results_path, testcases, base, started,
                         {"regress_seeds": " ".join(map(str, seeds))})
    print_time_to_safe(reg.reports)
    passed, failed, skipped = print_summary(reg, elapsed, results_path)
    try:
        check_results.check_file(results_path)
    except check_results.ResultsError as err:
        print(f"regress: the merged results file is malformed: {err}", file=sys.stderr)
        return 1
    if passed + failed == 0:
        print("regress: no test ran", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
