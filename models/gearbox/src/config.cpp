#include "xpo/gearbox/config.h"

#include <fmt/format.h>

#include <stdexcept>

namespace xpo::gearbox {
namespace {

const char* DirName(Direction d) { return d == Direction::kTx ? "TX" : "RX"; }

void CheckSize(std::size_t got, int want, const char* what) {
  if (got != static_cast<std::size_t>(want)) {
    throw std::invalid_argument(
        fmt::format("gearbox config: {} has {} entries, expected {}", what, got, want));
  }
}

}  // namespace

void Params::Check() const {
  const int m = num_media_lanes;
  if (m < 2 || m > 64 || (m & (m - 1)) != 0) {
    throw std::invalid_argument(
        fmt::format("gearbox params: num_media_lanes = {} must be a power of two in 2..64", m));
  }
  if (syms_per_clk < 2 || syms_per_clk > 32 || syms_per_clk % 2 != 0) {
    throw std::invalid_argument(
        fmt::format("gearbox params: syms_per_clk = {} must be even, 2..32", syms_per_clk));
  }
}

std::uint32_t LaneSettings::ToRegister() const {
  return (polarity ? 1u : 0u) | (gray ? 2u : 0u) | (precode ? 4u : 0u) | ((prbs & 3u) << 4) |
         ((skew & 63u) << 8);
}

LaneSettings LaneSettings::FromRegister(std::uint32_t v) {
  LaneSettings s;
  s.polarity = v & 1u;
  s.gray = (v >> 1) & 1u;
  s.precode = (v >> 2) & 1u;
  s.prbs = (v >> 4) & 3u;
  s.skew = (v >> 8) & 63u;
  return s;
}

std::uint32_t ConfigError::ToRegister() const {
  return static_cast<std::uint32_t>(code) | (static_cast<std::uint32_t>(dir) << 4) |
         ((index & 0x7Fu) << 8) | ((value & 0x7Fu) << 16);
}

std::string ConfigError::Describe() const {
  switch (code) {
    case ErrorCode::kNone:
      return "no error";
    case ErrorCode::kBadMode:
      return fmt::format("MODE = {} is reserved", value);
    case ErrorCode::kOutOfRange:
      return fmt::format("{}_MAP[{}] = {} is out of range for the mode", DirName(dir), index,
                         value);
    case ErrorCode::kRepeated:
      return fmt::format("{}_MAP[{}] = {} repeats an earlier entry (not a permutation)",
                         DirName(dir), index, value);
    case ErrorCode::kBadPattern:
      return fmt::format("{}_LANE[{}].PRBS = {} is reserved", DirName(dir), index, value);
  }
  return "unknown error";
}

Config Config::Identity(const Params& params, Mode mode) {
  Config c = ShadowReset(params);
  c.mode = static_cast<unsigned>(mode);
  for (int i = 0; i < params.num_host_lanes(); ++i) {
    c.tx_map[i] = static_cast<unsigned>(i);
    c.rx_map[i] = static_cast<unsigned>(i);
  }
  return c;
}

Config Config::ShadowReset(const Params& params) {
  params.Check();
  Config c;
  c.tx_map.assign(params.num_host_lanes(), 0);
  c.rx_map.assign(params.num_host_lanes(), 0);
  c.tx_lane.assign(params.num_media_lanes, {});
  c.rx_lane.assign(params.num_media_lanes, {});
  return c;
}

bool IsInterleaved(unsigned mode) { return mode == 1 || mode == 2; }

int NumSlots(const Params& params, unsigned mode) {
  switch (mode) {
    case 0:
    case 2:
      return params.num_media_lanes;
    default:
      return params.num_host_lanes();
  }
}

std::optional<ConfigError> Validate(const Params& params, const Config& c) {
  params.Check();
  const int h = params.num_host_lanes();
  const int m = params.num_media_lanes;
  CheckSize(c.tx_map.size(), h, "TX_MAP");
  CheckSize(c.rx_map.size(), h, "RX_MAP");
  CheckSize(c.tx_lane.size(), m, "TX_LANE");
  CheckSize(c.rx_lane.size(), m, "RX_LANE");
  if (c.mode > 3) {
    throw std::invalid_argument(
        fmt::format("gearbox config: MODE = {} does not fit 2 bits", c.mode));
  }
  auto check_field = [](unsigned v, unsigned max, const char* what, int i) {
    if (v > max) {
      throw std::invalid_argument(fmt::format(
          "gearbox config: {}[{}] = {} does not fit its field (max {})", what, i, v, max));
    }
  };
  for (int i = 0; i < h; ++i) {
    check_field(c.tx_map[i], 127, "TX_MAP", i);
    check_field(c.rx_map[i], 127, "RX_MAP", i);
  }
  for (int i = 0; i < m; ++i) {
    check_field(c.tx_lane[i].prbs, 3, "TX_LANE.PRBS", i);
    check_field(c.rx_lane[i].prbs, 3, "RX_LANE.PRBS", i);
    check_field(c.tx_lane[i].skew, 63, "TX_LANE.SKEW", i);
    check_field(c.rx_lane[i].skew, 63, "RX_LANE.SKEW", i);
  }

  if (c.mode == 3) return ConfigError{ErrorCode::kBadMode, Direction::kTx, 0, 3};
  const unsigned n = static_cast<unsigned>(NumSlots(params, c.mode));
  std::vector<bool> seen_tx(h, false), seen_rx(h, false);
  for (unsigned i = 0; i < static_cast<unsigned>(h); ++i) {
    const bool in_use = i < n;
    const unsigned tv = c.tx_map[i], rv = c.rx_map[i];
    if (in_use && tv >= n) return ConfigError{ErrorCode::kOutOfRange, Direction::kTx, i, tv};
    if (in_use && seen_tx[tv]) return ConfigError{ErrorCode::kRepeated, Direction::kTx, i, tv};
    if (in_use && rv >= n) return ConfigError{ErrorCode::kOutOfRange, Direction::kRx, i, rv};
    if (in_use && seen_rx[rv]) return ConfigError{ErrorCode::kRepeated, Direction::kRx, i, rv};
    if (i < static_cast<unsigned>(m) && c.tx_lane[i].prbs == 3) {
      return ConfigError{ErrorCode::kBadPattern, Direction::kTx, i, 3};
    }
    if (i < static_cast<unsigned>(m) && c.rx_lane[i].prbs == 3) {
      return ConfigError{ErrorCode::kBadPattern, Direction::kRx, i, 3};
    }
    if (in_use) {
      seen_tx[tv] = true;
      seen_rx[rv] = true;
    }
  }
  return std::nullopt;
}

void CheckValid(const Params& params, const Config& config) {
  if (auto err = Validate(params, config)) {
    throw std::invalid_argument("gearbox config refused: " + err->Describe());
  }
}

}  // namespace xpo::gearbox
