#include "xpo/cooling/interlock_spec.h"

#include "xpo/cooling/codes.h"

namespace xpo::cooling {
namespace {
bool TempCodeBad(uint16_t code) { return code == 0 || code == kCodeMax; }
}  // namespace

bool InterlockSpec::ilk_ok() const {
  return plug_db_ && flow_good_ && !leak_f_ && inlet_ok_ && (trips_ & kTripMask) == 0;
}

void InterlockSpec::Step(const InterlockInputs& in) {
  // Debounce: the contact must differ from the debounced value continuously for the time.
  if (in.plug != plug_db_) {
    if (plug_cnt_ >= cfg_.plug_deb_us) {
      plug_db_ = in.plug;
      plug_cnt_ = 0;
    } else {
      ++plug_cnt_;
    }
  } else {
    plug_cnt_ = 0;
  }

  bool flow_ok = in.flow_code >= cfg_.flow_min;
  flow_good_ = flow_settle_.Step(flow_ok, cfg_.flow_settle_us);
  leak_f_ = leak_filt_.Step(in.leak, cfg_.leak_filt_us);
  inlet_ok_ = in.inlet_code <= cfg_.inlet_max;

  uint32_t set = 0;
  if (leak_f_) set |= kFaultLeak;
  int first_hot = -1;
  for (int i = 0; i < kNumAsics; ++i) {
    if (asic_ot_[i].Step(in.asic_code[i] > cfg_.asic_ot_trip, cfg_.ot_filt_us) && first_hot < 0) {
      first_hot = i;
    }
  }
  if (first_hot >= 0) {
    set |= kFaultAsicOt;
    if (!(trips_ & kFaultAsicOt)) fault_asic_ = first_hot;
  }
  bool bad = false;
  for (int i = 0; i < kNumAsics; ++i) {
    bad |= sensor_bad_[2 + i].Step(TempCodeBad(in.asic_code[i]), cfg_.ot_filt_us);
  }
  bad |= sensor_bad_[1].Step(TempCodeBad(in.inlet_code), cfg_.ot_filt_us);
  bad |= sensor_bad_[0].Step(in.flow_code == kCodeMax, cfg_.ot_filt_us);
  if (bad) set |= kFaultSensor;
  if (flow_grace_.Step(in.hp_on && !flow_ok, cfg_.flow_grace_us)) set |= kFaultFlowLoss;
  if (inlet_ot_.Step(in.hp_on && in.inlet_code > cfg_.inlet_max, cfg_.ot_filt_us)) {
    set |= kFaultInletOt;
  }
  if (in.hp_on && !plug_db_) set |= kFaultPlugLoss;
  trips_ |= set;

  uint32_t warn = 0;
  for (int i = 0; i < kNumAsics; ++i) {
    if (in.asic_code[i] > cfg_.asic_ot_warn) warn |= kAlarmAsicWarn;
  }
  if (in.inlet_code > cfg_.inlet_warn) warn |= kAlarmInletWarn;
  if (in.hp_on && in.flow_code < cfg_.flow_warn) warn |= kAlarmFlowWarn;
  if (in.hs_pg && in.vin_code < cfg_.vin_low_warn) warn |= kAlarmVinLow;
  if (in.vin_code > cfg_.vin_high_warn) warn |= kAlarmVinHigh;
  alarms_ |= warn;
}

}  // namespace xpo::cooling
