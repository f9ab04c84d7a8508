#!/usr/bin/env python3
"""A stand-in for a harness test executable: honours --gtest_filter, COCOTB_RESULTS_FILE,
RANDOM_SEED, WAVES/XPO_WAVES_DIR and --gtest_output like the real ones, and behaves as its test
name says: Pass, Fail, Hang, Crash, Flaky (fails unless WAVES=1), BrokenXml, Silent (passes
without writing results or waves)."""

import os
import sys
import time
from xml.sax.saxutils import quoteattr


def main() -> int:
    name = "Fake.Pass"
    gtest_out = None
    for arg in sys.argv[1:]:
        if arg.startswith("--gtest_filter="):
            name = arg.split("=", 1)[1]
        elif arg.startswith("--gtest_output=xml:"):
            gtest_out = arg.split(":", 1)[1]
    seed = int(os.environ.get("RANDOM_SEED", "0"))
    results = os.environ.get("COCOTB_RESULTS_FILE", "results.xml")
    print(f"seed {seed} running {name}", flush=True)
    waves = os.environ.get("WAVES") == "1"
    if waves and "Silent" not in name:
        wdir = os.environ.get("XPO_WAVES_DIR", "waves_out")
        os.makedirs(wdir, exist_ok=True)
        with open(os.path.join(wdir, name.replace("/", "_") + ".fst"), "wb") as f:
            f.write(b"FST stand-in\n")
    if "Hang" in name:
        if os.environ.get("FAKE_PID_FILE"):  # lets a test check that the hung process was killed
            with open(os.environ["FAKE_PID_FILE"], "a") as f:
                f.write(f"{os.getpid()}\n")
        time.sleep(3600)
    if "Crash" in name:
        os.abort()
    if "Silent" in name:
        return 0
    failed = "Fail" in name or ("Flaky" in name and not waves)
    if "BrokenXml" in name:
        with open(results, "w") as f:
            f.write("<testsuites><testsuite")
        return 0
    suite, _, case = name.rpartition(".")
    failure = ('<failure message="assertion failed: expected 3 got 4"/>' if failed else "")
    sim_ns = 1000 + seed % 1000
    with open(results, "w") as f:
        f.write(f'<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<testsuites name="results" tests="1" failures="{int(failed)}" errors="0" '
                f'skipped="0" time="0.01">\n'
                f' <testsuite name="all" package="all" tests="1" failures="{int(failed)}" '
                f'errors="0" skipped="0" time="0.01" timestamp="2024-01-01T00:00:00" '
                f'hostname="h" id="0">\n'
                f'  <properties><property name="random_seed" value="{seed}"/></properties>\n'
                f'  <testcase name={quoteattr(case)} classname={quoteattr(suite)} '
                f'file="fake.cpp" lineno="7" time="0.01" sim_time_ns="{sim_ns}" '
                f'ratio_time="{sim_ns / 0.01}">{failure}</testcase>\n'
                f' </testsuite>\n</testsuites>\n')
    if gtest_out:
        with open(gtest_out, "w") as f:
            f.write('<?xml version="1.0"?><testsuites tests="1" name="AllTests"></testsuites>\n')
    print("FAILED" if failed else "PASSED", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
