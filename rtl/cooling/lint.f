--top-module cool_ilk
rtl/cooling/cool_pkg.sv
rtl/common/prim_debounce.sv
rtl/common/prim_hold_timer.sv
rtl/cooling/cool_ilk.sv
