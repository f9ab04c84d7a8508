#!/usr/bin/env bash
# Verilator lint of one RTL block: `verilator --lint-only -Wall -f rtl/<block>/lint.f` from the
# repo root, with the block's waivers (rtl/<block>/lint.vlt) when present.
# Usage: sim/rtl_lint.sh rtl/<block>/lint.f [more lint.f ...]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

if (($# == 0)); then
  echo "usage: $0 rtl/<block>/lint.f [...]" >&2
  exit 2
fi
if ! command -v verilator >/dev/null; then
  echo "rtl_lint: verilator is not installed (run make deps)" >&2
  exit 2
fi
lists=()
for f in "$@"; do
  if [[ ! -f $f ]]; then
    echo "rtl_lint: no such file: $f" >&2
    exit 2
  fi
  lists+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")")
done
cd "$repo"

status=0
for lf in "${lists[@]}"; do
  rel=${lf#"$repo"/}
  args=(--lint-only -Wall -f "$rel")
  vlt="$(dirname "$rel")/lint.vlt"
  note=""
  if [[ -f $vlt ]]; then
    args+=("$vlt")
    note=" (waivers: $vlt)"
  fi
  if out=$(verilator "${args[@]}" 2>&1); then
    echo "lint ok: $rel$note"
  else
    status=1
    echo "lint FAILED: $rel"
    echo "$out" | sed 's/^/  /'
  fi
done
exit $status
