// Golden model of the lane-muxing gearbox (rtl/gearbox, gbx_top), written from
// docs/gearbox.md: crossbar and 2:1 / 1:2 symbol interleave, per-lane Gray, PRBS13Q/31Q
// generators and checkers, 1/(1+D) precoder, polarity and skew in both directions, the APPLY
// sequencer with validation, squelch and the checker counters, exact to the clock edge.
//
// Lane words are packed like the RTL's: symbol k (k = 0 earliest) in bits [2k+1:2k] of a
// uint64_t, W = syms_per_clk symbols (half-rate host words use the low W/2 symbols).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "xpo/gearbox/config.h"
#include "xpo/pam4/prbs.h"

namespace xpo::gearbox {
namespace detail {
__extension__ typedef unsigned __int128 Uint128;  // GCC/Clang builtin, 64 symbols of history
}  // namespace detail

class Gearbox {
 public:
  // The state right after reset: active = Config::Identity(1:1), shadow = all 0, squelched.
  explicit Gearbox(Params params = {});
  // Reset, then the given configuration active (as if applied and its squelch already
  // counted from reset). Throws std::invalid_argument naming the bad entry if it is invalid.
  Gearbox(Params params, const Config& active);

  void Reset();

  // The APPLY write, at the edge that the next Step() models. Returns false (and sets the
  // sticky WR_IGNORED, as the RTL does) when an apply is already being validated.
  bool RequestApply(const Config& shadow);
  // Clear the checker counter of a media lane at the edge that the next Step() models
  // (a CHK_CLEAR write, or a CHK_ERRCNT read with ERRCNT_COR).
  void ClearCount(int media_lane);

  // One rising clock edge: host_tx has num_host_lanes words, media_rx num_media_lanes words,
  // sampled at this edge. Outputs after the edge are in media_tx() and host_rx().
  void Step(std::span<const std::uint64_t> host_tx, std::span<const std::uint64_t> media_rx);

  std::span<const std::uint64_t> media_tx() const { return media_tx_; }
  std::span<const std::uint64_t> host_rx() const { return host_rx_; }

  // Status, as the registers read after the last edge.
  const Params& params() const { return params_; }
  const Config& active() const { return active_; }
  bool busy() const { return pending_.has_value(); }
  bool squelched() const { return squelched_; }
  bool cfg_err() const { return cfg_err_; }
  bool wr_ignored() const { return wr_ignored_; }
  const ConfigError& err_info() const { return err_info_; }
  // A STATUS write: bit 2 clears CFG_ERR, bit 3 WR_IGNORED (a refusal at the same edge wins).
  void WriteStatus(std::uint32_t value) {
    if (value & 4u) cfg_err_ = false;
    if (value & 8u) wr_ignored_ = false;
  }
  // A configuration write that arrived while busy and was ignored.
  void IgnoredWrite() { wr_ignored_ = true; }
  bool lock(int media_lane) const { return rx_[media_lane].chk.locked; }
  std::uint32_t count(int media_lane) const { return rx_[media_lane].chk.count; }
  std::uint64_t edges() const { return edge_; }
  // edges() right after the last commit (0 after reset, which restarts every stream too): the
  // new configuration's streams start with the inputs of edge last_commit_edge() + 1.
  std::uint64_t last_commit_edge() const { return commit_edge_; }
  std::uint64_t commits() const { return commits_; }

  // Symbols per word for full-rate lanes and its bit mask.
  int syms() const { return w_; }
  std::uint64_t word_mask() const { return mask_; }

 private:
  struct Checker {
    std::uint64_t win = 0;  // received / predicted history, newest bit at bit 63
    bool locked = false;
    int good = 0;
    int bad = 0;
    std::uint32_t count = 0;
    bool clear = false;
  };
  struct TxLane {
    std::optional<pam4::PrbsGenerator> gen;
    unsigned pre = 0;          // precoder state P(j-1)
    detail::Uint128 hist = 0;  // skew history, newest symbol at the top
  };
  struct RxLane {
    unsigned dec = 0;  // decoder state R(j-1)
    detail::Uint128 hist = 0;
    Checker chk;
  };

  void Flush();
  void Commit(const Config& c);
  std::uint64_t Skew(detail::Uint128& hist, std::uint64_t word, unsigned d) const;
  std::uint64_t Precode(unsigned& state, std::uint64_t word) const;
  std::uint64_t Decode(unsigned& state, std::uint64_t word) const;
  std::uint64_t PrbsWord(pam4::PrbsGenerator& gen) const;
  void Check(Checker& c, unsigned pattern, std::uint64_t word, bool hold) const;
  std::uint64_t Gray(std::uint64_t x) const { return x ^ ((x >> 1) & lo_); }

  Params params_;
  int m_, h_, w_;
  std::uint64_t mask_, lo_, half_mask_;
  Config active_;
  std::vector<TxLane> tx_;
  std::vector<RxLane> rx_;
  std::vector<std::uint64_t> media_tx_, host_rx_, slot_;
  std::optional<Config> pending_;
  std::uint64_t decide_edge_ = 0;
  std::uint64_t edge_ = 0;
  std::uint64_t commit_edge_ = 0;
  std::uint64_t commits_ = 0;
  int sq_ = 0;
  bool squelched_ = true;
  bool cfg_err_ = false;
  bool wr_ignored_ = false;
  ConfigError err_info_;
};

// Symbol-interleave helpers (exposed for tests and benches): Spread puts symbol i of a
// half word at symbol 2i of a full word; Compact is its inverse on the even symbols.
std::uint64_t SpreadSymbols(std::uint64_t half);
std::uint64_t CompactSymbols(std::uint64_t word);

}  // namespace xpo::gearbox
