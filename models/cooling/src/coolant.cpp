#include "xpo/cooling/coolant.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace xpo::cooling {

void CoolantParams::Validate() const {
  if (!(inlet_c > -40.0 && inlet_c < 100.0)) {
    throw std::invalid_argument(
        fmt::format("CoolantParams.inlet_c must be in -40..100 degC, got {}", inlet_c));
  }
  if (!(cp_j_per_kgk > 0.0) || !(rho_kg_per_l > 0.0) || !(min_lpm > 0.0)) {
    throw std::invalid_argument(fmt::format(
        "CoolantParams cp_j_per_kgk ({}), rho_kg_per_l ({}) and min_lpm ({}) must be > 0",
        cp_j_per_kgk, rho_kg_per_l, min_lpm));
  }
}

Coolant::Coolant(const CoolantParams& params) : p_(params) { p_.Validate(); }

void Coolant::SetInlet(double celsius) {
  CoolantParams p = p_;
  p.inlet_c = celsius;
  p.Validate();
  p_ = p;
}

double Coolant::RiseK(double power_w, double lpm) const {
  double kg_per_s = p_.rho_kg_per_l * std::max(lpm, p_.min_lpm) / 60.0;
  return std::max(power_w, 0.0) / (kg_per_s * p_.cp_j_per_kgk);
}

double Coolant::FlowForLpm(double power_w, double rise_k) const {
  if (!(rise_k > 0.0)) {
    throw std::invalid_argument(
        fmt::format("Coolant::FlowForLpm rise_k must be > 0, got {}", rise_k));
  }
  return power_w / (p_.rho_kg_per_l * p_.cp_j_per_kgk * rise_k) * 60.0;
}

}  // namespace xpo::cooling
