// Every injected fault alone, and the interlock's must-not-trip / must-trip edges, on pwr_top
// with the plant models and the golden scoreboard.
#include <fmt/format.h>

#include "fault_cases.h"

namespace xpo::power::test {
namespace {

using tb::TimeUnit;

PowerTreeParams TreeFor(const FaultCase& c) {
  PowerTreeParams p = ReferencePowerTree(48.0);
  if (c.tree) c.tree(p);
  return p;
}

XPO_PARAM_SUITE(PwrFault, FaultCase);

XPO_TEST_P(PwrFault, InjectedAlone, PwrDut, .timeout_time = 4, .timeout_unit = TimeUnit::kSec) {
  Bench b(dut, TreeFor(param), cooling::CoolingPlantParams{});
  co_await b.Start();
  (void)co_await RunFault(b, param);
}

INSTANTIATE_TEST_SUITE_P(Faults, PwrFault, ::testing::ValuesIn(AllFaultCases()),
                         [](const auto& info) { return info.param.name; });

// Contact bounce shorter than the debounce, leak glitches shorter than the leak filter and
// temperature spikes shorter than the over-temperature filter must never trip.
XPO_TEST(PwrInterlock, BounceAndGlitchesMustNotTrip, PwrDut, .timeout_time = 4,
         .timeout_unit = TimeUnit::kSec) {
  Bench b(dut, ReferencePowerTree(48.0), cooling::CoolingPlantParams{});
  co_await b.Start();
  CO_ASSERT_TRUE(co_await b.PowerUp());
  const uint32_t deb = b.golden().regs().Get(reg::kPlugDebUs);
  const uint32_t leak_filt = b.golden().regs().Get(reg::kLeakFiltUs);
  const uint32_t ot_filt = b.golden().regs().Get(reg::kOtFiltUs);
  for (int i = 0; i < 20; ++i) {
    b.cooling().plug().InjectBounce(deb - 1000);  // chatter, then back to mated
    co_await b.Wait(deb + 500);
    b.cooling().leak().InjectGlitch(leak_filt - 10);
    co_await b.Wait(leak_filt + 200);
    b.cooling().StickSensor(cooling::Sensor::kAsic1, cooling::TempToCode(120));
    co_await b.Wait(ot_filt - 10);
    b.cooling().UnstickSensor(cooling::Sensor::kAsic1);
    co_await b.Wait(500);
    CO_ASSERT_EQ(b.dut_state(), ModuleState::kReady) << "tripped on round " << i;
  }
  EXPECT_EQ((co_await b.Read(reg::kFault)) & kFaultMask, 0u);
  // The temperature spikes were above the warning level: an alarm, not a trip.
  EXPECT_NE((co_await b.Read(reg::kAlarm)) & cooling::kAlarmAsicWarn, 0u);
  b.Finish();
}

// Conditions just longer than their filters always trip, within their bound.
XPO_TEST(PwrInterlock, ShortTripsMustNotBeMissed, PwrDut, .timeout_time = 4,
         .timeout_unit = TimeUnit::kSec) {
  Bench b(dut, ReferencePowerTree(48.0), cooling::CoolingPlantParams{});
  co_await b.Start();
  CO_ASSERT_TRUE(co_await b.PowerUp());
  const uint32_t leak_filt = b.golden().regs().Get(reg::kLeakFiltUs);
  SafetyProbe& leak = b.Arm(
      "LeakGlitchFiltPlus10", [&b] { return b.cooling().leak_wet(); }, leak_filt + 5);
  b.cooling().leak().InjectGlitch(leak_filt + 10);
  CO_ASSERT_TRUE(co_await b.WaitState(ModuleState::kFault, 2000));
  b.ReportProbe(leak);
  EXPECT_EQ((co_await b.Read(reg::kFault)) & kFaultMask, cooling::kFaultLeak);
  CO_ASSERT_TRUE(co_await b.Write(reg::kFault, kFaultMask));
  CO_ASSERT_TRUE(co_await b.WaitState(ModuleState::kReady, 800000));

  const uint32_t ot_filt = b.golden().regs().Get(reg::kOtFiltUs);
  const uint32_t trip = b.golden().regs().Get(reg::kAsicOtTrip);
  SafetyProbe& hot = b.Arm(
      "AsicSpikeFiltPlus10", [&b, trip] { return b.cooling().asic_code(0) > trip; }, ot_filt + 5);
  b.cooling().StickSensor(cooling::Sensor::kAsic0, static_cast<uint16_t>(trip + 1));
  co_await b.Wait(ot_filt + 10);
  b.cooling().UnstickSensor(cooling::Sensor::kAsic0);
  CO_ASSERT_TRUE(co_await b.WaitState(ModuleState::kFault, 2000));
  b.ReportProbe(hot);
  const uint32_t fault = co_await b.Read(reg::kFault);
  EXPECT_EQ(fault & kFaultMask, cooling::kFaultAsicOt);
  EXPECT_EQ(fault >> 20 & 3u, 0u) << "FAULT_ASIC";
  b.Finish();
}

// Warnings raise alarms and the interrupt without tripping; set-dominant clear.
XPO_TEST(PwrInterlock, WarningsAlarmWithoutTrip, PwrDut, .timeout_time = 4,
         .timeout_unit = TimeUnit::kSec) {
  Bench b(dut, ReferencePowerTree(48.0), cooling::CoolingPlantParams{});
  co_await b.Start();
  CO_ASSERT_TRUE(co_await b.PowerUp());
  CO_ASSERT_EQ(co_await b.Read(reg::kAlarm), 0u);
  CO_ASSERT_FALSE(b.irq());
  b.cooling().coolant().SetInlet(42.0);  // above INLET_WARN 40, below INLET_MAX 45
  b.power().input().Sag(static_cast<double>(b.now_us() + 10), 2000, 41.0,
                        100);  // below VIN_LOW_WARN 42 V
  co_await b.Wait(3000);
  EXPECT_EQ(b.dut_state(), ModuleState::kReady);
  EXPECT_EQ(co_await b.Read(reg::kAlarm), cooling::kAlarmInletWarn | cooling::kAlarmVinLow);
  EXPECT_TRUE(b.irq());
  CO_ASSERT_TRUE(co_await b.Write(reg::kAlarm, 0x1F));
  co_await b.Wait(10);
  EXPECT_EQ(co_await b.Read(reg::kAlarm), cooling::kAlarmInletWarn) << "inlet still warm";
  CO_ASSERT_TRUE(co_await b.Write(reg::kAlarmIe, 0));
  co_await b.Wait(10);
  EXPECT_FALSE(b.irq()) << "masked";
  b.cooling().coolant().SetInlet(35.0);
  CO_ASSERT_TRUE(co_await b.Write(reg::kAlarm, 0x1F));
  co_await b.Wait(10);
  EXPECT_EQ(co_await b.Read(reg::kAlarm), 0u);
  EXPECT_EQ((co_await b.Read(reg::kFault)) & kFaultMask, 0u);
  b.Finish();
}

// Every configuration register over APB: out-of-range writes refused, flagged and answered
// with pslverr; in-range writes accepted (the golden register page checks each answer).
XPO_TEST(PwrRegs, RangeChecksRefuseAndFlag, PwrDut, .timeout_time = 1,
         .timeout_unit = TimeUnit::kSec) {
  Bench b(dut, ReferencePowerTree(48.0), cooling::CoolingPlantParams{});
  co_await b.Start();
  EXPECT_EQ(co_await b.Read(reg::kId), reg::kIdValue);
  EXPECT_EQ(co_await b.Read(reg::kRailHp), kHpMask);
  for (const CfgReg& c : CfgRegs()) {
    EXPECT_EQ(co_await b.Read(c.addr), c.reset) << c.name;
    const uint32_t bad = c.bitmask ? (c.max + 1) | 0x80000000u : c.max + 1;
    EXPECT_FALSE(co_await b.Write(c.addr, bad)) << c.name;
    EXPECT_EQ(co_await b.Read(c.addr), c.reset) << c.name << " changed by a refused write";
    EXPECT_EQ(co_await b.Read(reg::kRegErr), 1u | c.addr << 8) << c.name;
    EXPECT_TRUE(b.irq());
    CO_ASSERT_TRUE(co_await b.Write(reg::kRegErr, 1));
    if (!c.bitmask && c.min > 0) {
      EXPECT_FALSE(co_await b.Write(c.addr, c.min - 1)) << c.name;
    }
    EXPECT_TRUE(co_await b.Write(c.addr, c.max)) << c.name;
    EXPECT_EQ(co_await b.Read(c.addr), c.max) << c.name;
    EXPECT_TRUE(co_await b.Write(c.addr, c.reset)) << c.name;
    CO_ASSERT_TRUE(co_await b.Write(reg::kRegErr, 1));
  }
  EXPECT_FALSE(co_await b.Write(reg::kSeqOrder, 0x4608)) << "slot 1 repeated";
  EXPECT_TRUE(co_await b.Write(reg::kSeqOrder, 4 | 3 << 3 | 2 << 6 | 1 << 9 | 0 << 12));
  EXPECT_FALSE(co_await b.Write(reg::kStatus, 0)) << "read-only";
  EXPECT_FALSE(co_await b.Write(0xFC, 0)) << "unmapped";
  EXPECT_FALSE(co_await b.Write(0x29, 0)) << "unaligned";
  // A configuration cannot be changed to an invalid order while powered.
  CO_ASSERT_TRUE(co_await b.Write(reg::kCtrl, kCtrlLpModePinEn));
  CO_ASSERT_TRUE(co_await b.WaitState(ModuleState::kPwrUp, 100000));
  EXPECT_FALSE(co_await b.Write(reg::kSeqOrder, 0x4688)) << "SEQ_ORDER outside LowPwr";
  b.Finish();
}

// A reversed SEQ_ORDER is followed on the way up and reversed on the way down.
XPO_TEST(PwrSeq, ConfiguredOrderIsFollowed, PwrDut, .timeout_time = 4,
         .timeout_unit = TimeUnit::kSec) {
  Bench b(dut, ReferencePowerTree(48.0), cooling::CoolingPlantParams{});
  co_await b.Start();
  CO_ASSERT_TRUE(co_await b.Write(reg::kSeqOrder, 0 | 4 << 3 | 3 << 6 | 2 << 9 | 1 << 12));
  CO_ASSERT_TRUE(co_await b.PowerUp());
  CO_ASSERT_TRUE(co_await b.Write(reg::kCtrl, kCtrlLowPwrSw | kCtrlLpModePinEn));
  CO_ASSERT_TRUE(co_await b.WaitState(ModuleState::kLowPwr, 100000));
  std::vector<uint32_t> up, down;
  for (const RailEvent& e : b.rail_events()) (e.on ? up : down).push_back(e.rail);
  EXPECT_EQ(up, (std::vector<uint32_t>{0, 4, 3, 2, 1}));
  EXPECT_EQ(down, (std::vector<uint32_t>{1, 2, 3, 4, 0}));
  b.Finish();
}

// CMIS host controls: the LPMode pin (when allowed) and ResetL.
XPO_TEST(PwrSeq, LpModePinAndHostReset, PwrDut, .timeout_time = 4, .timeout_unit = TimeUnit::kSec) {
  Bench b(dut, ReferencePowerTree(48.0), cooling::CoolingPlantParams{});
  co_await b.Start();
  dut.lpmode_i.write(1);
  CO_ASSERT_TRUE(co_await b.Write(reg::kCtrl, kCtrlLpModePinEn));
  co_await b.Wait(60000);
  EXPECT_EQ(b.dut_state(), ModuleState::kLowPwr) << "pin asks for low power";
  dut.lpmode_i.write(0);
  CO_ASSERT_TRUE(co_await b.WaitState(ModuleState::kReady, 600000));
  dut.lpmode_i.write(1);
  CO_ASSERT_TRUE(co_await b.WaitState(ModuleState::kLowPwr, 100000));
  CO_ASSERT_TRUE(co_await b.Write(reg::kCtrl, 0));  // pin not allowed: it is ignored
  CO_ASSERT_TRUE(co_await b.WaitState(ModuleState::kReady, 600000));

  co_await b.HostReset(true);
  co_await b.Wait(5);
  EXPECT_EQ(b.dut_rail_en(), 0u) << "ResetL removes every rail at once";
  EXPECT_EQ(b.dut_state(), ModuleState::kLowPwr);
  co_await b.HostReset(false);
  co_await b.Wait(100);
  EXPECT_EQ(co_await b.Read(reg::kCtrl), kCtrlLowPwrSw | kCtrlLpModePinEn) << "defaults again";
  co_await b.Wait(20000);
  EXPECT_EQ(b.dut_state(), ModuleState::kLowPwr) << "safe default: stays in low power";
  dut.lpmode_i.write(0);
  co_await b.Wait(10);
  b.Finish();
}

}  // namespace
}  // namespace xpo::power::test
