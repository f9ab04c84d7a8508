#include "xpo/power/hot_swap.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace xpo::power {

void HotSwapParams::Validate() const {
  if (!(uvlo_off_v > 0.0 && uvlo_off_v < uvlo_on_v)) {
    throw std::invalid_argument(
        fmt::format("HotSwapParams UVLO needs 0 < uvlo_off_v < uvlo_on_v, got off {} on {}",
                    uvlo_off_v, uvlo_on_v));
  }
  if (!(ovlo_on_v < ovlo_off_v && ovlo_on_v > uvlo_on_v)) {
    throw std::invalid_argument(
        fmt::format("HotSwapParams OVLO needs uvlo_on_v < ovlo_on_v < ovlo_off_v, got on {} off {}",
                    ovlo_on_v, ovlo_off_v));
  }
  if (!(slew_v_per_ms > 0.0) || !(bulk_uf >= 0.0) || !(inrush_limit_a > 0.0) ||
      !(fault_timer_us >= 0.0) || !(budget_timer_us >= 0.0) || !(retry_us >= 0.0)) {
    throw std::invalid_argument(
        "HotSwapParams slew_v_per_ms and inrush_limit_a must be > 0; bulk_uf, fault_timer_us, "
        "budget_timer_us and retry_us must be >= 0");
  }
  if (!(class_w > 0.0 && class_w <= 1000.0)) {
    throw std::invalid_argument(
        fmt::format("HotSwapParams.class_w must be in (0, 1000] W, got {}", class_w));
  }
  if (!(pg_fraction > 0.0 && pg_fraction < 1.0)) {
    throw std::invalid_argument(
        fmt::format("HotSwapParams.pg_fraction must be in (0, 1), got {}", pg_fraction));
  }
}

HotSwap::HotSwap(const HotSwapParams& params) : p_(params) { p_.Validate(); }

void HotSwap::Trip(HotSwapFault f) {
  fault_ = f;
  retry_left_us_ = p_.retry_us;
}

void HotSwap::ClearFault() {
  fault_ = HotSwapFault::kNone;
  over_us_ = 0.0;
  budget_us_ = 0.0;
}

void HotSwap::Step(double dt_us, double vin, double load_w) {
  if (!(dt_us >= 0.0))
    throw std::invalid_argument(fmt::format("HotSwap::Step dt_us {} < 0", dt_us));
  if (uv_ok_ && vin < p_.uvlo_off_v) uv_ok_ = false;
  if (!uv_ok_ && vin >= p_.uvlo_on_v) uv_ok_ = true;
  if (ov_ok_ && vin > p_.ovlo_off_v) ov_ok_ = false;
  if (!ov_ok_ && vin <= p_.ovlo_on_v) ov_ok_ = true;

  if (fault() && p_.retry_us > 0.0) {
    retry_left_us_ -= dt_us;
    if (retry_left_us_ <= 0.0) ClearFault();
  }

  bool on = in_window() && !fault();
  if (!on) {
    // FET off: the bulk capacitance is drained by the downstream converters' UVLO quickly.
    vout_ = 0.0;
    soft_done_ = false;
    current_a_ = 0.0;
    over_us_ = 0.0;
  } else {
    double dv = 0.0;
    if (!soft_done_) {
      dv = std::min(p_.slew_v_per_ms * dt_us / 1000.0, std::max(vin - vout_, 0.0));
      vout_ += dv;
      if (vout_ >= vin) soft_done_ = true;
    }
    if (soft_done_) vout_ = vin;  // FET fully enhanced: the bus follows the input
    double cap_a = dt_us > 0.0 ? p_.bulk_uf * 1e-6 * dv / (dt_us * 1e-6) : 0.0;
    current_a_ = cap_a + (vout_ > 1.0 ? load_w / vout_ : 0.0);
    if (!soft_done_ && current_a_ > p_.inrush_limit_a) {
      over_us_ += dt_us;
      if (over_us_ >= p_.fault_timer_us) Trip(HotSwapFault::kInrush);
    } else {
      over_us_ = 0.0;
    }
  }
  if (load_w > p_.class_w) {
    budget_us_ += dt_us;
    if (budget_us_ >= p_.budget_timer_us && !fault()) Trip(HotSwapFault::kBudget);
  } else {
    budget_us_ = 0.0;
  }
  if (fault()) {
    vout_ = 0.0;
    soft_done_ = false;
  }
  pg_ = !fault() && in_window() && soft_done_ && vout_ >= p_.pg_fraction * vin;
}

}  // namespace xpo::power
