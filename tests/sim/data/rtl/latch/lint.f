--top-module simtest_latch
tests/sim/data/rtl/latch/simtest_latch.sv
