#include "xpo/tb/task.h"

#include "xpo/tb/log.h"

namespace xpo::tb {

void rethrowOutcome(PromiseBase& p) {
  if (p.exception_) std::rethrow_exception(p.exception_);
  if (p.own_.state == TaskState::kCancelled) {
    throw CancelledError(fmt::format("task '{}' was cancelled", p.own_.name));
  }
}

void PromiseBase::warnNeverStarted() {
  emitLog(LogLevel::kWarning, "xpo.scheduler",
          "a coroutine was created but never awaited or started (missing co_await or "
          "startSoon?)");
}

}  // namespace xpo::tb
