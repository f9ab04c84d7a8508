#include "xpo/gearbox/gearbox.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace xpo::gearbox {
namespace {

using u128 = detail::Uint128;

constexpr std::uint64_t kLo = 0x5555'5555'5555'5555ull;

std::uint64_t LowMask(int bits) { return bits >= 64 ? ~0ull : (1ull << bits) - 1ull; }

pam4::PrbsPolynomial Polynomial(unsigned pattern) {
  return pattern == 1 ? pam4::PrbsPolynomial::kPrbs13 : pam4::PrbsPolynomial::kPrbs31;
}

constexpr int kLockWords = 4;  // docs/gearbox.md section 4
constexpr int kLossWords = 4;

}  // namespace

std::uint64_t SpreadSymbols(std::uint64_t x) {
  x &= 0xFFFF'FFFFull;
  x = (x | (x << 16)) & 0x0000'FFFF'0000'FFFFull;
  x = (x | (x << 8)) & 0x00FF'00FF'00FF'00FFull;
  x = (x | (x << 4)) & 0x0F0F'0F0F'0F0F'0F0Full;
  x = (x | (x << 2)) & 0x3333'3333'3333'3333ull;
  return x;
}

std::uint64_t CompactSymbols(std::uint64_t x) {
  x &= 0x3333'3333'3333'3333ull;
  x = (x | (x >> 2)) & 0x0F0F'0F0F'0F0F'0F0Full;
  x = (x | (x >> 4)) & 0x00FF'00FF'00FF'00FFull;
  x = (x | (x >> 8)) & 0x0000'FFFF'0000'FFFFull;
  x = (x | (x >> 16)) & 0xFFFF'FFFFull;
  return x;
}

Gearbox::Gearbox(Params params) : params_(params) {
  params_.Check();
  m_ = params_.num_media_lanes;
  h_ = params_.num_host_lanes();
  w_ = params_.syms_per_clk;
  mask_ = LowMask(2 * w_);
  half_mask_ = LowMask(w_);
  lo_ = kLo & mask_;
  Reset();
}

Gearbox::Gearbox(Params params, const Config& active) : Gearbox(params) {
  CheckValid(params_, active);
  active_ = active;
  Flush();
}

void Gearbox::Reset() {
  active_ = Config::Identity(params_);
  tx_.assign(m_, TxLane{});
  rx_.assign(m_, RxLane{});
  media_tx_.assign(m_, 0);
  host_rx_.assign(h_, 0);
  slot_.assign(m_, 0);
  pending_.reset();
  decide_edge_ = 0;
  edge_ = 0;
  commit_edge_ = 0;
  commits_ = 0;
  sq_ = params_.squelch_clocks() - 1;
  squelched_ = true;
  cfg_err_ = false;
  wr_ignored_ = false;
  err_info_ = {};
  Flush();
}

void Gearbox::Flush() {
  for (int m = 0; m < m_; ++m) {
    TxLane& t = tx_[m];
    const unsigned p = active_.tx_lane[m].prbs;
    t.gen.reset();
    if (p == 1 || p == 2) t.gen.emplace(Polynomial(p));
    t.pre = 0;
    t.hist = 0;
    RxLane& r = rx_[m];
    r.dec = 0;
    r.hist = 0;
    const std::uint32_t count = r.chk.count;
    const bool clear = r.chk.clear;
    r.chk = Checker{};
    r.chk.count = count;
    r.chk.clear = clear;
  }
}

bool Gearbox::RequestApply(const Config& shadow) {
  Validate(params_, shadow);  // throws only on malformed vectors
  if (pending_) {
    wr_ignored_ = true;
    return false;
  }
  pending_ = shadow;
  decide_edge_ = edge_ + static_cast<std::uint64_t>(params_.apply_latency());
  return true;
}

void Gearbox::ClearCount(int media_lane) {
  if (media_lane < 0 || media_lane >= m_) {
    throw std::out_of_range(
        fmt::format("gearbox: ClearCount lane {} not in 0..{}", media_lane, m_ - 1));
  }
  rx_[media_lane].chk.clear = true;
}

std::uint64_t Gearbox::Skew(u128& hist, std::uint64_t word, unsigned d) const {
  std::uint64_t out = word;
  if (d != 0) {
    out =
        static_cast<std::uint64_t>((static_cast<u128>(word) << (2 * d)) | (hist >> (128 - 2 * d))) &
        mask_;
  }
  hist = (hist >> (2 * w_)) | (static_cast<u128>(word) << (128 - 2 * w_));
  return out;
}

std::uint64_t Gearbox::Precode(unsigned& state, std::uint64_t word) const {
  std::uint64_t out = 0;
  unsigned p = state;
  for (int j = 0; j < w_; ++j) {
    p = (static_cast<unsigned>(word >> (2 * j)) - p) & 3u;
    out |= static_cast<std::uint64_t>(p) << (2 * j);
  }
  state = p;
  return out;
}

std::uint64_t Gearbox::Decode(unsigned& state, std::uint64_t word) const {
  std::uint64_t out = 0;
  unsigned r = state;
  for (int j = 0; j < w_; ++j) {
    const unsigned cur = static_cast<unsigned>(word >> (2 * j)) & 3u;
    out |= static_cast<std::uint64_t>((cur + r) & 3u) << (2 * j);
    r = cur;
  }
  state = r;
  return out;
}

std::uint64_t Gearbox::PrbsWord(pam4::PrbsGenerator& gen) const {
  const std::uint64_t q = gen.NextBits(2 * w_);
  // Bit 2j (A, sent first) becomes the symbol's MSB, then Gray: {A, B} -> {A, A ^ B}.
  const std::uint64_t swapped = ((q & lo_) << 1) | ((q >> 1) & lo_);
  return Gray(swapped);
}

void Gearbox::Check(Checker& c, unsigned pattern, std::uint64_t word, bool hold) const {
  const bool run = !hold && (pattern == 1 || pattern == 2);
  std::uint32_t base = c.clear ? 0u : c.count;
  c.clear = false;
  if (!run) {
    c.win = 0;
    c.locked = false;
    c.good = c.bad = 0;
    c.count = base;
    return;
  }
  const int nb = 2 * w_;
  const auto& spec = pam4::GetPrbsSpec(Polynomial(pattern));
  const std::uint64_t hi = (word >> 1) & lo_;
  std::uint64_t bits = hi | ((hi ^ (word & lo_)) << 1);
  if (spec.inverted) bits ^= mask_;

  std::uint64_t pred = 0;
  if (!c.locked) {
    const u128 full = (static_cast<u128>(bits) << 64) | c.win;
    for (int i = 0; i < spec.num_exponents; ++i) {
      pred ^= static_cast<std::uint64_t>(full >> (64 - spec.exponents[i]));
    }
    pred &= mask_;
  } else {
    const int chunk = spec.exponents[0];
    std::uint64_t s = c.win;
    for (int k0 = 0; k0 < nb; k0 += chunk) {
      const int n = std::min(chunk, nb - k0);
      std::uint64_t v = 0;
      for (int i = 0; i < spec.num_exponents; ++i) v ^= s >> (64 - spec.exponents[i]);
      v &= LowMask(n);
      pred |= v << k0;
      s = (n == 64) ? v : ((s >> n) | (v << (64 - n)));
    }
  }
  const std::uint64_t diff = pred ^ bits;
  const int errs = std::popcount((diff | (diff >> 1)) & lo_);
  const std::uint64_t next = c.locked ? pred : bits;
  c.win = static_cast<std::uint64_t>(((static_cast<u128>(next) << 64) | c.win) >> nb);

  if (c.locked) {
    const std::uint64_t sum = static_cast<std::uint64_t>(base) + static_cast<unsigned>(errs);
    base = sum > 0xFFFF'FFFFull ? 0xFFFF'FFFFu : static_cast<std::uint32_t>(sum);
    c.bad = errs > w_ / 4 ? c.bad + 1 : 0;
    if (c.bad == kLossWords) {
      c.locked = false;
      c.good = c.bad = 0;
    }
  } else {
    c.good = errs == 0 ? c.good + 1 : 0;
    if (c.good == kLockWords) {
      c.locked = true;
      c.good = c.bad = 0;
    }
  }
  c.count = base;
}

void Gearbox::Step(std::span<const std::uint64_t> host_tx,
                   std::span<const std::uint64_t> media_rx) {
  if (host_tx.size() != static_cast<std::size_t>(h_) ||
      media_rx.size() != static_cast<std::size_t>(m_)) {
    throw std::invalid_argument(
        fmt::format("gearbox Step: got {} host and {} media words, expected {} and {}",
                    host_tx.size(), media_rx.size(), h_, m_));
  }
  if (pending_ && edge_ == decide_edge_) {
    const auto err = Validate(params_, *pending_);
    if (err) {
      cfg_err_ = true;
      err_info_ = *err;
      pending_.reset();
    } else {
      active_ = *pending_;
      pending_.reset();
      Flush();
      std::fill(media_tx_.begin(), media_tx_.end(), 0);
      std::fill(host_rx_.begin(), host_rx_.end(), 0);
      for (auto& r : rx_) {
        if (r.chk.clear) r.chk.count = 0;
        r.chk.clear = false;
      }
      sq_ = params_.squelch_clocks() - 1;
      squelched_ = true;
      ++edge_;
      commit_edge_ = edge_;
      ++commits_;
      return;
    }
  }

  const bool sq = sq_ > 0;
  const unsigned mode = active_.mode;
  const bool il = IsInterleaved(mode);
  const int n = NumSlots(params_, mode);
  const int used_media = mode == 2 ? m_ / 2 : m_;
  const unsigned idx_mask = static_cast<unsigned>(h_ - 1);

  // Host to media.
  for (int m = 0; m < m_; ++m) {
    if (m >= used_media) {
      media_tx_[m] = 0;
      continue;
    }
    std::uint64_t x;
    if (!il) {
      x = host_tx[active_.tx_map[m] & idx_mask] & mask_;
    } else {
      const std::size_t even = std::size_t{2} * static_cast<std::size_t>(m);
      x = SpreadSymbols(host_tx[active_.tx_map[even] & idx_mask] & half_mask_) |
          (SpreadSymbols(host_tx[active_.tx_map[even + 1] & idx_mask] & half_mask_) << 2);
      x &= mask_;
    }
    const LaneSettings& s = active_.tx_lane[m];
    TxLane& t = tx_[m];
    if (s.gray) x = Gray(x);
    if (t.gen) x = PrbsWord(*t.gen);
    if (s.precode) x = Precode(t.pre, x);
    if (s.polarity) x ^= mask_;
    x = Skew(t.hist, x, s.skew);
    media_tx_[m] = sq ? 0 : x;
  }

  // Media to host.
  for (int m = 0; m < m_; ++m) {
    const LaneSettings& s = active_.rx_lane[m];
    RxLane& r = rx_[m];
    std::uint64_t z = Skew(r.hist, media_rx[m] & mask_, s.skew);
    if (s.polarity) z ^= mask_;
    if (s.precode) z = Decode(r.dec, z);
    Check(r.chk, s.prbs, z, sq);
    if (s.gray) z = Gray(z);
    slot_[m] = z;
  }
  for (int h = 0; h < h_; ++h) {
    std::uint64_t v = 0;
    if (!sq && h < n) {
      const unsigned src = active_.rx_map[h] & idx_mask;
      v = il ? CompactSymbols(slot_[src >> 1] >> (2 * (src & 1u))) & half_mask_ : slot_[src];
    }
    host_rx_[h] = v;
  }

  if (sq_ > 0) --sq_;
  squelched_ = sq;
  ++edge_;
}

}  // namespace xpo::gearbox
