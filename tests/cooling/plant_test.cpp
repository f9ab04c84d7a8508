#include <gtest/gtest.h>

#include <stdexcept>

#include "xpo/cooling/codes.h"
#include "xpo/cooling/cooling_plant.h"

namespace xpo::cooling {
namespace {

TEST(CoolingPlant, SteadyStateMatchesHandCalculation) {
  CoolingPlant c(CoolingPlantParams{}, 7, true);
  std::array<double, kNumAsics> w = {113.0, 113.0, 66.0, 66.0};
  const double total = 366.0;
  for (int i = 0; i < 5000; ++i) c.Step(1000.0, true, w, total);  // 5 s, >> every tau
  EXPECT_NEAR(c.flow().lpm(), 0.75, 1e-6);
  // Mean coolant = 35 + 366 W / (2 * 1.02 kg/L * 0.75/60 L/s * 3900 J/kgK).
  double tc = 35.0 + 366.0 / (2 * 1.02 * 0.75 / 60.0 * 3900.0);
  EXPECT_NEAR(c.asic(0).temp_c(), tc + 113.0 * 0.41, 0.01);
  EXPECT_NEAR(c.asic(2).temp_c(), tc + 66.0 * 0.60, 0.01);
  EXPECT_EQ(c.asic_code(0), TempToCode(c.asic(0).temp_c()));
  EXPECT_EQ(c.flow_code(), 750);
  EXPECT_EQ(c.inlet_code(), TempToCode(35.0));
}

TEST(CoolingPlant, NoFlowWithoutValveOrPlug) {
  CoolingPlant c(CoolingPlantParams{}, 7, false);
  c.Step(1e6, true, {}, 0.0);
  EXPECT_EQ(c.flow_code(), 0);
  c.plug().Mate();
  c.Step(1e6, false, {}, 0.0);
  EXPECT_EQ(c.flow_code(), 0);
  c.Step(1e6, true, {}, 0.0);
  EXPECT_EQ(c.flow_code(), 750);
}

TEST(CoolingPlant, StuckSensorFreezesItsCode) {
  CoolingPlant c(CoolingPlantParams{}, 7, true);
  c.StickSensor(Sensor::kAsic1, 0x123);
  c.Step(1e6, true, {0, 200, 0, 0}, 200);
  EXPECT_EQ(c.asic_code(1), 0x123);
  EXPECT_GT(c.asic(1).temp_c(), 60.0);
  c.UnstickSensor(Sensor::kAsic1);
  EXPECT_EQ(c.asic_code(1), TempToCode(c.asic(1).temp_c()));
  EXPECT_THROW(c.StickSensor(Sensor::kFlow, 0x1000), std::invalid_argument);
  EXPECT_THROW(c.asic(4), std::out_of_range);
}

TEST(CoolingPlant, InletOverTemperatureRaisesEverything) {
  CoolingPlant c(CoolingPlantParams{}, 7, true);
  c.Step(5e6, true, {100, 100, 50, 50}, 300);
  double before = c.asic(0).temp_c();
  c.coolant().SetInlet(50.0);
  c.Step(5e6, true, {100, 100, 50, 50}, 300);
  EXPECT_NEAR(c.asic(0).temp_c() - before, 15.0, 0.01);
  EXPECT_EQ(c.inlet_code(), TempToCode(50.0));
}

}  // namespace
}  // namespace xpo::cooling
