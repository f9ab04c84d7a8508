// Error-rate estimates with confidence bounds for BER/SER measurements: the exact
// Clopper-Pearson binomial interval (the default) and the Wilson score interval.
#pragma once

#include <cstdint>

namespace xpo::pam4 {

struct ConfidenceInterval {
  double lower;
  double upper;
  double confidence;  // two-sided, e.g. 0.95
};

struct RateEstimate {
  std::uint64_t events;
  std::uint64_t trials;
  double rate;  // events / trials
  ConfidenceInterval interval;
};

// Exact two-sided interval: lower solves P(X >= k; p) = a/2, upper solves P(X <= k; p) = a/2,
// a = 1 - confidence. Throws std::invalid_argument for trials == 0, events > trials or a
// confidence outside (0, 1).
ConfidenceInterval ClopperPearson(std::uint64_t events, std::uint64_t trials,
                                  double confidence = 0.95);
ConfidenceInterval WilsonScore(std::uint64_t events, std::uint64_t trials,
                               double confidence = 0.95);
RateEstimate EstimateRate(std::uint64_t events, std::uint64_t trials, double confidence = 0.95);

// log P(X = k) for X ~ Binomial(n, p), accurate for n up to 1e18 (Loader's saddle-point form).
double BinomialLogPmf(std::uint64_t k, std::uint64_t n, double p);
// P(X <= k) and P(X >= k).
double BinomialCdf(std::uint64_t k, std::uint64_t n, double p);
double BinomialUpperTail(std::uint64_t k, std::uint64_t n, double p);

}  // namespace xpo::pam4
