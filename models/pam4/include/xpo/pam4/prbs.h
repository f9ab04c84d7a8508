// Word-parallel PRBS generators: the PRBS7/9/13/15/23/31 bit sequences (ITU-T O.150, IEEE 802.3
// clauses 49.2.8, 68.6.1, 94.2.9) and the PAM-4 patterns built from them by Gray-mapping pairs of
// bits, PRBS13Q (802.3 clause 120.5.11.2.1) and PRBS31Q (120.5.11.2.2). See docs/pam4.md for the
// register and bit-order conventions.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "xpo/pam4/symbols.h"

namespace xpo::pam4 {

enum class PrbsPolynomial : std::uint8_t { kPrbs7, kPrbs9, kPrbs13, kPrbs15, kPrbs23, kPrbs31 };

// A generator polynomial 1 + x^t0 + ... + x^order. Exponents are listed without the constant term;
// the last one is the order.
struct PrbsSpec {
  PrbsPolynomial polynomial;
  std::string_view name;         // "PRBS13"
  int order;                     // register length n; the bit period is 2^n - 1
  std::array<int, 4> exponents;  // nonzero exponents, ascending; the last used one is `order`
  int num_exponents;
  bool inverted;               // the standard's generator has an inverter on its output
  std::uint32_t default_seed;  // register preset, bit i = stage S_i
};

const PrbsSpec& GetPrbsSpec(PrbsPolynomial polynomial);
// Parses "PRBS13", "prbs31q" (the Q suffix is accepted and ignored), throws on anything else.
PrbsPolynomial ParsePrbsPolynomial(std::string_view name);

// Bit-serial reference step (slow, for seeding and checks): returns the next bit p(k) for the
// register `state` (bit i = S_i = p(k-1-i)) and shifts it in. Output inversion is not applied.
unsigned PrbsStepSerial(const PrbsSpec& spec, std::uint32_t& state);

// The register after `steps` serial steps from `state`, computed by GF(2) matrix powers.
std::uint32_t PrbsJump(const PrbsSpec& spec, std::uint32_t state, std::uint64_t steps);

// Word-parallel PRBS bit generator. Because the sequence of a polynomial g(x) also satisfies
// g(x)^64 = g(x^64), 64-bit words of the sequence obey the same recurrence as single bits,
// W[m] = XOR W[m - e] over the exponents e, so every 64 bits cost a few XORs.
// Bit j of a word is the j-th bit in transmission order (LSB first).
class PrbsGenerator {
 public:
  // `seed` presets the register (bit i = S_i, nonzero, < 2^order); the first bit produced is the
  // feedback of that register. `invert` defaults to the standard's choice (PrbsSpec::inverted).
  explicit PrbsGenerator(PrbsPolynomial polynomial);
  PrbsGenerator(PrbsPolynomial polynomial, std::uint32_t seed);
  PrbsGenerator(PrbsPolynomial polynomial, std::uint32_t seed, bool invert);

  // Next 64 bits, bit j = bit (position + j).
  std::uint64_t NextWord();
  // Next `count` (<= 64) bits in the low bits of the result.
  std::uint64_t NextBits(int count);
  // One bit per byte (0 or 1).
  void FillBits(std::span<std::uint8_t> bits);

  // Moves to absolute bit index `bit` of the sequence started by the seed (any value; wraps
  // modulo the period).
  void SeekBit(std::uint64_t bit);
  std::uint64_t bit_position() const { return position_; }
  std::uint64_t period_bits() const { return period_; }

  // The register S as it stands before producing the next bit (bit i = S_i = p(k-1-i)), in the
  // seed's convention: a fresh generator seeded with this value continues the same sequence.
  // Cheap (read from the buffered history), so it can be compared every clock.
  std::uint32_t register_state() const { return RegisterStateBefore(0); }
  // The register `rewind_bits` (0..64) bits before the current position.
  std::uint32_t RegisterStateBefore(int rewind_bits) const;

  const PrbsSpec& spec() const { return *spec_; }
  std::uint32_t seed() const { return seed_; }
  bool inverted() const { return invert_ != 0; }

 private:
  static constexpr int kBufferWords = 512;
  void Refill();
  std::uint64_t RawNextWord();

  const PrbsSpec* spec_;
  std::uint32_t seed_;
  std::uint64_t invert_;  // all ones when inverted
  std::uint64_t period_;
  std::uint64_t position_ = 0;  // bits handed out
  // buffer_[0 .. order) holds the previous `order` words; words are produced after them.
  std::vector<std::uint64_t> buffer_;
  int next_ = 0;               // next word in buffer_ to hand out
  int end_ = 0;                // one past the last produced word
  std::uint64_t partial_ = 0;  // rest of a word split by NextBits
  int partial_bits_ = 0;
};

// PRBSnQ symbol generator: consecutive bit pairs {A, B} of the PRBS (A first) Gray-mapped to
// PAM-4 symbols (120.5.11.2.1/2). Symbol k is built from bits 2k and 2k+1; the symbol period
// equals the (odd) bit period, 8191 for PRBS13Q and 2^31-1 for PRBS31Q.
class PrbsSymbolGenerator {
 public:
  explicit PrbsSymbolGenerator(PrbsPolynomial polynomial);
  PrbsSymbolGenerator(PrbsPolynomial polynomial, std::uint32_t seed);
  PrbsSymbolGenerator(PrbsPolynomial polynomial, std::uint32_t seed, bool invert);

  static PrbsSymbolGenerator Prbs13Q() { return PrbsSymbolGenerator(PrbsPolynomial::kPrbs13); }
  static PrbsSymbolGenerator Prbs13Q(std::uint32_t seed) {
    return PrbsSymbolGenerator(PrbsPolynomial::kPrbs13, seed);
  }
  static PrbsSymbolGenerator Prbs31Q() { return PrbsSymbolGenerator(PrbsPolynomial::kPrbs31); }
  static PrbsSymbolGenerator Prbs31Q(std::uint32_t seed) {
    return PrbsSymbolGenerator(PrbsPolynomial::kPrbs31, seed);
  }

  void Fill(std::span<Symbol> out);
  Symbol Next();
  void Seek(std::uint64_t symbol);  // absolute symbol index, wraps modulo the period
  std::uint64_t position() const { return position_; }
  std::uint64_t period() const { return bits_.period_bits(); }  // odd bit period => same count
  // Register state before the next symbol's first bit (see PrbsGenerator::register_state).
  std::uint32_t register_state() const;
  const PrbsGenerator& bit_generator() const { return bits_; }

 private:
  PrbsGenerator bits_;
  std::uint64_t position_ = 0;
  std::uint64_t word_ = 0;  // bits of the current 32-symbol word not yet emitted
  int left_ = 0;            // symbols left in word_
};

// Gray-maps 32 symbols from a 64-bit word (bit 2k = A, bit 2k+1 = B of symbol k) into out[0..32).
void WordToSymbols(std::uint64_t word, Symbol* out);
// Inverse: packs 32 symbols into a word of Gray-unmapped bits. Symbols must be 0..3.
std::uint64_t SymbolsToWord(const Symbol* in);

}  // namespace xpo::pam4
