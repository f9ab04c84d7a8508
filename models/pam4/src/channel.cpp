#include "xpo/pam4/channel.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "xpo/pam4/analytic.h"

namespace xpo::pam4 {
namespace {

constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();

std::string LaneName(int lane) { return lane < 0 ? "lane" : fmt::format("lane {}", lane); }

inline Symbol Slice(double y) { return static_cast<Symbol>((y >= -2.0) + (y >= 0.0) + (y >= 2.0)); }

// Trials until the first success of probability p, minus one (0, 1, 2, ...).
std::uint64_t Geometric(Rng& rng, double log1m_p) {
  if (log1m_p == 0.0) return kNever;
  const double g = std::floor(std::log(rng.UniformOpen0()) / log1m_p);
  return g >= 4.0e18 ? kNever / 2 : static_cast<std::uint64_t>(g);
}

std::uint64_t SaturatingAdd(std::uint64_t a, std::uint64_t b) {
  return a > kNever - b ? kNever : a + b;
}

}  // namespace

void ValidateImpairments(const LaneImpairments& cfg, int lane) {
  const std::string who = LaneName(lane);
  if (cfg.snr_db && !std::isfinite(*cfg.snr_db)) {
    throw std::invalid_argument(fmt::format("{}: snr_db must be finite, got {}", who, *cfg.snr_db));
  }
  if (cfg.isi_taps.size() > kMaxIsiTaps) {
    throw std::invalid_argument(fmt::format("{}: {} ISI taps, at most {} supported", who,
                                            cfg.isi_taps.size(), kMaxIsiTaps));
  }
  for (std::size_t k = 0; k < cfg.isi_taps.size(); ++k) {
    if (!std::isfinite(cfg.isi_taps[k])) {
      throw std::invalid_argument(fmt::format("{}: ISI tap h{} is not finite", who, k + 1));
    }
  }
  if (cfg.skew_symbols > kMaxSkewSymbols) {
    throw std::invalid_argument(fmt::format("{}: skew {} symbols exceeds the limit of {}", who,
                                            cfg.skew_symbols, kMaxSkewSymbols));
  }
  CheckSymbol(cfg.skew_fill, "skew_fill");
  if (!(cfg.burst_rate >= 0.0 && cfg.burst_rate < 1.0)) {
    throw std::invalid_argument(
        fmt::format("{}: burst_rate must be in [0, 1), got {}", who, cfg.burst_rate));
  }
  if (cfg.burst_rate > 0.0 && cfg.burst_length == 0) {
    throw std::invalid_argument(fmt::format("{}: burst_rate set but burst_length is 0", who));
  }
  for (const Burst& b : cfg.bursts) {
    if (b.length == 0) {
      throw std::invalid_argument(fmt::format("{}: burst at symbol {} has length 0", who, b.start));
    }
  }
}

LaneChannel::LaneChannel(const LaneImpairments& config, std::uint64_t seed)
    : config_(config),
      noise_rng_(seed),
      burst_rng_(seed ^ 0xB5297A4D3F84D5B5ull),
      burst_value_rng_(seed ^ 0x68E31DA4C8F2B7E1ull) {
  ValidateImpairments(config_);
  std::sort(config_.bursts.begin(), config_.bursts.end(),
            [](const Burst& a, const Burst& b) { return a.start < b.start; });
  double isi_sum = 0.0;
  for (double h : config_.isi_taps) isi_sum += std::fabs(h);
  margin_ = 1.0 - 3.0 * isi_sum;
  sparse_ = margin_ > 0.0 && !config_.per_symbol_noise;
  if (config_.snr_db) sigma_ = NoiseSigmaForSnrDb(*config_.snr_db);
  if (sparse_ && sigma_ > 0.0) {
    tail_prob_ = std::erfc(margin_ / (sigma_ * std::sqrt(2.0)));
    log1m_tail_ = std::log1p(-tail_prob_);
  }
  next_event_ = Geometric(noise_rng_, log1m_tail_);
  next_burst_ =
      config_.burst_rate > 0.0 ? Geometric(burst_rng_, std::log1p(-config_.burst_rate)) : kNever;
  isi_hist_.assign(config_.isi_taps.size(), 0.0);
  delay_.assign(config_.skew_symbols, config_.skew_fill);
}

double LaneChannel::TailSample() {
  // Standard normal conditioned on |z| > a, a = margin / sigma.
  const double a = margin_ / sigma_;
  if (a < 1.0) {
    double z;
    do {
      z = noise_rng_.Normal();
    } while (std::fabs(z) <= a);
    return z;
  }
  // Robert (1995): exponential proposal for the one-sided tail, then a random sign.
  const double lambda = 0.5 * (a + std::sqrt(a * a + 4.0));
  double z;
  for (;;) {
    z = a - std::log(noise_rng_.UniformOpen0()) / lambda;
    const double d = z - lambda;
    if (std::log(noise_rng_.UniformOpen0()) <= -0.5 * d * d) break;
  }
  return (noise_rng_.Next() & 1u) ? -z : z;
}

void LaneChannel::Record(std::uint64_t tx, Symbol sent, Symbol got, ChannelError::Cause cause) {
  pending_.push_back({tx, tx + config_.skew_symbols, sent, got, cause});
}

void LaneChannel::Decide(std::span<const Symbol> in, Symbol* work) {
  const std::size_t n = in.size();
  const std::uint64_t base = position_;
  const bool bursts = !in_burst_.empty();
  const std::size_t taps = config_.isi_taps.size();
  const double* h = config_.isi_taps.data();
  if (sparse_) {
    if (work != in.data()) std::memcpy(work, in.data(), n);
    // Only |noise| > margin can cross a threshold, so jumping straight to those symbols and
    // drawing the noise conditioned on that is exact and costs nothing in between.
    const std::uint64_t end = base + n;
    while (next_event_ < end) {
      const std::size_t j = static_cast<std::size_t>(next_event_ - base);
      const Symbol s = in[j];
      double y = 2.0 * s - 3.0;
      for (std::size_t k = 0; k < taps; ++k) {
        y += h[k] * (j > k ? 2.0 * in[j - 1 - k] - 3.0 : isi_hist_[k - j]);
      }
      const Symbol d = Slice(y + sigma_ * TailSample());
      if (d != s) {
        work[j] = d;
        if (!bursts || !in_burst_[j]) Record(next_event_, s, d, ChannelError::Cause::kNoise);
      }
      next_event_ = SaturatingAdd(next_event_ + 1, Geometric(noise_rng_, log1m_tail_));
    }
    // Keep the last levels for the ISI of the next span.
    if (taps > 0) {
      if (n >= taps) {
        for (std::size_t k = 0; k < taps; ++k) isi_hist_[k] = 2.0 * in[n - 1 - k] - 3.0;
      } else {
        for (std::size_t k = taps; k-- > n;) isi_hist_[k] = isi_hist_[k - n];
        for (std::size_t k = 0; k < n; ++k) isi_hist_[k] = 2.0 * in[n - 1 - k] - 3.0;
      }
    }
    return;
  }
  double* hist = isi_hist_.data();
  for (std::size_t j = 0; j < n; ++j) {
    const Symbol s = in[j];
    const double x = 2.0 * s - 3.0;
    double y = x;
    for (std::size_t k = 0; k < taps; ++k) y += h[k] * hist[k];
    if (sigma_ > 0.0) y += sigma_ * noise_rng_.Normal();
    if (taps > 0) {
      for (std::size_t k = taps - 1; k > 0; --k) hist[k] = hist[k - 1];
      hist[0] = x;
    }
    const Symbol d = Slice(y);
    work[j] = d;
    if (d != s && (!bursts || !in_burst_[j])) {
      Record(base + j, s, d, ChannelError::Cause::kNoise);
    }
  }
}

void LaneChannel::ApplyBursts(std::span<const Symbol> in, Symbol* work) {
  const std::uint64_t base = position_;
  for (std::size_t j = 0; j < in.size(); ++j) {
    if (!in_burst_[j]) continue;
    const Symbol d = static_cast<Symbol>((in[j] + 1 + burst_value_rng_.Below(3)) & 3u);
    work[j] = d;
    Record(base + j, in[j], d, ChannelError::Cause::kBurst);
  }
}

void LaneChannel::Process(std::span<const Symbol> in, std::span<Symbol> out) {
  if (in.size() != out.size()) {
    throw std::invalid_argument(
        fmt::format("LaneChannel::Process: {} input symbols but {} output", in.size(), out.size()));
  }
  CheckSymbols(in, "LaneChannel input");
  const std::size_t n = in.size();
  if (n == 0) return;
  const std::uint64_t base = position_;
  const std::uint64_t end = base + n;

  // Which symbols fall in a burst: fixed bursts, then random ones (which never overlap each
  // other; each starts after the previous one ended).
  const bool any_bursts = !config_.bursts.empty() || config_.burst_rate > 0.0;
  if (any_bursts) {
    in_burst_.assign(n, 0);
    auto mark = [&](std::uint64_t from, std::uint64_t to) {
      from = std::max(from, base);
      to = std::min(to, end);
      for (std::uint64_t k = from; k < to; ++k) in_burst_[k - base] = 1;
    };
    while (fixed_next_ < config_.bursts.size() &&
           config_.bursts[fixed_next_].start + config_.bursts[fixed_next_].length <= base) {
      ++fixed_next_;
    }
    for (std::size_t b = fixed_next_; b < config_.bursts.size(); ++b) {
      const Burst& burst = config_.bursts[b];
      if (burst.start >= end) break;
      mark(burst.start, burst.start + burst.length);
    }
    mark(base, burst_end_);
    while (next_burst_ < end) {
      burst_end_ = next_burst_ + config_.burst_length;
      mark(next_burst_, burst_end_);
      next_burst_ =
          SaturatingAdd(burst_end_, Geometric(burst_rng_, std::log1p(-config_.burst_rate)));
    }
  } else {
    in_burst_.clear();
  }

  // Decide straight into `out` unless a delay line sits behind the slicer, or `out` is `in` and
  // bursts or ISI still need the sent symbols after decisions were written.
  const std::size_t skew = config_.skew_symbols;
  const bool aliased = out.data() == in.data();
  const bool direct = skew == 0 && (!aliased || (!any_bursts && config_.isi_taps.empty()));
  Symbol* work = out.data();
  if (!direct) {
    work_.resize(n);
    work = work_.data();
  }
  Decide(in, work);
  if (any_bursts) ApplyBursts(in, work);

  if (!pending_.empty()) {
    std::sort(pending_.begin(), pending_.end(),
              [](const ChannelError& a, const ChannelError& b) { return a.tx_index < b.tx_index; });
    injected_ += pending_.size();
    for (const ChannelError& e : pending_) {
      if (log_.size() < log_limit_) log_.push_back(e);
    }
    pending_.clear();
  }

  if (config_.invert_polarity) {
    for (std::size_t j = 0; j < n; ++j) work[j] = static_cast<Symbol>(3 - work[j]);
  }

  Symbol* o = out.data();
  if (direct) {
    // already in place
  } else if (skew == 0) {
    std::memcpy(o, work, n);
  } else if (n >= skew) {
    std::memcpy(o, delay_.data(), skew);
    std::memcpy(o + skew, work, n - skew);
    std::memcpy(delay_.data(), work + n - skew, skew);
  } else {
    std::memcpy(o, delay_.data(), n);
    std::memmove(delay_.data(), delay_.data() + n, skew - n);
    std::memcpy(delay_.data() + skew - n, work, n);
  }
  position_ = end;
}

// ---------------------------------------------------------------------------------------------

LaneBundle::LaneBundle(const BundleConfig& config, std::uint64_t seed) {
  const std::size_t n = config.lanes.size();
  if (n == 0) throw std::invalid_argument("LaneBundle: no lanes configured");
  if (config.lane_map.empty()) {
    map_.resize(n);
    std::iota(map_.begin(), map_.end(), 0u);
  } else {
    if (config.lane_map.size() != n) {
      throw std::invalid_argument(fmt::format("LaneBundle: lane_map has {} entries for {} lanes",
                                              config.lane_map.size(), n));
    }
    std::vector<bool> seen(n, false);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t to = config.lane_map[i];
      if (to >= n) {
        throw std::invalid_argument(
            fmt::format("LaneBundle: lane_map[{}] = {} is out of range for {} lanes", i, to, n));
      }
      if (seen[to]) {
        throw std::invalid_argument(fmt::format(
            "LaneBundle: lane_map is not a permutation, output lane {} used twice", to));
      }
      seen[to] = true;
    }
    map_ = config.lane_map;
  }
  lanes_.reserve(n);
  std::uint64_t sm = seed;
  for (std::size_t i = 0; i < n; ++i) {
    ValidateImpairments(config.lanes[i], static_cast<int>(i));
    lanes_.emplace_back(config.lanes[i], SplitMix64(sm));
  }
}

void LaneBundle::Process(std::span<const std::span<const Symbol>> in,
                         std::span<const std::span<Symbol>> out) {
  const std::size_t n = lanes_.size();
  if (in.size() != n || out.size() != n) {
    throw std::invalid_argument(
        fmt::format("LaneBundle::Process: got {} input and {} output lanes, configured for {}",
                    in.size(), out.size(), n));
  }
  const std::size_t len = in[0].size();
  for (std::size_t i = 0; i < n; ++i) {
    if (in[i].size() != len || out[i].size() != len) {
      throw std::invalid_argument(fmt::format(
          "LaneBundle::Process: lane {} has {} input / {} output symbols, lane 0 has {}", i,
          in[i].size(), out[i].size(), len));
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    CheckSymbols(in[i], fmt::format("LaneBundle input lane {}", i).c_str());
  }
  // Through a scratch copy so that outputs may alias inputs whatever the lane map.
  scratch_.resize(n * len);
  for (std::size_t i = 0; i < n; ++i) {
    lanes_[i].Process(in[i], std::span<Symbol>(scratch_.data() + i * len, len));
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (len) std::memcpy(out[map_[i]].data(), scratch_.data() + i * len, len);
  }
}

}  // namespace xpo::pam4
