// Lane channel model for 224G PAM-4 media lanes: the transmitted symbols go through post-cursor
// ISI and additive white Gaussian noise into a three-threshold slicer, then burst errors, a
// polarity (P/N) swap and a static skew; a bundle of lanes adds a lane swap (permutation). Every
// corrupted symbol is reported, so a checker's counts can be matched exactly.
//
// SNR is Es/sigma^2 with Es = 5, the mean energy of the levels -3, -1, +1, +3 (see docs/pam4.md).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "xpo/pam4/rng.h"
#include "xpo/pam4/symbols.h"

namespace xpo::pam4 {

inline constexpr std::uint32_t kMaxSkewSymbols = 4096;
inline constexpr std::size_t kMaxIsiTaps = 64;

struct Burst {
  std::uint64_t start;   // transmitted-symbol index
  std::uint32_t length;  // symbols, every one replaced by a different symbol
};

struct LaneImpairments {
  std::optional<double> snr_db;  // AWGN at this SNR; none = noiseless
  // Post-cursor taps h1, h2, ... relative to a main cursor of 1: y(n) = x(n) + sum h_k x(n-k).
  std::vector<double> isi_taps;
  std::uint32_t skew_symbols = 0;  // static delay, 0..kMaxSkewSymbols
  Symbol skew_fill = 0;            // what comes out of the lane before the delayed data
  bool invert_polarity = false;
  std::vector<Burst> bursts;  // fixed bursts, any order, may overlap
  double burst_rate = 0.0;    // probability per symbol that a random burst starts
  std::uint32_t burst_length = 0;
  // Draw a noise sample for every symbol instead of only where the eye margin can be crossed.
  // Same statistics, much slower; there to cross-check the fast path.
  bool per_symbol_noise = false;
};

struct ChannelError {
  enum class Cause : std::uint8_t { kNoise, kBurst };
  std::uint64_t tx_index;  // index of the transmitted symbol
  std::uint64_t rx_index;  // where it leaves the lane: tx_index + skew
  Symbol sent;
  Symbol received;  // slicer decision before the polarity swap (same domain as `sent`)
  Cause cause;
};

// Validates and throws std::invalid_argument naming the field (and lane, when given).
void ValidateImpairments(const LaneImpairments& cfg, int lane = -1);

class LaneChannel {
 public:
  LaneChannel(const LaneImpairments& config, std::uint64_t seed);

  // out[i] is the lane output for the i-th symbol of this call; sizes must match. `out` may be
  // the same memory as `in`. State (ISI memory, skew line, noise and burst positions) carries
  // over, and results do not depend on how a stream is cut into calls.
  void Process(std::span<const Symbol> in, std::span<Symbol> out);

  std::uint64_t position() const { return position_; }
  std::uint64_t errors_injected() const { return injected_; }
  // Every corrupted symbol in tx_index order, up to the log limit (all are counted).
  const std::vector<ChannelError>& errors() const { return log_; }
  void ClearErrors() { log_.clear(); }
  void set_log_limit(std::size_t limit) { log_limit_ = limit; }
  const LaneImpairments& config() const { return config_; }
  double noise_sigma() const { return sigma_; }

 private:
  void Decide(std::span<const Symbol> in, Symbol* work);
  void ApplyBursts(std::span<const Symbol> in, Symbol* work);
  void Record(std::uint64_t tx, Symbol sent, Symbol got, ChannelError::Cause cause);
  double TailSample();

  LaneImpairments config_;
  double sigma_ = 0.0;
  // Worst-case distance from a level (with ISI) to its nearest threshold: 1 - 3 sum |h_k|. Only
  // |n| > margin_ can move a decision.
  double margin_ = 1.0;
  bool sparse_ = true;
  double tail_prob_ = 0.0;  // P(|n| > margin_)
  double log1m_tail_ = 0.0;
  Rng noise_rng_;
  Rng burst_rng_;               // random burst positions
  Rng burst_value_rng_;         // replacement symbols
  std::size_t fixed_next_ = 0;  // first fixed burst that may still be active
  std::uint64_t position_ = 0;
  std::uint64_t next_event_ = 0;  // next tx index with |n| > 1 (fast path)
  std::uint64_t next_burst_ = 0;  // next random burst start
  std::uint64_t burst_end_ = 0;   // end of the random burst in progress
  std::vector<double> isi_hist_;  // levels before the current span, most recent first
  std::vector<Symbol> work_;
  std::vector<Symbol> delay_;  // skew line
  std::vector<std::uint8_t> in_burst_;
  std::vector<ChannelError> pending_;
  std::vector<ChannelError> log_;
  std::size_t log_limit_ = std::size_t{1} << 22;
  std::uint64_t injected_ = 0;
};

struct BundleConfig {
  std::vector<LaneImpairments> lanes;
  // lane_map[i] is the output lane that input lane i arrives on; empty means straight through.
  std::vector<std::uint32_t> lane_map;
};

// A bundle of lanes (e.g. 64 media lanes) with per-lane impairments and a lane swap.
class LaneBundle {
 public:
  LaneBundle(const BundleConfig& config, std::uint64_t seed);
  void Process(std::span<const std::span<const Symbol>> in, std::span<const std::span<Symbol>> out);
  std::size_t num_lanes() const { return lanes_.size(); }
  LaneChannel& lane(std::size_t i) { return lanes_.at(i); }
  const LaneChannel& lane(std::size_t i) const { return lanes_.at(i); }
  const std::vector<std::uint32_t>& lane_map() const { return map_; }

 private:
  std::vector<LaneChannel> lanes_;
  std::vector<std::uint32_t> map_;
  std::vector<Symbol> scratch_;
};

}  // namespace xpo::pam4
