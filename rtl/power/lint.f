--top-module pwr_top
rtl/power/pwr_pkg.sv
rtl/cooling/cool_pkg.sv
rtl/common/prim_flop_2sync.sv
rtl/common/prim_tick_gen.sv
rtl/common/prim_debounce.sv
rtl/common/prim_hold_timer.sv
rtl/cooling/cool_ilk.sv
rtl/power/pwr_regs.sv
rtl/power/pwr_seq.sv
rtl/power/pwr_top.sv
