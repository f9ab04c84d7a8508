// Every pair of faults injectable in Ready, at the same microsecond: the module must reach Fault
// with nothing high-power on, record what the golden model records, and recover once both are
// repaired. Then single faults at random moments of the power-up, judged by the golden model.
// Long: run by `make regress`.
#include <random>

#include <fmt/format.h>

#include "fault_cases.h"

namespace xpo::power::test {
namespace {

using tb::TimeUnit;

struct Pair {
  FaultCase a, b;
};
void PrintTo(const Pair& p, std::ostream* os) { *os << p.a.name << "+" << p.b.name; }

std::vector<Pair> AllPairs() {
  auto cases = ReadyFaultCases();
  std::vector<Pair> v;
  for (size_t i = 0; i < cases.size(); ++i) {
    for (size_t j = i + 1; j < cases.size(); ++j) {
      // One input voltage profile at a time: a brown-out and a surge at once is no waveform.
      if (!cases[i].drives.empty() && cases[i].drives == cases[j].drives) continue;
      v.push_back({cases[i], cases[j]});
    }
  }
  return v;
}

FaultCase Combine(const Pair& p) {
  FaultCase c;
  c.name = p.a.name + "And" + p.b.name;
  c.phase = Phase::kReady;
  c.must = 0;  // which trips first depends on their filters; the golden model decides
  FaultCase a = p.a, b = p.b;
  c.inject = [a, b](Bench& x) {
    a.inject(x);
    b.inject(x);
  };
  c.repair = [a, b](Bench& x) {
    a.repair(x);
    b.repair(x);
  };
  c.onset = [a, b](Bench& x) { return a.onset(x) || b.onset(x); };
  c.bound = [a, b](Bench& x) { return std::max(a.bound(x), b.bound(x)); };
  c.plug_onset = a.plug_onset || b.plug_onset;
  c.settle_us = std::max(a.settle_us, b.settle_us);
  return c;
}

XPO_PARAM_SUITE(PwrFaultPair, Pair);

XPO_TEST_P(PwrFaultPair, InjectedTogether, PwrDut, .timeout_time = 4,
           .timeout_unit = TimeUnit::kSec) {
  Bench b(dut, ReferencePowerTree(48.0), cooling::CoolingPlantParams{});
  co_await b.Start();
  const FaultCase c = Combine(param);
  const uint32_t fault = co_await RunFault(b, c);
  EXPECT_NE(fault & (param.a.must | param.b.must), 0u) << "neither cause recorded";
}

INSTANTIATE_TEST_SUITE_P(Pairs, PwrFaultPair, ::testing::ValuesIn(AllPairs()),
                         [](const auto& info) {
                           return info.param.a.name + "And" + info.param.b.name;
                         });

// A fault from the Ready set injected at a random microsecond of the power-up (seeded from the
// test's seed): whatever the golden model makes of it (a trip, a timeout, or nothing yet), the DUT
// must agree in time and in its FAULT register, have nothing high-power on in Fault, and recover.
XPO_PARAM_SUITE(PwrFaultRandom, int);

XPO_TEST_P(PwrFaultRandom, AtRandomMoment, PwrDut, .timeout_time = 4,
           .timeout_unit = TimeUnit::kSec) {
  const auto cases = ReadyFaultCases();
  std::mt19937_64& rng = dut.rng();
  const FaultCase c = cases[std::uniform_int_distribution<size_t>(0, cases.size() - 1)(rng)];
  const uint64_t at_us = std::uniform_int_distribution<uint64_t>(0, 130000)(rng);
  dut.log().info("injecting {} {} us after the host asks for power", c.name, at_us);
  Bench b(dut, ReferencePowerTree(48.0), cooling::CoolingPlantParams{});
  co_await b.Start();
  CO_ASSERT_TRUE(co_await b.Write(reg::kCtrl, kCtrlLpModePinEn));
  const uint64_t t0 = b.now_us();
  bool injected = false;
  b.on_tick = [&](Bench& x) {
    if (!injected && x.now_us() >= t0 + at_us) {
      c.inject(x);
      injected = true;
    }
  };
  co_await b.Wait(at_us + 300000);
  CO_ASSERT_TRUE(injected);
  EXPECT_EQ(b.dut_state(), b.golden().state());
  EXPECT_EQ(co_await b.Read(reg::kFault), b.golden().Read(reg::kFault)) << c.name;
  if (b.dut_state() == ModuleState::kFault) {
    EXPECT_EQ(b.dut_rail_en() & kHpMask, 0u);
  }
  c.repair(b);
  co_await b.Wait(c.settle_us);
  CO_ASSERT_TRUE(co_await b.Write(reg::kFault, kFaultMask));
  CO_ASSERT_TRUE(co_await b.WaitState(ModuleState::kReady, 1200000)) << c.name << ": no recovery";
  b.Finish();
}

INSTANTIATE_TEST_SUITE_P(Seeds, PwrFaultRandom, ::testing::Range(0, 20));

}  // namespace
}  // namespace xpo::power::test
