#!/usr/bin/env bash
# Builds the trace recorder, records one power-up and plots it: sim/plots/power_up.sh [BUILD_DIR]
# Output: out/plots/power_up.svg (beside the other plots), with its CSV
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
out="$root/out/plots"
mkdir -p "$out"
cmake --build "$build" --target pwr_trace
XPO_PWR_TRACE="$out/power_up.csv" COCOTB_RESULTS_FILE="$out/pwr_trace_results.xml" \
  "$build/tests/power/pwr_trace" >/dev/null
gnuplot -e "csv='$out/power_up.csv'; svg='$out/power_up.svg'" "$root/sim/plots/power_up.gp"
echo "power_up.sh: wrote $out/power_up.svg"
