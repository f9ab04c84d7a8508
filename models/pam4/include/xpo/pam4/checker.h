// PRBS pattern checker of a PAM-4 receiver (the PRBS13Q/PRBS31Q error checker of IEEE 802.3
// clause 120.5.11.2 test modes, CMIS-style lock and error counting). It self-synchronizes: while
// searching it predicts each received 32-symbol word from the received history with the
// generator recurrence and locks after enough consecutive correct predictions; once locked it
// free-runs its own reference, so every received symbol error is counted exactly once.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "xpo/pam4/prbs.h"
#include "xpo/pam4/stats.h"
#include "xpo/pam4/symbols.h"

namespace xpo::pam4 {

struct PrbsCheckerConfig {
  PrbsPolynomial polynomial = PrbsPolynomial::kPrbs31;
  std::optional<bool> invert;  // default: the standard's choice for the polynomial
  // Consecutive error-free predicted symbols needed to lock (rounded up to 32-symbol words).
  std::uint64_t lock_symbols = 1024;
  // Lock is lost when more than `loss_errors` symbol errors fall in one window of
  // `loss_window_symbols` symbols (windows start at lock and are counted in whole words).
  std::uint64_t loss_window_symbols = 8192;
  std::uint64_t loss_errors = 1024;
  // Also lock on the polarity-inverted pattern (every symbol s received as 3 - s) and report it
  // through polarity_inverted(); errors are then counted against the inverted pattern.
  bool accept_inverted_polarity = false;
  // Errors recorded individually (all are counted).
  std::size_t max_logged_errors = 4096;
};

struct SymbolError {
  std::uint64_t index;  // symbol index in the checker's received stream
  Symbol expected;
  Symbol received;
};

class PrbsChecker {
 public:
  explicit PrbsChecker(const PrbsCheckerConfig& config = {});

  // Consumes received symbols (any span length; state carries across calls). Throws
  // std::out_of_range, consuming nothing, if a symbol is > 3.
  void Check(std::span<const Symbol> received);

  bool locked() const { return locked_; }
  std::uint64_t position() const { return position_; }  // symbols consumed
  // Counted only while locked.
  std::uint64_t symbols_checked() const { return checked_; }
  std::uint64_t symbol_errors() const { return symbol_errors_; }
  std::uint64_t bit_errors() const { return bit_errors_; }
  std::uint64_t lock_count() const { return lock_count_; }
  std::uint64_t loss_of_lock_count() const { return loss_count_; }
  // The lock was taken on the polarity-inverted pattern (accept_inverted_polarity only).
  bool polarity_inverted() const { return polarity_inverted_; }
  // Index of the first symbol checked after the most recent lock.
  std::optional<std::uint64_t> lock_index() const { return lock_index_; }
  const std::vector<SymbolError>& errors() const { return errors_; }
  // SER and BER (2 Gray bits per symbol) over the checked symbols, with Clopper-Pearson bounds.
  // Throw std::logic_error while nothing has been checked (never locked, or just cleared).
  RateEstimate SymbolErrorRate(double confidence = 0.95) const;
  RateEstimate BitErrorRate(double confidence = 0.95) const;

  // Clears counters and the error log; lock state is kept (a CMIS "clear on read").
  void ClearCounters();
  // Back to searching, counters cleared, position to 0.
  void Reset();

  const PrbsCheckerConfig& config() const { return config_; }

 private:
  void StartWord();
  void CompareLocked(std::uint64_t received, std::uint64_t mask);
  void FinishWord();
  void Push(std::uint64_t word);
  bool HistoryIsPrbs() const;
  void Lose();

  PrbsCheckerConfig config_;
  const PrbsSpec* spec_;
  std::uint64_t base_invert_;  // the generator's output inverter
  std::uint64_t invert_ = 0;   // applied to received words: base, plus A bits if inverted
  bool polarity_inverted_ = false;
  std::uint64_t good_inverted_words_ = 0;
  std::uint64_t lock_words_;
  int order_;

  std::vector<std::uint64_t> hist_;  // last `order_` words end at hist_[end_ - 1]
  int end_ = 0;
  int have_ = 0;  // valid words of history (search mode)

  bool locked_ = false;
  std::uint64_t word_start_ = 0;  // stream index of the current word's first symbol
  std::uint64_t cur_ = 0;         // received bits of the current word (uninverted)
  int fill_ = 0;                  // symbols in the current word
  std::uint64_t expected_ = 0;    // prediction for the current word
  bool predicted_ = false;
  std::uint64_t good_words_ = 0;
  std::uint64_t window_symbols_ = 0;
  std::uint64_t window_errors_ = 0;

  std::uint64_t position_ = 0;
  std::uint64_t checked_ = 0;
  std::uint64_t symbol_errors_ = 0;
  std::uint64_t bit_errors_ = 0;
  std::uint64_t lock_count_ = 0;
  std::uint64_t loss_count_ = 0;
  std::optional<std::uint64_t> lock_index_;
  std::vector<SymbolError> errors_;
};

}  // namespace xpo::pam4
