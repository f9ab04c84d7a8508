// Every monitor rule shown firing: on a deliberately broken target or controller on a live bus
// (with drive information), or on a hand-built waveform fed to the monitor offline.
#include <functional>
#include <iostream>

#include <gtest/gtest.h>

#include "i3c_fixture.hpp"
#include "xpo/i3c/trace_reader.hpp"

namespace xpo::i3c {
namespace {

using testing::BusFixture;

// ---- Live bus: one good traffic pattern, one thing broken at a time. ----

struct LiveCase {
  const char* rule;
  std::function<void(BusFixture&, Target&, Target&)> breakit;
};

void Traffic(BusFixture& f, Target& a, Target& b) {
  f.ctrl.Broadcast(ccc::kRstdaaB);
  f.ctrl.SetDasa(0x30, 0x08);
  f.ctrl.EntDaa({0x09, 0x0A});
  f.ctrl.PrivateWrite(0x08, {0x00, 0x11, 0x22});
  f.ctrl.PrivateWrite(0x08, {0x00});
  f.ctrl.PrivateRead(0x08, 2);
  f.ctrl.DirectGet(ccc::kGetpid, 0x09, 6);
  f.ctrl.DirectGet(ccc::kGetbcr, 0x08, 1);
  f.ctrl.I2cWrite(0x50, {0x00});
  f.ctrl.I2cRead(0x50, 2);
  f.ctrl.AcceptIbi(0x08, true);
  f.ctrl.Broadcast(ccc::kEnecB, {ccc::kEvtInt});
  a.RaiseIbi(0x42, {0x01});
  f.ctrl.Idle(20 * kUs);
  (void)b;
}

class LiveRule : public ::testing::TestWithParam<LiveCase> {};

TEST_P(LiveRule, Fires) {
  BusFixture f;
  TargetConfig ca;
  ca.name = "a";
  ca.pid = 0x0000AAAA0001;
  ca.bcr = bcr::kIbiCapable | bcr::kIbiPayload;
  ca.static_addr = 0x30;
  TargetConfig cb = ca;
  cb.name = "b";
  cb.pid = 0x0000BBBB0001;
  cb.static_addr.reset();
  TargetConfig cc = cb;
  cc.name = "c";
  cc.pid = 0x0000CCCC0001;
  Target& a = f.AddTarget(ca);
  Target& b = f.AddTarget(cb);
  f.AddTarget(cc);
  f.AddEeprom();
  try {
    GetParam().breakit(f, a, b);
    Traffic(f, a, b);
  } catch (const std::runtime_error& e) {
    // A broken device can wedge the bus so that the controller gives up; the monitor must
    // still have said why.
    std::cerr << "controller gave up: " << e.what() << "\n";
  }
  EXPECT_GT(f.mon.CountRule(GetParam().rule), 0u) << f.ViolationText() << f.TransactionText();
  for (const auto& v : f.mon.Violations()) EXPECT_GT(v.time, 0) << "violations carry the time";
}

TEST(LiveRuleBaseline, CleanTrafficHasNoViolation) {
  BusFixture f;
  TargetConfig ca;
  ca.pid = 0x0000AAAA0001;
  ca.bcr = bcr::kIbiCapable | bcr::kIbiPayload;
  ca.static_addr = 0x30;
  TargetConfig cb = ca;
  cb.pid = 0x0000BBBB0001;
  cb.static_addr.reset();
  TargetConfig cc = cb;
  cc.pid = 0x0000CCCC0001;
  Target& a = f.AddTarget(ca);
  Target& b = f.AddTarget(cb);
  f.AddTarget(cc);
  f.AddEeprom();
  Traffic(f, a, b);
  EXPECT_TRUE(f.mon.Violations().empty()) << f.ViolationText() << f.TransactionText();
  EXPECT_EQ(a.IbisSent(), 1);
}

using F = BusFixture;
using T = Target;
INSTANTIATE_TEST_SUITE_P(
    Monitor, LiveRule,
    ::testing::Values(
        LiveCase{"bus.contention", [](F&, T& a, T&) { a.Faults().hold_sda_after_read = true; }},
        LiveCase{"phase.od", [](F&, T& a, T&) { a.Faults().push_pull_open_drain = true; }},
        LiveCase{"arb.lost_kept_driving",
                 [](F& f, T&, T&) { f.targets[2]->Faults().keep_driving_after_lost = true; }},
        LiveCase{"tbit.parity", [](F& f, T&, T&) { f.ctrl.Knobs().bad_write_parity = true; }},
        LiveCase{"tbit.read_after_end", [](F& f, T&, T&) { f.ctrl.Knobs().read_past_end = true; }},
        LiveCase{"daa.parity", [](F& f, T&, T&) { f.ctrl.Knobs().bad_daa_parity = true; }},
        LiveCase{"daa.bad_parity_acked",
                 [](F& f, T&, T& b) {
                   f.ctrl.Knobs().bad_daa_parity = true;
                   b.Faults().ignore_parity = true;
                 }},
        LiveCase{"addr.reserved",
                 [](F& f, T&, T&) {
                   f.ctrl.Knobs().allow_reserved = true;
                   f.ctrl.Broadcast(ccc::kRstdaaB);
                   f.ctrl.EntDaa({0x3E});
                 }},
        LiveCase{"addr.duplicate",
                 [](F& f, T&, T&) {
                   f.ctrl.Broadcast(ccc::kRstdaaB);
                   f.ctrl.EntDaa({0x09, 0x09});
                 }},
        LiveCase{"ccc.direct_rstdaa",
                 [](F& f, T& a, T&) {
                   a.Faults().ack_direct_rstdaa = true;
                   f.ctrl.Broadcast(ccc::kRstdaaB);
                   f.ctrl.SetDasa(0x30, 0x08);
                   f.ctrl.DirectSet(ccc::kRstdaaD, 0x08, {});
                 }},
        LiveCase{"ccc.setdasa_has_da",
                 [](F& f, T& a, T&) {
                   a.Faults().ack_setdasa_with_da = true;
                   f.ctrl.Broadcast(ccc::kRstdaaB);
                   f.ctrl.SetDasa(0x30, 0x08);
                   f.ctrl.SetDasa(0x30, 0x0B);
                 }},
        LiveCase{"ccc.format", [](F& f, T&, T&) { f.ctrl.Broadcast(ccc::kEnecB, {}); }},
        LiveCase{"ibi.mdb", [](F&, T& a, T&) { a.Faults().ibi_without_mdb = true; }},
        LiveCase{"t.aval",
                 [](F&, T& a, T&) {
                   a.Faults().ibi_ignores_aval = true;
                   a.RaiseIbi(0x01);
                 }},
        LiveCase{"t.low_od", [](F& f, T&, T&) { f.ctrl.Timing().od_low = 150 * kNs; }},
        LiveCase{"t.high_init", [](F& f, T&, T&) { f.ctrl.Timing().first_high = 100 * kNs; }},
        LiveCase{"t.low_pp", [](F& f, T&, T&) { f.ctrl.Timing().pp_low = 25 * kNs; }},
        LiveCase{"t.high", [](F& f, T&, T&) { f.ctrl.Timing().pp_high = 20 * kNs; }},
        LiveCase{"t.high_mixed", [](F& f, T&, T&) { f.ctrl.Timing().pp_high = 60 * kNs; }},
        LiveCase{"t.period_pp",
                 [](F& f, T&, T&) {
                   f.ctrl.Timing().pp_low = 35 * kNs;
                   f.ctrl.Timing().pp_high = 35 * kNs;
                 }},
        LiveCase{"t.cas", [](F& f, T&, T&) { f.ctrl.Timing().cas = 30 * kNs; }},
        LiveCase{"t.casr", [](F& f, T&, T&) { f.ctrl.Timing().casr = 10 * kNs; }},
        LiveCase{"t.cbsr", [](F& f, T&, T&) { f.ctrl.Timing().cbsr = 10 * kNs; }},
        LiveCase{"t.cbp", [](F& f, T&, T&) { f.ctrl.Timing().cbp = 10 * kNs; }},
        LiveCase{"t.buf", [](F& f, T&, T&) { f.ctrl.Timing().buf = 300 * kNs; }},
        LiveCase{"t.su_data", [](F& f, T&, T&) { f.ctrl.Timing().hold = 38 * kNs; }},
        LiveCase{"t.i2c_low", [](F& f, T&, T&) { f.ctrl.Timing().i2c_low = 300 * kNs; }},
        LiveCase{"t.i2c_high", [](F& f, T&, T&) { f.ctrl.Timing().i2c_high = 200 * kNs; }},
        LiveCase{"t.i2c_su_sto", [](F& f, T&, T&) { f.ctrl.Timing().i2c_high = 100 * kNs; }}),
    [](const ::testing::TestParamInfo<LiveCase>& info) {
      std::string n;
      bool up = true;
      for (const char* p = info.param.rule; *p; ++p) {
        if (*p == '.' || *p == '_') {
          up = true;
        } else {
          n += up ? static_cast<char>(std::toupper(*p)) : *p;
          up = false;
        }
      }
      return n;
    });

// Hot-Join timing and sequence on a live bus.
TEST(MonitorHotJoin, EarlyHotJoinFiresIdleRule) {
  BusFixture f;
  TargetConfig c;
  c.pid = 0x77;
  c.hot_join = true;
  c.powered = false;
  Target& t = f.AddTarget(c);
  t.Faults().hj_ignores_idle = true;
  f.ctrl.Broadcast(ccc::kEnecB, {ccc::kEvtHj});  // the bus was busy just before power-up
  t.PowerUp();
  f.ctrl.Idle(20 * kUs);
  EXPECT_EQ(f.mon.CountRule("hj.idle"), 1u) << f.ViolationText() << f.TransactionText();
}

TEST(MonitorIbi, IbiFromAnAddressTheMonitorNeverSawAssigned) {
  BusFixture f;
  TargetConfig c;
  c.pid = 0x79;
  c.bcr = bcr::kIbiCapable;
  c.static_addr = 0x30;
  Target& t = f.AddTarget(c);
  TargetConfig d = c;
  d.pid = 0x78;
  d.static_addr.reset();
  f.AddTarget(d);
  f.ctrl.EntDaa({0x09});
  f.ctrl.Broadcast(ccc::kSetaasa);  // the monitor cannot know which static address that was
  f.ctrl.Broadcast(ccc::kEnecB, {ccc::kEvtInt});
  t.RaiseIbi(0x01);
  f.ctrl.Idle(10 * kUs);
  EXPECT_EQ(f.mon.CountRule("ibi.unknown_address"), 1u) << f.ViolationText() << f.TransactionText();
}

TEST(MonitorHandler, ViolationHandlerCanStopTheTest) {
  BusFixture f;
  TargetConfig c;
  c.pid = 0x42;
  f.AddTarget(c);
  f.mon.OnViolation([](const Violation& v) { throw std::runtime_error(v.ToString()); });
  f.ctrl.Knobs().bad_write_parity = true;
  try {
    f.ctrl.Broadcast(ccc::kEnecB, {0x01});
    FAIL() << "expected the handler to throw";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("tbit.parity"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("us"), std::string::npos) << "carries the time";
  }
}

// ---- Offline waveforms built bit by bit (no drive information). ----

class Wave {
 public:
  void Start() {
    Set(true, false);
    Adv(100 * kNs);
    Set(false, false);
  }
  void Bit(bool b) {
    Adv(20 * kNs);
    Set(false, b);
    Adv(230 * kNs);
    Set(true, b);
    Adv(250 * kNs);
    Set(false, b);
  }
  void Bits(std::uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) Bit((v >> i) & 1);
  }
  void Write(std::uint8_t b) { Bits((b << 1) | (OddParityBit(b) ? 1 : 0), 9); }
  void Sr() {
    Adv(20 * kNs);
    Set(false, true);
    Adv(230 * kNs);
    Set(true, true);
    Adv(50 * kNs);
    Set(true, false);
    Adv(50 * kNs);
    Set(false, false);
  }
  void Stop() {
    Adv(20 * kNs);
    Set(false, false);
    Adv(230 * kNs);
    Set(true, false);
    Adv(50 * kNs);
    Set(true, true);
    Adv(5 * kUs);
  }
  void Set(bool scl, bool sda) { s_.push_back({t_, scl, sda}); }
  void Adv(Time dt) { t_ += dt; }
  // Every bit uses the slow open-drain timing, so the checks run as on a pure I3C bus (no
  // push-pull high maximum for legacy spike filters).
  Monitor Run() {
    MonitorConfig c;
    c.mode = MonitorConfig::BusMode::kPure;
    Monitor m(c);
    for (const auto& x : s_) m.Sample(x.t, x.scl, x.sda);
    m.Finish(t_);
    return m;
  }

 private:
  Time t_ = 10 * kUs;
  std::vector<TraceSample> s_;
};

TEST(MonitorWave, CleanBroadcastDecodes) {
  Wave w;
  w.Start();
  w.Bits(0xFC, 8);
  w.Bit(false);  // ACK
  w.Write(ccc::kEnecB);
  w.Write(0x01);
  w.Stop();
  auto m = w.Run();
  EXPECT_TRUE(m.Violations().empty());
  ASSERT_EQ(m.Transactions().size(), 1u);
  EXPECT_EQ(m.Transactions()[0].kind, TxKind::kBroadcastCcc);
  EXPECT_EQ(m.Transactions()[0].text, "S  7E/W ACK CCC ENEC(0x00) [01] P");
}

TEST(MonitorWave, StopInsideAByteIsIncomplete) {
  Wave w;
  w.Start();
  w.Bits(0xFC, 8);
  w.Bit(false);
  w.Bits(0x0F, 4);
  w.Stop();
  EXPECT_EQ(w.Run().CountRule("frame.incomplete"), 1u);
}

TEST(MonitorWave, DataAfterNackIsUnexpected) {
  Wave w;
  w.Start();
  w.Bits(0xFC, 8);
  w.Bit(true);  // nobody ACKed
  w.Write(0x00);
  w.Stop();
  EXPECT_EQ(w.Run().CountRule("frame.unexpected_data"), 1u);
}

TEST(MonitorWave, ClockWithoutStartAndOpenFrame) {
  Wave w;
  w.Bit(true);
  w.Set(true, true);
  w.Adv(2 * kUs);
  w.Start();
  w.Bits(0xFC, 8);
  auto m = w.Run();
  EXPECT_EQ(m.CountRule("frame.no_start"), 1u);
  EXPECT_EQ(m.CountRule("frame.open"), 1u);
}

TEST(MonitorWave, DaaSequenceRules) {
  Wave w;  // 7E/R without ENTDAA
  w.Start();
  w.Bits(0xFC, 8);
  w.Bit(false);
  w.Sr();
  w.Bits(0xFD, 8);
  w.Bit(true);
  w.Stop();
  EXPECT_EQ(w.Run().CountRule("daa.sequence"), 1u);
  Wave v;  // ENTDAA followed by a private address instead of 7E/R
  v.Start();
  v.Bits(0xFC, 8);
  v.Bit(false);
  v.Write(ccc::kEntdaa);
  v.Sr();
  v.Bits(0x10, 8);
  v.Bit(true);
  v.Stop();
  EXPECT_EQ(v.Run().CountRule("daa.sequence"), 1u);
}

TEST(MonitorWave, HotJoinMustBeAWrite) {
  Wave w;
  w.Start();
  w.Bits((kHotJoinAddr << 1) | 1, 8);  // 02/R: not a Hot-Join
  w.Bit(false);
  w.Stop();
  // Offline, a header after START is only known to come from a target when it is 0x02.
  auto m = w.Run();
  EXPECT_EQ(m.CountRule("hj.sequence"), 0u);
  Wave v;
  v.Start();
  v.Bits(kHotJoinAddr << 1, 8);
  v.Bit(false);
  v.Write(0x12);  // data after the Hot-Join ACK
  v.Stop();
  auto n = v.Run();
  ASSERT_FALSE(n.Transactions().empty());
  EXPECT_EQ(n.Transactions()[0].kind, TxKind::kHotJoin);
  EXPECT_EQ(n.CountRule("frame.unexpected_data"), 1u);
}

TEST(MonitorWave, DirectCccWrongDirectionAndLength) {
  Wave w;
  w.Start();
  w.Bits(0xFC, 8);
  w.Bit(false);
  w.Write(ccc::kGetpid);
  w.Sr();
  w.Bits(0x08 << 1, 8);  // GETPID with W
  w.Bit(false);
  w.Stop();
  EXPECT_GE(w.Run().CountRule("ccc.format"), 1u);
  Wave v;  // GETBCR answered with two bytes
  v.Start();
  v.Bits(0xFC, 8);
  v.Bit(false);
  v.Write(ccc::kGetbcr);
  v.Sr();
  v.Bits((0x08 << 1) | 1, 8);
  v.Bit(false);
  v.Bits((0x06 << 1) | 1, 9);
  v.Bits((0x07 << 1) | 0, 9);
  v.Stop();
  EXPECT_EQ(v.Run().CountRule("ccc.format"), 1u);
}

TEST(MonitorWave, BackwardsTimeIsAnError) {
  Monitor m;
  m.Sample(100, true, false);
  EXPECT_THROW(m.Sample(50, false, false), std::invalid_argument);
}

}  // namespace
}  // namespace xpo::i3c
