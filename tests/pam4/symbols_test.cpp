#include "xpo/pam4/symbols.h"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <stdexcept>
#include <vector>

namespace xpo::pam4 {
namespace {

TEST(Pam4Gray, MapsBitPairsPerClause120) {
  // 120.5.7.1: {A,B} = 00 -> 0, 01 -> 1, 11 -> 2, 10 -> 3.
  EXPECT_EQ(GrayMap(0b00), 0);
  EXPECT_EQ(GrayMap(0b01), 1);
  EXPECT_EQ(GrayMap(0b11), 2);
  EXPECT_EQ(GrayMap(0b10), 3);
  EXPECT_EQ(GrayUnmap(0), 0b00u);
  EXPECT_EQ(GrayUnmap(1), 0b01u);
  EXPECT_EQ(GrayUnmap(2), 0b11u);
  EXPECT_EQ(GrayUnmap(3), 0b10u);
}

TEST(Pam4Gray, AdjacentLevelsDifferInOneBit) {
  for (Symbol s = 0; s < 3; ++s) {
    const unsigned d = GrayUnmap(s) ^ GrayUnmap(static_cast<Symbol>(s + 1));
    EXPECT_TRUE(d == 1 || d == 2) << "levels " << int(s) << "," << int(s + 1);
  }
}

TEST(Pam4Gray, SpanRoundTrip) {
  std::mt19937_64 rng(11);
  std::vector<Symbol> v(1000);
  for (auto& x : v) x = static_cast<Symbol>(rng() & 3u);
  const auto orig = v;
  GrayMap(v);
  for (std::size_t i = 0; i < v.size(); ++i) ASSERT_EQ(v[i], GrayMap(orig[i]));
  GrayUnmap(v);
  EXPECT_EQ(v, orig);
}

TEST(Pam4Polarity, InvertsLevels) {
  std::vector<Symbol> v = {0, 1, 2, 3};
  InvertPolarity(v);
  EXPECT_EQ(v, (std::vector<Symbol>{3, 2, 1, 0}));
  for (Symbol s = 0; s < 4; ++s) EXPECT_EQ(InvertPolarity(InvertPolarity(s)), s);
}

TEST(Pam4Precoder, HandVectorFromDefinition) {
  // P(j) = (T(j) - P(j-1)) mod 4 with P(-1) = 0, worked by hand:
  // T = 1 3 2 2 0 3 -> P = 1, (3-1)=2, (2-2)=0, (2-0)=2, (0-2)=-2=2, (3-2)=1.
  std::vector<Symbol> t = {1, 3, 2, 2, 0, 3};
  Precoder pre;
  pre.Encode(t);
  EXPECT_EQ(t, (std::vector<Symbol>{1, 2, 0, 2, 2, 1}));
  EXPECT_EQ(pre.state(), 1);
  // Decoder T(j) = R(j) + R(j-1): 1+0, 2+1, 0+2, 2+0, 2+2=0, 1+2.
  PrecodeDecoder dec;
  dec.Decode(t);
  EXPECT_EQ(t, (std::vector<Symbol>{1, 3, 2, 2, 0, 3}));
}

TEST(Pam4Precoder, RoundTripAcrossSpansAndStates) {
  std::mt19937_64 rng(5);
  for (Symbol init = 0; init < 4; ++init) {
    std::vector<Symbol> v(777);
    for (auto& x : v) x = static_cast<Symbol>(rng() & 3u);
    const auto orig = v;
    Precoder pre(init);
    PrecodeDecoder dec(init);
    // Uneven chunks: state must carry across calls.
    std::span<Symbol> s(v);
    pre.Encode(s.subspan(0, 100));
    pre.Encode(s.subspan(100));
    dec.Decode(s.subspan(0, 333));
    for (std::size_t i = 333; i < v.size(); ++i) v[i] = dec.Decode(v[i]);
    EXPECT_EQ(v, orig) << "initial state " << int(init);
  }
}

TEST(Pam4Precoder, SingleChannelErrorHitsTwoDecodedSymbols) {
  std::vector<Symbol> v(50, 0);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<Symbol>((i * 7 + 1) & 3u);
  const auto orig = v;
  Precoder().Encode(v);
  v[20] = static_cast<Symbol>((v[20] + 1) & 3u);
  PrecodeDecoder().Decode(v);
  int errors = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != orig[i]) {
      ++errors;
      EXPECT_TRUE(i == 20 || i == 21) << i;
    }
  }
  EXPECT_EQ(errors, 2);
}

TEST(Pam4BadInput, RejectsSymbolsAboveThree) {
  std::vector<Symbol> v = {0, 1, 4, 2};
  const auto orig = v;
  try {
    GrayMap(v);
    FAIL() << "no exception";
  } catch (const std::out_of_range& e) {
    EXPECT_NE(std::string(e.what()).find("element 2 is 4"), std::string::npos) << e.what();
  }
  EXPECT_EQ(v, orig);
  EXPECT_THROW(InvertPolarity(v), std::out_of_range);
  EXPECT_THROW(Precoder().Encode(v), std::out_of_range);
  EXPECT_THROW(PrecodeDecoder().Decode(v), std::out_of_range);
  EXPECT_THROW(Precoder(4), std::out_of_range);
  EXPECT_THROW(GrayUnmap(Symbol{7}), std::out_of_range);
  std::vector<Symbol> empty;
  EXPECT_NO_THROW(GrayMap(empty));
  EXPECT_NO_THROW(Precoder().Encode(empty));
}

}  // namespace
}  // namespace xpo::pam4
