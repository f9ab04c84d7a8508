// The cooling side of one XPO module as the control FPGA sees it: the blind-mate plug with its
// mate-detect contact, the isolation valve, coolant flow, inlet temperature, four ASICs (two DSPs,
// two optical engines) on cold plates, a leak rope, and the digitized sensor codes
// (docs/power.md §1, docs/cooling.md §4), with sensors that can be stuck.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "xpo/cooling/asic_thermal.h"
#include "xpo/cooling/coolant.h"
#include "xpo/cooling/flow.h"
#include "xpo/cooling/leak_sensor.h"
#include "xpo/cooling/plug.h"
#include "xpo/cooling/valve.h"

namespace xpo::cooling {

inline constexpr int kNumAsics = 4;
enum class Sensor { kFlow, kInlet, kAsic0, kAsic1, kAsic2, kAsic3 };
inline constexpr int kNumSensors = 6;

AsicThermalParams DspThermal();
AsicThermalParams OeThermal();

struct CoolingPlantParams {
  PlugParams plug;
  double valve_stroke_us = 10000.0;
  FlowParams flow;
  CoolantParams coolant;
  std::array<AsicThermalParams, kNumAsics> asic = {DspThermal(), DspThermal(), OeThermal(),
                                                   OeThermal()};
};

class CoolingPlant {
 public:
  CoolingPlant(const CoolingPlantParams& params, uint64_t seed, bool mated = true);

  // Advances dt_us with the valve command from the FPGA and the heat the powered parts dissipate
  // (per ASIC, and the whole module's load for the coolant rise).
  void Step(double dt_us, bool valve_cmd, const std::array<double, kNumAsics>& asic_w,
            double total_w);

  void StickSensor(Sensor s, uint16_t code);
  void UnstickSensor(Sensor s);

  Plug& plug() { return plug_; }
  Valve& valve() { return valve_; }
  Flow& flow() { return flow_; }
  Coolant& coolant() { return coolant_; }
  LeakSensor& leak() { return leak_; }
  AsicThermal& asic(int i);
  const AsicThermal& asic(int i) const;
  double now_us() const { return now_us_; }

  uint16_t flow_code() const;
  uint16_t inlet_code() const;
  uint16_t asic_code(int i) const;
  bool plug_contact() const { return plug_.contact(); }
  bool leak_wet() const { return leak_.wet(); }

 private:
  uint16_t Read(Sensor s, uint16_t live) const;

  Plug plug_;
  Valve valve_;
  Flow flow_;
  Coolant coolant_;
  LeakSensor leak_;
  std::array<AsicThermal, kNumAsics> asic_;
  std::array<std::optional<uint16_t>, kNumSensors> stuck_;
  double now_us_ = 0.0;
};

}  // namespace xpo::cooling
