#!/usr/bin/env python3
"""Time-to-safe table from the power block tests' probes.

The tests append one row per trip to $XPO_REPORT_DIR/time_to_safe.csv (trip,measured_us,bound_us).
This prints the worst measurement of each trip against its bound, optionally writes it as
Markdown, and exits 1 if any measurement exceeds its bound (or the file is malformed).

  sim/plots/time_to_safe.py REPORT_DIR/time_to_safe.csv [--markdown OUT.md]
"""
import argparse
import csv
import sys


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--markdown")
    args = ap.parse_args()
    worst = {}
    try:
        with open(args.csv, newline="") as f:
            reader = csv.DictReader(f)
            missing = {"trip", "measured_us", "bound_us"} - set(reader.fieldnames or [])
            if missing:
                print(f"time_to_safe: {args.csv}: missing columns {sorted(missing)}", file=sys.stderr)
                return 1
            for line, row in enumerate(reader, start=2):
                try:
                    m, b = int(row["measured_us"]), int(row["bound_us"])
                except (TypeError, ValueError):
                    print(f"time_to_safe: {args.csv}:{line}: not a number: {row}", file=sys.stderr)
                    return 1
                runs, wm, wb = worst.get(row["trip"], (0, -1, b))
                worst[row["trip"]] = (runs + 1, max(wm, m), min(wb, b))
    except OSError as e:
        print(f"time_to_safe: {e}", file=sys.stderr)
        return 1
    if not worst:
        print(f"time_to_safe: {args.csv}: no measurements", file=sys.stderr)
        return 1
    rows = [(t, r, m, b, "ok" if m <= b else "OVER") for t, (r, m, b) in sorted(worst.items())]
    header = ("trip", "runs", "worst_us", "bound_us", "")
    widths = [max(len(str(x[i])) for x in rows + [header]) for i in range(5)]
    fmt = "  ".join(f"{{:{'<' if i == 0 else '>'}{w}}}" for i, w in enumerate(widths))
    print(fmt.format(*header))
    for r in rows:
        print(fmt.format(*r))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("| trip | runs | worst (us) | bound (us) | |\n|---|---|---|---|---|\n")
            for r in rows:
                f.write("| {} | {} | {} | {} | {} |\n".format(*r))
    return 1 if any(r[4] != "ok" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
