#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "xpo/cooling/asic_thermal.h"
#include "xpo/cooling/leak_sensor.h"

namespace xpo::cooling {
namespace {

TEST(AsicThermal, StepResponseIs63PercentAtTau) {
  AsicThermalParams p;  // R = 0.15 + 0.26 = 0.41 K/W at 0.75 L/min, tau 0.5 s
  AsicThermal a(p, 35.0);
  const double tss = 35.0 + 100.0 * 0.41;
  EXPECT_NEAR(a.SteadyC(100.0, 35.0, 0.75), tss, 1e-9);
  for (int i = 0; i < 500; ++i) a.Step(1000.0, 100.0, 35.0, 0.75);
  EXPECT_NEAR(a.temp_c(), 35.0 + (1.0 - std::exp(-1.0)) * (tss - 35.0), 1e-6);
  a.Step(5e6, 100.0, 35.0, 0.75);
  EXPECT_NEAR(a.temp_c(), tss, 1e-3);
}

TEST(AsicThermal, StepSizeDoesNotChangeTheAnswer) {
  AsicThermal fine(AsicThermalParams{}, 30.0), coarse(AsicThermalParams{}, 30.0);
  for (int i = 0; i < 100000; ++i) fine.Step(1.0, 80.0, 36.0, 0.7);
  coarse.Step(100000.0, 80.0, 36.0, 0.7);
  EXPECT_NEAR(fine.temp_c(), coarse.temp_c(), 1e-9);
}

TEST(AsicThermal, ResistanceRisesAsFlowFalls) {
  AsicThermalParams p;
  AsicThermal a(p, 35.0);
  EXPECT_NEAR(a.RthKw(p.q_nom_lpm), p.r_cond_kw + p.r_conv_kw, 1e-12);
  // h ~ v^0.8: halving the flow multiplies the convective part by 2^0.8.
  EXPECT_NEAR(a.RthKw(p.q_nom_lpm / 2), p.r_cond_kw + p.r_conv_kw * std::pow(2.0, 0.8), 1e-12);
  EXPECT_DOUBLE_EQ(a.RthKw(0.0), p.r_max_kw);
  EXPECT_DOUBLE_EQ(a.RthKw(1e-6), p.r_max_kw);
}

TEST(AsicThermal, BadParamsThrow) {
  AsicThermalParams p;
  p.tau_us = 0;
  EXPECT_THROW(AsicThermal(p, 25), std::invalid_argument);
  p = {};
  p.r_max_kw = 0.2;  // below r_cond + r_conv
  EXPECT_THROW(AsicThermal(p, 25), std::invalid_argument);
}

TEST(LeakSensor, GlitchLastsItsDurationLeakStays) {
  LeakSensor l;
  EXPECT_FALSE(l.wet());
  l.InjectGlitch(50);
  int wet_us = 0;
  for (int i = 0; i < 200; ++i) {
    wet_us += l.wet();
    l.Step(1.0);
  }
  EXPECT_EQ(wet_us, 50);
  l.InjectLeak();
  l.Step(1e6);
  EXPECT_TRUE(l.wet());
  l.Clear();
  EXPECT_FALSE(l.wet());
  EXPECT_THROW(l.InjectGlitch(0), std::invalid_argument);
}

}  // namespace
}  // namespace xpo::cooling
