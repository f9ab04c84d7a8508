#!/usr/bin/env python3
"""Runs every benchmark executable under BUILD/bench/ and tabulates their `ratio <value>` lines.

Builds nothing. Each bench's output is kept in out/bench/<name>.txt, the table in
out/bench/summary.txt. Exits non-zero when a bench fails or prints no ratio line.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from xposim import runner  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
RATIO = re.compile(r"^\s*ratio\s+(\S+)\s*$")


def find_benches(bench_dir: Path) -> list[Path]:
    """Executable files under bench_dir, CMake's own files left out."""
    found = []
    for path in sorted(bench_dir.rglob("*")):
        rel = path.relative_to(bench_dir)
        if any(part == "CMakeFiles" or part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() and os.access(path, os.X_OK) and \
                path.suffix not in (".so", ".a", ".o", ".cmake", ".txt", ".json"):
            found.append(path)
    return found


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Run the benchmarks under BUILD/bench/.")
    p.add_argument("--build", default="build", help="CMake build directory (default: build)")
    p.add_argument("--filter", default=None, help="only benches whose name matches this regex")
    p.add_argument("--timeout", type=float, default=1800.0,
                   help="wall-clock limit per bench in seconds (default: 1800)")
    p.add_argument("--out", default=str(REPO / "out" / "bench"),
                   help="output directory (default: out/bench)")
    args = p.parse_args(argv)

    build = Path(args.build).resolve()
    if not build.is_dir():
        print(f"bench: build directory '{build}' does not exist (make build BUILD={build})",
              file=sys.stderr)
        return 2
    bench_dir = build / "bench"
    if not bench_dir.is_dir():
        print(f"bench: {bench_dir} does not exist: the benchmarks were not built "
              "(configure with -DXPO_BENCH=ON, the default, and make build)", file=sys.stderr)
        return 2
    benches = find_benches(bench_dir)
    if args.filter:
        try:
            rx = re.compile(args.filter)
        except re.error as err:
            print(f"bench: bad --filter regular expression '{args.filter}': {err}",
                  file=sys.stderr)
            return 2
        benches = [b for b in benches if rx.search(str(b.relative_to(bench_dir)))]
    if not benches:
        print(f"bench: no benchmark executables under {bench_dir}", file=sys.stderr)
        return 1

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    failed = 0
    for b in benches:
        name = str(b.relative_to(bench_dir))
        log = out / (name.replace("/", "_") + ".txt")
        print(f"bench: running {name} ...", flush=True)
        t0 = time.monotonic()
        outcome = runner.run([str(b)], str(b.parent), dict(os.environ), args.timeout, str(log))
        text = log.read_text(errors="replace")
        wall = time.monotonic() - t0
        ratio = None
        for line in text.splitlines():
            m = RATIO.match(line)
            if m:
                ratio = m.group(1)
        if outcome.returncode == 127 and text.startswith("cannot start"):
            status = f"FAILED ({text.strip()})"
            failed += 1
        elif outcome.timed_out or outcome.returncode != 0:
            status = f"FAILED ({outcome.describe()})"
            failed += 1
        elif ratio is None:
            status = "FAILED (no 'ratio <value>' line)"
            failed += 1
        else:
            status = "ok"
        rows.append((name, ratio or "-", f"{wall:.1f}", status))

    header = ("Bench", "Ratio", "Wall (s)", "Status")
    widths = [max(len(header[i]), *(len(r[i]) for r in rows)) for i in range(4)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    table = "\n".join(lines)
    summary = out / "summary.txt"
    summary.write_text(f"# benchmarks of {build.resolve()}, "
                       f"{time.strftime('%Y-%m-%d %H:%M:%S')}\n{table}\n")
    print()
    print(table)
    print(f"\nbench: outputs in {out}, table in {summary}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
