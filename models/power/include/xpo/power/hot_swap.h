// The module's hot-swap controller on the 40-60 V input (in the style of a 48 V hot-swap /
// eFuse such as LTC4284 or TPS25984): UVLO and OVLO with hysteresis, soft start of the
// intermediate bus at a set slew, an inrush current limit with a fault timer, and a circuit
// breaker on the module's power class.
#pragma once

namespace xpo::power {

struct HotSwapParams {
  double uvlo_on_v = 35.0;
  double uvlo_off_v = 32.0;
  double ovlo_off_v = 64.0;
  double ovlo_on_v = 62.0;
  double slew_v_per_ms = 2.0;  // soft-start dV/dt of the bus
  double bulk_uf = 1000.0;     // bus capacitance charged during soft start
  double inrush_limit_a = 4.0;
  double fault_timer_us = 1000.0;  // over-limit time before the FET is latched off
  double class_w = 480.0;          // module power class (XPO: 480 W or 400 W)
  double budget_timer_us = 1000.0;
  double retry_us = 0.0;      // 0 = latch off until ClearFault(); else auto-retry delay
  double pg_fraction = 0.95;  // bus within this fraction of the input counts as good
  void Validate() const;
};

enum class HotSwapFault { kNone, kInrush, kBudget };

class HotSwap {
 public:
  explicit HotSwap(const HotSwapParams& params);
  void Step(double dt_us, double vin, double load_w);
  void ClearFault();  // like toggling the controller's ON pin

  double vout() const { return vout_; }
  double current_a() const { return current_a_; }
  bool pg() const { return pg_; }
  bool fault() const { return fault_ != HotSwapFault::kNone; }
  HotSwapFault fault_cause() const { return fault_; }
  bool in_window() const { return uv_ok_ && ov_ok_; }
  const HotSwapParams& params() const { return p_; }

 private:
  void Trip(HotSwapFault f);

  HotSwapParams p_;
  bool uv_ok_ = false;
  bool ov_ok_ = true;
  bool soft_done_ = false;
  bool pg_ = false;
  double vout_ = 0.0;
  double current_a_ = 0.0;
  double over_us_ = 0.0;
  double budget_us_ = 0.0;
  double retry_left_us_ = 0.0;
  HotSwapFault fault_ = HotSwapFault::kNone;
};

}  // namespace xpo::power
