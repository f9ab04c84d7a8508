#include "xpo/pam4/stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "xpo/pam4/analytic.h"

namespace xpo::pam4 {
namespace {

TEST(ClopperPearson, TextbookValues) {
  // 0 of 10: upper = 1 - 0.025^(1/10).
  auto ci = ClopperPearson(0, 10);
  EXPECT_EQ(ci.lower, 0.0);
  EXPECT_NEAR(ci.upper, 1.0 - std::pow(0.025, 0.1), 1e-12);
  // 5 of 10 at 95 %: (0.187086, 0.812914), symmetric.
  ci = ClopperPearson(5, 10);
  EXPECT_NEAR(ci.lower, 0.187086, 1e-6);
  EXPECT_NEAR(ci.upper, 0.812914, 1e-6);
  // n = 1: exact solutions of p = 0.025 and 1 - p = 0.025... for k = 1 of 2:
  // lower solves 1 - (1-p)^2 = 0.025, upper solves 1 - p^2 = 0.025.
  ci = ClopperPearson(1, 2);
  EXPECT_NEAR(ci.lower, 1.0 - std::sqrt(0.975), 1e-10);
  EXPECT_NEAR(ci.upper, std::sqrt(0.975), 1e-10);
}

TEST(ClopperPearson, PoissonLimitForRareErrors) {
  // k = 1, n = 1e12: the Poisson exact limits 0.0253178 and 5.571643 (per n).
  const auto ci = ClopperPearson(1, 1'000'000'000'000ull);
  EXPECT_NEAR(ci.lower * 1e12, 0.0253178, 1e-5);
  EXPECT_NEAR(ci.upper * 1e12, 5.571643, 1e-4);
}

TEST(ClopperPearson, ContainsWilsonForLargeCounts) {
  const auto cp = ClopperPearson(100000, 1'000'000'000);
  const auto w = WilsonScore(100000, 1'000'000'000);
  EXPECT_NEAR(cp.lower / w.lower, 1.0, 2e-3);
  EXPECT_NEAR(cp.upper / w.upper, 1.0, 2e-3);
  EXPECT_LT(cp.lower, 1e-4);
  EXPECT_GT(cp.upper, 1e-4);
}

TEST(RateEstimate, RejectsBadInput) {
  EXPECT_THROW(ClopperPearson(1, 0), std::invalid_argument);
  EXPECT_THROW(ClopperPearson(5, 4), std::invalid_argument);
  EXPECT_THROW(ClopperPearson(1, 10, 1.0), std::invalid_argument);
  EXPECT_THROW(WilsonScore(1, 10, std::nan("")), std::invalid_argument);
}

TEST(Pam4Analytic, SerClosedFormAndPrecodingDoubling) {
  // SER = 1.5 Q(sqrt(SNR/5)) with SNR linear; at 20 dB sqrt(100/5) = 4.4721.
  EXPECT_NEAR(Pam4SerAwgn(20.0), 1.5 * 0.5 * std::erfc(std::sqrt(20.0) / std::sqrt(2.0)), 1e-18);
  for (double snr : {14.0, 18.0, 22.0}) {
    const double ser = Pam4SerAwgn(snr);
    const auto p = Pam4ErrorOffsetDistribution(snr);
    EXPECT_NEAR((p[1] + p[2] + p[3]) / ser, 1.0, 1e-9);
    // Mostly single-level errors, split evenly up and down.
    EXPECT_NEAR(p[1] / p[3], 1.0, 1e-9);
    EXPECT_NEAR(Pam4SerAwgnPrecoded(snr) / ser, 2.0 - ser, 0.01);
    // Gray coding: one bit of two per single-level error.
    EXPECT_NEAR(Pam4BerAwgn(snr) / ser, 0.5, 0.01);
  }
  EXPECT_THROW(Pam4SerAwgn(std::nan("")), std::invalid_argument);
}

}  // namespace
}  // namespace xpo::pam4
