// Clock(signal, period, unit).start(start_high): a 50% duty clock toggled from timed callbacks at
// each half period, before evaluation, as cocotb 1.9's GPI clock does. The driver lives in the
// scheduler, so a temporary Clock keeps running; edges allocate nothing.
#pragma once

#include <cstdint>

#include "xpo/tb/scheduler.h"
#include "xpo/tb/signal.h"
#include "xpo/tb/waiter.h"

namespace xpo::tb {

class ClockDriver {
 public:
  ClockDriver(In<1>& sig, uint64_t halfPeriodSteps) : sig_(&sig) {
    node_.owner = this;
    node_.fire = &toggle;
    node_.period = halfPeriodSteps;
  }
  void start(bool startHigh) {
    stop();
    level_ = startHigh;
    sig_->driveBit(level_);
    sig_->scheduler().addTimed(node_, node_.period);
  }
  void stop() { sig_->scheduler().removeTimed(node_); }
  bool running() const { return node_.heapIndex >= 0; }
  const In<1>& signal() const { return *sig_; }
  uint64_t halfPeriod() const { return node_.period; }

 private:
  friend class Scheduler;
  // Scheduler's fast step: drive the next level and fire the clock's edge waiters directly.
  void toggleAndFire() {
    level_ = !level_;
    sig_->driveEdge(level_);
  }
  // Whether the next edge would wake nobody (see Scheduler::silentClockEdge).
  bool nextEdgeIsSilent() const { return sig_->edgeWouldWakeNobody(!level_); }
  // Whether the next edge is a change of the signal (not forced, not overridden by a write).
  bool nextEdgeChanges() const { return sig_->driveWouldChange(!level_); }
  void toggleSilently() {
    level_ = !level_;
    sig_->driveUnwatchedEdge(level_);
  }
  // The edge a task awaits in place (Scheduler::advanceInPlace): the change it consumes, as
  // toggleAndFire() with that task as the only waiter.
  void toggleForLoneWaiter(bool mayBeDeferred) {
    level_ = !level_;
    sig_->driveConsumedEdge(level_, mayBeDeferred);
  }
  static void toggle(Waiter& w) {
    auto* self = static_cast<ClockDriver*>(w.owner);
    self->level_ = !self->level_;
    self->sig_->driveBit(self->level_);
  }
  In<1>* sig_;
  Waiter node_;
  bool level_ = false;
};

class Clock {
 public:
  // Throws TimeConversionError when the period is not an even number of simulator steps.
  Clock(In<1>& signal, double period, TimeUnit unit);
  // Starts (or restarts) driving: the first half period at start_high's level.
  Clock& start(bool startHigh = true);
  void stop();
  uint64_t periodSteps() const { return period_; }
  double frequencyMhz() const;

 private:
  ClockDriver* driver_;
  uint64_t period_;
};

}  // namespace xpo::tb
