#include "xpo/cooling/flow.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace xpo::cooling {

void FlowParams::Validate() const {
  if (!(supply_lpm >= 0.0) || supply_lpm > 20.0) {
    throw std::invalid_argument(
        fmt::format("FlowParams.supply_lpm must be in 0..20 L/min, got {}", supply_lpm));
  }
  if (!(tau_us > 0.0)) {
    throw std::invalid_argument(fmt::format("FlowParams.tau_us must be > 0, got {}", tau_us));
  }
}

Flow::Flow(const FlowParams& params) : p_(params) { p_.Validate(); }

void Flow::Inject(FlowFault fault, double factor) {
  switch (fault) {
    case FlowFault::kNone:
      factor_ = 1.0;
      break;
    case FlowFault::kLoss:
      factor_ = 0.0;
      break;
    case FlowFault::kSlow:
      if (!(factor >= 0.0 && factor <= 1.0)) {
        throw std::invalid_argument(
            fmt::format("Flow slow-flow factor must be in 0..1, got {}", factor));
      }
      factor_ = factor;
      break;
  }
}

void Flow::SetTau(double tau_us) {
  FlowParams p = p_;
  p.tau_us = tau_us;
  p.Validate();
  p_ = p;
}

double Flow::target_lpm(double valve_pos, bool plug_mated) const {
  return plug_mated ? p_.supply_lpm * valve_pos * factor_ : 0.0;
}

void Flow::Step(double dt_us, double valve_pos, bool plug_mated) {
  if (!(dt_us >= 0.0)) throw std::invalid_argument(fmt::format("Flow::Step dt_us {} < 0", dt_us));
  double target = target_lpm(valve_pos, plug_mated);
  q_ = target + (q_ - target) * std::exp(-dt_us / p_.tau_us);
}

}  // namespace xpo::cooling
