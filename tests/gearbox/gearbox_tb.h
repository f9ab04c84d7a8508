// Block test bench of the gearbox RTL (gbx_top): an APB driver; a bus monitor that mirrors the
// shadow registers and tells the golden model about APPLY, clears and resets at the same clock
// edge as the RTL; stimulus (random host traffic, media RX random or looped back from media TX,
// optionally through the pam4 lane channel model); a scoreboard comparing every output symbol of
// every lane with xpo::gearbox::Gearbox; and a round-trip checker that, independently of the
// model, checks that every host lane comes back through the media loopback as its own stream at
// a fixed delay.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#if __has_include("Vgbx_top.h")
#include "Vgbx_top.h"
#endif
#if __has_include("Vgbx_top_w8.h")
#include "Vgbx_top_w32.h"
#include "Vgbx_top_w8.h"
#endif
#include "xpo/gearbox/gearbox.h"
#include "xpo/pam4/channel.h"
#include "xpo/tb/tb.h"

namespace xpo::gearbox::testing {

template <typename Model, int W, int M>
struct GearboxDut : tb::Dut<Model> {
  static constexpr int kW = W;
  static constexpr int kM = M;
  static constexpr int kH = 2 * M;

  GearboxDut() {
    psel_i.setImmediateValue(0);
    penable_i.setImmediateValue(0);
    pwrite_i.setImmediateValue(0);
    paddr_i.setImmediateValue(0);
    pwdata_i.setImmediateValue(0);
    for (int i = 0; i < kH; ++i) host_tx_i.setImmediateValue(i, 0);
    for (int i = 0; i < kM; ++i) media_rx_i.setImmediateValue(i, 0);
  }
  XPO_IN(clk_i, 1);
  XPO_IN(rst_ni, 1);
  XPO_IN(paddr_i, 11);
  XPO_IN(psel_i, 1);
  XPO_IN(penable_i, 1);
  XPO_IN(pwrite_i, 1);
  XPO_IN(pwdata_i, 32);
  XPO_OUT(prdata_o, 32);
  XPO_OUT(pready_o, 1);
  XPO_OUT(pslverr_o, 1);
  XPO_IN_ARRAY(host_tx_i, 2 * W, kH);
  XPO_OUT_ARRAY(media_tx_o, 2 * W, kM);
  XPO_IN_ARRAY(media_rx_i, 2 * W, kM);
  XPO_OUT_ARRAY(host_rx_o, 2 * W, kH);
};

#if __has_include("Vgbx_top.h")
using GearboxDut16 = GearboxDut<Vgbx_top, 16, 64>;
#endif
#if __has_include("Vgbx_top_w8.h")
using GearboxDut8 = GearboxDut<Vgbx_top_w8, 8, 16>;
using GearboxDut32 = GearboxDut<Vgbx_top_w32, 32, 16>;
#endif

namespace reg {
inline constexpr std::uint32_t kCtrl = 0x000, kStatus = 0x004, kErrInfo = 0x008, kMode = 0x00C,
                               kActiveMode = 0x010, kParams = 0x014, kLock = 0x020, kClear = 0x028,
                               kTxLane = 0x100, kRxLane = 0x200, kErrCnt = 0x300, kTxMap = 0x400,
                               kRxMap = 0x600;
}

inline unsigned Sym(std::uint64_t word, int k) {
  return static_cast<unsigned>(word >> (2 * k)) & 3u;
}

// The first scoreboard mismatch: which output, lane and symbol. Symbol j of the word after edge
// n (edges counted from the end of reset, the first is 1) is symbol (n - 1) * W + j.
struct Mismatch {
  std::string port;
  int lane = 0;
  std::uint64_t symbol = 0;
  unsigned expected = 0;
  unsigned got = 0;
  std::string Describe() const {
    return fmt::format("{} lane {} symbol {}: expected {}, got {}", port, lane, symbol, expected,
                       got);
  }
};

enum class Traffic { kRandom, kLoopback };

// Round-trip expectations of one host lane under a configuration (see RoundTrip below).
struct LanePath {
  int media = -1;  // media lane carrying the host lane (-1: not a round trip)
  int delay = 0;   // host symbols added by TX skew, channel skew and RX skew
  int first = 0;   // first stream symbol compared
};

template <typename D>
class GearboxTb {
 public:
  explicit GearboxTb(D& dut)
      : dut_(dut),
        params_{.num_media_lanes = D::kM, .syms_per_clk = D::kW},
        model_(params_),
        shadow_(Config::ShadowReset(params_)),
        host_(D::kH, 0),
        media_(D::kM, 0),
        log_("gbx_tb") {}
  GearboxTb(const GearboxTb&) = delete;
  GearboxTb& operator=(const GearboxTb&) = delete;
  // The monitor task can outlive this object by a step (tasks are cancelled after the test
  // returns): it stops at its next wake-up.
  ~GearboxTb() { *alive_ = false; }

  Gearbox& model() { return model_; }
  const Params& params() const { return params_; }
  std::uint64_t mismatches() const { return mismatches_; }
  const std::optional<Mismatch>& first_mismatch() const { return first_; }
  std::string FirstMismatch() const { return first_ ? first_->Describe() : "none"; }
  std::uint64_t edges() const { return edges_; }

  // Stimulus choice: random host words, media RX random or looped back from media TX.
  Traffic media_traffic = Traffic::kLoopback;
  // Corrupt one DUT output symbol as the scoreboard sees it (to prove the scoreboard fires).
  struct Corruption {
    int lane;
    std::uint64_t edge;
    int symbol;
  };
  std::optional<Corruption> corrupt_media_tx;
  // Corrupt one symbol on the media loopback (a channel error for the checkers).
  std::vector<Corruption> channel_errors;
  // Outputs before reset was first asserted (random initial values, --x-initial unique).
  std::vector<std::uint64_t> pre_reset_outputs;

  // ---- pam4 lane channel on the media loopback ----
  // One channel per media lane, fed with the lane's media TX symbols; its output drives media RX.
  // Errors the channel makes outside the noise window are undone before they reach the DUT, so
  // that the checkers can lock and be cleared on clean data and every error is accounted for.
  void AttachChannel(const std::vector<pam4::LaneImpairments>& lanes, std::uint64_t seed) {
    channels_.clear();
    for (int m = 0; m < D::kM; ++m) {
      channels_.emplace_back(lanes.at(m), seed * 1000003u + static_cast<unsigned>(m));
    }
    lane_fix_.assign(D::kM, {});
    window_errors_.assign(D::kM, {});
  }
  // Channel output position (symbols per lane so far); the same on every lane.
  std::uint64_t channel_position() const { return channel_pos_; }
  // Errors made at channel output positions [from, to) reach the DUT; all others are undone.
  void SetNoiseWindow(std::uint64_t from, std::uint64_t to) {
    win_from_ = from;
    win_to_ = to;
  }
  // Channel errors that reached media RX lane m.
  const std::vector<pam4::ChannelError>& window_errors(int m) const { return window_errors_[m]; }
  // Symbol errors a locked checker must count for those errors: one per error, or with the
  // 1/(1+D) decoder one per decoded symbol T(j) = R(j) + R(j-1) that differs, i.e. where the
  // error offsets e(j) + e(j-1) are not 0 mod 4.
  std::uint64_t ExpectedCheckerErrors(int m, bool precoded) const {
    const auto& errs = window_errors_[m];
    if (!precoded) return errs.size();
    std::vector<std::pair<std::uint64_t, unsigned>> e;  // (position, offset)
    for (const auto& x : errs) e.emplace_back(x.rx_index, (x.received - x.sent) & 3u);
    std::sort(e.begin(), e.end());
    auto offset = [&](std::uint64_t p) -> unsigned {
      auto it = std::lower_bound(e.begin(), e.end(), std::make_pair(p, 0u));
      return (it != e.end() && it->first == p) ? it->second : 0u;
    };
    std::uint64_t n = 0;
    std::uint64_t last = ~0ull;
    for (const auto& [p, off] : e) {
      for (std::uint64_t q : {p, p + 1}) {
        if (q == last) continue;
        last = q;
        if (((offset(q) + (q > 0 ? offset(q - 1) : 0u)) & 3u) != 0) ++n;
      }
      (void)off;
    }
    return n;
  }

  // ---- round-trip checker ----
  // With media TX looped back to media RX (through the channel, if any), RX_MAP the inverse of
  // TX_MAP, the same Gray/precode settings on both sides and polarity inverted an even number of
  // times, every host lane h < N comes back as its own input stream, delayed by a fixed number
  // of host symbols. From the first live output after each commit (or reset) the checker
  // compares every output symbol that comes from the configuration's stream (input symbols of
  // the edges after the commit) with that input symbol, so a lost, repeated, reordered or
  // foreign symbol is caught without the golden model. Not compared: stream symbols that the TX
  // squelch kept off the wire (the first (S - 1) * W - TX SKEW media symbols), anything older
  // still in flight in the loop (the model scoreboard checks those), and with precoding the
  // first symbol sent, which the decoder differences against the idle wire, not against the
  // precoder's previous (squelched) output.
  bool round_trip = false;
  std::uint64_t round_trip_checked() const { return rt_checked_; }
  std::uint64_t round_trip_mismatches() const { return rt_mismatches_; }
  std::string FirstRoundTripMismatch() const { return rt_first_.value_or("none"); }
  // Host symbols from the input of a host lane to its output, measured on the recorded streams
  // of the current configuration (nullopt if no delay up to `max` explains every symbol).
  std::optional<int> MeasureLatency(int h, int max = 400) const {
    const auto& out = rt_out_[h];
    const auto& in = rt_in_[h];
    for (int lat = 0; lat <= max; ++lat) {
      std::uint64_t compared = 0;
      bool ok = true;
      for (const auto& [t_out, v] : out) {
        // Absolute host-symbol times: input symbol k of the stream at (E + 1) * wh + k.
        const std::int64_t k = static_cast<std::int64_t>(t_out) - lat -
                               static_cast<std::int64_t>((rt_commit_ + 1) * rt_wh_);
        if (k < rt_path_[h].first || k >= static_cast<std::int64_t>(in.size())) continue;
        ++compared;
        if (in[k] != v) {
          ok = false;
          break;
        }
      }
      if (ok && compared >= 32) return lat;
    }
    return std::nullopt;
  }
  // The paths of the active configuration (media lane and delay per host lane).
  const std::vector<LanePath>& paths() const { return rt_path_; }

  // Starts the clock, resets, and starts the monitor/scoreboard and stimulus.
  tb::Task<> Start() {
    tb::Clock(dut_.clk_i, 10, tb::TimeUnit::kNs).start();
    dut_.rst_ni.setImmediateValue(1);
    co_await tb::NextTimeStep();
    for (int m = 0; m < D::kM; ++m) pre_reset_outputs.push_back(dut_.media_tx_o.read(m));
    for (int h = 0; h < D::kH; ++h) pre_reset_outputs.push_back(dut_.host_rx_o.read(h));
    dut_.rst_ni.write(0);
    co_await tb::ClockCycles(dut_.clk_i, 2);
    dut_.rst_ni.write(1);
    // The first edge after reset samples the inputs as they are now (all 0).
    RestartRoundTrip();
    if (round_trip) RecordInputs();
    tb::startSoon(Monitor(alive_), "gbx_monitor");
    co_await tb::ReadOnly();
  }

  tb::Task<> Cycles(int n) { co_await tb::ClockCycles(dut_.clk_i, n); }

  // Asserts reset for `cycles` clocks, from just after an edge.
  tb::Task<> PulseReset(int cycles) {
    co_await tb::RisingEdge(dut_.clk_i);
    dut_.rst_ni.write(0);
    co_await tb::ClockCycles(dut_.clk_i, cycles);
    dut_.rst_ni.write(1);
  }

  // APB3 transfers, starting after a rising edge; the access completes at the second edge.
  tb::Task<> Write(std::uint32_t addr, std::uint32_t data, bool* slverr = nullptr) {
    co_await tb::RisingEdge(dut_.clk_i);
    dut_.psel_i.write(1);
    dut_.penable_i.write(0);
    dut_.pwrite_i.write(1);
    dut_.paddr_i.write(addr);
    dut_.pwdata_i.write(data);
    co_await tb::RisingEdge(dut_.clk_i);
    dut_.penable_i.write(1);
    co_await tb::RisingEdge(dut_.clk_i);
    if (slverr) *slverr = dut_.pslverr_o.read() != 0;
    dut_.psel_i.write(0);
    dut_.penable_i.write(0);
  }
  tb::Task<std::uint32_t> Read(std::uint32_t addr, bool* slverr = nullptr) {
    co_await tb::RisingEdge(dut_.clk_i);
    dut_.psel_i.write(1);
    dut_.penable_i.write(0);
    dut_.pwrite_i.write(0);
    dut_.paddr_i.write(addr);
    co_await tb::RisingEdge(dut_.clk_i);
    dut_.penable_i.write(1);
    co_await tb::RisingEdge(dut_.clk_i);
    const auto v = static_cast<std::uint32_t>(dut_.prdata_o.read());
    if (slverr) *slverr = dut_.pslverr_o.read() != 0;
    dut_.psel_i.write(0);
    dut_.penable_i.write(0);
    co_return v;
  }

  // Writes every shadow register of `c`, then APPLY, and waits until it is no longer busy.
  tb::Task<> Configure(const Config& c) {
    co_await Write(reg::kMode, c.mode);
    for (int m = 0; m < D::kM; ++m) {
      co_await Write(reg::kTxLane + 4 * m, c.tx_lane[m].ToRegister());
      co_await Write(reg::kRxLane + 4 * m, c.rx_lane[m].ToRegister());
    }
    for (int t = 0; t < D::kH; ++t) {
      co_await Write(reg::kTxMap + 4 * t, c.tx_map[t]);
      co_await Write(reg::kRxMap + 4 * t, c.rx_map[t]);
    }
    co_await Apply();
  }

  tb::Task<> Apply() {
    co_await Write(reg::kCtrl, 1u | (cor_ ? 2u : 0u));
    // The co_await stays out of the condition (sim/check_co_await.py says why).
    for (;;) {
      const std::uint32_t status = co_await Read(reg::kStatus);
      if ((status & 1u) == 0) break;
    }
  }

 private:
  // Per edge: the inputs the edge samples go to the model (with any APB side effect), then the
  // next inputs are driven, then the outputs after the edge are compared.
  tb::Task<> Monitor(std::shared_ptr<bool> alive) {
    for (;;) {
      co_await tb::RisingEdge(dut_.clk_i);
      if (!*alive) co_return;
      if (dut_.rst_ni.read() != 0) {
        SnoopApb();
        model_.Step(host_, media_);
        ++edges_;
        if (model_.commits() != rt_commits_) {
          rt_commits_ = model_.commits();
          RestartRoundTrip();
        }
      }
      Drive();
      co_await tb::ReadOnly();
      if (!*alive) co_return;
      // The reset is asynchronous: it acts as soon as it is driven low.
      if (dut_.rst_ni.read() == 0) ResetModel();
      Compare();
      if (round_trip) CheckRoundTrip();
    }
  }

  void ResetModel() {
    model_.Reset();
    shadow_ = Config::ShadowReset(params_);
    cor_ = false;
    edges_ = 0;
    rt_commits_ = 0;
    RestartRoundTrip();
  }

  void SnoopApb() {
    if (!dut_.psel_i.read() || !dut_.penable_i.read()) return;
    const auto addr = static_cast<std::uint32_t>(dut_.paddr_i.read());
    const auto data = static_cast<std::uint32_t>(dut_.pwdata_i.read());
    if (addr & 3u) return;
    const std::uint32_t region = addr >> 8;
    const int lane = static_cast<int>((addr >> 2) & 63u);
    const int entry = static_cast<int>((addr >> 2) & 127u);
    const bool lane_ok = lane < D::kM, entry_ok = entry < D::kH;
    if (!dut_.pwrite_i.read()) {
      if (region == 3 && cor_ && lane_ok) model_.ClearCount(lane);
      return;
    }
    const bool busy = model_.busy();
    auto cfg_write = [&](auto&& apply) {
      if (busy) {
        model_.IgnoredWrite();
      } else {
        apply();
      }
    };
    if (region == 0) {
      switch (addr) {
        case reg::kCtrl:
          if (data & 1u) {
            cfg_write([&] {
              cor_ = data & 2u;
              model_.RequestApply(shadow_);
            });
          } else {
            cor_ = data & 2u;
          }
          break;
        case reg::kStatus:
          model_.WriteStatus(data);
          break;
        case reg::kMode:
          cfg_write([&] { shadow_.mode = data & 3u; });
          break;
        case reg::kClear:
        case reg::kClear + 4:
          for (int b = 0; b < 32; ++b) {
            const int l = b + (addr == reg::kClear ? 0 : 32);
            if (((data >> b) & 1u) && l < D::kM) model_.ClearCount(l);
          }
          break;
        default:
          break;
      }
    } else if (region == 1 && lane_ok) {
      cfg_write([&] { shadow_.tx_lane[lane] = LaneSettings::FromRegister(data); });
    } else if (region == 2 && lane_ok) {
      cfg_write([&] { shadow_.rx_lane[lane] = LaneSettings::FromRegister(data); });
    } else if ((region == 4 || region == 5) && entry_ok) {
      cfg_write([&] { shadow_.tx_map[entry] = data & 127u; });
    } else if ((region == 6 || region == 7) && entry_ok) {
      cfg_write([&] { shadow_.rx_map[entry] = data & 127u; });
    }
  }

  void Drive() {
    const std::uint64_t mask = model_.word_mask();
    auto& rng = dut_.rng();
    for (int h = 0; h < D::kH; ++h) {
      host_[h] = rng() & mask;
      dut_.host_tx_i.write(h, host_[h]);
    }
    for (int m = 0; m < D::kM; ++m) {
      // Read at the edge: the media TX word from before it, i.e. after the previous edge.
      std::uint64_t v = media_traffic == Traffic::kLoopback
                            ? static_cast<std::uint64_t>(dut_.media_tx_o.read(m))
                            : (rng() & mask);
      if (!channels_.empty()) v = ThroughChannel(m, v);
      for (const auto& e : channel_errors) {
        if (e.lane == m && e.edge == edges_) v ^= 1ull << (2 * e.symbol);
      }
      media_[m] = v;
      dut_.media_rx_i.write(m, v);
    }
    if (!channels_.empty()) channel_pos_ += D::kW;
    if (round_trip) RecordInputs();
  }

  std::uint64_t ThroughChannel(int m, std::uint64_t word) {
    pam4::Symbol sym[D::kW];
    for (int j = 0; j < D::kW; ++j) sym[j] = static_cast<pam4::Symbol>(Sym(word, j));
    pam4::LaneChannel& ch = channels_[m];
    ch.Process(sym, sym);
    const bool inv = ch.config().invert_polarity;
    for (const auto& e : ch.errors()) {
      if (e.rx_index >= win_from_ && e.rx_index < win_to_) {
        window_errors_[m].push_back(e);
      } else {
        lane_fix_[m].push_back({e.rx_index, inv ? pam4::Symbol(3 - e.sent) : e.sent});
      }
    }
    ch.ClearErrors();
    auto& fixes = lane_fix_[m];
    for (std::size_t i = 0; i < fixes.size();) {
      if (fixes[i].first < channel_pos_ + D::kW) {
        sym[fixes[i].first - channel_pos_] = fixes[i].second;
        fixes[i] = fixes.back();
        fixes.pop_back();
      } else {
        ++i;
      }
    }
    std::uint64_t out = 0;
    for (int j = 0; j < D::kW; ++j) out |= static_cast<std::uint64_t>(sym[j]) << (2 * j);
    return out;
  }

  void Compare() {
    for (int m = 0; m < D::kM; ++m) {
      auto got = static_cast<std::uint64_t>(dut_.media_tx_o.read(m));
      if (corrupt_media_tx && corrupt_media_tx->lane == m && corrupt_media_tx->edge == edges_) {
        got ^= 2ull << (2 * corrupt_media_tx->symbol);
      }
      Check("media_tx_o", m, got, model_.media_tx()[m]);
    }
    for (int h = 0; h < D::kH; ++h) {
      Check("host_rx_o", h, static_cast<std::uint64_t>(dut_.host_rx_o.read(h)),
            model_.host_rx()[h]);
    }
  }

  void Check(const char* port, int lane, std::uint64_t got, std::uint64_t want) {
    if (got == want) return;
    ++mismatches_;
    if (first_) return;
    for (int j = 0; j < D::kW; ++j) {
      const unsigned g = Sym(got, j), e = Sym(want, j);
      if (g != e) {
        first_ = Mismatch{port, lane,
                          (edges_ == 0 ? 0 : edges_ - 1) * D::kW + static_cast<unsigned>(j), e, g};
        break;
      }
    }
    log_.error("scoreboard: {}", first_->Describe());
  }

  // The stream of the active configuration starts at the edge after the commit (section 5).
  void RestartRoundTrip() {
    const Config& c = model_.active();
    rt_commit_ = model_.last_commit_edge();
    rt_n_ = NumSlots(params_, c.mode);
    const bool il = IsInterleaved(c.mode);
    rt_wh_ = il ? D::kW / 2 : D::kW;
    rt_in_.assign(D::kH, {});
    rt_out_.assign(D::kH, {});
    rt_path_.assign(D::kH, {});
    for (int t = 0; t < rt_n_; ++t) {
      const int h = static_cast<int>(c.tx_map[t]);
      LanePath& p = rt_path_[h];
      p.media = il ? t / 2 : t;
      const LaneSettings& tx = c.tx_lane[p.media];
      const LaneSettings& rx = c.rx_lane[p.media];
      const pam4::LaneImpairments* ch = channels_.empty() ? nullptr : &channels_[p.media].config();
      const bool ch_inv = ch && ch->invert_polarity;
      const int media_delay = static_cast<int>(tx.skew + rx.skew + (ch ? ch->skew_symbols : 0u));
      const bool matched = c.rx_map[h] == static_cast<unsigned>(t) && tx.gray == rx.gray &&
                           tx.precode == rx.precode && (tx.polarity ^ ch_inv ^ rx.polarity) == 0 &&
                           tx.prbs == 0 && rx.prbs == 0 && (!il || media_delay % 2 == 0);
      if (!matched) {
        p.media = -1;  // not a round trip: nothing to check on this host lane
        continue;
      }
      p.delay = il ? media_delay / 2 : media_delay;
      // First media symbol of the stream on the wire, then the first of this slot's phase.
      const int q0 = (params_.squelch_clocks() - 1) * D::kW - static_cast<int>(tx.skew);
      p.first = il ? (q0 - t % 2 + 1) / 2 : q0;
      if (tx.precode) ++p.first;
    }
  }

  void RecordInputs() {
    for (int h = 0; h < rt_n_; ++h) {
      for (int i = 0; i < rt_wh_; ++i)
        rt_in_[h].push_back(static_cast<std::uint8_t>(Sym(host_[h], i)));
    }
  }

  // Output after edge n >= E + S, symbol i, comes from stream word n - E - 3 (input sampled at
  // E + 1 + a reaches media TX after that edge, the monitor loops it back at the next edge and
  // RX samples it at the one after), so from stream symbol (n - E - 3) * wh + i - delay.
  void CheckRoundTrip() {
    const std::uint64_t n = edges_;
    if (n < rt_commit_ + static_cast<std::uint64_t>(params_.squelch_clocks())) return;
    if (model_.squelched()) return;
    for (int h = 0; h < rt_n_; ++h) {
      const LanePath& p = rt_path_[h];
      if (p.media < 0) continue;
      const auto word = static_cast<std::uint64_t>(dut_.host_rx_o.read(h));
      for (int i = 0; i < rt_wh_; ++i) {
        const std::int64_t k =
            (static_cast<std::int64_t>(n - rt_commit_) - 3) * rt_wh_ + i - p.delay;
        const auto v = static_cast<std::uint8_t>(Sym(word, i));
        rt_out_[h].emplace_back(n * rt_wh_ + i, v);
        if (k < p.first) continue;
        ++rt_checked_;
        const std::uint8_t want = rt_in_[h][k];
        if (v == want) continue;
        ++rt_mismatches_;
        if (!rt_first_) {
          rt_first_ = fmt::format(
              "host lane {} (media lane {}) after edge {}: symbol {} of the stream is {}, "
              "expected {} (stream started after edge {})",
              h, p.media, n, k, v, want, rt_commit_);
          log_.error("round trip: {}", *rt_first_);
        }
      }
    }
  }

  D& dut_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  Params params_;
  Gearbox model_;
  Config shadow_;
  bool cor_ = false;
  std::vector<std::uint64_t> host_, media_;
  std::uint64_t edges_ = 0;
  std::uint64_t mismatches_ = 0;
  std::optional<Mismatch> first_;
  tb::Logger log_;

  std::vector<pam4::LaneChannel> channels_;
  std::vector<std::vector<std::pair<std::uint64_t, pam4::Symbol>>> lane_fix_;
  std::vector<std::vector<pam4::ChannelError>> window_errors_;
  std::uint64_t channel_pos_ = 0;
  std::uint64_t win_from_ = 0, win_to_ = 0;

  std::uint64_t rt_commits_ = 0;
  std::uint64_t rt_commit_ = 0;
  int rt_n_ = 0;
  int rt_wh_ = 0;
  std::vector<LanePath> rt_path_;
  std::vector<std::vector<std::uint8_t>> rt_in_;
  std::vector<std::vector<std::pair<std::uint64_t, std::uint8_t>>> rt_out_;
  std::uint64_t rt_checked_ = 0;
  std::uint64_t rt_mismatches_ = 0;
  std::optional<std::string> rt_first_;
};

}  // namespace xpo::gearbox::testing
