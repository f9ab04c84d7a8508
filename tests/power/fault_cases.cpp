#include "fault_cases.h"

#include <fmt/format.h>

namespace xpo::power::test {
namespace {

uint32_t Reg(Bench& b, uint32_t addr) { return b.golden().regs().Get(addr); }
bool RailOn(Bench& b, uint32_t r) { return (b.dut_rail_en() >> r & 1u) != 0; }
// For sequencing faults the physical onset is a timeout expiring: the golden model's verdict.
std::function<bool(Bench&)> GoldenHas(uint32_t bit) {
  return [bit](Bench& b) { return (b.golden().fault() & bit) != 0; };
}
std::function<uint64_t(Bench&)> Fixed(uint64_t us) {
  return [us](Bench&) { return us; };
}
std::function<uint64_t(Bench&)> RegPlus(uint32_t addr, uint64_t us) {
  return [addr, us](Bench& b) { return Reg(b, addr) + us; };
}
constexpr uint64_t kSlack = 5;  // spec: synchronizer and tick alignment

}  // namespace

std::vector<FaultCase> AllFaultCases() {
  std::vector<FaultCase> v;
  using cooling::Sensor;
  {
    FaultCase c{.name = "RailNeverPg", .phase = Phase::kStart, .must = kFaultPgTimeout};
    c.inject = [](Bench& b) { b.power().rail(2).Inject(RailFault::kNeverPg); };
    c.repair = [](Bench& b) { b.power().rail(2).ClearFault(); };
    c.onset = GoldenHas(kFaultPgTimeout);
    c.bound = Fixed(kSlack);
    v.push_back(c);
  }
  {
    FaultCase c{.name = "RailOverCurrent", .phase = Phase::kReady, .must = kFaultRailOc};
    c.inject = [](Bench& b) { b.power().rail(3).Inject(RailFault::kOverCurrent); };
    c.repair = [](Bench&) {};  // one event; the regulator restarts with its enable
    c.onset = [](Bench& b) { return (b.power().fault_mask() >> 3 & 1u) != 0; };
    c.bound = Fixed(kSlack);
    v.push_back(c);
  }
  {
    FaultCase c{.name = "RailShort", .phase = Phase::kStart, .must = kFaultRailOc};
    c.inject = [](Bench& b) { b.power().rail(1).Inject(RailFault::kShort); };
    c.repair = [](Bench& b) { b.power().rail(1).ClearFault(); };
    c.onset = [](Bench& b) { return (b.power().fault_mask() >> 1 & 1u) != 0; };
    c.bound = Fixed(kSlack);
    v.push_back(c);
  }
  {
    FaultCase c{.name = "RailDropLater", .phase = Phase::kReady, .must = kFaultPgLost};
    c.inject = [](Bench& b) { b.power().rail(4).Inject(RailFault::kDrop); };
    c.repair = [](Bench& b) { b.power().rail(4).ClearFault(); };
    c.onset = [](Bench& b) { return (b.power().pg_mask() >> 4 & 1u) == 0; };
    c.bound = Fixed(kSlack);
    v.push_back(c);
  }
  {
    FaultCase c{.name = "HotSwapInrush", .phase = Phase::kStart, .must = kFaultHs};
    c.tree = [](PowerTreeParams& p) { p.hot_swap.bulk_uf = 3000; };  // 6 A at 2 V/ms > 4 A
    c.inject = [](Bench&) {};
    c.onset = [](Bench& b) { return b.power().hot_swap().fault(); };
    c.bound = Fixed(kSlack);
    c.recoverable = false;
    v.push_back(c);
  }
  {
    FaultCase c{.name = "BudgetRegister", .phase = Phase::kStart, .must = kFaultBudget};
    c.regs = {{reg::kClassW, 300}};  // 10 + 200 + 40 fits, + 80 does not
    c.inject = [](Bench&) {};
    c.repair = [](Bench&) {};
    c.repair_regs = {{reg::kClassW, 480}};
    c.onset = GoldenHas(kFaultBudget);
    c.bound = Fixed(kSlack);
    v.push_back(c);
  }
  {
    FaultCase c{.name = "PlantBudgetBreaker", .phase = Phase::kStart, .must = kFaultHs};
    c.tree = [](PowerTreeParams& p) { p.hot_swap.class_w = 350; };  // the loads draw 366 W
    c.inject = [](Bench&) {};
    c.onset = [](Bench& b) { return b.power().hot_swap().fault(); };
    c.bound = Fixed(kSlack);
    c.recoverable = false;
    v.push_back(c);
  }
  {
    FaultCase c{.name = "Brownout", .phase = Phase::kReady, .must = kFaultInputLost};
    c.inject = [](Bench& b) {
      b.power().input().Brownout(static_cast<double>(b.now_us() + 1), 5000, 25.0, 100);
    };
    c.repair = [](Bench&) {};
    c.onset = [](Bench& b) { return !b.power().hot_swap().pg(); };
    c.bound = Fixed(kSlack);
    c.settle_us = 60000;  // input back and soft start again
    c.drives = "input voltage";
    v.push_back(c);
  }
  {
    // A surge above OVLO-off (64 V): the hot-swap disconnects the module until it is back.
    FaultCase c{.name = "Surge", .phase = Phase::kReady, .must = kFaultInputLost};
    c.inject = [](Bench& b) {
      b.power().input().Surge(static_cast<double>(b.now_us() + 1), 2000, 66.0, 200);
    };
    c.repair = [](Bench&) {};
    c.onset = [](Bench& b) { return !b.power().hot_swap().pg(); };
    c.bound = Fixed(kSlack);
    c.settle_us = 60000;
    c.drives = "input voltage";
    v.push_back(c);
  }
  {
    FaultCase c{.name = "Leak", .phase = Phase::kReady, .must = cooling::kFaultLeak};
    c.inject = [](Bench& b) { b.cooling().leak().InjectLeak(); };
    c.repair = [](Bench& b) { b.cooling().leak().Clear(); };
    c.onset = [](Bench& b) { return b.cooling().leak_wet(); };
    c.bound = RegPlus(reg::kLeakFiltUs, kSlack);
    v.push_back(c);
  }
  {
    FaultCase c{.name = "AsicOverTemp", .phase = Phase::kReady, .must = cooling::kFaultAsicOt};
    c.inject = [](Bench& b) { b.cooling().StickSensor(Sensor::kAsic2, cooling::TempToCode(110)); };
    c.repair = [](Bench& b) { b.cooling().UnstickSensor(Sensor::kAsic2); };
    c.onset = [](Bench& b) { return b.cooling().asic_code(2) > Reg(b, reg::kAsicOtTrip); };
    c.bound = RegPlus(reg::kOtFiltUs, kSlack);
    v.push_back(c);
  }
  {
    FaultCase c{.name = "FlowLoss", .phase = Phase::kReady, .must = cooling::kFaultFlowLoss};
    c.inject = [](Bench& b) { b.cooling().flow().Inject(cooling::FlowFault::kLoss); };
    c.repair = [](Bench& b) { b.cooling().flow().Inject(cooling::FlowFault::kNone); };
    c.onset = [](Bench& b) { return b.cooling().flow_code() < Reg(b, reg::kFlowMin); };
    c.bound = RegPlus(reg::kFlowGraceUs, kSlack);
    v.push_back(c);
  }
  {
    FaultCase c{.name = "InletOverTemp", .phase = Phase::kReady, .must = cooling::kFaultInletOt};
    c.inject = [](Bench& b) { b.cooling().coolant().SetInlet(50.0); };
    c.repair = [](Bench& b) { b.cooling().coolant().SetInlet(35.0); };
    c.onset = [](Bench& b) { return b.cooling().inlet_code() > Reg(b, reg::kInletMax); };
    c.bound = RegPlus(reg::kOtFiltUs, kSlack);
    v.push_back(c);
  }
  {
    FaultCase c{.name = "InletSensorOpen", .phase = Phase::kReady, .must = cooling::kFaultSensor};
    c.inject = [](Bench& b) { b.cooling().StickSensor(Sensor::kInlet, 0); };
    c.repair = [](Bench& b) { b.cooling().UnstickSensor(Sensor::kInlet); };
    c.onset = [](Bench& b) { return b.cooling().inlet_code() == 0; };
    c.bound = RegPlus(reg::kOtFiltUs, kSlack);
    v.push_back(c);
  }
  {
    FaultCase c{
        .name = "FlowSensorStuckHigh", .phase = Phase::kReady, .must = cooling::kFaultSensor};
    c.inject = [](Bench& b) { b.cooling().StickSensor(Sensor::kFlow, 0xFFF); };
    c.repair = [](Bench& b) { b.cooling().UnstickSensor(Sensor::kFlow); };
    c.onset = [](Bench& b) { return b.cooling().flow_code() == 0xFFF; };
    c.bound = RegPlus(reg::kOtFiltUs, kSlack);
    v.push_back(c);
  }
  {
    FaultCase c{
        .name = "PlugUnmatedRunning", .phase = Phase::kReady, .must = cooling::kFaultPlugLoss};
    c.inject = [](Bench& b) { b.cooling().plug().Unmate(); };
    c.repair = [](Bench& b) { b.cooling().plug().Mate(); };
    c.onset = [](Bench& b) { return !b.cooling().plug_contact(); };
    c.plug_onset = true;
    c.bound = RegPlus(reg::kPlugDebUs, kSlack);
    v.push_back(c);
  }
  {
    // Unmated before the first high-power rail: the cooling gate never opens.
    FaultCase c{
        .name = "PlugUnmatedDuringPowerUp", .phase = Phase::kMidSeq, .must = kFaultCoolTimeout};
    c.regs = {{reg::kCoolWaitUs, 200000}};
    c.when = [](Bench& b) { return RailOn(b, 0); };
    c.inject = [](Bench& b) { b.cooling().plug().Unmate(); };
    c.repair = [](Bench& b) { b.cooling().plug().Mate(); };
    c.onset = GoldenHas(kFaultCoolTimeout);
    c.bound = Fixed(kSlack);
    v.push_back(c);
  }
  {
    // Unmated with DSP_CORE already on: a plug loss trip in the middle of the sequence.
    FaultCase c{
        .name = "PlugUnmatedMidSequence", .phase = Phase::kMidSeq, .must = cooling::kFaultPlugLoss};
    c.when = [](Bench& b) { return RailOn(b, 1) && !RailOn(b, 2); };
    c.inject = [](Bench& b) { b.cooling().plug().Unmate(); };
    c.repair = [](Bench& b) { b.cooling().plug().Mate(); };
    c.onset = [](Bench& b) { return !b.cooling().plug_contact(); };
    c.plug_onset = true;
    c.bound = RegPlus(reg::kPlugDebUs, kSlack);
    v.push_back(c);
  }
  {
    FaultCase c{.name = "FlowNeverComes", .phase = Phase::kStart, .must = kFaultCoolTimeout};
    c.regs = {{reg::kCoolWaitUs, 200000}};
    c.inject = [](Bench& b) { b.cooling().flow().Inject(cooling::FlowFault::kLoss); };
    c.repair = [](Bench& b) { b.cooling().flow().Inject(cooling::FlowFault::kNone); };
    c.onset = GoldenHas(kFaultCoolTimeout);
    c.bound = Fixed(kSlack);
    v.push_back(c);
  }
  {
    FaultCase c{.name = "SlowFlow", .phase = Phase::kStart, .must = kFaultCoolTimeout};
    c.regs = {{reg::kCoolWaitUs, 200000}};
    c.inject = [](Bench& b) { b.cooling().flow().Inject(cooling::FlowFault::kSlow, 0.5); };
    c.repair = [](Bench& b) { b.cooling().flow().Inject(cooling::FlowFault::kNone); };
    c.onset = GoldenHas(kFaultCoolTimeout);
    c.bound = Fixed(kSlack);
    v.push_back(c);
  }
  {
    // The worst moment: the first high-power rail on, the rest still coming.
    FaultCase c{.name = "LeakMidSequence", .phase = Phase::kMidSeq, .must = cooling::kFaultLeak};
    c.when = [](Bench& b) { return RailOn(b, 1) && !RailOn(b, 2); };
    c.inject = [](Bench& b) { b.cooling().leak().InjectLeak(); };
    c.repair = [](Bench& b) { b.cooling().leak().Clear(); };
    c.onset = [](Bench& b) { return b.cooling().leak_wet(); };
    c.bound = RegPlus(reg::kLeakFiltUs, kSlack);
    v.push_back(c);
  }
  return v;
}

std::vector<FaultCase> ReadyFaultCases() {
  std::vector<FaultCase> v;
  for (auto& c : AllFaultCases()) {
    if (c.phase == Phase::kReady) v.push_back(c);
  }
  return v;
}

tb::Task<uint32_t> RunFault(Bench& b, FaultCase c) {
  for (auto [addr, value] : c.regs) CO_ASSERT_TRUE(co_await b.Write(addr, value)) << c.name;
  bool injected = false;
  if (c.phase == Phase::kReady) {
    CO_ASSERT_TRUE(co_await b.PowerUp()) << c.name << ": no Ready before the injection";
    c.inject(b);
    injected = true;
  } else {
    if (c.phase == Phase::kStart) {
      c.inject(b);
      injected = true;
    } else {
      b.on_tick = [&c, &injected](Bench& bb) {
        if (!injected && c.when(bb)) {
          c.inject(bb);
          injected = true;
        }
      };
    }
    CO_ASSERT_TRUE(co_await b.Write(reg::kCtrl, kCtrlLpModePinEn));
  }
  SafetyProbe& probe = b.Arm(
      c.name, [&b, &c] { return c.onset(b); }, c.bound(b));
  CO_ASSERT_TRUE(co_await b.WaitState(ModuleState::kFault, 800000)) << c.name << ": no Fault";
  co_await b.Wait(500);
  EXPECT_TRUE(injected);
  EXPECT_EQ(b.dut_rail_en() & kHpMask, 0u) << c.name << ": a high-power rail is still on";
  const uint32_t fault = co_await b.Read(reg::kFault);
  EXPECT_EQ(fault & c.must, c.must)
      << fmt::format("{}: FAULT {:#x} lacks {:#x}", c.name, fault, c.must);
  EXPECT_EQ(fault, b.golden().Read(reg::kFault))
      << c.name << ": FAULT register differs from golden";
  EXPECT_TRUE(b.irq()) << c.name << ": no interrupt";
  // The plug's bound runs from the contact's last bounce; when another cause made the module safe
  // before the bouncing ended, the first onset stands.
  if (c.plug_onset && probe.onset_us && probe.safe_us && b.last_plug_edge_us() <= *probe.safe_us) {
    probe.onset_us = std::max(*probe.onset_us, b.last_plug_edge_us());
  }
  b.ReportProbe(probe);

  if (!c.recoverable) {
    // The cause persists: the host's clear does not take (set-dominant W1C).
    CO_ASSERT_TRUE(co_await b.Write(reg::kFault, kFaultMask));
    co_await b.Wait(1000);
    EXPECT_EQ(b.dut_state(), ModuleState::kFault);
    EXPECT_NE((co_await b.Read(reg::kFault)) & c.must, 0u);
    b.Finish();
    co_return fault;
  }
  c.repair(b);
  for (auto [addr, value] : c.repair_regs) CO_ASSERT_TRUE(co_await b.Write(addr, value)) << c.name;
  co_await b.Wait(c.settle_us);
  b.on_tick = nullptr;
  CO_ASSERT_TRUE(co_await b.Write(reg::kFault, kFaultMask));
  CO_ASSERT_TRUE(co_await b.WaitState(ModuleState::kReady, 800000)) << c.name << ": no recovery";
  EXPECT_EQ((co_await b.Read(reg::kFault)) & kFaultMask, 0u);
  b.Finish();
  co_return fault;
}

}  // namespace xpo::power::test
