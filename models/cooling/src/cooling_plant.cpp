#include "xpo/cooling/cooling_plant.h"

#include <fmt/format.h>

#include <stdexcept>

#include "xpo/cooling/codes.h"

namespace xpo::cooling {

AsicThermalParams DspThermal() { return AsicThermalParams{}; }

AsicThermalParams OeThermal() {
  AsicThermalParams p;
  p.r_cond_kw = 0.25;
  p.r_conv_kw = 0.35;
  p.tau_us = 300000.0;
  return p;
}

CoolingPlant::CoolingPlant(const CoolingPlantParams& params, uint64_t seed, bool mated)
    : plug_(params.plug, seed, mated),
      valve_(params.valve_stroke_us),
      flow_(params.flow),
      coolant_(params.coolant),
      asic_{AsicThermal(params.asic[0], params.coolant.inlet_c),
            AsicThermal(params.asic[1], params.coolant.inlet_c),
            AsicThermal(params.asic[2], params.coolant.inlet_c),
            AsicThermal(params.asic[3], params.coolant.inlet_c)} {}

AsicThermal& CoolingPlant::asic(int i) {
  if (i < 0 || i >= kNumAsics) {
    throw std::out_of_range(
        fmt::format("CoolingPlant::asic index {} not in 0..{}", i, kNumAsics - 1));
  }
  return asic_[i];
}

const AsicThermal& CoolingPlant::asic(int i) const {
  return const_cast<CoolingPlant*>(this)->asic(i);
}

void CoolingPlant::Step(double dt_us, bool valve_cmd, const std::array<double, kNumAsics>& asic_w,
                        double total_w) {
  if (!(dt_us >= 0.0)) {
    throw std::invalid_argument(fmt::format("CoolingPlant::Step dt_us {} < 0", dt_us));
  }
  plug_.Step(dt_us);
  valve_.Step(dt_us, valve_cmd);
  flow_.Step(dt_us, valve_.position(), plug_.mated());
  leak_.Step(dt_us);
  double q = flow_.lpm();
  double tc = coolant_.MeanC(total_w, q);
  for (int i = 0; i < kNumAsics; ++i) asic_[i].Step(dt_us, asic_w[i], tc, q);
  now_us_ += dt_us;
}

void CoolingPlant::StickSensor(Sensor s, uint16_t code) {
  if (code > kCodeMax) {
    throw std::invalid_argument(fmt::format("StickSensor code {:#x} exceeds 12 bits", code));
  }
  stuck_.at(static_cast<size_t>(s)) = code;
}

void CoolingPlant::UnstickSensor(Sensor s) { stuck_.at(static_cast<size_t>(s)).reset(); }

uint16_t CoolingPlant::Read(Sensor s, uint16_t live) const {
  const auto& st = stuck_[static_cast<size_t>(s)];
  return st ? *st : live;
}

uint16_t CoolingPlant::flow_code() const { return Read(Sensor::kFlow, FlowToCode(flow_.lpm())); }

uint16_t CoolingPlant::inlet_code() const {
  return Read(Sensor::kInlet, TempToCode(coolant_.inlet_c()));
}

uint16_t CoolingPlant::asic_code(int i) const {
  return Read(static_cast<Sensor>(static_cast<int>(Sensor::kAsic0) + i),
              TempToCode(asic(i).temp_c()));
}

}  // namespace xpo::cooling
