// Coolant flow through the module's cold plates, fed by the host's manifold. The flow follows
// the valve and the plug with a first-order lag (pump and hose compliance).
#pragma once

namespace xpo::cooling {

enum class FlowFault { kNone, kLoss, kSlow };

struct FlowParams {
  double supply_lpm = 0.75;  // flow the manifold delivers with the valve fully open
  double tau_us = 20000.0;   // first-order time constant of the flow
  void Validate() const;
};

class Flow {
 public:
  explicit Flow(const FlowParams& params);
  // kSlow keeps `factor` of the supply (a partial blockage); kLoss none; kNone clears.
  void Inject(FlowFault fault, double factor = 0.5);
  // Changes the time constant, e.g. to model a flow that ramps too slowly.
  void SetTau(double tau_us);
  void Step(double dt_us, double valve_pos, bool plug_mated);
  double lpm() const { return q_; }
  double target_lpm(double valve_pos, bool plug_mated) const;

 private:
  FlowParams p_;
  double factor_ = 1.0;
  double q_ = 0.0;
};

}  // namespace xpo::cooling
