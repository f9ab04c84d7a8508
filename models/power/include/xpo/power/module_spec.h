// Golden model of the whole power/cooling page of the control FPGA: the register page
// (docs/power.md §4), the sequencing spec and the interlock spec wired as the specification
// wires them, stepped in 1 us. The scoreboard's reference.
#pragma once

#include <array>
#include <cstdint>

#include "xpo/cooling/interlock_spec.h"
#include "xpo/power/regs.h"
#include "xpo/power/sequencer_spec.h"

namespace xpo::power {

struct ModuleInputs {
  bool lpmode_pin = false;
  bool hs_pg = false;
  bool hs_fault = false;
  uint32_t rail_pg = 0;
  uint32_t rail_fault = 0;
  bool plug = false;
  bool leak = false;
  uint16_t flow_code = 0;
  uint16_t inlet_code = 0;
  std::array<uint16_t, cooling::kNumAsics> asic_code{};
  uint16_t vin_code = 0;
};

class ModuleSpec {
 public:
  ModuleSpec();
  ModuleSpec(const ModuleSpec&) = delete;
  ModuleSpec& operator=(const ModuleSpec&) = delete;

  void Step(const ModuleInputs& in);
  // A host write with the page's semantics; false where the bus answers pslverr.
  bool Write(uint32_t addr, uint32_t value);
  // Registers as the host reads them, live status included.
  uint32_t Read(uint32_t addr) const;
  void HostReset();

  ModuleState state() const { return seq_.state(); }
  uint32_t rail_en() const { return seq_.rail_en(); }
  uint32_t hp_on() const { return (seq_.rail_en() & kHpMask) != 0; }
  bool valve_en() const { return ilk_.valve_en(state() == ModuleState::kLowPwr); }
  uint32_t fault() const { return seq_.faults() | ilk_.trips(); }
  uint32_t alarm() const { return ilk_.alarms(); }
  bool irq() const;
  const RegFile& regs() const { return regs_; }
  const SequencerSpec& seq() const { return seq_; }
  const cooling::InterlockSpec& ilk() const { return ilk_; }

 private:
  RegFile regs_;
  SequencerSpec seq_;
  cooling::InterlockSpec ilk_;
  ModuleInputs last_{};
};

}  // namespace xpo::power
