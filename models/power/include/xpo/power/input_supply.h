// The module's 40-60 V input bus (a 48 V rack busbar behind the host's supply), as a
// piecewise-linear voltage profile so sags, surges and brown-outs can be scheduled in time.
#pragma once

#include <utility>
#include <vector>

namespace xpo::power {

class InputSupply {
 public:
  explicit InputSupply(double volts);

  // Adds a breakpoint; the voltage is linear between breakpoints and holds after the last.
  // Times must not go backwards and must not be in the past (throws std::invalid_argument).
  void AddPoint(double t_us, double volts);
  // Moves from the present level to `volts` over edge_us at start_us, holds dur_us, returns.
  void Excursion(double start_us, double dur_us, double volts, double edge_us = 100.0);
  // A dip that stays above the hot-swap's UVLO-off threshold.
  void Sag(double start_us, double dur_us, double volts, double edge_us = 100.0) {
    Excursion(start_us, dur_us, volts, edge_us);
  }
  void Surge(double start_us, double dur_us, double volts, double edge_us = 100.0) {
    Excursion(start_us, dur_us, volts, edge_us);
  }
  // A dip below UVLO-off (default 25 V) that the hot-swap must ride out by turning off.
  void Brownout(double start_us, double dur_us, double volts = 25.0, double edge_us = 100.0) {
    Excursion(start_us, dur_us, volts, edge_us);
  }

  void Step(double dt_us);
  double now_us() const { return now_us_; }
  double voltage() const { return VoltageAt(now_us_); }
  double VoltageAt(double t_us) const;

 private:
  std::vector<std::pair<double, double>> points_;  // (t_us, volts)
  double now_us_ = 0.0;
};

}  // namespace xpo::power
