// The scheduler's shortcuts (docs/harness.md, "Shortcuts"), each shown to be invisible to tests:
// merged evaluations (a ReadWrite phase that only writes data inputs is evaluated together with
// the next time step), silent clock edges (an edge nobody waits for is just driven and
// evaluated) and quiet clock steps (clock edges with nothing else pending run without the polling
// rounds, back to back).
#include <algorithm>
#include <array>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>
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

// ---- quiet clock steps and edges awaited in place: the same test with and without them sees
// the same values at the same times, with the same number of evaluations, while its schedule
// moves in and out of them.

struct Sample {
  double ns = 0;
  uint64_t count = 0;
  uint64_t wrap = 0;
  bool operator==(const Sample&) const = default;
};
// Readable failure messages: "{time} ns: count {count}, wrap {wrap}".
void PrintTo(const Sample& s, std::ostream* os) {
  *os << s.ns << " ns: count " << s.count << ", wrap " << s.wrap;
}

struct Trace {
  std::vector<Sample> samples;
  uint64_t evaluations = 0;
  uint64_t quietSteps = 0;
  uint64_t stepsInPlace = 0;
  // How the run ended.
  bool finished = false;
  std::string error;
  double endNs = 0;
  uint64_t endEvaluations = 0;
};

Task<> loadPulse(CounterDut& dut) {
  co_await Timer(13, kNs);  // lands between clock edges: a second timed callback
  dut.load_value_i.write(0xfffffffeu);
  dut.load_i.write(1);
  co_await Timer(10, kNs);
  dut.load_i.write(0);
}

// Waits on an edge of the clock the test awaits in place, so the test cannot.
Task<> edgeWatcher(CounterDut& dut, int edges, bool rising) {
  for (int i = 0; i < edges; ++i) {
    if (rising) {
      co_await RisingEdge(dut.clk_i);
    } else {
      co_await FallingEdge(dut.clk_i);
    }
  }
}

// Records the first changes of en_i, which the test writes.
Task<> inputWatcher(CounterDut& dut, int changes, Trace& trace) {
  for (int i = 0; i < changes; ++i) {
    co_await Edge(dut.en_i);
    trace.samples.push_back({Scheduler::current().nowNs(), dut.en_i.read(), 77});
  }
}

Task<> eventWaiter(Event& e, CounterDut& dut, Trace& trace) {
  co_await e.wait();
  trace.samples.push_back({Scheduler::current().nowNs(), dut.count_o.read(), 99});
}

Task<> quietStepScenario(CounterDut& dut, Trace& trace) {
  Scheduler& sched = Scheduler::current();
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
  for (int i = 0; i < 3; ++i) {  // the falling edge, awaited from a rising one and from itself
    co_await FallingEdge(dut.clk_i);
    sample();
    dut.en_i.write(i & 1);
  }
  for (int i = 0; i < 4; ++i) {  // either edge: the next one, never a silent one between
    co_await Edge(dut.clk_i);
    sample();
    dut.en_i.write(1);
  }
  for (const bool rising : {false, true}) {  // a second waiter on the clock
    Task<> watcher = startSoon(edgeWatcher(dut, 3, rising));
    for (int i = 0; i < 4; ++i) {
      co_await RisingEdge(dut.clk_i);
      sample();
    }
    co_await watcher;
  }
  // Writes to a watched input: one pending when its watcher starts, then one per cycle.
  co_await RisingEdge(dut.clk_i);
  dut.en_i.write(!dut.en_i.read());
  Task<> enWatcher = co_await start(inputWatcher(dut, 3, trace));
  for (int i = 0; i < 3; ++i) {
    co_await RisingEdge(dut.clk_i);
    sample();
    dut.en_i.write(!dut.en_i.read());
  }
  co_await enWatcher;
  Event event;
  startSoon(eventWaiter(event, dut, trace));
  co_await RisingEdge(dut.clk_i);
  co_await RisingEdge(dut.clk_i);
  event.set();  // wakes a task after an edge awaited in place: it runs in that step
  co_await RisingEdge(dut.clk_i);
  sample();
  co_await ClockCycles(dut.clk_i, 3);
  sample();
  dut.en_i.write(1);
  co_await ClockCycles(dut.clk_i, 2, false);  // with a write pending
  sample();
  clock.stop();  // the clock leaves the timed callbacks
  co_await Timer(7, kNs);
  sample();
  trace.evaluations = sched.evaluations();
  trace.quietSteps = sched.quietSteps();
  trace.stepsInPlace = sched.stepsInPlace();
}

// Runs body(dut, trace) in a scheduler and DUT of its own, as runTest() builds them, and records
// how the run ended.
template <typename D, typename Body>
Trace runScenario(const char* name, bool shortcuts, double timeoutUs, Body body) {
  Trace trace;
  const Scheduler::Result result = runInProcess<D>(
      TestRunInfo{name, 1, ""},
      TestOptions{.timeout_time = timeoutUs, .timeout_unit = TimeUnit::kUs}, [&](D& dut) {
        Scheduler::current().setClockShortcuts(shortcuts);
        return body(dut, trace);
      });
  trace.finished = result.finished;
  trace.error = result.error ? describeException(result.error) : std::string();
  trace.endNs = result.endTimeNs;
  trace.endEvaluations = result.evals;
  return trace;
}

// Two runs of one scenario, with shortcuts and without, ended the same way: the same error (which
// contains errorPart), at the same time, after as many evaluations, with the same samples.
void expectSameEnding(const Trace& quick, const Trace& full, std::string_view errorPart) {
  EXPECT_THAT(quick.error, ::testing::HasSubstr(std::string(errorPart)));
  EXPECT_EQ(quick.error, full.error);
  EXPECT_EQ(quick.endNs, full.endNs);
  EXPECT_EQ(quick.endEvaluations, full.endEvaluations);
  EXPECT_EQ(quick.samples, full.samples);
  EXPECT_EQ(full.stepsInPlace, 0u);
}

// body run on a D with shortcuts and without, each to its timeout: the same ending; returns the
// run with shortcuts.
template <typename D = CounterDut, typename Body>
Trace expectSameEndingBothWays(const char* name, double timeoutUs, Body body,
                               std::string_view errorPart) {
  Trace quick = runScenario<D>(name, true, timeoutUs, body);
  const Trace full = runScenario<D>(name, false, timeoutUs, body);
  expectSameEnding(quick, full, errorPart);
  return quick;
}

Trace runQuietStepScenario(bool shortcuts) {
  Trace trace =
      runScenario<CounterDut>("HarnessQuietSteps.scenario", shortcuts, 10, quietStepScenario);
  EXPECT_TRUE(trace.finished) << "shortcuts " << shortcuts;
  EXPECT_EQ(trace.error, "") << "shortcuts " << shortcuts;
  return trace;
}

TEST(HarnessQuietSteps, SameValuesTimesAndEvaluationsAsTheFullSchedule) {
  const Trace quick = runQuietStepScenario(true);
  const Trace full = runQuietStepScenario(false);
  ASSERT_EQ(quick.samples.size(), 50u);
  EXPECT_EQ(quick.samples, full.samples);
  EXPECT_EQ(quick.evaluations, full.evaluations);
  EXPECT_GT(quick.quietSteps, 20u) << "the scenario must run quiet steps to show anything";
  EXPECT_GT(quick.stepsInPlace, 20u) << "the scenario must await edges in place";
  EXPECT_EQ(full.quietSteps, 0u);
  EXPECT_EQ(full.stepsInPlace, 0u);
  // Sanity of the trace itself: the load pulse reached the counter, the event woke its waiter.
  EXPECT_TRUE(std::any_of(quick.samples.begin(), quick.samples.end(),
                          [](const Sample& s) { return s.count >= 0xfffffffeu; }));
  EXPECT_TRUE(std::any_of(quick.samples.begin(), quick.samples.end(),
                          [](const Sample& s) { return s.wrap == 99; }));
}

// ---- edges awaited in place (Scheduler::advanceInPlace)

// A clocked loop of the usual shape: one rising-edge waiter that reads and writes a data input.
Task<> countingLoop(CounterDut& dut, int cycles, Trace& trace) {
  Scheduler& sched = Scheduler::current();
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  co_await RisingEdge(dut.clk_i);
  const uint64_t before = sched.stepsInPlace();
  for (int i = 0; i < cycles; ++i) {
    co_await RisingEdge(dut.clk_i);
    dut.en_i.write(1);
  }
  trace.stepsInPlace = sched.stepsInPlace() - before;
  trace.samples.push_back({sched.nowNs(), dut.count_o.read(), 0});
}

TEST(HarnessInPlace, TheUsualClockedLoopRunsBothEdgesOfEachCycleInPlace) {
  const Trace t =
      runScenario<CounterDut>("HarnessInPlace.loop", true, 10,
                              [](CounterDut& dut, Trace& tr) { return countingLoop(dut, 50, tr); });
  EXPECT_EQ(t.error, "");
  EXPECT_EQ(t.stepsInPlace, 100u);
}

// Another waiter on the clock, on the same edge or the other one, keeps the awaiting task
// suspended.
TEST(HarnessInPlace, NotWhileAnotherTaskWaitsOnTheClock) {
  for (const bool rising : {false, true}) {
    const Trace t = runScenario<CounterDut>("HarnessInPlace.watcher", true, 10,
                                            [rising](CounterDut& dut, Trace& tr) -> Task<> {
                                              startSoon(edgeWatcher(dut, 1000, rising));
                                              co_await countingLoop(dut, 50, tr);
                                            });
    EXPECT_EQ(t.error, "") << "rising " << rising;
    EXPECT_EQ(t.stepsInPlace, 0u) << "rising " << rising;
  }
}

// Catches the cancellation and awaits the clock, which raises it again when it resumes.
Task<> sleepThenAwaitTheClock(CounterDut& dut) {
  try {
    co_await Timer(1, TimeUnit::kUs);
  } catch (const CancelledError&) {
  }
  co_await RisingEdge(dut.clk_i);
}

// A cancelled task unwinds inside the task that cancelled it, in a quiet step: it must not run
// the clock on from there.
XPO_TEST(HarnessInPlace, ACancelledTaskDoesNotAdvanceTimeInsideTheCanceller, CounterDut) {
  Scheduler& sched = Scheduler::current();
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  Task<> sleeper = startSoon(sleepThenAwaitTheClock(dut));
  co_await RisingEdge(dut.clk_i);
  co_await RisingEdge(dut.clk_i);
  const double before = sched.nowNs();
  const uint64_t evaluations = sched.evaluations();
  sleeper.cancel();
  EXPECT_EQ(sched.nowNs(), before);
  EXPECT_EQ(sched.evaluations(), evaluations);
  co_await RisingEdge(dut.clk_i);  // the sleeper's await raises there
  EXPECT_TRUE(sleeper.cancelled());
  EXPECT_EQ(sched.nowNs(), before + 10);
}

// setClockShortcuts(false) in the middle of a quiet loop: no step after it is quiet or in place.
XPO_TEST(HarnessInPlace, SwitchedOffMidTestTakesEffectAtOnce, CounterDut) {
  Scheduler& sched = Scheduler::current();
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  for (int i = 0; i < 5; ++i) co_await RisingEdge(dut.clk_i);
  EXPECT_GT(sched.stepsInPlace(), 0u);
  sched.setClockShortcuts(false);
  const uint64_t inPlace = sched.stepsInPlace();
  const uint64_t quiet = sched.quietSteps();
  for (int i = 0; i < 5; ++i) {
    co_await RisingEdge(dut.clk_i);
    dut.en_i.write(1);
  }
  EXPECT_EQ(sched.stepsInPlace(), inPlace);
  EXPECT_EQ(sched.quietSteps(), quiet);
}

// Awaits the clock forever, after the test in each step (it starts after the test's first await).
Task<> clockFollower(CounterDut& dut, Trace& trace) {
  for (;;) {
    co_await RisingEdge(dut.clk_i);
    trace.samples.push_back({Scheduler::current().nowNs(), dut.count_o.read(), 0});
  }
}

Task<> endsWhileAFollowerAwaitsTheClock(CounterDut& dut, Trace& trace) {
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  startSoon(clockFollower(dut, trace));
  for (int i = 0; i < 5; ++i) co_await RisingEdge(dut.clk_i);
  trace.evaluations = Scheduler::current().evaluations();
}

// The test ends in a step where another task runs after it and awaits the clock: that task must
// not run the clock on past the end of the test.
TEST(HarnessInPlace, NotPastTheEndOfTheTest) {
  const Trace quick =
      expectSameEndingBothWays("HarnessInPlace.end", 10, endsWhileAFollowerAwaitsTheClock, "");
  EXPECT_EQ(quick.error, "");
  EXPECT_EQ(quick.samples.size(), 5u);
}

// How the looping tests below await the clock: each way is awaited in place.
enum class Await { kRisingEdge, kClockCycles, kFallingCycles };

const char* awaitName(Await how) {
  switch (how) {
    case Await::kRisingEdge:
      return "RisingEdge";
    case Await::kClockCycles:
      return "ClockCycles";
    case Await::kFallingCycles:
      return "FallingCycles";
  }
  return "?";
}

template <typename D>
Task<> awaitClock(D& dut, Await how) {
  switch (how) {
    case Await::kRisingEdge:
      co_await RisingEdge(dut.clk_i);
      break;
    case Await::kClockCycles:
      co_await ClockCycles(dut.clk_i, 7);
      break;
    case Await::kFallingCycles:
      co_await ClockCycles(dut.clk_i, 3, false);
      break;
  }
}

// The design ends the test with $finish while the test awaits edges in place: at a rising edge,
// or at the silent falling edge after it.
Task<> countUntilFinish(FinishDut& dut, bool onFall, Await how, Trace& trace) {
  Scheduler& sched = Scheduler::current();
  dut.on_fall_i.setImmediateValue(onFall);
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  dut.stop_at_i.write(40);
  for (;;) {
    co_await awaitClock(dut, how);
    trace.samples.push_back({sched.nowNs(), dut.count_o.read(), 0});
    trace.stepsInPlace = sched.stepsInPlace();
    dut.en_i.write(1);
  }
}

class HarnessInPlaceFinish : public ::testing::TestWithParam<std::tuple<bool, Await>> {};

TEST_P(HarnessInPlaceFinish, EndsAtTheSameStepAsTheFullSchedule) {
  // Not a structured binding: clang before 16 cannot capture one.
  const bool onFall = std::get<0>(GetParam());
  const Await how = std::get<1>(GetParam());
  auto body = [onFall, how](FinishDut& dut, Trace& t) {
    return countUntilFinish(dut, onFall, how, t);
  };
  const Trace quick =
      expectSameEndingBothWays<FinishDut>("HarnessInPlace.finish", 10, body, "$finish");
  EXPECT_GT(quick.stepsInPlace, 30u);
}

INSTANTIATE_TEST_SUITE_P(
    Edges, HarnessInPlaceFinish,
    ::testing::Combine(::testing::Bool(), ::testing::Values(Await::kRisingEdge, Await::kClockCycles,
                                                            Await::kFallingCycles)),
    [](const auto& info) {
      return std::string(std::get<0>(info.param) ? "Falling" : "Rising") + "_" +
             awaitName(std::get<1>(info.param));
    });

// A test that never ends times out at the same time whether it awaits its edges in place or not,
// also when the timeout falls between the edges.
Task<> countForever(CounterDut& dut, Await how, Trace& trace) {
  Scheduler& sched = Scheduler::current();
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  for (;;) {
    co_await awaitClock(dut, how);
    trace.stepsInPlace = sched.stepsInPlace();
    dut.en_i.write(1);
  }
}

class HarnessInPlaceTimeout : public ::testing::TestWithParam<std::tuple<double, Await>> {};

TEST_P(HarnessInPlaceTimeout, AtTheSameTimeAsTheFullSchedule) {
  const double timeoutUs = std::get<0>(GetParam());
  const Await how = std::get<1>(GetParam());
  auto body = [how](CounterDut& dut, Trace& t) { return countForever(dut, how, t); };
  const Trace quick =
      expectSameEndingBothWays("HarnessInPlace.timeout", timeoutUs, body, "SimTimeoutError");
  EXPECT_GT(quick.stepsInPlace, 50u);
}

// 1 us is a rising edge of the 10 ns clock, 1.003 us between edges, 1.005 us a falling edge.
INSTANTIATE_TEST_SUITE_P(Deadlines, HarnessInPlaceTimeout,
                         ::testing::Combine(::testing::Values(1.0, 1.003, 1.005),
                                            ::testing::Values(Await::kRisingEdge,
                                                              Await::kClockCycles,
                                                              Await::kFallingCycles)),
                         [](const auto& info) {
                           const double us = std::get<0>(info.param);
                           return std::string(us == 1.0     ? "OnRising"
                                              : us == 1.003 ? "Between"
                                                            : "OnFalling") +
                                  "_" + awaitName(std::get<1>(info.param));
                         });

// Stops the clock in its own quiet step, starts another clock (the only timed callback now), then
// awaits the stopped clock, whose edge never comes: the test times out.
Task<> awaitAStoppedClock(CounterDut& dut, Trace& trace) {
  Clock clock(dut.clk_i, 10, kNs);
  clock.start();
  co_await resetDut(dut);
  for (int i = 0; i < 3; ++i) co_await RisingEdge(dut.clk_i);
  clock.stop();
  Clock(dut.load_i, 10, kNs).start();
  co_await RisingEdge(dut.clk_i);
  trace.samples.push_back(Sample{Scheduler::current().nowNs(), 0, 0});
}

// Not in place: the other clock's node must not be taken for the stopped one's.
TEST(HarnessInPlace, NotOnAStoppedClock) {
  expectSameEndingBothWays("HarnessInPlace.stopped", 1, awaitAStoppedClock, "SimTimeoutError");
}

// Sets the clock to the level of its next edge, so that edge is no change, between edges awaited
// in place; the next rising edge is then a full period later (a change the shortcuts must notice:
// without a note of it, the run below reads at 60 ns instead of 70 ns).
Task<> setTheClockToItsNextLevel(CounterDut& dut, Trace& trace) {
  Scheduler& sched = Scheduler::current();
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  for (int i = 0; i < 3; ++i) co_await RisingEdge(dut.clk_i);
  co_await FallingEdge(dut.clk_i);
  dut.clk_i.setImmediateValue(1);
  for (int i = 0; i < 3; ++i) {
    co_await RisingEdge(dut.clk_i);
    trace.samples.push_back(Sample{sched.nowNs(), dut.count_o.read(), 0});
  }
}

TEST(HarnessInPlace, SameEdgesAfterTheClockIsSetToItsNextLevel) {
  const Trace quick =
      expectSameEndingBothWays("HarnessInPlace.level", 1, setTheClockToItsNextLevel, "");
  EXPECT_EQ(quick.error, "");
}

// A clock on an input no process is edge-sensitive to (load_i), forced high between edges awaited
// in place: its edges stop, and the test times out. Its quiet steps then change nothing and
// evaluate nothing, as the full schedule's do (they used to evaluate every step: 201 against 8).
Task<> forceAClockOnADataInput(CounterDut& dut, Trace& trace) {
  Clock(dut.load_i, 10, kNs).start();
  for (int i = 0; i < 3; ++i) co_await RisingEdge(dut.load_i);
  dut.load_i.force(1);
  co_await RisingEdge(dut.load_i);
  trace.samples.push_back(Sample{Scheduler::current().nowNs(), 0, 0});
}

TEST(HarnessInPlace, AForcedClockEndsAsTheFullScheduleDoes) {
  expectSameEndingBothWays("HarnessInPlace.force", 1, forceAClockOnADataInput, "SimTimeoutError");
}

// ClockCycles awaited in place: every step to the last counted edge runs inside the await.
XPO_TEST(HarnessInPlace, ClockCyclesRunAllTheirStepsInPlace, CounterDut) {
  Scheduler& sched = Scheduler::current();
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  co_await RisingEdge(dut.clk_i);
  uint64_t before = sched.stepsInPlace();
  double t0 = sched.nowNs();
  co_await ClockCycles(dut.clk_i, 50);  // from a rising edge: 99 half periods, then the 50th edge
  EXPECT_EQ(sched.stepsInPlace() - before, 100u);
  EXPECT_EQ(sched.nowNs(), t0 + 500);
  before = sched.stepsInPlace();
  t0 = sched.nowNs();
  co_await ClockCycles(dut.clk_i, 3, false);  // the next falling edge is the first
  EXPECT_EQ(sched.stepsInPlace() - before, 5u);
  EXPECT_EQ(sched.nowNs(), t0 + 25);
}

// A waiter put on the clock's list behind the scheduler's back (not through addWaiter(), so no
// activity is noted), then the clock awaited in place: the edge would wake that waiter too.
Task<> bypassTheClockWaiters(CounterDut& dut, bool check, Trace& trace) {
  Scheduler& sched = Scheduler::current();
  sched.setCheckShortcuts(check);
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  for (int i = 0; i < 5; ++i) co_await RisingEdge(dut.clk_i);
  Waiter stray;
  stray.fire = [](Waiter&) {};
  stray.arg = static_cast<uint32_t>(EdgeKind::kRising);
  struct Unlink {
    Waiter& w;
    ~Unlink() { unlink(w); }
  } unlinkStray{stray};
  dut.clk_i.waiters().pushBack(stray);
  const uint64_t before = sched.stepsInPlace();
  co_await RisingEdge(dut.clk_i);
  trace.stepsInPlace = sched.stepsInPlace() - before;
}

XPO_PARAM_SUITE(HarnessCheckShortcuts, bool);

// With the shortcut check on (as in every ctest run), the stray waiter fails the test with an
// error that names the clock; with it off, the edge is run in place as if it were not there.
TEST_P(HarnessCheckShortcuts, ReportsActivityTheSchedulerWasNotTold) {
  const bool check = GetParam();
  const Trace t = runScenario<CounterDut>(
      "HarnessCheckShortcuts.bypass", true, 10,
      [check](CounterDut& dut, Trace& trace) { return bypassTheClockWaiters(dut, check, trace); });
  if (check) {
    EXPECT_THAT(t.error, ::testing::HasSubstr("without noteActivity() before an edge of 'clk_i'"));
    EXPECT_THAT(t.error, ::testing::HasSubstr("clock waiters true"));
    EXPECT_EQ(t.stepsInPlace, 0u);
  } else {
    EXPECT_EQ(t.error, "");
    EXPECT_EQ(t.stepsInPlace, 2u);
  }
}

INSTANTIATE_TEST_SUITE_P(CheckOnAndOff, HarnessCheckShortcuts, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "On" : "Off"; });

}  // namespace
}  // namespace xpo::tb::testing
