#include "xpo/tb/signal.h"

#include <fmt/format.h>

namespace xpo::tb {

SignalBase::SignalBase(std::string name, unsigned width, bool designDriven, bool edgeInput)
    : designDriven_(designDriven),
      edgeInput_(edgeInput && !designDriven),
      sched_(&Scheduler::current()),
      name_(std::move(name)),
      width_(width) {}

void SignalBase::throwOverflow(const std::string& value) const {
  throw std::out_of_range(
      fmt::format("value {} does not fit in signal '{}' of {} bits", value, name_, width_));
}

}  // namespace xpo::tb
