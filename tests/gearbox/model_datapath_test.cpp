// Datapath properties of the golden gearbox model, each checked against an independent
// reference: a symbol-by-symbol crossbar written from the spec's formulas, loopback round
// trips (TX then RX with the inverse settings is the identity), the pam4 PRBS generators, and
// injected errors counted by the checker.
#include <gtest/gtest.h>

#include <deque>
#include <numeric>
#include <ostream>
#include <random>
#include <vector>

#include "xpo/gearbox/gearbox.h"
#include "xpo/pam4/prbs.h"

namespace xpo::gearbox {
namespace {

unsigned Sym(std::uint64_t word, int k) { return static_cast<unsigned>(word >> (2 * k)) & 3u; }

std::vector<std::uint64_t> RandomWords(std::mt19937_64& rng, int n, std::uint64_t mask) {
  std::vector<std::uint64_t> v(n);
  for (auto& x : v) x = rng() & mask;
  return v;
}

Config RandomPermutation(const Params& p, Mode mode, std::mt19937_64& rng) {
  Config c = Config::Identity(p, mode);
  const int n = NumSlots(p, static_cast<unsigned>(mode));
  std::shuffle(c.tx_map.begin(), c.tx_map.begin() + n, rng);
  std::shuffle(c.rx_map.begin(), c.rx_map.begin() + n, rng);
  return c;
}

struct ModeCase {
  Mode mode;
  int w;
};

// ctest names the instances after this (CMake replaces the index by the printed value).
void PrintTo(const ModeCase& c, std::ostream* os) {
  static const char* const kModes[] = {"1to1", "2to1", "1to2"};
  *os << "Mode" << kModes[static_cast<int>(c.mode)] << "_W" << c.w;
}

class GearboxModes : public ::testing::TestWithParam<ModeCase> {};

// media[m].sym[j] from the spec's formula, one symbol at a time.
TEST_P(GearboxModes, CrossbarMatchesSymbolReference) {
  const auto [mode, w] = GetParam();
  const Params p{.num_media_lanes = 16, .syms_per_clk = w};
  std::mt19937_64 rng(11 + w);
  const Config c = RandomPermutation(p, mode, rng);
  Gearbox g(p, c);
  const std::uint64_t mask = g.word_mask();
  const int m_used = mode == Mode::k1to2 ? p.num_media_lanes / 2 : p.num_media_lanes;
  const bool il = mode != Mode::k1to1;
  const int n = NumSlots(p, static_cast<unsigned>(mode));
  for (int e = 0; e < 40; ++e) {
    const auto host = RandomWords(rng, p.num_host_lanes(), mask);
    const auto media = RandomWords(rng, p.num_media_lanes, mask);
    g.Step(host, media);
    if (e < p.squelch_clocks() - 1) continue;
    for (int m = 0; m < p.num_media_lanes; ++m) {
      for (int j = 0; j < w; ++j) {
        unsigned want = 0;
        if (m < m_used) {
          want = il ? Sym(host[c.tx_map[2 * m + j % 2]], j / 2) : Sym(host[c.tx_map[m]], j);
        }
        ASSERT_EQ(Sym(g.media_tx()[m], j), want) << "edge " << e << " media " << m << " sym " << j;
      }
    }
    for (int h = 0; h < p.num_host_lanes(); ++h) {
      for (int i = 0; i < w; ++i) {
        unsigned want = 0;
        if (h < n) {
          const unsigned s = c.rx_map[h];
          if (!il) {
            want = Sym(media[s], i);
          } else if (i < w / 2) {
            want = Sym(media[s / 2], 2 * i + static_cast<int>(s % 2));
          }
        }
        ASSERT_EQ(Sym(g.host_rx()[h], i), want) << "edge " << e << " host " << h << " sym " << i;
      }
    }
  }
}

// TX with a permutation and random coding, looped back into RX with the inverse permutation,
// the same coding and complementary skews: every host lane comes back intact, 62 media symbols
// late (an even delay keeps the interleave phase).
TEST_P(GearboxModes, LoopbackRoundTripIsIdentity) {
  const auto [mode, w] = GetParam();
  const Params p{.num_media_lanes = 16, .syms_per_clk = w};
  std::mt19937_64 rng(23 + w + 100 * static_cast<int>(mode));
  Config c = RandomPermutation(p, mode, rng);
  const int n = NumSlots(p, static_cast<unsigned>(mode));
  for (int t = 0; t < n; ++t) c.rx_map[c.tx_map[t]] = static_cast<unsigned>(t);
  for (int m = 0; m < p.num_media_lanes; ++m) {
    LaneSettings s{.polarity = bool(rng() & 1),
                   .gray = bool(rng() & 1),
                   .precode = bool(rng() & 1),
                   .prbs = 0,
                   .skew = unsigned(rng() % 63)};
    c.tx_lane[m] = s;
    s.skew = 62 - s.skew;
    c.rx_lane[m] = s;
  }
  Gearbox g(p, c);
  const bool il = mode != Mode::k1to1;
  const int wh = il ? w / 2 : w;
  const int delay = il ? 31 : 62;
  const std::uint64_t host_mask = il ? (1ull << w) - 1 : g.word_mask();
  std::vector<std::vector<unsigned>> sent(n);
  std::vector<std::uint64_t> loop(p.num_media_lanes, 0);
  const int edges = 60 + 200 / w;
  const int warmup = 2 * p.squelch_clocks() + 128 / w + 2;
  for (int e = 0; e < edges; ++e) {
    const auto host = RandomWords(rng, p.num_host_lanes(), host_mask);
    for (int h = 0; h < n; ++h) {
      for (int i = 0; i < wh; ++i) sent[h].push_back(Sym(host[h], i));
    }
    g.Step(host, loop);
    loop.assign(g.media_tx().begin(), g.media_tx().end());
    if (e < warmup) continue;
    // host_rx after edge e comes from host_tx at edge e - 1.
    for (int h = 0; h < n; ++h) {
      for (int i = 0; i < wh; ++i) {
        const long idx = static_cast<long>(e - 1) * wh + i - delay;
        ASSERT_EQ(Sym(g.host_rx()[h], i), sent[h][idx])
            << "edge " << e << " host " << h << " sym " << i;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(All, GearboxModes,
                         ::testing::Values(ModeCase{Mode::k1to1, 16}, ModeCase{Mode::k2to1, 16},
                                           ModeCase{Mode::k1to2, 16}, ModeCase{Mode::k1to1, 8},
                                           ModeCase{Mode::k2to1, 8}, ModeCase{Mode::k1to2, 32},
                                           ModeCase{Mode::k2to1, 32}));

TEST(GearboxLane, PolarityTwiceIsIdentity) {
  const Params p{.num_media_lanes = 4, .syms_per_clk = 16};
  Config c = Config::Identity(p);
  for (auto& s : c.tx_lane) s.polarity = true;
  Gearbox tx(p, c);
  Config r = Config::Identity(p);
  for (auto& s : r.rx_lane) s.polarity = true;
  Gearbox rx(p, r);
  std::mt19937_64 rng(5);
  std::vector<std::uint64_t> zero_media(4, 0), zero_host(8, 0);
  for (int e = 0; e < 20; ++e) {
    auto host = RandomWords(rng, 8, tx.word_mask());
    tx.Step(host, zero_media);
    std::vector<std::uint64_t> media(tx.media_tx().begin(), tx.media_tx().end());
    rx.Step(zero_host, media);
    if (e < p.squelch_clocks()) continue;
    for (int m = 0; m < 4; ++m) {
      ASSERT_EQ(tx.media_tx()[m], host[m] ^ tx.word_mask());
      ASSERT_EQ(rx.host_rx()[m], host[m]);
    }
  }
}

TEST(GearboxLane, GeneratorsAreIeeePrbsQ) {
  for (int w : {8, 16, 32}) {
    const Params p{.num_media_lanes = 4, .syms_per_clk = w};
    Config c = Config::Identity(p);
    c.tx_lane[1].prbs = 1;
    c.tx_lane[2].prbs = 2;
    c.tx_lane[3].prbs = 2;
    c.tx_lane[3].gray = true;  // Gray precedes the replace: no effect on the pattern
    Gearbox g(p, c);
    auto q13 = pam4::PrbsSymbolGenerator::Prbs13Q();
    auto q31 = pam4::PrbsSymbolGenerator::Prbs31Q();
    std::vector<std::uint64_t> host(8, 0), media(4, 0);
    for (int e = 0; e < 600; ++e) {
      g.Step(host, media);
      for (int j = 0; j < w; ++j) {
        const unsigned s13 = q13.Next(), s31 = q31.Next();
        if (e < p.squelch_clocks() - 1) continue;
        ASSERT_EQ(Sym(g.media_tx()[1], j), s13) << "w " << w << " edge " << e << " sym " << j;
        ASSERT_EQ(Sym(g.media_tx()[2], j), s31) << "w " << w << " edge " << e << " sym " << j;
        ASSERT_EQ(Sym(g.media_tx()[3], j), s31);
      }
    }
  }
}

// Loopback PRBS into the checkers; one corrupted symbol costs one count, two with precoding
// (the decoder spreads it), and the checker never locks on random data.
TEST(GearboxLane, CheckerCountsInjectedErrorsExactly) {
  for (unsigned pattern : {1u, 2u}) {
    for (bool precode : {false, true}) {
      const Params p{.num_media_lanes = 4, .syms_per_clk = 16};
      Config c = Config::Identity(p);
      for (int m = 0; m < 4; ++m) {
        c.tx_lane[m] = {.polarity = true, .precode = precode, .prbs = pattern, .skew = 5};
        c.rx_lane[m] = {.polarity = true, .precode = precode, .prbs = pattern, .skew = 7};
      }
      Gearbox g(p, c);
      std::vector<std::uint64_t> host(8, 0), loop(4, 0);
      std::mt19937_64 rng(99);
      int injected = 0;
      for (int e = 0; e < 400; ++e) {
        g.Step(host, loop);
        loop.assign(g.media_tx().begin(), g.media_tx().end());
        if (e == 40) {
          ASSERT_TRUE(g.lock(2)) << "pattern " << pattern;
        }
        if (e >= 50 && e % 37 == 0) {
          const int j = static_cast<int>(rng() % 16);
          loop[2] ^= (1ull + rng() % 3) << (2 * j);  // a different symbol
          ++injected;
        }
        ASSERT_EQ(g.count(0), 0u);
      }
      EXPECT_TRUE(g.lock(2));
      EXPECT_EQ(g.count(2), static_cast<unsigned>(injected * (precode ? 2 : 1)))
          << "pattern " << pattern << " precode " << precode;
      g.ClearCount(2);
      g.Step(host, loop);
      EXPECT_EQ(g.count(2), 0u);
    }
  }
}

TEST(GearboxLane, CheckerLosesLockOnRandomDataAndNeverLocksOnIt) {
  const Params p{.num_media_lanes = 2, .syms_per_clk = 16};
  Config c = Config::Identity(p);
  c.tx_lane[0].prbs = 2;
  c.rx_lane[0].prbs = 2;
  c.rx_lane[1].prbs = 2;
  Gearbox g(p, c);
  std::vector<std::uint64_t> host(4, 0), loop(2, 0);
  std::mt19937_64 rng(1);
  for (int e = 0; e < 50; ++e) {
    g.Step(host, loop);
    loop.assign(g.media_tx().begin(), g.media_tx().end());
    loop[1] = rng() & g.word_mask();
    ASSERT_FALSE(g.lock(1));
  }
  ASSERT_TRUE(g.lock(0));
  for (int e = 0; e < 4; ++e) {
    ASSERT_TRUE(g.lock(0)) << e;
    loop[0] = rng() & g.word_mask();
    g.Step(host, loop);
  }
  EXPECT_FALSE(g.lock(0));
  EXPECT_GT(g.count(0), 4u * 4u);
}

}  // namespace
}  // namespace xpo::gearbox
