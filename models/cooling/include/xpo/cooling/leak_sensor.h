// A leak-detect rope (conductive sensing cable) under the module's coolant fittings: wet or dry.
#pragma once

namespace xpo::cooling {

class LeakSensor {
 public:
  void InjectLeak() { wet_ = true; }
  // Wet for dur_us, e.g. a condensation drop or an ESD glitch on the sense line.
  void InjectGlitch(double dur_us);
  void Clear() {
    wet_ = false;
    glitch_left_us_ = 0.0;
  }
  void Step(double dt_us);
  bool wet() const { return wet_ || glitch_left_us_ > 0.0; }

 private:
  bool wet_ = false;
  double glitch_left_us_ = 0.0;
};

}  // namespace xpo::cooling
