// The scoreboard is a checker: these tests show it passing good traces and firing on broken ones.
#include <gtest/gtest.h>

#include <vector>

#include "xpo/power/scoreboard.h"

namespace xpo::power {
namespace {

// A golden trace: LowPwr, PwrUp enabling rails 0..4 every 100 us, Ready.
std::vector<Observation> Golden() {
  std::vector<Observation> g(1000);
  for (int t = 0; t < 1000; ++t) {
    Observation& o = g[t];
    if (t < 100) continue;
    o.state = ModuleState::kPwrUp;
    o.valve_en = true;
    for (int r = 0; r < 5; ++r) {
      if (t >= 100 + 100 * r) o.rail_en |= 1u << r;
    }
    if (t >= 700) o.state = ModuleState::kReady;
  }
  return g;
}

Scoreboard Compare(const std::vector<Observation>& g, const std::vector<Observation>& d) {
  Scoreboard sb(5);
  for (size_t t = 0; t < g.size(); ++t) sb.Record(t, g[t], d[t]);
  sb.Finish();
  return sb;
}

std::vector<Observation> Delayed(const std::vector<Observation>& g, int by) {
  std::vector<Observation> d(g.size());
  for (size_t t = 0; t < g.size(); ++t) d[t] = g[t >= static_cast<size_t>(by) ? t - by : 0];
  return d;
}

TEST(Scoreboard, IdenticalAndSlightlyLateTracesPass) {
  auto g = Golden();
  EXPECT_TRUE(Compare(g, g).ok());
  auto sb = Compare(g, Delayed(g, 4));
  EXPECT_TRUE(sb.ok()) << sb.Report();
  EXPECT_EQ(sb.checked(), g.size() - 5) << "all but the last tolerance window";
}

TEST(Scoreboard, FiresOnLateDut) {
  auto sb = Compare(Golden(), Delayed(Golden(), 8));
  EXPECT_FALSE(sb.ok());
  EXPECT_FALSE(sb.errors().empty());
}

TEST(Scoreboard, FiresOnWrongEnableGlitch) {
  auto g = Golden();
  auto d = g;
  d[300].rail_en |= 1u << 4;  // one microsecond of a rail enabled too early
  auto sb = Compare(g, d);
  EXPECT_EQ(sb.mismatches(), 1u) << sb.Report();
}

TEST(Scoreboard, FiresOnSkippedShortState) {
  auto g = Golden();
  for (int t = 500; t < 503; ++t) g[t].state = ModuleState::kPwrDn;  // the DUT never shows it
  auto sb = Compare(g, Golden());
  EXPECT_FALSE(sb.ok());
}

TEST(Scoreboard, SingleMicrosecondGoldenStepNeedNotBeSeen) {
  auto g = Golden();
  g[500].state = ModuleState::kPwrDn;  // one microsecond: the RTL may pass it within a clock
  auto d = Golden();
  EXPECT_TRUE(Compare(g, d).ok());
  d[500].state = ModuleState::kFault;  // but a DUT value must still exist in the golden window
  EXPECT_FALSE(Compare(g, d).ok());
}

TEST(Scoreboard, RejectsGapsInTime) {
  Scoreboard sb;
  sb.Record(0, {}, {});
  EXPECT_THROW(sb.Record(2, {}, {}), std::invalid_argument);
}

}  // namespace
}  // namespace xpo::power
