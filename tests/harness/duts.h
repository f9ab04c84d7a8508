// Handles on the purpose-built harness test DUTs.
#pragma once

#include "Vtb_finish.h"
#include "Vtb_gated.h"
#include "dut_ports.h"
#include "xpo/tb/tb.h"

namespace xpo::tb::testing {

// Inputs start random (--x-initial unique); drive all of them before the first evaluation.
struct CounterDut : CounterPorts {
  CounterDut() {
    en_i.setImmediateValue(0);
    load_i.setImmediateValue(0);
    load_value_i.setImmediateValue(0);
  }
};

using ClkDivDut = ClkDivPorts;

struct HandshakeDut : HandshakePorts {
  HandshakeDut() {
    in_valid_i.setImmediateValue(0);
    out_ready_i.setImmediateValue(0);
    in_data_i.setImmediateValue(0);
  }
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

// Counts while en_i is high and calls $finish at stop_at_i (at that rising edge, or the falling
// edge after it with on_fall_i).
struct FinishDut : Dut<Vtb_finish> {
  FinishDut() {
    en_i.setImmediateValue(1);
    stop_at_i.setImmediateValue(0xff);
    on_fall_i.setImmediateValue(0);
  }
  XPO_IN(clk_i, 1);
  XPO_IN(rst_ni, 1);
  XPO_IN(en_i, 1);
  XPO_IN(stop_at_i, 8);
  XPO_IN(on_fall_i, 1);
  XPO_OUT(count_o, 8);
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
