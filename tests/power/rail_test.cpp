#include <gtest/gtest.h>

#include <stdexcept>

#include "xpo/power/rail.h"

namespace xpo::power {
namespace {

RailParams Params() {
  RailParams p;
  p.name = "TEST_1V0";
  p.v_nom = 1.0;
  p.ramp_us = 1000;
  p.pg_threshold = 0.9;
  p.pg_delay_us = 200;
  p.fall_us = 500;
  p.load_w = 50;
  return p;
}

int UsUntilPg(Rail& r, int limit = 100000) {
  for (int t = 1; t <= limit; ++t) {
    r.Step(1.0, true, true);
    if (r.pg()) return t;
  }
  return -1;
}

TEST(Rail, PgAfterThresholdPlusDelay) {
  Rail r(Params());
  // Threshold crossed at 0.9 * ramp = 900 us, then 200 us of delay.
  EXPECT_NEAR(UsUntilPg(r), 1100, 1);
  r.Step(1000, true, true);
  EXPECT_DOUBLE_EQ(r.voltage(), 1.0);
  EXPECT_DOUBLE_EQ(r.load_w(), 50.0);
}

TEST(Rail, NoOutputWithoutBusOrEnable) {
  Rail r(Params());
  for (int i = 0; i < 5000; ++i) r.Step(1.0, true, false);
  EXPECT_EQ(r.voltage(), 0.0);
  for (int i = 0; i < 5000; ++i) r.Step(1.0, false, true);
  EXPECT_EQ(r.voltage(), 0.0);
  EXPECT_FALSE(r.pg());
}

TEST(Rail, DisableDropsPgAndFallsInFallTime) {
  Rail r(Params());
  UsUntilPg(r);
  r.Step(250, false, true);
  EXPECT_FALSE(r.pg());
  EXPECT_NEAR(r.voltage(), 0.5, 1e-9);
  EXPECT_EQ(r.load_w(), 0.0);
  r.Step(250, false, true);
  EXPECT_EQ(r.voltage(), 0.0);
}

TEST(Rail, NeverPgSettlesBelowThreshold) {
  Rail r(Params());
  r.Inject(RailFault::kNeverPg);
  EXPECT_EQ(UsUntilPg(r, 20000), -1);
  EXPECT_NEAR(r.voltage(), Rail::kNeverPgFraction, 1e-9);
  EXPECT_FALSE(r.fault_pin());
}

TEST(Rail, OverCurrentLatchesUntilEnableDrops) {
  Rail r(Params());
  UsUntilPg(r);
  r.Inject(RailFault::kOverCurrent);
  r.Step(1.0, true, true);
  EXPECT_TRUE(r.fault_pin());
  EXPECT_FALSE(r.pg());
  r.Step(10000, true, true);
  EXPECT_TRUE(r.fault_pin());
  EXPECT_EQ(r.voltage(), 0.0);
  r.Step(1.0, false, true);
  EXPECT_FALSE(r.fault_pin());
  EXPECT_GT(UsUntilPg(r), 0) << "the over-current was one event";
}

TEST(Rail, ShortTripsFiftyMicrosecondsAfterEveryEnable) {
  Rail r(Params());
  r.Inject(RailFault::kShort);
  for (int cycle = 0; cycle < 2; ++cycle) {
    int t = 0;
    while (!r.fault_pin() && t < 1000) {
      r.Step(1.0, true, true);
      ++t;
    }
    EXPECT_NEAR(t, Rail::kShortDetectUs, 1);
    EXPECT_EQ(r.voltage(), 0.0);
    r.Step(1.0, false, true);
  }
}

TEST(Rail, DropCollapsesWithoutFaultPin) {
  Rail r(Params());
  UsUntilPg(r);
  r.Inject(RailFault::kDrop);
  r.Step(1.0, true, true);
  EXPECT_FALSE(r.pg());
  EXPECT_FALSE(r.fault_pin());
  r.Step(5000, true, true);
  EXPECT_EQ(r.voltage(), 0.0);
  r.ClearFault();
  EXPECT_GT(UsUntilPg(r), 0);
}

TEST(Rail, BadParamsThrow) {
  RailParams p = Params();
  p.pg_threshold = 0.8;  // below the never-PG level
  EXPECT_THROW(Rail{p}, std::invalid_argument);
  p = Params();
  p.ramp_us = 0;
  EXPECT_THROW(Rail{p}, std::invalid_argument);
  p = Params();
  p.v_nom = -1;
  EXPECT_THROW(Rail{p}, std::invalid_argument);
}

}  // namespace
}  // namespace xpo::power
