// Tasks, compound triggers, timers and synchronisation primitives.
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "duts.h"

namespace xpo::tb::testing {
namespace {

constexpr auto kNs = TimeUnit::kNs;

double nowNs() { return Scheduler::current().nowNs(); }

XPO_TEST(HarnessTimer, UnitsConvertToSimulatorSteps, CounterDut) {
  // The DUT has no timescale: Verilator's default precision is 1 ps.
  EXPECT_EQ(Scheduler::current().precisionExp(), -12);
  EXPECT_EQ(Timer(1.5, kNs).steps(), 1500u);
  EXPECT_EQ(Timer(2, TimeUnit::kUs).steps(), 2000000u);
  EXPECT_EQ(Timer(3, TimeUnit::kPs).steps(), 3u);
  EXPECT_EQ(Timer(7, TimeUnit::kStep).steps(), 7u);
  EXPECT_EQ(Timer(1e-9, TimeUnit::kSec).steps(), 1000u);
  EXPECT_EQ(Timer(0.001, TimeUnit::kMs).steps(), 1000000u);
  co_await Timer(1.5, kNs);
  EXPECT_DOUBLE_EQ(nowNs(), 1.5);
  co_await Timer(2, TimeUnit::kPs);
  EXPECT_EQ(Scheduler::current().now(), 1502u);
}

XPO_TEST(HarnessTimer, RejectsTimesNotRepresentableInThePrecision, CounterDut) {
  EXPECT_THROW(Timer(1, TimeUnit::kFs), TimeConversionError);
  EXPECT_THROW(Timer(0.5, TimeUnit::kPs), TimeConversionError);
  EXPECT_THROW(Timer(0, kNs), TimeConversionError);
  EXPECT_THROW(Timer(-1, kNs), TimeConversionError);
  EXPECT_THROW(Clock(dut.clk_i, 3, TimeUnit::kPs), TimeConversionError);
  try {
    Timer t(1, TimeUnit::kFs);
  } catch (const TimeConversionError& e) {
    EXPECT_NE(std::string(e.what()).find("1 fs"), std::string::npos) << e.what();
  }
  co_return;
}

XPO_TEST(HarnessTriggers, FirstResumesOnTheEarliestAndDropsTheRest, CounterDut) {
  Clock(dut.clk_i, 4, kNs).start(false);
  const std::size_t which = co_await First(Timer(10, kNs), RisingEdge(dut.clk_i));
  EXPECT_EQ(which, 1u);
  EXPECT_DOUBLE_EQ(nowNs(), 2.0);
  const std::size_t again = co_await First(Timer(1, kNs), ClockCycles(dut.clk_i, 3));
  EXPECT_EQ(again, 0u);
  EXPECT_DOUBLE_EQ(nowNs(), 3.0);
  // The dropped Timer(10 ns) must not resume us later.
  co_await Timer(20, kNs);
  EXPECT_DOUBLE_EQ(nowNs(), 23.0);
}

XPO_TEST(HarnessTriggers, CombineResumesWhenAllHaveFired, CounterDut) {
  const double t0 = nowNs();
  const std::size_t r = co_await Combine(Timer(10, kNs), Timer(30, kNs), Timer(20, kNs));
  EXPECT_EQ(r, 3u);
  EXPECT_DOUBLE_EQ(nowNs() - t0, 30.0);
}

XPO_TEST(HarnessTriggers, ClockCyclesCountsRisingOrFallingEdges, CounterDut) {
  Clock(dut.clk_i, 10, kNs).start();  // high first: rising edges at 10, 20, ...
  co_await ClockCycles(dut.clk_i, 3);
  EXPECT_DOUBLE_EQ(nowNs(), 30.0);
  co_await ClockCycles(dut.clk_i, 2, false);
  EXPECT_DOUBLE_EQ(nowNs(), 45.0);
  co_await ClockCycles(dut.clk_i, 0);
  EXPECT_DOUBLE_EQ(nowNs(), 45.0);
}

XPO_TEST(HarnessTasks, JoinReturnsTheResult, CounterDut) {
  auto worker = [](int x) -> Task<int> {
    co_await Timer(5, kNs);
    co_return x * 2;
  };
  auto t = startSoon(worker(21), "worker");
  EXPECT_FALSE(t.done());
  EXPECT_THROW(t.result(), InvalidStateError);
  const int v = co_await t;
  EXPECT_EQ(v, 42);
  EXPECT_TRUE(t.done());
  EXPECT_EQ(t.result(), 42);
  // Awaiting a coroutine that was never started runs it inline.
  EXPECT_EQ(co_await worker(5), 10);
  EXPECT_DOUBLE_EQ(nowNs(), 10.0);
}

XPO_TEST(HarnessTasks, ExceptionsPropagateToTheAwaiter, CounterDut) {
  auto failing = []() -> Task<int> {
    co_await Timer(1, kNs);
    throw std::runtime_error("boom");
  };
  auto t = startSoon(failing());
  bool caught = false;
  try {
    co_await t;
  } catch (const std::runtime_error& e) {
    caught = std::string(e.what()) == "boom";
  }
  EXPECT_TRUE(caught);
  EXPECT_THROW(t.result(), std::runtime_error);
  bool inlineCaught = false;
  try {
    co_await failing();
  } catch (const std::runtime_error&) {
    inlineCaught = true;
  }
  EXPECT_TRUE(inlineCaught);
}

XPO_TEST(HarnessTasks, CancelThrowsIntoTheTaskAndAwaitingItRaises, CounterDut) {
  std::vector<std::string> log;
  auto forever = [&]() -> Task<> {
    try {
      co_await Timer(1000, kNs);
      log.push_back("not reached");
    } catch (const CancelledError&) {
      log.push_back("cancelled at await");
      throw;
    }
  };
  auto t = startSoon(forever(), "forever");
  co_await Timer(1, kNs);
  t.cancel();
  EXPECT_TRUE(t.done());
  EXPECT_TRUE(t.cancelled());
  EXPECT_EQ(log, std::vector<std::string>{"cancelled at await"});
  bool raised = false;
  try {
    co_await t;
  } catch (const CancelledError&) {
    raised = true;
  }
  EXPECT_TRUE(raised);
  // Cancelling before it ever ran: it never runs.
  auto never = startSoon(forever());
  never.cancel();
  co_await Timer(2000, kNs);
  EXPECT_EQ(log.size(), 1u);
  EXPECT_TRUE(never.cancelled());
}

Task<> recordWhenSet(Event& go, std::vector<int>& order, int id) {
  co_await go.wait();
  order.push_back(id);
}

// More tasks woken at once than the ready queue first holds, after its head has moved: it grows
// and keeps them in the order they began waiting.
XPO_TEST(HarnessTasks, ReadyQueueKeepsOrderWhenItGrows, CounterDut) {
  Event go;
  std::vector<int> order;
  constexpr int kTasks = 150;
  std::vector<Task<>> tasks;
  tasks.reserve(kTasks);
  for (int i = 0; i < 37; ++i) co_await Timer(1, kNs);  // moves the queue's head
  for (int i = 0; i < kTasks; ++i) tasks.push_back(startSoon(recordWhenSet(go, order, i)));
  co_await Timer(1, kNs);
  go.set();
  co_await Timer(1, kNs);
  CO_ASSERT_EQ(order.size(), static_cast<std::size_t>(kTasks));
  for (int i = 0; i < kTasks; ++i) EXPECT_EQ(order[i], i);
}

XPO_TEST(HarnessTasks, FirstCanWaitOnATask, CounterDut) {
  auto slow = []() -> Task<> { co_await Timer(50, kNs); };
  auto t = startSoon(slow());
  const std::size_t which = co_await First(t, Timer(10, kNs));
  EXPECT_EQ(which, 1u);
  EXPECT_FALSE(t.done());
  const std::size_t which2 = co_await First(t, Timer(100, kNs));
  EXPECT_EQ(which2, 0u);
  EXPECT_DOUBLE_EQ(nowNs(), 50.0);
}

XPO_TEST(HarnessSync, EventWakesAllWaitersAndStaysSet, CounterDut) {
  Event ev("go");
  int woken = 0;
  auto waiter = [&]() -> Task<> {
    co_await ev.wait();
    ++woken;
  };
  auto a = startSoon(waiter());
  auto b = startSoon(waiter());
  co_await Timer(1, kNs);
  EXPECT_EQ(woken, 0);
  ev.set();
  co_await Combine(a, b);
  EXPECT_EQ(woken, 2);
  co_await ev.wait();  // already set: no wait for a set(), one yield
  ev.clear();
  EXPECT_FALSE(ev.isSet());
}

XPO_TEST(HarnessSync, LockIsFifoAndExclusive, CounterDut) {
  Lock lock("bus");
  std::vector<int> order;
  int inside = 0;
  auto user = [&](int id) -> Task<> {
    co_await lock.acquire();
    ++inside;
    EXPECT_EQ(inside, 1);
    order.push_back(id);
    co_await Timer(3, kNs);
    --inside;
    lock.release();
  };
  std::vector<Task<>> tasks;
  tasks.reserve(3);
  for (int i = 0; i < 3; ++i) tasks.push_back(startSoon(user(i)));
  for (auto& t : tasks) co_await t;
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2}));
  EXPECT_DOUBLE_EQ(nowNs(), 9.0);
  EXPECT_THROW(lock.release(), std::logic_error);
}

// cocotb 1.9.2 passes an already-set Event and a free Lock through its scheduler: tasks queued
// earlier run first, and release() hands the lock to the oldest waiter, never to a newcomer.
XPO_TEST(HarnessSync, SatisfiedWaitsStillYieldAndReleaseHandsTheLockOver, CounterDut) {
  Event ev("ready");
  ev.set();
  Lock lock("bus");
  std::vector<std::string> log;
  auto other = [&]() -> Task<> {
    log.emplace_back("other runs");
    co_return;
  };
  startSoon(other());
  co_await ev.wait();
  log.emplace_back("test continues");
  auto user = [&](std::string id, int hold_ns) -> Task<> {
    log.push_back(id + " wants");
    co_await lock.acquire();
    log.push_back(id + " has");
    co_await Timer(hold_ns, kNs);
    lock.release();
  };
  auto a = startSoon(user("a", 2));
  auto b = startSoon(user("b", 1));
  co_await Timer(1, kNs);
  co_await Timer(1, kNs);  // due with a's timer but set later: a has released, b not yet run
  EXPECT_TRUE(lock.locked()) << "released with a waiter: the lock belongs to b already";
  auto c = startSoon(user("c", 1));
  co_await Combine(a, b, c);
  EXPECT_EQ(log, (std::vector<std::string>{"other runs", "test continues", "a wants", "b wants",
                                           "a has", "b has", "c wants", "c has"}));
  EXPECT_FALSE(lock.locked());
}

XPO_TEST(HarnessSync, BoundedQueueBlocksPutAndGet, CounterDut) {
  Queue<int> q(2, "fifo");
  std::vector<int> got;
  auto producer = [&]() -> Task<> {
    for (int i = 0; i < 5; ++i) co_await q.put(i);
  };
  auto p = startSoon(producer());
  co_await Timer(1, kNs);
  EXPECT_EQ(q.qsize(), 2u) << "producer blocked on a full queue";
  EXPECT_TRUE(q.full());
  EXPECT_THROW(q.putNowait(99), QueueFull);
  got.reserve(5);
  for (int i = 0; i < 5; ++i) got.push_back(co_await q.get());
  co_await p;
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_THROW(q.getNowait(), QueueEmpty);
  auto consumer = [&]() -> Task<int> { co_return co_await q.get(); };
  auto c = startSoon(consumer());
  co_await Timer(1, kNs);
  EXPECT_FALSE(c.done());
  q.putNowait(7);
  EXPECT_EQ(co_await c, 7);
}

XPO_TEST(HarnessSignals, WideVectorsAndUnpackedArrays, HandshakeDut) {
  VlWide<4> w{};
  w[0] = 0x01234567;
  w[1] = 0x89abcdef;
  w[2] = 0xdeadbeef;
  w[3] = 0x5;  // 100 bits: 4 bits in the top word
  dut.wide_i.write(w);
  for (std::size_t i = 0; i < 4; ++i) dut.lanes_i.write(i, 0x1000 + i);
  co_await ReadOnly();
  const VlWide<4> inv = dut.wide_inv_o.read();
  EXPECT_EQ(inv[0], ~0x01234567u);
  EXPECT_EQ(inv[2], ~0xdeadbeefu);
  EXPECT_EQ(inv[3], (~0x5u) & 0xfu);
  EXPECT_TRUE(dut.wide_inv_o.bit(99));
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(dut.lanes_rev_o.read(i), 0x1000 + 3 - i);
  co_await Timer(1, kNs);
  w[3] = 0x10;  // bit 100 does not exist
  EXPECT_THROW(dut.wide_i.write(w), std::out_of_range);
  EXPECT_THROW(dut.lanes_i.write(4, 0), std::out_of_range);
  EXPECT_THROW(dut.lanes_i.write(0, 0x10000), std::out_of_range);
  EXPECT_THROW(dut.in_data_i.write(uint64_t{1} << 32), std::out_of_range);
  // A whole-array write, then an element write in the same step: the last write wins.
  dut.lanes_i.writeAll({1, 2, 3, 4});
  dut.lanes_i.write(0, 9);
  co_await ReadWrite();
  EXPECT_EQ(dut.lanes_i.read(0), 9u);
  EXPECT_EQ(dut.lanes_i.read(3), 4u);
  EXPECT_THROW(dut.lanes_i.writeAll({1, 2, 0x10000, 4}), std::out_of_range);
  co_await Timer(1, kNs);  // let the model evaluate these before watching its outputs
  // An array's Edge fires when any element changes.
  dut.lanes_i.write(2, 0xbeef);
  co_await Edge(dut.lanes_rev_o);
  EXPECT_EQ(dut.lanes_rev_o.read(1), 0xbeefu);
}

// writeEach(): staged like writeAll(), straight from the function when it returns the storage
// type of a width that fills it (16 bits here), checked first otherwise.
XPO_TEST(HarnessSignals, WriteEachStagesEveryElementLikeWriteAll, HandshakeDut) {
  dut.lanes_i.writeAll({1, 2, 3, 4});
  co_await ReadWrite();
  dut.lanes_i.writeEach([](std::size_t i) { return static_cast<SData>(0x100 + i); });
  EXPECT_EQ(dut.lanes_i.read(2), 3u) << "staged, not written at once";
  dut.lanes_i.write(0, 9);
  co_await ReadWrite();
  EXPECT_EQ(dut.lanes_i.read(0), 9u) << "the last write wins";
  for (std::size_t i = 1; i < 4; ++i) EXPECT_EQ(dut.lanes_i.read(i), 0x100 + i);
  co_await Timer(1, kNs);
  // A value of another type is range-checked; one that does not fit stages nothing.
  dut.lanes_i.write(1, 0x77);
  EXPECT_THROW(dut.lanes_i.writeEach([](std::size_t i) { return uint64_t{0xfffe} + i; }),
               std::out_of_range);
  co_await ReadWrite();
  EXPECT_EQ(dut.lanes_i.read(0), 9u);
  EXPECT_EQ(dut.lanes_i.read(1), 0x77u);
  EXPECT_EQ(dut.lanes_i.read(2), 0x102u);
  dut.lanes_i.writeEach([](std::size_t i) { return uint64_t{0xfff0} + i; });
  co_await ReadWrite();
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(dut.lanes_i.read(i), 0xfff0 + i);
}

XPO_TEST(HarnessSignals, ForceHoldsAnInputUntilRelease, CounterDut) {
  dut.load_value_i.force(9);
  co_await ReadWrite();
  EXPECT_TRUE(dut.load_value_i.forced());
  dut.load_value_i.write(3);
  co_await Timer(1, kNs);
  EXPECT_EQ(dut.load_value_i.read(), 9u) << "writes are dropped while forced";
  dut.load_value_i.release();
  co_await ReadWrite();
  EXPECT_FALSE(dut.load_value_i.forced());
  EXPECT_EQ(dut.load_value_i.read(), 9u) << "release keeps the value until the next write";
  dut.load_value_i.write(3);
  co_await ReadWrite();
  EXPECT_EQ(dut.load_value_i.read(), 3u);
}

XPO_TEST(HarnessSignals, HandshakeMovesEveryWordOnce, HandshakeDut) {
  Clock(dut.clk_i, 10, kNs).start();
  co_await resetDut(dut);
  std::vector<uint64_t> sent;
  std::vector<uint64_t> received;
  auto source = [&]() -> Task<> {
    for (uint64_t i = 1; i <= 20; ++i) {
      dut.in_valid_i.write(1);
      dut.in_data_i.write(i * 3);
      do {
        co_await RisingEdge(dut.clk_i);
      } while (!dut.in_ready_o.read());
      sent.push_back(i * 3);
    }
    dut.in_valid_i.write(0);
  };
  auto sink = [&]() -> Task<> {
    for (;;) {
      dut.out_ready_i.write(dut.rng()() & 1);
      co_await RisingEdge(dut.clk_i);
      if (dut.out_valid_o.read() && dut.out_ready_i.read())
        received.push_back(dut.out_data_o.read());
    }
  };
  auto src = startSoon(source());
  startSoon(sink());
  co_await src;
  co_await ClockCycles(dut.clk_i, 50);
  EXPECT_EQ(received, sent);
}

// Counts heap allocations made on this thread while enabled.
thread_local bool gCountAllocs = false;
thread_local std::size_t gAllocs = 0;

XPO_TEST(HarnessClock, EdgesAllocateNothing, CounterDut) {
  Clock(dut.clk_i, 10, kNs).start();
  dut.en_i.write(1);
  co_await ClockCycles(dut.clk_i, 10);  // warm up: queues reach their working size
  gAllocs = 0;
  gCountAllocs = true;
  for (int i = 0; i < 1000; ++i) {
    co_await RisingEdge(dut.clk_i);
    dut.en_i.write(i & 1);
  }
  co_await ClockCycles(dut.clk_i, 1000);
  gCountAllocs = false;
  EXPECT_EQ(gAllocs, 0u);
}

}  // namespace
}  // namespace xpo::tb::testing

// GCC cannot see that this operator new and these deletes are a matched malloc/free pair.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  if (xpo::tb::testing::gCountAllocs) ++xpo::tb::testing::gAllocs;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
