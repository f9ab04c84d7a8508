#include "xpo/cooling/leak_sensor.h"

#include <fmt/format.h>

#include <stdexcept>

namespace xpo::cooling {

void LeakSensor::InjectGlitch(double dur_us) {
  if (!(dur_us > 0.0)) {
    throw std::invalid_argument(
        fmt::format("LeakSensor glitch duration must be > 0, got {}", dur_us));
  }
  glitch_left_us_ = dur_us;
}

void LeakSensor::Step(double dt_us) {
  if (!(dt_us >= 0.0)) {
    throw std::invalid_argument(fmt::format("LeakSensor::Step dt_us {} < 0", dt_us));
  }
  glitch_left_us_ = glitch_left_us_ > dt_us ? glitch_left_us_ - dt_us : 0.0;
}

}  // namespace xpo::cooling
