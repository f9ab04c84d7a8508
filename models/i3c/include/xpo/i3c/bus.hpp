// Wire-level model of the two I3C bus lines (MIPI I3C Basic 5.1.3 "Bus Signaling"): each agent
// either releases a line, pulls it low open-drain, or drives it push-pull high or low. Lows win
// (wired-AND); a released line sits high on the pull-up or the controller's high-keeper. A
// push-pull high fighting any low driver is contention, which real silicon turns into a short.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <vector>

#include "xpo/i3c/types.hpp"

namespace xpo::i3c {

// Time-ordered callbacks; equal times run in scheduling order (deterministic).
class Scheduler {
 public:
  Time Now() const { return now_; }
  void At(Time t, std::function<void()> fn);
  void After(Time dt, std::function<void()> fn) { At(now_ + dt, std::move(fn)); }
  // Runs every callback due at or before t, then sets the time to t.
  void RunUntil(Time t);
  void RunFor(Time dt) { RunUntil(now_ + dt); }
  bool Empty() const { return queue_.empty(); }

 private:
  struct Item {
    Time t;
    std::uint64_t seq;
    std::function<void()> fn;
    bool operator>(const Item& o) const { return t != o.t ? t > o.t : seq > o.seq; }
  };
  Time now_ = 0;
  std::uint64_t seq_ = 0;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue_;
};

enum class Line : std::uint8_t { kScl = 0, kSda = 1 };
enum class Drive : std::uint8_t { kRelease, kOdLow, kPpLow, kPpHigh };

// What is on one line right now, and who makes it so.
struct LineInfo {
  bool level = true;
  std::uint32_t low_mask = 0;      // agents pulling low (open-drain or push-pull)
  std::uint32_t pp_mask = 0;       // agents driving push-pull (either value)
  std::uint32_t pp_high_mask = 0;  // agents driving push-pull high
  bool Contention() const { return pp_high_mask != 0 && low_mask != 0; }
  bool PushPull() const { return pp_mask != 0; }
};

struct BusEvent {
  Time time = 0;
  Line line = Line::kScl;
  LineInfo info;               // state of `line` after the change
  bool level_changed = false;  // false when only the set of drivers changed
};

class Bus {
 public:
  static constexpr int kMaxAgents = 32;

  explicit Bus(Scheduler& sched) : sched_(sched) {}
  Bus(const Bus&) = delete;
  Bus& operator=(const Bus&) = delete;

  Scheduler& Sched() { return sched_; }
  Time Now() const { return sched_.Now(); }

  int AddAgent(std::string name);
  const std::string& AgentName(int id) const { return names_.at(static_cast<size_t>(id)); }
  int AgentCount() const { return static_cast<int>(names_.size()); }

  void Set(int agent, Line line, Drive d);
  Drive Driving(int agent, Line line) const;
  bool Scl() const { return info_[0].level; }
  bool Sda() const { return info_[1].level; }
  const LineInfo& Info(Line line) const { return info_[static_cast<int>(line)]; }

  // Observers see every change in order; drives made from inside an observer are delivered
  // after the current event has reached every observer.
  void Subscribe(std::function<void(const BusEvent&)> fn) { observers_.push_back(std::move(fn)); }

 private:
  LineInfo Resolve(Line line) const;
  void Dispatch();

  Scheduler& sched_;
  std::vector<std::string> names_;
  std::vector<Drive> drive_[2];
  LineInfo info_[2];
  std::vector<std::function<void(const BusEvent&)>> observers_;
  std::queue<BusEvent> pending_;
  bool dispatching_ = false;
};

// Maps a controller's pad signals (output value, output enable, push-pull select) to a drive.
constexpr Drive DriveFromPad(bool oe, bool out, bool push_pull) {
  if (!oe) return Drive::kRelease;
  if (!out) return push_pull ? Drive::kPpLow : Drive::kOdLow;
  return push_pull ? Drive::kPpHigh : Drive::kRelease;
}

// Puts a controller that is described by its pads (an RTL model's scl_o/sda_o/sda_oe plus its
// push-pull select) on the bus: call Update() whenever the pads may have changed, read the
// resolved lines back with SclIn()/SdaIn(). The agent id is what MonitorConfig::controller_agent
// wants.
class PadAgent {
 public:
  PadAgent(Bus& bus, std::string name) : bus_(bus), agent_(bus.AddAgent(std::move(name))) {}
  void Update(bool scl_oe, bool scl_o, bool sda_oe, bool sda_o, bool sda_push_pull) {
    // SCL is push-pull whenever driven: I3C controllers never let targets stretch the clock.
    bus_.Set(agent_, Line::kScl, DriveFromPad(scl_oe, scl_o, true));
    bus_.Set(agent_, Line::kSda, DriveFromPad(sda_oe, sda_o, sda_push_pull));
  }
  bool SclIn() const { return bus_.Scl(); }
  bool SdaIn() const { return bus_.Sda(); }
  int Agent() const { return agent_; }

 private:
  Bus& bus_;
  int agent_;
};

}  // namespace xpo::i3c
