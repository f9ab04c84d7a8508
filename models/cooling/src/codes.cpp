#include "xpo/cooling/codes.h"

#include <algorithm>
#include <cmath>

namespace xpo::cooling {
namespace {
uint16_t Saturate(double code) {
  return static_cast<uint16_t>(std::clamp(std::lround(code), 0L, static_cast<long>(kCodeMax)));
}
}  // namespace

uint16_t TempToCode(double celsius) { return Saturate((celsius + 64.0) * 16.0); }
double CodeToTemp(uint16_t code) { return code / 16.0 - 64.0; }
uint16_t FlowToCode(double lpm) { return Saturate(lpm * 1000.0); }
double CodeToFlow(uint16_t code) { return code / 1000.0; }

}  // namespace xpo::cooling
