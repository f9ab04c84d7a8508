#include "xpo/pam4/checker.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

namespace xpo::pam4 {
namespace {

constexpr std::uint64_t kEvenBits = 0x5555555555555555ull;
// s -> 3 - s flips the first Gray bit (A, even positions) of every symbol and keeps B.
constexpr std::uint64_t kPolarityFlip = kEvenBits;
constexpr int kHistoryWords = 512;

Symbol SymbolAt(std::uint64_t word, int k) {
  const unsigned a = (word >> (2 * k)) & 1u;
  const unsigned b = (word >> (2 * k + 1)) & 1u;
  return GrayMap((a << 1) | b);
}

std::uint64_t SymbolMask(int first, int count) {
  const std::uint64_t hi = count + first >= 32 ? ~0ull : ((1ull << (2 * (first + count))) - 1);
  const std::uint64_t lo = (1ull << (2 * first)) - 1;
  return hi & ~lo;
}

}  // namespace

PrbsChecker::PrbsChecker(const PrbsCheckerConfig& config)
    : config_(config), spec_(&GetPrbsSpec(config.polynomial)) {
  if (config.lock_symbols == 0) {
    throw std::invalid_argument("PrbsChecker: lock_symbols must be at least 1");
  }
  if (config.loss_window_symbols < 32) {
    throw std::invalid_argument(
        fmt::format("PrbsChecker: loss_window_symbols {} is below one 32-symbol word",
                    config.loss_window_symbols));
  }
  if (config.loss_errors >= config.loss_window_symbols) {
    throw std::invalid_argument(
        fmt::format("PrbsChecker: loss_errors {} must be below loss_window_symbols {} or lock "
                    "could never be lost",
                    config.loss_errors, config.loss_window_symbols));
  }
  base_invert_ = config.invert.value_or(spec_->inverted) ? ~0ull : 0ull;
  lock_words_ = (config.lock_symbols + 31) / 32;
  order_ = spec_->order;
  hist_.resize(static_cast<std::size_t>(order_) + kHistoryWords);
  Reset();
}

void PrbsChecker::Reset() {
  std::fill(hist_.begin(), hist_.end(), 0);
  end_ = order_;
  have_ = 0;
  locked_ = false;
  invert_ = base_invert_;
  polarity_inverted_ = false;
  good_inverted_words_ = 0;
  cur_ = 0;
  fill_ = 0;
  predicted_ = false;
  good_words_ = 0;
  window_symbols_ = 0;
  window_errors_ = 0;
  position_ = 0;
  lock_count_ = 0;
  loss_count_ = 0;
  lock_index_.reset();
  ClearCounters();
}

void PrbsChecker::ClearCounters() {
  checked_ = 0;
  symbol_errors_ = 0;
  bit_errors_ = 0;
  errors_.clear();
}

RateEstimate PrbsChecker::SymbolErrorRate(double confidence) const {
  if (checked_ == 0) {
    throw std::logic_error("PrbsChecker: no symbols checked yet (not locked), no error rate");
  }
  return EstimateRate(symbol_errors_, checked_, confidence);
}

RateEstimate PrbsChecker::BitErrorRate(double confidence) const {
  if (checked_ == 0) {
    throw std::logic_error("PrbsChecker: no symbols checked yet (not locked), no error rate");
  }
  return EstimateRate(bit_errors_, 2 * checked_, confidence);
}

void PrbsChecker::StartWord() {
  word_start_ = position_;
  cur_ = 0;
  predicted_ = locked_ || have_ >= order_;
  if (predicted_) {
    const std::uint64_t* h = hist_.data() + end_;
    std::uint64_t e = 0;
    for (int i = 0; i < spec_->num_exponents; ++i) e ^= h[-spec_->exponents[i]];
    expected_ = e;
  }
}

void PrbsChecker::Push(std::uint64_t word) {
  if (end_ == static_cast<int>(hist_.size())) {
    std::memmove(hist_.data(), hist_.data() + end_ - order_,
                 static_cast<std::size_t>(order_) * sizeof(std::uint64_t));
    end_ = order_;
  }
  hist_[static_cast<std::size_t>(end_++)] = word;
}

bool PrbsChecker::HistoryIsPrbs() const {
  // The word recurrence is g(x^64); confirm the bit recurrence g(x) over the whole history so a
  // lock is only ever taken on the standard sequence.
  const std::uint64_t* h = hist_.data() + end_ - order_;
  auto bit = [h](int k) { return (h[k >> 6] >> (k & 63)) & 1u; };
  std::uint64_t any = 0;
  for (int i = 0; i < order_; ++i) any |= h[i];
  if (any == 0) return false;  // the all-zero register never advances
  const int bits = 64 * order_;
  for (int k = spec_->order; k < bits; ++k) {
    unsigned b = 0;
    for (int i = 0; i < spec_->num_exponents; ++i) b ^= bit(k - spec_->exponents[i]);
    if (b != bit(k)) return false;
  }
  return true;
}

void PrbsChecker::CompareLocked(std::uint64_t received, std::uint64_t mask) {
  const std::uint64_t x = (received ^ expected_) & mask;
  if (x == 0) return;
  bit_errors_ += static_cast<std::uint64_t>(std::popcount(x));
  std::uint64_t sym = (x | (x >> 1)) & kEvenBits;
  const int n = std::popcount(sym);
  symbol_errors_ += static_cast<std::uint64_t>(n);
  window_errors_ += static_cast<std::uint64_t>(n);
  while (sym != 0 && errors_.size() < config_.max_logged_errors) {
    const int k = std::countr_zero(sym) / 2;
    errors_.push_back({word_start_ + static_cast<std::uint64_t>(k),
                       SymbolAt(expected_ ^ invert_, k), SymbolAt(received ^ invert_, k)});
    sym &= sym - 1;
  }
  if (window_errors_ > config_.loss_errors) Lose();
}

void PrbsChecker::Lose() {
  locked_ = false;
  ++loss_count_;
  good_words_ = 0;
  good_inverted_words_ = 0;
  have_ = 0;
  predicted_ = false;
  invert_ = base_invert_;
  polarity_inverted_ = false;
}

void PrbsChecker::FinishWord() {
  if (locked_) {
    Push(expected_);
    window_symbols_ += 32;
    if (window_symbols_ >= config_.loss_window_symbols) {
      window_symbols_ = 0;
      window_errors_ = 0;
    }
  } else {
    if (predicted_) {
      good_words_ = cur_ == expected_ ? good_words_ + 1 : 0;
      // Every exponent count is even, so a flipped history predicts the unflipped word and the
      // flipped pattern shows up as a constant difference.
      good_inverted_words_ =
          (config_.accept_inverted_polarity && (cur_ ^ expected_) == kPolarityFlip)
              ? good_inverted_words_ + 1
              : 0;
    }
    Push(cur_);
    have_ = std::min(have_ + 1, order_);
    if (good_inverted_words_ >= lock_words_) {
      // Re-express the history in the pattern's own polarity and treat the lane as inverted.
      for (int i = end_ - order_; i < end_; ++i)
        hist_[static_cast<std::size_t>(i)] ^= kPolarityFlip;
      if (HistoryIsPrbs()) {
        invert_ = base_invert_ ^ kPolarityFlip;
        polarity_inverted_ = true;
        good_words_ = lock_words_;
      } else {
        for (int i = end_ - order_; i < end_; ++i) {
          hist_[static_cast<std::size_t>(i)] ^= kPolarityFlip;
        }
        good_inverted_words_ = 0;
      }
    }
    if (good_words_ >= lock_words_) {
      if (!polarity_inverted_) invert_ = base_invert_;
      if (HistoryIsPrbs()) {
        locked_ = true;
        ++lock_count_;
        lock_index_ = position_;
        window_symbols_ = 0;
        window_errors_ = 0;
      } else {
        good_words_ = 0;
      }
    }
  }
  fill_ = 0;
}

void PrbsChecker::Check(std::span<const Symbol> received) {
  CheckSymbols(received, "PrbsChecker input");
  const Symbol* p = received.data();
  const std::size_t n = received.size();
  std::size_t i = 0;
  while (i < n) {
    if (fill_ == 0) {
      // Whole words: the common case, kept branch-light.
      while (n - i >= 32) {
        StartWord();
        const std::uint64_t r = SymbolsToWord(p + i) ^ invert_;
        if (locked_) {
          checked_ += 32;
          CompareLocked(r, ~0ull);
        }
        cur_ = r;
        i += 32;
        position_ += 32;
        FinishWord();
      }
      if (i == n) break;
      StartWord();
    }
    const int take = static_cast<int>(std::min<std::size_t>(32 - fill_, n - i));
    Symbol tmp[32] = {};
    std::memcpy(tmp + fill_, p + i, static_cast<std::size_t>(take));
    const std::uint64_t mask = SymbolMask(fill_, take);
    const std::uint64_t r = (SymbolsToWord(tmp) ^ invert_) & mask;
    if (locked_) {
      checked_ += static_cast<std::uint64_t>(take);
      CompareLocked(r, mask);
    }
    cur_ |= r;
    fill_ += take;
    i += static_cast<std::size_t>(take);
    position_ += static_cast<std::uint64_t>(take);
    if (fill_ == 32) FinishWord();
  }
}

}  // namespace xpo::pam4
