// The scheduler's shortcuts (docs/harness.md, "Shortcuts"), each shown to be invisible to tests:
// merged evaluations (a ReadWrite phase that only writes data inputs is evaluated together with
// the next time step), silent clock edges (an edge nobody waits for is just driven and
// evaluated) and quiet clock steps (clock edges with nothing else pending run without the polling
// rounds, back to back).
#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>

#include "duts.h"

namespace xpo::tb::testing {
namespace {

constexpr auto kNs = TimeUnit::kNs;

// Evaluations per clock cycle while the test writes en_i after every rising edge.
Task<double> evaluationsPerCycle(CounterDut& dut, bool merge) {
  Scheduler& sched = Scheduler::current();
  sched.setMergeEvaluations(merge);
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  co_await RisingEdge(dut.clk_i);
  constexpr int kCycles = 100;
  const uint64_t before = sched.evaluations();
  for (int i = 0; i < kCycles; ++i) {
    dut.en_i.write(i & 1);
    co_await RisingEdge(dut.clk_i);
  }
  co_return static_cast<double>(sched.evaluations() - before) / kCycles;
}

XPO_TEST(HarnessMerge, DataWritesAfterAnEdgeCostNoEvaluationOfTheirOwn, CounterDut) {
  EXPECT_EQ(co_await evaluationsPerCycle(dut, true), 2.0);
}

XPO_TEST(HarnessMerge, WithoutMergingEveryReadWritePhaseIsEvaluated, CounterDut) {
  EXPECT_EQ(co_await evaluationsPerCycle(dut, false), 3.0);
}

XPO_TEST(HarnessMerge, GeneratedTriggersNameTheClockAndReset, CounterDut) {
  using T = ModelTriggers<Vtb_counter>;
  static_assert(T::kKnown && T::kOnlyInputTriggers && !T::kHasTiming);
  EXPECT_THAT(T::kEdgeInputs, ::testing::ElementsAre("clk_i", "rst_ni"));
  EXPECT_TRUE(CounterDut::edgeInput("clk_i"));
  EXPECT_FALSE(CounterDut::edgeInput("en_i"));
  // A clock the design derives from inputs is a trigger that is not an input: nothing merges.
  static_assert(ModelTriggers<Vtb_gated>::kKnown && !ModelTriggers<Vtb_gated>::kOnlyInputTriggers);
  EXPECT_TRUE(GatedDut::edgeInput("d_i"));
  co_return;
}

// What a coroutine reads after a merged ReadWrite phase, against the same test run with every
// phase evaluated in its step: the values must be the same.
Task<std::array<uint64_t, 6>> observeAfterWrites(CounterDut& dut, bool merge) {
  Scheduler::current().setMergeEvaluations(merge);
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  dut.load_value_i.write(0xffffffffu);
  dut.load_i.write(1);
  co_await RisingEdge(dut.clk_i);
  dut.load_i.write(0);
  co_await RisingEdge(dut.clk_i);  // count_o is all ones from here, en_i is 0
  dut.en_i.write(1);               // wrap_o = en_i && count == max: combinational on en_i
  co_await FallingEdge(dut.clk_i);
  std::array<uint64_t, 6> seen{};
  seen[0] = dut.wrap_o.read();  // settles the merged evaluation without the falling clock
  seen[1] = dut.count_o.read();
  seen[2] = dut.clk_i.read();
  co_await RisingEdge(dut.clk_i);
  seen[3] = dut.count_o.read();
  dut.en_i.write(0);
  co_await Timer(2, kNs);  // a step with no clock edge: the merged evaluation happens there
  seen[4] = dut.wrap_o.read();
  seen[5] = dut.model().count_o;  // raw model access settles too
  co_return seen;
}

XPO_TEST(HarnessMerge, ReadsSeeTheValuesOfTheStepThatWrote, CounterDut) {
  const auto seen = co_await observeAfterWrites(dut, true);
  EXPECT_THAT(seen, ::testing::ElementsAre(1u, 0xffffffffu, 0u, 0xffffffffu, 0u, 0u));
}

XPO_TEST(HarnessMerge, ReadsMatchAStepByStepRun, CounterDut) {
  const auto seen = co_await observeAfterWrites(dut, false);
  EXPECT_THAT(seen, ::testing::ElementsAre(1u, 0xffffffffu, 0u, 0xffffffffu, 0u, 0u));
}

// en_i gates the flop's clock: written while clk_i is high it makes an edge at once. Merged
// with the falling clock it would make none, and q_o would keep its old value.
XPO_TEST(HarnessMerge, InputThatGatesAClockIsEvaluatedInItsStep, GatedDut) {
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  co_await RisingEdge(dut.clk_i);
  dut.d_i.write(0x5a);
  dut.en_i.write(1);
  co_await FallingEdge(dut.clk_i);
  EXPECT_EQ(dut.q_o.read(), 0x5au);
}

// rst_ni is an edge input: a ReadWrite write of it is evaluated in its step even when merging.
XPO_TEST(HarnessMerge, EdgeInputWritesAreNotMerged, CounterDut) {
  Scheduler& sched = Scheduler::current();
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  co_await RisingEdge(dut.clk_i);
  co_await RisingEdge(dut.clk_i);
  const uint64_t before = sched.evaluations();
  dut.rst_ni.write(0);
  co_await RisingEdge(dut.clk_i);
  EXPECT_EQ(sched.evaluations() - before, 3u) << "rising edge, ReadWrite, falling edge";
  EXPECT_EQ(dut.count_o.read(), 0u);
  dut.rst_ni.write(1);
}

// Edges nobody waited for still reach the design, and the first waiter for an edge kind after a
// run of them wakes at the next such edge, not at once and not one late.
XPO_TEST(HarnessSilentEdges, WaitersAfterUnwatchedEdgesWakeAtTheNextOne, ClkDivDut) {
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  Scheduler& sched = Scheduler::current();
  co_await RisingEdge(dut.clk_i);
  const uint64_t divBefore = dut.clk_div_o.read();
  const double t0 = sched.nowNs();
  for (int i = 0; i < 2; ++i) co_await RisingEdge(dut.clk_i);  // 2 silent falling edges
  EXPECT_EQ(sched.nowNs(), t0 + 20);
  co_await ReadOnly();
  EXPECT_EQ(dut.clk_div_o.read(), divBefore ^ 1u) << "the divider toggled at 3 rising edges";
  co_await FallingEdge(dut.clk_i);
  EXPECT_EQ(sched.nowNs(), t0 + 25);
  EXPECT_EQ(dut.clk_i.read(), 0u);
  co_await RisingEdge(dut.clk_i);
  co_await RisingEdge(dut.clk_i);  // the falling edge between was silent again
  co_await Edge(dut.clk_i);
  EXPECT_EQ(sched.nowNs(), t0 + 45);
  EXPECT_EQ(dut.clk_i.read(), 0u);
}

// A design-driven clock watched by a waiter turns the shortcut off: its edges fire as before.
XPO_TEST(HarnessSilentEdges, DesignDrivenEdgesStillFire, ClkDivDut) {
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  Scheduler& sched = Scheduler::current();
  co_await RisingEdge(dut.clk_div_o);
  const double t0 = sched.nowNs();
  co_await RisingEdge(dut.clk_div_o);
  EXPECT_EQ(sched.nowNs(), t0 + 20);
  co_await FallingEdge(dut.clk_div_o);
  EXPECT_EQ(sched.nowNs(), t0 + 30);
}

// ---- quiet clock steps: the same test with and without them sees the same values at the same
// times, with the same number of evaluations, while its schedule moves in and out of them.

struct Sample {
  double ns = 0;
  uint64_t count = 0;
  uint64_t wrap = 0;
  bool operator==(const Sample&) const = default;
};

struct Trace {
  std::vector<Sample> samples;
  uint64_t evaluations = 0;
  uint64_t quietSteps = 0;
};

Task<> loadPulse(CounterDut& dut) {
  co_await Timer(13, kNs);  // lands between clock edges: a second timed callback
  dut.load_value_i.write(0xfffffffeu);
  dut.load_i.write(1);
  co_await Timer(10, kNs);
  dut.load_i.write(0);
}

Task<> quietStepScenario(CounterDut& dut, bool shortcuts, Trace& trace) {
  Scheduler& sched = Scheduler::current();
  sched.setClockShortcuts(shortcuts);
  Clock clock(dut.clk_i, 10, kNs);
  clock.start();
  co_await resetDut(dut);
  auto sample = [&] {
    trace.samples.push_back({sched.nowNs(), dut.count_o.read(), dut.wrap_o.read()});
  };
  for (int i = 0; i < 8; ++i) {  // quiet: one waiter on the rising edge, data writes only
    co_await RisingEdge(dut.clk_i);
    sample();
    dut.en_i.write(i & 1);
  }
  Task<> pulse = startSoon(loadPulse(dut));  // a timer in flight
  for (int i = 0; i < 4; ++i) {
    co_await RisingEdge(dut.clk_i);
    sample();
    dut.en_i.write(1);
  }
  co_await pulse;
  co_await ReadOnly();  // a ReadOnly waiter in a clock step
  sample();
  co_await FallingEdge(dut.clk_i);  // both edges woken
  sample();
  co_await RisingEdge(dut.clk_i);
  sample();
  co_await Edge(dut.count_o);  // a watched design-driven signal
  sample();
  co_await NextTimeStep();
  sample();
  co_await RisingEdge(dut.clk_i);
  dut.rst_ni.write(0);  // an edge input: evaluated in its own step
  co_await RisingEdge(dut.clk_i);
  sample();
  dut.rst_ni.write(1);
  for (int i = 0; i < 6; ++i) {
    co_await RisingEdge(dut.clk_i);
    sample();
    dut.en_i.write(i % 3 == 0);
  }
  clock.stop();  // the clock leaves the timed callbacks
  co_await Timer(7, kNs);
  sample();
  trace.evaluations = sched.evaluations();
  trace.quietSteps = sched.quietSteps();
}

// Runs the scenario in a scheduler and DUT of its own, as runTest() builds them.
Trace runQuietStepScenario(bool shortcuts) {
  Trace trace;
  const Scheduler::Result result = runInProcess<CounterDut>(
      TestRunInfo{"HarnessQuietSteps.scenario", 1, ""},
      TestOptions{.timeout_time = 10, .timeout_unit = TimeUnit::kUs},
      [&](CounterDut& dut) { return quietStepScenario(dut, shortcuts, trace); });
  EXPECT_TRUE(result.finished) << "shortcuts " << shortcuts;
  if (result.error) {
    ADD_FAILURE() << "shortcuts " << shortcuts << ": " << describeException(result.error);
  }
  return trace;
}

TEST(HarnessQuietSteps, SameValuesTimesAndEvaluationsAsTheFullSchedule) {
  const Trace quick = runQuietStepScenario(true);
  const Trace full = runQuietStepScenario(false);
  ASSERT_EQ(quick.samples.size(), 25u);
  EXPECT_EQ(quick.samples, full.samples);
  EXPECT_EQ(quick.evaluations, full.evaluations);
  EXPECT_GT(quick.quietSteps, 20u) << "the scenario must run quiet steps to show anything";
  EXPECT_EQ(full.quietSteps, 0u);
  // Sanity of the trace itself: the load pulse reached the counter.
  EXPECT_TRUE(std::any_of(quick.samples.begin(), quick.samples.end(),
                          [](const Sample& s) { return s.count >= 0xfffffffeu; }));
}

}  // namespace
}  // namespace xpo::tb::testing
