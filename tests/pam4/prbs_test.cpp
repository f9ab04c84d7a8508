#include "xpo/pam4/prbs.h"

#include <gtest/gtest.h>

#include <deque>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace xpo::pam4 {
namespace {

// Plain bit-serial reference written from the generator polynomial alone: for
// g(x) = 1 + sum x^e, the sequence obeys p(k) = XOR_e p(k - e). The register preset gives the
// `order` bits before p(0): S_i = p(-1-i).
std::vector<int> ReferenceBits(const std::vector<int>& exponents, int order, std::uint32_t seed,
                               std::size_t count, bool invert) {
  std::deque<int> hist;  // hist[0] = p(k-1), hist[i] = p(k-1-i)
  for (int i = 0; i < order; ++i) hist.push_back(static_cast<int>((seed >> i) & 1u));
  std::vector<int> out;
  for (std::size_t k = 0; k < count; ++k) {
    int b = 0;
    for (int e : exponents) b ^= hist[static_cast<std::size_t>(e - 1)];
    hist.push_front(b);
    hist.pop_back();
    out.push_back(invert ? 1 - b : b);
  }
  return out;
}

std::vector<Symbol> ReferenceSymbols(const std::vector<int>& bits) {
  std::vector<Symbol> s;
  const int gray[4] = {0, 1, 3, 2};  // {A,B} as 2A+B: 00->0, 01->1, 10->3, 11->2
  for (std::size_t i = 0; i + 1 < bits.size(); i += 2) {
    s.push_back(static_cast<Symbol>(gray[2 * bits[i] + bits[i + 1]]));
  }
  return s;
}

TEST(Prbs13Q, FirstSymbolsMatchSerialReference) {
  auto gen = PrbsSymbolGenerator::Prbs13Q();
  std::vector<Symbol> got(1000);
  gen.Fill(got);
  const auto want =
      ReferenceSymbols(ReferenceBits({1, 2, 12, 13}, 13, 0x1AA0, 2000, /*invert=*/false));
  EXPECT_EQ(got, want);
}

TEST(Prbs13Q, MatchesIeeeComReferencePhase) {
  // The IEEE 802.3 COM reference code emits the 13 preset bits S12..S0 first, i.e. it starts 13
  // bits (bit 8178 = symbol 4089 of our phase) earlier. Its first 32 PRBS13Q symbols for the
  // lane-0 preset 0000010101011 are published as:
  const std::string com = "21110003102131230333200310232202";
  auto gen = PrbsSymbolGenerator::Prbs13Q();
  gen.Seek(4089);
  std::string got;
  for (int i = 0; i < 32; ++i) got.push_back(static_cast<char>('0' + gen.Next()));
  EXPECT_EQ(got, com);
}

TEST(Prbs13Q, PeriodIs8191Symbols) {
  auto gen = PrbsSymbolGenerator::Prbs13Q();
  EXPECT_EQ(gen.period(), 8191u);
  std::vector<Symbol> s(std::size_t{3} * 8191);
  gen.Fill(s);
  for (std::size_t i = 0; i + 8191 < s.size(); ++i) ASSERT_EQ(s[i], s[i + 8191]) << i;
  // Minimal: no proper divisor of 8191 (a prime) and no shorter shift repeats.
  for (std::size_t shift : {1u, 2u, 13u, 4095u, 4096u}) {
    bool same = true;
    for (std::size_t i = 0; i < 8191 && same; ++i) same = s[i] == s[i + shift];
    EXPECT_FALSE(same) << shift;
  }
  // Level balance over one period: 8191 symbols from 16382 bits, each bit value balanced.
  int counts[4] = {};
  for (std::size_t i = 0; i < 8191; ++i) ++counts[s[i]];
  for (int c : counts) EXPECT_NEAR(c, 8191.0 / 4, 80);
}

TEST(Prbs31Q, FirstSymbolsMatchSerialReferenceWithInverter) {
  auto gen = PrbsSymbolGenerator::Prbs31Q(0x12345678);
  std::vector<Symbol> got(5000);
  gen.Fill(got);
  // Figure 49-9 has an output inverter.
  const auto want =
      ReferenceSymbols(ReferenceBits({28, 31}, 31, 0x12345678, 10000, /*invert=*/true));
  EXPECT_EQ(got, want);
  EXPECT_EQ(gen.period(), 2147483647u);
}

TEST(Prbs31Q, SeekMatchesStreaming) {
  auto a = PrbsSymbolGenerator::Prbs31Q();
  std::vector<Symbol> stream(100000);
  a.Fill(stream);
  for (std::uint64_t at : {0ull, 1ull, 31ull, 32ull, 33ull, 9999ull, 65432ull}) {
    auto b = PrbsSymbolGenerator::Prbs31Q();
    b.Seek(at);
    std::vector<Symbol> part(1000);
    b.Fill(part);
    for (std::size_t i = 0; i < part.size(); ++i) ASSERT_EQ(part[i], stream[at + i]) << at;
  }
}

TEST(Prbs31Q, WrapsAfterOnePeriod) {
  auto a = PrbsSymbolGenerator::Prbs31Q();
  auto b = PrbsSymbolGenerator::Prbs31Q();
  b.Seek(2147483647ull * 3 + 5);
  std::vector<Symbol> x(100), y(100);
  a.Seek(5);
  a.Fill(x);
  b.Fill(y);
  EXPECT_EQ(x, y);
}

TEST(Prbs31Q, RegisterStateRestartsTheSequence) {
  auto a = PrbsSymbolGenerator::Prbs31Q(0x5A5A5A5A);
  std::vector<Symbol> first(777);
  a.Fill(first);
  auto b = PrbsSymbolGenerator::Prbs31Q(a.register_state());
  std::vector<Symbol> x(500), y(500);
  a.Fill(x);
  b.Fill(y);
  EXPECT_EQ(x, y);
}

TEST(PrbsState, RegisterStateMatchesMatrixJumpEverywhere) {
  // The buffered read-out against the independent GF(2) matrix power of the one-bit step.
  for (auto poly : {PrbsPolynomial::kPrbs7, PrbsPolynomial::kPrbs13, PrbsPolynomial::kPrbs31}) {
    const PrbsSpec& spec = GetPrbsSpec(poly);
    PrbsSymbolGenerator gen(poly);
    std::mt19937_64 rng(4);
    std::uint64_t pos = 0;
    const std::uint64_t period = (std::uint64_t{1} << spec.order) - 1;
    for (int step = 0; step < 3000; ++step) {
      ASSERT_EQ(gen.register_state(), PrbsJump(spec, spec.default_seed, (2 * pos) % period))
          << spec.name << " symbol " << pos;
      std::vector<Symbol> chunk(rng() % 70);
      gen.Fill(chunk);
      pos += chunk.size();
      if (step % 500 == 499) {
        pos = rng() % 100000;
        gen.Seek(pos);
      }
    }
  }
}

TEST(PrbsBits, AllPolynomialsMatchSerialReference) {
  for (auto poly : {PrbsPolynomial::kPrbs7, PrbsPolynomial::kPrbs9, PrbsPolynomial::kPrbs13,
                    PrbsPolynomial::kPrbs15, PrbsPolynomial::kPrbs23, PrbsPolynomial::kPrbs31}) {
    const PrbsSpec& spec = GetPrbsSpec(poly);
    std::vector<int> ex(spec.exponents.begin(), spec.exponents.begin() + spec.num_exponents);
    PrbsGenerator gen(poly);
    std::vector<std::uint8_t> bits(3000);
    // Uneven pieces exercise the partial-word path.
    std::span<std::uint8_t> s(bits);
    gen.FillBits(s.subspan(0, 7));
    gen.FillBits(s.subspan(7, 100));
    gen.FillBits(s.subspan(107));
    const auto want = ReferenceBits(ex, spec.order, spec.default_seed, bits.size(), spec.inverted);
    for (std::size_t i = 0; i < bits.size(); ++i) ASSERT_EQ(bits[i], want[i]) << spec.name << i;
  }
}

TEST(PrbsBits, PeriodsOfShortPolynomials) {
  // O.150: maximal-length, 2^n - 1 bits, and 2^(n-1) ones per period (2^(n-1) zeros if inverted).
  for (auto poly : {PrbsPolynomial::kPrbs7, PrbsPolynomial::kPrbs9, PrbsPolynomial::kPrbs13,
                    PrbsPolynomial::kPrbs15}) {
    const PrbsSpec& spec = GetPrbsSpec(poly);
    const std::size_t period = (std::size_t{1} << spec.order) - 1;
    PrbsGenerator gen(poly);
    std::vector<std::uint8_t> bits(2 * period);
    gen.FillBits(bits);
    std::size_t ones = 0;
    for (std::size_t i = 0; i < period; ++i) {
      ASSERT_EQ(bits[i], bits[i + period]) << spec.name;
      ones += bits[i];
    }
    EXPECT_EQ(ones, spec.inverted ? period / 2 : period / 2 + 1) << spec.name;
  }
}

TEST(PrbsBadInput, RejectsBadSeedsAndNames) {
  EXPECT_THROW(PrbsGenerator(PrbsPolynomial::kPrbs13, 0), std::invalid_argument);
  EXPECT_THROW(PrbsGenerator(PrbsPolynomial::kPrbs13, 0x2000), std::invalid_argument);
  try {
    PrbsSymbolGenerator::Prbs31Q(0x80000000u);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("PRBS31 seed"), std::string::npos) << e.what();
  }
  EXPECT_EQ(ParsePrbsPolynomial("prbs13q"), PrbsPolynomial::kPrbs13);
  EXPECT_EQ(ParsePrbsPolynomial("PRBS31"), PrbsPolynomial::kPrbs31);
  EXPECT_THROW(ParsePrbsPolynomial("PRBS11"), std::invalid_argument);
  PrbsGenerator gen(PrbsPolynomial::kPrbs7);
  EXPECT_THROW(gen.NextBits(0), std::invalid_argument);
  EXPECT_THROW(gen.NextBits(65), std::invalid_argument);
  std::vector<Symbol> empty;
  auto sym = PrbsSymbolGenerator::Prbs13Q();
  sym.Fill(empty);
  EXPECT_EQ(sym.position(), 0u);
}

}  // namespace
}  // namespace xpo::pam4

namespace xpo::pam4 {
namespace {

TEST(PrbsPacking, SymbolsToWordInvertsWordToSymbols) {
  std::mt19937_64 rng(17);
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t w = rng();
    Symbol s[32];
    WordToSymbols(w, s);
    for (int k = 0; k < 32; ++k) {
      const unsigned a = (w >> (2 * k)) & 1u, b = (w >> (2 * k + 1)) & 1u;
      ASSERT_EQ(s[k], GrayMap((a << 1) | b));
    }
    ASSERT_EQ(SymbolsToWord(s), w);
  }
}

}  // namespace
}  // namespace xpo::pam4
