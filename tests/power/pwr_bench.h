// Block-test bench for pwr_top: the power tree and cooling plant models driven by the DUT's rail
// enables and valve, stepped every microsecond; their digitized outputs drive the DUT and the
// golden ModuleSpec alike; a scoreboard compares DUT and golden in time; APB helpers mirror
// every host write into the golden register page; time-to-safe probes measure trips.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "Vpwr_top.h"
#include "xpo/cooling/codes.h"
#include "xpo/cooling/cooling_plant.h"
#include "xpo/power/module_spec.h"
#include "xpo/power/power_tree.h"
#include "xpo/power/scoreboard.h"
#include "xpo/tb/tb.h"

namespace xpo::power::test {

struct PwrDut : tb::Dut<Vpwr_top> {
  XPO_IN(clk_i, 1);
  XPO_IN(rst_ni, 1);
  XPO_IN(paddr_i, 8);
  XPO_IN(psel_i, 1);
  XPO_IN(penable_i, 1);
  XPO_IN(pwrite_i, 1);
  XPO_IN(pwdata_i, 32);
  XPO_OUT(prdata_o, 32);
  XPO_OUT(pready_o, 1);
  XPO_OUT(pslverr_o, 1);
  XPO_IN(host_reset_ni, 1);
  XPO_IN(lpmode_i, 1);
  XPO_OUT(irq_o, 1);
  XPO_IN(hs_pg_i, 1);
  XPO_IN(hs_fault_i, 1);
  XPO_IN(rail_pg_i, 5);
  XPO_IN(rail_fault_i, 5);
  XPO_IN(vin_code_i, 12);
  XPO_OUT(rail_en_o, 5);
  XPO_IN(plug_i, 1);
  XPO_IN(leak_i, 1);
  XPO_IN(flow_code_i, 12);
  XPO_IN(inlet_code_i, 12);
  XPO_IN(asic_code_i, 48);
  XPO_OUT(valve_en_o, 1);
  XPO_OUT(state_o, 3);
};

// A measured trip: from the first microsecond the condition is at the DUT's inputs to the first
// microsecond every high-power rail enable is low.
struct SafetyProbe {
  std::string name;
  std::function<bool()> onset;
  uint64_t bound_us = 0;
  std::optional<uint64_t> onset_us, safe_us;
  std::optional<uint64_t> Measured() const {
    if (!onset_us || !safe_us) return std::nullopt;
    return *safe_us - *onset_us;
  }
};

struct RailEvent {
  uint64_t t_us;
  uint32_t rail;
  bool on;
};

class Bench {
 public:
  static constexpr double kClockNs = 250.0;  // TickCycles = 4 in the verilated DUT
  static constexpr double kPhaseNs = 60.0;   // plant updates fall between clock edges

  Bench(PwrDut& dut, const PowerTreeParams& pp, const cooling::CoolingPlantParams& cp,
        bool mated = true);

  // Clock, reset, and the plant loop; returns once the DUT is out of reset.
  tb::Task<> Start();
  // APB write; checks pslverr against the golden register page. Returns true when accepted.
  tb::Task<bool> Write(uint32_t addr, uint32_t value);
  tb::Task<uint32_t> Read(uint32_t addr);
  tb::Task<> Wait(uint64_t us);
  // Waits for the DUT's state; false on timeout.
  tb::Task<bool> WaitState(ModuleState s, uint64_t timeout_us);
  // Releases low power (LOWPWR_SW = 0) and waits for Ready; false on timeout.
  tb::Task<bool> PowerUp(uint64_t timeout_us = 600000);
  tb::Task<> HostReset(bool asserted);

  // Arms a time-to-safe probe.
  SafetyProbe& Arm(std::string name, std::function<bool()> onset, uint64_t bound_us);
  // Prints the probe and appends it to $XPO_REPORT_DIR/time_to_safe.csv; checks the bound.
  void ReportProbe(const SafetyProbe& p) const;
  // Scoreboard tail, budget and probe checks; call at the end of a test.
  void Finish();

  PowerTree& power() { return power_; }
  cooling::CoolingPlant& cooling() { return cooling_; }
  ModuleSpec& golden() { return golden_; }
  Scoreboard& scoreboard() { return sb_; }
  uint64_t now_us() const { return t_us_; }
  ModuleState dut_state() const { return static_cast<ModuleState>(dut_.state_o.read()); }
  uint32_t dut_rail_en() const { return static_cast<uint32_t>(dut_.rail_en_o.read()); }
  bool hp_on() const { return (dut_rail_en() & kHpMask) != 0; }
  bool irq() const { return dut_.irq_o.read() != 0; }
  const std::vector<RailEvent>& rail_events() const { return rail_events_; }
  uint32_t max_declared_w() const { return max_declared_w_; }
  uint64_t last_plug_edge_us() const { return last_plug_edge_us_; }
  // Runs every microsecond after the plants stepped, before the DUT inputs are driven.
  std::function<void(Bench&)> on_tick;
  // Optional CSV trace of the physical quantities (for plots).
  void TraceTo(const std::string& path);

 private:
  tb::Task<> PlantLoop();
  void Tick();
  ModuleInputs Inputs() const;
  void Drive(const ModuleInputs& in);

  PwrDut& dut_;
  PowerTree power_;
  cooling::CoolingPlant cooling_;
  ModuleSpec golden_;
  Scoreboard sb_{5};
  uint64_t t_us_ = 0;
  uint32_t last_en_ = 0;
  uint32_t pg_before_ = 0;  // rails whose PG the golden model has seen since enabling them
  bool last_plug_ = false;
  uint64_t last_plug_edge_us_ = 0;
  uint32_t max_declared_w_ = 0;
  std::vector<RailEvent> rail_events_;
  std::vector<std::unique_ptr<SafetyProbe>> probes_;
  std::FILE* trace_ = nullptr;
  ModuleState last_trace_state_ = ModuleState::kLowPwr;
  uint32_t last_trace_en_ = 0;
  uint64_t last_trace_change_us_ = 0;
  bool started_ = false;
  std::unique_ptr<tb::Task<>> plant_;
};

}  // namespace xpo::power::test
