// Validation rules of docs/gearbox.md section 5 and the APPLY timing of the golden model.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

#include "xpo/gearbox/config.h"
#include "xpo/gearbox/gearbox.h"

namespace xpo::gearbox {
namespace {

using ::testing::HasSubstr;

TEST(GearboxConfig, IdentityIsValidInEveryMode) {
  const Params p;
  for (Mode mode : {Mode::k1to1, Mode::k2to1, Mode::k1to2}) {
    EXPECT_FALSE(Validate(p, Config::Identity(p, mode)).has_value());
  }
}

TEST(GearboxConfig, ShadowResetIsRefusedAsRepeatedEntry) {
  const Params p;
  const auto err = Validate(p, Config::ShadowReset(p));
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->code, ErrorCode::kRepeated);
  EXPECT_EQ(err->dir, Direction::kTx);
  EXPECT_EQ(err->index, 1u);
  EXPECT_EQ(err->value, 0u);
}

TEST(GearboxConfig, RandomPermutationsAreValid) {
  const Params p;
  std::mt19937_64 rng(7);
  for (Mode mode : {Mode::k1to1, Mode::k2to1, Mode::k1to2}) {
    Config c = Config::Identity(p, mode);
    const int n = NumSlots(p, static_cast<unsigned>(mode));
    std::shuffle(c.tx_map.begin(), c.tx_map.begin() + n, rng);
    std::shuffle(c.rx_map.begin(), c.rx_map.begin() + n, rng);
    // Entries beyond the slots of the mode are ignored, whatever they hold.
    for (int i = n; i < p.num_host_lanes(); ++i) c.tx_map[i] = 127;
    EXPECT_FALSE(Validate(p, c).has_value()) << static_cast<int>(mode);
  }
}

TEST(GearboxConfig, OutOfRangeForTheModeIsRefused) {
  const Params p;
  Config c = Config::Identity(p, Mode::k1to2);
  c.rx_map[10] = 64;  // valid in 2:1, not in 1:2 (64 slots)
  const auto err = Validate(p, c);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(*err, (ConfigError{ErrorCode::kOutOfRange, Direction::kRx, 10, 64}));
  EXPECT_THAT(err->Describe(), HasSubstr("RX_MAP[10] = 64"));
  EXPECT_EQ(err->ToRegister(), 2u | (1u << 4) | (10u << 8) | (64u << 16));
}

TEST(GearboxConfig, FirstErrorWinsInWalkOrder) {
  const Params p;
  Config c = Config::Identity(p, Mode::k1to1);
  c.tx_map[9] = 3;        // repeat at index 9
  c.rx_map[4] = 70;       // out of range at index 4: earlier, wins
  c.tx_lane[4].prbs = 3;  // same index, later in the order
  auto err = Validate(p, c);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(*err, (ConfigError{ErrorCode::kOutOfRange, Direction::kRx, 4, 70}));
  c.rx_map[4] = 4;
  err = Validate(p, c);
  EXPECT_EQ(*err, (ConfigError{ErrorCode::kBadPattern, Direction::kTx, 4, 3}));
  c.tx_lane[4].prbs = 0;
  err = Validate(p, c);
  EXPECT_EQ(*err, (ConfigError{ErrorCode::kRepeated, Direction::kTx, 9, 3}));
  c.mode = 3;
  err = Validate(p, c);
  EXPECT_EQ(*err, (ConfigError{ErrorCode::kBadMode, Direction::kTx, 0, 3}));
}

TEST(GearboxConfig, MalformedConfigThrowsNamingTheField) {
  const Params p;
  Config c = Config::Identity(p);
  c.tx_map.pop_back();
  EXPECT_THROW(
      {
        try {
          Validate(p, c);
        } catch (const std::invalid_argument& e) {
          EXPECT_THAT(e.what(), HasSubstr("TX_MAP has 127 entries"));
          throw;
        }
      },
      std::invalid_argument);
  c = Config::Identity(p);
  c.rx_lane[7].skew = 64;
  EXPECT_THROW(Validate(p, c), std::invalid_argument);
  EXPECT_THROW(Params({.num_media_lanes = 48}).Check(), std::invalid_argument);
  EXPECT_THROW(Params({.syms_per_clk = 7}).Check(), std::invalid_argument);
}

TEST(GearboxConfig, ConstructorRefusesInvalidActiveConfig) {
  const Params p;
  Config c = Config::Identity(p, Mode::k2to1);
  c.tx_map[100] = 5;
  try {
    Gearbox g(p, c);
    FAIL() << "accepted a map that is not a permutation";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("TX_MAP[100] = 5"));
  }
}

TEST(GearboxConfig, LaneRegisterImageRoundTrips) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 100; ++i) {
    LaneSettings s{.polarity = bool(rng() & 1),
                   .gray = bool(rng() & 1),
                   .precode = bool(rng() & 1),
                   .prbs = unsigned(rng() % 4),
                   .skew = unsigned(rng() % 64)};
    EXPECT_EQ(LaneSettings::FromRegister(s.ToRegister()), s);
  }
}

// APPLY: commit exactly apply_latency edges after the write, squelch for squelch_clocks edges.
TEST(GearboxApply, CommitTimingAndSquelch) {
  const Params p{.num_media_lanes = 8, .syms_per_clk = 16};
  Gearbox g(p);
  std::vector<std::uint64_t> host(p.num_host_lanes(), 0x1234'5678u), media(8, 0);
  auto step = [&] { g.Step(host, media); };
  for (int i = 0; i < 10; ++i) step();
  ASSERT_FALSE(g.squelched());
  ASSERT_EQ(g.media_tx()[0], 0x1234'5678u);

  Config c = Config::Identity(p);
  c.tx_lane[0].polarity = true;
  ASSERT_TRUE(g.RequestApply(c));
  EXPECT_FALSE(g.RequestApply(c));  // a second APPLY while busy is ignored
  EXPECT_TRUE(g.wr_ignored());
  for (int i = 0; i < p.apply_latency(); ++i) {
    step();
    EXPECT_TRUE(g.busy()) << i;
    EXPECT_EQ(g.media_tx()[0], 0x1234'5678u) << "old config runs while validating, edge " << i;
  }
  EXPECT_EQ(g.commits(), 0u);
  step();  // commit edge
  EXPECT_FALSE(g.busy());
  EXPECT_EQ(g.commits(), 1u);
  EXPECT_EQ(g.last_commit_edge(), g.edges());
  EXPECT_EQ(g.last_commit_edge(), 10u + static_cast<unsigned>(p.apply_latency()) + 1u);
  EXPECT_TRUE(g.active().tx_lane[0].polarity);
  int squelched = 0;  // edges after which the output was 0, from the commit edge on
  while (g.media_tx()[0] == 0) {
    ++squelched;
    step();
    ASSERT_LT(squelched, 100);
  }
  EXPECT_EQ(squelched, p.squelch_clocks());
  EXPECT_EQ(g.media_tx()[0], ~0x1234'5678ull & 0xFFFF'FFFFu);
}

TEST(GearboxApply, RefusalKeepsOutputsAndSetsStickyError) {
  const Params p{.num_media_lanes = 8, .syms_per_clk = 8};
  Gearbox g(p);
  std::vector<std::uint64_t> host(p.num_host_lanes(), 0xA5A5u), media(8, 0);
  for (int i = 0; i < 10; ++i) g.Step(host, media);
  Config bad = Config::Identity(p);
  bad.rx_map[2] = 1;
  ASSERT_TRUE(g.RequestApply(bad));
  for (int i = 0; i < p.apply_latency() + 5; ++i) {
    g.Step(host, media);
    ASSERT_EQ(g.media_tx()[3], 0xA5A5u) << i;
    ASSERT_FALSE(g.squelched());
  }
  EXPECT_TRUE(g.cfg_err());
  EXPECT_EQ(g.err_info(), (ConfigError{ErrorCode::kRepeated, Direction::kRx, 2, 1}));
  EXPECT_EQ(g.active().rx_map[2], 2u);
  EXPECT_EQ(g.commits(), 0u);
  EXPECT_EQ(g.last_commit_edge(), 0u);
  // STATUS write 1 to CFG_ERR clears it; a configuration write while busy sets WR_IGNORED.
  g.WriteStatus(4u);
  EXPECT_FALSE(g.cfg_err());
  g.IgnoredWrite();
  EXPECT_TRUE(g.wr_ignored());
  g.WriteStatus(8u);
  EXPECT_FALSE(g.wr_ignored());
}

}  // namespace
}  // namespace xpo::gearbox
