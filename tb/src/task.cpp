#include "xpo/tb/task.h"

namespace xpo::tb {

void rethrowOutcome(PromiseBase& p) {
  if (p.exception_) std::rethrow_exception(p.exception_);
  if (p.own_.state == TaskState::kCancelled) {
    throw CancelledError(fmt::format("task '{}' was cancelled", p.own_.name));
  }
}

}  // namespace xpo::tb
