#include "xpo/tb/signal.h"

#include <fmt/format.h>

namespace xpo::tb {

SignalBase::SignalBase(std::string name, unsigned width, bool designDriven, bool edgeInput)
    : designDriven_(designDriven),
      edgeInput_(edgeInput && !designDriven),
      sched_(&Scheduler::current()),
      name_(std::move(name)),
      width_(width) {}

void SignalBase::throwOverflow(const char* what, uint64_t value) const {
  throw std::out_of_range(fmt::format("value {}{:#x} does not fit in signal '{}' of {} bits", what,
                                      value, name_, width_));
}

void SignalBase::throwOverflow(std::size_t element, const char* what, uint64_t value) const {
  throwOverflow(fmt::format("element {} {}", element, what).c_str(), value);
}

}  // namespace xpo::tb
