#include "xpo/power/module_spec.h"

namespace xpo::power {

ModuleSpec::ModuleSpec() : seq_(regs_), ilk_(regs_.Interlock()) {}

void ModuleSpec::HostReset() {
  regs_ = RegFile();
  seq_.Reset();
  ilk_ = cooling::InterlockSpec(regs_.Interlock());
}

void ModuleSpec::Step(const ModuleInputs& in) {
  last_ = in;
  uint32_t ctrl = regs_.Get(reg::kCtrl);
  bool lowpwr = (ctrl & kCtrlLowPwrSw) || ((ctrl & kCtrlLpModePinEn) && in.lpmode_pin);
  cooling::InterlockInputs ii;
  ii.plug = in.plug;
  ii.leak = in.leak;
  ii.flow_code = in.flow_code;
  ii.inlet_code = in.inlet_code;
  ii.asic_code = in.asic_code;
  ii.vin_code = in.vin_code;
  ii.hs_pg = in.hs_pg;
  ii.hp_on = hp_on();
  ilk_.Step(ii);
  SeqInputs si;
  si.lowpwr_req = lowpwr;
  si.hs_pg = in.hs_pg;
  si.hs_fault = in.hs_fault;
  si.rail_pg = in.rail_pg;
  si.rail_fault = in.rail_fault;
  si.ilk_ok = ilk_.ilk_ok();
  si.ilk_trips = ilk_.trips();
  seq_.Step(si);
}

bool ModuleSpec::Write(uint32_t addr, uint32_t value) {
  switch (addr) {
    case reg::kFault:
      seq_.ClearFaults(value);
      ilk_.ClearTrips(value);
      return true;
    case reg::kAlarm:
      ilk_.ClearAlarms(value);
      return true;
    case reg::kRegErr:
      if (value & 1u) regs_.ClearRefused();
      return true;
    default:
      break;
  }
  bool ok = regs_.Write(addr, value, state() == ModuleState::kLowPwr);
  ilk_.SetConfig(regs_.Interlock());
  return ok;
}

bool ModuleSpec::irq() const {
  return (fault() & regs_.Get(reg::kFaultIe)) || (alarm() & regs_.Get(reg::kAlarmIe)) ||
         regs_.refused();
}

uint32_t ModuleSpec::Read(uint32_t addr) const {
  switch (addr) {
    case reg::kId:
      return reg::kIdValue;
    case reg::kStatus:
      return static_cast<uint32_t>(state()) | rail_en() << 8 | last_.rail_pg << 16 |
             static_cast<uint32_t>(ilk_.ilk_ok()) << 24 |
             static_cast<uint32_t>(ilk_.plug_db()) << 25 |
             static_cast<uint32_t>(ilk_.flow_good()) << 26 |
             static_cast<uint32_t>(ilk_.leak_f()) << 27 | static_cast<uint32_t>(last_.hs_pg) << 28 |
             static_cast<uint32_t>(valve_en()) << 29;
    case reg::kFault:
      return fault() | seq_.fault_rail() << 16 | static_cast<uint32_t>(ilk_.fault_asic()) << 20;
    case reg::kAlarm:
      return alarm();
    case reg::kRegErr:
      return static_cast<uint32_t>(regs_.refused()) | regs_.refused_addr() << 8;
    case reg::kSeqOrder:
      return regs_.Get(addr);
    case reg::kRailHp:
      return kHpMask;
    case reg::kSensFlowInlet:
      return last_.flow_code | static_cast<uint32_t>(last_.inlet_code) << 16;
    case reg::kSensAsic01:
      return last_.asic_code[0] | static_cast<uint32_t>(last_.asic_code[1]) << 16;
    case reg::kSensAsic23:
      return last_.asic_code[2] | static_cast<uint32_t>(last_.asic_code[3]) << 16;
    case reg::kSensVin:
      return last_.vin_code;
    default:
      return regs_.Get(addr);
  }
}

}  // namespace xpo::power
