#include "xpo/pam4/stats.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace xpo::pam4 {
namespace {

constexpr double kLnSqrt2Pi = 0.918938533204672741780329736406;

// stirlerr(n) = log(n!) - log(sqrt(2 pi n) (n/e)^n)  (C. Loader, "Fast and accurate computation
// of binomial probabilities", 2000).
double StirlingError(double n) {
  if (n > 15.0) {
    const double nn = n * n;
    constexpr double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680,
                     s4 = 1.0 / 1188;
    return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
  }
  return std::lgamma(n + 1.0) - (n + 0.5) * std::log(n) + n - kLnSqrt2Pi;
}

// Deviance term x log(x / np) + np - x, computed without cancellation near x = np.
double Bd0(double x, double np) {
  if (std::fabs(x - np) < 0.1 * (x + np)) {
    const double v = (x - np) / (x + np);
    double s = (x - np) * v;
    double ej = 2.0 * x * v;
    const double v2 = v * v;
    for (int j = 1; j < 1000; ++j) {
      ej *= v2;
      const double s1 = s + ej / (2 * j + 1);
      if (s1 == s) return s1;
      s = s1;
    }
    return s;
  }
  return x * std::log(x / np) + np - x;
}

void CheckArgs(std::uint64_t k, std::uint64_t n, double confidence) {
  if (n == 0) throw std::invalid_argument("rate estimate: trials must be > 0");
  if (k > n) {
    throw std::invalid_argument(fmt::format("rate estimate: {} events exceed {} trials", k, n));
  }
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw std::invalid_argument(
        fmt::format("rate estimate: confidence must be in (0, 1), got {}", confidence));
  }
}

// Solves f(p) = target for f monotone on [lo, hi], bisecting in log p (rates span decades).
template <typename F>
double Solve(F f, double target, double lo, double hi, bool increasing) {
  for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
    const double m = (lo > 0.0 && hi / lo > 4.0) ? std::sqrt(lo * hi) : 0.5 * (lo + hi);
    const bool above = f(m) > target;
    if (above == increasing) {
      hi = m;
    } else {
      lo = m;
    }
  }
  return 0.5 * (lo + hi);
}

}  // namespace

double BinomialLogPmf(std::uint64_t k, std::uint64_t n, double p) {
  if (k > n) return -std::numeric_limits<double>::infinity();
  const double q = 1.0 - p;
  if (p <= 0.0) return k == 0 ? 0.0 : -std::numeric_limits<double>::infinity();
  if (p >= 1.0) return k == n ? 0.0 : -std::numeric_limits<double>::infinity();
  const double nd = static_cast<double>(n), kd = static_cast<double>(k);
  if (k == 0) return nd * std::log1p(-p);
  if (k == n) return nd * std::log(p);
  const double lc = StirlingError(nd) - StirlingError(kd) - StirlingError(nd - kd) -
                    Bd0(kd, nd * p) - Bd0(nd - kd, nd * q);
  const double lf = 2.0 * kLnSqrt2Pi + std::log(kd) + std::log1p(-kd / nd);
  return lc - 0.5 * lf;
}

double BinomialCdf(std::uint64_t k, std::uint64_t n, double p) {
  if (k >= n) return 1.0;
  const double nd = static_cast<double>(n);
  const double mean = nd * p, sd = std::sqrt(nd * p * (1.0 - p));
  if (static_cast<double>(k) > mean + 40.0 * sd + 40.0) return 1.0;
  // Sum downward from k: t(i-1) = t(i) * i / (n - i + 1) * q / p.
  const double log_tk = BinomialLogPmf(k, n, p);
  const double r = (1.0 - p) / p;
  double sum = 1.0, t = 1.0;
  for (std::uint64_t i = k; i > 0; --i) {
    t *= static_cast<double>(i) / static_cast<double>(n - i + 1) * r;
    sum += t;
    if (t < 1e-17 * sum && static_cast<double>(i) < mean) break;
    if (sum > 1e300) break;  // tail mass far below k: the CDF is 1 to double precision
  }
  return std::fmin(1.0, std::exp(log_tk + std::log(sum)));
}

double BinomialUpperTail(std::uint64_t k, std::uint64_t n, double p) {
  if (k == 0) return 1.0;
  if (k > n) return 0.0;
  const double nd = static_cast<double>(n);
  const double mean = nd * p, sd = std::sqrt(nd * p * (1.0 - p));
  if (static_cast<double>(k) < mean - 40.0 * sd - 40.0) return 1.0;
  const double log_tk = BinomialLogPmf(k, n, p);
  const double r = p / (1.0 - p);
  double sum = 1.0, t = 1.0;
  for (std::uint64_t i = k; i < n; ++i) {
    t *= static_cast<double>(n - i) / static_cast<double>(i + 1) * r;
    sum += t;
    if (t<1e-17 * sum&& static_cast<double>(i)> mean) break;
    if (sum > 1e300) break;
  }
  return std::fmin(1.0, std::exp(log_tk + std::log(sum)));
}

ConfidenceInterval ClopperPearson(std::uint64_t events, std::uint64_t trials, double confidence) {
  CheckArgs(events, trials, confidence);
  const double half_alpha = 0.5 * (1.0 - confidence);
  const double nd = static_cast<double>(trials);
  const double phat = static_cast<double>(events) / nd;
  double lower = 0.0, upper = 1.0;
  if (events == 0) {
    upper = -std::expm1(std::log(half_alpha) / nd);
  } else if (events == trials) {
    lower = std::exp(std::log(half_alpha) / nd);
  }
  if (events > 0 && events < trials) {
    lower = Solve([&](double p) { return BinomialUpperTail(events, trials, p); }, half_alpha,
                  1e-300, phat, /*increasing=*/true);
    upper = Solve([&](double p) { return BinomialCdf(events, trials, p); }, half_alpha, phat, 1.0,
                  /*increasing=*/false);
  }
  return {lower, upper, confidence};
}

ConfidenceInterval WilsonScore(std::uint64_t events, std::uint64_t trials, double confidence) {
  CheckArgs(events, trials, confidence);
  // z = Phi^-1(1 - a/2) by bisection on erfc (no inverse-normal in <cmath>).
  const double half_alpha = 0.5 * (1.0 - confidence);
  double lo = 0.0, hi = 40.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (0.5 * std::erfc(mid / std::sqrt(2.0)) > half_alpha ? lo : hi) = mid;
  }
  const double z = 0.5 * (lo + hi);
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(events) / n;
  const double z2n = z * z / n;
  const double centre = (p + 0.5 * z2n) / (1.0 + z2n);
  const double half = z / (1.0 + z2n) * std::sqrt(p * (1.0 - p) / n + 0.25 * z2n / n);
  return {std::fmax(0.0, centre - half), std::fmin(1.0, centre + half), confidence};
}

RateEstimate EstimateRate(std::uint64_t events, std::uint64_t trials, double confidence) {
  const ConfidenceInterval ci = ClopperPearson(events, trials, confidence);
  return {events, trials, static_cast<double>(events) / static_cast<double>(trials), ci};
}

}  // namespace xpo::pam4
