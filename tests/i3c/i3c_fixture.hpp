// A simulated I3C bus for model tests: the reference controller, target models, a legacy I2C
// EEPROM and the monitor watching with drive information.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "xpo/i3c/bus.hpp"
#include "xpo/i3c/i2c_eeprom.hpp"
#include "xpo/i3c/monitor.hpp"
#include "xpo/i3c/ref_controller.hpp"
#include "xpo/i3c/target.hpp"

namespace xpo::i3c::testing {

class BusFixture {
 public:
  explicit BusFixture(MonitorConfig mcfg = DefaultMonitorConfig())
      : bus(sched), ctrl(bus), mon(WithController(std::move(mcfg), ctrl.Agent())) {
    mon.Attach(bus);
  }

  static MonitorConfig DefaultMonitorConfig() {
    MonitorConfig c;
    c.i2c_addrs = {0x50};
    return c;
  }

  Target& AddTarget(TargetConfig cfg) {
    targets.push_back(std::make_unique<Target>(bus, std::move(cfg)));
    return *targets.back();
  }
  I2cEeprom& AddEeprom(I2cEepromConfig cfg = {}) {
    eeprom = std::make_unique<I2cEeprom>(bus, std::move(cfg));
    return *eeprom;
  }

  // Every violation the monitor saw, one per line, for assertion messages.
  std::string ViolationText() const {
    std::string s;
    for (const auto& v : mon.Violations()) s += v.ToString() + "\n";
    return s;
  }
  std::string TransactionText() const {
    std::string s;
    for (const auto& t : mon.Transactions()) s += FormatTime(t.start) + " " + t.text + "\n";
    return s;
  }

  Scheduler sched;
  Bus bus;
  RefController ctrl;
  Monitor mon;
  std::vector<std::unique_ptr<Target>> targets;
  std::unique_ptr<I2cEeprom> eeprom;

 private:
  static MonitorConfig WithController(MonitorConfig c, int agent) {
    c.controller_agent = agent;
    return c;
  }
};

}  // namespace xpo::i3c::testing
