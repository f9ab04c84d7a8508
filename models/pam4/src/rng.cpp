#include "xpo/pam4/rng.h"

#include <array>
#include <cmath>

namespace xpo::pam4 {
namespace {

struct Ziggurat {
  static constexpr double kR = 3.6541528853610088;  // right edge of the base layer
  static constexpr double kV = 0.00492867323399;    // area of every layer
  std::array<double, 257> x{};
  std::array<double, 257> f{};
  Ziggurat() {
    x[0] = kV / std::exp(-0.5 * kR * kR);
    x[1] = kR;
    for (int i = 2; i < 256; ++i) {
      x[i] = std::sqrt(-2.0 * std::log(kV / x[i - 1] + std::exp(-0.5 * x[i - 1] * x[i - 1])));
    }
    x[256] = 0.0;
    for (int i = 0; i < 257; ++i) f[i] = std::exp(-0.5 * x[i] * x[i]);
  }
};

const Ziggurat& Tables() {
  static const Ziggurat z;
  return z;
}

}  // namespace

double Rng::Normal() {
  const Ziggurat& t = Tables();
  for (;;) {
    const std::uint64_t u = Next();
    const int i = static_cast<int>(u & 0xFFu);
    const double sign = (u & 0x100u) ? -1.0 : 1.0;
    const double z = static_cast<double>(u >> 11) * 0x1.0p-53 * t.x[i];
    if (z < t.x[i + 1]) return sign * z;
    if (i == 0) {
      // Tail beyond r (Marsaglia 1964).
      double a, b;
      do {
        a = -std::log(UniformOpen0()) / Ziggurat::kR;
        b = -std::log(UniformOpen0());
      } while (2.0 * b < a * a);
      return sign * (Ziggurat::kR + a);
    }
    const double y = t.f[i] + UniformOpen0() * (t.f[i + 1] - t.f[i]);
    if (y < std::exp(-0.5 * z * z)) return sign * z;
  }
}

}  // namespace xpo::pam4
