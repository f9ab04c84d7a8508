// The blind-mate coolant plug of an XPO module and its mate-detect contact. Contact bounce on
// every mate and unmate (and on vibration) is a burst of random toggles, as a mechanical switch
// shows on a scope, then the contact follows the physical state.
#pragma once

#include <random>

namespace xpo::cooling {

struct PlugParams {
  double bounce_us = 2000.0;      // length of the chatter burst after a mate or unmate
  double min_chatter_us = 20.0;   // shortest time between two toggles in a burst
  double max_chatter_us = 300.0;  // longest time between two toggles in a burst
  void Validate() const;          // throws std::invalid_argument naming the bad field
};

class Plug {
 public:
  Plug(const PlugParams& params, uint64_t seed, bool mated = false);

  void Mate();
  void Unmate();
  // Chatter the contact for dur_us without changing the physical state.
  void InjectBounce(double dur_us);
  void Step(double dt_us);

  bool mated() const { return mated_; }
  bool contact() const { return contact_; }

 private:
  void StartBounce(double dur_us);
  double NextInterval();

  PlugParams p_;
  std::mt19937_64 rng_;
  bool mated_;
  bool contact_;
  double bounce_left_us_ = 0.0;
  double to_toggle_us_ = 0.0;
};

}  // namespace xpo::cooling
