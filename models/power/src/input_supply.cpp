#include "xpo/power/input_supply.h"

#include <fmt/format.h>

#include <stdexcept>

namespace xpo::power {
namespace {
void CheckVolts(double v) {
  if (!(v >= 0.0 && v <= 100.0)) {
    throw std::invalid_argument(fmt::format("InputSupply voltage must be in 0..100 V, got {}", v));
  }
}
}  // namespace

InputSupply::InputSupply(double volts) {
  CheckVolts(volts);
  points_.emplace_back(0.0, volts);
}

void InputSupply::AddPoint(double t_us, double volts) {
  CheckVolts(volts);
  double last = points_.back().first;
  if (!(t_us >= last) || t_us < now_us_) {
    throw std::invalid_argument(
        fmt::format("InputSupply::AddPoint t_us {} is before the last breakpoint ({}) or now ({})",
                    t_us, last, now_us_));
  }
  points_.emplace_back(t_us, volts);
}

void InputSupply::Excursion(double start_us, double dur_us, double volts, double edge_us) {
  if (!(dur_us >= 0.0) || !(edge_us > 0.0)) {
    throw std::invalid_argument(fmt::format(
        "InputSupply excursion needs dur_us >= 0 and edge_us > 0, got {} and {}", dur_us, edge_us));
  }
  double base = VoltageAt(start_us);
  AddPoint(start_us, base);
  AddPoint(start_us + edge_us, volts);
  AddPoint(start_us + edge_us + dur_us, volts);
  AddPoint(start_us + 2 * edge_us + dur_us, base);
}

double InputSupply::VoltageAt(double t_us) const {
  if (t_us <= points_.front().first) return points_.front().second;
  for (size_t i = 1; i < points_.size(); ++i) {
    auto [t1, v1] = points_[i];
    if (t_us <= t1) {
      auto [t0, v0] = points_[i - 1];
      return t1 == t0 ? v1 : v0 + (v1 - v0) * (t_us - t0) / (t1 - t0);
    }
  }
  return points_.back().second;
}

void InputSupply::Step(double dt_us) {
  if (!(dt_us >= 0.0)) {
    throw std::invalid_argument(fmt::format("InputSupply::Step dt_us {} < 0", dt_us));
  }
  now_us_ += dt_us;
}

}  // namespace xpo::power
