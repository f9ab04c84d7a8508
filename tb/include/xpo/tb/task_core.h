// The scheduler's view of a task: where it is suspended, what it waits on, who waits for it.
#pragma once

#include <coroutine>
#include <cstdint>
#include <exception>
#include <string>

#include "xpo/tb/waiter.h"

namespace xpo::tb {

class Scheduler;
class PromiseBase;

// The three finished states come last (see ended()).
enum class TaskState : uint8_t {
  kCreated,    // coroutine object exists, not started
  kScheduled,  // in the ready queue
  kRunning,
  kWaiting,  // suspended on a trigger
  kDone,
  kFailed,  // finished with an exception
  kCancelled,
};

const char* taskStateName(TaskState s);
inline bool ended(TaskState s) { return s >= TaskState::kDone; }

// What a suspended task waits on; lets the scheduler cancel the wait and describe it.
class Awaiting {
 public:
  virtual void unprime() noexcept = 0;
  virtual std::string describe() const = 0;

 protected:
  ~Awaiting() = default;
};

struct TaskCore {
  std::coroutine_handle<> resumeAt{};  // innermost suspended frame of this task
  PromiseBase* root = nullptr;         // the frame that was started
  Awaiting* awaiting = nullptr;
  Scheduler* sched = nullptr;
  WaiterList joiners;
  std::string name;
  uint64_t id = 0;
  TaskState state = TaskState::kCreated;
  bool cancelRequested = false;
  bool isTest = false;
};

}  // namespace xpo::tb
