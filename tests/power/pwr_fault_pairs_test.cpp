// Every pair of faults injectable in Ready, at the same microsecond: the module must reach Fault
// with nothing high-power on, record what the golden model records, and recover once both are
// repaired. Long: run by `make regress`.
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
    for (size_t j = i + 1; j < cases.size(); ++j) v.push_back({cases[i], cases[j]});
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

}  // namespace
}  // namespace xpo::power::test
