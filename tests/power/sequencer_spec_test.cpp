// Expectations derived from docs/power.md §3 with an ideal plant: each rail shows PG a fixed
// latency after its enable and drops it at once when disabled.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "xpo/power/sequencer_spec.h"

namespace xpo::power {
namespace {

constexpr uint32_t kPgLatency = 1000;

struct Bench {
  RegFile regs;
  SequencerSpec seq{regs};
  SeqInputs in;
  std::array<int64_t, kNumRails> en_at{};
  std::array<int64_t, kNumRails> off_at{};
  uint32_t never_pg = 0;
  int64_t t = 0;
  std::vector<uint32_t> enable_order, disable_order;

  Bench() {
    in.lowpwr_req = false;
    in.hs_pg = true;
    in.ilk_ok = true;
    en_at.fill(-1);
    off_at.fill(-1);
  }
  void Step() {
    uint32_t before = seq.rail_en();
    in.rail_pg = 0;
    for (int r = 0; r < kNumRails; ++r) {
      if ((before >> r & 1u) && !(never_pg >> r & 1u) && t - en_at[r] >= kPgLatency) {
        in.rail_pg |= 1u << r;
      }
    }
    seq.Step(in);
    ++t;
    uint32_t after = seq.rail_en();
    for (uint32_t r = 0; r < kNumRails; ++r) {
      if ((after & ~before) >> r & 1u) {
        en_at[r] = t;
        enable_order.push_back(r);
      }
      if ((before & ~after) >> r & 1u) {
        off_at[r] = t;
        disable_order.push_back(r);
      }
    }
  }
  bool RunUntil(ModuleState s, int limit = 10000000) {
    for (int i = 0; i < limit; ++i) {
      Step();
      if (seq.state() == s) return true;
    }
    return false;
  }
};

TEST(SequencerSpec, PowerUpInOrderWithPgAndDelay) {
  Bench b;
  ASSERT_TRUE(b.RunUntil(ModuleState::kReady));
  EXPECT_EQ(b.enable_order, (std::vector<uint32_t>{0, 1, 2, 3, 4}));
  const int64_t gap = kPgLatency + b.regs.Get(reg::kSeqDelayUs);
  for (int r = 1; r < kNumRails; ++r) EXPECT_NEAR(b.en_at[r] - b.en_at[r - 1], gap, 2) << r;
  EXPECT_NEAR(b.t - b.en_at[4], kPgLatency, 2);
  EXPECT_EQ(b.seq.rail_en(), 0x1Fu);
  EXPECT_EQ(b.seq.faults(), 0u);
}

TEST(SequencerSpec, StaysInLowPowerUntilAskedAndInputGood) {
  Bench b;
  b.in.lowpwr_req = true;
  for (int i = 0; i < 1000; ++i) b.Step();
  EXPECT_EQ(b.seq.state(), ModuleState::kLowPwr);
  b.in.lowpwr_req = false;
  b.in.hs_pg = false;
  for (int i = 0; i < 1000; ++i) b.Step();
  EXPECT_EQ(b.seq.state(), ModuleState::kLowPwr);
  EXPECT_EQ(b.seq.faults(), 0u) << "no input in LowPwr is not a fault";
  b.in.hs_pg = true;
  b.Step();
  EXPECT_EQ(b.seq.state(), ModuleState::kPwrUp);
}

TEST(SequencerSpec, AnyPermutationIsFollowedUpAndReversedDown) {
  std::mt19937_64 rng(20260);
  for (int trial = 0; trial < 10; ++trial) {
    std::vector<uint32_t> order = {0, 1, 2, 3, 4};
    std::shuffle(order.begin(), order.end(), rng);
    Bench b;
    uint32_t v = 0;
    for (int k = 0; k < kNumRails; ++k) v |= order[k] << (3 * k);
    ASSERT_TRUE(b.regs.Write(reg::kSeqOrder, v));
    ASSERT_TRUE(b.RunUntil(ModuleState::kReady));
    EXPECT_EQ(b.enable_order, order);
    b.in.lowpwr_req = true;
    ASSERT_TRUE(b.RunUntil(ModuleState::kLowPwr));
    EXPECT_EQ(b.disable_order, std::vector<uint32_t>(order.rbegin(), order.rend()));
  }
}

TEST(SequencerSpec, PowerDownSpacedByPdnDelay) {
  Bench b;
  ASSERT_TRUE(b.RunUntil(ModuleState::kReady));
  b.in.lowpwr_req = true;
  ASSERT_TRUE(b.RunUntil(ModuleState::kLowPwr));
  const int64_t d = b.regs.Get(reg::kPdnDelayUs);
  for (int r = 0; r < kNumRails - 1; ++r) EXPECT_NEAR(b.off_at[r] - b.off_at[r + 1], d, 1) << r;
  EXPECT_NEAR(b.t - b.off_at[0], d, 1);
}

TEST(SequencerSpec, PgTimeoutFaultsAndRemovesDownstreamAndHighPower) {
  Bench b;
  b.never_pg = 1u << 2;
  ASSERT_TRUE(b.RunUntil(ModuleState::kFault));
  EXPECT_EQ(b.seq.faults(), kFaultPgTimeout);
  EXPECT_EQ(b.seq.fault_rail(), 2u);
  EXPECT_NEAR(b.t - b.en_at[2], b.regs.Get(reg::PgTimeoutUs(2)), 1);
  EXPECT_EQ(b.seq.rail_en(), 0x01u) << "only the upstream non-high-power rail stays";
  for (int i = 0; i < 10000; ++i) b.Step();
  EXPECT_EQ(b.seq.state(), ModuleState::kFault) << "latched";
}

TEST(SequencerSpec, FaultOnNonHighPowerRailRemovesEverythingDownstream) {
  Bench b;
  b.never_pg = 1u << 0;
  ASSERT_TRUE(b.RunUntil(ModuleState::kFault));
  EXPECT_EQ(b.seq.fault_rail(), 0u);
  EXPECT_EQ(b.seq.rail_en(), 0u);
}

TEST(SequencerSpec, RailOverCurrentInReady) {
  Bench b;
  ASSERT_TRUE(b.RunUntil(ModuleState::kReady));
  b.in.rail_fault = 1u << 3;
  b.Step();
  EXPECT_EQ(b.seq.state(), ModuleState::kFault);
  EXPECT_EQ(b.seq.faults(), kFaultRailOc);
  EXPECT_EQ(b.seq.fault_rail(), 3u);
  EXPECT_EQ(b.seq.rail_en(), 0x01u);
}

TEST(SequencerSpec, BudgetRefusesTheRailThatWouldExceedTheClass) {
  Bench b;
  ASSERT_TRUE(b.regs.Write(reg::kClassW, 300));  // 10 + 200 + 40 = 250 fits, + 80 does not
  ASSERT_TRUE(b.RunUntil(ModuleState::kFault));
  EXPECT_EQ(b.seq.faults(), kFaultBudget);
  EXPECT_EQ(b.seq.fault_rail(), 3u);
  EXPECT_EQ(b.en_at[3], -1) << "rail 3 was never enabled";
}

TEST(SequencerSpec, CoolingNeverReadyTimesOutAtTheFirstHighPowerRail) {
  Bench b;
  b.in.ilk_ok = false;
  ASSERT_TRUE(b.regs.Write(reg::kCoolWaitUs, 5000));
  ASSERT_TRUE(b.RunUntil(ModuleState::kFault));
  EXPECT_EQ(b.seq.faults(), kFaultCoolTimeout);
  EXPECT_EQ(b.seq.fault_rail(), 1u);
  EXPECT_EQ(b.en_at[1], -1);
  // The wait starts when rail 0 is up and the delay is over.
  const int64_t wait_from = b.en_at[0] + kPgLatency + b.regs.Get(reg::kSeqDelayUs);
  EXPECT_NEAR(b.t - wait_from, 5000, 3);
}

TEST(SequencerSpec, InterlockTripRemovesHighPowerAtOnce) {
  Bench b;
  ASSERT_TRUE(b.RunUntil(ModuleState::kReady));
  b.in.ilk_trips = 1u << 8;
  b.Step();
  EXPECT_EQ(b.seq.state(), ModuleState::kFault);
  EXPECT_EQ(b.seq.rail_en(), 0x01u);
  EXPECT_EQ(b.seq.faults(), 0u) << "the interlock owns its bits";
  EXPECT_EQ(b.seq.fault_rail(), kNoRail);
}

TEST(SequencerSpec, ClearGoesThroughPwrDnAndPowersUpAgain) {
  Bench b;
  ASSERT_TRUE(b.RunUntil(ModuleState::kReady));
  b.in.hs_pg = false;
  b.Step();
  EXPECT_EQ(b.seq.faults(), kFaultInputLost);
  b.in.hs_pg = true;
  for (int i = 0; i < 1000; ++i) b.Step();
  EXPECT_EQ(b.seq.state(), ModuleState::kFault);
  b.seq.ClearFaults(kFaultInputLost);
  b.Step();
  EXPECT_EQ(b.seq.state(), ModuleState::kPwrDn);
  ASSERT_TRUE(b.RunUntil(ModuleState::kLowPwr));
  EXPECT_EQ(b.seq.rail_en(), 0u);
  ASSERT_TRUE(b.RunUntil(ModuleState::kReady));
}

TEST(SequencerSpec, LowPowerRequestAbortsPowerUp) {
  Bench b;
  while (b.seq.rail_en() != 0x07u) b.Step();
  b.in.lowpwr_req = true;
  ASSERT_TRUE(b.RunUntil(ModuleState::kLowPwr));
  EXPECT_EQ(b.disable_order, (std::vector<uint32_t>{2, 1, 0}));
  EXPECT_EQ(b.seq.faults(), 0u);
}

}  // namespace
}  // namespace xpo::power
