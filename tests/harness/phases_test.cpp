// Scheduling semantics against cocotb 1.9 on Verilator (docs/harness.md, HARNESS_SEMANTICS).
#include <vector>

#include <gmock/gmock.h>

#include "duts.h"

namespace xpo::tb::testing {
namespace {

constexpr auto kNs = TimeUnit::kNs;

XPO_TEST(HarnessPhases, EdgeSeesPreEdgeValuesReadOnlySeesPostEdge, CounterDut) {
  Clock(dut.clk_i, 10, kNs).start();
  dut.en_i.setImmediateValue(1);
  co_await resetDut(dut);
  // First edge after reset: flops not yet updated when the edge trigger resumes us.
  co_await RisingEdge(dut.clk_i);
  EXPECT_EQ(dut.count_o.read(), 0u);
  co_await ReadOnly();
  EXPECT_EQ(dut.count_o.read(), 1u);
  co_await RisingEdge(dut.clk_i);
  EXPECT_EQ(dut.count_o.read(), 1u);
  co_await ReadOnly();
  EXPECT_EQ(dut.count_o.read(), 2u);
}

XPO_TEST(HarnessPhases, WriteAfterEdgeReachesFlopsAtNextEdge, CounterDut) {
  Clock(dut.clk_i, 10, kNs).start();
  dut.en_i.setImmediateValue(0);
  co_await resetDut(dut);
  co_await RisingEdge(dut.clk_i);
  dut.en_i.write(1);
  co_await ReadOnly();
  EXPECT_EQ(dut.en_i.read(), 1u) << "write applied within the step";
  EXPECT_EQ(dut.count_o.read(), 0u) << "but after this edge was evaluated";
  co_await RisingEdge(dut.clk_i);
  co_await ReadOnly();
  EXPECT_EQ(dut.count_o.read(), 1u);
}

XPO_TEST(HarnessPhases, WritesAreQueuedAndTheLastWriteWins, CounterDut) {
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  co_await FallingEdge(dut.clk_i);
  const uint64_t before = dut.load_value_i.read();
  dut.load_value_i.write(5);
  dut.load_value_i.write(7);
  EXPECT_EQ(dut.load_value_i.read(), before) << "a write is not visible before ReadWrite";
  co_await ReadWrite();
  EXPECT_EQ(dut.load_value_i.read(), 7u);
  dut.load_i.write(1);
  co_await RisingEdge(dut.clk_i);
  co_await ReadOnly();
  EXPECT_EQ(dut.count_o.read(), 7u);
}

XPO_TEST(HarnessPhases, SetImmediateValueWritesAtOnce, CounterDut) {
  dut.load_value_i.setImmediateValue(42);
  EXPECT_EQ(dut.load_value_i.read(), 42u);
  co_await Timer(1, kNs);
  EXPECT_EQ(dut.load_value_i.read(), 42u);
}

XPO_TEST(HarnessPhases, CombinationalOutputsSettleWithinTheStep, CounterDut) {
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  dut.load_value_i.write(0xffffffff);
  dut.load_i.write(1);
  co_await RisingEdge(dut.clk_i);
  dut.load_i.write(0);
  co_await ReadOnly();
  EXPECT_EQ(dut.wrap_o.read(), 0u);
  co_await NextTimeStep();
  dut.en_i.write(1);
  // wrap_o is design-driven: its Edge fires after the evaluation that changed it.
  co_await Edge(dut.wrap_o);
  EXPECT_EQ(dut.wrap_o.read(), 1u);
  EXPECT_EQ(dut.en_i.read(), 1u);
}

XPO_TEST(HarnessPhases, DesignDrivenClockEdgeFiresAfterEvaluation, ClkDivDut) {
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  const double t0 = Scheduler::current().nowNs();
  co_await RisingEdge(dut.clk_div_o);
  EXPECT_EQ(dut.clk_div_o.read(), 1u) << "the new value is visible when the trigger fires";
  EXPECT_EQ(dut.clk_i.read(), 1u) << "in the step of the input clock's rising edge";
  const double t1 = Scheduler::current().nowNs();
  co_await RisingEdge(dut.clk_div_o);
  EXPECT_DOUBLE_EQ(Scheduler::current().nowNs() - t1, 20.0);
  EXPECT_GT(t1, t0);
}

XPO_TEST(HarnessPhases, NextTimeStepRunsBeforeThatStepsTimedCallbacks, CounterDut) {
  Clock(dut.clk_i, 10, kNs).start();
  co_await RisingEdge(dut.clk_i);
  const double t = Scheduler::current().nowNs();
  co_await NextTimeStep();
  EXPECT_DOUBLE_EQ(Scheduler::current().nowNs(), t + 5);
  EXPECT_EQ(dut.clk_i.read(), 1u) << "the clock edge due at this time has not fired yet";
  co_await ReadOnly();
  EXPECT_EQ(dut.clk_i.read(), 0u);
}

XPO_TEST(HarnessPhases, WriteDuringReadOnlyIsAnError, CounterDut) {
  co_await ReadOnly();
  bool raised = false;
  try {
    dut.en_i.write(1);
  } catch (const PhaseError& e) {
    raised = true;
    EXPECT_THAT(std::string(e.what()), ::testing::HasSubstr("en_i"));
  }
  EXPECT_TRUE(raised);
  // Departure from cocotb 1.9, which lets setimmediatevalue through here.
  EXPECT_THROW(dut.en_i.setImmediateValue(1), PhaseError);
  bool raisedRw = false;
  try {
    co_await ReadWrite();
  } catch (const PhaseError&) {
    raisedRw = true;
  }
  EXPECT_TRUE(raisedRw);
  bool raisedRo = false;
  try {
    co_await ReadOnly();
  } catch (const PhaseError&) {
    raisedRo = true;
  }
  EXPECT_TRUE(raisedRo);
  co_await Timer(1, kNs);
  dut.en_i.write(1);  // allowed again in the next step
}

XPO_TEST(HarnessPhases, WaitersOnOneTriggerResumeInWaitOrder, CounterDut) {
  Clock(dut.clk_i, 10, kNs).start();
  std::vector<int> order;
  auto waiter = [&](int id) -> Task<> {
    co_await RisingEdge(dut.clk_i);
    order.push_back(id);
  };
  std::vector<Task<>> tasks;
  tasks.reserve(4);
  for (int i = 0; i < 4; ++i) tasks.push_back(startSoon(waiter(i)));
  for (auto& t : tasks) co_await t;
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
}

XPO_TEST(HarnessPhases, SameStepRaceLastWriterWins, CounterDut) {
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  auto writer = [&](uint64_t v) -> Task<> {
    co_await RisingEdge(dut.clk_i);
    dut.load_value_i.write(v);
  };
  auto a = startSoon(writer(11));
  auto b = startSoon(writer(22));
  co_await Combine(a, b);
  co_await ReadOnly();
  EXPECT_EQ(dut.load_value_i.read(), 22u);
}

// cocotb 1.9.2: start() is start_soon() plus a yield, so tasks queued earlier run first
// (the same order as Parity start_order).
XPO_TEST(HarnessPhases, StartSoonRunsWhenTheCallerYieldsStartYieldsToQueuedTasks, CounterDut) {
  std::vector<std::string> log;
  auto child = [&](std::string name) -> Task<> {
    log.push_back(name + " begins");
    co_await Timer(1, kNs);
    log.push_back(name + " ends");
  };
  auto soon = startSoon(child("soon"));
  log.push_back("after startSoon");
  auto now = co_await start(child("now"));
  log.push_back("after start");
  EXPECT_TRUE(now.started());
  co_await Timer(2, kNs);
  EXPECT_EQ(log, (std::vector<std::string>{"after startSoon", "soon begins", "now begins",
                                           "after start", "soon ends", "now ends"}))
      << "timers fire in the order they were set";
}

}  // namespace
}  // namespace xpo::tb::testing
