// Tests with deliberately bad outcomes: run as a child process by runner_test.cpp, which checks
// that each one is reported the way cocotb would report it. Not registered with ctest itself.
#include <csignal>
#include <cstdlib>
#include <stdexcept>

#include "duts.h"

namespace xpo::tb::testing {
namespace {

constexpr auto kNs = TimeUnit::kNs;

XPO_TEST(Fixture, Passes, CounterDut) {
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  uint64_t stim = dut.rng()();
  dut.log().info("first random value {}", stim);
  for (int i = 0; i < 20; ++i) {
    dut.en_i.write(stim & 1);
    stim >>= 1;
    co_await RisingEdge(dut.clk_i);
  }
  co_await ReadOnly();
  dut.log().info("final count {}", dut.count_o.read());
}

XPO_TEST(Fixture, AssertFails, CounterDut) {
  co_await Timer(3, kNs);
  CO_ASSERT_EQ(dut.count_o.read() + 1, dut.count_o.read()) << "deliberately false";
  dut.log().error("not reached: CO_ASSERT_EQ must unwind the coroutine");
}

XPO_TEST(Fixture, ExpectFailThatFails, CounterDut, .expect_fail = true) {
  co_await Timer(1, kNs);
  CO_ASSERT_TRUE(false);
}

XPO_TEST(Fixture, ExpectFailThatPasses, CounterDut, .expect_fail = true) { co_await Timer(1, kNs); }

XPO_TEST(Fixture, ExpectErrorRaised, CounterDut, .expect_error = ExpectError<std::runtime_error>) {
  co_await Timer(1, kNs);
  throw std::runtime_error("expected");
}

XPO_TEST(Fixture, ExpectErrorOfAnotherType, CounterDut,
         .expect_error = ExpectError<std::out_of_range>) {
  co_await Timer(1, kNs);
  throw std::runtime_error("not the expected type");
}

XPO_TEST(Fixture, TimesOut, CounterDut, .timeout_time = 1, .timeout_unit = TimeUnit::kUs) {
  Clock(dut.clk_i, 10, kNs).start();
  co_await RisingEdge(dut.wrap_o);
}

XPO_TEST(Fixture, TimeoutExpected, CounterDut, .timeout_time = 200, .timeout_unit = TimeUnit::kNs,
         .expect_error = ExpectError<SimTimeoutError>) {
  Clock(dut.clk_i, 10, kNs).start();
  co_await ClockCycles(dut.clk_i, 1000);
}

XPO_TEST(Fixture, NoProgress, CounterDut) {
  Event never("never set");
  co_await never.wait();
}

XPO_TEST(Fixture, Skipped, CounterDut, .skip = true) {
  CO_FAIL() << "a skipped test must not run";
  co_return;
}

XPO_TEST(Fixture, Crashes, CounterDut) {
  co_await Timer(7, kNs);
  std::raise(SIGSEGV);
}

XPO_TEST(Fixture, CallsExit, CounterDut) {
  co_await Timer(2, kNs);
  std::exit(3);
}

XPO_TEST(Fixture, Hangs, CounterDut) {
  co_await Timer(1, kNs);
  volatile bool spin = true;
  while (spin) {
  }
}

XPO_TEST(Fixture, UnjoinedTaskErrorFailsTheTest, CounterDut) {
  auto bad = []() -> Task<> {
    co_await Timer(2, kNs);
    throw std::logic_error("error in a background task");
  };
  startSoon(bad(), "bad");
  co_await Timer(10, kNs);
  dut.log().error("not reached: the task's error ends the test");
}

XPO_TEST(Fixture, BackgroundTaskCancelledAtEnd, CounterDut) {
  struct Guard {
    ~Guard() { std::printf("background task unwound\n"); }
  };
  auto background = []() -> Task<> {
    Guard g;
    co_await Timer(1, TimeUnit::kMs);
    std::printf("background task ran to the end\n");
  };
  startSoon(background());
  co_await Timer(1, kNs);
}

XPO_TEST(Fixture, WriteInReadOnlyFails, CounterDut) {
  co_await ReadOnly();
  dut.en_i.write(1);
}

XPO_PARAM_SUITE(FixtureParam, int);
XPO_TEST_P(FixtureParam, CountsParamCycles, CounterDut) {
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  dut.en_i.write(1);
  co_await ClockCycles(dut.clk_i, static_cast<uint64_t>(param));
  co_await ReadOnly();
  CO_ASSERT_EQ(dut.count_o.read(), static_cast<uint64_t>(param));
}
INSTANTIATE_TEST_SUITE_P(Cycles, FixtureParam, ::testing::Values(1, 5, 17));

}  // namespace
}  // namespace xpo::tb::testing
