// Parity scenarios, harness side (docs/parity.md): step for step the scenarios of
// sim/cocotb/test_parity.py (cocotb 1.9). A change here needs the same change there.
//
// Each scenario records what it observes as {"label", "t_ps", "phase", "value"} lines in
// $XPO_PARITY_DIR/<scenario>.jsonl (default parity_records/), one file per scenario, written as
// it goes so that a scenario that stops early still leaves what it saw. Parity.<CamelCase> runs
// scenario <snake_case>. The tests assert nothing themselves: Parity.CocotbVsHarness runs them
// and compares their records with cocotb's (sim/cocotb/run_parity.py).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "dut_ports.h"
#include "xpo/tb/tb.h"

namespace xpo::tb::parity {
namespace {

constexpr auto kNs = TimeUnit::kNs;

// The ports with no start values: the scenarios start from the random inputs cocotb sees.
using CounterDut = testing::CounterPorts;
using ClkDivDut = testing::ClkDivPorts;
using HandshakeDut = testing::HandshakePorts;

// ---- recording
// -----------------------------------------------------------------------------------

// Sim time in ps: an integer when it is whole, as cocotb's get_sim_time("ps") gives it.
nlohmann::json NowPs() {
  const double ps = Scheduler::current().nowIn(TimeUnit::kPs);
  if (std::floor(ps) == ps) return static_cast<int64_t>(ps);
  return ps;
}

std::string NowTag() { return NowPs().dump(); }

// "phase" as cocotb's side names it: the harness's own phase names.
std::string PhaseNow() { return phaseName(Scheduler::current().phase()); }

class Recorder {
 public:
  explicit Recorder(const std::string& name) {
    const char* dir = std::getenv("XPO_PARITY_DIR");
    const std::filesystem::path base = (dir != nullptr && *dir != '\0') ? dir : "parity_records";
    std::filesystem::create_directories(base);
    path_ = base / (name + ".jsonl");
    out_.open(path_, std::ios::trunc);
    if (!out_) throw std::runtime_error("cannot write parity records to " + path_.string());
  }

  template <typename V>
  void operator()(const std::string& label, const V& value) {
    const nlohmann::json line = {
        {"label", label}, {"t_ps", NowPs()}, {"phase", PhaseNow()}, {"value", value}};
    out_ << line.dump() << '\n' << std::flush;
    if (!out_) throw std::runtime_error("cannot write parity records to " + path_.string());
  }

  void End() { (*this)("end", "ok"); }

 private:
  std::filesystem::path path_;
  std::ofstream out_;
};

std::string Joined(const std::vector<std::string>& parts) {
  return fmt::format("{}", fmt::join(parts, ","));
}

// ---- common prologues (see test_parity.py)
// -------------------------------------------------------

template <typename D>
Task<> ClockAndReset(D& dut) {
  Clock(dut.clk_i, 10, kNs).start();
  co_await Timer(2, kNs);
  dut.rst_ni.write(0);
  co_await Timer(10, kNs);
  dut.rst_ni.write(1);
  co_await Timer(15, kNs);
}

Task<> CounterPrologue(CounterDut& dut, Recorder& rec) {
  dut.clk_i.setImmediateValue(0);
  dut.rst_ni.setImmediateValue(1);
  dut.en_i.setImmediateValue(0);
  dut.load_i.setImmediateValue(0);
  dut.load_value_i.setImmediateValue(0);
  co_await ClockAndReset(dut);
  rec("prologue.clk", dut.clk_i.read());
  rec("prologue.count", dut.count_o.read());
}

Task<> ClkDivPrologue(ClkDivDut& dut, Recorder& rec) {
  dut.clk_i.setImmediateValue(0);
  dut.rst_ni.setImmediateValue(1);
  co_await ClockAndReset(dut);
  rec("prologue.clk", dut.clk_i.read());
  rec("prologue.div", dut.clk_div_o.read());
}

Task<> HandshakePrologue(HandshakeDut& dut, Recorder& rec) {
  dut.clk_i.setImmediateValue(0);
  dut.rst_ni.setImmediateValue(1);
  dut.in_valid_i.setImmediateValue(0);
  dut.in_data_i.setImmediateValue(0);
  dut.out_ready_i.setImmediateValue(0);
  dut.wide_i.setImmediateValue(VlWide<4>{});
  for (std::size_t i = 0; i < 4; ++i) dut.lanes_i.setImmediateValue(i, 0);
  co_await ClockAndReset(dut);
  rec("prologue.out_valid", dut.out_valid_o.read());
  rec("prologue.in_ready", dut.in_ready_o.read());
}

// ---- scenarios on tb_counter
// ---------------------------------------------------------------------

XPO_TEST(Parity, ClockStart, CounterDut) {
  Recorder rec("clock_start");
  dut.clk_i.setImmediateValue(0);
  dut.rst_ni.setImmediateValue(1);
  dut.en_i.setImmediateValue(0);
  dut.load_i.setImmediateValue(0);
  dut.load_value_i.setImmediateValue(0);
  rec("steps_per_ns", Scheduler::current().toSteps(1, kNs));
  Clock(dut.clk_i, 10, kNs).start();
  rec("started.clk", dut.clk_i.read());
  co_await RisingEdge(dut.clk_i);
  rec("first_rise.clk", dut.clk_i.read());
  rec.End();
}

XPO_TEST(Parity, Edges, CounterDut) {
  Recorder rec("edges");
  co_await CounterPrologue(dut, rec);
  dut.en_i.write(1);
  co_await RisingEdge(dut.clk_i);
  rec("rise1.clk", dut.clk_i.read());
  rec("rise1.count", dut.count_o.read());
  co_await ReadOnly();
  rec("rise1.readonly.count", dut.count_o.read());
  co_await RisingEdge(dut.clk_i);
  rec("rise2.count", dut.count_o.read());
  co_await ReadWrite();
  rec("rise2.readwrite.count", dut.count_o.read());
  co_await FallingEdge(dut.clk_i);
  rec("fall.clk", dut.clk_i.read());
  rec("fall.count", dut.count_o.read());
  co_await Edge(dut.clk_i);
  rec("edge.clk", dut.clk_i.read());
  rec("edge.count", dut.count_o.read());
  co_await ClockCycles(dut.clk_i, 3);
  rec("cycles3.clk", dut.clk_i.read());
  rec("cycles3.count", dut.count_o.read());
  co_await ClockCycles(dut.clk_i, 2, false);
  rec("cycles_falling2.clk", dut.clk_i.read());
  co_await ReadOnly();
  rec("cycles_falling2.readonly.count", dut.count_o.read());
  rec.End();
}

XPO_TEST(Parity, Writes, CounterDut) {
  Recorder rec("writes");
  co_await CounterPrologue(dut, rec);
  co_await RisingEdge(dut.clk_i);
  dut.en_i.write(1);
  rec("after_edge.en", dut.en_i.read());
  co_await ReadOnly();
  rec("after_edge.readonly.en", dut.en_i.read());
  rec("after_edge.readonly.count", dut.count_o.read());
  co_await RisingEdge(dut.clk_i);
  co_await ReadOnly();
  rec("next_edge.count", dut.count_o.read());

  co_await FallingEdge(dut.clk_i);
  dut.en_i.write(0);
  dut.load_value_i.write(5);
  dut.load_value_i.write(7);
  rec("coalesce.before.load_value", dut.load_value_i.read());
  co_await ReadWrite();
  rec("coalesce.readwrite.load_value", dut.load_value_i.read());
  dut.load_i.write(1);
  rec("from_readwrite.load", dut.load_i.read());
  co_await ReadOnly();
  rec("from_readwrite.readonly.load", dut.load_i.read());
  co_await RisingEdge(dut.clk_i);
  dut.load_i.write(0);
  co_await ReadOnly();
  rec("loaded.count", dut.count_o.read());

  co_await Timer(1, kNs);
  dut.load_value_i.setImmediateValue(42);
  rec("immediate.load_value", dut.load_value_i.read());
  dut.load_value_i.write(43);
  dut.load_value_i.setImmediateValue(44);
  rec("immediate_over_pending.load_value", dut.load_value_i.read());
  co_await ReadOnly();
  rec("immediate_over_pending.readonly.load_value", dut.load_value_i.read());
  rec.End();
}

XPO_TEST(Parity, Timers, CounterDut) {
  Recorder rec("timers");
  co_await CounterPrologue(dut, rec);
  co_await Timer(1500, TimeUnit::kPs);
  rec("1500ps", 0);
  co_await Timer(2, kNs);
  rec("2ns", 0);
  co_await Timer(2.5, kNs);
  rec("2.5ns", 0);
  co_await Timer(0.01, TimeUnit::kUs);
  rec("0.01us", 0);
  co_await Timer(500, TimeUnit::kStep);
  rec("500step", dut.clk_i.read());

  std::vector<std::string> order;
  auto sleeper = [&](std::string name, double firstNs, double thenNs) -> Task<> {
    co_await Timer(firstNs, kNs);
    co_await Timer(thenNs, kNs);
    order.push_back(name);
  };
  auto a = startSoon(sleeper("a", 3, 1));
  auto b = startSoon(sleeper("b", 1, 3));
  auto c = startSoon(sleeper("c", 2, 2));
  co_await Combine(a, b, c);
  rec("same_step.order", Joined(order));
  rec.End();
}

XPO_TEST(Parity, TimerOnEdge, CounterDut) {
  Recorder rec("timer_on_edge");
  co_await CounterPrologue(dut, rec);
  co_await FallingEdge(dut.clk_i);
  dut.en_i.write(1);
  co_await Timer(5, kNs);
  rec("woken.clk", dut.clk_i.read());
  rec("woken.count", dut.count_o.read());
  dut.en_i.write(0);
  co_await ReadWrite();
  rec("readwrite.clk", dut.clk_i.read());
  rec("readwrite.count", dut.count_o.read());
  co_await ReadOnly();
  rec("readonly.count", dut.count_o.read());
  co_await RisingEdge(dut.clk_i);
  co_await ReadOnly();
  rec("next_edge.count", dut.count_o.read());
  rec.End();
}

XPO_TEST(Parity, TimerOnEdgeRegisteredFirst, CounterDut) {
  Recorder rec("timer_on_edge_registered_first");
  co_await CounterPrologue(dut, rec);
  co_await RisingEdge(dut.clk_i);
  co_await Timer(10, kNs);
  rec("woken.clk", dut.clk_i.read());
  co_await ReadOnly();
  rec("readonly.clk", dut.clk_i.read());
  rec.End();
}

XPO_TEST(Parity, NextTimeStep, CounterDut) {
  Recorder rec("next_time_step");
  co_await CounterPrologue(dut, rec);
  co_await NextTimeStep();
  rec("woken.clk", dut.clk_i.read());
  co_await ReadOnly();
  rec("readonly.clk", dut.clk_i.read());
  co_await NextTimeStep();
  rec("from_readonly.clk", dut.clk_i.read());
  dut.en_i.write(1);
  co_await ReadOnly();
  rec("write.readonly.count", dut.count_o.read());
  co_await RisingEdge(dut.clk_i);
  co_await ReadOnly();
  rec("write.next_edge.count", dut.count_o.read());
  rec.End();
}

XPO_TEST(Parity, NextTimeStepOnEdge, CounterDut) {
  Recorder rec("next_time_step_on_edge");
  co_await CounterPrologue(dut, rec);
  co_await NextTimeStep();
  rec("woken.clk", dut.clk_i.read());
  dut.en_i.write(1);
  co_await ReadOnly();
  rec("readonly.count", dut.count_o.read());
  co_await RisingEdge(dut.clk_i);
  co_await ReadOnly();
  rec("next_edge.count", dut.count_o.read());
  rec.End();
}

XPO_TEST(Parity, DesignEdge, CounterDut) {
  Recorder rec("design_edge");
  co_await CounterPrologue(dut, rec);
  co_await FallingEdge(dut.clk_i);
  dut.load_value_i.write(0xffffffff);
  dut.load_i.write(1);
  co_await RisingEdge(dut.clk_i);
  dut.load_i.write(0);
  co_await ReadOnly();
  rec("loaded.count", dut.count_o.read());
  rec("loaded.wrap", dut.wrap_o.read());
  co_await Timer(2, kNs);
  dut.en_i.write(1);
  co_await Edge(dut.wrap_o);
  rec("edge1.wrap", dut.wrap_o.read());
  rec("edge1.en", dut.en_i.read());
  co_await FallingEdge(dut.wrap_o);
  rec("fall.wrap", dut.wrap_o.read());
  rec("fall.count", dut.count_o.read());
  rec("fall.clk", dut.clk_i.read());
  dut.load_i.write(1);
  co_await RisingEdge(dut.clk_i);
  dut.load_i.write(0);
  co_await RisingEdge(dut.wrap_o);
  rec("rise.wrap", dut.wrap_o.read());
  rec("rise.count", dut.count_o.read());
  co_await Edge(dut.count_o);
  rec("count_edge.count", dut.count_o.read());
  rec("count_edge.clk", dut.clk_i.read());
  rec.End();
}

XPO_TEST(Parity, First, CounterDut) {
  Recorder rec("first");
  co_await CounterPrologue(dut, rec);
  co_await RisingEdge(dut.clk_i);
  rec("short_timer", co_await First(Timer(3, kNs), RisingEdge(dut.clk_i)));
  rec("long_timer", co_await First(Timer(20, kNs), RisingEdge(dut.clk_i)));
  rec("edges", co_await First(RisingEdge(dut.clk_i), FallingEdge(dut.clk_i)));

  Event ev;
  auto setter = [&]() -> Task<> {
    co_await Timer(2, kNs);
    ev.set();
  };
  startSoon(setter());
  rec("event", co_await First(Timer(10, kNs), ev.wait()));

  auto worker = []() -> Task<int> {
    co_await Timer(3, kNs);
    co_return 5;
  };
  auto task = startSoon(worker());
  rec("task", co_await First(Timer(10, kNs), task));
  rec("task.result", task.result());
  co_await Timer(7, kNs);
  rec("after_dropped_timer", dut.clk_i.read());
  rec.End();
}

XPO_TEST(Parity, FirstTie, CounterDut) {
  Recorder rec("first_tie");
  co_await CounterPrologue(dut, rec);
  co_await FallingEdge(dut.clk_i);
  rec("which", co_await First(Timer(5, kNs), RisingEdge(dut.clk_i)));
  rec("clk", dut.clk_i.read());
  rec.End();
}

XPO_TEST(Parity, Combine, CounterDut) {
  Recorder rec("combine");
  co_await CounterPrologue(dut, rec);
  co_await RisingEdge(dut.clk_i);
  co_await Combine(Timer(7, kNs), RisingEdge(dut.clk_i));
  rec("timer_edge.clk", dut.clk_i.read());
  co_await Combine(Timer(23, kNs), FallingEdge(dut.clk_i));
  rec("long_timer_edge.clk", dut.clk_i.read());

  auto worker = [](double ns) -> Task<> { co_await Timer(ns, kNs); };
  auto a = startSoon(worker(2));
  auto b = startSoon(worker(4));
  co_await Combine(a, b);
  rec("tasks", 0);
  co_await Combine(a, Timer(1, kNs));
  rec("done_task_and_timer", 0);
  rec.End();
}

XPO_TEST(Parity, SameTrigger, CounterDut) {
  Recorder rec("same_trigger");
  co_await CounterPrologue(dut, rec);
  std::vector<std::string> order;
  auto waiter = [&](std::string name, uint64_t value) -> Task<> {
    co_await RisingEdge(dut.clk_i);
    order.push_back(name);
    dut.load_value_i.write(value);
  };
  auto a = startSoon(waiter("a", 11));
  auto b = startSoon(waiter("b", 22));
  co_await RisingEdge(dut.clk_i);
  order.push_back("test");
  co_await Combine(a, b);
  rec("order", Joined(order));
  co_await ReadOnly();
  rec("readonly.load_value", dut.load_value_i.read());
  rec.End();
}

XPO_TEST(Parity, StartOrder, CounterDut) {
  Recorder rec("start_order");
  co_await CounterPrologue(dut, rec);
  std::vector<std::string> log;
  auto child = [&](std::string name) -> Task<> {
    log.push_back(name + " begins");
    co_await Timer(1, kNs);
    log.push_back(name + " ends");
  };
  startSoon(child("soon"));
  log.push_back("after start_soon");
  co_await start(child("now"));
  log.push_back("after start");
  co_await Timer(2, kNs);
  rec("log", Joined(log));
  rec.End();
}

XPO_TEST(Parity, StartWithoutPending, CounterDut) {
  Recorder rec("start_without_pending");
  co_await CounterPrologue(dut, rec);
  std::vector<std::string> log;
  auto child = [&]() -> Task<> {
    log.push_back("child begins");
    co_await Timer(1, kNs);
    log.push_back("child ends");
  };
  log.push_back("before start");
  co_await start(child());
  log.push_back("after start");
  co_await Timer(2, kNs);
  rec("log", Joined(log));
  rec.End();
}

XPO_TEST(Parity, Event, CounterDut) {
  Recorder rec("event");
  co_await CounterPrologue(dut, rec);
  Event ev;
  std::vector<std::string> log;
  auto waiter = [&](std::string name) -> Task<> {
    log.push_back(name + " waits");
    co_await ev.wait();
    log.push_back(name + " wakes");
  };
  startSoon(waiter("w1"));
  startSoon(waiter("w2"));
  co_await Timer(1, kNs);
  log.push_back("set");
  ev.set();
  log.push_back("after set");
  co_await Timer(1, kNs);
  rec("set.log", Joined(log));
  rec("is_set", ev.isSet());
  ev.clear();
  rec("cleared.is_set", ev.isSet());
  log.clear();
  auto w3 = startSoon(waiter("w3"));
  co_await Timer(1, kNs);
  rec("cleared.log", Joined(log));
  ev.set();
  co_await w3;
  rec("w3.log", Joined(log));
  rec.End();
}

XPO_TEST(Parity, EventAlreadySet, CounterDut) {
  Recorder rec("event_already_set");
  co_await CounterPrologue(dut, rec);
  Event ev;
  ev.set();
  std::vector<std::string> log;
  auto other = [&]() -> Task<> {
    log.push_back("other runs");
    co_return;
  };
  startSoon(other());
  co_await ev.wait();
  log.push_back("test continues");
  co_await Timer(1, kNs);
  rec("log", Joined(log));
  rec.End();
}

XPO_TEST(Parity, Lock, CounterDut) {
  Recorder rec("lock");
  co_await CounterPrologue(dut, rec);
  xpo::tb::Lock lk;
  std::vector<std::string> log;
  auto user = [&](std::string name, double holdNs) -> Task<> {
    log.push_back(name + " wants");
    co_await lk.acquire();
    log.push_back(name + " has@" + NowTag());
    co_await Timer(holdNs, kNs);
    log.push_back(name + " releases");
    lk.release();
  };
  auto a = startSoon(user("a", 3));
  auto b = startSoon(user("b", 2));
  auto c = startSoon(user("c", 1));
  co_await Combine(a, b, c);
  rec("log", Joined(log));
  rec("locked", lk.locked());
  rec.End();
}

XPO_TEST(Parity, Queue, CounterDut) {
  Recorder rec("queue");
  co_await CounterPrologue(dut, rec);
  xpo::tb::Queue<int> q(1);
  std::vector<std::string> log;
  auto producer = [&]() -> Task<> {
    for (int i = 1; i <= 3; ++i) {
      co_await q.put(i);
      log.push_back(fmt::format("put {}@{}", i, NowTag()));
    }
  };
  auto consumer = [&]() -> Task<> {
    for (int i = 0; i < 3; ++i) {
      co_await Timer(2, kNs);
      const int v = co_await q.get();
      log.push_back(fmt::format("got {}@{}", v, NowTag()));
    }
  };
  auto p = startSoon(producer());
  auto c = startSoon(consumer());
  co_await Combine(p, c);
  rec("log", Joined(log));
  q.putNowait(4);
  try {
    q.putNowait(5);
    rec("put_nowait_full", "accepted");
  } catch (const QueueFull&) {
    rec("put_nowait_full", "QueueFull");
  }
  rec("get_nowait", q.getNowait());
  try {
    q.getNowait();
    rec("get_nowait_empty", "returned");
  } catch (const QueueEmpty&) {
    rec("get_nowait_empty", "QueueEmpty");
  }
  rec.End();
}

XPO_TEST(Parity, Join, CounterDut) {
  Recorder rec("join");
  co_await CounterPrologue(dut, rec);
  auto worker = [](double ns, int value) -> Task<int> {
    co_await Timer(ns, kNs);
    co_return value;
  };
  auto t1 = startSoon(worker(3, 7));
  rec("running.done", t1.done());
  rec("value", co_await t1);
  rec("done", t1.done());
  auto t2 = startSoon(worker(1, 8));
  co_await Timer(2, kNs);
  rec("finished_before.value", co_await t2);
  rec("result", t2.result());

  auto failing = []() -> Task<> {
    co_await Timer(1, kNs);
    throw std::invalid_argument("from the task");
  };
  auto t3 = startSoon(failing());
  try {
    co_await t3;
    rec("error", "none");
  } catch (const std::invalid_argument&) {
    rec("error", "ValueError");
  }
  rec.End();
}

XPO_TEST(Parity, Cancel, CounterDut) {
  Recorder rec("cancel");
  co_await CounterPrologue(dut, rec);
  std::vector<std::string> log;
  auto victim = [&]() -> Task<> {
    struct Finally {
      std::vector<std::string>& log;
      ~Finally() { log.push_back("finally"); }
    } finally{log};
    try {
      log.push_back("waits");
      co_await Timer(10, kNs);
      log.push_back("woke");
    } catch (const CancelledError&) {
      log.push_back("caught CancelledError");
      throw;
    }
  };
  auto t = startSoon(victim());
  co_await Timer(2, kNs);
  t.cancel();
  log.push_back(fmt::format("cancel returned done={} cancelled={}", t.done() ? "True" : "False",
                            t.cancelled() ? "True" : "False"));
  co_await Timer(20, kNs);
  rec("log", Joined(log));
  try {
    t.result();
    rec("result", "returned");
  } catch (const CancelledError&) {
    rec("result", "CancelledError");
  }
  try {
    co_await t;
    rec("await", "returned");
  } catch (const CancelledError&) {
    rec("await", "CancelledError");
  }

  std::vector<std::string> ran;
  auto never = [&]() -> Task<> {
    ran.push_back("ran");
    co_return;
  };
  auto u = startSoon(never());
  u.cancel();
  co_await Timer(1, kNs);
  rec("never.ran", !ran.empty());
  rec("never.done", u.done());
  rec("never.cancelled", u.cancelled());
  rec.End();
}

XPO_TEST(Parity, ReadonlyWrite, CounterDut) {
  Recorder rec("readonly_write");
  co_await CounterPrologue(dut, rec);
  co_await ReadOnly();
  try {
    dut.en_i.write(1);
    rec("value", "accepted");
  } catch (const std::exception&) {
    rec("value", "raised");
  }
  try {
    dut.en_i.setImmediateValue(1);
    rec("setimmediatevalue", "accepted");
  } catch (const std::exception&) {
    rec("setimmediatevalue", "raised");
  }
  rec.End();
}

XPO_TEST(Parity, ReadonlyAwaitReadwrite, CounterDut) {
  Recorder rec("readonly_await_readwrite");
  co_await CounterPrologue(dut, rec);
  co_await ReadOnly();
  bool raised = false;
  try {
    co_await ReadWrite();
  } catch (const std::exception&) {
    raised = true;
  }
  rec("outcome", raised ? "raised" : "resumed");
  rec.End();
}

XPO_TEST(Parity, ReadonlyAwaitReadonly, CounterDut) {
  Recorder rec("readonly_await_readonly");
  co_await CounterPrologue(dut, rec);
  co_await ReadOnly();
  bool raised = false;
  try {
    co_await ReadOnly();
  } catch (const std::exception&) {
    raised = true;
  }
  rec("outcome", raised ? "raised" : "resumed");
  rec.End();
}

// ---- scenarios on tb_clkdiv
// ----------------------------------------------------------------------

XPO_TEST(Parity, DesignClock, ClkDivDut) {
  Recorder rec("design_clock");
  co_await ClkDivPrologue(dut, rec);
  co_await RisingEdge(dut.clk_div_o);
  rec("rise1.div", dut.clk_div_o.read());
  rec("rise1.clk", dut.clk_i.read());
  co_await RisingEdge(dut.clk_div_o);
  rec("rise2.div", dut.clk_div_o.read());
  co_await FallingEdge(dut.clk_div_o);
  rec("fall.div", dut.clk_div_o.read());
  rec("fall.clk", dut.clk_i.read());
  co_await Edge(dut.clk_div_o);
  rec("edge.div", dut.clk_div_o.read());
  co_await RisingEdge(dut.clk_i);
  rec("clk_rise.div", dut.clk_div_o.read());
  co_await ReadOnly();
  rec("clk_rise.readonly.div", dut.clk_div_o.read());
  co_await FallingEdge(dut.clk_i);
  rec("first.which", co_await First(RisingEdge(dut.clk_div_o), RisingEdge(dut.clk_i)));
  co_await ClockCycles(dut.clk_div_o, 2);
  rec("cycles.div", dut.clk_div_o.read());
  rec.End();
}

// ---- scenarios on tb_handshake
// -------------------------------------------------------------------

std::string Hex(const VlWide<4>& w, unsigned bits) {
  std::string s;
  bool leading = true;
  for (int i = static_cast<int>((bits + 3) / 4) - 1; i >= 0; --i) {
    const unsigned nibble =
        (w[static_cast<unsigned>(i) / 8] >> ((static_cast<unsigned>(i) % 8) * 4)) & 0xfu;
    if (leading && nibble == 0 && i != 0) continue;
    leading = false;
    s += "0123456789abcdef"[nibble];
  }
  return s;
}

std::string LanesRev(HandshakeDut& dut) {
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < 4; ++i) parts.push_back(fmt::format("{:x}", dut.lanes_rev_o.read(i)));
  return Joined(parts);
}

XPO_TEST(Parity, Handshake, HandshakeDut) {
  Recorder rec("handshake");
  co_await HandshakePrologue(dut, rec);
  std::vector<std::string> sent;
  std::vector<std::string> got;
  auto producer = [&]() -> Task<> {
    for (const uint64_t word : {0xa1u, 0xb2u, 0xc3u}) {
      dut.in_data_i.write(word);
      dut.in_valid_i.write(1);
      for (;;) {
        co_await RisingEdge(dut.clk_i);
        if (dut.in_ready_o.read() != 0) break;
      }
      sent.push_back(fmt::format("{:x}@{}", word, NowTag()));
    }
    dut.in_valid_i.write(0);
  };
  auto consumer = [&]() -> Task<> {
    for (const uint64_t ready : {0, 1, 0, 0, 1, 1, 1}) {
      dut.out_ready_i.write(ready);
      co_await RisingEdge(dut.clk_i);
      if (ready != 0 && dut.out_valid_o.read() != 0) {
        got.push_back(fmt::format("{:x}@{}", dut.out_data_o.read(), NowTag()));
      }
    }
  };
  auto p = startSoon(producer());
  auto c = startSoon(consumer());
  co_await Combine(p, c);
  rec("sent", Joined(sent));
  rec("got", Joined(got));

  VlWide<4> w{};
  w[0] = 0x1234;
  w[3] = 1u << (99 - 96);
  dut.wide_i.write(w);
  for (std::size_t i = 0; i < 4; ++i) dut.lanes_i.write(i, 0x100 + i);
  rec("lanes.pending", dut.lanes_i.read(1));
  co_await ReadOnly();
  rec("wide_inv", Hex(dut.wide_inv_o.read(), 100));
  rec("lanes_rev", LanesRev(dut));
  co_await Timer(1, kNs);
  dut.lanes_i.writeAll({1, 2, 3, 4});
  co_await ReadOnly();
  rec("lanes_rev.whole", LanesRev(dut));
  rec.End();
}

}  // namespace
}  // namespace xpo::tb::parity
