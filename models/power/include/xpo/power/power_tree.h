// The power tree of one XPO module: input bus, hot-swap, point-of-load rails and the loads they
// feed (DSP ASICs, optical engines, lasers, management), with the reference rail set of
// docs/power.md §2.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "xpo/power/hot_swap.h"
#include "xpo/power/input_supply.h"
#include "xpo/power/rail.h"

namespace xpo::power {

inline constexpr int kNumAsics = 4;  // DSP0, DSP1, OE0, OE1

struct PowerTreeParams {
  double vin = 48.0;
  HotSwapParams hot_swap;
  std::vector<RailParams> rails;
  // asic_share[i][r]: fraction of rail r's load dissipated in ASIC i.
  std::vector<std::array<double, kNumAsics>> asic_share;  // indexed by rail
  void Validate() const;
};

std::vector<RailParams> ReferenceRails();
PowerTreeParams ReferencePowerTree(double vin = 48.0, double class_w = 480.0);

uint16_t VinToCode(double volts);  // 20 mV per code, 12 bits, saturating

class PowerTree {
 public:
  explicit PowerTree(const PowerTreeParams& params);
  void Step(double dt_us, uint32_t rail_en);

  InputSupply& input() { return input_; }
  HotSwap& hot_swap() { return hs_; }
  Rail& rail(int r);
  int num_rails() const { return static_cast<int>(rails_.size()); }
  uint32_t pg_mask() const;
  uint32_t fault_mask() const;
  double total_load_w() const;
  double AsicPowerW(int i) const;
  std::array<double, kNumAsics> AsicPowers() const;
  uint16_t vin_code() const { return VinToCode(input_.voltage()); }
  double now_us() const { return input_.now_us(); }

 private:
  PowerTreeParams p_;
  InputSupply input_;
  HotSwap hs_;
  std::vector<Rail> rails_;
};

}  // namespace xpo::power
