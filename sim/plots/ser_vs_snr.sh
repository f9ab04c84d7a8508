#!/usr/bin/env bash
# Renders out/plots/ser_vs_snr.svg: PAM-4 SER vs SNR in AWGN, channel model against the analytic
# curves, with and without 1/(1+D) precoding.
# Usage: sim/plots/ser_vs_snr.sh [build dir] [extra pam4_ser_sweep options...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-build}"
shift || true
case "$build" in /*) ;; *) build="$root/$build" ;; esac
tool="$build/models/pam4/pam4_ser_sweep"
if [[ ! -x "$tool" ]]; then
  echo "ser_vs_snr.sh: $tool not built (cmake --build $build --target pam4_ser_sweep)" >&2
  exit 1
fi
command -v gnuplot >/dev/null || { echo "ser_vs_snr.sh: gnuplot not found" >&2; exit 1; }
out="$root/out/plots"
mkdir -p "$out"
data="$out/ser_vs_snr.dat"
"$tool" "$@" >"$data.tmp"
mv "$data.tmp" "$data"
gnuplot <<GP
set terminal svg size 900,640 dynamic enhanced font 'Helvetica,13' background rgb 'white'
set output '$out/ser_vs_snr.svg'
set title 'PAM-4 in AWGN: symbol error rate vs SNR (PRBS31Q, Es/{/Symbol s}^2, Es = 5)'
set xlabel 'SNR [dB]'
set ylabel 'error rate'
set logscale y
set format y '10^{%L}'
set grid xtics ytics mytics
set key bottom left box opaque
set yrange [1e-7:1]
plot '$data' using 1:6 with lines lw 2 lc rgb '#1f77b4' title 'SER analytic 1.5 Q(sqrt(SNR/5))', \
     '$data' using 1:3:4:5 with yerrorbars pt 7 ps 0.6 lc rgb '#1f77b4' title 'SER model (95 % CP)', \
     '$data' using 1:15 with lines lw 2 dt 2 lc rgb '#d62728' title 'SER precoded analytic', \
     '$data' using 1:12:13:14 with yerrorbars pt 5 ps 0.6 lc rgb '#d62728' title 'SER precoded model (95 % CP)', \
     '$data' using 1:10 with lines lw 1 dt 3 lc rgb '#2ca02c' title 'BER (Gray) analytic', \
     '$data' using 1:7 with points pt 6 ps 0.6 lc rgb '#2ca02c' title 'BER (Gray) model'
GP
echo "wrote $out/ser_vs_snr.svg"
