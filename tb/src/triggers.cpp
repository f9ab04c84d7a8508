#include "xpo/tb/triggers.h"

#include <fmt/format.h>

namespace xpo::tb {

void detail::throwCancelled(const TaskCore& core) {
  throw CancelledError(fmt::format("task '{}' cancelled", core.name));
}

Timer::Timer(double value, TimeUnit unit)
    : sched_(&Scheduler::current()),
      steps_(sched_->toSteps(value, unit)),
      value_(value),
      unit_(unit) {
  if (steps_ == 0) {
    throw TimeConversionError(fmt::format(
        "Timer({} {}) is zero simulator steps: use ReadWrite() to run later in this step or "
        "NextTimeStep() for the next one",
        value, unitName(unit)));
  }
}

std::string Timer::describe() const {
  return fmt::format("Timer({} {}) due at step {}", value_, unitName(unit_),
                     sched_->now() + steps_);
}

std::string describeEdge(EdgeKind kind, const SignalBase& s) {
  const char* name = kind == EdgeKind::kRising    ? "RisingEdge"
                     : kind == EdgeKind::kFalling ? "FallingEdge"
                                                  : "Edge";
  return fmt::format("{}({})", name, s.name());
}

std::string ClockCycles::describe() const {
  return fmt::format("ClockCycles({}, {}, {})", sig_->name(), cycles_,
                     rising_ ? "rising" : "falling");
}

void ReadWrite::check() const {
  if (sched_->phase() == Phase::kReadOnly) {
    throw PhaseError(
        fmt::format("await ReadWrite() in the ReadOnly phase at {} ns: the step has "
                    "settled; await NextTimeStep() or a Timer first",
                    sched_->nowNs()));
  }
}

void ReadOnly::check() const {
  if (sched_->phase() == Phase::kReadOnly) {
    throw PhaseError(fmt::format("await ReadOnly() while already in the ReadOnly phase at {} ns",
                                 sched_->nowNs()));
  }
}

}  // namespace xpo::tb
