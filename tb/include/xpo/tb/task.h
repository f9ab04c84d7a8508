// Task<T>: the coroutine type of tests and of everything they start (cocotb's Task/coroutine).
// A Task is lazy. co_await on a Task that has not started runs it inline in the awaiting task, as
// `await coro` does in cocotb; co_await on a started Task joins it. start_soon()/start() make it a
// task of its own. Copies of a Task share the coroutine frame.
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "xpo/tb/errors.h"
#include "xpo/tb/scheduler.h"
#include "xpo/tb/task_core.h"

namespace xpo::tb {

template <typename T>
class Task;

class PromiseBase {
 public:
  TaskCore* core_ = nullptr;  // the task this frame runs in: own_, or the inline awaiter's
  TaskCore own_;
  std::coroutine_handle<> self_{};
  std::coroutine_handle<> continuation_{};  // set when awaited inline
  std::exception_ptr exception_;
  unsigned refs_ = 0;

  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <typename P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      PromiseBase& p = h.promise();
      if (p.continuation_) return p.continuation_;
      return std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };

  std::suspend_always initial_suspend() noexcept { return {}; }
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { exception_ = std::current_exception(); }

  bool started() const { return core_ != nullptr; }
  // Ran to completion, or was cancelled before it ever ran.
  bool done() const { return self_.done() || own_.state == TaskState::kCancelled; }

  void addRef() { ++refs_; }
  void release() {
    if (--refs_ != 0) return;
    if (!started() && own_.state != TaskState::kCancelled) warnNeverStarted();
    self_.destroy();
  }
  // Python's "coroutine was never awaited": a Task dropped before it ran is almost always a
  // forgotten co_await or startSoon().
  static void warnNeverStarted();

  // Makes this frame a task of its own.
  void makeRoot(Scheduler& s, std::string name, uint64_t id) {
    core_ = &own_;
    own_.root = this;
    own_.resumeAt = self_;
    own_.sched = &s;
    own_.name = std::move(name);
    own_.id = id;
  }
};

namespace detail {
template <typename T>
class ValuePromise : public PromiseBase {
 public:
  template <typename U>
  void return_value(U&& v) {
    value_.emplace(std::forward<U>(v));
  }
  T take() { return std::move(*value_); }
  const T& peek() const { return *value_; }

 private:
  std::optional<T> value_;
};
class VoidPromise : public PromiseBase {
 public:
  void return_void() {}
};
}  // namespace detail

// Rethrows the outcome of a finished task for an awaiter or result(): its exception, or
// CancelledError when it was cancelled.
void rethrowOutcome(PromiseBase& p);

template <typename T = void>
class Task {
 public:
  // The name is fixed by the C++ coroutine protocol.
  class promise_type  // NOLINT(readability-identifier-naming)
      : public std::conditional_t<std::is_void_v<T>, detail::VoidPromise, detail::ValuePromise<T>> {
   public:
    Task get_return_object() {
      this->self_ = std::coroutine_handle<promise_type>::from_promise(*this);
      return Task(this);
    }
  };

  Task() = default;
  Task(const Task& o) : p_(o.p_) {
    if (p_) p_->addRef();
  }
  Task(Task&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  Task& operator=(Task o) noexcept {
    std::swap(p_, o.p_);
    return *this;
  }
  ~Task() {
    if (p_) p_->release();
  }

  bool valid() const { return p_ != nullptr; }
  bool started() const { return p_ && p_->started(); }
  bool done() const { return p_ && p_->done(); }
  bool cancelled() const { return p_ && p_->started() && p_->own_.state == TaskState::kCancelled; }
  const std::string& name() const { return p_->own_.name; }

  // cocotb Task.result(): the value, or the task's exception rethrown; InvalidStateError if not
  // finished; CancelledError if cancelled.
  T result() {
    if (!done()) {
      throw InvalidStateError(
          fmt::format("result() of task '{}' which has not finished",
                      started() ? p_->own_.name : std::string("<not started>")));
    }
    rethrowOutcome(*p_);
    if constexpr (!std::is_void_v<T>) return promise().peek();
  }

  // cocotb Task.cancel(): throws CancelledError into the task at its await point now.
  void cancel() {
    if (!p_) return;
    if (!started()) {
      // Never ran: nothing to unwind. Mark it so that awaiting it raises CancelledError.
      p_->own_.state = TaskState::kCancelled;
      return;
    }
    if (p_->core_ != &p_->own_) {
      throw std::logic_error("cancel() of a coroutine that runs inline in another task");
    }
    p_->own_.sched->cancel(p_->own_);
  }

  promise_type& promise() const { return *static_cast<promise_type*>(p_); }
  PromiseBase* base() const { return p_; }

  class Awaiter final : public Awaiting {
   public:
    explicit Awaiter(Task t) : task_(std::move(t)) {}
    bool await_ready() { return task_.p_->done(); }
    template <typename P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) {
      PromiseBase& me = h.promise();
      PromiseBase* p = task_.p_;
      if (!p->started()) {
        // Inline: the child runs inside the awaiting task, and resumes it when it ends.
        inline_ = true;
        p->core_ = me.core_;
        p->continuation_ = h;
        me.core_->resumeAt = p->self_;
        return p->self_;
      }
      core_ = me.core_;
      core_->resumeAt = h;
      core_->awaiting = this;
      core_->state = TaskState::kWaiting;
      node_.owner = core_;
      node_.fire = &fireJoin;
      p->own_.joiners.pushBack(node_);
      return std::noop_coroutine();
    }
    T await_resume() {
      if (core_) {
        core_->awaiting = nullptr;
        if (core_->cancelRequested) {
          throw CancelledError(fmt::format("task '{}' cancelled", core_->name));
        }
      }
      rethrowOutcome(*task_.p_);
      if constexpr (!std::is_void_v<T>) return task_.promise().take();
    }
    void unprime() noexcept override { unlink(node_); }
    std::string describe() const override {
      return fmt::format("Join(task '{}')", task_.p_->own_.name);
    }

   private:
    static void fireJoin(Waiter& w) {
      auto* c = static_cast<TaskCore*>(w.owner);
      unlink(w);
      c->sched->schedule(*c);
    }
    Task task_;
    Waiter node_;
    TaskCore* core_ = nullptr;
    bool inline_ = false;
  };

  Awaiter operator co_await() const& { return Awaiter(*this); }
  Awaiter operator co_await() && { return Awaiter(std::move(*this)); }

 private:
  explicit Task(PromiseBase* p) : p_(p) { p_->addRef(); }
  PromiseBase* p_ = nullptr;
};

namespace detail {
// startSoon() and start() take only a task that exists and has not run yet.
template <typename T>
void requireUnstarted(const Task<T>& task, const char* what) {
  if (!task.valid()) throw std::invalid_argument(fmt::format("{} of an empty Task", what));
  if (task.started()) {
    throw std::invalid_argument(
        fmt::format("{} of task '{}' which already started", what, task.name()));
  }
}
}  // namespace detail

// cocotb.start_soon(): the task starts once the current coroutine yields, in this time step.
template <typename T>
Task<T> startSoon(Task<T> task, const std::string& name = {}) {
  detail::requireUnstarted(task, "startSoon()");
  Scheduler::current().adoptSoon(*task.base(), name);
  return task;
}

}  // namespace xpo::tb
