// Handles on every port of the counter test DUT (tests/harness/rtl/tb_counter.sv), in a header of
// its own so that a target verilating only the counter (bench/harness) can use it too.
#pragma once

#include "Vtb_counter.h"
#include "xpo/tb/tb.h"

namespace xpo::tb::testing {

struct CounterPorts : Dut<Vtb_counter> {
  XPO_IN(clk_i, 1);
  XPO_IN(rst_ni, 1);
  XPO_IN(en_i, 1);
  XPO_IN(load_i, 1);
  XPO_IN(load_value_i, 32);
  XPO_OUT(count_o, 32);
  XPO_OUT(wrap_o, 1);
};

}  // namespace xpo::tb::testing
