// Golden model of the module power sequencing specification (docs/power.md §3), a CMIS-style
// module state machine stepped in 1 us. Written from the specification only; a scoreboard
// compares the RTL against it in time.
#pragma once

#include <cstdint>
#include <string_view>

#include "xpo/power/regs.h"

namespace xpo::power {

enum class ModuleState : uint8_t { kLowPwr = 0, kPwrUp = 1, kReady = 2, kPwrDn = 3, kFault = 4 };
std::string_view StateName(ModuleState s);
inline constexpr uint32_t kNoRail = 7;

struct SeqInputs {
  bool lowpwr_req = true;
  bool hs_pg = false;
  bool hs_fault = false;
  uint32_t rail_pg = 0;
  uint32_t rail_fault = 0;
  bool ilk_ok = false;
  uint32_t ilk_trips = 0;  // interlock FAULT bits currently latched
};

class SequencerSpec {
 public:
  explicit SequencerSpec(const RegFile& regs, uint32_t hp_mask = kHpMask);
  void Step(const SeqInputs& in);
  void ClearFaults(uint32_t mask) { faults_ &= ~(mask & kSeqFaultMask); }
  void Reset();

  ModuleState state() const { return state_; }
  uint32_t rail_en() const { return en_; }
  uint32_t faults() const { return faults_; }
  uint32_t fault_rail() const { return fault_rail_; }
  // Index into SEQ_ORDER of the step in progress (PwrUp) or next to turn off (PwrDn).
  int step() const { return state_ == ModuleState::kPwrDn ? pdn_k_ : k_; }

 private:
  enum class Sub { kGate, kPg, kDelay };
  uint32_t Order(int k) const { return SeqOrderSlot(regs_.Get(reg::kSeqOrder), k); }
  int Pos(uint32_t r) const;
  uint32_t Watts(uint32_t mask) const;
  void PowerDown();

  const RegFile& regs_;
  uint32_t hp_;
  ModuleState state_ = ModuleState::kLowPwr;
  uint32_t en_ = 0;
  uint32_t pg_seen_ = 0;
  uint32_t faults_ = 0;
  uint32_t fault_rail_ = kNoRail;
  int k_ = 0;
  Sub sub_ = Sub::kGate;
  uint32_t cnt_ = 0;
  int pdn_k_ = 0;
  bool pdn_wait_ = false;
};

}  // namespace xpo::power
