// Digitized sensor encoding seen by the control FPGA (docs/power.md §1): 12-bit ADC codes.
#pragma once

#include <cstdint>

namespace xpo::cooling {

inline constexpr uint16_t kCodeMax = 0xFFF;

// T = code / 16 - 64 degC, saturating at 0 and 0xFFF.
uint16_t TempToCode(double celsius);
double CodeToTemp(uint16_t code);
// Q = code * 1 mL/min, saturating.
uint16_t FlowToCode(double lpm);
double CodeToFlow(uint16_t code);

}  // namespace xpo::cooling
