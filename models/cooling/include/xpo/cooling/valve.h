// The module's coolant isolation valve (motorized or solenoid): it travels linearly between
// closed and open in a stroke time.
#pragma once

namespace xpo::cooling {

class Valve {
 public:
  explicit Valve(double stroke_us = 10000.0);  // throws if stroke_us <= 0
  void Step(double dt_us, bool open_cmd);
  double position() const { return pos_; }  // 0 closed ... 1 open

 private:
  double stroke_us_;
  double pos_ = 0.0;
};

}  // namespace xpo::cooling
