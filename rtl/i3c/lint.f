--top-module i3c_ctrl
rtl/common/prim_flop_2sync.sv
rtl/common/prim_fifo_sync.sv
rtl/i3c/i3c_pkg.sv
rtl/i3c/i3c_bit_engine.sv
rtl/i3c/i3c_frame.sv
rtl/i3c/i3c_seq.sv
rtl/i3c/i3c_queues.sv
rtl/i3c/i3c_regs.sv
rtl/i3c/i3c_ctrl.sv
