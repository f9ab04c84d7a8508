--top-module gbx_top
+incdir+rtl/common
rtl/common/prim_prbs_par.sv
rtl/gearbox/gbx_pkg.sv
rtl/gearbox/gbx_skew.sv
rtl/gearbox/gbx_tx_lane.sv
rtl/gearbox/gbx_prbs_chk.sv
rtl/gearbox/gbx_rx_lane.sv
rtl/gearbox/gbx_xbar_tx.sv
rtl/gearbox/gbx_xbar_rx.sv
rtl/gearbox/gbx_cfg.sv
rtl/gearbox/gbx_regs.sv
rtl/gearbox/gbx_top.sv
