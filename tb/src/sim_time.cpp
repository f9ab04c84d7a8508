#include "xpo/tb/sim_time.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace xpo::tb {

int unitExponent(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kFs:
      return -15;
    case TimeUnit::kPs:
      return -12;
    case TimeUnit::kNs:
      return -9;
    case TimeUnit::kUs:
      return -6;
    case TimeUnit::kMs:
      return -3;
    case TimeUnit::kSec:
      return 0;
    case TimeUnit::kStep:
      break;
  }
  throw std::invalid_argument("time unit 'step' has no fixed exponent");
}

std::string_view unitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kFs:
      return "fs";
    case TimeUnit::kPs:
      return "ps";
    case TimeUnit::kNs:
      return "ns";
    case TimeUnit::kUs:
      return "us";
    case TimeUnit::kMs:
      return "ms";
    case TimeUnit::kSec:
      return "sec";
    case TimeUnit::kStep:
      return "step";
  }
  return "?";
}

TimeUnit parseUnit(std::string_view name) {
  if (name == "fs") return TimeUnit::kFs;
  if (name == "ps") return TimeUnit::kPs;
  if (name == "ns") return TimeUnit::kNs;
  if (name == "us") return TimeUnit::kUs;
  if (name == "ms") return TimeUnit::kMs;
  if (name == "sec" || name == "s") return TimeUnit::kSec;
  if (name == "step") return TimeUnit::kStep;
  throw std::invalid_argument(
      fmt::format("unknown time unit '{}' (expected fs, ps, ns, us, ms, sec or step)", name));
}

uint64_t toSteps(double value, TimeUnit unit, int precisionExp) {
  if (!std::isfinite(value) || value < 0) {
    throw TimeConversionError(
        fmt::format("time {} {} is not a finite non-negative time", value, unitName(unit)));
  }
  double steps = value;
  if (unit != TimeUnit::kStep) {
    const int shift = unitExponent(unit) - precisionExp;
    steps = value * std::pow(10.0, shift);
  }
  const double rounded = std::round(steps);
  // Accept only results that are whole to within floating-point noise of the conversion.
  if (std::fabs(steps - rounded) > 1e-9 * std::max(1.0, std::fabs(steps))) {
    throw TimeConversionError(fmt::format(
        "time {} {} is not a whole number of simulator steps (precision 1e{} s): {} steps", value,
        unitName(unit), precisionExp, steps));
  }
  if (rounded >= static_cast<double>(std::numeric_limits<uint64_t>::max())) {
    throw TimeConversionError(
        fmt::format("time {} {} overflows 64-bit simulator steps", value, unitName(unit)));
  }
  return static_cast<uint64_t>(rounded);
}

double fromSteps(uint64_t steps, TimeUnit unit, int precisionExp) {
  if (unit == TimeUnit::kStep) return static_cast<double>(steps);
  return static_cast<double>(steps) * std::pow(10.0, precisionExp - unitExponent(unit));
}

}  // namespace xpo::tb
