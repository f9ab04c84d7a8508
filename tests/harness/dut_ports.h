// Handles on every port of the purpose-built harness test DUTs, with no start values: the parity
// scenarios start from the random inputs cocotb sees, the harness tests add start values.
#pragma once

#include "Vtb_clkdiv.h"
#include "Vtb_handshake.h"
#include "counter_ports.h"
#include "xpo/tb/tb.h"

namespace xpo::tb::testing {

struct ClkDivPorts : Dut<Vtb_clkdiv> {
  XPO_IN(clk_i, 1);
  XPO_IN(rst_ni, 1);
  XPO_OUT(clk_div_o, 1);
};

struct HandshakePorts : Dut<Vtb_handshake> {
  XPO_IN(clk_i, 1);
  XPO_IN(rst_ni, 1);
  XPO_IN(in_valid_i, 1);
  XPO_OUT(in_ready_o, 1);
  XPO_IN(in_data_i, 32);
  XPO_OUT(out_valid_o, 1);
  XPO_IN(out_ready_i, 1);
  XPO_OUT(out_data_o, 32);
  XPO_IN(wide_i, 100);
  XPO_OUT(wide_inv_o, 100);
  XPO_IN_ARRAY(lanes_i, 16, 4);
  XPO_OUT_ARRAY(lanes_rev_o, 16, 4);
};

}  // namespace xpo::tb::testing
