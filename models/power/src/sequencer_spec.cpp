#include "xpo/power/sequencer_spec.h"

#include <algorithm>

namespace xpo::power {

std::string_view StateName(ModuleState s) {
  switch (s) {
    case ModuleState::kLowPwr:
      return "LowPwr";
    case ModuleState::kPwrUp:
      return "PwrUp";
    case ModuleState::kReady:
      return "Ready";
    case ModuleState::kPwrDn:
      return "PwrDn";
    case ModuleState::kFault:
      return "Fault";
  }
  return "?";
}

SequencerSpec::SequencerSpec(const RegFile& regs, uint32_t hp_mask) : regs_(regs), hp_(hp_mask) {}

void SequencerSpec::Reset() {
  state_ = ModuleState::kLowPwr;
  en_ = pg_seen_ = faults_ = 0;
  fault_rail_ = kNoRail;
  k_ = pdn_k_ = 0;
  sub_ = Sub::kGate;
  cnt_ = 0;
  pdn_wait_ = false;
}

int SequencerSpec::Pos(uint32_t r) const {
  for (int k = 0; k < kNumRails; ++k) {
    if (Order(k) == r) return k;
  }
  return kNumRails;
}

uint32_t SequencerSpec::Watts(uint32_t mask) const {
  uint32_t w = 0;
  for (int r = 0; r < kNumRails; ++r) {
    if (mask >> r & 1u) w += regs_.Get(reg::RailW(r));
  }
  return w;
}

void SequencerSpec::PowerDown() {
  uint32_t delay = regs_.Get(reg::kPdnDelayUs);
  while (true) {
    if (pdn_wait_) {
      if (++cnt_ < delay) return;
      pdn_wait_ = false;
      --pdn_k_;
      continue;
    }
    if (pdn_k_ < 0) {
      state_ = ModuleState::kLowPwr;
      return;
    }
    uint32_t bit = 1u << Order(pdn_k_);
    if (en_ & bit) {
      en_ &= ~bit;
      pdn_wait_ = true;
      cnt_ = 0;
      if (delay == 0) continue;
      return;
    }
    --pdn_k_;
  }
}

void SequencerSpec::Step(const SeqInputs& in) {
  uint32_t set = 0;
  int fail_pos = kNumRails;  // lowest SEQ_ORDER position with a rail fault this microsecond
  auto rail_fault = [&](uint32_t r, uint32_t bit) {
    set |= bit;
    fail_pos = std::min(fail_pos, Pos(r));
  };
  bool up = state_ == ModuleState::kPwrUp || state_ == ModuleState::kReady;

  for (uint32_t r = 0; r < kNumRails; ++r) {
    bool en = en_ >> r & 1u, pg = in.rail_pg >> r & 1u, flt = in.rail_fault >> r & 1u;
    if (en && flt) rail_fault(r, kFaultRailOc);
    if (up && en && (pg_seen_ >> r & 1u) && !pg && !flt) rail_fault(r, kFaultPgLost);
  }
  if (in.hs_fault) set |= kFaultHs;
  if (!in.hs_pg && (up || state_ == ModuleState::kPwrDn)) set |= kFaultInputLost;
  pg_seen_ = (pg_seen_ | (en_ & in.rail_pg)) & en_;

  // The step in progress, evaluated for its faults first and applied only if none occurred.
  enum class Act { kNone, kEnable, kToPg, kNext, kReady, kWait } act = Act::kNone;
  bool pwrup = state_ == ModuleState::kPwrUp && !in.lowpwr_req;
  if (pwrup) {
    uint32_t r = Order(k_);
    switch (sub_) {
      case Sub::kGate:
        if (Watts(en_) + regs_.Get(reg::RailW(static_cast<int>(r))) > regs_.Get(reg::kClassW)) {
          rail_fault(r, kFaultBudget);
        } else if ((hp_ >> r & 1u) && !in.ilk_ok) {
          if (++cnt_ >= regs_.Get(reg::kCoolWaitUs)) rail_fault(r, kFaultCoolTimeout);
        } else {
          act = Act::kEnable;
        }
        break;
      case Sub::kPg:
        if (in.rail_pg >> r & 1u) {
          act = k_ == kNumRails - 1 ? Act::kReady : Act::kToPg;
        } else if (++cnt_ >= regs_.Get(reg::PgTimeoutUs(static_cast<int>(r)))) {
          rail_fault(r, kFaultPgTimeout);
        }
        break;
      case Sub::kDelay:
        act = ++cnt_ >= regs_.Get(reg::kSeqDelayUs) ? Act::kNext : Act::kWait;
        break;
    }
  }

  if ((set & kRailFaultMask) && !(faults_ & kRailFaultMask)) fault_rail_ = Order(fail_pos);
  faults_ |= set;
  if (faults_ || in.ilk_trips) {
    en_ &= ~hp_;
    for (int k = fail_pos; k < kNumRails; ++k) en_ &= ~(1u << Order(k));
    state_ = ModuleState::kFault;
    return;
  }

  switch (state_) {
    case ModuleState::kLowPwr:
      if (!in.lowpwr_req && in.hs_pg) {
        state_ = ModuleState::kPwrUp;
        k_ = 0;
        sub_ = Sub::kGate;
        cnt_ = 0;
      }
      break;
    case ModuleState::kPwrUp:
      if (in.lowpwr_req) {
        state_ = ModuleState::kPwrDn;
        pdn_k_ = kNumRails - 1;
        pdn_wait_ = false;
        break;
      }
      switch (act) {
        case Act::kEnable:
          en_ |= 1u << Order(k_);
          sub_ = Sub::kPg;
          cnt_ = 0;
          break;
        case Act::kToPg:
          sub_ = Sub::kDelay;
          cnt_ = 0;
          break;
        case Act::kNext:
          ++k_;
          sub_ = Sub::kGate;
          cnt_ = 0;
          break;
        case Act::kReady:
          state_ = ModuleState::kReady;
          break;
        default:
          break;
      }
      break;
    case ModuleState::kReady:
      if (in.lowpwr_req) {
        state_ = ModuleState::kPwrDn;
        pdn_k_ = kNumRails - 1;
        pdn_wait_ = false;
      }
      break;
    case ModuleState::kPwrDn:
      PowerDown();
      break;
    case ModuleState::kFault:
      state_ = ModuleState::kPwrDn;
      pdn_k_ = kNumRails - 1;
      pdn_wait_ = false;
      break;
  }
}

}  // namespace xpo::power
