#include "xpo/power/regs.h"

#include <fmt/format.h>

#include <array>
#include <stdexcept>

namespace xpo::power {
namespace {
using namespace reg;
constexpr uint32_t TempCode(int celsius) { return static_cast<uint32_t>((celsius + 64) * 16); }
constexpr uint32_t VinCode(int volts) { return static_cast<uint32_t>(volts * 50); }

constexpr std::array<CfgReg, 30> kAll = {{
    {kCtrl, "CTRL", 0x3, 0, 0x3, true},
    {kFaultIe, "FAULT_IE", 0x3F7F, 0, 0x3F7F, true},
    {kAlarmIe, "ALARM_IE", 0x1F, 0, 0x1F, true},
    {kSeqDelayUs, "SEQ_DELAY_US", 500, 0, 100000},
    {kPdnDelayUs, "PDN_DELAY_US", 200, 0, 100000},
    {PgTimeoutUs(0), "PG_TIMEOUT_US0", 10000, 100, 1000000},
    {PgTimeoutUs(1), "PG_TIMEOUT_US1", 10000, 100, 1000000},
    {PgTimeoutUs(2), "PG_TIMEOUT_US2", 10000, 100, 1000000},
    {PgTimeoutUs(3), "PG_TIMEOUT_US3", 10000, 100, 1000000},
    {PgTimeoutUs(4), "PG_TIMEOUT_US4", 10000, 100, 1000000},
    {kCoolWaitUs, "COOL_WAIT_US", 1000000, 1000, 10000000},
    {kClassW, "CLASS_W", 400, 50, 480},
    {RailW(0), "RAIL_W0", 10, 0, 480},
    {RailW(1), "RAIL_W1", 200, 0, 480},
    {RailW(2), "RAIL_W2", 40, 0, 480},
    {RailW(3), "RAIL_W3", 80, 0, 480},
    {RailW(4), "RAIL_W4", 60, 0, 480},
    {kPlugDebUs, "PLUG_DEB_US", 5000, 100, 100000},
    {kFlowSettleUs, "FLOW_SETTLE_US", 50000, 0, 1000000},
    {kFlowGraceUs, "FLOW_GRACE_US", 50000, 0, 200000},
    {kLeakFiltUs, "LEAK_FILT_US", 100, 0, 990},
    {kOtFiltUs, "OT_FILT_US", 100, 0, 990},
    {kFlowMin, "FLOW_MIN", 500, 100, 4000},
    {kFlowWarn, "FLOW_WARN", 600, 100, 4000},
    {kAsicOtTrip, "ASIC_OT_TRIP", TempCode(105), TempCode(40), TempCode(125)},
    {kAsicOtWarn, "ASIC_OT_WARN", TempCode(95), TempCode(40), TempCode(125)},
    {kInletMax, "INLET_MAX", TempCode(45), TempCode(10), TempCode(60)},
    {kInletWarn, "INLET_WARN", TempCode(40), TempCode(10), TempCode(60)},
    {kVinLowWarn, "VIN_LOW_WARN", VinCode(42), VinCode(35), VinCode(60)},
    {kVinHighWarn, "VIN_HIGH_WARN", VinCode(58), VinCode(40), VinCode(64)},
}};
constexpr uint32_t kSeqOrderReset = 0 | 1 << 3 | 2 << 6 | 3 << 9 | 4 << 12;
}  // namespace

std::span<const CfgReg> CfgRegs() { return kAll; }

const CfgReg* FindCfg(uint32_t addr) {
  for (const auto& c : kAll) {
    if (c.addr == addr) return &c;
  }
  return nullptr;
}

uint32_t SeqOrderSlot(uint32_t value, int k) { return (value >> (3 * k)) & 7u; }

bool IsSeqOrderValid(uint32_t value) {
  if (value >> (3 * kNumRails)) return false;
  uint32_t seen = 0;
  for (int k = 0; k < kNumRails; ++k) {
    uint32_t r = SeqOrderSlot(value, k);
    if (r >= kNumRails || (seen >> r & 1u)) return false;
    seen |= 1u << r;
  }
  return true;
}

RegFile::RegFile() {
  for (const auto& c : kAll) v_[c.addr] = c.reset;
  v_[kSeqOrder] = kSeqOrderReset;
}

bool RegFile::Write(uint32_t addr, uint32_t value, bool in_low_pwr) {
  bool ok;
  if (addr == kSeqOrder) {
    ok = in_low_pwr && IsSeqOrderValid(value);
  } else if (const CfgReg* c = FindCfg(addr)) {
    ok = c->Allows(value);
  } else if (addr == kFault || addr == kAlarm || addr == kRegErr) {
    return true;  // W1C registers live with their owners (specs, RTL)
  } else {
    return false;  // read-only or unmapped: pslverr, not flagged as a refused configuration
  }
  if (ok) {
    v_[addr] = value;
  } else {
    refused_ = true;
    refused_addr_ = addr;
  }
  return ok;
}

uint32_t RegFile::Get(uint32_t addr) const {
  auto it = v_.find(addr);
  if (it == v_.end()) {
    throw std::out_of_range(
        fmt::format("RegFile::Get: {:#04x} is not a configuration register", addr));
  }
  return it->second;
}

cooling::InterlockConfig RegFile::Interlock() const {
  cooling::InterlockConfig c;
  c.plug_deb_us = Get(kPlugDebUs);
  c.flow_settle_us = Get(kFlowSettleUs);
  c.flow_grace_us = Get(kFlowGraceUs);
  c.leak_filt_us = Get(kLeakFiltUs);
  c.ot_filt_us = Get(kOtFiltUs);
  c.flow_min = Get(kFlowMin);
  c.flow_warn = Get(kFlowWarn);
  c.asic_ot_trip = Get(kAsicOtTrip);
  c.asic_ot_warn = Get(kAsicOtWarn);
  c.inlet_max = Get(kInletMax);
  c.inlet_warn = Get(kInletWarn);
  c.vin_low_warn = Get(kVinLowWarn);
  c.vin_high_warn = Get(kVinHighWarn);
  return c;
}

}  // namespace xpo::power
