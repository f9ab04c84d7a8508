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

  BusFixture f;
  std::vector<DaaRecord> daa;
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

}  // namespace
}  // namespace xpo::i3c
