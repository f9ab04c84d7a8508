#include "xpo/pam4/checker.h"

#include <gtest/gtest.h>

#include <bit>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "xpo/pam4/prbs.h"

namespace xpo::pam4 {
namespace {

std::vector<Symbol> Pattern(PrbsPolynomial poly, std::size_t n, std::uint64_t start = 0) {
  PrbsSymbolGenerator gen(poly);
  gen.Seek(start);
  std::vector<Symbol> v(n);
  gen.Fill(v);
  return v;
}

TEST(PrbsChecker, LocksOnCleanPatternsWithoutErrors) {
  for (auto poly : {PrbsPolynomial::kPrbs13, PrbsPolynomial::kPrbs31}) {
    PrbsChecker chk({.polynomial = poly});
    const auto rx = Pattern(poly, 200000, 12345);
    chk.Check(rx);
    EXPECT_TRUE(chk.locked());
    EXPECT_EQ(chk.symbol_errors(), 0u);
    EXPECT_EQ(chk.bit_errors(), 0u);
    // History of `order` words plus the lock run of 1024 symbols.
    const std::uint64_t bound = 32u * GetPrbsSpec(poly).order + 1024 + 32;
    ASSERT_TRUE(chk.lock_index().has_value());
    EXPECT_LE(*chk.lock_index(), bound);
    EXPECT_EQ(chk.symbols_checked(), rx.size() - *chk.lock_index());
  }
}

TEST(PrbsChecker, CorruptedSymbolIsReportedWithIndex) {
  auto rx = Pattern(PrbsPolynomial::kPrbs31, 50000);
  const Symbol sent = rx[31337];
  rx[31337] = static_cast<Symbol>(3 - sent);
  PrbsChecker chk;
  chk.Check(rx);
  ASSERT_TRUE(chk.locked());
  ASSERT_EQ(chk.symbol_errors(), 1u);
  ASSERT_EQ(chk.errors().size(), 1u);
  EXPECT_EQ(chk.errors()[0].index, 31337u);
  EXPECT_EQ(chk.errors()[0].expected, sent);
  EXPECT_EQ(chk.errors()[0].received, 3 - sent);
  // 0<->3 and 1<->2 differ in the first Gray bit only.
  EXPECT_EQ(chk.bit_errors(), 1u);
}

TEST(PrbsChecker, CountsInjectedErrorsExactlyAcrossChunks) {
  const std::size_t n = 1 << 20;
  auto rx = Pattern(PrbsPolynomial::kPrbs31, n, 777);
  const auto tx = rx;
  std::mt19937_64 rng(99);
  std::map<std::uint64_t, Symbol> injected;
  std::uint64_t want_bits = 0;
  while (injected.size() < 500) {
    const std::uint64_t i = 4096 + rng() % (n - 4096);
    if (injected.count(i)) continue;
    const Symbol bad = static_cast<Symbol>((tx[i] + 1 + rng() % 3) & 3u);
    injected[i] = bad;
    rx[i] = bad;
    want_bits += static_cast<std::uint64_t>(std::popcount(GrayUnmap(bad) ^ GrayUnmap(tx[i])));
  }
  PrbsChecker chk;
  std::size_t at = 0;
  while (at < n) {  // ragged chunks: partial-word paths must count the same
    const std::size_t len = std::min<std::size_t>(1 + rng() % 100, n - at);
    chk.Check(std::span<const Symbol>(rx).subspan(at, len));
    at += len;
  }
  ASSERT_TRUE(chk.locked());
  EXPECT_EQ(chk.loss_of_lock_count(), 0u);
  EXPECT_EQ(chk.symbol_errors(), injected.size());
  EXPECT_EQ(chk.bit_errors(), want_bits);
  ASSERT_EQ(chk.errors().size(), injected.size());
  auto it = injected.begin();
  for (const SymbolError& e : chk.errors()) {
    EXPECT_EQ(e.index, it->first);
    EXPECT_EQ(e.expected, tx[it->first]);
    EXPECT_EQ(e.received, it->second);
    ++it;
  }
}

TEST(PrbsChecker, LosesLockOnGarbageAndRelocks) {
  PrbsChecker chk({.polynomial = PrbsPolynomial::kPrbs13});
  chk.Check(Pattern(PrbsPolynomial::kPrbs13, 20000));
  ASSERT_TRUE(chk.locked());
  std::mt19937_64 rng(3);
  std::vector<Symbol> garbage(20000);
  for (auto& s : garbage) s = static_cast<Symbol>(rng() & 3u);
  chk.Check(garbage);
  EXPECT_FALSE(chk.locked());
  EXPECT_EQ(chk.loss_of_lock_count(), 1u);
  EXPECT_EQ(chk.lock_count(), 1u);
  // A new phase of the pattern: the checker re-synchronizes by itself.
  chk.ClearCounters();
  chk.Check(Pattern(PrbsPolynomial::kPrbs13, 20000, 4000));
  EXPECT_TRUE(chk.locked());
  EXPECT_EQ(chk.lock_count(), 2u);
  EXPECT_EQ(chk.symbol_errors(), 0u);
}

TEST(PrbsChecker, NeverLocksOnConstantOrForeignPatterns) {
  for (Symbol level : {Symbol{0}, Symbol{3}}) {
    PrbsChecker chk({.polynomial = PrbsPolynomial::kPrbs13});
    chk.Check(std::vector<Symbol>(50000, level));
    EXPECT_FALSE(chk.locked()) << int(level);
  }
  PrbsChecker chk31;
  chk31.Check(Pattern(PrbsPolynomial::kPrbs13, 50000));
  EXPECT_FALSE(chk31.locked());
  // Polarity-inverted PRBS31Q is not PRBS31Q.
  auto inv = Pattern(PrbsPolynomial::kPrbs31, 50000);
  InvertPolarity(inv);
  PrbsChecker chk_inv;
  chk_inv.Check(inv);
  EXPECT_FALSE(chk_inv.locked());
}

TEST(PrbsChecker, DetectsInvertedPolarityWhenAsked) {
  for (auto poly : {PrbsPolynomial::kPrbs13, PrbsPolynomial::kPrbs31}) {
    auto rx = Pattern(poly, 100000, 99);
    InvertPolarity(rx);
    const Symbol sent = rx[70000];
    rx[70000] = static_cast<Symbol>((sent + 1) & 3u);
    PrbsChecker chk({.polynomial = poly, .accept_inverted_polarity = true});
    chk.Check(rx);
    ASSERT_TRUE(chk.locked());
    EXPECT_TRUE(chk.polarity_inverted());
    ASSERT_EQ(chk.symbol_errors(), 1u);
    EXPECT_EQ(chk.errors()[0].index, 70000u);
    EXPECT_EQ(chk.errors()[0].expected, sent);  // in the received (inverted) domain
    EXPECT_EQ(chk.errors()[0].received, rx[70000]);
    // The same checker type on a straight lane reports no inversion.
    PrbsChecker straight({.polynomial = poly, .accept_inverted_polarity = true});
    straight.Check(Pattern(poly, 100000, 5));
    EXPECT_TRUE(straight.locked());
    EXPECT_FALSE(straight.polarity_inverted());
  }
}

TEST(PrbsChecker, ErrorRatesWithBounds) {
  PrbsChecker chk;
  EXPECT_THROW(chk.SymbolErrorRate(), std::logic_error);
  auto rx = Pattern(PrbsPolynomial::kPrbs31, 100000);
  for (std::size_t i = 10000; i < 100000; i += 1000) rx[i] = static_cast<Symbol>(3 - rx[i]);
  chk.Check(rx);
  ASSERT_TRUE(chk.locked());
  const auto ser = chk.SymbolErrorRate();
  EXPECT_EQ(ser.events, 90u);
  EXPECT_EQ(ser.trials, chk.symbols_checked());
  EXPECT_LT(ser.interval.lower, ser.rate);
  EXPECT_GT(ser.interval.upper, ser.rate);
  const auto ber = chk.BitErrorRate();
  EXPECT_EQ(ber.events, 90u);  // 0<->3 and 1<->2 flip one Gray bit
  EXPECT_EQ(ber.trials, 2 * chk.symbols_checked());
}

TEST(PrbsChecker, RejectsBadConfigAndSymbols) {
  EXPECT_THROW(PrbsChecker({.lock_symbols = 0}), std::invalid_argument);
  EXPECT_THROW(PrbsChecker({.loss_window_symbols = 8}), std::invalid_argument);
  EXPECT_THROW(PrbsChecker({.loss_window_symbols = 100, .loss_errors = 100}),
               std::invalid_argument);
  PrbsChecker chk;
  std::vector<Symbol> bad = {0, 1, 2, 9};
  EXPECT_THROW(chk.Check(bad), std::out_of_range);
  EXPECT_EQ(chk.position(), 0u);
  chk.Check({});
  EXPECT_EQ(chk.position(), 0u);
}

}  // namespace
}  // namespace xpo::pam4
