// Small, fast, fully specified random source for the channel model: xoshiro256** seeded by
// SplitMix64 (Blackman and Vigna). Unlike std:: distributions its output is identical on every
// standard library, so a seed reproduces the same injected errors everywhere.
#pragma once

#include <cstdint>

namespace xpo::pam4 {

constexpr std::uint64_t SplitMix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    std::uint64_t sm = seed;
    for (auto& w : s_) w = SplitMix64(sm);
  }
  std::uint64_t Next() {
    const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in (0, 1]: never 0, so log() is always finite.
  double UniformOpen0() { return static_cast<double>((Next() >> 11) + 1) * 0x1.0p-53; }
  // Standard normal by the Marsaglia-Tsang ziggurat (256 layers): one 64-bit draw and a table
  // compare for ~99 % of samples.
  double Normal();
  // Below `n` (n > 0), by multiply-shift.
  std::uint32_t Below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((Next() >> 32) * n) >> 32);
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4] = {};
};

}  // namespace xpo::pam4
