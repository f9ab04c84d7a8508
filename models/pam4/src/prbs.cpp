#include "xpo/pam4/prbs.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace xpo::pam4 {
namespace {

static_assert(std::endian::native == std::endian::little, "symbol packing assumes little endian");

// Polynomials: ITU-T O.150 (PRBS9 5.1, PRBS15 5.3, PRBS23 5.6, PRBS31 5.8; 15/23/31 inverted),
// 802.3 Figure 49-9 (PRBS31 with output inverter), Figure 94-6 (PRBS13), Table 68-6 (PRBS9).
// The PRBS13 default seed is the lane-0 preset S0..S12 = 0000010101011.
constexpr std::array<PrbsSpec, 6> kSpecs = {{
    {PrbsPolynomial::kPrbs7, "PRBS7", 7, {6, 7, 0, 0}, 2, false, 0x7Fu},
    {PrbsPolynomial::kPrbs9, "PRBS9", 9, {5, 9, 0, 0}, 2, false, 0x1FFu},
    {PrbsPolynomial::kPrbs13, "PRBS13", 13, {1, 2, 12, 13}, 4, false, 0x1AA0u},
    {PrbsPolynomial::kPrbs15, "PRBS15", 15, {14, 15, 0, 0}, 2, true, 0x7FFFu},
    {PrbsPolynomial::kPrbs23, "PRBS23", 23, {18, 23, 0, 0}, 2, true, 0x7FFFFFu},
    {PrbsPolynomial::kPrbs31, "PRBS31", 31, {28, 31, 0, 0}, 2, true, 0x7FFFFFFFu},
}};

using Matrix = std::array<std::uint32_t, 32>;  // row i: mask of stages feeding new S_i

std::uint32_t Apply(const Matrix& m, int n, std::uint32_t s) {
  std::uint32_t out = 0;
  for (int i = 0; i < n; ++i) out |= static_cast<std::uint32_t>(std::popcount(m[i] & s) & 1) << i;
  return out;
}

Matrix Multiply(const Matrix& a, const Matrix& b, int n) {  // a after b
  Matrix c{};
  for (int i = 0; i < n; ++i) {
    std::uint32_t row = 0;
    for (int j = 0; j < n; ++j) {
      if ((a[i] >> j) & 1u) row ^= b[j];
    }
    c[i] = row;
  }
  return c;
}

std::uint32_t Mask(int n) { return n >= 32 ? 0xFFFFFFFFu : ((1u << n) - 1u); }

void CheckSeed(const PrbsSpec& spec, std::uint32_t seed) {
  if (seed == 0 || (seed & ~Mask(spec.order)) != 0) {
    throw std::invalid_argument(
        fmt::format("{} seed {:#x} is invalid: it must be nonzero and fit {} bits", spec.name, seed,
                    spec.order));
  }
}

// Byte of 8 bits (4 symbols, LSB first) -> 4 Gray-mapped symbols packed little endian.
constexpr std::array<std::uint32_t, 256> MakeByteTable() {
  std::array<std::uint32_t, 256> t{};
  for (unsigned b = 0; b < 256; ++b) {
    std::uint32_t v = 0;
    for (unsigned k = 0; k < 4; ++k) {
      const unsigned a = (b >> (2 * k)) & 1u;
      const unsigned bb = (b >> (2 * k + 1)) & 1u;
      v |= static_cast<std::uint32_t>(GrayMap((a << 1) | bb)) << (8 * k);
    }
    t[b] = v;
  }
  return t;
}
constexpr std::array<std::uint32_t, 256> kByteToSymbols = MakeByteTable();

inline std::uint64_t Shr(std::uint64_t x, int n) { return n >= 64 ? 0 : x >> n; }
inline std::uint64_t Shl(std::uint64_t x, int n) { return n >= 64 ? 0 : x << n; }
inline std::uint64_t LowMask(int n) { return n >= 64 ? ~0ull : ((1ull << n) - 1ull); }

}  // namespace

const PrbsSpec& GetPrbsSpec(PrbsPolynomial polynomial) {
  const auto i = static_cast<std::size_t>(polynomial);
  if (i >= kSpecs.size()) {
    throw std::invalid_argument(fmt::format("unknown PRBS polynomial id {}", i));
  }
  return kSpecs[i];
}

PrbsPolynomial ParsePrbsPolynomial(std::string_view name) {
  std::string up;
  for (char c : name) up.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (!up.empty() && up.back() == 'Q') up.pop_back();
  for (const PrbsSpec& s : kSpecs) {
    if (up == s.name) return s.polynomial;
  }
  throw std::invalid_argument(fmt::format(
      "unknown PRBS pattern '{}': expected PRBS7, PRBS9, PRBS13, PRBS15, PRBS23 or PRBS31 "
      "(optionally with a Q suffix)",
      name));
}

unsigned PrbsStepSerial(const PrbsSpec& spec, std::uint32_t& state) {
  unsigned fb = 0;
  for (int i = 0; i < spec.num_exponents; ++i) fb ^= (state >> (spec.exponents[i] - 1)) & 1u;
  state = ((state << 1) | fb) & Mask(spec.order);
  return fb;
}

std::uint32_t PrbsJump(const PrbsSpec& spec, std::uint32_t state, std::uint64_t steps) {
  const int n = spec.order;
  Matrix step{};
  for (int i = 0; i < spec.num_exponents; ++i) step[0] |= 1u << (spec.exponents[i] - 1);
  for (int i = 1; i < n; ++i) step[i] = 1u << (i - 1);
  steps %= (std::uint64_t{1} << n) - 1;
  while (steps != 0) {
    if (steps & 1u) state = Apply(step, n, state);
    steps >>= 1;
    if (steps != 0) step = Multiply(step, step, n);
  }
  return state;
}

// ---------------------------------------------------------------------------------------------

PrbsGenerator::PrbsGenerator(PrbsPolynomial polynomial)
    : PrbsGenerator(polynomial, GetPrbsSpec(polynomial).default_seed,
                    GetPrbsSpec(polynomial).inverted) {}

PrbsGenerator::PrbsGenerator(PrbsPolynomial polynomial, std::uint32_t seed)
    : PrbsGenerator(polynomial, seed, GetPrbsSpec(polynomial).inverted) {}

PrbsGenerator::PrbsGenerator(PrbsPolynomial polynomial, std::uint32_t seed, bool invert)
    : spec_(&GetPrbsSpec(polynomial)),
      seed_(seed),
      invert_(invert ? ~0ull : 0ull),
      period_((std::uint64_t{1} << spec_->order) - 1) {
  CheckSeed(*spec_, seed);
  buffer_.resize(static_cast<std::size_t>(spec_->order) + kBufferWords);
  SeekBit(0);
}

void PrbsGenerator::SeekBit(std::uint64_t bit) {
  const int n = spec_->order;
  // The `n` words before `bit` come from the serial register, started 64 n bits earlier.
  const std::uint64_t back = (64ull * static_cast<std::uint64_t>(n)) % period_;
  const std::uint64_t start = (bit % period_ + period_ - back) % period_;
  std::uint32_t state = PrbsJump(*spec_, seed_, start);
  for (int w = 0; w < n; ++w) {
    std::uint64_t word = 0;
    for (int j = 0; j < 64; ++j) word |= std::uint64_t{PrbsStepSerial(*spec_, state)} << j;
    buffer_[static_cast<std::size_t>(w)] = word;
  }
  next_ = end_ = n;
  position_ = bit;
  partial_ = 0;
  partial_bits_ = 0;
}

void PrbsGenerator::Refill() {
  const int n = spec_->order;
  std::uint64_t* b = buffer_.data();
  std::memmove(b, b + end_ - n, static_cast<std::size_t>(n) * sizeof(std::uint64_t));
  const int e0 = spec_->exponents[0], e1 = spec_->exponents[1];
  const int total = n + kBufferWords;
  if (spec_->num_exponents == 2) {
    for (int i = n; i < total; ++i) b[i] = b[i - e0] ^ b[i - e1];
  } else {
    const int e2 = spec_->exponents[2], e3 = spec_->exponents[3];
    for (int i = n; i < total; ++i) b[i] = b[i - e0] ^ b[i - e1] ^ b[i - e2] ^ b[i - e3];
  }
  next_ = n;
  end_ = total;
}

std::uint64_t PrbsGenerator::RawNextWord() {
  if (next_ == end_) Refill();
  return buffer_[static_cast<std::size_t>(next_++)] ^ invert_;
}

std::uint64_t PrbsGenerator::NextWord() {
  if (partial_bits_ == 0) {
    position_ += 64;
    return RawNextWord();
  }
  return NextBits(64);
}

std::uint64_t PrbsGenerator::NextBits(int count) {
  if (count <= 0 || count > 64) {
    throw std::invalid_argument(fmt::format("NextBits count {} is not 1..64", count));
  }
  position_ += static_cast<std::uint64_t>(count);
  if (partial_bits_ >= count) {
    const std::uint64_t out = partial_ & LowMask(count);
    partial_ = Shr(partial_, count);
    partial_bits_ -= count;
    return out;
  }
  const int have = partial_bits_;
  const std::uint64_t w = RawNextWord();
  const std::uint64_t out = (partial_ | Shl(w, have)) & LowMask(count);
  const int used = count - have;
  partial_ = Shr(w, used);
  partial_bits_ = 64 - used;
  return out;
}

void PrbsGenerator::FillBits(std::span<std::uint8_t> bits) {
  std::size_t i = 0;
  while (i < bits.size()) {
    const int take = static_cast<int>(std::min<std::size_t>(64, bits.size() - i));
    const std::uint64_t w = NextBits(take);
    for (int j = 0; j < take; ++j) bits[i + static_cast<std::size_t>(j)] = (w >> j) & 1u;
    i += static_cast<std::size_t>(take);
  }
}

std::uint32_t PrbsGenerator::RegisterStateBefore(int rewind_bits) const {
  if (rewind_bits < 0 || rewind_bits > 64) {
    throw std::invalid_argument(fmt::format("rewind of {} bits is not 0..64", rewind_bits));
  }
  // The buffer always keeps at least `order` words (>= 448 bits) before the next word, so the
  // `order` bits before the position are there even after a rewind of 64.
  const std::int64_t consumed =
      std::int64_t{next_} * 64 - partial_bits_ - static_cast<std::int64_t>(rewind_bits);
  std::uint32_t state = 0;
  for (int i = 0; i < spec_->order; ++i) {
    const std::int64_t k = consumed - 1 - i;
    const std::uint64_t w = buffer_[static_cast<std::size_t>(k >> 6)];
    state |= static_cast<std::uint32_t>((w >> (k & 63)) & 1u) << i;
  }
  return state;
}

// ---------------------------------------------------------------------------------------------

void WordToSymbols(std::uint64_t word, Symbol* out) {
  for (int k = 0; k < 8; ++k) {
    const std::uint32_t v = kByteToSymbols[(word >> (8 * k)) & 0xFFu];
    std::memcpy(out + static_cast<std::ptrdiff_t>(4) * k, &v, 4);
  }
}

namespace {
// Interleaves zeros above each of the 32 low bits: bit i -> bit 2i.
inline std::uint64_t Spread32(std::uint64_t x) {
  x = (x | (x << 16)) & 0x0000FFFF0000FFFFull;
  x = (x | (x << 8)) & 0x00FF00FF00FF00FFull;
  x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0Full;
  x = (x | (x << 2)) & 0x3333333333333333ull;
  x = (x | (x << 1)) & 0x5555555555555555ull;
  return x;
}
}  // namespace

std::uint64_t SymbolsToWord(const Symbol* in) {
#if defined(__SSE2__)
  // Bit 1 of each symbol is A; bit 0 is A ^ B (Gray). Shifting 16-bit lanes left by 6 (7) puts
  // bit 1 (bit 0) of every byte into that byte's sign bit, which movemask collects.
  const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
  const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 16));
  const std::uint64_t a = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_slli_epi16(lo, 6))) |
                          static_cast<std::uint64_t>(
                              static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_slli_epi16(hi, 6))))
                              << 16;
  const std::uint64_t g = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_slli_epi16(lo, 7))) |
                          static_cast<std::uint64_t>(
                              static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_slli_epi16(hi, 7))))
                              << 16;
  return Spread32(a) | (Spread32(a ^ g) << 1);
#else
  std::uint64_t word = 0;
  for (int k = 0; k < 32; ++k) {
    const unsigned pair = GrayUnmap(in[k]);
    word |= static_cast<std::uint64_t>((pair >> 1) | ((pair & 1u) << 1)) << (2 * k);
  }
  return word;
#endif
}

PrbsSymbolGenerator::PrbsSymbolGenerator(PrbsPolynomial polynomial) : bits_(polynomial) {}
PrbsSymbolGenerator::PrbsSymbolGenerator(PrbsPolynomial polynomial, std::uint32_t seed)
    : bits_(polynomial, seed) {}
PrbsSymbolGenerator::PrbsSymbolGenerator(PrbsPolynomial polynomial, std::uint32_t seed, bool invert)
    : bits_(polynomial, seed, invert) {}

void PrbsSymbolGenerator::Fill(std::span<Symbol> out) {
  std::size_t i = 0;
  const std::size_t n = out.size();
  while (left_ > 0 && i < n) {
    out[i++] = GrayMap(static_cast<unsigned>(((word_ & 1u) << 1) | ((word_ >> 1) & 1u)));
    word_ >>= 2;
    --left_;
  }
  Symbol* p = out.data();
  for (; i + 32 <= n; i += 32) WordToSymbols(bits_.NextWord(), p + i);
  if (i < n) {
    Symbol tmp[32];
    const std::uint64_t w = bits_.NextWord();
    WordToSymbols(w, tmp);
    const std::size_t rest = n - i;
    std::memcpy(p + i, tmp, rest);
    left_ = static_cast<int>(32 - rest);
    word_ = w >> (2 * rest);
  }
  position_ += n;
}

Symbol PrbsSymbolGenerator::Next() {
  Symbol s;
  Fill(std::span<Symbol>(&s, 1));
  return s;
}

void PrbsSymbolGenerator::Seek(std::uint64_t symbol) {
  const std::uint64_t p = bits_.period_bits();
  bits_.SeekBit((2 * (symbol % p)) % p);
  position_ = symbol;
  left_ = 0;
  word_ = 0;
}

std::uint32_t PrbsSymbolGenerator::register_state() const {
  return bits_.RegisterStateBefore(2 * left_);
}

}  // namespace xpo::pam4
