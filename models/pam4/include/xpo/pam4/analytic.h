// Closed-form PAM-4 error rates in additive white Gaussian noise, for levels -3, -1, +1, +3,
// slicer thresholds -2, 0, +2 and equiprobable independent symbols. SNR = Es / sigma^2 with
// Es = 5. Derivations in docs/pam4.md.
#pragma once

#include <array>

namespace xpo::pam4 {

inline constexpr double kPam4SymbolEnergy = 5.0;

// sigma = sqrt(Es / 10^(snr_db / 10)). Throws std::invalid_argument on a non-finite SNR.
double NoiseSigmaForSnrDb(double snr_db);
// Q(x) = P(N(0,1) > x) = erfc(x / sqrt 2) / 2.
double GaussianQ(double x);

// P(decision d | sent s), rows s, columns d.
std::array<std::array<double, 4>, 4> Pam4TransitionMatrix(double snr_db);
// Distribution of the channel error e = (decision - sent) mod 4 for a uniform sent symbol.
std::array<double, 4> Pam4ErrorOffsetDistribution(double snr_db);

// Symbol error rate without precoding: exactly 1.5 Q(sqrt(SNR / 5)).
double Pam4SerAwgn(double snr_db);
// Bit error rate of the Gray-coded bits (all multi-level errors included).
double Pam4BerAwgn(double snr_db);
// Symbol error rate after the 1/(1+D) mod 4 decoder: 1 - sum_e p(e) p(-e mod 4), about twice
// the channel SER at high SNR.
double Pam4SerAwgnPrecoded(double snr_db);

}  // namespace xpo::pam4
