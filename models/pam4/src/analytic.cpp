#include "xpo/pam4/analytic.h"

#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "xpo/pam4/symbols.h"

namespace xpo::pam4 {

double NoiseSigmaForSnrDb(double snr_db) {
  if (!std::isfinite(snr_db)) {
    throw std::invalid_argument(fmt::format("SNR must be a finite number of dB, got {}", snr_db));
  }
  return std::sqrt(kPam4SymbolEnergy / std::pow(10.0, snr_db / 10.0));
}

double GaussianQ(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

std::array<std::array<double, 4>, 4> Pam4TransitionMatrix(double snr_db) {
  const double sigma = NoiseSigmaForSnrDb(snr_db);
  constexpr double inf = std::numeric_limits<double>::infinity();
  const double edges[5] = {-inf, -2.0, 0.0, 2.0, inf};
  std::array<std::array<double, 4>, 4> m{};
  for (int s = 0; s < 4; ++s) {
    const double level = 2.0 * s - 3.0;
    for (int d = 0; d < 4; ++d) {
      // Each probability from the tail it lies in, so that small entries keep full precision.
      const double lo = (edges[d] - level) / sigma;  // may be -inf
      const double hi = (edges[d + 1] - level) / sigma;
      if (hi <= 0.0) {
        m[s][d] = GaussianQ(-hi) - (lo == -inf ? 0.0 : GaussianQ(-lo));
      } else if (lo >= 0.0) {
        m[s][d] = GaussianQ(lo) - (hi == inf ? 0.0 : GaussianQ(hi));
      } else {
        m[s][d] = 1.0 - (lo == -inf ? 0.0 : GaussianQ(-lo)) - (hi == inf ? 0.0 : GaussianQ(hi));
      }
    }
  }
  return m;
}

std::array<double, 4> Pam4ErrorOffsetDistribution(double snr_db) {
  const auto m = Pam4TransitionMatrix(snr_db);
  std::array<double, 4> p{};
  for (int s = 0; s < 4; ++s) {
    for (int d = 0; d < 4; ++d) p[static_cast<std::size_t>((d - s) & 3)] += 0.25 * m[s][d];
  }
  return p;
}

double Pam4SerAwgn(double snr_db) {
  // Outer levels err on one side, inner on two, each at distance 1 from a threshold:
  // (1 + 2 + 2 + 1) / 4 * Q(1/sigma) = 1.5 Q(sqrt(SNR/5)). Summed from the tails directly to
  // keep precision where 1 - P(correct) would cancel.
  const double sigma = NoiseSigmaForSnrDb(snr_db);
  return 1.5 * GaussianQ(1.0 / sigma);
}

double Pam4BerAwgn(double snr_db) {
  const auto m = Pam4TransitionMatrix(snr_db);
  double ber = 0.0;
  for (int s = 0; s < 4; ++s) {
    for (int d = 0; d < 4; ++d) {
      if (d == s) continue;
      const int bits =
          std::popcount(GrayUnmap(static_cast<Symbol>(s)) ^ GrayUnmap(static_cast<Symbol>(d)));
      ber += 0.25 * m[s][d] * bits / 2.0;
    }
  }
  return ber;
}

double Pam4SerAwgnPrecoded(double snr_db) {
  // Decoded T'(j) = T(j) + e(j) + e(j-1) mod 4 with e(j), e(j-1) independent (the precoder output
  // is uniform and independent when its input is). An error survives unless the two cancel.
  // Written as a sum of error terms so small rates do not cancel against 1.
  const auto p = Pam4ErrorOffsetDistribution(snr_db);
  const double ser = p[1] + p[2] + p[3];
  // P(error) = 1 - p0^2 - 2 p1 p3 - p2^2 = (1 - p0)(1 + p0) - 2 p1 p3 - p2^2
  return ser * (2.0 - ser) - 2.0 * p[1] * p[3] - p[2] * p[2];
}

}  // namespace xpo::pam4
