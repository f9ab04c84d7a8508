// Expectations come from docs/cooling.md: every time is the register value in microseconds.
#include <gtest/gtest.h>

#include "xpo/cooling/codes.h"
#include "xpo/cooling/interlock_spec.h"

namespace xpo::cooling {
namespace {

InterlockInputs Healthy() {
  InterlockInputs in;
  in.plug = true;
  in.flow_code = 750;
  in.inlet_code = TempToCode(35);
  in.asic_code = {TempToCode(60), TempToCode(60), TempToCode(55), TempToCode(55)};
  in.vin_code = 2400;
  in.hs_pg = true;
  return in;
}

// Steps until pred() holds; returns the number of steps taken, or -1 after limit.
template <typename Pred>
int StepsUntil(InterlockSpec& s, const InterlockInputs& in, Pred pred, int limit = 2000000) {
  for (int i = 1; i <= limit; ++i) {
    s.Step(in);
    if (pred()) return i;
  }
  return -1;
}

TEST(InterlockSpec, PlugDebounceTakesTheConfiguredTime) {
  InterlockConfig cfg;
  InterlockSpec s(cfg);
  InterlockInputs in = Healthy();
  // Stable contact: the debounced value changes on the (deb+1)-th microsecond.
  EXPECT_EQ(StepsUntil(s, in, [&] { return s.plug_db(); }), static_cast<int>(cfg.plug_deb_us) + 1);
}

TEST(InterlockSpec, BounceShorterThanDebounceNeverChangesPlug) {
  InterlockConfig cfg;
  InterlockSpec s(cfg);
  InterlockInputs in = Healthy();
  StepsUntil(s, in, [&] { return s.plug_db(); });
  for (int burst = 0; burst < 50; ++burst) {
    in.plug = false;
    for (uint32_t i = 0; i < cfg.plug_deb_us - 1; ++i) {
      s.Step(in);
      ASSERT_TRUE(s.plug_db());
    }
    in.plug = true;
    s.Step(in);
    ASSERT_TRUE(s.plug_db());
  }
}

TEST(InterlockSpec, FlowGoodAfterSettleAndIlkOkNeedsEverything) {
  InterlockConfig cfg;
  cfg.plug_deb_us = 100;
  InterlockSpec s(cfg);
  InterlockInputs in = Healthy();
  int n = StepsUntil(s, in, [&] { return s.ilk_ok(); });
  // flow_good and plug_db both start counting at the first microsecond.
  EXPECT_EQ(n, static_cast<int>(std::max(cfg.flow_settle_us, cfg.plug_deb_us + 1) + 1));
  EXPECT_TRUE(s.flow_good());
  InterlockInputs hot = in;
  hot.inlet_code = static_cast<uint16_t>(cfg.inlet_max + 1);
  s.Step(hot);
  EXPECT_FALSE(s.ilk_ok());
  EXPECT_EQ(s.trips(), 0u) << "inlet over-temperature without high power only blocks";
  s.Step(in);
  EXPECT_TRUE(s.ilk_ok());
  InterlockInputs slow = in;
  slow.flow_code = static_cast<uint16_t>(cfg.flow_min - 1);
  s.Step(slow);
  EXPECT_FALSE(s.ilk_ok());
  s.Step(in);
  EXPECT_FALSE(s.flow_good()) << "flow must settle again";
}

TEST(InterlockSpec, LeakTripsAfterFilterNotBefore) {
  InterlockConfig cfg;  // 100 us filter
  InterlockSpec s(cfg);
  InterlockInputs in = Healthy();
  in.leak = true;
  for (uint32_t i = 0; i < cfg.leak_filt_us; ++i) s.Step(in);
  EXPECT_EQ(s.trips(), 0u);
  in.leak = false;  // a glitch of exactly the filter time
  s.Step(in);
  EXPECT_EQ(s.trips(), 0u);
  in.leak = true;
  int n = StepsUntil(s, in, [&] { return s.trips() != 0; });
  EXPECT_EQ(n, static_cast<int>(cfg.leak_filt_us) + 1);
  EXPECT_EQ(s.trips(), kFaultLeak);
  EXPECT_FALSE(s.valve_en(false)) << "a leak closes the valve";
}

TEST(InterlockSpec, TripsLatchAndClearIsSetDominant) {
  InterlockSpec s;
  InterlockInputs in = Healthy();
  in.leak = true;
  StepsUntil(s, in, [&] { return s.trips() != 0; });
  s.ClearTrips(kFaultLeak);
  s.Step(in);
  EXPECT_EQ(s.trips(), kFaultLeak) << "condition still present";
  in.leak = false;
  s.Step(in);
  EXPECT_EQ(s.trips(), kFaultLeak) << "latched after the condition went away";
  s.ClearTrips(kFaultLeak);
  s.Step(in);
  EXPECT_EQ(s.trips(), 0u);
}

TEST(InterlockSpec, AsicOverTemperatureRecordsFirstAsic) {
  InterlockConfig cfg;
  InterlockSpec s(cfg);
  InterlockInputs in = Healthy();
  in.asic_code[2] = static_cast<uint16_t>(cfg.asic_ot_trip + 1);
  in.asic_code[3] = static_cast<uint16_t>(cfg.asic_ot_trip + 1);
  EXPECT_EQ(StepsUntil(s, in, [&] { return s.trips() != 0; }),
            static_cast<int>(cfg.ot_filt_us) + 1);
  EXPECT_EQ(s.trips(), kFaultAsicOt);
  EXPECT_EQ(s.fault_asic(), 2);
  EXPECT_TRUE(s.alarms() & kAlarmAsicWarn);
  in.asic_code[2] = static_cast<uint16_t>(cfg.asic_ot_trip);  // at the threshold is not over
  in.asic_code[3] = static_cast<uint16_t>(cfg.asic_ot_trip);
  s.ClearTrips(kTripMask);
  s.Step(in);
  s.Step(in);
  EXPECT_EQ(s.trips(), 0u);
}

TEST(InterlockSpec, FlowLossNeedsHighPowerAndGrace) {
  InterlockConfig cfg;
  InterlockSpec s(cfg);
  InterlockInputs in = Healthy();
  in.flow_code = 0;
  for (int i = 0; i < 200000; ++i) s.Step(in);
  EXPECT_EQ(s.trips(), 0u) << "no flow with nothing powered is not a trip";
  in.hp_on = true;
  EXPECT_EQ(StepsUntil(s, in, [&] { return (s.trips() & kFaultFlowLoss) != 0; }),
            static_cast<int>(cfg.flow_grace_us) + 1);
  EXPECT_TRUE(s.alarms() & kAlarmFlowWarn);
}

TEST(InterlockSpec, PlugLossAndInletOverTempTripOnlyWithHighPower) {
  InterlockConfig cfg;
  cfg.plug_deb_us = 100;
  InterlockSpec s(cfg);
  InterlockInputs in = Healthy();
  in.plug = false;
  for (int i = 0; i < 1000; ++i) s.Step(in);
  EXPECT_EQ(s.trips(), 0u);
  in.hp_on = true;
  s.Step(in);
  EXPECT_EQ(s.trips(), kFaultPlugLoss);

  InterlockSpec t(cfg);
  InterlockInputs hot = Healthy();
  hot.inlet_code = static_cast<uint16_t>(cfg.inlet_max + 16);
  for (int i = 0; i < 1000; ++i) t.Step(hot);
  EXPECT_EQ(t.trips(), 0u);
  EXPECT_TRUE(t.alarms() & kAlarmInletWarn);
  hot.hp_on = true;
  EXPECT_EQ(StepsUntil(t, hot, [&] { return t.trips() != 0; }),
            static_cast<int>(cfg.ot_filt_us) + 1);
  EXPECT_EQ(t.trips(), kFaultInletOt);
}

TEST(InterlockSpec, OpenOrShortedSensorTrips) {
  for (uint16_t bad : {uint16_t{0}, uint16_t{0xFFF}}) {
    InterlockSpec s;
    InterlockInputs in = Healthy();
    in.inlet_code = bad;
    StepsUntil(
        s, in, [&] { return s.trips() != 0; }, 1000);
    EXPECT_TRUE(s.trips() & kFaultSensor) << bad;
  }
  InterlockSpec s;
  InterlockInputs in = Healthy();
  in.flow_code = 0;  // zero flow is a real reading, not a broken sensor
  for (int i = 0; i < 1000; ++i) s.Step(in);
  EXPECT_EQ(s.trips(), 0u);
  in.flow_code = 0xFFF;
  StepsUntil(
      s, in, [&] { return s.trips() != 0; }, 1000);
  EXPECT_EQ(s.trips(), kFaultSensor);
}

TEST(InterlockSpec, VinWarnings) {
  InterlockConfig cfg;
  InterlockSpec s(cfg);
  InterlockInputs in = Healthy();
  s.Step(in);
  EXPECT_EQ(s.alarms(), 0u);
  in.vin_code = static_cast<uint16_t>(cfg.vin_low_warn - 1);
  s.Step(in);
  EXPECT_EQ(s.alarms(), kAlarmVinLow);
  in.vin_code = static_cast<uint16_t>(cfg.vin_high_warn + 1);
  s.ClearAlarms(kAlarmVinLow);
  s.Step(in);
  EXPECT_EQ(s.alarms(), kAlarmVinHigh);
}

}  // namespace
}  // namespace xpo::cooling
