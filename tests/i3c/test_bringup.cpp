// Bring-up and traffic on a bus of eight mixed I3C targets and a legacy EEPROM, driven by the
// reference controller the way the Linux I3C core initialises a bus (drivers/i3c/master.c:
// RSTDAA, DISEC, SETDASA, ENTDAA, then GETPID/GETBCR/GETDCR/GETMXDS/GETMRL/GETMWL per device).
// Expectations come from the device configurations and the spec, not from the models' code.
#include <algorithm>
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "i3c_fixture.hpp"

namespace xpo::i3c {
namespace {

using testing::BusFixture;

struct Kind {
  const char* name;
  std::uint64_t pid;
  std::uint8_t bcr;
  std::uint8_t dcr;
  std::optional<std::uint8_t> sa;
  std::vector<std::uint8_t> mxds;
};

// Two DSP ASICs with static addresses, four optical engines, a power monitor, a
// controller-capable management ASIC. PIDs: MIPI manufacturer 0x1A5 in [47:33], part in
// [31:16], instance in [15:12].
std::vector<Kind> Kinds() {
  const std::uint64_t mfg = std::uint64_t{0x1A5} << 33;
  return {
      {"dsp0",
       mfg | (0x0D50ull << 16) | 0x0000,
       bcr::kIbiCapable | bcr::kIbiPayload,
       0x00,
       0x30,
       {0, 0}},
      {"dsp1",
       mfg | (0x0D50ull << 16) | 0x1000,
       bcr::kIbiCapable | bcr::kIbiPayload,
       0x00,
       0x31,
       {0, 0}},
      {"oe0", mfg | (0x0E0Eull << 16) | 0x0000, 0x07, 0x44, std::nullopt, {0x01, 0x02}},
      {"oe1",
       mfg | (0x0E0Eull << 16) | 0x1000,
       0x03,
       0x44,
       std::nullopt,
       {0x02, 0x03, 0x10, 0x27, 0x00}},
      {"oe2", mfg | (0x0E0Eull << 16) | 0x2000, 0x00, 0x44, std::nullopt, {0, 0}},
      {"oe3", mfg | (0x0E0Eull << 16) | 0x3000, 0x00, 0x44, std::nullopt, {0, 0}},
      {"pmon", mfg | (0x0B0Bull << 16) | 0x0000, bcr::kIbiCapable, 0x63, std::nullopt, {0, 0}},
      {"mgmt", mfg | (0x0C0Cull << 16) | 0x0000, 0x46, 0x00, std::nullopt, {0, 0}},
  };
}

class Bringup : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& k : Kinds()) {
      TargetConfig c;
      c.name = k.name;
      c.pid = k.pid;
      c.bcr = k.bcr;
      c.dcr = k.dcr;
      c.static_addr = k.sa;
      c.mxds = k.mxds;
      c.max_read_len = 64;
      f.AddTarget(c);
    }
    auto& ee = f.AddEeprom();
    ee.Poke(0, 0, 0x18);  // CMIS identifier byte
    ee.Poke(2, 128, 0xA2);
  }

  // The Linux core's sequence, with dynamic addresses handed out from 0x08 upwards.
  void BringUp() {
    ASSERT_TRUE(f.ctrl.Broadcast(ccc::kRstdaaB));
    ASSERT_TRUE(f.ctrl.Broadcast(ccc::kDisecB, {ccc::kEvtInt | ccc::kEvtCr | ccc::kEvtHj}));
    std::uint8_t next = 0x08;
    for (auto& t : f.targets) {
      if (t->Config().static_addr) {
        ASSERT_TRUE(f.ctrl.SetDasa(*t->Config().static_addr, next).ack) << t->Config().name;
        ++next;
      }
    }
    std::vector<std::uint8_t> pool;
    for (std::uint8_t a = next; pool.size() < 8; ++a) pool.push_back(a);
    daa = f.ctrl.EntDaa(pool);
  }

  Target& ByAddr(std::uint8_t a) {
    for (auto& t : f.targets) {
      if (t->DynamicAddress() == a) return *t;
    }
    throw std::runtime_error("no target at that address");
  }

  BusFixture f;                // NOLINT(readability-identifier-naming): read as a test local
  std::vector<DaaRecord> daa;  // NOLINT(readability-identifier-naming)
};

TEST_F(Bringup, LinuxSequenceAssignsEveryDeviceInPidOrder) {
  BringUp();
  // Six devices had no static address; they must win ENTDAA in ascending PID:BCR:DCR order.
  std::vector<std::uint64_t> want;
  for (const auto& k : Kinds()) {
    if (!k.sa) want.push_back((k.pid << 16) | (std::uint64_t{k.bcr} << 8) | k.dcr);
  }
  std::sort(want.begin(), want.end());
  ASSERT_EQ(daa.size(), want.size()) << f.TransactionText();
  for (std::size_t i = 0; i < daa.size(); ++i) {
    EXPECT_TRUE(daa[i].acked);
    EXPECT_EQ((daa[i].pid << 16) | (std::uint64_t{daa[i].bcr} << 8) | daa[i].dcr, want[i]);
  }
  std::set<std::uint8_t> seen;
  for (auto& t : f.targets) {
    ASSERT_TRUE(t->DynamicAddress()) << t->Config().name;
    EXPECT_FALSE(IsReservedAddress(*t->DynamicAddress()));
    EXPECT_TRUE(seen.insert(*t->DynamicAddress()).second) << "duplicate address";
    EXPECT_EQ(t->Events(), 0) << "DISEC should have cleared every event";
  }
  EXPECT_EQ(f.targets[0]->DynamicAddress(), 0x08);
  EXPECT_EQ(f.targets[1]->DynamicAddress(), 0x09);
  // The monitor decoded the same assignments on the wires.
  EXPECT_EQ(f.mon.Assigned().size(), 8u);
  EXPECT_TRUE(f.mon.Violations().empty()) << f.ViolationText() << f.TransactionText();
}

TEST_F(Bringup, DeviceInfoCccsMatchConfiguration) {
  BringUp();
  const auto kinds = Kinds();
  for (std::size_t i = 0; i < f.targets.size(); ++i) {
    const auto& k = kinds[i];
    const std::uint8_t da = *f.targets[i]->DynamicAddress();
    auto pid = f.ctrl.DirectGet(ccc::kGetpid, da, 6);
    ASSERT_TRUE(pid.ack);
    ASSERT_EQ(pid.data.size(), 6u);
    std::uint64_t got = 0;
    for (auto b : pid.data) got = (got << 8) | b;
    EXPECT_EQ(got, k.pid) << k.name;
    EXPECT_TRUE(pid.ended_by_target);
    EXPECT_EQ(f.ctrl.DirectGet(ccc::kGetbcr, da, 1).data, std::vector<std::uint8_t>{k.bcr});
    EXPECT_EQ(f.ctrl.DirectGet(ccc::kGetdcr, da, 1).data, std::vector<std::uint8_t>{k.dcr});
    auto mxds = f.ctrl.DirectGet(ccc::kGetmxds, da, 5);
    if (k.bcr & bcr::kSpeedLimit) {
      EXPECT_EQ(mxds.data, k.mxds) << k.name;
    } else {
      EXPECT_FALSE(mxds.ack) << k.name << ": GETMXDS without BCR[0] should be NACKed";
    }
    auto mrl = f.ctrl.DirectGet(ccc::kGetmrl, da, 3);
    ASSERT_TRUE(mrl.ack);
    EXPECT_EQ(mrl.data.size(), (k.bcr & bcr::kIbiPayload) ? 3u : 2u) << k.name;
    EXPECT_EQ((mrl.data[0] << 8) | mrl.data[1], 64);
    auto mwl = f.ctrl.DirectGet(ccc::kGetmwl, da, 2);
    EXPECT_EQ(mwl.data, (std::vector<std::uint8_t>{0x01, 0x00}));
  }
  EXPECT_TRUE(f.mon.Violations().empty()) << f.ViolationText();
}

TEST_F(Bringup, PrivateTransfersToEachDeviceAndEepromOnTheSameBus) {
  BringUp();
  std::mt19937_64 rng(0x13C);
  for (auto& t : f.targets) {
    const std::uint8_t da = *t->DynamicAddress();
    std::vector<std::uint8_t> payload(5);
    for (auto& b : payload) b = static_cast<std::uint8_t>(rng());
    std::vector<std::uint8_t> w{0x10};
    for (auto b : payload) w.push_back(b);
    ASSERT_TRUE(f.ctrl.PrivateWrite(da, w).ack);
    for (std::size_t i = 0; i < payload.size(); ++i) EXPECT_EQ(t->Reg(0x10 + i), payload[i]);
    ASSERT_TRUE(f.ctrl.PrivateWrite(da, {0x10}).ack);
    auto r = f.ctrl.PrivateRead(da, payload.size());
    EXPECT_EQ(r.data, payload);
    EXPECT_FALSE(r.ended_by_target) << "the controller ends this read early (target has more)";
  }
  // Legacy EEPROM: identifier byte on the lower page, page select to page 2, upper byte.
  ASSERT_TRUE(f.ctrl.I2cWrite(0x50, {0x00}).ack);
  EXPECT_EQ(f.ctrl.I2cRead(0x50, 1).data, std::vector<std::uint8_t>{0x18});
  ASSERT_TRUE(f.ctrl.I2cWrite(0x50, {127, 2}).ack);
  EXPECT_EQ(f.eeprom->Page(), 2);
  ASSERT_TRUE(f.ctrl.I2cWrite(0x50, {128}).ack);
  EXPECT_EQ(f.ctrl.I2cRead(0x50, 1).data, std::vector<std::uint8_t>{0xA2});
  ASSERT_TRUE(f.ctrl.I2cWrite(0x50, {130, 0x5A, 0x5B}).ack);
  EXPECT_EQ(f.eeprom->Peek(2, 130), 0x5A);
  EXPECT_EQ(f.eeprom->Peek(2, 131), 0x5B);
  EXPECT_FALSE(f.ctrl.I2cWrite(0x51, {0}).ack) << "nobody at 0x51";
  EXPECT_TRUE(f.mon.Violations().empty()) << f.ViolationText() << f.TransactionText();
}

TEST_F(Bringup, EveryCccBroadcastAndDirect) {
  BringUp();
  Target& dsp0 = *f.targets[0];
  Target& oe0 = *f.targets[2];
  Target& mgmt = *f.targets[7];
  const std::uint8_t a0 = *dsp0.DynamicAddress(), ae = *oe0.DynamicAddress(),
                     am = *mgmt.DynamicAddress();
  // ENEC/DISEC, broadcast then direct.
  ASSERT_TRUE(f.ctrl.Broadcast(ccc::kEnecB, {ccc::kEvtInt | ccc::kEvtHj}));
  for (auto& t : f.targets) EXPECT_EQ(t->Events(), ccc::kEvtInt | ccc::kEvtHj);
  EXPECT_TRUE(f.ctrl.DirectSet(ccc::kDisecD, a0, {ccc::kEvtInt}).ack);
  EXPECT_EQ(dsp0.Events(), ccc::kEvtHj);
  EXPECT_EQ(oe0.Events(), ccc::kEvtInt | ccc::kEvtHj) << "direct DISEC touches one device";
  EXPECT_TRUE(f.ctrl.DirectSet(ccc::kEnecD, a0, {ccc::kEvtInt}).ack);
  EXPECT_EQ(dsp0.Events(), ccc::kEvtInt | ccc::kEvtHj);
  // SETMWL/SETMRL broadcast, then direct, read back with GETMWL/GETMRL.
  ASSERT_TRUE(f.ctrl.Broadcast(ccc::kSetmwlB, {0x00, 0x80}));
  ASSERT_TRUE(f.ctrl.Broadcast(ccc::kSetmrlB, {0x00, 0x40, 0x06}));
  for (auto& t : f.targets) {
    EXPECT_EQ(t->MaxWriteLen(), 0x80);
    EXPECT_EQ(t->MaxReadLen(), 0x40);
    EXPECT_EQ(t->MaxIbiLen(), 6);
  }
  EXPECT_TRUE(f.ctrl.DirectSet(ccc::kSetmwlD, ae, {0x01, 0x00}).ack);
  EXPECT_TRUE(f.ctrl.DirectSet(ccc::kSetmrlD, ae, {0x00, 0x20, 0x04}).ack);
  EXPECT_EQ(f.ctrl.DirectGet(ccc::kGetmwl, ae, 2).data, (std::vector<std::uint8_t>{0x01, 0x00}));
  EXPECT_EQ(f.ctrl.DirectGet(ccc::kGetmrl, ae, 3).data,
            (std::vector<std::uint8_t>{0x00, 0x20, 0x04}));
  // GETSTATUS: pending interrupts in [3:0], protocol error in [5] (cleared by reading).
  dsp0.Faults();  // no fault; raise two IBIs with events disabled so they stay pending
  EXPECT_TRUE(f.ctrl.DirectSet(ccc::kDisecD, a0, {ccc::kEvtInt}).ack);
  dsp0.RaiseIbi(0x11);
  dsp0.RaiseIbi(0x12);
  f.ctrl.Knobs().bad_write_parity = true;
  f.ctrl.PrivateWrite(a0, {0x00, 0x01});
  f.ctrl.Knobs().bad_write_parity = false;
  EXPECT_TRUE(dsp0.ProtocolError());
  EXPECT_EQ(f.ctrl.DirectGet(ccc::kGetstatus, a0, 2).data,
            (std::vector<std::uint8_t>{0x00, 0x20 | 0x02}));
  EXPECT_EQ(f.ctrl.DirectGet(ccc::kGetstatus, a0, 2, {0x00}).data,
            (std::vector<std::uint8_t>{0x00, 0x02}))
      << "TGTSTAT defining byte gives format 1; the error was cleared by the first read";
  EXPECT_FALSE(f.ctrl.DirectGet(ccc::kGetstatus, a0, 2, {0x91}).ack) << "PRECR: not a controller";
  // GETCAPS, GETACCCR (only the controller-capable device answers, with odd parity).
  EXPECT_EQ(f.ctrl.DirectGet(ccc::kGetcaps, ae, 4).data, (std::vector<std::uint8_t>{0x00, 0x01}));
  EXPECT_EQ(f.ctrl.DirectGet(ccc::kGetacccr, am, 1).data,
            std::vector<std::uint8_t>{DaaAddressByte(am)});
  EXPECT_FALSE(f.ctrl.DirectGet(ccc::kGetacccr, ae, 1).ack);
  // RSTACT with defining bytes: broadcast and direct set, direct get of the reset time.
  ASSERT_TRUE(f.ctrl.Broadcast(ccc::kRstactB, {0x01}));
  for (auto& t : f.targets) EXPECT_EQ(t->ResetAction(), 0x01);
  EXPECT_TRUE(f.ctrl.DirectSet(ccc::kRstactD, ae, {}, {0x02}).ack);
  EXPECT_EQ(oe0.ResetAction(), 0x02);
  EXPECT_EQ(f.ctrl.DirectGet(ccc::kRstactD, ae, 1, {0x81}).data.size(), 1u);
  EXPECT_FALSE(f.ctrl.DirectSet(ccc::kRstactD, ae, {}, {0x77}).ack) << "unknown reset action";
  // ENDXFER, SETXTIME/GETXTIME (no device here supports timing control: GETXTIME NACKed).
  ASSERT_TRUE(f.ctrl.Broadcast(ccc::kEndxferB, {0xAA}));
  EXPECT_EQ(oe0.EndXfer(), 0xAA);
  EXPECT_TRUE(f.ctrl.DirectSet(ccc::kEndxferD, ae, {0x55}).ack);
  EXPECT_EQ(oe0.EndXfer(), 0x55);
  ASSERT_TRUE(f.ctrl.Broadcast(ccc::kSetxtimeB, {0xDF}));
  EXPECT_EQ(oe0.SetXtime(), std::vector<std::uint8_t>{0xDF});
  EXPECT_FALSE(f.ctrl.DirectGet(ccc::kGetxtime, ae, 4).ack);
  // DEFTGTS: count, the controller's 4 bytes, 4 bytes per target.
  std::vector<std::uint8_t> dt{1, 0x7E, 0x00, 0x40, 0x00, a0, 0x00, 0x06, 0x30};
  ASSERT_TRUE(f.ctrl.Broadcast(ccc::kDeftgts, dt));
  EXPECT_EQ(mgmt.DefTgts(), dt);
  // ENTAS0..3 broadcast, and direct.
  ASSERT_TRUE(f.ctrl.Broadcast(0x03));
  EXPECT_EQ(oe0.ActivityState(), 1);
  EXPECT_TRUE(f.ctrl.DirectSet(0x84, ae, {}).ack);
  EXPECT_EQ(oe0.ActivityState(), 2);
  // SETNEWDA moves a device; it then answers only at the new address.
  EXPECT_TRUE(f.ctrl.DirectSet(ccc::kSetnewda, ae, {0x40 << 1}).ack);
  EXPECT_EQ(oe0.DynamicAddress(), 0x40);
  EXPECT_FALSE(f.ctrl.PrivateRead(ae, 1).ack);
  EXPECT_TRUE(f.ctrl.PrivateRead(0x40, 1).ack);
  // SETAASA: devices with a static address and no dynamic address take the static one.
  ASSERT_TRUE(f.ctrl.Broadcast(ccc::kRstdaaB));
  ASSERT_TRUE(f.ctrl.Broadcast(ccc::kSetaasa));
  EXPECT_EQ(dsp0.DynamicAddress(), 0x30);
  EXPECT_EQ(f.targets[1]->DynamicAddress(), 0x31);
  EXPECT_FALSE(oe0.DynamicAddress());
  EXPECT_EQ(f.mon.CountRule("tbit.parity"), 2u) << "both bytes of the deliberately bad write";
  EXPECT_EQ(f.mon.Violations().size(), 2u) << f.ViolationText();
}

TEST_F(Bringup, IbisFromSeveralDevicesAtOnceArriveInAddressOrder) {
  BringUp();
  Target& dsp0 = *f.targets[0];  // IBI with payload
  Target& dsp1 = *f.targets[1];  // IBI with payload, not accepted by the controller
  Target& pmon = *f.targets[6];  // IBI without payload
  f.ctrl.AcceptIbi(*dsp0.DynamicAddress(), true);
  f.ctrl.AcceptIbi(*pmon.DynamicAddress(), false);
  ASSERT_TRUE(f.ctrl.Broadcast(ccc::kEnecB, {ccc::kEvtInt}));
  dsp0.RaiseIbi(0xA0, {1, 2, 3});
  dsp0.RaiseIbi(0xA1, {4});  // back-to-back from the same device (i3c-core #143)
  pmon.RaiseIbi(0x00);
  dsp1.RaiseIbi(0xB0, {9});
  f.ctrl.Idle(40 * kUs);
  const auto& ibis = f.ctrl.Ibis();
  std::vector<std::pair<std::uint8_t, bool>> got;
  got.reserve(ibis.size());
  for (const auto& i : ibis) got.emplace_back(i.addr, i.acked);
  // Lowest address wins each arbitration; dsp1 is NACKed once, then told DISEC.
  std::vector<std::pair<std::uint8_t, bool>> want{{*dsp0.DynamicAddress(), true},
                                                  {*dsp0.DynamicAddress(), true},
                                                  {*dsp1.DynamicAddress(), false},
                                                  {*pmon.DynamicAddress(), true}};
  std::sort(want.begin(), want.end(), [](auto& a, auto& b) { return a.first < b.first; });
  ASSERT_EQ(got, want) << f.TransactionText();
  EXPECT_EQ(ibis[0].data, (std::vector<std::uint8_t>{0xA0, 1, 2, 3}));
  EXPECT_EQ(ibis[1].data, (std::vector<std::uint8_t>{0xA1, 4}));
  EXPECT_TRUE(ibis[3].data.empty()) << "BCR[2]=0: no data byte";
  EXPECT_EQ(dsp1.Events() & ccc::kEvtInt, 0) << "auto-DISEC after the rejected IBI";
  EXPECT_EQ(dsp1.PendingIbis(), 1u);
  EXPECT_EQ(dsp0.PendingIbis(), 0u);
  std::size_t mon_ibis = 0;
  for (const auto& t : f.mon.Transactions()) mon_ibis += t.kind == TxKind::kIbi;
  EXPECT_EQ(mon_ibis, 4u);
  EXPECT_TRUE(f.mon.Violations().empty()) << f.ViolationText() << f.TransactionText();
}

TEST_F(Bringup, IbiDuringTrafficWinsTheBroadcastHeader) {
  BringUp();
  Target& oe0 = *f.targets[2];
  const std::uint8_t a = *oe0.DynamicAddress();
  f.ctrl.AcceptIbi(a, true);
  ASSERT_TRUE(f.ctrl.Broadcast(ccc::kEnecB, {ccc::kEvtInt}));
  // Back-to-back transfers leave less than tAVAL between STOP and START, so the IBI can only
  // win by arbitrating in the controller's 7E header.
  f.ctrl.Timing().buf = 600 * kNs;
  oe0.RaiseIbi(0x5A, {0x01});
  for (int i = 0; i < 3; ++i) f.ctrl.PrivateWrite(*f.targets[4]->DynamicAddress(), {0x00, 0x01});
  ASSERT_EQ(f.ctrl.Ibis().size(), 1u);
  EXPECT_EQ(f.ctrl.Ibis()[0].data, (std::vector<std::uint8_t>{0x5A, 0x01}));
  EXPECT_EQ(f.targets[4]->Reg(0), 0x01) << "the pre-empted write was retried";
  EXPECT_TRUE(f.mon.Violations().empty()) << f.ViolationText() << f.TransactionText();
}

TEST_F(Bringup, HotJoinAcceptedThenAssignedByDaa) {
  BringUp();
  TargetConfig hj;
  hj.name = "late_oe";
  hj.pid = 0x0123456789ABull;
  hj.bcr = bcr::kIbiCapable;
  hj.hot_join = true;
  hj.powered = false;
  Target& t = f.AddTarget(hj);
  ASSERT_TRUE(f.ctrl.Broadcast(ccc::kEnecB, {ccc::kEvtHj}));
  t.PowerUp();
  f.ctrl.Idle(100 * kUs);
  EXPECT_TRUE(f.ctrl.Ibis().empty()) << "must wait for Bus Idle (200 us) after power-up";
  f.ctrl.Idle(150 * kUs);
  ASSERT_EQ(f.ctrl.Ibis().size(), 1u);
  EXPECT_TRUE(f.ctrl.Ibis()[0].hot_join);
  EXPECT_TRUE(t.HotJoinAcked());
  auto daa2 = f.ctrl.EntDaa({0x20});
  ASSERT_EQ(daa2.size(), 1u);
  EXPECT_EQ(daa2[0].pid, hj.pid);
  EXPECT_EQ(t.DynamicAddress(), 0x20);
  f.ctrl.Idle(300 * kUs);
  EXPECT_EQ(f.ctrl.Ibis().size(), 1u) << "joined: no more requests";
  EXPECT_TRUE(f.mon.Violations().empty()) << f.ViolationText() << f.TransactionText();
}

TEST_F(Bringup, HotJoinRejectedGetsDisec) {
  BringUp();
  TargetConfig hj;
  hj.name = "late_oe";
  hj.pid = 0x0123456789ABull;
  hj.hot_join = true;
  hj.powered = false;
  Target& t = f.AddTarget(hj);
  ASSERT_TRUE(f.ctrl.Broadcast(ccc::kEnecB, {ccc::kEvtHj}));
  f.ctrl.AcceptHotJoin(false);
  t.PowerUp();
  f.ctrl.Idle(600 * kUs);
  ASSERT_EQ(f.ctrl.Ibis().size(), 1u) << f.TransactionText();
  EXPECT_FALSE(f.ctrl.Ibis()[0].acked);
  EXPECT_EQ(t.Events() & ccc::kEvtHj, 0) << "the controller disabled Hot-Join";
  EXPECT_FALSE(t.DynamicAddress());
  EXPECT_TRUE(f.mon.Violations().empty()) << f.ViolationText();
}

// chipsalliance/i3c-core #53: direct RSTDAA is not a v1.1 CCC; a target must NACK it.
TEST_F(Bringup, DirectRstdaaIsNacked) {
  BringUp();
  const auto da = f.targets[2]->DynamicAddress();
  EXPECT_FALSE(f.ctrl.DirectSet(ccc::kRstdaaD, *da, {}).ack);
  EXPECT_EQ(f.targets[2]->DynamicAddress(), da);
  EXPECT_TRUE(f.mon.Violations().empty()) << f.ViolationText();
}

// chipsalliance/i3c-core #57: SETDASA to a device that already has a dynamic address.
TEST_F(Bringup, SetdasaToDeviceWithAddressIsNacked) {
  BringUp();
  EXPECT_FALSE(f.ctrl.SetDasa(0x30, 0x50 - 1).ack);
  EXPECT_EQ(f.targets[0]->DynamicAddress(), 0x08);
  EXPECT_TRUE(f.mon.Violations().empty()) << f.ViolationText();
}

// NXP i3c-slave-design #4: a parity error in the ENTDAA address must not change the address.
TEST_F(Bringup, DaaParityErrorLeavesAddressUnassigned) {
  ASSERT_TRUE(f.ctrl.Broadcast(ccc::kRstdaaB));
  f.ctrl.Knobs().bad_daa_parity = true;
  auto recs = f.ctrl.EntDaa({0x10});
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_FALSE(recs[0].acked);
  for (auto& t : f.targets) EXPECT_FALSE(t->DynamicAddress()) << t->Config().name;
  EXPECT_EQ(f.mon.CountRule("daa.parity"), 1u) << "the broken controller is caught";
  EXPECT_EQ(f.mon.CountRule("daa.bad_parity_acked"), 0u);
}

TEST_F(Bringup, EntdaaRightAfterRstdaaReassignsEveryone) {
  BringUp();
  ASSERT_TRUE(f.ctrl.Broadcast(ccc::kRstdaaB));
  for (auto& t : f.targets) EXPECT_FALSE(t->DynamicAddress());
  auto recs = f.ctrl.EntDaa({0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18});
  EXPECT_EQ(recs.size(), 8u) << "eight devices, then 7E/R NACKed";
  for (auto& t : f.targets) EXPECT_TRUE(t->DynamicAddress()) << t->Config().name;
  EXPECT_TRUE(f.mon.Violations().empty()) << f.ViolationText() << f.TransactionText();
}

TEST_F(Bringup, DirectCccToSeveralTargetsInOneFrame) {
  BringUp();
  const std::uint8_t a = *f.targets[2]->DynamicAddress(), b = *f.targets[3]->DynamicAddress();
  const auto acks = f.ctrl.DirectSetMulti(
      ccc::kSetmwlD, {{a, {0x00, 0x20}}, {0x7D, {0x00, 0x30}}, {b, {0x00, 0x40}}});
  EXPECT_EQ(acks, (std::vector<bool>{true, false, true})) << "nobody lives at 0x7D";
  EXPECT_EQ(f.targets[2]->MaxWriteLen(), 0x20);
  EXPECT_EQ(f.targets[3]->MaxWriteLen(), 0x40);
  EXPECT_EQ(f.targets[4]->MaxWriteLen(), 256) << "not addressed";
  EXPECT_TRUE(f.mon.Violations().empty()) << f.ViolationText() << f.TransactionText();
}

TEST_F(Bringup, NackingAndSilentTargets) {
  f.targets[4]->Faults().never_answer = true;  // oe2 takes no part in anything
  BringUp();
  EXPECT_FALSE(f.targets[4]->DynamicAddress());
  EXPECT_EQ(daa.size(), 5u) << "five devices answered ENTDAA, then 7E/R was NACKed";
  const std::uint8_t a = *f.targets[2]->DynamicAddress();
  f.targets[2]->Faults().nack_private = true;
  EXPECT_FALSE(f.ctrl.PrivateWrite(a, {0x00, 0x12}).ack);
  EXPECT_EQ(f.targets[2]->Reg(0), 0x00);
  EXPECT_TRUE(f.ctrl.DirectGet(ccc::kGetbcr, a, 1).ack) << "CCCs still answered";
  std::size_t nacks = 0;
  for (const auto& t : f.mon.Transactions()) nacks += t.kind == TxKind::kPrivateWrite && !t.ack;
  EXPECT_EQ(nacks, 1u);
  EXPECT_TRUE(f.mon.Violations().empty()) << f.ViolationText();
}

TEST_F(Bringup, LegacyFmTimingOnAnFmBus) {
  BusFixture fm([] {
    auto c = BusFixture::DefaultMonitorConfig();
    c.mode = MonitorConfig::BusMode::kMixedFm;
    return c;
  }());
  auto& ee = fm.AddEeprom();
  ee.Poke(0, 5, 0x5E);
  // Fm+ timing on a bus whose legacy devices are only Fm: the monitor objects.
  fm.ctrl.I2cWrite(0x50, {0x05});
  EXPECT_GT(fm.mon.CountRule("t.i2c_low"), 0u);
  // 400 kHz timing (UM10204 Fm: tLOW 1.3 us, tHIGH 0.6 us) is clean and still reads back.
  const auto before = fm.mon.Violations().size();
  fm.ctrl.Timing().i2c_low = 1400 * kNs;
  fm.ctrl.Timing().i2c_high = 1100 * kNs;
  fm.ctrl.Timing().buf = 1500 * kNs;
  ASSERT_TRUE(fm.ctrl.I2cWrite(0x50, {0x05}).ack);
  EXPECT_EQ(fm.ctrl.I2cRead(0x50, 1).data, std::vector<std::uint8_t>{0x5E});
  EXPECT_EQ(fm.mon.Violations().size(), before) << fm.ViolationText();
}

TEST(I3cController, RefusesReservedAddresses) {
  BusFixture f;
  for (std::uint8_t a : {0x00, 0x07, 0x7E, 0x7F, 0x7C, 0x7A, 0x76, 0x6E, 0x5E, 0x3E}) {
    EXPECT_THROW(f.ctrl.EntDaa({a}), std::invalid_argument) << int{a};
    EXPECT_THROW(f.ctrl.SetDasa(0x30, a), std::invalid_argument) << int{a};
  }
}

TEST(I3cTarget, RejectsBadConfiguration) {
  Scheduler s;
  Bus bus(s);
  TargetConfig c;
  c.pid = 1ull << 48;
  EXPECT_THROW(Target(bus, c), std::invalid_argument);
  c.pid = 1;
  c.static_addr = 0x7E;
  EXPECT_THROW(Target(bus, c), std::invalid_argument);
  c.static_addr.reset();
  c.mxds = {1, 2, 3};
  EXPECT_THROW(Target(bus, c), std::invalid_argument);
  I2cEepromConfig e;
  e.addr = 0x7C;
  EXPECT_THROW(I2cEeprom(bus, e), std::invalid_argument);
}

}  // namespace
}  // namespace xpo::i3c
