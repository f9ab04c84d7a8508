// Timing minimums from the MIPI I3C Basic specification v1.1.1, section 6.2 "Timing
// Specification" (tables "I3C Open Drain Timing Parameters", "I3C Push-Pull Timing Parameters"
// and the bus condition table), and from the I2C-bus specification (UM10204) table 10 for
// legacy Fm and Fm+ devices.
#pragma once

#include "xpo/i3c/types.hpp"

namespace xpo::i3c {

struct I3cTimingMin {
  Time low_od = 200 * kNs;     // tLOW_OD
  Time dig_h = 32 * kNs;       // tDIG_H, SCL high (digital) in both OD and PP
  Time high_init = 200 * kNs;  // tHIGH_INIT, SCL high for the first broadcast address after S
  Time dig_l_pp = 32 * kNs;    // tDIG_L, SCL low in push-pull
  // tDIG_H_MIXED maximum: push-pull SCL high on a mixed bus stays under the legacy devices'
  // 50 ns spike filter.
  Time dig_h_mixed_max = 45 * kNs;
  Time period_pp = 77500;  // 1 / fSCL max (12.9 MHz)
  Time su_data = 3 * kNs;  // tSU_OD / tSU_PP
  Time cas = 38400;        // tCAS, START to first SCL fall
  Time casr = 19200;       // tCASr, Sr to SCL fall
  Time cbsr = 19200;       // tCBSr, SCL rise to Sr
  Time cbp = 19200;        // tCBP, SCL rise to STOP (tCAS min / 2)
  Time aval = 1 * kUs;     // tAVAL, bus available before a target START request
  Time idle = 200 * kUs;   // tIDLE, bus idle before a Hot-Join
};

// Legacy I2C timing for the devices a mixed bus carries.
struct I2cTimingMin {
  Time low;
  Time high;
  Time buf;  // tBUF, bus free between STOP and START on a mixed bus
};
inline constexpr I2cTimingMin kI2cFm{1300 * kNs, 600 * kNs, 1300 * kNs};
inline constexpr I2cTimingMin kI2cFmPlus{500 * kNs, 260 * kNs, 500 * kNs};

}  // namespace xpo::i3c
