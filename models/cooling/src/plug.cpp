#include "xpo/cooling/plug.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace xpo::cooling {

void PlugParams::Validate() const {
  if (!(bounce_us >= 0.0)) {
    throw std::invalid_argument(
        fmt::format("PlugParams.bounce_us must be >= 0, got {}", bounce_us));
  }
  if (!(min_chatter_us > 0.0) || !(max_chatter_us >= min_chatter_us)) {
    throw std::invalid_argument(fmt::format(
        "PlugParams chatter interval must satisfy 0 < min_chatter_us <= max_chatter_us, got {}..{}",
        min_chatter_us, max_chatter_us));
  }
}

Plug::Plug(const PlugParams& params, uint64_t seed, bool mated)
    : p_(params), rng_(seed), mated_(mated), contact_(mated) {
  p_.Validate();
}

double Plug::NextInterval() {
  return std::uniform_real_distribution<double>(p_.min_chatter_us, p_.max_chatter_us)(rng_);
}

void Plug::StartBounce(double dur_us) {
  if (!(dur_us >= 0.0)) {
    throw std::invalid_argument(fmt::format("Plug bounce duration must be >= 0, got {}", dur_us));
  }
  bounce_left_us_ = dur_us;
  to_toggle_us_ = 0.0;  // the first touch toggles the contact at once
}

void Plug::Mate() {
  mated_ = true;
  StartBounce(p_.bounce_us);
}

void Plug::Unmate() {
  mated_ = false;
  StartBounce(p_.bounce_us);
}

void Plug::InjectBounce(double dur_us) { StartBounce(dur_us); }

void Plug::Step(double dt_us) {
  if (!(dt_us >= 0.0)) throw std::invalid_argument(fmt::format("Plug::Step dt_us {} < 0", dt_us));
  double left = dt_us;
  while (bounce_left_us_ > 0.0 && left > 0.0) {
    double span = std::min({left, bounce_left_us_, to_toggle_us_});
    left -= span;
    bounce_left_us_ -= span;
    to_toggle_us_ -= span;
    if (bounce_left_us_ <= 0.0) break;
    if (to_toggle_us_ <= 0.0) {
      contact_ = !contact_;
      to_toggle_us_ = NextInterval();
    }
  }
  if (bounce_left_us_ <= 0.0) contact_ = mated_;
}

}  // namespace xpo::cooling
