#include <gtest/gtest.h>

#include <stdexcept>

#include "xpo/power/hot_swap.h"
#include "xpo/power/input_supply.h"
#include "xpo/power/power_tree.h"

namespace xpo::power {
namespace {

TEST(InputSupply, PiecewiseLinearProfile) {
  InputSupply s(48.0);
  s.Sag(1000, 500, 40.0, 100);
  EXPECT_DOUBLE_EQ(s.VoltageAt(999), 48.0);
  EXPECT_DOUBLE_EQ(s.VoltageAt(1050), 44.0);
  EXPECT_DOUBLE_EQ(s.VoltageAt(1300), 40.0);
  EXPECT_DOUBLE_EQ(s.VoltageAt(1650), 44.0);
  EXPECT_DOUBLE_EQ(s.VoltageAt(5000), 48.0);
  s.Step(1300);
  EXPECT_DOUBLE_EQ(s.voltage(), 40.0);
  EXPECT_THROW(s.AddPoint(1000, 48.0), std::invalid_argument);
  EXPECT_THROW(InputSupply(-1.0), std::invalid_argument);
  EXPECT_THROW(s.Brownout(5000, -1), std::invalid_argument);
}

// Steps the hot-swap at a fixed input for span_us.
void Hold(HotSwap& h, double vin, double span_us, double load_w = 0.0) {
  for (int i = 0; i < span_us; ++i) h.Step(1.0, vin, load_w);
}

TEST(HotSwap, UvloHysteresisOn35Off32) {
  HotSwap h(HotSwapParams{});
  Hold(h, 34.9, 100);
  EXPECT_FALSE(h.in_window());
  Hold(h, 35.0, 100);
  EXPECT_TRUE(h.in_window());
  Hold(h, 32.5, 100000);
  EXPECT_TRUE(h.in_window()) << "inside the hysteresis band it stays on";
  EXPECT_TRUE(h.pg());
  Hold(h, 31.9, 1);
  EXPECT_FALSE(h.in_window());
  EXPECT_FALSE(h.pg());
  EXPECT_EQ(h.vout(), 0.0);
  Hold(h, 34.0, 100);
  EXPECT_FALSE(h.in_window()) << "must climb back to 35 V";
}

TEST(HotSwap, OvloHysteresisOff64On62) {
  HotSwap h(HotSwapParams{});
  Hold(h, 60.0, 40000);
  EXPECT_TRUE(h.pg());
  Hold(h, 64.5, 1);
  EXPECT_FALSE(h.pg());
  Hold(h, 63.0, 100);
  EXPECT_FALSE(h.in_window());
  Hold(h, 62.0, 100);
  EXPECT_TRUE(h.in_window());
}

TEST(HotSwap, SoftStartTakesInputOverSlew) {
  for (double vin : {40.0, 48.0, 54.0, 60.0}) {
    HotSwap h(HotSwapParams{});  // 2 V/ms
    int t = 0;
    while (!h.pg() && t < 100000) {
      h.Step(1.0, vin, 0.0);
      ++t;
    }
    double expect_us = vin / 2.0 * 1000.0;
    EXPECT_NEAR(t, expect_us, 2.0) << vin << " V";
    h.Step(1.0, vin, 0.0);
    EXPECT_NEAR(h.current_a(), 0.0, 1e-9) << "charged: no more capacitor current";
  }
}

TEST(HotSwap, InrushAboveLimitFaultsAfterTimer) {
  HotSwapParams p;
  p.bulk_uf = 1000;
  HotSwap ok(p);
  Hold(ok, 48.0, 5000);
  EXPECT_NEAR(ok.current_a(), 1000e-6 * 2000.0, 1e-6) << "I = C dV/dt = 2 A";
  EXPECT_FALSE(ok.fault());
  p.bulk_uf = 3000;  // 6 A > 4 A limit
  HotSwap bad(p);
  Hold(bad, 48.0, p.fault_timer_us - 1);
  EXPECT_FALSE(bad.fault());
  Hold(bad, 48.0, 1);
  EXPECT_TRUE(bad.fault());
  EXPECT_EQ(bad.fault_cause(), HotSwapFault::kInrush);
  EXPECT_EQ(bad.vout(), 0.0);
  EXPECT_FALSE(bad.pg());
}

TEST(HotSwap, BudgetBreakerAndRetry) {
  HotSwapParams p;
  p.class_w = 400;
  p.retry_us = 10000;
  HotSwap h(p);
  Hold(h, 48.0, 30000);
  ASSERT_TRUE(h.pg());
  Hold(h, 48.0, 100000, 399.0);
  EXPECT_FALSE(h.fault());
  Hold(h, 48.0, p.budget_timer_us, 401.0);
  EXPECT_TRUE(h.fault());
  EXPECT_EQ(h.fault_cause(), HotSwapFault::kBudget);
  Hold(h, 48.0, p.retry_us + 30000, 0.0);
  EXPECT_FALSE(h.fault());
  EXPECT_TRUE(h.pg());
}

TEST(HotSwap, BadParamsThrow) {
  HotSwapParams p;
  p.uvlo_off_v = 36;  // above on
  EXPECT_THROW(HotSwap{p}, std::invalid_argument);
  p = {};
  p.ovlo_on_v = 65;
  EXPECT_THROW(HotSwap{p}, std::invalid_argument);
  p = {};
  p.slew_v_per_ms = 0;
  EXPECT_THROW(HotSwap{p}, std::invalid_argument);
  p = {};
  p.class_w = 0;
  EXPECT_THROW(HotSwap{p}, std::invalid_argument);
}

TEST(PowerTree, LoadsFollowEnablesAndFeedTheAsics) {
  PowerTree t(ReferencePowerTree(48.0));
  for (int i = 0; i < 30000; ++i) t.Step(1.0, 0);
  ASSERT_TRUE(t.hot_swap().pg());
  EXPECT_EQ(t.total_load_w(), 0.0);
  for (int i = 0; i < 5000; ++i) t.Step(1.0, 0x1F);
  EXPECT_EQ(t.pg_mask(), 0x1Fu);
  double sum = 0;
  for (const auto& r : ReferenceRails()) sum += r.load_w;
  EXPECT_NEAR(t.total_load_w(), sum, 1e-9);
  EXPECT_NEAR(sum, 366.0, 1e-9);
  EXPECT_NEAR(t.AsicPowerW(0), (190.0 + 36.0) / 2, 1e-9);
  EXPECT_NEAR(t.AsicPowerW(3), (76.0 + 56.0) / 2, 1e-9);
  for (int i = 0; i < 5000; ++i) t.Step(1.0, 0x01);
  EXPECT_NEAR(t.total_load_w(), 8.0, 1e-9);
  EXPECT_EQ(t.vin_code(), 2400);
}

TEST(PowerTree, BrownoutTakesTheRailsDown) {
  PowerTree t(ReferencePowerTree(48.0));
  for (int i = 0; i < 40000; ++i) t.Step(1.0, 0x1F);
  ASSERT_EQ(t.pg_mask(), 0x1Fu);
  t.input().Brownout(t.now_us() + 100, 2000, 25.0, 100);
  bool lost = false;
  for (int i = 0; i < 1000 && !lost; ++i) {
    t.Step(1.0, 0x1F);
    lost = t.pg_mask() == 0;
  }
  EXPECT_TRUE(lost);
  EXPECT_FALSE(t.hot_swap().pg());
  // Input back: soft start again, then the rails again.
  for (int i = 0; i < 60000; ++i) t.Step(1.0, 0x1F);
  EXPECT_EQ(t.pg_mask(), 0x1Fu);
}

TEST(PowerTree, BadParamsThrow) {
  PowerTreeParams p = ReferencePowerTree();
  p.asic_share[1] = {0.6, 0.6, 0.0, 0.0};
  EXPECT_THROW(PowerTree{p}, std::invalid_argument);
  p = ReferencePowerTree();
  p.asic_share.pop_back();
  EXPECT_THROW(PowerTree{p}, std::invalid_argument);
  PowerTree t(ReferencePowerTree());
  EXPECT_THROW(t.Step(1.0, 0x20), std::invalid_argument);
  EXPECT_THROW(t.rail(5), std::out_of_range);
}

}  // namespace
}  // namespace xpo::power
