// Golden model of the cooling interlock specification (docs/cooling.md §1-§3), stepped in 1 us.
// Written from the specification only; a scoreboard compares the RTL against it in time.
#pragma once

#include <array>
#include <cstdint>

#include "xpo/cooling/cooling_plant.h"

namespace xpo::cooling {

// FAULT register bits owned by the interlock (docs/power.md §4).
inline constexpr uint32_t kFaultLeak = 1u << 8;
inline constexpr uint32_t kFaultAsicOt = 1u << 9;
inline constexpr uint32_t kFaultFlowLoss = 1u << 10;
inline constexpr uint32_t kFaultInletOt = 1u << 11;
inline constexpr uint32_t kFaultPlugLoss = 1u << 12;
inline constexpr uint32_t kFaultSensor = 1u << 13;
inline constexpr uint32_t kTripMask = 0x3F00;
// ALARM register bits.
inline constexpr uint32_t kAlarmAsicWarn = 1u << 0;
inline constexpr uint32_t kAlarmInletWarn = 1u << 1;
inline constexpr uint32_t kAlarmFlowWarn = 1u << 2;
inline constexpr uint32_t kAlarmVinLow = 1u << 3;
inline constexpr uint32_t kAlarmVinHigh = 1u << 4;

// Register values the interlock uses; defaults are the reset values of docs/power.md §4.
struct InterlockConfig {
  uint32_t plug_deb_us = 5000;
  uint32_t flow_settle_us = 50000;
  uint32_t flow_grace_us = 50000;
  uint32_t leak_filt_us = 100;
  uint32_t ot_filt_us = 100;
  uint32_t flow_min = 500;
  uint32_t flow_warn = 600;
  uint32_t asic_ot_trip = 2704;
  uint32_t asic_ot_warn = 2544;
  uint32_t inlet_max = 1744;
  uint32_t inlet_warn = 1664;
  uint32_t vin_low_warn = 2100;
  uint32_t vin_high_warn = 2900;
};

struct InterlockInputs {
  bool plug = false;
  bool leak = false;
  uint16_t flow_code = 0;
  uint16_t inlet_code = 0;
  std::array<uint16_t, kNumAsics> asic_code{};
  uint16_t vin_code = 0;
  bool hs_pg = false;
  bool hp_on = false;  // any high-power rail enabled
};

// "Condition held for T us": cleared when the condition is false, counts microseconds while it
// is true; satisfied once the count reaches T.
class HeldTimer {
 public:
  bool Step(bool cond, uint32_t t_us) {
    if (!cond) {
      count_ = 0;
      return false;
    }
    bool done = count_ >= t_us;
    if (count_ < UINT32_MAX) ++count_;
    return done;
  }
  void Reset() { count_ = 0; }

 private:
  uint32_t count_ = 0;
};

class InterlockSpec {
 public:
  explicit InterlockSpec(const InterlockConfig& cfg = {}) : cfg_(cfg) {}
  void SetConfig(const InterlockConfig& cfg) { cfg_ = cfg; }
  const InterlockConfig& config() const { return cfg_; }

  // Advances one microsecond with the inputs seen during it.
  void Step(const InterlockInputs& in);
  // Host W1C; set-dominant because the next Step re-sets a bit whose condition still holds.
  void ClearTrips(uint32_t mask) { trips_ &= ~(mask & kTripMask); }
  void ClearAlarms(uint32_t mask) { alarms_ &= ~mask; }
  void Reset() { *this = InterlockSpec(cfg_); }

  bool ilk_ok() const;
  bool plug_db() const { return plug_db_; }
  bool flow_good() const { return flow_good_; }
  bool leak_f() const { return leak_f_; }
  uint32_t trips() const { return trips_; }
  uint32_t alarms() const { return alarms_; }
  int fault_asic() const { return fault_asic_; }
  bool valve_en(bool low_pwr_state) const {
    return plug_db_ && !(trips_ & kFaultLeak) && !low_pwr_state;
  }

 private:
  InterlockConfig cfg_;
  bool plug_db_ = false;
  uint32_t plug_cnt_ = 0;
  HeldTimer flow_settle_, leak_filt_, flow_grace_, inlet_ot_;
  std::array<HeldTimer, kNumAsics> asic_ot_;
  std::array<HeldTimer, kNumSensors> sensor_bad_;
  bool flow_good_ = false;
  bool leak_f_ = false;
  bool inlet_ok_ = false;
  uint32_t trips_ = 0;
  uint32_t alarms_ = 0;
  int fault_asic_ = 0;
};

}  // namespace xpo::cooling
