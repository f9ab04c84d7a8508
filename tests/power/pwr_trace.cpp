// Records one power-up of the module for plotting: LowPwr -> Ready at 48 V, 1.5 s in Ready so the
// ASIC temperatures settle, then power-down. Writes the plant's rails, load, flow and ASIC
// temperatures every 100 us to $XPO_PWR_TRACE (default power_up.csv). Not a ctest test:
// sim/plots/power_up.sh runs it and plots the result.
#include <cstdlib>

#include "pwr_bench.h"

namespace xpo::power::test {
namespace {

using tb::TimeUnit;

XPO_TEST(PwrTrace, PowerUpHoldDown, PwrDut, .timeout_time = 3, .timeout_unit = TimeUnit::kSec) {
  Bench b(dut, ReferencePowerTree(48.0), cooling::CoolingPlantParams{});
  const char* path = std::getenv("XPO_PWR_TRACE");
  b.TraceTo(path ? path : "power_up.csv");
  co_await b.Start();
  co_await b.Wait(5000);
  CO_ASSERT_TRUE(co_await b.PowerUp());
  co_await b.Wait(1500000);
  CO_ASSERT_TRUE(co_await b.Write(reg::kCtrl, kCtrlLowPwrSw | kCtrlLpModePinEn));
  CO_ASSERT_TRUE(co_await b.WaitState(ModuleState::kLowPwr, 100000));
  co_await b.Wait(20000);
  b.Finish();
}

}  // namespace
}  // namespace xpo::power::test
