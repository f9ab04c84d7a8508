#include "xpo/cooling/asic_thermal.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace xpo::cooling {

void AsicThermalParams::Validate() const {
  if (!(r_cond_kw >= 0.0) || !(r_conv_kw >= 0.0) || !(r_max_kw > 0.0) ||
      r_max_kw < r_cond_kw + r_conv_kw) {
    throw std::invalid_argument(
        fmt::format("AsicThermalParams resistances must satisfy r_cond, r_conv >= 0 and "
                    "r_max >= r_cond + r_conv, got r_cond {} r_conv {} r_max {}",
                    r_cond_kw, r_conv_kw, r_max_kw));
  }
  if (!(q_nom_lpm > 0.0) || !(tau_us > 0.0)) {
    throw std::invalid_argument(fmt::format(
        "AsicThermalParams q_nom_lpm ({}) and tau_us ({}) must be > 0", q_nom_lpm, tau_us));
  }
}

AsicThermal::AsicThermal(const AsicThermalParams& params, double t_init_c)
    : p_(params), t_(t_init_c) {
  p_.Validate();
}

double AsicThermal::RthKw(double lpm) const {
  if (lpm <= 0.0) return p_.r_max_kw;
  double r = p_.r_cond_kw + p_.r_conv_kw * std::pow(p_.q_nom_lpm / lpm, 0.8);
  return std::min(r, p_.r_max_kw);
}

double AsicThermal::SteadyC(double power_w, double coolant_c, double lpm) const {
  return coolant_c + power_w * RthKw(lpm);
}

void AsicThermal::Step(double dt_us, double power_w, double coolant_c, double lpm) {
  if (!(dt_us >= 0.0)) {
    throw std::invalid_argument(fmt::format("AsicThermal::Step dt_us {} < 0", dt_us));
  }
  double tss = SteadyC(power_w, coolant_c, lpm);
  t_ = tss + (t_ - tss) * std::exp(-dt_us / p_.tau_us);
}

}  // namespace xpo::cooling
