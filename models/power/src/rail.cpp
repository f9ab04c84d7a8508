#include "xpo/power/rail.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace xpo::power {

void RailParams::Validate() const {
  if (!(v_nom > 0.0 && v_nom <= 60.0)) {
    throw std::invalid_argument(
        fmt::format("Rail '{}': v_nom must be in (0, 60] V, got {}", name, v_nom));
  }
  if (!(ramp_us > 0.0) || !(fall_us > 0.0) || !(pg_delay_us >= 0.0)) {
    throw std::invalid_argument(fmt::format(
        "Rail '{}': ramp_us and fall_us must be > 0 and pg_delay_us >= 0, got {}, {}, {}", name,
        ramp_us, fall_us, pg_delay_us));
  }
  if (!(pg_threshold > 0.0 && pg_threshold < 1.0)) {
    throw std::invalid_argument(
        fmt::format("Rail '{}': pg_threshold must be in (0, 1), got {}", name, pg_threshold));
  }
  if (pg_threshold <= Rail::kNeverPgFraction) {
    throw std::invalid_argument(
        fmt::format("Rail '{}': pg_threshold {} must be above the never-PG level {}", name,
                    pg_threshold, Rail::kNeverPgFraction));
  }
  if (!(load_w >= 0.0 && load_w <= 1000.0)) {
    throw std::invalid_argument(
        fmt::format("Rail '{}': load_w must be in 0..1000, got {}", name, load_w));
  }
}

Rail::Rail(const RailParams& params) : p_(params) { p_.Validate(); }

void Rail::Inject(RailFault fault) { fault_ = fault; }

double Rail::load_w() const { return en_ ? p_.load_w * v_ / p_.v_nom : 0.0; }

void Rail::Step(double dt_us, bool en, bool bus_ok) {
  if (!(dt_us >= 0.0)) throw std::invalid_argument(fmt::format("Rail::Step dt_us {} < 0", dt_us));
  if (!en) fault_pin_ = false;  // the regulator's latch-off is reset by EN low
  on_us_ = en ? on_us_ + dt_us : 0.0;
  if (en && bus_ok && !fault_pin_) {
    if (fault_ == RailFault::kOverCurrent && v_ > 0.0) {
      fault_pin_ = true;
      fault_ = RailFault::kNone;  // one event: the next enable comes up normally
    } else if (fault_ == RailFault::kShort && on_us_ >= kShortDetectUs) {
      fault_pin_ = true;
    }
  }
  if (fault_ == RailFault::kDrop && pg_) {
    dropped_ = true;
    v_ = 0.0;
  }
  bool driving = en && bus_ok && !fault_pin_ && fault_ != RailFault::kShort && !dropped_;
  en_ = en;
  double target = fault_ == RailFault::kNeverPg ? kNeverPgFraction * p_.v_nom : p_.v_nom;
  if (driving) {
    v_ = std::min(v_ + p_.v_nom * dt_us / p_.ramp_us, std::max(target, v_));
    if (v_ > target) v_ = std::max(target, v_ - p_.v_nom * dt_us / p_.fall_us);
  } else {
    v_ = std::max(0.0, v_ - p_.v_nom * dt_us / p_.fall_us);
  }
  if (driving && v_ >= p_.pg_threshold * p_.v_nom) {
    above_us_ += dt_us;
  } else {
    above_us_ = 0.0;
  }
  pg_ = driving && above_us_ >= p_.pg_delay_us;
}

}  // namespace xpo::power
