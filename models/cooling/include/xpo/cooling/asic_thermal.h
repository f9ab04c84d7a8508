// Junction temperature of one ASIC (DSP or optical engine) on a liquid cold plate: a first-order
// thermal model T_ss = T_coolant + P * R_th(Q), dT/dt = (T_ss - T) / tau, where the convective
// part of R_th scales with flow as h ~ v^0.8 (Dittus-Boelter).
#pragma once

namespace xpo::cooling {

struct AsicThermalParams {
  double r_cond_kw = 0.15;  // die to cold plate, K/W
  double r_conv_kw = 0.26;  // cold plate to coolant at q_nom_lpm, K/W
  double q_nom_lpm = 0.75;
  double r_max_kw = 3.0;  // stagnant coolant
  double tau_us = 500000.0;
  void Validate() const;
};

class AsicThermal {
 public:
  AsicThermal(const AsicThermalParams& params, double t_init_c);
  double RthKw(double lpm) const;
  double SteadyC(double power_w, double coolant_c, double lpm) const;
  // Exact exponential update over dt for inputs held constant during dt.
  void Step(double dt_us, double power_w, double coolant_c, double lpm);
  double temp_c() const { return t_; }

 private:
  AsicThermalParams p_;
  double t_;
};

}  // namespace xpo::cooling
