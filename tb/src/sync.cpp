#include "xpo/tb/sync.h"

namespace xpo::tb {

namespace detail {
void fireAll(WaiterList& list) {
  while (!list.empty()) {
    Waiter* w = list.front();
    w->fire(*w);
    unlink(*w);
  }
}
void fireFirst(WaiterList& list) {
  if (list.empty()) return;
  Waiter* w = list.front();
  w->fire(*w);
  unlink(*w);
}
}  // namespace detail

namespace {
constexpr bool kFree = true;
}

Task<> Lock::acquire() {
  if (!locked_) {
    locked_ = true;
    co_await detail::ListTrigger(waiters_, &what_, &kFree);
    co_return;
  }
  // release() hands the lock over: it stays locked and this waiter is the owner when woken.
  co_await detail::ListTrigger(waiters_, &what_);
}

void Lock::release() {
  if (!locked_)
    throw std::logic_error(fmt::format("{}: release() of a lock that is not held", what_));
  if (waiters_.empty()) {
    locked_ = false;
  } else {
    detail::fireFirst(waiters_);
  }
}

}  // namespace xpo::tb
