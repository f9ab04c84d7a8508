// Block tests of pwr_top against the power and cooling plant models, with the golden ModuleSpec
// compared in time by the scoreboard (docs/power.md, docs/cooling.md).
#include <fmt/format.h>

#include "pwr_bench.h"

namespace xpo::power::test {
namespace {

using tb::TimeUnit;

XPO_PARAM_SUITE(PwrUpDown, double);

XPO_TEST_P(PwrUpDown, FullSequenceOrderTimingBudget, PwrDut, .timeout_time = 3,
           .timeout_unit = TimeUnit::kSec) {
  Bench b(dut, ReferencePowerTree(param), cooling::CoolingPlantParams{});
  co_await b.Start();
  CO_ASSERT_TRUE(co_await b.PowerUp()) << "no Ready at " << param << " V";
  co_await b.Wait(2000);
  const uint32_t status = co_await b.Read(reg::kStatus);
  EXPECT_EQ(status & 7u, static_cast<uint32_t>(ModuleState::kReady));
  EXPECT_EQ(status >> 8 & 0x1Fu, 0x1Fu) << "RAIL_EN";
  EXPECT_EQ(status >> 16 & 0x1Fu, 0x1Fu) << "RAIL_PG";
  EXPECT_EQ(status >> 24 & 0x3Fu, 0x37u) << "ILK_OK, PLUG, FLOW_GOOD, no LEAK, HS_PG, VALVE";
  EXPECT_EQ(co_await b.Read(reg::kFault), 7u << 16) << "no fault, FAULT_RAIL none";
  // The plant agrees: every rail at its nominal voltage, the whole load drawn.
  EXPECT_NEAR(b.power().total_load_w(), 366.0, 0.5);

  CO_ASSERT_TRUE(co_await b.Write(reg::kCtrl, kCtrlLowPwrSw | kCtrlLpModePinEn));
  CO_ASSERT_TRUE(co_await b.WaitState(ModuleState::kLowPwr, 100000));
  co_await b.Wait(1000);
  EXPECT_EQ(b.power().total_load_w(), 0.0);

  // Order and spacing from the specification: up in SEQ_ORDER with PG + SEQ_DELAY between
  // enables, down in reverse with PDN_DELAY between disables.
  std::vector<uint32_t> up, down;
  std::vector<uint64_t> up_t, down_t;
  for (const RailEvent& e : b.rail_events()) {
    (e.on ? up : down).push_back(e.rail);
    (e.on ? up_t : down_t).push_back(e.t_us);
  }
  EXPECT_EQ(up, (std::vector<uint32_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(down, (std::vector<uint32_t>{4, 3, 2, 1, 0}));
  for (size_t i = 1; i < up_t.size(); ++i) {
    EXPECT_GE(up_t[i] - up_t[i - 1], 500u) << "SEQ_DELAY after PG of rail " << up[i - 1];
  }
  for (size_t i = 1; i < down_t.size(); ++i) {
    EXPECT_NEAR(static_cast<double>(down_t[i] - down_t[i - 1]), 200.0, 3.0) << "PDN_DELAY";
  }
  EXPECT_LE(b.max_declared_w(), 400u);
  b.Finish();
}

INSTANTIATE_TEST_SUITE_P(Vin, PwrUpDown, ::testing::Values(40.0, 48.0, 54.0, 60.0));

}  // namespace
}  // namespace xpo::power::test
