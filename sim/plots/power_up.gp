# One XPO module power-up: rails, load, coolant flow and ASIC temperatures against time.
# gnuplot -e "csv='power_up.csv'; svg='power_up.svg'" sim/plots/power_up.gp
if (!exists("csv")) csv = 'power_up.csv'
if (!exists("svg")) svg = 'power_up.svg'
set terminal svg size 1000,1100 dynamic font "sans,11" background rgb "white"
set output svg
set datafile separator whitespace
set key autotitle columnhead outside right top
set grid
set lmargin 10
set rmargin 22
set multiplot layout 5,1 title "XPO module power-up at 48 V (pwr\\_top RTL with plant models)"
# Sequencing happens in the first ~150 ms; the temperatures need seconds.
set xrange [0:160]
set ylabel "state"
set ytics ("LowPwr" 0, "PwrUp" 1, "Ready" 2, "PwrDn" 3, "Fault" 4)
set yrange [-0.5:4.5]
unset xlabel
plot csv using 1:2 with steps lw 2 lc rgb "black" title "module state"
set ytics auto
set yrange [*:*]
set ylabel "rail (V)"
plot for [c=3:7] csv using 1:c with lines lw 1.5
set ylabel "power (W)"
set y2label "bus (V)"
set y2tics
set y2range [0:70]
plot csv using 1:8 with lines lw 1.5 lc rgb "red" title "module load", \
     csv using 1:10 axes x1y2 with lines lw 1 lc rgb "gray" title "hot-swap bus"
unset y2label
unset y2tics
set ylabel "flow (L/min)"
plot csv using 1:11 with lines lw 1.5 lc rgb "blue" title "coolant flow"
set ylabel "T (degC)"
set xlabel "time (ms); top four panels: first 160 ms"
set xrange [0:*]
plot for [c=12:15] csv using 1:c with lines lw 1.5
unset multiplot
