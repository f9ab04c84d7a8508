// Harness overhead: cycles/s of the same DUT and stimulus driven (a) by a hand-written Verilator
// eval loop and (b) by the coroutine harness (a Clock plus a test coroutine that awaits each
// rising edge, reads an output and writes an input, with cocotb 1.9's semantics), for a 32-bit
// counter (eval is cheap, so per-cycle harness cost dominates) and a 64 x 32-bit lane crossbar.
// Both loops fold what they read into a checksum; differing checksums fail the run. The last line
// is `ratio <counter harness/hand>`.
//
// Usage: bench_harness [--min-seconds=S] [--cycles=N]
// [--profile=counter|wide|counter-hand|wide-hand|counter-bare|wide-bare]
//   --min-seconds  size each run so the hand loop takes at least S seconds (default 0.6)
//   --cycles       run exactly N cycles instead
//   --profile      run only one loop, once (for perf/callgrind): counter or wide for the harness,
//                  counter-hand or wide-hand for the hand loop, counter-bare or wide-bare for the
//                  bare coroutine loop
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <coroutine>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <random>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "Vbench_lane_map.h"
#include "Vtb_counter.h"
#include "counter_ports.h"
#include "verilated.h"
#include "xpo/tb/tb.h"
#include "xpo/tb/test_run.h"

namespace {

using xpo::tb::Clock;
using xpo::tb::ReadOnly;
using xpo::tb::RisingEdge;
using xpo::tb::Task;
using xpo::tb::Timer;
using xpo::tb::TimeUnit;

constexpr uint64_t kSeed = 1;
constexpr std::size_t kLanes = 64;
constexpr int kRepeats = 5;  // best of five: a shared machine has bursts of noise a run long

// Same pseudo-random stimulus for both loops (xorshift64).
class Stimulus {
 public:
  uint64_t Next() {
    x_ ^= x_ << 13;
    x_ ^= x_ >> 7;
    x_ ^= x_ << 17;
    return x_;
  }
  bool Bit() { return (Next() >> 32) & 1u; }

 private:
  uint64_t x_ = 0x9e3779b97f4a7c15ull;
};

// Lane i's word in a cycle whose stimulus draw is x.
inline uint32_t LaneWord(uint64_t x, std::size_t i) {
  return static_cast<uint32_t>(x >> 16) ^ (static_cast<uint32_t>(i) * 0x9e3779b9u);
}

// Order-sensitive hash of everything a loop read (FNV-1a over 64-bit values).
class Checksum {
 public:
  void Add(uint64_t v) { h_ = (h_ ^ v) * 0x100000001b3ull; }
  uint64_t value() const { return h_; }

 private:
  uint64_t h_ = 0xcbf29ce484222325ull;
};

// The lane permutation programmed into the crossbar: a seeded shuffle, so no lane maps to itself
// by construction of the identity reset value alone.
std::array<uint8_t, kLanes> LaneMap() {
  std::array<uint8_t, kLanes> map{};
  for (std::size_t i = 0; i < kLanes; ++i) map[i] = static_cast<uint8_t>(i);
  std::mt19937_64 rng(kSeed);
  for (std::size_t i = kLanes - 1; i > 0; --i) {
    std::swap(map[i], map[std::uniform_int_distribution<std::size_t>(0, i)(rng)]);
  }
  return map;
}

struct Run {
  double seconds = 0;
  uint64_t checksum = 0;
  uint64_t evals = 0;  // model evaluations in the whole run (harness only)
};

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

[[noreturn]] void Fail(const std::string& what) {
  fmt::print(stderr, "bench_harness: {}\n", what);
  std::exit(1);
}

// ---- (a) hand-written loops

// Per-DUT parts of the hand loop: initial inputs, the setup edge's inputs, stimulus, what is read.
struct CounterHand {
  using Model = Vtb_counter;
  static void Init(Model& m) {
    m.en_i = 0;
    m.load_i = 0;
    m.load_value_i = 0;
  }
  static void EndSetup(Model&) {}
  static void Drive(Model& m, Stimulus& stim) { m.en_i = stim.Bit(); }
  static void Fold(const Model& m, Checksum& sum) { sum.Add(m.count_o); }
  // The bare coroutine loop's staged write: drawn by the coroutine, applied by the loop.
  using Staged = uint8_t;
  static void Stage(Staged& staged, Stimulus& stim) { staged = stim.Bit(); }
  static void Apply(Model& m, const Staged& staged) { m.en_i = staged; }
};

struct LaneMapHand {
  using Model = Vbench_lane_map;
  static void Init(Model& m) {
    const auto map = LaneMap();
    m.map_we_i = 1;
    for (std::size_t i = 0; i < kLanes; ++i) {
      m.map_i[i] = map[i];
      m.lanes_i[i] = 0;
    }
  }
  static void EndSetup(Model& m) { m.map_we_i = 0; }
  static void Drive(Model& m, Stimulus& stim) {
    const uint64_t x = stim.Next();
    for (std::size_t i = 0; i < kLanes; ++i) m.lanes_i[i] = LaneWord(x, i);
  }
  static void Fold(const Model& m, Checksum& sum) {
    uint64_t s = 0;
    for (std::size_t i = 0; i < kLanes; ++i) s += uint64_t{m.lanes_o[i]} * (2 * i + 1);
    sum.Add(s);
  }
  using Staged = std::array<uint32_t, kLanes>;
  static void Stage(Staged& staged, Stimulus& stim) {
    const uint64_t x = stim.Next();
    for (std::size_t i = 0; i < kLanes; ++i) staged[i] = LaneWord(x, i);
  }
  static void Apply(Model& m, const Staged& staged) {
    std::memcpy(m.lanes_i, staged.data(), sizeof(m.lanes_i));
  }
};

// Reset, then the setup edge's rising half: what every loop starts from.
template <typename H>
struct HandSim {
  std::unique_ptr<VerilatedContext> context;
  std::unique_ptr<typename H::Model> m;
  HandSim() : context(std::make_unique<VerilatedContext>()) {
    context->randReset(2);
    context->randSeed(static_cast<int>(kSeed));
    m = std::make_unique<typename H::Model>(context.get(), "TOP");
    H::Init(*m);
    m->clk_i = 0;
    m->rst_ni = 1;
    m->eval();
    context->timeInc(1);
    m->rst_ni = 0;
    m->eval();
    context->timeInc(1);
    m->rst_ni = 1;
    m->eval();
    context->timeInc(5);
    m->clk_i = 1;
    m->eval();
  }
  void fallingEdge() {
    context->timeInc(5);
    m->clk_i = 0;
    m->eval();
  }
};

// The reference loop: per cycle set the inputs, clk=1 eval, read, clk=0 eval. With
// kReadWriteEval it instead evaluates as the harness does when it cannot merge the ReadWrite
// evaluation (inputs read before the edge is evaluated, inputs written after it and evaluated
// again: 3 evals per cycle).
template <typename H, bool kReadWriteEval>
Run HandLoop(uint64_t cycles) {
  HandSim<H> sim;
  VerilatedContext* const context = sim.context.get();
  typename H::Model* const m = sim.m.get();
  sim.fallingEdge();
  H::EndSetup(*m);

  Stimulus stim;
  Checksum sum;
  std::chrono::steady_clock::time_point t0;
  if constexpr (!kReadWriteEval) {
    H::Fold(*m, sum);
    t0 = std::chrono::steady_clock::now();
    for (uint64_t k = 0; k < cycles; ++k) {
      H::Drive(*m, stim);
      context->timeInc(5);
      m->clk_i = 1;
      m->eval();
      H::Fold(*m, sum);
      context->timeInc(5);
      m->clk_i = 0;
      m->eval();
    }
  } else {
    H::Drive(*m, stim);
    m->eval();
    t0 = std::chrono::steady_clock::now();
    for (uint64_t k = 0; k < cycles; ++k) {
      context->timeInc(5);
      m->clk_i = 1;
      H::Fold(*m, sum);
      m->eval();
      H::Drive(*m, stim);
      m->eval();
      context->timeInc(5);
      m->clk_i = 0;
      m->eval();
    }
  }
  Run run{Since(t0), 0, 0};
  if constexpr (kReadWriteEval) H::Fold(*m, sum);
  run.checksum = sum.value();
  m->final();
  return run;
}

// ---- (c) the least a loop that resumes a coroutine at each edge, with cocotb's semantics, does:
// one coroutine, resumed straight from the loop at each rising edge before that edge is evaluated
// (so it reads pre-edge values), and its staged write applied after that evaluation, to be
// evaluated with the falling edge. No scheduler, no trigger objects, no checks. Its distance to (a)
// is the cost of resuming the coroutine (which the harness, awaiting the usual loop's edges in
// place, does not pay); the harness's distance to (c) is the cost of being general.

struct BareSim {
  std::coroutine_handle<> waiter;
  bool writePending = false;
};

struct BareTask {
  struct promise_type {  // NOLINT(readability-identifier-naming): the name C++ requires
    BareTask get_return_object() {
      return BareTask{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  explicit BareTask(std::coroutine_handle<promise_type> h) : handle(h) {}
  BareTask(BareTask&& other) noexcept : handle(std::exchange(other.handle, nullptr)) {}
  BareTask(const BareTask&) = delete;
  BareTask& operator=(const BareTask&) = delete;
  BareTask& operator=(BareTask&&) = delete;
  ~BareTask() {
    if (handle) handle.destroy();
  }
  std::coroutine_handle<promise_type> handle;
};

struct BareRisingEdge {
  BareSim& sim;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) const noexcept { sim.waiter = h; }
  void await_resume() const noexcept {}
};

template <typename H>
BareTask BareBody(BareSim& sim, const typename H::Model& m, typename H::Staged& staged,
                  uint64_t cycles, Checksum& sum) {
  Stimulus stim;
  H::Stage(staged, stim);
  sim.writePending = true;
  for (uint64_t k = 0; k < cycles; ++k) {
    co_await BareRisingEdge{sim};
    H::Fold(m, sum);
    H::Stage(staged, stim);
    sim.writePending = true;
  }
}

template <typename H>
Run BareLoop(uint64_t cycles) {
  HandSim<H> hs;
  VerilatedContext* const context = hs.context.get();
  typename H::Model* const m = hs.m.get();
  BareSim sim;
  Checksum sum;
  typename H::Staged staged{};
  BareTask body = BareBody<H>(sim, *m, staged, cycles, sum);
  auto applyWrite = [&] {
    if (sim.writePending) {
      H::Apply(*m, staged);
      sim.writePending = false;
    }
  };
  body.handle.resume();  // stages the first write, then waits for the first edge
  H::EndSetup(*m);
  applyWrite();
  hs.fallingEdge();
  const auto t0 = std::chrono::steady_clock::now();
  while (!body.handle.done()) {
    context->timeInc(5);
    m->clk_i = 1;
    const std::coroutine_handle<> h = sim.waiter;
    sim.waiter = nullptr;
    h.resume();
    m->eval();
    applyWrite();
    context->timeInc(5);
    m->clk_i = 0;
    m->eval();
  }
  Run run{Since(t0), 0, 0};
  H::Fold(*m, sum);
  run.checksum = sum.value();
  m->final();
  return run;
}

// ---- (b) the harness

// Inputs start random (--x-initial unique): drive them all before the first evaluation.
struct CounterDut : xpo::tb::testing::CounterPorts {
  CounterDut() {
    clk_i.setImmediateValue(0);
    rst_ni.setImmediateValue(1);
    en_i.setImmediateValue(0);
    load_i.setImmediateValue(0);
    load_value_i.setImmediateValue(0);
  }
};

struct LaneMapDut : xpo::tb::Dut<Vbench_lane_map> {
  LaneMapDut() {
    clk_i.setImmediateValue(0);
    rst_ni.setImmediateValue(1);
    map_we_i.setImmediateValue(0);
    for (std::size_t i = 0; i < kLanes; ++i) {
      map_i.setImmediateValue(i, 0);
      lanes_i.setImmediateValue(i, 0);
    }
  }
  XPO_IN(clk_i, 1);
  XPO_IN(rst_ni, 1);
  XPO_IN(map_we_i, 1);
  XPO_IN_ARRAY(map_i, 6, kLanes);
  XPO_IN_ARRAY(lanes_i, 32, kLanes);
  XPO_OUT_ARRAY(lanes_o, 32, kLanes);
};

// Asynchronous reset pulse, then a free-running 10 ns clock that starts low so that its first
// rising edge is the setup edge, as in the hand loop.
template <typename D>
Task<> ResetAndStartClock(D& dut) {
  co_await Timer(1, TimeUnit::kNs);
  dut.rst_ni.write(0);
  co_await Timer(1, TimeUnit::kNs);
  dut.rst_ni.write(1);
  co_await Timer(1, TimeUnit::kNs);
  Clock(dut.clk_i, 10, TimeUnit::kNs).start(/*startHigh=*/false);
}

// cocotb semantics: after `await RisingEdge` the test reads the values from before the edge, and
// its writes land in this step's ReadWrite phase, so they reach the flops at the next edge. The
// write after edge k is therefore the stimulus the hand loop sets before its edge k+1, and the
// read at edge k is what the hand loop read after edge k-1; ReadOnly at the end reads the last.
Task<> CounterBody(CounterDut& dut, uint64_t cycles, Run& run) {
  co_await ResetAndStartClock(dut);
  co_await RisingEdge(dut.clk_i);  // setup edge

  Stimulus stim;
  Checksum sum;
  dut.en_i.write(stim.Bit());
  const auto t0 = std::chrono::steady_clock::now();
  for (uint64_t k = 0; k < cycles; ++k) {
    co_await RisingEdge(dut.clk_i);
    sum.Add(dut.count_o.read());
    dut.en_i.write(stim.Bit());
  }
  run.seconds = Since(t0);
  co_await ReadOnly();
  sum.Add(dut.count_o.read());
  run.checksum = sum.value();
}

Task<> LaneMapBody(LaneMapDut& dut, uint64_t cycles, Run& run) {
  const auto map = LaneMap();
  dut.map_we_i.write(1);
  for (std::size_t i = 0; i < kLanes; ++i) dut.map_i.write(i, map[i]);
  co_await ResetAndStartClock(dut);
  co_await RisingEdge(dut.clk_i);  // setup edge: loads the lane map
  dut.map_we_i.write(0);

  Stimulus stim;
  Checksum sum;
  auto fold = [&] {
    const auto lanes = dut.lanes_o.values();
    uint64_t s = 0;
    for (std::size_t i = 0; i < kLanes; ++i) s += uint64_t{lanes[i]} * (2 * i + 1);
    sum.Add(s);
  };
  auto drive = [&] {
    const uint64_t x = stim.Next();
    dut.lanes_i.writeEach([x](std::size_t i) { return LaneWord(x, i); });
  };
  drive();
  const auto t0 = std::chrono::steady_clock::now();
  for (uint64_t k = 0; k < cycles; ++k) {
    co_await RisingEdge(dut.clk_i);
    fold();
    drive();
  }
  run.seconds = Since(t0);
  co_await ReadOnly();
  fold();
  run.checksum = sum.value();
}

// The scheduler and DUT built as runTest() builds them, without forking or GoogleTest.
template <typename D, typename Body>
Run HarnessRun(const char* name, uint64_t cycles, Body body) {
  Run run;
  const xpo::tb::Scheduler::Result result =
      xpo::tb::runInProcess<D>(xpo::tb::TestRunInfo{name, kSeed, ""}, xpo::tb::TestOptions{},
                               [&](D& dut) { return body(dut, cycles, run); });
  if (result.error) {
    Fail(fmt::format("{} failed: {}", name, xpo::tb::describeException(result.error)));
  }
  if (!result.finished) Fail(fmt::format("{} did not finish", name));
  run.evals = result.evals;
  return run;
}

struct Comparison {
  uint64_t cycles = 0;
  uint64_t checksum = 0;
  double hand = 0;       // cycles/s, best of kRepeats
  double handSched = 0;  // hand loop with a ReadWrite evaluation (3 per cycle)
  double bare = 0;       // bare coroutine loop
  double harness = 0;    // cycles/s, best of kRepeats
  double evalsPerCycle = 0;
  double ratio() const { return harness / hand; }
};

using RunFn = Run (*)(uint64_t);

// Sizes the run so the hand loop takes at least minSeconds (unless cycles is given), then
// alternates the four loops kRepeats times and keeps the best of each; every run must produce
// the same checksum.
Comparison Compare(const char* label, double minSeconds, uint64_t cycles, RunFn hand,
                   RunFn handSched, RunFn bare, RunFn harness) {
  if (cycles == 0) {
    cycles = 1 << 16;
    for (;;) {
      const Run probe = hand(cycles);
      if (probe.seconds >= 0.1) {
        cycles = static_cast<uint64_t>(
            std::ceil(static_cast<double>(cycles) * minSeconds * 1.1 / probe.seconds));
        break;
      }
      cycles *= 4;
    }
  }
  Comparison c;
  c.cycles = cycles;
  for (int r = 0; r < kRepeats; ++r) {
    const Run a = hand(cycles);
    const Run s = handSched(cycles);
    const Run z = bare(cycles);
    const Run b = harness(cycles);
    if (r == 0) c.checksum = a.checksum;
    if (a.checksum != c.checksum || s.checksum != c.checksum || z.checksum != c.checksum ||
        b.checksum != c.checksum) {
      Fail(
          fmt::format("{}: checksums differ: hand loop {:#018x}, hand loop with a ReadWrite "
                      "evaluation {:#018x}, bare coroutine loop {:#018x}, harness {:#018x}, "
                      "first run {:#018x}",
                      label, a.checksum, s.checksum, z.checksum, b.checksum, c.checksum));
    }
    c.hand = std::max(c.hand, static_cast<double>(cycles) / a.seconds);
    c.handSched = std::max(c.handSched, static_cast<double>(cycles) / s.seconds);
    c.bare = std::max(c.bare, static_cast<double>(cycles) / z.seconds);
    c.harness = std::max(c.harness, static_cast<double>(cycles) / b.seconds);
    c.evalsPerCycle = static_cast<double>(b.evals) / static_cast<double>(cycles);
  }
  fmt::print("{:<8} {} cycles per run, best of {}, checksum {:#018x} in every run\n", label, cycles,
             kRepeats, c.checksum);
  fmt::print("{:<8} (a) hand loop      {:8.3f} M cycles/s {:7.1f} ns/cycle  2 evals/cycle\n", label,
             c.hand / 1e6, 1e9 / c.hand);
  fmt::print("{:<8} (b) harness        {:8.3f} M cycles/s {:7.1f} ns/cycle  {:.2f} evals/cycle\n",
             label, c.harness / 1e6, 1e9 / c.harness, c.evalsPerCycle);
  fmt::print("{:<8}     hand loop with a ReadWrite evaluation {:.3f} M cycles/s ({:.3f} of (a))\n",
             label, c.handSched / 1e6, c.handSched / c.hand);
  fmt::print("{:<8}     bare coroutine loop {:.3f} M cycles/s ({:.3f} of (a))\n", label,
             c.bare / 1e6, c.bare / c.hand);
  fmt::print("{:<8} harness/hand {:.3f}\n", label, c.ratio());
  std::fflush(stdout);
  return c;
}

Run HarnessCounter(uint64_t cycles) {
  return HarnessRun<CounterDut>("BenchHarness.Counter", cycles, CounterBody);
}
Run HarnessLaneMap(uint64_t cycles) {
  return HarnessRun<LaneMapDut>("BenchHarness.LaneMap", cycles, LaneMapBody);
}

// Parses --name=value; false if arg is not that option.
bool Option(const char* arg, const char* name, std::string& value) {
  const std::string prefix = fmt::format("--{}=", name);
  if (std::string(arg).rfind(prefix, 0) != 0) return false;
  value = arg + prefix.size();
  return true;
}

double PositiveNumber(const std::string& text, const char* what) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(v > 0)) {
    Fail(fmt::format("bad {} '{}': expected a positive number", what, text));
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  double minSeconds = 0.6;
  uint64_t cycles = 0;
  std::string profile;
  for (int i = 1; i < argc; ++i) {
    std::string v;
    if (Option(argv[i], "min-seconds", v)) {
      minSeconds = PositiveNumber(v, "--min-seconds");
    } else if (Option(argv[i], "cycles", v)) {
      cycles = static_cast<uint64_t>(PositiveNumber(v, "--cycles"));
    } else if (Option(argv[i], "profile", v)) {
      if (v != "counter" && v != "wide" && v != "counter-hand" && v != "wide-hand" &&
          v != "counter-bare" && v != "wide-bare") {
        Fail(
            fmt::format("bad --profile '{}': expected counter, wide, counter-hand, wide-hand, "
                        "counter-bare or wide-bare",
                        v));
      }
      profile = v;
    } else {
      Fail(fmt::format("unknown argument '{}' (see the usage at the top of bench_harness.cpp)",
                       argv[i]));
    }
  }
  if (!profile.empty()) {
    const uint64_t n = cycles ? cycles : 2'000'000;
    const Run r = profile == "counter"        ? HarnessCounter(n)
                  : profile == "wide"         ? HarnessLaneMap(n)
                  : profile == "counter-hand" ? HandLoop<CounterHand, false>(n)
                  : profile == "wide-hand"    ? HandLoop<LaneMapHand, false>(n)
                  : profile == "counter-bare" ? BareLoop<CounterHand>(n)
                                              : BareLoop<LaneMapHand>(n);
    fmt::print("{}: {} cycles in {:.3f} s, {:.3f} M cycles/s, checksum {:#018x}\n", profile, n,
               r.seconds, static_cast<double>(n) / r.seconds / 1e6, r.checksum);
    return 0;
  }
  const Comparison counter =
      Compare("counter", minSeconds, cycles, HandLoop<CounterHand, false>,
              HandLoop<CounterHand, true>, BareLoop<CounterHand>, HarnessCounter);
  const Comparison wide =
      Compare("wide", minSeconds, cycles, HandLoop<LaneMapHand, false>, HandLoop<LaneMapHand, true>,
              BareLoop<LaneMapHand>, HarnessLaneMap);
  fmt::print("targets: counter >= 0.7 ({}), wide >= 0.9 ({})\n",
             counter.ratio() >= 0.7 ? "met" : "NOT met", wide.ratio() >= 0.9 ? "met" : "NOT met");
  fmt::print("ratio {:.3f}\n", counter.ratio());
  return 0;
}
