// Event, Lock and Queue for coroutines (cocotb.triggers.Event/Lock, cocotb.queue.Queue).
#pragma once

#include <cstddef>
#include <deque>
#include <stdexcept>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "xpo/tb/task.h"
#include "xpo/tb/triggers.h"
#include "xpo/tb/waiter.h"

namespace xpo::tb {

namespace detail {
// Waits on a list owned by a sync primitive; the primitive fires it.
class ListTrigger : public TriggerBase<ListTrigger> {
 public:
  static constexpr bool kYieldsWhenReady = true;
  ListTrigger(WaiterList& list, const std::string* what, const bool* ready = nullptr)
      : list_(&list), what_(what), ready_(ready) {}
  bool prime(Waiter& w) const {
    if (ready_ && *ready_) return true;
    list_->pushBack(w);
    return false;
  }
  void unprime(Waiter& w) const { unlink(w); }
  std::string describe() const { return *what_; }

 private:
  WaiterList* list_;
  const std::string* what_;
  const bool* ready_;
};

// Fires every waiter of a list (each fire unlinks its node).
void fireAll(WaiterList& list);
// Fires the oldest waiter of a list, if any.
void fireFirst(WaiterList& list);
}  // namespace detail

class Event {
 public:
  explicit Event(std::string name = "event") : what_(fmt::format("Event('{}').wait()", name)) {}
  // Wakes every waiter; later waits succeed (after one yield, as in cocotb) until clear().
  void set() {
    set_ = true;
    detail::fireAll(waiters_);
  }
  void clear() { set_ = false; }
  bool isSet() const { return set_; }
  detail::ListTrigger wait() { return detail::ListTrigger(waiters_, &what_, &set_); }

 private:
  WaiterList waiters_;
  std::string what_;
  bool set_ = false;
};

// FIFO mutex: co_await lock.acquire(); ... lock.release(). As in cocotb 1.9, acquiring a free
// lock takes it at once but still yields, and release() hands the lock to the oldest waiter.
class Lock {
 public:
  explicit Lock(std::string name = "lock") : what_(fmt::format("Lock('{}').acquire()", name)) {}
  Task<> acquire();
  // Throws std::logic_error when the lock is not held.
  void release();
  bool locked() const { return locked_; }

 private:
  WaiterList waiters_;
  std::string what_;
  bool locked_ = false;
};

class QueueFull : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
class QueueEmpty : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bounded FIFO between coroutines (maxsize 0 = unbounded): put/get block, the _nowait forms
// throw QueueFull/QueueEmpty.
template <typename T>
class Queue {
 public:
  explicit Queue(std::size_t maxsize = 0, std::string name = "queue")
      : maxsize_(maxsize),
        putWhat_(fmt::format("Queue('{}').put()", name)),
        getWhat_(fmt::format("Queue('{}').get()", name)) {}

  std::size_t qsize() const { return items_.size(); }
  std::size_t maxsize() const { return maxsize_; }
  bool empty() const { return items_.empty(); }
  bool full() const { return maxsize_ != 0 && items_.size() >= maxsize_; }

  void putNowait(T item) {
    if (full()) throw QueueFull(fmt::format("{} on a full queue ({} items)", putWhat_, qsize()));
    items_.push_back(std::move(item));
    detail::fireFirst(getters_);
  }
  T getNowait() {
    if (empty()) throw QueueEmpty(fmt::format("{} on an empty queue", getWhat_));
    T item = std::move(items_.front());
    items_.pop_front();
    detail::fireFirst(putters_);
    return item;
  }
  Task<> put(T item) {
    while (full()) co_await detail::ListTrigger(putters_, &putWhat_);
    putNowait(std::move(item));
  }
  Task<T> get() {
    while (empty()) co_await detail::ListTrigger(getters_, &getWhat_);
    co_return getNowait();
  }

 private:
  std::size_t maxsize_;
  std::deque<T> items_;
  WaiterList putters_;
  WaiterList getters_;
  std::string putWhat_;
  std::string getWhat_;
};

}  // namespace xpo::tb
