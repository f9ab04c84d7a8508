#!/usr/bin/env python3
"""A stand-in for a plain GoogleTest model test: writes only --gtest_output XML and behaves as its
test name says: Pass, Fail, Skip, Hang."""

import sys
import time


def main() -> int:
    name = "Plain.Pass"
    out = None
    for arg in sys.argv[1:]:
        if arg.startswith("--gtest_filter="):
            name = arg.split("=", 1)[1]
        elif arg.startswith("--gtest_output=xml:"):
            out = arg.split(":", 1)[1]
    if "Hang" in name:
        time.sleep(3600)
    suite, _, case = name.rpartition(".")
    body, rc = "", 0
    if "Fail" in name:
        body = ('<failure message="model.cpp:12&#x0A;Expected equality of these values" '
                'type=""/><failure message="second assertion" type=""/>')
        rc = 1
    elif "Skip" in name:
        body = '<skipped message="not applicable"/>'
        print("[  SKIPPED ] " + name)
    if out:
        with open(out, "w") as f:
            f.write(f'<?xml version="1.0"?><testsuites tests="1" name="AllTests">'
                    f'<testsuite name="{suite}" tests="1"><testcase name="{case}" '
                    f'classname="{suite}" file="model_test.cpp" line="12" time="0.002">'
                    f'{body}</testcase></testsuite></testsuites>\n')
    return rc


if __name__ == "__main__":
    sys.exit(main())
