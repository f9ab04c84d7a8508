// Handles on the purpose-built harness test DUTs.
#pragma once

#include "Vtb_clkdiv.h"
#include "Vtb_counter.h"
#include "Vtb_gated.h"
#include "Vtb_handshake.h"
#include "xpo/tb/tb.h"

namespace xpo::tb::testing {

// Inputs start random (--x-initial unique); drive all of them before the first evaluation.
struct CounterDut : Dut<Vtb_counter> {
  CounterDut() {
    en_i.setImmediateValue(0);
    load_i.setImmediateValue(0);
    load_value_i.setImmediateValue(0);
  }
  XPO_IN(clk_i, 1);
  XPO_IN(rst_ni, 1);
  XPO_IN(en_i, 1);
  XPO_IN(load_i, 1);
  XPO_IN(load_value_i, 32);
  XPO_OUT(count_o, 32);
  XPO_OUT(wrap_o, 1);
};

struct ClkDivDut : Dut<Vtb_clkdiv> {
  XPO_IN(clk_i, 1);
  XPO_IN(rst_ni, 1);
  XPO_OUT(clk_div_o, 1);
};

struct HandshakeDut : Dut<Vtb_handshake> {
  HandshakeDut() {
    in_valid_i.setImmediateValue(0);
    out_ready_i.setImmediateValue(0);
    in_data_i.setImmediateValue(0);
  }
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

struct GatedDut : Dut<Vtb_gated> {
  GatedDut() {
    en_i.setImmediateValue(0);
    d_i.setImmediateValue(0);
  }
  XPO_IN(clk_i, 1);
  XPO_IN(rst_ni, 1);
  XPO_IN(en_i, 1);
  XPO_IN(d_i, 8);
  XPO_OUT(q_o, 8);
};

// Pulses the asynchronous reset for two cycles of a running clock. The reset starts high so the
// design sees a falling edge: with random initial values (--x-initial unique) an input that
// starts at 0 would give Verilator no edge at all.
template <typename D>
Task<> resetDut(D& dut) {
  dut.rst_ni.setImmediateValue(1);
  co_await NextTimeStep();
  dut.rst_ni.write(0);
  co_await ClockCycles(dut.clk_i, 2);
  dut.rst_ni.write(1);
}

}  // namespace xpo::tb::testing
