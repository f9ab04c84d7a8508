// The I3C controller RTL against the independent C++ target models, the legacy I2C EEPROM and
// the bus monitor of models/i3c: bring-up as the Linux I3C core does it, CCCs per device,
// private and I2C transfers, IBIs and Hot-Join, with the monitor reporting no violation.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>

#include "i3c_ctrl_env.h"
#include "xpo/i3c/bus.hpp"
#include "xpo/i3c/i2c_eeprom.hpp"
#include "xpo/i3c/monitor.hpp"
#include "xpo/i3c/target.hpp"

namespace xpo::i3c_ctrl_test {
namespace {

namespace m = xpo::i3c;
using tb::TimeUnit;

// The models' bus, clocked from the simulation: every module clock the model scheduler runs up
// to the current time, the controller's pads are applied as one agent, and the resolved lines go
// back to the controller's inputs.
class ModelBus {
 public:
  explicit ModelBus(std::set<uint8_t> i2c_addrs)
      : bus_(sched_), ctrl_(bus_.AddAgent("i3c_ctrl")), mon_(Config(ctrl_, std::move(i2c_addrs))) {
    mon_.Attach(bus_);
  }
  ModelBus(const ModelBus&) = delete;
  ModelBus& operator=(const ModelBus&) = delete;

  m::Target& AddTarget(m::TargetConfig cfg) {
    targets_.push_back(std::make_unique<m::Target>(bus_, std::move(cfg)));
    return *targets_.back();
  }
  m::I2cEeprom& AddEeprom(m::I2cEepromConfig cfg) {
    eeprom_ = std::make_unique<m::I2cEeprom>(bus_, std::move(cfg));
    return *eeprom_;
  }

  std::pair<bool, bool> Step(double now_ns, bool scl, bool oe, bool sda, bool pp) {
    const m::Time t = static_cast<m::Time>(now_ns * 1000.0);
    sched_.RunUntil(t);
    bus_.Set(ctrl_, m::Line::kScl, scl ? m::Drive::kPpHigh : m::Drive::kPpLow);
    bus_.Set(ctrl_, m::Line::kSda, m::DriveFromPad(oe, sda, pp));
    return {bus_.Scl(), bus_.Sda()};
  }

  const m::Monitor& Mon() const { return mon_; }
  size_t Count(m::TxKind k) const {
    return static_cast<size_t>(std::count_if(mon_.Transactions().begin(), mon_.Transactions().end(),
                                             [k](const m::Transaction& t) { return t.kind == k; }));
  }
  std::string Violations() const {
    std::string s;
    for (const auto& v : mon_.Violations()) s += v.ToString() + "\n";
    return s;
  }
  std::string Transactions() const {
    std::string s;
    for (const auto& t : mon_.Transactions()) s += m::FormatTime(t.start) + " " + t.text + "\n";
    return s;
  }

 private:
  static m::MonitorConfig Config(int ctrl, std::set<uint8_t> i2c) {
    m::MonitorConfig c;
    c.mode = m::MonitorConfig::BusMode::kMixedFmPlus;
    c.controller_agent = ctrl;
    c.i2c_addrs = std::move(i2c);
    return c;
  }

  m::Scheduler sched_;
  m::Bus bus_;
  int ctrl_;
  m::Monitor mon_;
  std::vector<std::unique_ptr<m::Target>> targets_;
  std::unique_ptr<m::I2cEeprom> eeprom_;
};

void Attach(Env& env, ModelBus& mb) {
  env.UseStepper([&mb](double t, bool scl, bool oe, bool sda, bool pp) {
    return mb.Step(t, scl, oe, sda, pp);
  });
}

tb::Task<Response> Run(Env& env, const Cmd& cmd) {
  co_await env.Push(cmd);
  co_return co_await env.WaitResponse(2000);
}

XPO_TEST(I3cCtrlModels, LinuxStyleBringUpAndPerDeviceTraffic, I3cDut, .timeout_time = 5000,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  ModelBus mb({0x50});
  Attach(env, mb);
  // Three targets found by ENTDAA, one with a static address for SETDASA, and the EEPROM.
  std::vector<m::Target*> daa = {
      &mb.AddTarget({.name = "dsp0", .pid = 0x04A200001001, .bcr = 0x06, .dcr = 0x10}),
      &mb.AddTarget({.name = "oe0", .pid = 0x04A200000FFF, .bcr = 0x07, .dcr = 0x20}),
      &mb.AddTarget({.name = "oe1", .pid = 0x012345678901, .bcr = 0x02, .dcr = 0x30}),
  };
  auto& pmon = mb.AddTarget(
      {.name = "pmon", .pid = 0x0ABC00000001, .bcr = 0x00, .dcr = 0x40, .static_addr = 0x61});
  auto& eeprom = mb.AddEeprom({.addr = 0x50});
  co_await env.Start();

  co_await env.Write(reg::Dat(0), DatEntry(0x61, 0x21, false));
  const std::vector<uint8_t> dyn = {0x30, 0x31, 0x32};
  for (unsigned i = 0; i < dyn.size(); ++i) {
    co_await env.Write(reg::Dat(1 + i), DatEntry(0, dyn[i], false));
  }
  co_await env.Write(reg::Dat(4), DatEntry(0x50, 0, true));

  // RSTDAA, DISEC (INT, CR, HJ), SETDASA, ENTDAA: the Linux I3C core's order.
  EXPECT_EQ((co_await Run(env, Imm({.tid = 1, .cp = true, .ccc = 0x06}))).err, err::kSuccess);
  EXPECT_EQ((co_await Run(env, Imm({.tid = 2, .cp = true, .ccc = 0x01}, 0x0B))).err, err::kSuccess);
  EXPECT_EQ((co_await Run(env, AddrAssign(3, 0x87, 0, 1))).err, err::kSuccess);
  EXPECT_EQ(pmon.DynamicAddress(), 0x21);
  const Response daa_r = co_await Run(env, AddrAssign(4, 0x07, 1, 3));
  EXPECT_EQ(daa_r.err, err::kSuccess) << mb.Transactions();
  // Arbitration order: lowest {PID, BCR, DCR} first.
  std::vector<m::Target*> order = daa;
  std::sort(order.begin(), order.end(), [](const m::Target* a, const m::Target* b) {
    return a->Config().pid < b->Config().pid;
  });
  for (size_t k = 0; k < order.size(); ++k) {
    EXPECT_EQ(order[k]->DynamicAddress(), dyn[k]) << order[k]->Config().name;
    const uint32_t hi = (co_await env.Read(reg::Dct(k, 0))).data;
    const uint32_t lo = (co_await env.Read(reg::Dct(k, 1))).data;
    EXPECT_EQ((uint64_t{hi} << 16) | lo, order[k]->Config().pid);
  }

  // Per device: GETPID, GETBCR, GETDCR, GETMXDS when BCR says speed-limited, GETMRL (3 bytes
  // when BCR says IBI payload), GETMWL.
  std::vector<m::Target*> by_index = {&pmon, order[0], order[1], order[2]};
  unsigned tid = 5;
  for (unsigned i = 0; i < by_index.size(); ++i) {
    const auto& cfg = by_index[i]->Config();
    const Response pid = co_await Run(
        env, Regular({.tid = tid++ & 15, .dev = i, .rnw = true, .cp = true, .ccc = 0x8D}, 6));
    EXPECT_EQ(pid.err, err::kSuccess);
    EXPECT_EQ(pid.len, 6u);
    const auto w = co_await env.ReadRx(2);
    uint64_t got = 0;
    for (int b = 0; b < 6; ++b)
      got = (got << 8) | ((b < 4 ? w[0] >> (8 * b) : w[1] >> (8 * (b - 4))) & 0xFF);
    EXPECT_EQ(got, cfg.pid) << cfg.name;
    const Response bcr = co_await Run(
        env, Regular({.tid = tid++ & 15, .dev = i, .rnw = true, .cp = true, .ccc = 0x8E}, 1));
    EXPECT_EQ(bcr.len, 1u);
    EXPECT_EQ((co_await env.ReadRx(1))[0], cfg.bcr) << cfg.name;
    const Response dcr = co_await Run(
        env, Regular({.tid = tid++ & 15, .dev = i, .rnw = true, .cp = true, .ccc = 0x8F}, 1));
    EXPECT_EQ(dcr.len, 1u);
    EXPECT_EQ((co_await env.ReadRx(1))[0], cfg.dcr) << cfg.name;
    if (cfg.bcr & m::bcr::kSpeedLimit) {
      const Response mxds = co_await Run(
          env, Regular({.tid = tid++ & 15, .dev = i, .rnw = true, .cp = true, .ccc = 0x94}, 5));
      EXPECT_EQ(mxds.err, err::kSuccess);
      EXPECT_EQ(mxds.len, cfg.mxds.size());
      co_await env.ReadRx((mxds.len + 3) / 4);
    }
    const unsigned mrl_len = (cfg.bcr & m::bcr::kIbiPayload) ? 3 : 2;
    const Response mrl = co_await Run(
        env, Regular({.tid = tid++ & 15, .dev = i, .rnw = true, .cp = true, .ccc = 0x8C}, mrl_len));
    EXPECT_EQ(mrl.len, mrl_len) << cfg.name;
    co_await env.ReadRx(1);
    const Response mwl = co_await Run(
        env, Regular({.tid = tid++ & 15, .dev = i, .rnw = true, .cp = true, .ccc = 0x8B}, 2));
    EXPECT_EQ(mwl.len, 2u);
    co_await env.ReadRx(1);
    // Private write: register pointer 0x10 then two bytes; read them back with a combo.
    const uint8_t v0 = static_cast<uint8_t>(0xA0 + i), v1 = static_cast<uint8_t>(0x50 + i);
    EXPECT_EQ((co_await Run(env, Imm({.tid = tid++ & 15, .dev = i}, 0x10, v0, v1))).err,
              err::kSuccess);
    EXPECT_EQ(by_index[i]->Reg(0x10), v0);
    EXPECT_EQ(by_index[i]->Reg(0x11), v1);
    const Response rd =
        co_await Run(env, Combo({.tid = tid++ & 15, .dev = i, .rnw = true}, 0x10, false, 2));
    EXPECT_EQ(rd.err, err::kSuccess);
    EXPECT_EQ((co_await env.ReadRx(1))[0], (uint32_t{v1} << 8) | v0);
  }

  // The EEPROM at Fm+: write three bytes at offset 0x20, read them back.
  co_await env.Write(reg::kDataPort, 0x33221120);
  EXPECT_EQ((co_await Run(env, Regular({.tid = 1, .dev = 4, .mode = 1}, 4))).err, err::kSuccess);
  EXPECT_EQ(eeprom.Peek(0, 0x20), 0x11);  // offset byte first, then data
  const Response ee =
      co_await Run(env, Combo({.tid = 2, .dev = 4, .rnw = true, .mode = 1}, 0x20, false, 3));
  EXPECT_EQ(ee.err, err::kSuccess);
  EXPECT_EQ((co_await env.ReadRx(1))[0], 0x332211u);

  co_await env.WaitIdle();
  EXPECT_TRUE(mb.Mon().Violations().empty()) << mb.Violations() << mb.Transactions();
  // The monitor decoded what happened: three DAA rounds and one "no device left" is not issued.
  EXPECT_EQ(mb.Count(m::TxKind::kDaa), 3u) << mb.Transactions();
  EXPECT_GE(mb.Count(m::TxKind::kI2cRead), 1u);
  EXPECT_GE(mb.Count(m::TxKind::kPrivateWrite), 4u);
  for (const auto* t : by_index) EXPECT_FALSE(t->ProtocolError()) << t->Config().name;
  for (const auto* t : by_index) EXPECT_EQ(t->ParityErrors(), 0) << t->Config().name;
}

XPO_TEST(I3cCtrlModels, IbisAndHotJoinWithModels, I3cDut, .timeout_time = 5000,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  ModelBus mb({});
  Attach(env, mb);
  auto& a = mb.AddTarget(
      {.name = "a", .pid = 0x000000000A01, .bcr = 0x06, .dcr = 1, .static_addr = 0x62});
  auto& b = mb.AddTarget(
      {.name = "b", .pid = 0x000000000B01, .bcr = 0x02, .dcr = 2, .static_addr = 0x63});
  auto& hj = mb.AddTarget({.name = "hj",
                           .pid = 0x000000000C01,
                           .bcr = 0x06,
                           .dcr = 3,
                           .hot_join = true,
                           .powered = false});
  co_await env.Start(false);
  co_await env.Write(reg::kCtrl, 0x7);  // enable, accept Hot-Join, auto-DISEC
  co_await env.Write(reg::Dat(0), DatEntry(0x62, 0x28, false, true));
  co_await env.Write(reg::Dat(1), DatEntry(0x63, 0x29, false, false));
  co_await env.Write(reg::Dat(2), DatEntry(0, 0x2A, false, true));
  EXPECT_EQ((co_await Run(env, AddrAssign(1, 0x87, 0, 2))).err, err::kSuccess);
  // Both raise IBIs at once; then the third device powers up and asks to join.
  a.RaiseIbi(0x11, {0x22, 0x33});
  b.RaiseIbi(0x44);
  const double end = tb::Scheduler::current().nowNs() + 1000 * 1000.0;
  for (;;) {
    const uint32_t level = (co_await env.Read(reg::kQueueLevel)).data >> 16 & 0xFF;
    if (level >= 2 || tb::Scheduler::current().nowNs() > end) break;
    co_await tb::ClockCycles(dut.clk_i, 100);
  }
  std::vector<uint32_t> st;
  st.reserve(2);
  for (int i = 0; i < 2; ++i) st.push_back((co_await env.Read(reg::kIbiPort)).data);
  // b (0x29) has no payload by the DAT; a (0x28) sends MDB plus two bytes. Lower address first.
  EXPECT_EQ((st[0] >> 8) & 0xFF, (0x28u << 1) | 1);
  EXPECT_EQ(st[0] & 0xFF, 3u);
  EXPECT_EQ((co_await env.Read(reg::kIbiDataPort)).data, 0x332211u);
  EXPECT_EQ((st[1] >> 8) & 0xFF, (0x29u << 1) | 1);
  hj.PowerUp();
  const double end2 = tb::Scheduler::current().nowNs() + 1000 * 1000.0;
  for (;;) {
    const uint32_t level = (co_await env.Read(reg::kQueueLevel)).data >> 16 & 0xFF;
    if (level >= 1 || tb::Scheduler::current().nowNs() > end2) break;
    co_await tb::ClockCycles(dut.clk_i, 100);
  }
  const uint32_t hs = (co_await env.Read(reg::kIbiPort)).data;
  EXPECT_EQ((hs >> 29) & 1, 1u) << "Hot-Join status";
  EXPECT_TRUE(hj.HotJoinAcked());
  EXPECT_EQ((co_await Run(env, AddrAssign(2, 0x07, 2, 1))).err, err::kSuccess);
  EXPECT_EQ(hj.DynamicAddress(), 0x2A);
  co_await env.WaitIdle();
  EXPECT_EQ(mb.Count(m::TxKind::kIbi), 2u) << mb.Transactions();
  EXPECT_EQ(mb.Count(m::TxKind::kHotJoin), 1u) << mb.Transactions();
  EXPECT_TRUE(mb.Mon().Violations().empty()) << mb.Violations() << mb.Transactions();
}

// Reads `n` bytes of the RX queue (after a read command of n bytes).
tb::Task<std::vector<uint8_t>> RxBytes(Env& env, unsigned n) {
  std::vector<uint8_t> out;
  const auto words = co_await env.ReadRx((n + 3) / 4);
  for (unsigned i = 0; i < n; ++i)
    out.push_back(static_cast<uint8_t>(words[i / 4] >> (8 * (i % 4))));
  co_return out;
}

XPO_TEST(I3cCtrlModels, EveryCccBroadcastAndDirect, I3cDut, .timeout_time = 5000,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  ModelBus mb({});
  Attach(env, mb);
  auto& t0 = mb.AddTarget({.name = "t0",
                           .pid = 0x000011110001,
                           .bcr = 0x47,  // controller capable, IBI payload, speed limited
                           .dcr = 0x11,
                           .static_addr = 0x64,
                           .mxds = {0x01, 0x02},
                           .caps = {0x01, 0x00},
                           .xtime = std::array<uint8_t, 4>{0x0F, 0x00, 0x10, 0x20}});
  auto& t1 = mb.AddTarget(
      {.name = "t1", .pid = 0x000011110002, .bcr = 0x06, .dcr = 0x12, .static_addr = 0x65});
  co_await env.Start();
  co_await env.Write(reg::Dat(0), DatEntry(0x64, 0x64, false));
  co_await env.Write(reg::Dat(1), DatEntry(0x65, 0x65, false));
  unsigned tid = 0;
  auto next = [&tid] { return (++tid) & 15; };

  // SETAASA (0x29): static addresses become dynamic ones.
  EXPECT_EQ((co_await Run(env, Imm({.tid = next(), .cp = true, .ccc = 0x29}))).err, err::kSuccess);
  EXPECT_EQ(t0.DynamicAddress(), 0x64);
  EXPECT_EQ(t1.DynamicAddress(), 0x65);
  // Direct RSTDAA (0x86) no longer exists in v1.1: the target NACKs it; the error is reported.
  EXPECT_EQ((co_await Run(env, Imm({.tid = next(), .dev = 0, .cp = true, .ccc = 0x86}))).err,
            err::kNack);
  EXPECT_EQ(t0.DynamicAddress(), 0x64) << "a v1.1 target keeps its address";
  co_await env.Write(reg::kCtrl, 0x105);
  // RSTDAA (0x06), then SETDASA to 0x30/0x31, then SETNEWDA t1 0x31 -> 0x35.
  EXPECT_EQ((co_await Run(env, Imm({.tid = next(), .cp = true, .ccc = 0x06}))).err, err::kSuccess);
  EXPECT_FALSE(t0.DynamicAddress().has_value());
  co_await env.Write(reg::Dat(0), DatEntry(0x64, 0x30, false, true));
  co_await env.Write(reg::Dat(1), DatEntry(0x65, 0x31, false, true));
  EXPECT_EQ((co_await Run(env, AddrAssign(next(), 0x87, 0, 2))).err, err::kSuccess);
  EXPECT_EQ(t0.DynamicAddress(), 0x30);
  EXPECT_EQ(t1.DynamicAddress(), 0x31);
  EXPECT_EQ(
      (co_await Run(env, Imm({.tid = next(), .dev = 1, .cp = true, .ccc = 0x88}, 0x35 << 1))).err,
      err::kSuccess);
  EXPECT_EQ(t1.DynamicAddress(), 0x35);
  co_await env.Write(reg::Dat(1), DatEntry(0x65, 0x35, false, true));

  // DISEC broadcast (all events off), ENEC direct (t0: interrupts back on).
  EXPECT_EQ((co_await Run(env, Imm({.tid = next(), .cp = true, .ccc = 0x01}, 0x0B))).err,
            err::kSuccess);
  EXPECT_EQ(t0.Events() & 0x0B, 0);
  EXPECT_EQ((co_await Run(env, Imm({.tid = next(), .dev = 0, .cp = true, .ccc = 0x80}, 0x01))).err,
            err::kSuccess);
  EXPECT_EQ(t0.Events() & 0x0B, 0x01);
  EXPECT_EQ(t1.Events() & 0x0B, 0);
  // SETMWL broadcast (0x09), SETMRL direct with IBI length (0x8A), GETMWL, GETMRL.
  EXPECT_EQ((co_await Run(env, Imm({.tid = next(), .cp = true, .ccc = 0x09}, 0x00, 0x40))).err,
            err::kSuccess);
  EXPECT_EQ(t0.MaxWriteLen(), 64);
  EXPECT_EQ(t1.MaxWriteLen(), 64);
  EXPECT_EQ(
      (co_await Run(env, Imm({.tid = next(), .dev = 0, .cp = true, .ccc = 0x8A}, 0x00, 0x80, 0x10)))
          .err,
      err::kSuccess);
  EXPECT_EQ(t0.MaxReadLen(), 128);
  EXPECT_EQ(t0.MaxIbiLen(), 16);
  const auto get = [&](unsigned dev, uint8_t ccc, uint16_t len) {
    return Regular({.tid = next(), .dev = dev, .rnw = true, .cp = true, .ccc = ccc}, len);
  };
  EXPECT_EQ((co_await Run(env, get(1, 0x8B, 2))).len, 2u);
  {
    const auto got = co_await RxBytes(env, 2);
    EXPECT_EQ(got, (std::vector<uint8_t>{0x00, 0x40}));
  }
  EXPECT_EQ((co_await Run(env, get(0, 0x8C, 3))).len, 3u);
  {
    const auto got = co_await RxBytes(env, 3);
    EXPECT_EQ(got, (std::vector<uint8_t>{0x00, 0x80, 0x10}));
  }
  // GETSTATUS (0x90), GETACCCR (0x91), GETMXDS (0x94), GETCAPS (0x95), GETXTIME (0x99).
  EXPECT_EQ((co_await Run(env, get(0, 0x90, 2))).len, 2u);
  EXPECT_EQ((co_await RxBytes(env, 2))[0], 0x00);
  EXPECT_EQ((co_await Run(env, get(0, 0x91, 1))).len, 1u);
  {
    const auto got = co_await RxBytes(env, 1);
    EXPECT_EQ(got, (std::vector<uint8_t>{m::DaaAddressByte(0x30)}));
  }
  EXPECT_EQ((co_await Run(env, get(0, 0x94, 5))).len, 2u) << "the target ends after 2 bytes";
  {
    const auto got = co_await RxBytes(env, 2);
    EXPECT_EQ(got, (std::vector<uint8_t>{0x01, 0x02}));
  }
  EXPECT_EQ((co_await Run(env, get(0, 0x95, 4))).len, 2u);
  {
    const auto got = co_await RxBytes(env, 2);
    EXPECT_EQ(got, (std::vector<uint8_t>{0x01, 0x00}));
  }
  EXPECT_EQ((co_await Run(env, get(0, 0x99, 4))).len, 4u);
  {
    const auto got = co_await RxBytes(env, 4);
    EXPECT_EQ(got, (std::vector<uint8_t>{0x0F, 0x00, 0x10, 0x20}));
  }
  // A GET the target does not support is NACKed (GETXTIME on t1 without timing control).
  EXPECT_EQ((co_await Run(env, get(1, 0x99, 4))).err, err::kNack);
  co_await env.Write(reg::kCtrl, 0x105);
  // SETXTIME broadcast (0x28) and direct (0x98); ENDXFER broadcast (0x12) and direct (0x92).
  EXPECT_EQ((co_await Run(env, Imm({.tid = next(), .cp = true, .ccc = 0x28}, 0xDF, 0x01))).err,
            err::kSuccess);
  EXPECT_EQ(t1.SetXtime(), (std::vector<uint8_t>{0xDF, 0x01}));
  EXPECT_EQ((co_await Run(env, Imm({.tid = next(), .dev = 0, .cp = true, .ccc = 0x98}, 0xEF))).err,
            err::kSuccess);
  EXPECT_EQ(t0.SetXtime(), (std::vector<uint8_t>{0xEF}));
  EXPECT_EQ((co_await Run(env, Imm({.tid = next(), .cp = true, .ccc = 0x12}, 0xAA))).err,
            err::kSuccess);
  EXPECT_EQ(t1.EndXfer(), 0xAA);
  EXPECT_EQ((co_await Run(env, Imm({.tid = next(), .dev = 1, .cp = true, .ccc = 0x92}, 0x55))).err,
            err::kSuccess);
  EXPECT_EQ(t1.EndXfer(), 0x55);
  // RSTACT broadcast (0x2A) with defining byte, direct write (0x9A, defining byte before Sr),
  // direct read with defining byte 0x81.
  EXPECT_EQ((co_await Run(env, Imm({.tid = next(), .cp = true, .ccc = 0x2A}, 0x01))).err,
            err::kSuccess);
  EXPECT_EQ(t0.ResetAction(), 0x01);
  EXPECT_EQ((co_await Run(
                 env, Regular({.tid = next(), .dev = 1, .cp = true, .ccc = 0x9A}, 0, true, 0x02)))
                .err,
            err::kSuccess);
  EXPECT_EQ(t1.ResetAction(), 0x02);
  EXPECT_EQ(
      (co_await Run(env, Regular({.tid = next(), .dev = 1, .rnw = true, .cp = true, .ccc = 0x9A}, 1,
                                 true, 0x81)))
          .len,
      1u);
  {
    const auto got = co_await RxBytes(env, 1);
    EXPECT_EQ(got, (std::vector<uint8_t>{0x01}));
  }
  // DEFTGTS (0x08): count, then one 4-byte entry, from the TX queue.
  co_await env.Write(reg::kDataPort, 0x11600001);
  co_await env.Write(reg::kDataPort, 0x00);
  EXPECT_EQ((co_await Run(env, Regular({.tid = next(), .cp = true, .ccc = 0x08}, 5))).err,
            err::kSuccess);
  EXPECT_EQ(t1.DefTgts(), (std::vector<uint8_t>{0x01, 0x00, 0x60, 0x11, 0x00}));

  co_await env.WaitIdle();
  EXPECT_TRUE(mb.Mon().Violations().empty()) << mb.Violations() << mb.Transactions();
  EXPECT_FALSE(t0.ProtocolError());
  EXPECT_EQ(t0.ParityErrors() + t1.ParityErrors(), 0);
}

XPO_TEST(I3cCtrlModels, FaultyTargetsGiveErrorResponses, I3cDut, .timeout_time = 3000,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  ModelBus mb({});
  Attach(env, mb);
  auto& dead = mb.AddTarget({.name = "dead", .pid = 0x21, .static_addr = 0x66});
  auto& good = mb.AddTarget({.name = "good", .pid = 0x22, .static_addr = 0x67});
  auto& sticky =
      mb.AddTarget({.name = "sticky", .pid = 0x23, .static_addr = 0x68, .max_read_len = 4});
  co_await env.Start();
  for (unsigned i = 0; i < 3; ++i) {
    co_await env.Write(reg::Dat(i), DatEntry(static_cast<uint8_t>(0x66 + i),
                                             static_cast<uint8_t>(0x36 + i), false));
  }
  EXPECT_EQ((co_await Run(env, AddrAssign(1, 0x87, 0, 3))).err, err::kSuccess);
  // A device that stops answering: its address is NACKed, the error comes back, the bus is free.
  dead.Faults().never_answer = true;
  const Response r1 = co_await Run(env, Imm({.tid = 2, .dev = 0}, 0x00, 0x01));
  EXPECT_EQ(r1.err, err::kNack);
  co_await env.WaitIdle();
  co_await env.Write(reg::kCtrl, 0x105);
  EXPECT_EQ((co_await Run(env, Imm({.tid = 3, .dev = 1}, 0x00, 0x02))).err, err::kSuccess);
  EXPECT_EQ(good.Reg(0), 0x02);
  // A device that NACKs private transfers.
  good.Faults().nack_private = true;
  EXPECT_EQ((co_await Run(env, Regular({.tid = 4, .dev = 1, .rnw = true}, 1))).err, err::kNack);
  co_await env.Write(reg::kCtrl, 0x105);
  EXPECT_TRUE(mb.Mon().Violations().empty()) << mb.Violations() << mb.Transactions();
  // A device that keeps SDA low after its last read byte: STOP is impossible.
  sticky.Faults().hold_sda_after_read = true;
  const Response r2 = co_await Run(env, Regular({.tid = 5, .dev = 2, .rnw = true}, 8));
  EXPECT_EQ(r2.err, err::kSdaStuck);
  co_await tb::Timer(50, TimeUnit::kUs);
  // The controller released SDA and left SCL high; it does not loop on the held line.
  EXPECT_EQ(dut.sda_oe_o.read(), 0u);
  EXPECT_EQ(dut.scl_o.read(), 1u);
  EXPECT_EQ((co_await env.Read(reg::kStatus)).data & 0x3, 0x2u) << "halted, not busy";
}

// Seeded random traffic against register-file models and the EEPROM, every byte checked
// against a shadow copy, with the monitor watching. XPO_I3C_RANDOM_OPS sets the length.
XPO_TEST(I3cCtrlModels, RandomTrafficEveryByteAccountedFor, I3cDut, .timeout_time = 1000,
         .timeout_unit = TimeUnit::kMs) {
  Env env(dut);
  ModelBus mb({0x50});
  Attach(env, mb);
  std::vector<m::Target*> tg;
  tg.reserve(3);
  for (int i = 0; i < 3; ++i) {
    tg.push_back(&mb.AddTarget({.name = fmt::format("t{}", i),
                                .pid = 0x0A0000000000ull + static_cast<uint64_t>(i),
                                .bcr = 0x06,
                                .static_addr = static_cast<uint8_t>(0x70 + i)}));
  }
  auto& eeprom = mb.AddEeprom({.addr = 0x50});
  co_await env.Start();
  for (unsigned i = 0; i < 3; ++i) {
    co_await env.Write(reg::Dat(i), DatEntry(static_cast<uint8_t>(0x70 + i),
                                             static_cast<uint8_t>(0x40 + i), false));
  }
  co_await env.Write(reg::Dat(3), DatEntry(0x50, 0, true));
  EXPECT_EQ((co_await Run(env, AddrAssign(1, 0x87, 0, 3))).err, err::kSuccess);

  std::mt19937_64 rng(dut.seed());
  const char* env_ops = std::getenv("XPO_I3C_RANDOM_OPS");
  const int ops = env_ops ? std::atoi(env_ops) : 60;
  std::vector<std::vector<uint8_t>> shadow(3, std::vector<uint8_t>(256, 0));
  for (int i = 0; i < 3; ++i) {
    for (int r = 0; r < 256; ++r) shadow[i][r] = tg[i]->Reg(r);
  }
  std::vector<uint8_t> ee(128);
  for (int r = 0; r < 128; ++r) ee[r] = eeprom.Peek(0, r);
  unsigned tid = 0;
  int bytes_checked = 0;
  for (int op = 0; op < ops; ++op) {
    const unsigned kind = rng() % 4;
    const unsigned len = 1 + rng() % 8;
    tid = (tid + 1) & 15;
    if (kind < 2) {
      const unsigned dev = rng() % 3;
      const uint8_t ptr = static_cast<uint8_t>(rng() % 240);
      if (kind == 0) {
        // Register write: pointer then data, from the TX queue.
        std::vector<uint8_t> bytes = {ptr};
        for (unsigned b = 0; b < len; ++b) bytes.push_back(static_cast<uint8_t>(rng()));
        for (size_t w = 0; w < bytes.size(); w += 4) {
          uint32_t word = 0;
          for (size_t b = w; b < std::min(bytes.size(), w + 4); ++b) {
            word |= uint32_t{bytes[b]} << (8 * (b - w));
          }
          co_await env.Write(reg::kDataPort, word);
        }
        const Response r = co_await Run(
            env, Regular({.tid = tid, .dev = dev}, static_cast<uint16_t>(bytes.size())));
        EXPECT_EQ(r.err, err::kSuccess) << "op " << op;
        for (unsigned b = 0; b < len; ++b) shadow[dev][ptr + b] = bytes[1 + b];
      } else {
        const Response r = co_await Run(env, Combo({.tid = tid, .dev = dev, .rnw = true}, ptr,
                                                   false, static_cast<uint16_t>(len)));
        EXPECT_EQ(r.err, err::kSuccess) << "op " << op;
        EXPECT_EQ(r.len, len);
        const auto got = co_await RxBytes(env, len);
        for (unsigned b = 0; b < len; ++b) {
          EXPECT_EQ(got[b], shadow[dev][ptr + b]) << "op " << op << " dev " << dev;
          ++bytes_checked;
        }
      }
    } else {
      const uint8_t off = static_cast<uint8_t>(rng() % 100);
      const unsigned mode = rng() % 2;  // Fm or Fm+
      if (kind == 2) {
        std::vector<uint8_t> bytes = {off};
        for (unsigned b = 0; b < len; ++b) bytes.push_back(static_cast<uint8_t>(rng()));
        for (size_t w = 0; w < bytes.size(); w += 4) {
          uint32_t word = 0;
          for (size_t b = w; b < std::min(bytes.size(), w + 4); ++b) {
            word |= uint32_t{bytes[b]} << (8 * (b - w));
          }
          co_await env.Write(reg::kDataPort, word);
        }
        const Response r = co_await Run(env, Regular({.tid = tid, .dev = 3, .mode = mode},
                                                     static_cast<uint16_t>(bytes.size())));
        EXPECT_EQ(r.err, err::kSuccess) << "op " << op;
        for (unsigned b = 0; b < len; ++b) ee[off + b] = bytes[1 + b];
      } else {
        const Response r =
            co_await Run(env, Combo({.tid = tid, .dev = 3, .rnw = true, .mode = mode}, off, false,
                                    static_cast<uint16_t>(len)));
        EXPECT_EQ(r.err, err::kSuccess) << "op " << op;
        const auto got = co_await RxBytes(env, len);
        for (unsigned b = 0; b < len; ++b) {
          EXPECT_EQ(got[b], ee[off + b]) << "op " << op << " eeprom";
          ++bytes_checked;
        }
      }
    }
  }
  co_await env.WaitIdle();
  // Every written byte is where the shadow says.
  for (int i = 0; i < 3; ++i) {
    for (int r = 0; r < 256; ++r) EXPECT_EQ(tg[i]->Reg(r), shadow[i][r]) << "t" << i << " " << r;
  }
  for (int r = 0; r < 128; ++r) EXPECT_EQ(eeprom.Peek(0, r), ee[r]) << "eeprom " << r;
  EXPECT_GT(bytes_checked, 0);
  EXPECT_TRUE(mb.Mon().Violations().empty()) << mb.Violations();
  EXPECT_EQ((co_await env.Read(reg::kQueueErr)).data, 0u);
}

// Regressions from open I3C IP, seen from the controller: SETDASA to a device that already has
// an address is NACKed and reported (i3c-core #57), and ENTDAA right after RSTDAA finds every
// device again.
XPO_TEST(I3cCtrlModels, SetdasaToAddressedDeviceAndEntdaaAfterRstdaa, I3cDut, .timeout_time = 3000,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  ModelBus mb({});
  Attach(env, mb);
  auto& a = mb.AddTarget({.name = "a", .pid = 0x31, .static_addr = 0x69});
  auto& b = mb.AddTarget({.name = "b", .pid = 0x32});
  co_await env.Start();
  co_await env.Write(reg::Dat(0), DatEntry(0x69, 0x3A, false));
  co_await env.Write(reg::Dat(1), DatEntry(0, 0x3B, false));
  EXPECT_EQ((co_await Run(env, AddrAssign(1, 0x87, 0, 1))).err, err::kSuccess);
  EXPECT_EQ(a.DynamicAddress(), 0x3A);
  co_await env.Write(reg::Dat(0), DatEntry(0x69, 0x3C, false));
  const Response again = co_await Run(env, AddrAssign(2, 0x87, 0, 1));
  EXPECT_EQ(again.err, err::kNack);
  EXPECT_EQ(again.len, 1u) << "one device left without the new address";
  EXPECT_EQ(a.DynamicAddress(), 0x3A) << "the addressed device ignores SETDASA";
  co_await env.Write(reg::kCtrl, 0x105);
  // RSTDAA then ENTDAA at once: both devices take part.
  EXPECT_EQ((co_await Run(env, Imm({.tid = 3, .cp = true, .ccc = 0x06}))).err, err::kSuccess);
  co_await env.Write(reg::Dat(0), DatEntry(0x69, 0x3A, false));
  const Response daa = co_await Run(env, AddrAssign(4, 0x07, 0, 2));
  EXPECT_EQ(daa.err, err::kSuccess);
  EXPECT_EQ(a.DynamicAddress(), 0x3A) << "lower PID first";
  EXPECT_EQ(b.DynamicAddress(), 0x3B);
  co_await env.WaitIdle();
  EXPECT_TRUE(mb.Mon().Violations().empty()) << mb.Violations() << mb.Transactions();
}

}  // namespace
}  // namespace xpo::i3c_ctrl_test
