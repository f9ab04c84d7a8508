// Simulation time units and conversion to simulator steps, as cocotb's get_sim_steps does.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace xpo::tb {

enum class TimeUnit { kStep, kFs, kPs, kNs, kUs, kMs, kSec };

// Power of ten of one unit in seconds (kFs = -15 ... kSec = 0). kStep has no fixed exponent.
int unitExponent(TimeUnit unit);
std::string_view unitName(TimeUnit unit);
// Parses "fs", "ps", "ns", "us", "ms", "sec" (or "s") and "step"; throws std::invalid_argument.
TimeUnit parseUnit(std::string_view name);

// Raised when a time cannot be expressed in whole simulator steps.
class TimeConversionError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Converts value*unit to steps of 10^precisionExp seconds. Throws TimeConversionError naming the
// value when the result is negative, not whole, or does not fit in 64 bits.
uint64_t toSteps(double value, TimeUnit unit, int precisionExp);
// Converts steps of 10^precisionExp seconds into the given unit.
double fromSteps(uint64_t steps, TimeUnit unit, int precisionExp);

}  // namespace xpo::tb
