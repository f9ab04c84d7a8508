#!/usr/bin/env bash
# Builds the trace recorder, records one power-up and plots it: sim/plots/power_up.sh [BUILD_DIR]
# Output: <BUILD_DIR>/plots/power_up.svg
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
mkdir -p "$build/plots"
cmake --build "$build" --target pwr_trace
XPO_PWR_TRACE="$build/plots/power_up.csv" COCOTB_RESULTS_FILE="$build/plots/pwr_trace_results.xml" \
  "$build/tests/power/pwr_trace" >/dev/null
gnuplot -e "csv='$build/plots/power_up.csv'; svg='$build/plots/power_up.svg'" \
  "$root/sim/plots/power_up.gp"
echo "power_up.sh: wrote $build/plots/power_up.svg"
