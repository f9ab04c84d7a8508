#include "xpo/tb/clock.h"

#include <fmt/format.h>

namespace xpo::tb {

Clock::Clock(In<1>& signal, double period, TimeUnit unit) {
  Scheduler& s = signal.scheduler();
  period_ = s.toSteps(period, unit);
  if (period_ < 2 || period_ % 2 != 0) {
    throw TimeConversionError(fmt::format(
        "clock period {} {} on '{}' is {} simulator steps; it must be an even number of steps "
        "of at least 2 (precision 1e{} s)",
        period, unitName(unit), signal.name(), period_, s.precisionExp()));
  }
  driver_ = &s.adoptClock(std::make_unique<ClockDriver>(signal, period_ / 2));
}

Clock& Clock::start(bool startHigh) {
  driver_->start(startHigh);
  return *this;
}

void Clock::stop() { driver_->stop(); }

double Clock::frequencyMhz() const {
  const Scheduler& s = driver_->signal().scheduler();
  return 1.0 / fromSteps(period_, TimeUnit::kUs, s.precisionExp());
}

}  // namespace xpo::tb
