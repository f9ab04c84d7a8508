// Configuration of the lane-muxing gearbox as docs/gearbox.md defines it: mode, crossbar maps
// and per-lane settings, with the validation rules of the APPLY sequencer (section 5).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xpo::gearbox {

// Elaboration parameters of the RTL (gbx_top NumMediaLanes, SymsPerClk).
struct Params {
  int num_media_lanes = 64;
  int syms_per_clk = 16;

  int num_host_lanes() const { return 2 * num_media_lanes; }
  // Outputs stay 0 for this many clock edges from a commit (section 5).
  int squelch_clocks() const { return 1 + (kMaxSkew + syms_per_clk - 1) / syms_per_clk; }
  // Edges from the APPLY write to the commit or refusal.
  int apply_latency() const { return num_host_lanes() + 1; }
  // Throws std::invalid_argument unless the values are ones the RTL accepts.
  void Check() const;

  static constexpr int kMaxSkew = 63;
};

// MODE register values. 3 is reserved (refused) but representable, as in the register.
enum class Mode : std::uint8_t { k1to1 = 0, k2to1 = 1, k1to2 = 2 };
// PRBS field values; 3 is reserved.
enum class Pattern : std::uint8_t { kOff = 0, kPrbs13q = 1, kPrbs31q = 2 };

struct LaneSettings {
  bool polarity = false;
  bool gray = false;
  bool precode = false;
  unsigned prbs = 0;  // Pattern value, 0..3 as written to the register
  unsigned skew = 0;  // 0..63

  // TX_LANE / RX_LANE register image.
  std::uint32_t ToRegister() const;
  static LaneSettings FromRegister(std::uint32_t value);
  bool operator==(const LaneSettings&) const = default;
};

enum class Direction : std::uint8_t { kTx = 0, kRx = 1 };

enum class ErrorCode : std::uint8_t {
  kNone = 0,
  kBadMode = 1,
  kOutOfRange = 2,
  kRepeated = 3,
  kBadPattern = 4
};

// CFG_ERR_INFO contents.
struct ConfigError {
  ErrorCode code = ErrorCode::kNone;
  Direction dir = Direction::kTx;
  unsigned index = 0;
  unsigned value = 0;

  std::uint32_t ToRegister() const;
  std::string Describe() const;  // e.g. "TX_MAP[5] = 3 repeats an earlier entry"
  bool operator==(const ConfigError&) const = default;
};

// The shadow registers. Sizes: maps num_host_lanes entries, lanes num_media_lanes entries.
struct Config {
  unsigned mode = 0;             // MODE register value
  std::vector<unsigned> tx_map;  // TX_MAP[t]: host lane feeding slot t
  std::vector<unsigned> rx_map;  // RX_MAP[h]: slot feeding host lane h
  std::vector<LaneSettings> tx_lane;
  std::vector<LaneSettings> rx_lane;

  // Identity maps in the given mode, every lane setting 0 (the reset state of the active
  // configuration when mode is 1:1).
  static Config Identity(const Params& params, Mode mode = Mode::k1to1);
  // The shadow registers after reset: everything 0.
  static Config ShadowReset(const Params& params);
};

// Slots (= host lanes used) of a mode; mode 3 counts as all host lanes, as in the RTL.
int NumSlots(const Params& params, unsigned mode);
bool IsInterleaved(unsigned mode);

// The first error by the rules of docs/gearbox.md section 5, or nothing when the config would
// be committed. Throws std::invalid_argument if the vectors have the wrong sizes or a value
// cannot be held by its register field.
std::optional<ConfigError> Validate(const Params& params, const Config& config);
// Validate() turned into an exception naming the entry and value.
void CheckValid(const Params& params, const Config& config);

}  // namespace xpo::gearbox
