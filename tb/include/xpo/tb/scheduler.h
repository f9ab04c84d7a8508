// The event loop: cocotb's Verilator main loop (see docs/harness.md, "One time step"), driving one
// Verilated model through timed callbacks, value-change (edge) triggers, ReadWrite, ReadOnly and
// NextTimeStep phases.
#pragma once

#include <coroutine>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "xpo/tb/errors.h"
#include "xpo/tb/sim_time.h"
#include "xpo/tb/task_core.h"
#include "xpo/tb/waiter.h"

class VerilatedContext;

namespace xpo::tb {

class SignalBase;
class ClockDriver;

enum class Phase : uint8_t {
  kStartup,  // before the first time step: the test's code up to its first await
  kTimed,    // timed callbacks (Timer, Clock edges)
  kNormal,   // evaluation and value-change (edge) callbacks
  kReadWrite,
  kReadOnly,
  kNextTimeStep,
  kFinished,
};
const char* phaseName(Phase p);

// Type-erased access to a Verilated model, filled in by Dut<Model>.
struct ModelOps {
  void* model = nullptr;
  void (*evalStep)(void*) = nullptr;
  void (*evalEndStep)(void*) = nullptr;  // not called where Verilator generates it empty
  bool (*eventsPending)(void*) = nullptr;
  uint64_t (*nextTimeSlot)(void*) = nullptr;
  // Every edge trigger of the model is a top-level input the handles know about and the model
  // has no timing: see ModelTriggers and "Merged evaluations" in docs/harness.md.
  bool mergeableEvals = false;
  bool hasTiming = true;   // false: eventsPending() is always false, not worth asking
  void* tracer = nullptr;  // non-null when waves are on
  void (*dump)(void*, uint64_t) = nullptr;  // dump(tracer, time)
};

// Where a supervising process reads a forked test's progress (shared memory).
struct ProgressMirror {
  volatile uint64_t steps;
  volatile int precisionExp;
};

// Growable FIFO ring of task cores; allocates only when it grows.
class ReadyQueue {
 public:
  ReadyQueue() : buf_(64), mask_(63) {}
  bool empty() const { return count_ == 0; }
  void push(TaskCore* c) {
    if (count_ > mask_) [[unlikely]]
      grow();
    buf_[(head_ + count_) & mask_] = c;
    ++count_;
  }
  TaskCore* pop() {
    TaskCore* c = buf_[head_];
    head_ = (head_ + 1) & mask_;
    --count_;
    return c;
  }

 private:
  [[gnu::cold, gnu::noinline]] void grow();
  std::vector<TaskCore*> buf_;
  std::size_t mask_;  // buf_.size() - 1, a power of two minus one
  std::size_t head_ = 0;
  std::size_t count_ = 0;
};

class Scheduler {
 public:
  // The scheduler of the running test on this thread; throws std::logic_error if none.
  static Scheduler& current();
  // Out of line: g++ 12's UBSan reports a null load for the thread_local read through another
  // translation unit's TLS wrapper, though the variable is constant-initialized.
  static Scheduler* currentOrNull();

  Scheduler();
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void bindModel(const ModelOps& ops, VerilatedContext* context);
  bool hasModel() const { return ops_.evalStep != nullptr; }

  // ---- time
  uint64_t now() const { return now_; }
  // Model evaluations so far in this test.
  uint64_t evaluations() const { return evals_; }
  int precisionExp() const { return precisionExp_; }
  uint64_t toSteps(double value, TimeUnit unit) const {
    return xpo::tb::toSteps(value, unit, precisionExp_);
  }
  double nowIn(TimeUnit unit) const { return fromSteps(now_, unit, precisionExp_); }
  double nowNs() const { return nowIn(TimeUnit::kNs); }
  Phase phase() const { return phase_; }

  // ---- tasks
  void schedule(TaskCore& c) {
    c.state = TaskState::kScheduled;
    ready_.push(&c);
    noteActivity();
  }
  // Takes a reference on a started root task and queues it (start_soon; start() adds a yield).
  void adoptSoon(PromiseBase& p, std::string name);
  void cancel(TaskCore& c);
  TaskCore* currentTask() const { return running_; }
  // Called when a root task frame has run to completion.
  void taskFinished(TaskCore& c);

  // ---- triggers
  // The lists are handed out to be added to, which is activity (see noteActivity()).
  void addTimed(Waiter& w, uint64_t delaySteps) {
    timed_.push(w, now_ + delaySteps);
    noteActivity();
  }
  void removeTimed(Waiter& w) {
    timed_.remove(w);
    noteActivity();
  }
  WaiterList& readWriteWaiters() {
    noteActivity();
    return readWrite_;
  }
  WaiterList& readOnlyWaiters() {
    noteActivity();
    return readOnly_;
  }
  WaiterList& nextTimeStepWaiters() {
    noteActivity();
    return nextTimeStep_;
  }

  // Clock drivers live as long as the scheduler, so a temporary Clock keeps running.
  ClockDriver& adoptClock(std::unique_ptr<ClockDriver> driver);

  // ---- signals
  void watch(SignalBase& s);
  // Queues s, which has no write pending yet, for the ReadWrite phase (defined in signal.h).
  // unmergeable: the signal is an edge input or watched, so its write cannot be merged in place.
  inline void queueWrite(SignalBase& s, bool unmergeable);
  void markDirty(bool edgeInput) {
    dirty_ = true;
    edgeDirty_ |= edgeInput;
  }
  // ---- merged evaluations
  // After a ReadWrite phase whose writes only reach data inputs and that nothing in the step can
  // observe, the evaluation is left to the next time step's (one evaluation instead of two).
  // Anything that reads design state first settles it, as if it had been evaluated in its step.
  bool deferred() const { return deferred_; }
  void settleDeferred() {
    if (deferred_) evalDeferred();
  }
  // A clock drive (var from its current value to after) while an evaluation is deferred: undone
  // while settling, so the deferred evaluation sees the inputs of its own step, then redone.
  // Out of line and cold: the clock's store that calls it stays small enough to inline.
  [[gnu::cold, gnu::noinline]] void noteDriveWhileDeferred(uint8_t& var, uint8_t after) {
    deferredDrives_.push_back({&var, var, after});
  }
  // Tests and tools that need the evaluation of every step in its step (waves do this too).
  void setMergeEvaluations(bool on) {
    mergeEvaluations_ = on;
    mayMerge_ = on && ops_.mergeableEvals && ops_.tracer == nullptr;
    noteActivity();
  }
  // Quiet clock steps and edges awaited in place (docs/harness.md, "Shortcuts"); off, every step
  // takes the full schedule, from the next step (or await) on. For tests that compare the two.
  void setClockShortcuts(bool on) {
    clockShortcuts_ = on;
    noteActivity();
  }
  // Steps run as quiet clock steps so far.
  uint64_t quietSteps() const { return quietSteps_ + stepsInPlace_; }
  // Of those, the steps a task ran itself while it awaited a clock edge (see advanceInPlace()).
  uint64_t stepsInPlace() const { return stepsInPlace_; }

  // A task that awaits an edge of the clock whose quiet step it is running in, and that nothing
  // else waits on or runs before, would be the only thing that edge wakes. Then it runs the steps
  // up to that edge itself (the rest of this step, silent edges, the awaited edge) and continues
  // without suspending, as the scheduler would resume it there ("Shortcuts" in docs/harness.md).
  // kinds: the EdgeKind mask; edges: how many matching edges (ClockCycles counts more than one).
  // False, with nothing done, when that does not hold; false also when the design ends the test
  // on the way (the task then suspends and the scheduler sees the abort).
  bool advanceInPlace(const SignalBase& s, uint32_t kinds, const TaskCore& core) {
    return inPlaceClock_ != nullptr && advanceInPlaceToEdge(s, kinds, core);
  }
  bool advanceInPlace(const SignalBase& s, uint32_t kinds, const TaskCore& core, uint64_t edges) {
    return inPlaceClock_ != nullptr && advanceInPlaceCycles(s, kinds, core, edges);
  }
  // Something happened that could make a step wake another task or take the full schedule: a task
  // queued, finished or cancelled, a waiter added to a signal or a phase, a timer added or removed,
  // a signal watched, written while watched or set at once, the model touched directly, an abort,
  // a setting changed. The next edge awaited in place then runs all of mayAdvanceInPlace()'s
  // checks, not only those that each await can change by itself (see quietChecked()).
  void noteActivity() { quiet_ = Quiet::kUnknown; }
  // Tests: run all the checks before every edge awaited in place, and abort the test with a
  // std::logic_error if they fail where nothing was noted since they last passed (some state
  // changed without noteActivity()). XPO_CHECK_SHORTCUTS=1 turns it on for a run.
  void setCheckShortcuts(bool on) {
    checkShortcuts_ = on;
    noteActivity();
  }
  // A watched test-bench-driven signal was written: poll it at the next value-change round.
  // Out of line and cold: a write to a watched input is rare, and the write path stays small.
  [[gnu::cold, gnu::noinline]] void noteInputWrite(SignalBase& s) {
    writtenInputs_.push_back(&s);
    noteActivity();
  }
  // Throws PhaseError naming the signal when a write is not allowed now.
  void checkWrite(const std::string& signal) const {
    if (phase_ == Phase::kReadOnly) throwWriteInReadOnly(signal);
  }

  // ---- running a test
  struct Result {
    bool finished = false;     // the test coroutine returned or threw
    std::exception_ptr error;  // the test's or an unjoined task's exception
    uint64_t endTime = 0;      // steps
    double endTimeNs = 0;
    uint64_t evals = 0;
  };
  // Runs until the test task finishes, an error aborts it, timeoutSteps (0 = none) pass, or
  // nothing is left to do. Cancels every task still alive afterwards.
  Result run(PromiseBase& test, std::string name, uint64_t timeoutSteps, std::string timeoutText);

  // One line per live task: its name, state and what it waits on.
  std::string describeWaits() const;
  // Aborts the running test with this error (first one wins).
  void abort(std::exception_ptr error);
  // Every scheduler in this process copies its sim time there at each step (fork mode).
  static void setProgressMirror(ProgressMirror* mirror) { mirror_ = mirror; }

 private:
  [[noreturn]] void throwWriteInReadOnly(const std::string& signal) const;
  void resume(TaskCore& c);
  void drain() {
    if (!ready_.empty() || !finished_.empty()) drainReady();
  }
  void drainReady();
  // Value-change rounds; most calls find nothing to do and return here.
  void settle() {
    if (ready_.empty() && finished_.empty() && writtenInputs_.empty() &&
        !(outputsChanged_ && !watchedOutputs_.empty())) {
      return;
    }
    settleRounds();
  }
  void settleRounds();
  bool pollSignals();
  bool pollOne(SignalBase& s);

 public:
  // Fires s's edge waiters that match a change (bit 0 rose, fell, or neither for other changes).
  void fireEdge(SignalBase& s, bool rose, bool fell);

 private:
  // fireEdge() for more than one waiter.
  [[gnu::noinline]] void fireEdgeWaiters(WaiterList& list, bool rose, bool fell);
  void applyWrites();
  void fireList(WaiterList& list);
  // The clock whose edge is the only timed event due now, if that is what the step holds.
  ClockDriver* loneClockEdgeDue() const;
  // Nothing but the step's timed callbacks can start work: no model timing, nothing queued or
  // written, no phase waiters, no watched design-driven signal.
  bool stepIsQuiet() const {
    return !ops_.hasTiming && ready_.empty() && !pendingWrites_ && writtenInputs_.empty() &&
           readWrite_.empty() && readOnly_.empty() && watchedOutputs_.empty();
  }
  // A quiet step with only a clock edge that no waiter is for: the edge and the evaluation.
  void silentClockEdge(ClockDriver& clock);
  // A lone clock edge in a quiet step: timeStep() without its polling rounds, as long as the tasks
  // the edge wakes leave nothing to poll. Returns whether the step ended quiet.
  bool quietClockEdge(ClockDriver& clock);
  // The part of a quiet clock step after its woken tasks ran; false when it had to finish the step
  // through the full schedule.
  bool endQuietClockEdge();
  // Quiet steps of this clock back to back, for as long as they stay quiet and the clock is the
  // only timed callback; returns after the last step it ran (run() then advances as usual).
  void quietClockSteps(ClockDriver& clock);
  // Moves to the next edge of the quiet loop's clock: its time, and the progress mirror.
  void advanceToClockEdge(const ClockDriver& clock);
  bool advanceInPlaceToEdge(const SignalBase& s, uint32_t kinds, const TaskCore& core);
  bool advanceInPlaceCycles(const SignalBase& s, uint32_t kinds, const TaskCore& core,
                            uint64_t edges);
  // The checks shared by both: s is the clock and the steps to its edge wake nobody else.
  bool mayAdvanceInPlace(const SignalBase& s, const TaskCore& core, const ClockDriver& clock);
  // The checks of mayAdvanceInPlace() that only noted activity can change; remembers a pass.
  [[gnu::noinline]] bool quietChecked(const SignalBase& s, const ClockDriver& clock);
  [[gnu::cold, gnu::noinline]] void abortOnUnnotedActivity(const SignalBase& s,
                                                           const ClockDriver& clock);
  // Whether the clock's next edge is not one of kinds (the awaited one is then the edge after).
  static bool silentEdgeFirst(const ClockDriver& clock, uint32_t kinds);
  // The rest of the step a task advances in place from; false when the design ended the test.
  bool endStepInPlace();
  // A silent clock edge run in place: the next edge's time, the edge, the evaluation. False when
  // the design ended the test.
  bool silentStepInPlace(ClockDriver& clock);
  // The awaited edge of a step run in place, the steps-th since the task began to await it.
  // afterSilentStep: a silent step's evaluation came just before, so nothing is deferred.
  void awaitedEdgeInPlace(ClockDriver& clock, uint64_t steps, bool afterSilentStep);
  // Counts steps run in place (quietSteps() counts them too).
  void countStepsInPlace(uint64_t steps) { stepsInPlace_ += steps; }
  void evalEndStep();
  void timeStep(ClockDriver* clock);  // clock: loneClockEdgeDue()
  // 3-6 of a time step, from the given ReadWrite round.
  void evaluateStep(int firstIteration);
  void endStep();
  // Both return false when the design ended the test ($finish, $stop, $fatal).
  bool evalModel();
  bool evaluate();
  [[gnu::cold, gnu::noinline]] void abortOnFinish();
  bool mayDeferEval() const {
    // Nothing may look at the design before the next step's evaluation would: no waves, no
    // ReadOnly or ReadWrite waiter, no edge waiter on a design-driven signal, and no write that
    // could start a process by itself (that must happen at this step's time).
    return mayMerge_ && !edgeDirty_ && !pendingWrites_ && readWrite_.empty() && readOnly_.empty() &&
           watchedOutputs_.empty() && ready_.empty() && !aborted_;
  }
  void evalDeferred();
  void finishTest();
  void releaseFinished();

  static thread_local Scheduler* current_;
  static ProgressMirror* mirror_;

  ModelOps ops_{};
  VerilatedContext* context_ = nullptr;
  int precisionExp_ = -12;
  uint64_t now_ = 0;
  Phase phase_ = Phase::kStartup;
  bool dirty_ = true;      // written since the last evaluation
  bool edgeDirty_ = true;  // an edge input (clock, asynchronous reset) among those writes
  bool deferred_ = false;  // dirty_ from a ReadWrite phase whose evaluation was merged
  bool mergeEvaluations_ = true;
  bool clockShortcuts_ = true;
  bool mayMerge_ = false;       // mergeEvaluations_, a model whose evaluations merge, and no waves
  bool outputsChanged_ = true;  // the model evaluated since the last poll
  bool aborted_ = false;
  TaskCore* running_ = nullptr;
  TaskCore* test_ = nullptr;
  std::exception_ptr error_;
  uint64_t evals_ = 0;
  uint64_t quietSteps_ = 0;  // not counting stepsInPlace_
  uint64_t stepsInPlace_ = 0;
  // A pending write is to an edge input or to a signal that is (or was, when written) watched.
  bool unmergeableWrite_ = false;
  // kQuiet: quietChecked() passed and no activity was noted since; kQuietChecking: the same, with
  // checkShortcuts_ on (the checks run anyway); kUnknown: activity since, or never checked.
  enum class Quiet : uint8_t { kUnknown, kQuiet, kQuietChecking };
  Quiet quiet_ = Quiet::kUnknown;
  bool checkShortcuts_ = false;
  uint64_t deadline_ = 0;  // of the running test, in steps
  // The clock of the quiet step whose woken tasks are running, while they may advance in place.
  ClockDriver* inPlaceClock_ = nullptr;
  uint64_t nextTaskId_ = 1;
  int drainDepth_ = 0;
  int sameTimeSteps_ = 0;

  ReadyQueue ready_;
  TimedHeap timed_;
  WaiterList readWrite_;
  WaiterList readOnly_;
  WaiterList nextTimeStep_;
  std::vector<SignalBase*> watchedOutputs_;  // design-driven signals with waiters
  std::vector<SignalBase*> writtenInputs_;   // watched inputs written since the last poll
  struct DeferredDrive {
    uint8_t* var;
    uint8_t before;
    uint8_t after;
  };
  std::vector<DeferredDrive> deferredDrives_;
  // Signals with a write pending, in the order of their first write in the step, linked through
  // SignalBase::nextPending_: queuing one is two stores, with no capacity to check.
  SignalBase* pendingWrites_ = nullptr;
  SignalBase** pendingTail_ = &pendingWrites_;
  std::vector<Waiter*> firing_;
  std::vector<TaskCore*> live_;  // started root tasks not yet finished, in start order
  std::vector<PromiseBase*> finished_;
  std::vector<std::unique_ptr<ClockDriver>>
      clocks_;  // finished roots whose scheduler reference is pending release
};

}  // namespace xpo::tb
