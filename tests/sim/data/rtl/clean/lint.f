// Clean fixture: must pass both lint and synthesis.
--top-module simtest_clean
tests/sim/data/rtl/clean/simtest_clean.sv
