#include "xpo/i3c/bus.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace xpo::i3c {

void Scheduler::At(Time t, std::function<void()> fn) {
  if (t < now_) {
    throw std::invalid_argument(
        fmt::format("Scheduler::At: time {} is in the past (now {})", t, now_));
  }
  queue_.push(Item{t, seq_++, std::move(fn)});
}

void Scheduler::RunUntil(Time t) {
  while (!queue_.empty() && queue_.top().t <= t) {
    Item item = queue_.top();
    queue_.pop();
    now_ = item.t;
    item.fn();
  }
  if (t > now_) now_ = t;
}

int Bus::AddAgent(std::string name) {
  if (static_cast<int>(names_.size()) >= kMaxAgents) {
    throw std::length_error(fmt::format("Bus::AddAgent: more than {} agents", kMaxAgents));
  }
  names_.push_back(std::move(name));
  drive_[0].push_back(Drive::kRelease);
  drive_[1].push_back(Drive::kRelease);
  return static_cast<int>(names_.size()) - 1;
}

Drive Bus::Driving(int agent, Line line) const {
  return drive_[static_cast<int>(line)].at(static_cast<size_t>(agent));
}

LineInfo Bus::Resolve(Line line) const {
  LineInfo li;
  const auto& d = drive_[static_cast<int>(line)];
  for (size_t i = 0; i < d.size(); ++i) {
    const std::uint32_t bit = 1u << i;
    switch (d[i]) {
      case Drive::kRelease:
        break;
      case Drive::kOdLow:
        li.low_mask |= bit;
        break;
      case Drive::kPpLow:
        li.low_mask |= bit;
        li.pp_mask |= bit;
        break;
      case Drive::kPpHigh:
        li.pp_high_mask |= bit;
        li.pp_mask |= bit;
        break;
    }
  }
  li.level = li.low_mask == 0;
  return li;
}

void Bus::Set(int agent, Line line, Drive d) {
  if (agent < 0 || agent >= AgentCount()) {
    throw std::out_of_range(fmt::format("Bus::Set: unknown agent {}", agent));
  }
  const int l = static_cast<int>(line);
  auto& slot = drive_[l][static_cast<size_t>(agent)];
  if (slot == d) return;
  slot = d;
  const LineInfo before = info_[l];
  info_[l] = Resolve(line);
  const LineInfo& after = info_[l];
  if (before.level == after.level && before.low_mask == after.low_mask &&
      before.pp_mask == after.pp_mask && before.pp_high_mask == after.pp_high_mask) {
    return;
  }
  pending_.push(BusEvent{Now(), line, after, before.level != after.level});
  Dispatch();
}

void Bus::Dispatch() {
  if (dispatching_) return;
  dispatching_ = true;
  try {
    while (!pending_.empty()) {
      BusEvent ev = pending_.front();
      pending_.pop();
      for (auto& fn : observers_) fn(ev);
    }
  } catch (...) {
    // An observer (usually a monitor that throws on a violation) aborted delivery: leave the
    // bus usable for the next test step rather than wedged in the dispatching state.
    pending_ = {};
    dispatching_ = false;
    throw;
  }
  dispatching_ = false;
}

}  // namespace xpo::i3c
