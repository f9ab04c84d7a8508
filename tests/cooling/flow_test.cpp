#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "xpo/cooling/coolant.h"
#include "xpo/cooling/flow.h"

namespace xpo::cooling {
namespace {

TEST(Flow, FirstOrderReaches63PercentAtTau) {
  FlowParams fp;  // 0.75 L/min, tau 20 ms
  Flow f(fp);
  for (int i = 0; i < fp.tau_us; ++i) f.Step(1.0, 1.0, true);
  EXPECT_NEAR(f.lpm() / fp.supply_lpm, 1.0 - std::exp(-1.0), 1e-6);
  for (int i = 0; i < 4 * fp.tau_us; ++i) f.Step(1.0, 1.0, true);
  EXPECT_GT(f.lpm() / fp.supply_lpm, 0.993);
}

TEST(Flow, FollowsValveAndPlug) {
  Flow f(FlowParams{});
  EXPECT_DOUBLE_EQ(f.target_lpm(0.5, true), 0.375);
  EXPECT_DOUBLE_EQ(f.target_lpm(1.0, false), 0.0);
}

TEST(Flow, LossDecaysAndSlowSettlesLower) {
  FlowParams fp;
  Flow f(fp);
  f.Step(1e6, 1.0, true);
  EXPECT_NEAR(f.lpm(), fp.supply_lpm, 1e-9);
  f.Inject(FlowFault::kSlow, 0.5);
  f.Step(1e6, 1.0, true);
  EXPECT_NEAR(f.lpm(), 0.5 * fp.supply_lpm, 1e-9);
  f.Inject(FlowFault::kLoss);
  f.Step(fp.tau_us, 1.0, true);
  EXPECT_NEAR(f.lpm(), 0.5 * fp.supply_lpm * std::exp(-1.0), 1e-9);
  f.Inject(FlowFault::kNone);
  f.SetTau(1000);
  f.Step(1e5, 1.0, true);
  EXPECT_NEAR(f.lpm(), fp.supply_lpm, 1e-9);
}

TEST(Flow, BadParamsThrow) {
  FlowParams fp;
  fp.tau_us = 0;
  EXPECT_THROW(Flow{fp}, std::invalid_argument);
  Flow f(FlowParams{});
  EXPECT_THROW(f.Inject(FlowFault::kSlow, 1.5), std::invalid_argument);
  EXPECT_THROW(f.SetTau(-1), std::invalid_argument);
}

TEST(Coolant, SizingRuleOfThumbHolds) {
  // Water: about 1.43 L/min per kW for a 10 K rise (rounded up to 1.5 in practice).
  CoolantParams water;
  water.cp_j_per_kgk = 4180;
  water.rho_kg_per_l = 1.0;
  Coolant w(water);
  EXPECT_NEAR(w.FlowForLpm(1000, 10), 1.435, 0.01);
  EXPECT_NEAR(w.RiseK(1000, 1.5), 9.57, 0.05);
  // PG25 at 480 W needs about 0.72 L/min for 10 K.
  Coolant pg25(CoolantParams{});
  EXPECT_NEAR(pg25.FlowForLpm(480, 10), 0.724, 0.005);
  EXPECT_NEAR(pg25.RiseK(480, 0.724), 10.0, 0.05);
  EXPECT_NEAR(pg25.MeanC(480, 0.724), 35.0 + 5.0, 0.05);
}

TEST(Coolant, BadParamsThrow) {
  CoolantParams cp;
  cp.cp_j_per_kgk = 0;
  EXPECT_THROW(Coolant{cp}, std::invalid_argument);
  Coolant c(CoolantParams{});
  EXPECT_THROW(c.SetInlet(150), std::invalid_argument);
  EXPECT_THROW(c.FlowForLpm(100, 0), std::invalid_argument);
}

}  // namespace
}  // namespace xpo::cooling
