#include "xpo/power/scoreboard.h"

#include <fmt/format.h>

#include <stdexcept>

namespace xpo::power {

std::string ToString(const Observation& o) {
  return fmt::format("{} en={:#04x} valve={}", StateName(o.state), o.rail_en, o.valve_en ? 1 : 0);
}

Scoreboard::Scoreboard(uint32_t tolerance_us, size_t max_errors)
    : tol_(tolerance_us), max_errors_(max_errors) {}

void Scoreboard::Record(uint64_t t_us, const Observation& golden, const Observation& dut) {
  if (started_ && t_us != next_t_) {
    throw std::invalid_argument(fmt::format(
        "Scoreboard::Record expects consecutive microseconds: got {} after {}", t_us, next_t_ - 1));
  }
  started_ = true;
  next_t_ = t_us + 1;
  window_.push_back({t_us, golden, dut});
  // A sample can be judged once tol_ later samples exist.
  while (pending_ < window_.size() && window_.back().t >= window_[pending_].t + tol_) {
    CheckAt(pending_++);
  }
  while (pending_ > tol_ && !window_.empty()) {
    window_.pop_front();
    --pending_;
  }
}

void Scoreboard::Finish() {
  // The last tol_ samples have no future to compare with: a DUT a microsecond ahead of the golden
  // model at the end of a run is not a mismatch. They are left unjudged.
  pending_ = window_.size();
}

void Scoreboard::CheckAt(size_t idx) {
  const Sample& s = window_[idx];
  size_t lo = idx >= tol_ ? idx - tol_ : 0;
  size_t hi = std::min(window_.size() - 1, idx + tol_);
  bool dut_seen = false, golden_seen = false;
  for (size_t j = lo; j <= hi; ++j) {
    dut_seen |= window_[j].golden == s.dut;
    golden_seen |= window_[j].dut == s.golden;
  }
  // The golden model takes a microsecond per action where the RTL takes a clock: a golden value
  // that lasts a single microsecond may be gone before the DUT is sampled, so only values that
  // persist for two microseconds or more must be shown by the DUT.
  bool persists = (idx > 0 && window_[idx - 1].golden == s.golden) ||
                  (idx + 1 < window_.size() && window_[idx + 1].golden == s.golden);
  if (!persists) golden_seen = true;
  ++checked_;
  if (dut_seen && golden_seen) return;
  ++mismatches_;
  if (errors_.size() < max_errors_) {
    errors_.push_back(fmt::format(
        "t={} us: DUT [{}] golden [{}]: {} within +/-{} us", s.t, ToString(s.dut),
        ToString(s.golden),
        dut_seen ? "golden value never shown by the DUT" : "DUT value not in the golden model",
        tol_));
  }
}

std::string Scoreboard::Report() const {
  std::string r = fmt::format("scoreboard: {} us checked, {} mismatches\n", checked_, mismatches_);
  for (const auto& e : errors_) r += "  " + e + "\n";
  return r;
}

}  // namespace xpo::power
