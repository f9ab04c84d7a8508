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

Task<> Lock::acquire() {
  while (locked_) co_await detail::ListTrigger(waiters_, &what_);
  locked_ = true;
}

void Lock::release() {
  if (!locked_)
    throw std::logic_error(fmt::format("{}: release() of a lock that is not held", what_));
  locked_ = false;
  detail::fireFirst(waiters_);
}

}  // namespace xpo::tb
