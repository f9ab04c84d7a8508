// One point-of-load regulator rail of the module (a DC-DC from the intermediate bus with EN,
// PG and a fault pin, as PMBus POL converters have), with its load and injectable faults.
#pragma once

#include <string>

namespace xpo::power {

struct RailParams {
  std::string name;
  double v_nom = 1.0;
  double ramp_us = 1000.0;     // soft-start time 0 -> v_nom
  double pg_threshold = 0.9;   // fraction of v_nom
  double pg_delay_us = 200.0;  // output above threshold this long before PG
  double fall_us = 500.0;      // discharge time v_nom -> 0 when disabled
  double load_w = 0.0;         // at v_nom; the load scales with V/V_nom
  bool high_power = false;
  void Validate() const;
};

enum class RailFault {
  kNone,
  kNeverPg,      // output settles at 85 % of v_nom: power-good never comes
  kOverCurrent,  // once enabled: the regulator's OCP trips, output off, fault pin latched
  kShort,        // output shorted: OCP 50 us after every enable, output stays at 0
  kDrop,         // output collapses later without OCP (lost feedback, upstream loss)
};

class Rail {
 public:
  explicit Rail(const RailParams& params);
  void Inject(RailFault fault);
  void ClearFault() {
    fault_ = RailFault::kNone;
    dropped_ = false;
  }
  void Step(double dt_us, bool en, bool bus_ok);

  double voltage() const { return v_; }
  double load_w() const;
  bool pg() const { return pg_; }
  bool fault_pin() const { return fault_pin_; }
  RailFault fault() const { return fault_; }
  const RailParams& params() const { return p_; }

  static constexpr double kNeverPgFraction = 0.85;
  static constexpr double kShortDetectUs = 50.0;

 private:
  RailParams p_;
  RailFault fault_ = RailFault::kNone;
  bool fault_pin_ = false;
  bool pg_ = false;
  bool en_ = false;
  bool dropped_ = false;
  double v_ = 0.0;
  double above_us_ = 0.0;
  double on_us_ = 0.0;
};

}  // namespace xpo::power
