--top-module simtest_lintwarn
tests/sim/data/rtl/lintwarn/simtest_lintwarn.sv
