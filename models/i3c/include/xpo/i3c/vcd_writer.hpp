// Records a simulated I3C bus as a VCD (IEEE 1364 section 18) for GTKWave and for the offline
// decoder: SCL, SDA, whether SDA is driven push-pull, and contention.
#pragma once

#include <ostream>
#include <string>

#include "xpo/i3c/bus.hpp"

namespace xpo::i3c {

class VcdWriter {
 public:
  // Writes the header at once and every change after; `out` must outlive the bus traffic.
  VcdWriter(Bus& bus, std::ostream& out, const std::string& scope = "tb");

 private:
  void Change(Time t, char id, bool v);
  std::ostream& out_;
  Time last_ = -1;
  bool sda_pp_ = false;
  bool contention_ = false;
};

}  // namespace xpo::i3c
