#include <gtest/gtest.h>

#include "xpo/cooling/codes.h"

namespace xpo::cooling {
namespace {

TEST(SensorCodes, TemperatureIsSixteenthDegreeFromMinus64) {
  EXPECT_EQ(TempToCode(-64.0), 0);
  EXPECT_EQ(TempToCode(0.0), 64 * 16);
  EXPECT_EQ(TempToCode(105.0), (105 + 64) * 16);
  EXPECT_DOUBLE_EQ(CodeToTemp(TempToCode(47.5)), 47.5);
}

TEST(SensorCodes, SaturateAtTwelveBits) {
  EXPECT_EQ(TempToCode(-200.0), 0);
  EXPECT_EQ(TempToCode(500.0), 0xFFF);
  EXPECT_EQ(FlowToCode(-1.0), 0);
  EXPECT_EQ(FlowToCode(10.0), 0xFFF);
}

TEST(SensorCodes, FlowIsMillilitresPerMinute) {
  EXPECT_EQ(FlowToCode(0.7), 700);
  EXPECT_DOUBLE_EQ(CodeToFlow(750), 0.75);
}

}  // namespace
}  // namespace xpo::cooling
