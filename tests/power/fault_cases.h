// Injected faults for the pwr_top block tests: how each is injected into the plant models, when,
// what it must record, where its time-to-safe starts and its bound (docs/power.md §3,
// docs/cooling.md §2), and how the plant is repaired for the recovery check.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "pwr_bench.h"

namespace xpo::power::test {

enum class Phase {
  kStart,   // injected before the host asks for power
  kReady,   // injected once the module is Ready
  kMidSeq,  // injected during PwrUp when `when` first holds
};

struct FaultCase {
  std::string name;
  Phase phase = Phase::kReady;
  uint32_t must = 0;  // FAULT bits that must be recorded
  std::function<void(PowerTreeParams&)> tree;
  std::vector<std::pair<uint32_t, uint32_t>> regs;  // written before power-up
  std::function<bool(Bench&)> when;
  std::function<void(Bench&)> inject;
  std::function<void(Bench&)> repair;
  std::vector<std::pair<uint32_t, uint32_t>> repair_regs;
  std::function<bool(Bench&)> onset;
  std::function<uint64_t(Bench&)> bound;
  bool plug_onset = false;     // onset is the plug contact's last edge
  bool recoverable = true;     // false: the physical cause cannot be removed
  uint64_t settle_us = 20000;  // after repair, before the host clears
  std::string drives;          // plant input the fault takes over (two such cannot pair)
};

inline void PrintTo(const FaultCase& c, std::ostream* os) { *os << c.name; }

// Every fault of the plant models, one case each.
std::vector<FaultCase> AllFaultCases();
// The subset injectable in Ready, for pairs.
std::vector<FaultCase> ReadyFaultCases();

// Powers up (or injects first), injects, waits for Fault, checks state, enables, cause and the
// golden model, measures time-to-safe, repairs, clears and checks recovery to Ready. Returns the
// FAULT register as read while in Fault.
tb::Task<uint32_t> RunFault(Bench& b, FaultCase c);

}  // namespace xpo::power::test
