// Register map of the power sequencer and cooling interlock page (docs/power.md §4): offsets,
// reset values and allowed ranges, and a register file with the page's write semantics
// (range-checked configuration, W1C status) for the golden models and the tests.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string_view>

#include "xpo/cooling/interlock_spec.h"

namespace xpo::power {

inline constexpr int kNumRails = 5;
inline constexpr uint32_t kHpMask = 0x1E;

namespace reg {
inline constexpr uint32_t kId = 0x00, kCtrl = 0x04, kStatus = 0x08, kFault = 0x0C, kAlarm = 0x10,
                          kFaultIe = 0x14, kAlarmIe = 0x18, kRegErr = 0x1C, kSeqOrder = 0x20,
                          kRailHp = 0x24, kSeqDelayUs = 0x28, kPdnDelayUs = 0x2C,
                          kPgTimeoutUs0 = 0x30, kCoolWaitUs = 0x44, kClassW = 0x48, kRailW0 = 0x4C,
                          kPlugDebUs = 0x60, kFlowSettleUs = 0x64, kFlowGraceUs = 0x68,
                          kLeakFiltUs = 0x6C, kOtFiltUs = 0x70, kFlowMin = 0x74, kFlowWarn = 0x78,
                          kAsicOtTrip = 0x7C, kAsicOtWarn = 0x80, kInletMax = 0x84,
                          kInletWarn = 0x88, kVinLowWarn = 0x8C, kVinHighWarn = 0x90,
                          kSensFlowInlet = 0x94, kSensAsic01 = 0x98, kSensAsic23 = 0x9C,
                          kSensVin = 0xA0;
inline constexpr uint32_t kIdValue = 0x50570001;
inline constexpr uint32_t PgTimeoutUs(int r) { return kPgTimeoutUs0 + 4u * r; }
inline constexpr uint32_t RailW(int r) { return kRailW0 + 4u * r; }
}  // namespace reg

// FAULT bits owned by the sequencer; the interlock's are xpo::cooling::kFault*.
inline constexpr uint32_t kFaultPgTimeout = 1u << 0;
inline constexpr uint32_t kFaultPgLost = 1u << 1;
inline constexpr uint32_t kFaultRailOc = 1u << 2;
inline constexpr uint32_t kFaultBudget = 1u << 3;
inline constexpr uint32_t kFaultHs = 1u << 4;
inline constexpr uint32_t kFaultInputLost = 1u << 5;
inline constexpr uint32_t kFaultCoolTimeout = 1u << 6;
inline constexpr uint32_t kSeqFaultMask = 0x7F;
inline constexpr uint32_t kRailFaultMask =
    kFaultPgTimeout | kFaultPgLost | kFaultRailOc | kFaultBudget | kFaultCoolTimeout;
inline constexpr uint32_t kFaultMask = kSeqFaultMask | cooling::kTripMask;
inline constexpr uint32_t kAlarmMask = 0x1F;
inline constexpr uint32_t kCtrlLowPwrSw = 1u << 0;
inline constexpr uint32_t kCtrlLpModePinEn = 1u << 1;

struct CfgReg {
  uint32_t addr;
  std::string_view name;
  uint32_t reset;
  uint32_t min;
  uint32_t max;          // for a bit mask register: the writable bits
  bool bitmask = false;  // allowed = no bit outside max, rather than min <= v <= max
  bool Allows(uint32_t v) const { return bitmask ? (v & ~max) == 0 : v >= min && v <= max; }
};

// Every range-checked read-write register (SEQ_ORDER has its own permutation rule).
std::span<const CfgReg> CfgRegs();
const CfgReg* FindCfg(uint32_t addr);
bool IsSeqOrderValid(uint32_t value);
uint32_t SeqOrderSlot(uint32_t value, int k);

// Register file with the page's write rules, minus the live status. Write returns false when the
// bus would answer pslverr (unmapped, read-only, out of range), mirroring the RTL contract.
class RegFile {
 public:
  RegFile();
  bool Write(uint32_t addr, uint32_t value, bool in_low_pwr = true);
  uint32_t Get(uint32_t addr) const;  // configuration registers only; throws otherwise
  bool refused() const { return refused_; }
  uint32_t refused_addr() const { return refused_addr_; }
  void ClearRefused() { refused_ = false; }
  cooling::InterlockConfig Interlock() const;

 private:
  std::map<uint32_t, uint32_t> v_;
  bool refused_ = false;
  uint32_t refused_addr_ = 0;
};

}  // namespace xpo::power
