#include "xpo/pam4/channel.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "xpo/pam4/analytic.h"
#include "xpo/pam4/checker.h"
#include "xpo/pam4/prbs.h"
#include "xpo/pam4/stats.h"
#include "xpo/pam4/symbols.h"

namespace xpo::pam4 {
namespace {

std::vector<Symbol> Prbs31Q(std::size_t n) {
  auto gen = PrbsSymbolGenerator::Prbs31Q();
  std::vector<Symbol> v(n);
  gen.Fill(v);
  return v;
}

std::string ExceptionText(auto&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(LaneChannel, NoiselessIsTransparent) {
  const auto tx = Prbs31Q(10000);
  LaneChannel ch({}, 1);
  std::vector<Symbol> rx(tx.size());
  ch.Process(tx, rx);
  EXPECT_EQ(rx, tx);
  EXPECT_EQ(ch.errors_injected(), 0u);
}

TEST(LaneChannel, ReportsExactlyWhatItCorrupted) {
  const auto tx = Prbs31Q(200000);
  LaneImpairments cfg{.snr_db = 16.0, .bursts = {{5000, 7}, {90000, 3}}};
  cfg.burst_rate = 1e-4;
  cfg.burst_length = 4;
  LaneChannel ch(cfg, 42);
  std::vector<Symbol> rx(tx.size());
  ch.Process(tx, rx);
  std::size_t diffs = 0;
  for (std::size_t i = 0; i < tx.size(); ++i) diffs += tx[i] != rx[i];
  EXPECT_GT(diffs, 100u);
  ASSERT_EQ(ch.errors_injected(), diffs);
  ASSERT_EQ(ch.errors().size(), diffs);
  for (const ChannelError& e : ch.errors()) {
    EXPECT_EQ(tx[e.tx_index], e.sent);
    EXPECT_EQ(rx[e.rx_index], e.received);
    EXPECT_NE(e.sent, e.received);
  }
  for (std::uint64_t i = 5000; i < 5007; ++i) EXPECT_NE(rx[i], tx[i]) << i;
}

TEST(LaneChannel, DeterministicBySeedAndIndependentOfChunking) {
  const auto tx = Prbs31Q(100000);
  for (bool isi : {false, true}) {
    LaneImpairments cfg{.snr_db = 14.0};
    if (isi) cfg.isi_taps = {0.1, -0.05};
    cfg.burst_rate = 1e-4;
    cfg.burst_length = 5;
    cfg.skew_symbols = 17;
    LaneChannel a(cfg, 7), b(cfg, 7), c(cfg, 8);
    std::vector<Symbol> ra(tx.size()), rb(tx.size()), rc(tx.size());
    a.Process(tx, ra);
    std::mt19937_64 rng(1);
    std::size_t at = 0;
    while (at < tx.size()) {
      const std::size_t len = std::min<std::size_t>(1 + rng() % 50, tx.size() - at);
      b.Process(std::span<const Symbol>(tx).subspan(at, len),
                std::span<Symbol>(rb).subspan(at, len));
      at += len;
    }
    c.Process(tx, rc);
    EXPECT_EQ(ra, rb) << "isi " << isi;
    EXPECT_NE(ra, rc) << "isi " << isi;
    EXPECT_EQ(a.errors_injected(), b.errors_injected());
  }
}

TEST(LaneChannel, SkewDelaysAndPolarityInverts) {
  const auto tx = Prbs31Q(1000);
  LaneChannel ch({.skew_symbols = 63, .skew_fill = 1, .invert_polarity = true}, 1);
  std::vector<Symbol> rx(tx.size());
  ch.Process(std::span<const Symbol>(tx).first(10), std::span<Symbol>(rx).first(10));
  ch.Process(std::span<const Symbol>(tx).subspan(10), std::span<Symbol>(rx).subspan(10));
  for (std::size_t i = 0; i < 63; ++i) EXPECT_EQ(rx[i], 1) << i;
  for (std::size_t i = 63; i < rx.size(); ++i) ASSERT_EQ(rx[i], 3 - tx[i - 63]) << i;
}

TEST(LaneChannel, CheckerCountsMatchInjectedErrorsExactly) {
  const std::size_t n = 2'000'000;
  const auto tx = Prbs31Q(n);
  LaneImpairments cfg{.snr_db = 17.0, .skew_symbols = 40};
  cfg.bursts = {{500000, 12}};
  LaneChannel ch(cfg, 2024);
  std::vector<Symbol> rx(n);
  ch.Process(tx, rx);
  PrbsChecker chk;
  chk.Check(rx);
  ASSERT_TRUE(chk.locked());
  const std::uint64_t start = *chk.lock_index();
  std::uint64_t expected = 0;
  for (const ChannelError& e : ch.errors()) expected += e.rx_index >= start;
  EXPECT_GT(expected, 100u);
  EXPECT_EQ(chk.symbol_errors(), expected);
  ASSERT_EQ(chk.errors().size(), expected);
  std::size_t k = 0;
  for (const ChannelError& e : ch.errors()) {
    if (e.rx_index < start) continue;
    EXPECT_EQ(chk.errors()[k].index, e.rx_index);
    EXPECT_EQ(chk.errors()[k].received, e.received);
    ++k;
  }
}

class SerVsAnalytic : public ::testing::TestWithParam<double> {};

TEST_P(SerVsAnalytic, MeasuredWithinConfidenceOfTheory) {
  const double snr = GetParam();
  for (bool isi_path : {false, true}) {
    LaneImpairments cfg{.snr_db = snr};
    cfg.per_symbol_noise = isi_path;
    LaneChannel ch(cfg, 1234);
    const std::size_t chunks = isi_path ? 32 : 320;
    auto gen = PrbsSymbolGenerator::Prbs31Q();
    std::vector<Symbol> tx(1 << 16), rx(1 << 16);
    const std::size_t n = chunks * tx.size();
    for (std::size_t c = 0; c < chunks; ++c) {
      gen.Fill(tx);
      ch.Process(tx, rx);
    }
    const auto ci = ClopperPearson(ch.errors_injected(), n, 0.999);
    const double theory = Pam4SerAwgn(snr);
    EXPECT_LE(ci.lower, theory) << "snr " << snr << " isi path " << isi_path;
    EXPECT_GE(ci.upper, theory) << "snr " << snr << " isi path " << isi_path;
  }
}

INSTANTIATE_TEST_SUITE_P(Pam4, SerVsAnalytic, ::testing::Values(12.0, 15.0, 17.0));

// SER with post-cursor ISI, by enumerating every combination of the previous symbols (uniform,
// independent): the level is shifted by sum h_k x_k and the Gaussian tails are taken from there.
double IsiSer(double snr_db, const std::vector<double>& h) {
  const double sigma = NoiseSigmaForSnrDb(snr_db);
  const std::size_t combos = std::size_t{1} << (2 * h.size());
  double ser = 0.0;
  for (int s = 0; s < 4; ++s) {
    for (std::size_t c = 0; c < combos; ++c) {
      double y = 2.0 * s - 3.0;
      for (std::size_t k = 0; k < h.size(); ++k)
        y += h[k] * (2.0 * static_cast<double>((c >> (2 * k)) & 3) - 3.0);
      const double up = s < 3 ? GaussianQ((2.0 * s - 2.0 - y) / sigma) : 0.0;
      const double down = s > 0 ? GaussianQ((y - (2.0 * s - 4.0)) / sigma) : 0.0;
      ser += (up + down) / (4.0 * static_cast<double>(combos));
    }
  }
  return ser;
}

TEST(LaneChannel, IsiSerMatchesEnumerationOnBothNoisePaths) {
  const std::vector<double> h = {0.12, -0.06};
  const double snr = 17.0;
  const double theory = IsiSer(snr, h);
  EXPECT_GT(theory, 1.2 * Pam4SerAwgn(snr));  // the ISI must matter for this to mean anything
  for (bool per_symbol : {false, true}) {
    LaneChannel ch({.snr_db = snr, .isi_taps = h, .per_symbol_noise = per_symbol}, 77);
    auto gen = PrbsSymbolGenerator::Prbs31Q();
    std::vector<Symbol> tx(1 << 16), rx(1 << 16);
    const std::size_t chunks = per_symbol ? 40 : 200;
    for (std::size_t c = 0; c < chunks; ++c) {
      gen.Fill(tx);
      ch.Process(tx, rx);
    }
    const auto ci = ClopperPearson(ch.errors_injected(), chunks * tx.size(), 0.999);
    EXPECT_LE(ci.lower, theory) << "per-symbol " << per_symbol;
    EXPECT_GE(ci.upper, theory) << "per-symbol " << per_symbol;
  }
}

TEST(LaneChannel, InPlaceWithIsiAndBurstsMatchesSeparateBuffers) {
  const auto tx = Prbs31Q(300000);
  LaneImpairments cfg{.snr_db = 15.0, .isi_taps = {0.1}, .bursts = {{1000, 9}}};
  cfg.burst_rate = 1e-4;
  cfg.burst_length = 3;
  LaneChannel a(cfg, 9), b(cfg, 9);
  std::vector<Symbol> ra(tx.size());
  auto rb = tx;
  a.Process(tx, ra);
  b.Process(rb, rb);
  EXPECT_EQ(ra, rb);
}

TEST(LaneChannel, PrecodedLaneDoublesIsolatedErrorsAfterDecoding) {
  // Isolated single-symbol bursts on a precoded lane: the decoder turns each into exactly two
  // symbol errors, at the burst and the next symbol, and the checker sees exactly those.
  const std::size_t n = 200000;
  auto t = Prbs31Q(n);
  auto line = t;
  Precoder().Encode(line);
  LaneImpairments cfg;
  for (std::uint64_t at = 10000; at < n - 10; at += 9973) cfg.bursts.push_back({at, 1});
  LaneChannel ch(cfg, 3);
  ch.Process(line, line);
  PrecodeDecoder().Decode(line);
  PrbsChecker chk;
  chk.Check(line);
  ASSERT_TRUE(chk.locked());
  ASSERT_EQ(chk.symbol_errors(), 2 * cfg.bursts.size());
  for (std::size_t i = 0; i < cfg.bursts.size(); ++i) {
    EXPECT_EQ(chk.errors()[2 * i].index, cfg.bursts[i].start);
    EXPECT_EQ(chk.errors()[2 * i + 1].index, cfg.bursts[i].start + 1);
  }
}

TEST(LaneChannel, RejectsBadConfiguration) {
  EXPECT_NE(ExceptionText([] { LaneChannel({.snr_db = std::nan("")}, 1); }).find("snr_db"),
            std::string::npos);
  EXPECT_NE(ExceptionText([] {
              LaneChannel({.snr_db = std::numeric_limits<double>::infinity()}, 1);
            }).find("finite"),
            std::string::npos);
  EXPECT_NE(
      ExceptionText([] { LaneChannel({.skew_symbols = kMaxSkewSymbols + 1}, 1); }).find("skew"),
      std::string::npos);
  EXPECT_THROW(LaneChannel({.isi_taps = std::vector<double>(65, 0.0)}, 1), std::invalid_argument);
  EXPECT_THROW(LaneChannel({.isi_taps = {std::nan("")}}, 1), std::invalid_argument);
  LaneImpairments bad_rate;
  bad_rate.burst_rate = 1.5;
  bad_rate.burst_length = 1;
  EXPECT_THROW(LaneChannel(bad_rate, 1), std::invalid_argument);
  LaneImpairments no_len;
  no_len.burst_rate = 0.1;
  EXPECT_THROW(LaneChannel(no_len, 1), std::invalid_argument);
  // A negative SNR in dB is a legal (very noisy) channel.
  EXPECT_NO_THROW(LaneChannel({.snr_db = -3.0}, 1));
  LaneChannel ch({}, 1);
  std::vector<Symbol> a(4), b(5);
  EXPECT_THROW(ch.Process(a, b), std::invalid_argument);
  std::vector<Symbol> bad = {0, 7};
  std::vector<Symbol> out(2);
  EXPECT_THROW(ch.Process(bad, out), std::out_of_range);
  ch.Process({}, {});
  EXPECT_EQ(ch.position(), 0u);
}

TEST(LaneBundle, SwapsLanesAndRejectsWrongCounts) {
  BundleConfig cfg;
  cfg.lanes.resize(4);
  cfg.lanes[2].invert_polarity = true;
  cfg.lane_map = {1, 0, 2, 3};
  LaneBundle bundle(cfg, 5);
  std::vector<std::vector<Symbol>> in(4, std::vector<Symbol>(64)), out = in;
  for (std::size_t l = 0; l < 4; ++l) {
    for (std::size_t i = 0; i < 64; ++i) in[l][i] = static_cast<Symbol>((l + i) & 3u);
  }
  std::vector<std::span<const Symbol>> ins(in.begin(), in.end());
  std::vector<std::span<Symbol>> outs(out.begin(), out.end());
  bundle.Process(ins, outs);
  EXPECT_EQ(out[1], in[0]);
  EXPECT_EQ(out[0], in[1]);
  EXPECT_EQ(out[3], in[3]);
  for (std::size_t i = 0; i < 64; ++i) EXPECT_EQ(out[2][i], 3 - in[2][i]);

  std::vector<std::span<const Symbol>> three(ins.begin(), ins.begin() + 3);
  EXPECT_NE(ExceptionText([&] { bundle.Process(three, outs); }).find("configured for 4"),
            std::string::npos);
  BundleConfig dup = cfg;
  dup.lane_map = {0, 0, 1, 2};
  EXPECT_NE(ExceptionText([&] { LaneBundle(dup, 1); }).find("not a permutation"),
            std::string::npos);
  BundleConfig range = cfg;
  range.lane_map = {0, 1, 2, 9};
  EXPECT_THROW(LaneBundle(range, 1), std::invalid_argument);
  BundleConfig badlane = cfg;
  badlane.lanes[3].skew_symbols = 100000;
  EXPECT_NE(ExceptionText([&] { LaneBundle(badlane, 1); }).find("lane 3"), std::string::npos);
  EXPECT_THROW(LaneBundle(BundleConfig{}, 1), std::invalid_argument);
}

}  // namespace
}  // namespace xpo::pam4
