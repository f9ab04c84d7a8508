#include "xpo/pam4/symbols.h"

#include <fmt/format.h>

#include <stdexcept>

namespace xpo::pam4 {

void CheckSymbol(unsigned s, const char* what) {
  if (s > 3) throw std::out_of_range(fmt::format("{}: {} is not a PAM-4 symbol (0..3)", what, s));
}

void CheckSymbols(std::span<const Symbol> s, const char* what) {
  unsigned any = 0;
  for (Symbol v : s) any |= v;
  if (any <= 3) return;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] > 3) {
      throw std::out_of_range(
          fmt::format("{}: element {} is {}, not a PAM-4 symbol (0..3)", what, i, s[i]));
    }
  }
}

void GrayMap(std::span<Symbol> bit_pairs) {
  CheckSymbols(bit_pairs, "GrayMap bit pairs");
  for (Symbol& v : bit_pairs) v = static_cast<Symbol>(v ^ (v >> 1));
}

void GrayUnmap(std::span<Symbol> symbols) {
  CheckSymbols(symbols, "GrayUnmap symbols");
  for (Symbol& v : symbols) v = static_cast<Symbol>(v ^ (v >> 1));
}

void InvertPolarity(std::span<Symbol> symbols) {
  CheckSymbols(symbols, "InvertPolarity symbols");
  for (Symbol& v : symbols) v = static_cast<Symbol>(3 - v);
}

Precoder::Precoder(Symbol initial_state) : state_(0) { Reset(initial_state); }

void Precoder::Reset(Symbol state) {
  CheckSymbol(state, "Precoder initial state");
  state_ = state;
}

void Precoder::Encode(std::span<Symbol> symbols) {
  CheckSymbols(symbols, "Precoder input");
  unsigned p = state_;
  for (Symbol& v : symbols) {
    p = (v - p) & 3u;
    v = static_cast<Symbol>(p);
  }
  state_ = static_cast<Symbol>(p);
}

PrecodeDecoder::PrecodeDecoder(Symbol initial_state) : state_(0) { Reset(initial_state); }

void PrecodeDecoder::Reset(Symbol state) {
  CheckSymbol(state, "PrecodeDecoder initial state");
  state_ = state;
}

void PrecodeDecoder::Decode(std::span<Symbol> symbols) {
  CheckSymbols(symbols, "PrecodeDecoder input");
  unsigned prev = state_;
  for (Symbol& v : symbols) {
    const unsigned r = v;
    v = static_cast<Symbol>((r + prev) & 3u);
    prev = r;
  }
  state_ = static_cast<Symbol>(prev);
}

}  // namespace xpo::pam4
