// Scoreboard comparing the DUT's module state, rail enables and valve command against the golden
// ModuleSpec in time: every DUT observation must match a golden one within +/- tolerance, and
// every golden observation lasting two microseconds or more must be matched by the DUT within the
// same window, so a DUT that is late, early, wrong, or that skips a step all fail.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "xpo/power/sequencer_spec.h"

namespace xpo::power {

struct Observation {
  ModuleState state = ModuleState::kLowPwr;
  uint32_t rail_en = 0;
  bool valve_en = false;
  bool operator==(const Observation&) const = default;
};
std::string ToString(const Observation& o);

class Scoreboard {
 public:
  explicit Scoreboard(uint32_t tolerance_us = 5, size_t max_errors = 20);
  // One call per microsecond, t_us strictly increasing by 1.
  void Record(uint64_t t_us, const Observation& golden, const Observation& dut);
  // Ends the run; the last tolerance_us samples, which lack a full window, are not judged.
  void Finish();
  bool ok() const { return mismatches_ == 0; }
  uint64_t mismatches() const { return mismatches_; }
  uint64_t checked() const { return checked_; }
  const std::vector<std::string>& errors() const { return errors_; }
  std::string Report() const;

 private:
  struct Sample {
    uint64_t t = 0;
    Observation golden, dut;
  };
  void CheckAt(size_t idx);

  uint32_t tol_;
  size_t max_errors_;
  std::deque<Sample> window_;
  uint64_t next_t_ = 0;
  bool started_ = false;
  size_t pending_ = 0;  // index in window_ of the next sample to check
  uint64_t mismatches_ = 0;
  uint64_t checked_ = 0;
  std::vector<std::string> errors_;
};

}  // namespace xpo::power
