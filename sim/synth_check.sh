#!/usr/bin/env bash
# Synthesis check of one RTL block with Yosys: the sources of a Verilator lint.f file (relative to
# the repo root) through `synth -top <top>`, failing on any latch and on `check -assert`.
# Usage: sim/synth_check.sh [-GName=Value ...] rtl/<block>/lint.f [more lint.f ...]
# -G overrides a parameter of the top (as Verilator's -G does), e.g. to synthesize a smaller
# instance of a block whose size grows faster than linearly with a parameter.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=sim/lint_f.sh
source "$repo/sim/lint_f.sh"

params=()
while (($# > 0)) && [[ $1 == -G* ]]; do
  if [[ ! $1 =~ ^-G([A-Za-z_][A-Za-z0-9_]*)=(.+)$ ]]; then
    echo "synth_check: '$1' is not a parameter override of the form -GName=Value" >&2
    exit 2
  fi
  params+=("${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}")
  shift
done
if (($# == 0)); then
  echo "usage: $0 [-GName=Value ...] rtl/<block>/lint.f [...]" >&2
  exit 2
fi
if ! command -v yosys >/dev/null; then
  echo "synth_check: yosys is not installed (run make deps)" >&2
  exit 2
fi
lists=()
for f in "$@"; do
  lists+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")")
done
cd "$repo"

status=0
for lf in "${lists[@]}"; do
  rel=${lf#"$repo"/}
  if ! lint_f_parse "$rel"; then
    status=1
    continue
  fi
  # Logs go to out/synth/<block>/ so a failure can be read after the fact.
  tmp="${XPO_OUT:-$repo/out}/synth/$(basename "$(dirname "$rel")")"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  read_cmd="read_verilog -sv"
  for d in "${LINT_INCDIRS[@]}"; do read_cmd+=" -I$d"; done
  for d in "${LINT_DEFINES[@]}"; do read_cmd+=" -D$d"; done
  {
    echo "$read_cmd ${LINT_SOURCES[*]}"
    for ((i = 0; i < ${#params[@]}; i += 2)); do
      echo "chparam -set ${params[i]} ${params[i + 1]} $LINT_TOP"
    done
    echo "synth -top $LINT_TOP"
    echo "tee -o $tmp/latches.txt select -list t:\$dlatch* t:\$adlatch* t:\$dlatchsr* t:\$_DLATCH*"
    echo "select -assert-none t:\$dlatch* t:\$adlatch* t:\$dlatchsr* t:\$_DLATCH*"
    echo "check -assert"
    echo "tee -o $tmp/stat.txt stat"
  } >"$tmp/script.ys"
  if yosys -q -l "$tmp/yosys.log" -s "$tmp/script.ys" >/dev/null 2>&1; then
    cells=$(awk '/Number of cells:/ {n=$4} END {print n}' "$tmp/stat.txt" 2>/dev/null || true)
    sized=""
    for ((i = 0; i < ${#params[@]}; i += 2)); do sized+=" ${params[i]}=${params[i + 1]}"; done
    echo "synth ok: $rel (top $LINT_TOP${sized:+,$sized}, ${cells:-?} cells, no latches, check clean)"
  else
    status=1
    echo "synth FAILED: $rel (top $LINT_TOP)"
    if [[ -s $tmp/latches.txt ]]; then
      echo "  latches:"
      sed 's/^/    /' "$tmp/latches.txt"
    fi
    # Yosys names the inferred latches and the check problems in its log.
    grep -E "ERROR|Latch inferred|Warning:|found and reported" "$tmp/yosys.log" |
      sed 's/^/  /' | head -40 || true
    echo "  full log: $tmp/yosys.log"
  fi
done
exit $status
