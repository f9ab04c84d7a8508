// The coolant entering the module (facility water-glycol loop): its inlet temperature and the
// mean temperature it reaches in the cold plates, from P = rho * Q * cp * dT.
#pragma once

namespace xpo::cooling {

struct CoolantParams {
  double inlet_c = 35.0;         // facility supply temperature
  double cp_j_per_kgk = 3900.0;  // PG25
  double rho_kg_per_l = 1.02;    // PG25
  double min_lpm = 0.05;  // flow floor in the rise formula; below it the cold plate stagnates
  void Validate() const;
};

class Coolant {
 public:
  explicit Coolant(const CoolantParams& params);
  void SetInlet(double celsius);  // e.g. an inlet over-temperature fault
  double inlet_c() const { return p_.inlet_c; }
  // Coolant temperature rise end to end for a heat load at a flow.
  double RiseK(double power_w, double lpm) const;
  // Mean temperature in the cold plates: inlet plus half the rise.
  double MeanC(double power_w, double lpm) const { return p_.inlet_c + RiseK(power_w, lpm) / 2; }
  // Flow needed to carry power_w with a rise of rise_k.
  double FlowForLpm(double power_w, double rise_k) const;

 private:
  CoolantParams p_;
};

}  // namespace xpo::cooling
