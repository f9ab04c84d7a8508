// PAM-4 symbol coding of IEEE 802.3 clause 120.5.7: Gray mapping of bit pairs, the optional
// 1/(1+D) mod 4 precoder and its decoder, and polarity inversion. Symbols are 0..3, level
// 2s - 3 on the wire (-3, -1, +1, +3).
#pragma once

#include <cstdint>
#include <span>

namespace xpo::pam4 {

using Symbol = std::uint8_t;

inline constexpr int kNumLevels = 4;

// Throws std::out_of_range naming `what` and the value when s is not 0..3.
void CheckSymbol(unsigned s, const char* what);
// Throws std::out_of_range naming `what` and the first offending index when any symbol is > 3.
void CheckSymbols(std::span<const Symbol> s, const char* what);

// Gray mapping, 120.5.7.1: the bit pair {A, B}, A sent first, written as (A << 1) | B:
// 00 -> 0, 01 -> 1, 11 -> 2, 10 -> 3.
constexpr Symbol GrayMap(unsigned bit_pair) {
  if (bit_pair > 3) CheckSymbol(bit_pair, "GrayMap bit pair");
  const unsigned a = bit_pair >> 1;
  return static_cast<Symbol>((a << 1) | (a ^ (bit_pair & 1u)));
}

// Inverse of GrayMap: symbol -> (A << 1) | B.
constexpr unsigned GrayUnmap(Symbol s) {
  if (s > 3) CheckSymbol(s, "GrayUnmap symbol");
  const unsigned a = s >> 1u;
  return (a << 1) | (a ^ (s & 1u));
}

// In-place span forms; every element is validated first, nothing is changed on error.
void GrayMap(std::span<Symbol> bit_pairs);
void GrayUnmap(std::span<Symbol> symbols);

// Polarity inversion (P/N swap of the differential pair): level -> -level, i.e. s -> 3 - s.
constexpr Symbol InvertPolarity(Symbol s) {
  if (s > 3) CheckSymbol(s, "InvertPolarity symbol");
  return static_cast<Symbol>(3 - s);
}
void InvertPolarity(std::span<Symbol> symbols);

// 1/(1+D) mod 4 precoder, 120.5.7.2: P(j) = (T(j) - P(j-1)) mod 4. The state is P(j-1).
class Precoder {
 public:
  explicit Precoder(Symbol initial_state = 0);
  Symbol Encode(Symbol t) {
    if (t > 3) CheckSymbol(t, "Precoder input");
    state_ = static_cast<Symbol>((t - state_) & 3u);
    return state_;
  }
  void Encode(std::span<Symbol> symbols);  // in place
  void Reset(Symbol state = 0);
  Symbol state() const { return state_; }

 private:
  Symbol state_;
};

// Receive-side inverse of Precoder: T(j) = (R(j) + R(j-1)) mod 4. The state is R(j-1). A single
// channel error in R(j) corrupts T(j) and T(j+1).
class PrecodeDecoder {
 public:
  explicit PrecodeDecoder(Symbol initial_state = 0);
  Symbol Decode(Symbol r) {
    if (r > 3) CheckSymbol(r, "PrecodeDecoder input");
    const auto t = static_cast<Symbol>((r + state_) & 3u);
    state_ = r;
    return t;
  }
  void Decode(std::span<Symbol> symbols);  // in place
  void Reset(Symbol state = 0);
  Symbol state() const { return state_; }

 private:
  Symbol state_;
};

}  // namespace xpo::pam4
