#include "xpo/cooling/valve.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace xpo::cooling {

Valve::Valve(double stroke_us) : stroke_us_(stroke_us) {
  if (!(stroke_us > 0.0)) {
    throw std::invalid_argument(fmt::format("Valve stroke_us must be > 0, got {}", stroke_us));
  }
}

void Valve::Step(double dt_us, bool open_cmd) {
  if (!(dt_us >= 0.0)) throw std::invalid_argument(fmt::format("Valve::Step dt_us {} < 0", dt_us));
  double delta = dt_us / stroke_us_;
  pos_ = std::clamp(pos_ + (open_cmd ? delta : -delta), 0.0, 1.0);
}

}  // namespace xpo::cooling
