// Triggers, named and behaving as cocotb's: Timer, RisingEdge, FallingEdge, Edge, ClockCycles,
// ReadWrite, ReadOnly, NextTimeStep, First, Combine, Join. Each is a small value; co_await on it
// suspends the task on an intrusive node in the task's own frame (no allocation).
#pragma once

#include <array>
#include <coroutine>
#include <cstddef>
#include <new>
#include <string>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "xpo/tb/errors.h"
#include "xpo/tb/scheduler.h"
#include "xpo/tb/signal.h"
#include "xpo/tb/task.h"
#include "xpo/tb/waiter.h"

namespace xpo::tb {

namespace detail {

[[noreturn, gnu::cold, gnu::noinline]] void throwCancelled(const TaskCore& core);
inline void throwIfCancelled(TaskCore* core) {
  if (core->cancelRequested) throwCancelled(*core);
}

// Suspends the awaiting task on one trigger. Trig provides:
//   void check() const            -- phase rules at await time (may throw)
//   bool prime(Waiter&)           -- start waiting; true if already satisfied
//   kYieldsWhenReady              -- whether "already satisfied" still yields once
//   kAdvancesInPlace              -- an edge trigger: bool advanceInPlace(const TaskCore&) may
//                                    run the steps to its edge in place (Scheduler::advanceInPlace)
//   void unprime(Waiter&)
//   static bool step(Waiter&)     -- a fire counts towards completion; true when complete
//   std::string describe() const
template <typename Trig>
class TriggerAwaiter final : public Awaiting {
 public:
  explicit TriggerAwaiter(const Trig& t) : trig_(t) {}
  bool await_ready() {
    trig_.check();
    return false;
  }
  template <typename P>
  bool await_suspend(std::coroutine_handle<P> h) {
    core_ = h.promise().core_;
    if constexpr (Trig::kAdvancesInPlace) {
      if (trig_.advanceInPlace(*core_)) return false;
    }
    new (&node_) Waiter();
    node_.owner = this;
    node_.fire = &fire;
    const bool satisfied = trig_.prime(node_);
    if constexpr (!Trig::kYieldsWhenReady) {
      if (satisfied) return false;
    }
    core_->resumeAt = h;
    core_->awaiting = this;
    if (satisfied) {
      // cocotb 1.9 still hands an already-fired Event or a free Lock to its scheduler, so the
      // tasks queued before this one run first (Parity event_already_set, lock).
      core_->sched->schedule(*core_);
    } else {
      core_->state = TaskState::kWaiting;
    }
    return true;
  }
  void await_resume() {
    core_->awaiting = nullptr;
    throwIfCancelled(core_);
  }
  void unprime() noexcept override { trig_.unprime(node_); }
  std::string describe() const override { return trig_.describe(); }

 private:
  static void fire(Waiter& w) {
    if (!Trig::step(w)) return;
    unlink(w);
    auto* self = static_cast<TriggerAwaiter*>(w.owner);
    self->core_->sched->schedule(*self->core_);
  }
  Trig trig_;
  // Constructed when the task suspends: an edge awaited in place never needs it, so its fields are
  // not filled in on that path. Trivially destructible, so nothing destroys it.
  union {
    Waiter node_;
  };
  TaskCore* core_ = nullptr;
};

template <typename Derived>
struct TriggerBase {
  // When prime() finds the trigger already satisfied: false resumes at once, true goes to the
  // back of the ready queue first.
  static constexpr bool kYieldsWhenReady = false;
  static constexpr bool kAdvancesInPlace = false;
  void check() const {}
  static bool step(Waiter&) { return true; }
  TriggerAwaiter<Derived> operator co_await() const {
    return TriggerAwaiter<Derived>(static_cast<const Derived&>(*this));
  }
};

}  // namespace detail

namespace detail {
// Always satisfied, but still goes through the ready queue: what cocotb's NullTrigger does.
struct Yield : TriggerBase<Yield> {
  static constexpr bool kYieldsWhenReady = true;
  bool prime(Waiter&) const { return true; }
  void unprime(Waiter&) const {}
  std::string describe() const { return "yield"; }
};
}  // namespace detail

// cocotb.start(): `co_await start(task)` queues the task like startSoon() and yields, so the task
// and every task queued before it run up to their first await; then the caller resumes, in the
// same step, with the started task.
template <typename T>
class [[nodiscard]] StartAwaiter {
 public:
  StartAwaiter(Task<T> task, std::string name) : task_(std::move(task)), name_(std::move(name)) {}
  bool await_ready() {
    startSoon(task_, name_);
    return yield_.await_ready();
  }
  template <typename P>
  bool await_suspend(std::coroutine_handle<P> h) {
    return yield_.await_suspend(h);
  }
  Task<T> await_resume() {
    yield_.await_resume();
    return std::move(task_);
  }

 private:
  Task<T> task_;
  std::string name_;
  detail::TriggerAwaiter<detail::Yield> yield_{detail::Yield{}};
};

template <typename T>
StartAwaiter<T> start(Task<T> task, std::string name = {}) {
  detail::requireUnstarted(task, "start()");
  return StartAwaiter<T>(std::move(task), std::move(name));
}

// Fires after a delay. Rejects delays that are not whole simulator steps, and zero (use
// ReadWrite() or NextTimeStep() for "later in this step" and "next step").
class Timer : public detail::TriggerBase<Timer> {
 public:
  Timer(double value, TimeUnit unit);
  bool prime(Waiter& w) const {
    sched_->addTimed(w, steps_);
    return false;
  }
  void unprime(Waiter& w) const { sched_->removeTimed(w); }
  std::string describe() const;
  uint64_t steps() const { return steps_; }

 private:
  Scheduler* sched_;
  uint64_t steps_;
  double value_;
  TimeUnit unit_;
};

std::string describeEdge(EdgeKind kind, const SignalBase& s);

// The kind of change is the trigger's type, not a member: a trigger is then one pointer, which
// its awaiter copies with one load the store before it forwards to (a 16-byte copy of a pointer
// and a kind stored apart stalls the load on every await).
template <EdgeKind Kind>
class EdgeTrigger {
 public:
  explicit EdgeTrigger(SignalBase& s) : sig_(&s) {}
  void check() const {}
  bool prime(Waiter& w) const {
    sig_->addWaiter(w, Kind);
    return false;
  }
  void unprime(Waiter& w) const { unlink(w); }
  static bool step(Waiter&) { return true; }
  bool advanceInPlace(const TaskCore& core) const {
    return sig_->scheduler().advanceInPlace(*sig_, static_cast<uint32_t>(Kind), core);
  }
  std::string describe() const { return describeEdge(Kind, *sig_); }

 protected:
  SignalBase* sig_;
};

// Rising/FallingEdge need a one-bit signal, as cocotb requires; Edge takes any width.
class RisingEdge : public EdgeTrigger<EdgeKind::kRising>, public detail::TriggerBase<RisingEdge> {
 public:
  template <bool Wr>
  explicit RisingEdge(Signal<1, Wr>& s) : EdgeTrigger(s) {}
  static constexpr bool kAdvancesInPlace = true;
  using EdgeTrigger::check;
  using EdgeTrigger::step;
};
class FallingEdge : public EdgeTrigger<EdgeKind::kFalling>,
                    public detail::TriggerBase<FallingEdge> {
 public:
  template <bool Wr>
  explicit FallingEdge(Signal<1, Wr>& s) : EdgeTrigger(s) {}
  static constexpr bool kAdvancesInPlace = true;
  using EdgeTrigger::check;
  using EdgeTrigger::step;
};
class Edge : public EdgeTrigger<EdgeKind::kAny>, public detail::TriggerBase<Edge> {
 public:
  explicit Edge(SignalBase& s) : EdgeTrigger(s) {}
  static constexpr bool kAdvancesInPlace = true;
  using EdgeTrigger::check;
  using EdgeTrigger::step;
};

// Fires after n rising (or falling) edges of a one-bit signal; counts edges without resuming
// the task at each one.
class ClockCycles : public detail::TriggerBase<ClockCycles> {
 public:
  template <bool Wr>
  ClockCycles(Signal<1, Wr>& s, uint64_t cycles, bool rising = true)
      : sig_(&s), cycles_(cycles), rising_(rising) {}
  static constexpr bool kAdvancesInPlace = true;
  bool prime(Waiter& w) const {
    if (cycles_ == 0) return true;
    w.count = cycles_;
    sig_->addWaiter(w, kind());
    return false;
  }
  void unprime(Waiter& w) const { unlink(w); }
  static bool step(Waiter& w) { return --w.count == 0; }
  bool advanceInPlace(const TaskCore& core) const {
    return cycles_ != 0 &&
           sig_->scheduler().advanceInPlace(*sig_, static_cast<uint32_t>(kind()), core, cycles_);
  }
  std::string describe() const;

 private:
  EdgeKind kind() const { return rising_ ? EdgeKind::kRising : EdgeKind::kFalling; }
  SignalBase* sig_;
  uint64_t cycles_;
  bool rising_;
};

// Resumes in this time step's ReadWrite phase, after pending writes are applied. Not allowed
// from the ReadOnly phase.
class ReadWrite : public detail::TriggerBase<ReadWrite> {
 public:
  ReadWrite() : sched_(&Scheduler::current()) {}
  void check() const;
  bool prime(Waiter& w) const {
    sched_->readWriteWaiters().pushBack(w);
    return false;
  }
  void unprime(Waiter& w) const { unlink(w); }
  std::string describe() const { return "ReadWrite()"; }

 private:
  Scheduler* sched_;
};

// Resumes once this time step has settled; writes are then an error until the step ends.
class ReadOnly : public detail::TriggerBase<ReadOnly> {
 public:
  ReadOnly() : sched_(&Scheduler::current()) {}
  void check() const;
  bool prime(Waiter& w) const {
    sched_->readOnlyWaiters().pushBack(w);
    return false;
  }
  void unprime(Waiter& w) const { unlink(w); }
  std::string describe() const { return "ReadOnly()"; }

 private:
  Scheduler* sched_;
};

// Resumes at the start of the next time step, before its timed callbacks.
class NextTimeStep : public detail::TriggerBase<NextTimeStep> {
 public:
  NextTimeStep() : sched_(&Scheduler::current()) {}
  bool prime(Waiter& w) const {
    sched_->nextTimeStepWaiters().pushBack(w);
    return false;
  }
  void unprime(Waiter& w) const { unlink(w); }
  std::string describe() const { return "NextTimeStep()"; }

 private:
  Scheduler* sched_;
};

// Waits for a started task to finish, as a trigger usable inside First/Combine.
template <typename T>
class Join : public detail::TriggerBase<Join<T>> {
 public:
  explicit Join(const Task<T>& t) : task_(t) {
    if (!t.started()) throw std::invalid_argument("Join() of a task that has not been started");
  }
  bool prime(Waiter& w) const {
    if (task_.done()) return true;
    task_.base()->own_.joiners.pushBack(w);
    return false;
  }
  void unprime(Waiter& w) const { unlink(w); }
  std::string describe() const { return fmt::format("Join(task '{}')", task_.name()); }

 private:
  Task<T> task_;
};

namespace detail {
template <typename T>
struct AsTrigger {
  using type = T;
  static const T& convert(const T& t) { return t; }
};
template <typename T>
struct AsTrigger<Task<T>> {
  using type = Join<T>;
  static Join<T> convert(const Task<T>& t) { return Join<T>(t); }
};

// First and Combine: one node per sub-trigger, all primed at once.
template <bool kAll, typename... Trigs>
class CompoundAwaiter final : public Awaiting {
  static constexpr std::size_t kCount = sizeof...(Trigs);

 public:
  explicit CompoundAwaiter(Trigs... t) : trigs_(std::move(t)...) {}
  CompoundAwaiter(const CompoundAwaiter&) = delete;
  CompoundAwaiter(CompoundAwaiter&& o) noexcept : trigs_(std::move(o.trigs_)) {}

  bool await_ready() {
    std::apply([](const auto&... t) { (t.check(), ...); }, trigs_);
    return false;
  }
  template <typename P>
  bool await_suspend(std::coroutine_handle<P> h) {
    core_ = h.promise().core_;
    remaining_ = kCount;
    if (primeAll(std::make_index_sequence<kCount>{})) return false;
    core_->resumeAt = h;
    core_->awaiting = this;
    core_->state = TaskState::kWaiting;
    return true;
  }
  // First: index of the trigger that fired. Combine: kCount.
  std::size_t await_resume() {
    core_->awaiting = nullptr;
    throwIfCancelled(core_);
    return fired_;
  }
  void unprime() noexcept override { unprimeAll(std::make_index_sequence<kCount>{}); }
  std::string describe() const override {
    std::string s = kAll ? "Combine(" : "First(";
    describeAll(s, std::make_index_sequence<kCount>{});
    return s + ")";
  }

 private:
  template <std::size_t... I>
  bool primeAll(std::index_sequence<I...>) {
    bool satisfied = false;
    ((satisfied = satisfied || primeOne<I>()), ...);
    if (satisfied) unprimeAll(std::make_index_sequence<kCount>{});
    return satisfied;
  }
  // True when the compound is satisfied at once.
  template <std::size_t I>
  bool primeOne() {
    Waiter& w = nodes_[I];
    w.owner = this;
    w.index = I;
    w.fire = &fireSub<I>;
    if (!std::get<I>(trigs_).prime(w)) return false;
    if constexpr (kAll) {
      return --remaining_ == 0 && (fired_ = kCount, true);
    } else {
      fired_ = I;
      return true;
    }
  }
  template <std::size_t... I>
  void unprimeAll(std::index_sequence<I...>) {
    (std::get<I>(trigs_).unprime(nodes_[I]), ...);
  }
  template <std::size_t... I>
  void describeAll(std::string& s, std::index_sequence<I...>) const {
    ((s += (I ? ", " : "") + std::get<I>(trigs_).describe()), ...);
  }
  template <std::size_t I>
  static void fireSub(Waiter& w) {
    using Trig = std::tuple_element_t<I, std::tuple<Trigs...>>;
    if (!Trig::step(w)) return;
    unlink(w);
    auto* self = static_cast<CompoundAwaiter*>(w.owner);
    if constexpr (kAll) {
      if (--self->remaining_ != 0) return;
      self->fired_ = kCount;
    } else {
      self->fired_ = I;
      self->unprimeAll(std::make_index_sequence<kCount>{});
    }
    self->core_->sched->schedule(*self->core_);
  }

  std::tuple<Trigs...> trigs_;
  std::array<Waiter, kCount> nodes_{};
  TaskCore* core_ = nullptr;
  std::size_t remaining_ = kCount;
  std::size_t fired_ = 0;
};
}  // namespace detail

// Resumes on the first of its triggers (a Task counts as Join(task)); returns that trigger's
// index and drops the others.
template <typename... Ts>
auto First(const Ts&... triggers) {
  static_assert(sizeof...(Ts) >= 1, "First() needs at least one trigger");
  return detail::CompoundAwaiter<false, typename detail::AsTrigger<Ts>::type...>(
      detail::AsTrigger<Ts>::convert(triggers)...);
}

// Resumes once all of its triggers have fired.
template <typename... Ts>
auto Combine(const Ts&... triggers) {
  static_assert(sizeof...(Ts) >= 1, "Combine() needs at least one trigger");
  return detail::CompoundAwaiter<true, typename detail::AsTrigger<Ts>::type...>(
      detail::AsTrigger<Ts>::convert(triggers)...);
}

}  // namespace xpo::tb
