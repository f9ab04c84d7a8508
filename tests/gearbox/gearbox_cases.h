// Shared pieces of the gearbox RTL block tests: random configurations and one test case run
// (configure over APB, traffic with the scoreboard on every edge, checker status read back).
#pragma once

#include <algorithm>
#include <ostream>
#include <random>
#include <string>

#include "gearbox_tb.h"

namespace xpo::gearbox::testing {

// What a lane carries: traffic through the crossbar, or a PRBS pattern replacing it.
enum class Load { kTraffic, kPrbs13q, kPrbs31q };

struct Case {
  Mode mode;
  Load load;
  bool identity;
};

inline std::string CaseName(const Case& c) {
  static const char* const kModes[] = {"1to1", "2to1", "1to2"};
  static const char* const kLoads[] = {"Traffic", "Prbs13q", "Prbs31q"};
  return std::string("Mode") + kModes[static_cast<int>(c.mode)] + "_" +
         kLoads[static_cast<int>(c.load)] + (c.identity ? "_Identity" : "_Permuted");
}
// ctest names the instances after this (CMake replaces the index by the printed value), e.g.
// All/GearboxRtl.MatchesModel/Mode2to1_Prbs31q_Permuted.
inline void PrintTo(const Case& c, std::ostream* os) { *os << CaseName(c); }

// The `long` builds define XPO_GBX_LONG: 1e6 symbols per lane, and instance names of their own
// so that ctest (which labels tests by name) keeps the two sets apart.
#ifdef XPO_GBX_LONG
#define XPO_GBX_SYMBOLS 1000000
#define XPO_GBX_INSTANTIATE(prefix, ...) INSTANTIATE_TEST_SUITE_P(Long##prefix, __VA_ARGS__)
#else
#define XPO_GBX_SYMBOLS 6400  // symbols per media lane after the configuration is applied
#define XPO_GBX_INSTANTIATE(prefix, ...) INSTANTIATE_TEST_SUITE_P(prefix, __VA_ARGS__)
#endif

// A random valid configuration: permutations (or identity), random polarity/Gray/precode and
// skew per lane, the same coding on both sides of each media lane so that a loopback decodes.
inline Config RandomConfig(const Params& p, Mode mode, Load load, bool identity,
                           std::mt19937_64& rng) {
  Config c = Config::Identity(p, mode);
  const int n = NumSlots(p, static_cast<unsigned>(mode));
  if (!identity) {
    std::shuffle(c.tx_map.begin(), c.tx_map.begin() + n, rng);
    std::shuffle(c.rx_map.begin(), c.rx_map.begin() + n, rng);
  }
  const unsigned prbs = load == Load::kPrbs13q ? 1u : load == Load::kPrbs31q ? 2u : 0u;
  for (int m = 0; m < p.num_media_lanes; ++m) {
    LaneSettings s{.polarity = bool(rng() & 1),
                   .gray = bool(rng() & 1),
                   .precode = bool(rng() & 1),
                   .prbs = prbs,
                   .skew = unsigned(rng() % 64)};
    c.tx_lane[m] = s;
    s.skew = unsigned(rng() % 64);
    c.rx_lane[m] = s;
  }
  return c;
}

// A configuration under which every host lane comes back on itself through the media loopback:
// a random TX permutation, RX_MAP its inverse, the same random Gray/precode/polarity on both
// sides of a media lane (polarity also flipped on RX where the channel inverts it), random
// skews whose sum (with the channel's) is even in the interleaved modes.
inline Config RoundTripConfig(const Params& p, Mode mode, std::mt19937_64& rng,
                              const std::vector<pam4::LaneImpairments>* channel = nullptr) {
  Config c = Config::Identity(p, mode);
  const int n = NumSlots(p, static_cast<unsigned>(mode));
  std::shuffle(c.tx_map.begin(), c.tx_map.begin() + n, rng);
  for (int t = 0; t < n; ++t) c.rx_map[c.tx_map[t]] = static_cast<unsigned>(t);
  for (int m = 0; m < p.num_media_lanes; ++m) {
    const bool ch_inv = channel && (*channel)[m].invert_polarity;
    const unsigned ch_skew = channel ? (*channel)[m].skew_symbols : 0u;
    LaneSettings s{.polarity = bool(rng() & 1),
                   .gray = bool(rng() & 1),
                   .precode = bool(rng() & 1),
                   .prbs = 0,
                   .skew = unsigned(rng() % 64)};
    c.tx_lane[m] = s;
    s.polarity = s.polarity != ch_inv;
    s.skew = unsigned(rng() % 64);
    if (mode != Mode::k1to1 && (s.skew + c.tx_lane[m].skew + ch_skew) % 2 != 0) {
      s.skew = s.skew == 0 ? 1 : s.skew - 1;
    }
    c.rx_lane[m] = s;
  }
  return c;
}

template <typename D>
tb::Task<> RunCase(D& dut, const Case& param, int cycles) {
  GearboxTb<D> tb(dut);
  // PRBS patterns loop back into the checkers; traffic exercises the RX side with its own
  // random data.
  tb.media_traffic = param.load == Load::kTraffic ? Traffic::kRandom : Traffic::kLoopback;
  co_await tb.Start();
  const Config c = RandomConfig(tb.params(), param.mode, param.load, param.identity, dut.rng());
  co_await tb.Configure(c);
  if (param.load != Load::kTraffic) {
    // As in a bring-up, the counters are cleared once the loopback has settled: right after
    // the squelch a checker may first lock on the idle (0) wire, which satisfies the PRBS13
    // recurrence and, decoded or inverted, that of PRBS31 (docs/gearbox.md section 4), and
    // counts errors until it loses that lock.
    co_await tb.Cycles(4 * tb.params().squelch_clocks() + 16);
    co_await tb.Write(reg::kClear, 0xFFFF'FFFFu);
    co_await tb.Write(reg::kClear + 4, 0xFFFF'FFFFu);
  }
  co_await tb.Cycles(cycles);
  // Checkers: lock and error counters agree with the model, read over APB; every media lane
  // that carries a pattern is locked and has counted nothing since the clear.
  if (param.load != Load::kTraffic) {
    const int used = param.mode == Mode::k1to2 ? D::kM / 2 : D::kM;
    for (int i = 0; i < (D::kM + 31) / 32; ++i) {
      const std::uint32_t lock = co_await tb.Read(reg::kLock + 4 * i);
      for (int b = 0; b < 32 && 32 * i + b < D::kM; ++b) {
        const int m = 32 * i + b;
        EXPECT_EQ((lock >> b) & 1u, tb.model().lock(m) ? 1u : 0u) << "lane " << m;
        if (m < used) {
          EXPECT_EQ((lock >> b) & 1u, 1u) << "lane " << m << " not locked on its PRBS";
        }
      }
    }
    for (int m = 0; m < D::kM; ++m) {
      const std::uint32_t count = co_await tb.Read(reg::kErrCnt + 4 * m);
      EXPECT_EQ(count, tb.model().count(m)) << "lane " << m;
      EXPECT_EQ(count, 0u) << "lane " << m << ": errors on a clean loopback";
    }
  }
  CO_ASSERT_EQ(tb.mismatches(), 0u) << tb.FirstMismatch();
  CO_ASSERT_GT(tb.edges(), static_cast<std::uint64_t>(cycles));
}

}  // namespace xpo::gearbox::testing
