#include "xpo/tb/scheduler.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "verilated.h"
#include "xpo/tb/clock.h"
#include "xpo/tb/signal.h"
#include "xpo/tb/task.h"

namespace xpo::tb {

namespace {
// A time step that keeps producing ReadWrite work this many times is a delta-cycle loop.
constexpr int kMaxIterationsPerStep = 100000;
constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();
}  // namespace

thread_local Scheduler* Scheduler::current_ = nullptr;
ProgressMirror* Scheduler::mirror_ = nullptr;

const char* phaseName(Phase p) {
  switch (p) {
    case Phase::kStartup:
      return "startup";
    case Phase::kTimed:
      return "timed";
    case Phase::kNormal:
      return "normal";
    case Phase::kReadWrite:
      return "ReadWrite";
    case Phase::kReadOnly:
      return "ReadOnly";
    case Phase::kNextTimeStep:
      return "NextTimeStep";
    case Phase::kFinished:
      return "finished";
  }
  return "?";
}

const char* taskStateName(TaskState s) {
  switch (s) {
    case TaskState::kCreated:
      return "created";
    case TaskState::kScheduled:
      return "scheduled";
    case TaskState::kRunning:
      return "running";
    case TaskState::kWaiting:
      return "waiting";
    case TaskState::kDone:
      return "done";
    case TaskState::kFailed:
      return "failed";
    case TaskState::kCancelled:
      return "cancelled";
  }
  return "?";
}

void ReadyQueue::grow() {
  std::vector<TaskCore*> bigger(buf_.size() * 2);
  for (std::size_t i = 0; i < count_; ++i) bigger[i] = buf_[(head_ + i) & (buf_.size() - 1)];
  buf_.swap(bigger);
  mask_ = buf_.size() - 1;
  head_ = 0;
}

Scheduler* Scheduler::currentOrNull() { return current_; }

Scheduler& Scheduler::current() {
  if (!current_) {
    throw std::logic_error(
        "no simulation is running on this thread: harness objects (signals, triggers, clocks) "
        "must be used inside an XPO_TEST body");
  }
  return *current_;
}

Scheduler::Scheduler() {
  if (current_) throw std::logic_error("a Scheduler is already active on this thread");
  current_ = this;
  firing_.reserve(64);
  watchedOutputs_.reserve(16);
  writtenInputs_.reserve(16);
  deferredDrives_.reserve(8);
}

Scheduler::~Scheduler() {
  releaseFinished();
  if (current_ == this) current_ = nullptr;
}

void Scheduler::bindModel(const ModelOps& ops, VerilatedContext* context) {
  if (hasModel()) throw std::logic_error("the scheduler already drives a model");
  ops_ = ops;
  context_ = context;
  setMergeEvaluations(mergeEvaluations_);  // notes activity: waves may have come on
  precisionExp_ = context->timeprecision();
  if (mirror_) mirror_->precisionExp = precisionExp_;
}

void Scheduler::throwWriteInReadOnly(const std::string& signal) const {
  throw PhaseError(fmt::format(
      "write to '{}' during the ReadOnly phase at {} ns: writes are not allowed once the time "
      "step has settled (await NextTimeStep() or a Timer first)",
      signal, nowNs()));
}

void Scheduler::watch(SignalBase& s) {
  if (s.writePending_) unmergeableWrite_ = true;
  s.snapshot();
  s.watched_ = true;
  if (s.designDriven_) watchedOutputs_.push_back(&s);
  noteActivity();
}

ClockDriver& Scheduler::adoptClock(std::unique_ptr<ClockDriver> driver) {
  clocks_.push_back(std::move(driver));
  return *clocks_.back();
}

// ---- tasks

void Scheduler::adoptSoon(PromiseBase& p, std::string name) {
  if (name.empty()) name = fmt::format("task{}", nextTaskId_);
  p.makeRoot(*this, std::move(name), nextTaskId_++);
  p.addRef();
  live_.push_back(&p.own_);
  schedule(p.own_);
}

inline void Scheduler::resume(TaskCore& c) {
  TaskCore* outer = running_;
  running_ = &c;
  c.state = TaskState::kRunning;
  c.resumeAt.resume();
  running_ = outer;
  if (c.root->self_.done()) {
    taskFinished(c);
  } else if (c.state == TaskState::kRunning) {
    // Suspended without registering a wait: only a foreign awaitable can do that.
    c.state = TaskState::kWaiting;
  }
}

void Scheduler::taskFinished(TaskCore& c) {
  PromiseBase& p = *c.root;
  const bool hasJoiners = !c.joiners.empty();
  if (c.cancelRequested) {
    c.state = TaskState::kCancelled;
  } else if (p.exception_) {
    c.state = TaskState::kFailed;
  } else {
    c.state = TaskState::kDone;
  }
  live_.erase(std::find(live_.begin(), live_.end(), &c));
  finished_.push_back(&p);
  noteActivity();
  if (c.isTest) {
    if (p.exception_ && !c.cancelRequested) abort(p.exception_);
    return;
  }
  if (c.state == TaskState::kFailed && !hasJoiners) {
    // cocotb: an exception in a task nobody awaits fails the test.
    abort(p.exception_);
  }
  fireList(c.joiners);
}

void Scheduler::cancel(TaskCore& c) {
  if (ended(c.state)) return;
  noteActivity();
  if (&c == running_) {
    // Cancelling oneself: the next await raises.
    c.cancelRequested = true;
    return;
  }
  c.cancelRequested = true;
  if (c.awaiting) c.awaiting->unprime();
  if (c.state == TaskState::kScheduled && c.resumeAt == c.root->self_ && !c.awaiting) {
    // Started with start_soon but never ran: nothing to unwind.
    c.state = TaskState::kCancelled;
    live_.erase(std::find(live_.begin(), live_.end(), &c));
    finished_.push_back(c.root);
    fireList(c.joiners);
    return;
  }
  resume(c);
}

void Scheduler::abort(std::exception_ptr error) {
  if (!error_) error_ = std::move(error);
  aborted_ = true;
  noteActivity();
}

std::string Scheduler::describeWaits() const {
  std::string out;
  for (const TaskCore* c : live_) {
    out += fmt::format("\n  task '{}' ({}): {}", c->name, taskStateName(c->state),
                       c->awaiting ? c->awaiting->describe() : std::string("-"));
  }
  return out.empty() ? std::string("\n  (no live tasks)") : out;
}

void Scheduler::releaseFinished() {
  std::vector<PromiseBase*> done;
  done.swap(finished_);
  for (PromiseBase* p : done) p->release();
}

// ---- the time step

void Scheduler::drainReady() {
  ++drainDepth_;
  while (!ready_.empty() && !aborted_) {
    TaskCore* c = ready_.pop();
    if (c->state != TaskState::kScheduled) continue;  // cancelled while queued
    resume(*c);
  }
  --drainDepth_;
  if (drainDepth_ == 0 && !finished_.empty()) releaseFinished();
}

void Scheduler::fireList(WaiterList& list) {
  if (list.empty()) return;
  std::vector<Waiter*> batch;
  list.snapshot(batch);
  for (Waiter* w : batch) {
    if (w->list == &list) w->fire(*w);
  }
}

bool Scheduler::pollOne(SignalBase& s) {
  bool rose = false;
  bool fell = false;
  if (!s.pollChange(rose, fell)) return false;
  fireEdge(s, rose, fell);
  return true;
}

void Scheduler::fireEdge(SignalBase& s, bool rose, bool fell) {
  WaiterList& list = s.waiters();
  Waiter* only = list.front();
  if (only && !only->next) {
    // One waiter: nothing another fire could unlink under us.
    if (SignalBase::edgeMatches(*only, rose, fell)) only->fire(*only);
    return;
  }
  fireEdgeWaiters(list, rose, fell);
}

void Scheduler::fireEdgeWaiters(WaiterList& list, bool rose, bool fell) {
  list.snapshot(firing_);
  for (Waiter* w : firing_) {
    if (w->list == &list && SignalBase::edgeMatches(*w, rose, fell)) w->fire(*w);
  }
}

bool Scheduler::pollSignals() {
  // A test-bench-driven signal changes only when written (each write of a watched one is noted),
  // a design-driven one only by evaluation.
  bool any = false;
  if (!writtenInputs_.empty()) {
    // Firing only queues tasks, so nothing is added to the list while it is walked.
    for (SignalBase* s : writtenInputs_) {
      s->noted_ = false;
      if (!s->hasWaiters()) {
        s->watched_ = false;
        continue;
      }
      any |= pollOne(*s);
    }
    writtenInputs_.clear();
  }
  if (outputsChanged_) {
    outputsChanged_ = false;
    for (std::size_t i = 0; i < watchedOutputs_.size();) {
      SignalBase* s = watchedOutputs_[i];
      if (!s->hasWaiters()) {
        s->watched_ = false;
        watchedOutputs_[i] = watchedOutputs_.back();
        watchedOutputs_.pop_back();
        continue;
      }
      any |= pollOne(*s);
      ++i;
    }
  }
  return any;
}

void Scheduler::settleRounds() {
  // Value-change callbacks until no more fire; coroutines they wake run in between.
  for (int i = 0; i < kMaxIterationsPerStep; ++i) {
    drain();
    if (aborted_) return;
    const bool mayHaveChanged =
        !writtenInputs_.empty() || (outputsChanged_ && !watchedOutputs_.empty());
    if (!mayHaveChanged || !pollSignals()) {
      if (ready_.empty()) return;
    }
  }
  abort(std::make_exception_ptr(NoProgressError(fmt::format(
      "value changes did not settle at {} ns after {} rounds", nowNs(), kMaxIterationsPerStep))));
}

inline void Scheduler::applyWrites() {
  // Applying a write queues nothing, so the list is walked in place.
  for (SignalBase* s = pendingWrites_; s != nullptr;) {
    SignalBase* next = s->nextPending_;
    s->applyPending();
    s = next;
  }
  pendingWrites_ = nullptr;
  pendingTail_ = &pendingWrites_;
  unmergeableWrite_ = false;
}

inline bool Scheduler::evalModel() {
  dirty_ = false;
  edgeDirty_ = false;
  if (deferred_) {
    // A deferred evaluation ends here, and with it the clock drives noted for it.
    deferred_ = false;
    deferredDrives_.clear();
  }
  return evaluate();
}

inline bool Scheduler::evaluate() {
  outputsChanged_ = true;
  ++evals_;
  ops_.evalStep(ops_.model);
  if (context_->gotFinish()) [[unlikely]] {
    abortOnFinish();
    return false;
  }
  return true;
}

inline void Scheduler::evalEndStep() {
#if VERILATOR_VERSION_INTEGER >= 6000000
  ops_.evalEndStep(ops_.model);
#endif
  // Verilator 4 and 5 generate eval_end_step() as an empty inline function for C++ models, so
  // with them there is nothing to call (and no pointer call twice per clock cycle).
}

void Scheduler::abortOnFinish() {
  abort(std::make_exception_ptr(std::runtime_error(fmt::format(
      "the design called $finish, $stop or $fatal at {} ns (see the simulator message above)",
      nowNs()))));
}

void Scheduler::evalDeferred() {
  // The deferred evaluation must not see the clock drives made since: undo them, evaluate, redo.
  deferred_ = false;
  for (auto d = deferredDrives_.rbegin(); d != deferredDrives_.rend(); ++d) *d->var = d->before;
  evaluate();
  for (const DeferredDrive& d : deferredDrives_) *d.var = d.after;
  const bool drivenSince = !deferredDrives_.empty();
  deferredDrives_.clear();
  dirty_ = drivenSince;
  edgeDirty_ = drivenSince;
}

inline ClockDriver* Scheduler::loneClockEdgeDue() const {
  if (timed_.empty()) return nullptr;
  const Waiter* w = timed_.top();
  if (w->time != now_ || w->period == 0 || timed_.othersDueBy(now_)) return nullptr;
  return static_cast<ClockDriver*>(w->owner);
}

inline void Scheduler::endStep() {
  // 4-6: end of step, ReadOnly, trace.
  evalEndStep();
  if (!readOnly_.empty()) {
    phase_ = Phase::kReadOnly;
    fireList(readOnly_);
    drain();
  }
  if (ops_.tracer) ops_.dump(ops_.tracer, now_);
}

inline void Scheduler::silentClockEdge(ClockDriver& clock) {
  // Nothing runs in the step, so it does not go through the timed phase.
  phase_ = Phase::kNormal;
  timed_.rearmTop(now_ + clock.halfPeriod());
  clock.toggleSilently();
  evalModel();
  endStep();
}

bool Scheduler::quietClockEdge(ClockDriver& clock) {
  phase_ = Phase::kTimed;
  timed_.rearmTop(now_ + clock.halfPeriod());
  clock.toggleAndFire();
  phase_ = Phase::kNormal;
  inPlaceClock_ = &clock;
  drain();
  inPlaceClock_ = nullptr;
  return endQuietClockEdge();
}

bool Scheduler::endQuietClockEdge() {
  // What timeStep() would do when the woken tasks (if any) left nothing to poll and no ReadWrite
  // waiter: evaluate (if anything changed: a forced clock's edge changes nothing), apply the
  // writes, and merge their evaluation into the next step's.
  if (aborted_ || !ready_.empty() || !writtenInputs_.empty() || !watchedOutputs_.empty() ||
      !readWrite_.empty()) {
    evaluateStep(0);
    return false;
  }
  if (dirty_) evalModel();
  if (pendingWrites_) {
    phase_ = Phase::kReadWrite;
    applyWrites();
    phase_ = Phase::kNormal;
    if (!writtenInputs_.empty() || !mayDeferEval()) {
      evaluateStep(1);
      return false;
    }
    deferred_ = true;
  }
  // Without ReadOnly waiters nothing runs from here to the next step.
  const bool quietAfter = readOnly_.empty();
  endStep();
  return quietAfter;
}

inline void Scheduler::advanceToClockEdge(const ClockDriver& clock) {
  now_ = clock.node_.time;
  context_->time(now_);
  if (mirror_) mirror_->steps = now_;
}

inline bool Scheduler::silentStepInPlace(ClockDriver& clock) {
  // silentClockEdge() with no ReadOnly waiter or waves for endStep() to serve, and with nothing to
  // clear for a deferred evaluation: endStepInPlace() evaluated every drive noted before, and
  // neither the writes it applied nor a silent edge note one. The caller updates the progress
  // mirror.
  now_ = clock.node_.time;
  context_->time(now_);
  TimedHeap::rearmSingle(clock.node_, now_ + clock.halfPeriod());
  clock.toggleSilently();
  dirty_ = false;
  edgeDirty_ = false;
  deferred_ = false;
  const bool running = evaluate();
  evalEndStep();
  return running;
}

inline void Scheduler::awaitedEdgeInPlace(ClockDriver& clock, uint64_t steps,
                                          bool afterSilentStep) {
  // As quietClockEdge() drives it; the waiter it fires is the task running in place alone.
  advanceToClockEdge(clock);
  countStepsInPlace(steps);
  TimedHeap::rearmSingle(clock.node_, now_ + clock.halfPeriod());
  clock.toggleForLoneWaiter(!afterSilentStep);
}

void Scheduler::quietClockSteps(ClockDriver& clock) {
  for (;;) {
    // Nothing can run in the step but the edge's waiters; with none (usually the falling edge of
    // a clock tested on rising) it is just the edge and the evaluation.
    bool quiet = true;
    ++quietSteps_;
    if (clock.nextEdgeIsSilent()) {
      silentClockEdge(clock);
    } else {
      quiet = quietClockEdge(clock);
    }
    // 7 for the common case: the clock is all that is timed, so its next edge is the next step.
    // (A task may have stopped it, or started a timer.)
    if (!quiet || aborted_ || ended(test_->state) || !timed_.single() || !clock.running() ||
        !nextTimeStep_.empty() || clock.node_.time > deadline_ || !clockShortcuts_) {
      return;
    }
    advanceToClockEdge(clock);
  }
}

inline bool Scheduler::mayAdvanceInPlace(const SignalBase& s, const TaskCore& core,
                                         const ClockDriver& clock) {
  // The task must be the last to run in this step and the edge's only waiter, and the steps up to
  // that edge must be quiet ones that wake nobody else, with a clock edge that is a change
  // (quietChecked()), and writes that merge. A cancelled task never advances: it may be unwinding
  // inside the one that cancelled it. The task's own writes and cancellation can change between
  // two awaits without any activity noted, so those are checked every time. (A write to the
  // clock, which is watched while a task awaits it, does not merge, so it is refused here, and the
  // task then suspends, which is activity.)
  const bool busy = (&clock.signal() != &s) | core.cancelRequested |
                    ((pendingWrites_ != nullptr) & (unmergeableWrite_ | !mayMerge_));
  return !busy && (quiet_ == Quiet::kQuiet || quietChecked(s, clock));
}

bool Scheduler::quietChecked(const SignalBase& s, const ClockDriver& clock) {
  // Nothing queued, polled or timed but the clock (which a task may have stopped, or replaced with
  // another), no phase waiter, no other waiter on the clock, no waves, shortcuts on. Nor may a
  // task have finished in this step: that may have been the test, whose end is this step. All
  // cheap loads, so they are or-ed into one branch.
  bool busy = !ready_.empty() | !finished_.empty() | !writtenInputs_.empty() |
              !watchedOutputs_.empty() | !readWrite_.empty() | !readOnly_.empty() |
              !nextTimeStep_.empty() | !timed_.single() | aborted_ | s.hasWaiters() |
              (ops_.tracer != nullptr) | !clockShortcuts_;
  busy = busy || timed_.top() != &clock.node_ || !clock.nextEdgeChanges();  // single(): a top()
  if (busy && quiet_ == Quiet::kQuietChecking) abortOnUnnotedActivity(s, clock);
  quiet_ = busy ? Quiet::kUnknown : checkShortcuts_ ? Quiet::kQuietChecking : Quiet::kQuiet;
  return !busy;
}

void Scheduler::abortOnUnnotedActivity(const SignalBase& s, const ClockDriver& clock) {
  abort(std::make_exception_ptr(std::logic_error(fmt::format(
      "scheduler state changed without noteActivity() before an edge of '{}' awaited in place at "
      "{} ns (queued {}, finished {}, written inputs {}, watched outputs {}, ReadWrite {}, "
      "ReadOnly {}, NextTimeStep {}, timers {}, clock running {}, next clock edge a change {}, "
      "aborted {}, clock waiters {}, waves {}, shortcuts {})",
      s.name(), nowNs(), !ready_.empty(), finished_.size(), writtenInputs_.size(),
      watchedOutputs_.size(), !readWrite_.empty(), !readOnly_.empty(), !nextTimeStep_.empty(),
      timed_.size(), clock.running(), clock.nextEdgeChanges(), aborted_, s.hasWaiters(),
      ops_.tracer != nullptr, clockShortcuts_))));
}

inline bool Scheduler::silentEdgeFirst(const ClockDriver& clock, uint32_t kinds) {
  // Rising and falling edges alternate, so the awaited edge is the next one or the one after.
  const EdgeKind next = clock.level_ ? EdgeKind::kFalling : EdgeKind::kRising;
  return (kinds & static_cast<uint32_t>(next)) == 0;
}

inline bool Scheduler::endStepInPlace() {
  // The rest of this step, as endQuietClockEdge() ends a quiet one (endStep() has no ReadOnly
  // waiter or waves to serve). mayAdvanceInPlace() leaves the design ending the test as the only
  // way off that path; endQuietClockEdge(), which the scheduler calls once the task has
  // suspended, then finds the abort and does no more than it would have.
  const bool running = evalModel();
  if (pendingWrites_) {
    applyWrites();  // which cannot end the test
    if (!running) return false;
    deferred_ = true;
  }
  evalEndStep();
  return running;
}

bool Scheduler::advanceInPlaceToEdge(const SignalBase& s, uint32_t kinds, const TaskCore& core) {
  ClockDriver& clock = *inPlaceClock_;
  if (!mayAdvanceInPlace(s, core, clock)) return false;
  const bool silentFirst = silentEdgeFirst(clock, kinds);
  if (clock.node_.time + (silentFirst ? clock.halfPeriod() : 0) > deadline_) return false;
  if (!endStepInPlace()) return false;
  if (!silentFirst) {
    awaitedEdgeInPlace(clock, 1, false);
    return true;
  }
  if (!silentStepInPlace(clock)) {
    countStepsInPlace(1);
    return false;
  }
  awaitedEdgeInPlace(clock, 2, true);
  return true;
}

bool Scheduler::advanceInPlaceCycles(const SignalBase& s, uint32_t kinds, const TaskCore& core,
                                     uint64_t edges) {
  ClockDriver& clock = *inPlaceClock_;
  if (!mayAdvanceInPlace(s, core, clock)) return false;
  // The steps before the awaited edge wake nobody: the matching edges before the last, which
  // would only count the waiter down, the edges between them, and a silent edge first.
  const uint64_t silentSteps = (silentEdgeFirst(clock, kinds) ? 1 : 0);
  // Whether 2 (edges - 1) + silentSteps half periods after the next edge fit before the deadline;
  // divided rather than multiplied, so no count overflows.
  if (clock.node_.time > deadline_) return false;
  const uint64_t room = (deadline_ - clock.node_.time) / clock.halfPeriod();
  if (room < silentSteps || (room - silentSteps) / 2 < edges - 1) return false;
  if (!endStepInPlace()) return false;
  const uint64_t before = 2 * (edges - 1) + silentSteps;
  for (uint64_t step = 1; step <= before; ++step) {
    const bool ok = silentStepInPlace(clock);
    if (mirror_) mirror_->steps = now_;
    if (!ok) {
      countStepsInPlace(step);
      return false;
    }
  }
  awaitedEdgeInPlace(clock, before + 1, before > 0);
  return true;
}

void Scheduler::timeStep(ClockDriver* clock) {
  // 1-2: timed callbacks due now, then the value changes they caused.
  phase_ = Phase::kTimed;
  if (clock) {
    // The common step: one clock edge and nothing else timed. Its edge waiters fire at once,
    // which is the order polling would give them (nothing else is queued yet).
    timed_.rearmTop(now_ + clock->halfPeriod());
    clock->toggleAndFire();
  }
  while (!timed_.empty() && timed_.top()->time == now_) {
    Waiter* w = timed_.top();
    if (w->period != 0) {
      timed_.rearmTop(now_ + w->period);
    } else {
      timed_.pop();
    }
    w->fire(*w);
  }
  phase_ = Phase::kNormal;
  evaluateStep(0);
}

void Scheduler::evaluateStep(int firstIteration) {
  settle();
  // 3: evaluate, value changes, ReadWrite, value changes; until nothing changes.
  for (int iteration = firstIteration;; ++iteration) {
    if (aborted_) return;
    if (iteration == kMaxIterationsPerStep) {
      abort(std::make_exception_ptr(NoProgressError(fmt::format(
          "time step {} ns did not settle after {} ReadWrite rounds (writes keep changing the "
          "design?)",
          nowNs(), kMaxIterationsPerStep))));
      return;
    }
    if (dirty_ || (ops_.hasTiming && ops_.eventsPending(ops_.model) &&
                   ops_.nextTimeSlot(ops_.model) <= now_)) {
      if (iteration > 0 && mayDeferEval()) {
        deferred_ = true;
        break;
      }
      evalModel();
      settle();
    }
    if (!pendingWrites_ && readWrite_.empty()) break;
    phase_ = Phase::kReadWrite;
    applyWrites();
    if (!readWrite_.empty()) {
      fireList(readWrite_);
      drain();
    }
    phase_ = Phase::kNormal;
    settle();
  }
  endStep();
}

Scheduler::Result Scheduler::run(PromiseBase& test, std::string name, uint64_t timeoutSteps,
                                 std::string timeoutText) {
  if (!hasModel()) throw std::logic_error("Scheduler::run() without a model bound");
  Result result;
  test.makeRoot(*this, std::move(name), nextTaskId_++);
  test.own_.isTest = true;
  test.addRef();
  test_ = &test.own_;
  live_.push_back(test_);
  deadline_ = timeoutSteps ? now_ + timeoutSteps : kNever;

  // The test runs up to its first await before the first time step, as cocotb starts tests from
  // its start-of-simulation callback.
  phase_ = Phase::kStartup;
  schedule(*test_);
  drain();

  while (!aborted_ && !ended(test_->state)) {
    context_->time(now_);
    if (mirror_) mirror_->steps = now_;
    ClockDriver* clock = loneClockEdgeDue();
    if (clock && clockShortcuts_ && stepIsQuiet()) {
      quietClockSteps(*clock);
    } else {
      timeStep(clock);
    }
    if (aborted_ || ended(test_->state)) break;
    // 7: advance to the next timed callback or the model's next time slot.
    uint64_t next = timed_.empty() ? kNever : timed_.top()->time;
    if (ops_.hasTiming && ops_.eventsPending(ops_.model)) {
      next = std::min(next, ops_.nextTimeSlot(ops_.model));
    }
    if (next > deadline_ || next == kNever) [[unlikely]] {
      if (next == kNever) {
        abort(std::make_exception_ptr(NoProgressError(fmt::format(
            "simulation has nothing left to do at {} ns (no timed callbacks, no model events) "
            "but the test has not finished; waiting on:{}",
            nowNs(), describeWaits()))));
      } else {
        now_ = deadline_;
        context_->time(now_);
        abort(std::make_exception_ptr(
            SimTimeoutError(fmt::format("test timed out after {} at {} ns; waiting on:{}",
                                        timeoutText, nowNs(), describeWaits()))));
      }
      break;
    }
    if (next <= now_) [[unlikely]] {
      // Only a model slot can be due now after a full step; if evaluating did not consume it,
      // repeating the step would never end.
      if (++sameTimeSteps_ > kMaxIterationsPerStep) {
        abort(std::make_exception_ptr(NoProgressError(fmt::format(
            "the model keeps reporting events due at {} ns without advancing", nowNs()))));
        break;
      }
    } else {
      sameTimeSteps_ = 0;
    }
    now_ = next;
    // 8: NextTimeStep callbacks and the value changes they cause.
    if (!nextTimeStep_.empty()) {
      context_->time(now_);
      phase_ = Phase::kNextTimeStep;
      fireList(nextTimeStep_);
      drain();
      phase_ = Phase::kNormal;
      settle();
    }
  }
  result.finished = test.self_.done();
  result.error = error_;
  result.endTime = now_;
  result.endTimeNs = nowNs();
  result.evals = evals_;
  finishTest();
  return result;
}

void Scheduler::finishTest() {
  // When the test ends every task it started is cancelled, newest last.
  settleDeferred();
  phase_ = Phase::kNormal;
  aborted_ = false;
  std::vector<TaskCore*> remaining = live_;
  for (TaskCore* c : remaining) {
    if (c == test_) continue;
    try {
      cancel(*c);
    } catch (...) {
      // A task that throws while being cancelled at the end changes nothing about the outcome.
    }
  }
  if (test_ && (test_->state == TaskState::kWaiting || test_->state == TaskState::kScheduled)) {
    try {
      cancel(*test_);
    } catch (...) {
    }
  }
  aborted_ = true;
  noteActivity();
  phase_ = Phase::kFinished;
  releaseFinished();
}

}  // namespace xpo::tb
