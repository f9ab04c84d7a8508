// Block tests of the I3C controller: the APB programming model and the bus-level behaviour
// against the spec-written responders of wire_bus.h. Expected wire tokens are derived from the
// framing rules of MIPI I3C Basic v1.1.1 (header, ACK, T-bit parity/end-of-data), not from the RTL.
#include <algorithm>
#include <bit>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>

#include "i3c_ctrl_env.h"

namespace xpo::i3c_ctrl_test {
namespace {

using tb::ClockCycles;
using tb::TimeUnit;
using ::testing::HasSubstr;

// "hh/b" token of an SDR write word: the ninth bit is odd parity over the byte.
std::string WriteWord(uint8_t b) {
  return fmt::format("{:02x}/{}", b, (std::popcount(b) % 2 == 0) ? 1 : 0);
}
// Header token: address, RnW, then the ACK bit (0 = ACK).
std::string Header(uint8_t addr, bool rnw, bool ack = true) {
  return fmt::format("{:02x}/{}", (addr << 1) | rnw, ack ? 0 : 1);
}
// Read word from a target: byte and T-bit (1 = more data).
std::string ReadWord(uint8_t b, bool t) { return fmt::format("{:02x}/{}", b, t ? 1 : 0); }

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& t : v) s += (s.empty() ? "" : " ") + t;
  return s;
}

constexpr double kUs = 1000.0;

XPO_TEST(I3cCtrlRegs, ResetValuesAndSizes, I3cDut, .timeout_time = 100,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  co_await env.Start(false);
  EXPECT_EQ((co_await env.Read(reg::kVersion)).data, 0x00010000u);
  EXPECT_EQ((co_await env.Read(reg::kCtrl)).data, 0x4u) << "auto-DISEC on, disabled";
  // Queue depths: cmd 8, resp 8, ibi 8, ibi data 16; tx 16, rx 16.
  EXPECT_EQ((co_await env.Read(reg::kQueueSize)).data, 0x10080808u);
  EXPECT_EQ((co_await env.Read(reg::kDataSize)).data, 0x1010u);
  EXPECT_EQ((co_await env.Read(reg::kQueueThld)).data, 0x010101u);
  // Timing defaults in 10 ns counts (100 MHz): tLOW_OD 250 ns, tHIGH 40 ns, first header 250 ns.
  EXPECT_EQ((co_await env.Read(reg::kTimOd)).data, 0x190419u);
  EXPECT_EQ((co_await env.Read(reg::kTimPp)).data, 0x010404u);
  EXPECT_EQ((co_await env.Read(reg::kTimBusAvail)).data, 100u) << "tAVAL 1 us";
  EXPECT_EQ((co_await env.Read(reg::kTimBusFree)).data, 130u) << "tBUF 1.3 us";
  EXPECT_EQ((co_await env.Read(reg::kTimBusIdle)).data, 200u) << "written by Start()";
  // Read/write of a timing register and a DAT entry.
  EXPECT_FALSE(co_await env.Write(reg::kTimFmp, 0x00300040));
  EXPECT_EQ((co_await env.Read(reg::kTimFmp)).data, 0x00300040u);
  EXPECT_FALSE(co_await env.Write(reg::Dat(5), 0x80000050));
  EXPECT_EQ((co_await env.Read(reg::Dat(5))).data, 0x80000050u);
  // Unmapped offsets and the read-only size registers answer with PSLVERR.
  EXPECT_TRUE(co_await env.Write(reg::kQueueSize, 1));
  EXPECT_TRUE((co_await env.Read(0x0F0)).err);
  EXPECT_TRUE((co_await env.Read(reg::Dct(16, 0))).err) << "only 16 DCT entries";
}

XPO_TEST(I3cCtrlRegs, OverflowAndUnderflowAreReported, I3cDut, .timeout_time = 100,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  co_await env.Start(false);
  // Underflow: popping an empty response, RX and IBI queue.
  EXPECT_TRUE((co_await env.Read(reg::kRespPort)).err);
  EXPECT_TRUE((co_await env.Read(reg::kDataPort)).err);
  EXPECT_TRUE((co_await env.Read(reg::kIbiPort)).err);
  EXPECT_EQ((co_await env.Read(reg::kQueueErr)).data, 0x1Cu) << "RESP, RX and IBI underflow";
  EXPECT_FALSE(co_await env.Write(reg::kQueueErr, 0x1C));
  EXPECT_EQ((co_await env.Read(reg::kQueueErr)).data, 0u) << "write-one-to-clear";
  // Overflow: 16 TX words fit, the 17th is refused and flagged.
  for (uint32_t i = 0; i < 16; ++i) EXPECT_FALSE(co_await env.Write(reg::kDataPort, i));
  EXPECT_EQ((co_await env.Read(reg::kDataLevel)).data & 0xFF, 16u);
  EXPECT_TRUE(co_await env.Write(reg::kDataPort, 99));
  EXPECT_EQ((co_await env.Read(reg::kQueueErr)).data, 0x2u) << "TX overflow";
  EXPECT_EQ((co_await env.Read(reg::kDataLevel)).data & 0xFF, 16u) << "nothing overwritten";
  // Same for the command queue (controller disabled, so nothing is consumed).
  for (unsigned i = 0; i < 8; ++i) {
    const Cmd cmd = Regular({.tid = i}, 0);
    co_await env.Push(cmd);
  }
  co_await env.Write(reg::kCmdPort, 0);
  EXPECT_TRUE(co_await env.Write(reg::kCmdPort, 0));
  EXPECT_EQ((co_await env.Read(reg::kQueueErr)).data & 0x1, 1u) << "command overflow";
  // The queue error shows in INTR_STATUS bit 9 and drives the interrupt when enabled.
  EXPECT_EQ(dut.irq_o.read(), 0u);
  co_await env.Write(reg::kIntrEnable, 1u << 9);
  co_await ClockCycles(dut.clk_i, 1);
  EXPECT_EQ(dut.irq_o.read(), 1u);
  // Flushes empty the queues.
  co_await env.Write(reg::kResetCtrl, 0x1F);
  EXPECT_EQ((co_await env.Read(reg::kDataLevel)).data, 0u);
  EXPECT_EQ((co_await env.Read(reg::kQueueLevel)).data, 0u);
}

XPO_TEST(I3cCtrlBus, PrivateWriteFrameWithParity, I3cDut, .timeout_time = 200,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  auto& tgt = env.Bus().Add({.dyn_addr = 0x30});
  co_await env.Start();
  co_await env.Write(reg::Dat(0), DatEntry(0, 0x30, false));
  {
    const Cmd cmd = Immediate({.tid = 3, .dev = 0}, {0xA5, 0x00, 0x7F});
    co_await env.Push(cmd);
  }
  const Response r = co_await env.WaitResponse();
  EXPECT_EQ(r.err, err::kSuccess);
  EXPECT_EQ(r.tid, 3u);
  EXPECT_EQ(r.len, 3u);
  co_await env.WaitIdle();
  EXPECT_EQ(env.Bus().Text(), Join({"S", Header(0x7E, false), "Sr", Header(0x30, false),
                                    WriteWord(0xA5), WriteWord(0x00), WriteWord(0x7F), "P"}));
  EXPECT_EQ(tgt.Written(), (std::vector<uint8_t>{0xA5, 0x00, 0x7F}));
  EXPECT_EQ(tgt.ParityErrors(), 0);
  EXPECT_EQ(env.Bus().Contentions(), 0);
}

XPO_TEST(I3cCtrlBus, PrivateReadTargetEndsWithT0, I3cDut, .timeout_time = 200,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  env.Bus().Add({.dyn_addr = 0x31, .read_data = {0x11, 0x22, 0x33}});
  co_await env.Start();
  co_await env.Write(reg::Dat(1), DatEntry(0, 0x31, false));
  {
    const Cmd cmd = Regular({.tid = 7, .dev = 1, .rnw = true}, 8);
    co_await env.Push(cmd);
  }
  const Response r = co_await env.WaitResponse();
  EXPECT_EQ(r.err, err::kSuccess);
  EXPECT_EQ(r.len, 3u) << "the target ended the read after three bytes";
  const auto rx = co_await env.ReadRx(1);
  EXPECT_EQ(rx[0], 0x00332211u);
  co_await env.WaitIdle();
  EXPECT_EQ(env.Bus().Text(),
            Join({"S", Header(0x7E, false), "Sr", Header(0x31, true), ReadWord(0x11, true),
                  ReadWord(0x22, true), ReadWord(0x33, false), "P"}));
  EXPECT_EQ(env.Bus().Contentions(), 0);
}

XPO_TEST(I3cCtrlBus, PrivateReadControllerEndsEarly, I3cDut, .timeout_time = 200,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  auto& tgt = env.Bus().Add({.dyn_addr = 0x32, .read_data = {1, 2, 3, 4, 5, 6}});
  co_await env.Start();
  co_await env.Write(reg::Dat(2), DatEntry(0, 0x32, false));
  {
    const Cmd cmd = Regular({.tid = 1, .dev = 2, .rnw = true}, 2);
    co_await env.Push(cmd);
  }
  const Response r = co_await env.WaitResponse();
  EXPECT_EQ(r.err, err::kSuccess);
  EXPECT_EQ(r.len, 2u);
  EXPECT_EQ((co_await env.ReadRx(1))[0], 0x0201u);
  co_await env.WaitIdle();
  // The target said "more" (T=1) on the second byte; the controller ends with Sr then P.
  EXPECT_EQ(env.Bus().Text(), Join({"S", Header(0x7E, false), "Sr", Header(0x32, true),
                                    ReadWord(1, true), ReadWord(2, true), "Sr", "P"}));
  EXPECT_EQ(tgt.BytesRead(), 2) << "the target must not start a third byte";
}

XPO_TEST(I3cCtrlBus, I2cWriteAtFastModePlus, I3cDut, .timeout_time = 300,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  auto& eeprom = env.Bus().Add({.i2c = true, .static_addr = 0x50});
  co_await env.Start();
  co_await env.Write(reg::Dat(3), DatEntry(0x50, 0, true));
  co_await env.Write(reg::kDataPort, 0x44332211);
  co_await env.Write(reg::kDataPort, 0x55);
  {
    const Cmd cmd = Regular({.tid = 2, .dev = 3, .mode = 1}, 5);
    co_await env.Push(cmd);
  }
  const Response r = co_await env.WaitResponse();
  EXPECT_EQ(r.err, err::kSuccess);
  EXPECT_EQ(r.len, 5u);
  co_await env.WaitIdle();
  EXPECT_EQ(eeprom.Written(), (std::vector<uint8_t>{0x11, 0x22, 0x33, 0x44, 0x55}));
  // I2C words: 8 bits and the target's ACK; no 7E header for a legacy device.
  EXPECT_EQ(env.Bus().Text(),
            Join({"S", Header(0x50, false), "11/0", "22/0", "33/0", "44/0", "55/0", "P"}));
  // Fm+ (UM10204): tLOW >= 0.5 us, tHIGH >= 0.26 us.
  for (const auto& p : env.Bus().Periods()) {
    if (p.high) {
      EXPECT_GE(p.len_ns, 260.0) << "at " << p.start_ns;
    } else {
      EXPECT_GE(p.len_ns, 500.0) << "at " << p.start_ns;
    }
  }
}

XPO_TEST(I3cCtrlBus, I2cCombinedWriteThenRead, I3cDut, .timeout_time = 400,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  auto& eeprom = env.Bus().Add({.i2c = true, .static_addr = 0x51, .read_data = {9, 8, 7, 6}});
  co_await env.Start();
  co_await env.Write(reg::Dat(4), DatEntry(0x51, 0, true));
  {
    const Cmd cmd = Combo({.tid = 4, .dev = 4, .rnw = true}, 0x80, false, 3);
    co_await env.Push(cmd);
  }
  const Response r = co_await env.WaitResponse();
  EXPECT_EQ(r.err, err::kSuccess);
  EXPECT_EQ(r.len, 3u);
  EXPECT_EQ((co_await env.ReadRx(1))[0], 0x00070809u);
  co_await env.WaitIdle();
  // Offset write, repeated START, read with controller ACKs and a final NACK.
  EXPECT_EQ(env.Bus().Text(), Join({"S", Header(0x51, false), "80/0", "Sr", Header(0x51, true),
                                    "09/0", "08/0", "07/1", "P"}));
  EXPECT_EQ(eeprom.Written(), (std::vector<uint8_t>{0x80}));
}

XPO_TEST(I3cCtrlBus, AddressNackIsAnErrorAndTheBusIsLeftIdle, I3cDut, .timeout_time = 300,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  env.Bus().Add({.dyn_addr = 0x33});
  co_await env.Start();
  co_await env.Write(reg::kIntrEnable, 1u << 8);
  co_await env.Write(reg::Dat(0), DatEntry(0, 0x34, false));  // nobody answers 0x34
  co_await env.Write(reg::Dat(1), DatEntry(0, 0x33, false));
  {
    const Cmd cmd = Immediate({.tid = 5, .dev = 0}, {0x01});
    co_await env.Push(cmd);
  }
  {
    const Cmd cmd = Immediate({.tid = 6, .dev = 1}, {0x02});
    co_await env.Push(cmd);
  }
  const Response r = co_await env.WaitResponse();
  EXPECT_EQ(r.err, err::kNack);
  EXPECT_EQ(r.tid, 5u);
  co_await env.WaitIdle();
  EXPECT_EQ(dut.irq_o.read(), 1u) << "transfer error interrupt";
  const uint32_t status = (co_await env.Read(reg::kStatus)).data;
  EXPECT_EQ(status & 0x2, 0x2u) << "halted after an error";
  EXPECT_EQ((co_await env.Read(reg::kQueueLevel)).data & 0xFF, 1u) << "second command waits";
  EXPECT_THAT(env.Bus().Text(), HasSubstr(Header(0x34, false, false) + " P"));
  // RESUME: the next command runs on the idle bus.
  co_await env.Write(reg::kIntrStatus, 1u << 8);
  co_await env.Write(reg::kCtrl, 0x105);
  const Response r2 = co_await env.WaitResponse();
  EXPECT_EQ(r2.err, err::kSuccess);
  EXPECT_EQ(r2.tid, 6u);
}

XPO_TEST(I3cCtrlBus, ReservedAddressesAreRefusedWithoutBusActivity, I3cDut, .timeout_time = 300,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  env.Bus().Add({.dyn_addr = 0x35});
  co_await env.Start();
  co_await env.Write(reg::Dat(0), DatEntry(0, 0x35, false));
  const std::vector<uint8_t> reserved = {0x00, 0x03, 0x07, 0x7E, 0x7F, 0x7C,
                                         0x7A, 0x76, 0x6E, 0x5E, 0x3E};
  unsigned tid = 0;
  for (uint8_t a : reserved) {
    // SETNEWDA (direct, 0x88) asking for a reserved address.
    {
      const Cmd cmd = Immediate({.tid = tid & 15, .dev = 0, .cp = true, .ccc = 0x88},
                                {static_cast<uint8_t>(a << 1)});
      co_await env.Push(cmd);
    }
    const Response r = co_await env.WaitResponse();
    EXPECT_EQ(r.err, err::kAddrReserved) << fmt::format("address {:#x}", a);
    co_await env.Write(reg::kCtrl, 0x105);  // resume
    ++tid;
  }
  // ENTDAA with a reserved address in the device table.
  co_await env.Write(reg::Dat(2), DatEntry(0, 0x3E, false));
  {
    const Cmd cmd = AddrAssign(9, 0x07, 2, 1);
    co_await env.Push(cmd);
  }
  const Response r = co_await env.WaitResponse();
  EXPECT_EQ(r.err, err::kAddrReserved);
  EXPECT_TRUE(env.Bus().Tokens().empty()) << env.Bus().Text();
  // A legal address still goes through.
  co_await env.Write(reg::kCtrl, 0x105);
  {
    const Cmd cmd = Immediate({.tid = 1, .dev = 0, .cp = true, .ccc = 0x88}, {0x40 << 1});
    co_await env.Push(cmd);
  }
  EXPECT_EQ((co_await env.WaitResponse()).err, err::kSuccess);
  EXPECT_EQ(env.Bus().Responders()[0].DynAddr(), 0x40);
}

XPO_TEST(I3cCtrlCcc, BroadcastAndDirectFrames, I3cDut, .timeout_time = 400,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  auto& tgt = env.Bus().Add({.dyn_addr = 0x36, .pid = 0x123456789ABC, .read_data = {0xC1}});
  co_await env.Start();
  co_await env.Write(reg::Dat(0), DatEntry(0, 0x36, false));
  // Broadcast ENEC (0x00) with the events byte ENINT.
  {
    const Cmd cmd = Immediate({.tid = 1, .cp = true, .ccc = 0x00}, {0x01});
    co_await env.Push(cmd);
  }
  EXPECT_EQ((co_await env.WaitResponse()).err, err::kSuccess);
  // Direct GETPID (0x8D): six bytes, the last with T=0.
  {
    const Cmd cmd = Regular({.tid = 2, .dev = 0, .rnw = true, .cp = true, .ccc = 0x8D}, 6);
    co_await env.Push(cmd);
  }
  const Response r = co_await env.WaitResponse();
  EXPECT_EQ(r.err, err::kSuccess);
  EXPECT_EQ(r.len, 6u);
  const auto rx = co_await env.ReadRx(2);
  EXPECT_EQ(rx[0], 0x78563412u);
  EXPECT_EQ(rx[1], 0x0000BC9Au);
  // Direct GET with a defining byte (GETCAPS 0x95, defining byte 0x5A) sent before the Sr.
  {
    const Cmd cmd =
        Regular({.tid = 3, .dev = 0, .rnw = true, .cp = true, .ccc = 0x95}, 1, true, 0x5A);
    co_await env.Push(cmd);
  }
  EXPECT_EQ((co_await env.WaitResponse()).err, err::kSuccess);
  EXPECT_EQ((co_await env.ReadRx(1))[0], 0xC1u);
  co_await env.WaitIdle();
  EXPECT_EQ(env.Bus().Text(), Join({"S",
                                    Header(0x7E, false),
                                    WriteWord(0x00),
                                    WriteWord(0x01),
                                    "P",  //
                                    "S",
                                    Header(0x7E, false),
                                    WriteWord(0x8D),
                                    "Sr",
                                    Header(0x36, true),
                                    ReadWord(0x12, true),
                                    ReadWord(0x34, true),
                                    ReadWord(0x56, true),
                                    ReadWord(0x78, true),
                                    ReadWord(0x9A, true),
                                    ReadWord(0xBC, false),
                                    "P",  //
                                    "S",
                                    Header(0x7E, false),
                                    WriteWord(0x95),
                                    WriteWord(0x5A),
                                    "Sr",
                                    Header(0x36, true),
                                    ReadWord(0xC1, false),
                                    "P"}));
  EXPECT_EQ(tgt.ParityErrors(), 0);
  // Broadcast CCCs cannot read, and HDR entry is not supported: refused before the bus.
  co_await env.Write(reg::kCtrl, 0x105);
  {
    const Cmd cmd = Regular({.tid = 4, .rnw = true, .cp = true, .ccc = 0x06}, 1);
    co_await env.Push(cmd);
  }
  EXPECT_EQ((co_await env.WaitResponse()).err, err::kNotSupported);
  co_await env.Write(reg::kCtrl, 0x105);
  {
    const Cmd cmd = Immediate({.tid = 5, .cp = true, .ccc = 0x20}, {});
    co_await env.Push(cmd);
  }
  EXPECT_EQ((co_await env.WaitResponse()).err, err::kNotSupported);
}

// PID, BCR, DCR of the test devices; the lowest 64-bit concatenation wins each DAA round.
struct DaaDevice {
  uint64_t pid;
  uint8_t bcr;
  uint8_t dcr;
  uint64_t Key() const { return (pid << 16) | (uint64_t{bcr} << 8) | dcr; }
};

XPO_TEST(I3cCtrlDaa, EntdaaAssignsEveryDeviceInArbitrationOrder, I3cDut, .timeout_time = 1000,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  std::mt19937_64 rng(dut.seed());
  std::vector<DaaDevice> devs;
  devs.reserve(6);
  for (int i = 0; i < 6; ++i) {
    devs.push_back(
        {rng() & 0xFFFFFFFFFFFF, static_cast<uint8_t>(rng()), static_cast<uint8_t>(rng())});
  }
  devs[1].pid = devs[0].pid;  // same PID, decided by BCR/DCR
  devs[1].bcr = devs[0].bcr ^ 0x01;
  for (const auto& d : devs) env.Bus().Add({.pid = d.pid, .bcr = d.bcr, .dcr = d.dcr});
  co_await env.Start();
  const std::vector<uint8_t> addrs = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15};
  for (unsigned i = 0; i < addrs.size(); ++i) {
    co_await env.Write(reg::Dat(i), DatEntry(0, addrs[i], false));
  }
  {
    const Cmd cmd = AddrAssign(3, 0x07, 0, 6);
    co_await env.Push(cmd);
  }
  const Response r = co_await env.WaitResponse(900);
  EXPECT_EQ(r.err, err::kSuccess);
  EXPECT_EQ(r.len, 0u) << "no device left unassigned";
  // Expected order: ascending 64-bit key.
  std::vector<size_t> order(devs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return devs[a].Key() < devs[b].Key(); });
  for (size_t k = 0; k < order.size(); ++k) {
    const auto& rsp = env.Bus().Responders()[order[k]];
    EXPECT_EQ(rsp.DynAddr(), addrs[k]) << "round " << k;
    // DCT entry k: PID high, PID low, {BCR, DCR}, dynamic address.
    const auto& d = devs[order[k]];
    EXPECT_EQ((co_await env.Read(reg::Dct(k, 0))).data, static_cast<uint32_t>(d.pid >> 16));
    EXPECT_EQ((co_await env.Read(reg::Dct(k, 1))).data, static_cast<uint32_t>(d.pid & 0xFFFF));
    EXPECT_EQ((co_await env.Read(reg::Dct(k, 2))).data, (uint32_t{d.bcr} << 8) | d.dcr);
    EXPECT_EQ((co_await env.Read(reg::Dct(k, 3))).data, addrs[k]);
  }
  EXPECT_EQ((co_await env.Read(reg::kDctIndex)).data, 6u);
  // Nobody left: the next ENTDAA gets no ACK on 7E/R and reports NACK with the count left.
  co_await env.Write(reg::Dat(6), DatEntry(0, 0x16, false));
  {
    const Cmd cmd = AddrAssign(4, 0x07, 6, 1);
    co_await env.Push(cmd);
  }
  const Response r2 = co_await env.WaitResponse();
  EXPECT_EQ(r2.err, err::kNack);
  EXPECT_EQ(r2.len, 1u);
  EXPECT_EQ(env.Bus().Contentions(), 0);
  EXPECT_THAT(env.Bus().Text(), HasSubstr(Join({"S", Header(0x7E, false), WriteWord(0x07), "Sr",
                                                Header(0x7E, true, false), "P"})));
}

XPO_TEST(I3cCtrlDaa, SetdasaThenRstdaa, I3cDut, .timeout_time = 400,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  auto& tgt = env.Bus().Add({.static_addr = 0x52});
  co_await env.Start();
  co_await env.Write(reg::Dat(0), DatEntry(0x52, 0x20, false));
  {
    const Cmd cmd = AddrAssign(1, 0x87, 0, 1);
    co_await env.Push(cmd);
  }
  EXPECT_EQ((co_await env.WaitResponse()).err, err::kSuccess);
  EXPECT_EQ(tgt.DynAddr(), 0x20);
  {
    const Cmd cmd = Immediate({.tid = 2, .cp = true, .ccc = 0x06}, {});
    co_await env.Push(cmd);
  }
  EXPECT_EQ((co_await env.WaitResponse()).err, err::kSuccess);
  co_await env.WaitIdle();
  EXPECT_FALSE(tgt.DynAddr().has_value());
  EXPECT_EQ(env.Bus().Text(),
            Join({"S", Header(0x7E, false), WriteWord(0x87), "Sr", Header(0x52, false),
                  WriteWord(0x20 << 1), "P", "S", Header(0x7E, false), WriteWord(0x06), "P"}));
}

XPO_TEST(I3cCtrlXfer, CombinedCommandsUseRepeatedStart, I3cDut, .timeout_time = 400,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  env.Bus().Add({.dyn_addr = 0x3A, .read_data = {0x5C}});
  env.Bus().Add({.i2c = true, .static_addr = 0x53, .read_data = {0x77}});
  co_await env.Start();
  co_await env.Write(reg::Dat(0), DatEntry(0, 0x3A, false));
  co_await env.Write(reg::Dat(1), DatEntry(0x53, 0, true));
  // Write (no STOP), read (no STOP), then an I2C read that ends with STOP.
  {
    const Cmd cmd = Immediate({.tid = 1, .dev = 0, .toc = false}, {0x0F});
    co_await env.Push(cmd);
  }
  {
    const Cmd cmd = Regular({.tid = 2, .dev = 0, .rnw = true, .toc = false}, 1);
    co_await env.Push(cmd);
  }
  {
    const Cmd cmd = Regular({.tid = 3, .dev = 1, .rnw = true, .mode = 1}, 1);
    co_await env.Push(cmd);
  }
  for (unsigned t = 1; t <= 3; ++t) {
    const Response r = co_await env.WaitResponse();
    EXPECT_EQ(r.err, err::kSuccess);
    EXPECT_EQ(r.tid, t);
  }
  co_await env.WaitIdle();
  EXPECT_EQ(env.Bus().Text(), Join({"S", Header(0x7E, false), "Sr", Header(0x3A, false),
                                    WriteWord(0x0F), "Sr", Header(0x3A, true),
                                    ReadWord(0x5C, false), "Sr", Header(0x53, true), "77/1", "P"}));
}

XPO_TEST(I3cCtrlXfer, RxQueueFullStallsTheClockAndLosesNothing, I3cDut, .timeout_time = 2000,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  std::vector<uint8_t> data(70);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7 + 1);
  env.Bus().Add({.dyn_addr = 0x3B, .read_data = data});
  co_await env.Start();
  co_await env.Write(reg::Dat(0), DatEntry(0, 0x3B, false));
  {
    const Cmd cmd = Regular({.tid = 9, .dev = 0, .rnw = true}, 70);
    co_await env.Push(cmd);
  }
  // Let the 16-word RX queue fill, then drain it while the read continues.
  co_await tb::Timer(100, TimeUnit::kUs);
  EXPECT_EQ((co_await env.Read(reg::kDataLevel)).data >> 8, 16u);
  std::vector<uint8_t> got;
  while (got.size() < data.size()) {
    const uint32_t lvl = (co_await env.Read(reg::kDataLevel)).data >> 8;
    if (lvl == 0) {
      co_await ClockCycles(dut.clk_i, 100);
      continue;
    }
    const uint32_t w = (co_await env.Read(reg::kDataPort)).data;
    for (int b = 0; b < 4 && got.size() < data.size(); ++b) got.push_back((w >> (8 * b)) & 0xFF);
  }
  EXPECT_EQ(got, data);
  const Response r = co_await env.WaitResponse();
  EXPECT_EQ(r.err, err::kSuccess);
  EXPECT_EQ(r.len, 70u);
  EXPECT_EQ((co_await env.Read(reg::kQueueErr)).data, 0u);
}

XPO_TEST(I3cCtrlXfer, TxUnderrunTimesOutWithAnError, I3cDut, .timeout_time = 400,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  auto& tgt = env.Bus().Add({.dyn_addr = 0x3C});
  co_await env.Start();
  co_await env.Write(reg::kTimTimeout, 2000);  // 20 us
  co_await env.Write(reg::Dat(0), DatEntry(0, 0x3C, false));
  co_await env.Write(reg::kDataPort, 0x04030201);
  {
    const Cmd cmd = Regular({.tid = 4, .dev = 0}, 8);  // 8 bytes, only 4 queued
    co_await env.Push(cmd);
  }
  const Response r = co_await env.WaitResponse();
  EXPECT_EQ(r.err, err::kOverflow);
  EXPECT_EQ(r.len, 4u);
  co_await env.WaitIdle();
  EXPECT_EQ(tgt.Written(), (std::vector<uint8_t>{1, 2, 3, 4}));
  EXPECT_EQ(env.Bus().Tokens().back(), "P");
}

XPO_TEST(I3cCtrlErr, StuckSdaIsReportedAndTheBusRecovers, I3cDut, .timeout_time = 600,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  env.Bus().Add({.dyn_addr = 0x3D});
  co_await env.Start();
  co_await env.Write(reg::Dat(0), DatEntry(0, 0x3D, false));
  env.ForceSdaLow(true);
  {
    const Cmd cmd = Immediate({.tid = 6, .dev = 0}, {0x42});
    co_await env.Push(cmd);
  }
  const Response r = co_await env.WaitResponse();
  EXPECT_EQ(r.err, err::kSdaStuck);
  EXPECT_EQ(r.tid, 6u);
  env.ForceSdaLow(false);
  co_await env.WaitIdle();
  co_await env.Write(reg::kCtrl, 0x105);
  {
    const Cmd cmd = Immediate({.tid = 7, .dev = 0}, {0x43});
    co_await env.Push(cmd);
  }
  const Response r2 = co_await env.WaitResponse();
  EXPECT_EQ(r2.err, err::kSuccess);
  EXPECT_EQ(env.Bus().Responders()[0].Written(), (std::vector<uint8_t>{0x43}));
}

XPO_TEST(I3cCtrlTiming, DefaultsMeetI3cBasicMinimums, I3cDut, .timeout_time = 600,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  env.Bus().Add({.dyn_addr = 0x3F, .read_data = {1, 2, 3, 4}});
  co_await env.Start();
  co_await env.Write(reg::Dat(0), DatEntry(0, 0x3F, false));
  {
    const Cmd cmd = Immediate({.tid = 1, .dev = 0}, {0x55, 0xAA, 0x0F, 0xF0});
    co_await env.Push(cmd);
  }
  {
    const Cmd cmd = Regular({.tid = 2, .dev = 0, .rnw = true}, 4);
    co_await env.Push(cmd);
  }
  EXPECT_EQ((co_await env.WaitResponse()).err, err::kSuccess);
  EXPECT_EQ((co_await env.WaitResponse()).err, err::kSuccess);
  co_await env.WaitIdle();
  // MIPI I3C Basic v1.1.1 timing: tLOW/tHIGH >= 24 ns; first broadcast header after START
  // open drain with tLOW_OD >= 200 ns and SCL high >= 200 ns; tCAS >= 38.4 ns; tCBP and tCASr
  // >= 19.2 ns.
  const auto& per = env.Bus().Periods();
  CO_ASSERT_FALSE(per.empty());
  double fastest = 1e9;
  for (size_t i = 0; i < per.size(); ++i) {
    const auto& p = per[i];
    EXPECT_GE(p.len_ns, 24.0) << "at " << p.start_ns;
    if (p.first_header) {
      EXPECT_GE(p.len_ns, 200.0) << "first header period at " << p.start_ns;
    }
    if (i + 1 < per.size() && !p.high && per[i + 1].high && !p.first_header) {
      fastest = std::min(fastest, p.len_ns + per[i + 1].len_ns);
    }
  }
  EXPECT_GE(fastest, 80.0) << "no faster than 12.5 MHz";
  EXPECT_LE(fastest, 80.0) << "and the default timing reaches 12.5 MHz";
  EXPECT_GE(env.Bus().MinCas(), 38.4);
  EXPECT_GE(env.Bus().MinCbp(), 19.2);
  EXPECT_GE(env.Bus().MinCasr(), 19.2) << "tCASr after a repeated START";
  EXPECT_EQ(env.Bus().Contentions(), 0);
}

// Waits until the IBI status queue holds `n` entries.
tb::Task<> WaitIbis(Env& env, unsigned n, double timeout_us = 200) {
  const double end = tb::Scheduler::current().nowNs() + timeout_us * kUs;
  for (;;) {
    const uint32_t level = (co_await env.Read(reg::kQueueLevel)).data >> 16 & 0xFF;
    if (level >= n) break;
    if (tb::Scheduler::current().nowNs() > end) {
      throw std::runtime_error(fmt::format("fewer than {} IBI entries after {} us", n, timeout_us));
    }
    co_await ClockCycles(env.Dut().clk_i, 50);
  }
}

struct IbiStatus {
  bool nack, hot_join, cr;
  unsigned idx, header, len;
};
IbiStatus Decode(uint32_t w) {
  return {(w >> 31) != 0,   ((w >> 29) & 1) != 0, ((w >> 28) & 1) != 0,
          (w >> 16) & 0x1F, (w >> 8) & 0xFF,      w & 0xFF};
}

XPO_TEST(I3cCtrlIbi, AcceptedIbiWithMandatoryByteAndPayload, I3cDut, .timeout_time = 400,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  auto& tgt = env.Bus().Add({.dyn_addr = 0x37});
  co_await env.Start();
  co_await env.Write(reg::kIntrEnable, 1u << 4);
  co_await env.Write(reg::Dat(2), DatEntry(0, 0x37, false, true));
  tgt.RequestIbi({0xAE, 0x01, 0x02});
  co_await WaitIbis(env, 1);
  EXPECT_EQ(dut.irq_o.read(), 1u) << "IBI threshold interrupt";
  const IbiStatus st = Decode((co_await env.Read(reg::kIbiPort)).data);
  EXPECT_FALSE(st.nack);
  EXPECT_FALSE(st.hot_join);
  EXPECT_EQ(st.idx, 2u);
  EXPECT_EQ(st.header, (0x37u << 1) | 1);
  EXPECT_EQ(st.len, 3u);
  EXPECT_EQ((co_await env.Read(reg::kIbiDataPort)).data, 0x000201AEu);
  EXPECT_EQ(tgt.IbisDelivered(), 1);
  co_await env.WaitIdle();
  // The target's START request, its header won in arbitration, ACK, MDB and payload.
  EXPECT_EQ(env.Bus().Text(), Join({"S", Header(0x37, true), ReadWord(0xAE, true),
                                    ReadWord(0x01, true), ReadWord(0x02, false), "P"}));
}

XPO_TEST(I3cCtrlIbi, PayloadIsCutAtTheMaximumLength, I3cDut, .timeout_time = 400,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  auto& tgt = env.Bus().Add({.dyn_addr = 0x37});
  co_await env.Start();
  co_await env.Write(reg::Dat(0), DatEntry(0, 0x37, false, true));
  co_await env.Write(reg::Dat(0, 1), 2);  // this source: at most 2 bytes (MDB included)
  tgt.RequestIbi({0xA0, 0x11, 0x22, 0x33});
  co_await WaitIbis(env, 1);
  const IbiStatus st = Decode((co_await env.Read(reg::kIbiPort)).data);
  EXPECT_EQ(st.len, 2u);
  EXPECT_EQ((co_await env.Read(reg::kIbiDataPort)).data, 0x11A0u);
  co_await env.WaitIdle();
  EXPECT_EQ(env.Bus().Text(),
            Join({"S", Header(0x37, true), ReadWord(0xA0, true), ReadWord(0x11, true), "Sr", "P"}));
}

XPO_TEST(I3cCtrlIbi, RejectedSourceIsNackedAndDisabled, I3cDut, .timeout_time = 400,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  auto& tgt = env.Bus().Add({.dyn_addr = 0x38});
  co_await env.Start();
  co_await env.Write(reg::Dat(0), DatEntry(0, 0x38, false, true, true));
  tgt.RequestIbi({0x01});
  co_await WaitIbis(env, 1);
  const IbiStatus st = Decode((co_await env.Read(reg::kIbiPort)).data);
  EXPECT_TRUE(st.nack);
  EXPECT_EQ(st.len, 0u);
  co_await env.WaitIdle();
  // NACK, then DISEC (direct, 0x81) with DISINT to the source, then STOP.
  EXPECT_EQ(env.Bus().Text(),
            Join({"S", Header(0x38, true, false), "Sr", Header(0x7E, false), WriteWord(0x81), "Sr",
                  Header(0x38, false), WriteWord(0x01), "P"}));
  EXPECT_FALSE(tgt.IbiPending()) << "the target saw DISEC and dropped its request";
  EXPECT_EQ((co_await env.Read(reg::kQueueLevel)).data >> 16 & 0xFF, 0u) << "no repeat";
}

XPO_TEST(I3cCtrlIbi, BackToBackIbisFromTwoDevicesInAddressOrder, I3cDut, .timeout_time = 400,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  auto& hi = env.Bus().Add({.dyn_addr = 0x41});
  auto& lo = env.Bus().Add({.dyn_addr = 0x22});
  co_await env.Start();
  co_await env.Write(reg::Dat(0), DatEntry(0, 0x41, false, true));
  co_await env.Write(reg::Dat(1), DatEntry(0, 0x22, false, false));
  hi.RequestIbi({0xB1, 0xB2});
  lo.RequestIbi({0xC1});
  co_await WaitIbis(env, 2);
  const IbiStatus a = Decode((co_await env.Read(reg::kIbiPort)).data);
  const IbiStatus b = Decode((co_await env.Read(reg::kIbiPort)).data);
  // The lower address wins the first header; the other device retries after the STOP.
  EXPECT_EQ(a.header, (0x22u << 1) | 1);
  EXPECT_EQ(a.len, 0u) << "DAT says no payload for this source";
  EXPECT_EQ(b.header, (0x41u << 1) | 1);
  EXPECT_EQ(b.len, 2u);
  EXPECT_EQ((co_await env.Read(reg::kIbiDataPort)).data, 0xB2B1u);
  EXPECT_EQ(hi.IbisDelivered() + lo.IbisDelivered(), 2);
}

XPO_TEST(I3cCtrlIbi, IbiWinsArbitrationAgainstTheControllersStart, I3cDut, .timeout_time = 400,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  // This device never asks for a START itself: it only arbitrates in a header after START.
  auto& tgt = env.Bus().Add({.dyn_addr = 0x23, .avail_samples = 1 << 30});
  auto& other = env.Bus().Add({.dyn_addr = 0x24});
  co_await env.Start();
  co_await env.Write(reg::Dat(0), DatEntry(0, 0x23, false, true));
  co_await env.Write(reg::Dat(1), DatEntry(0, 0x24, false));
  tgt.RequestIbi({0x5A});
  {
    const Cmd cmd = Immediate({.tid = 8, .dev = 1}, {0x99});
    co_await env.Push(cmd);
  }
  const Response r = co_await env.WaitResponse();
  EXPECT_EQ(r.err, err::kSuccess);
  co_await WaitIbis(env, 1);
  EXPECT_EQ(Decode((co_await env.Read(reg::kIbiPort)).data).header, (0x23u << 1) | 1);
  EXPECT_EQ(other.Written(), (std::vector<uint8_t>{0x99}));
  co_await env.WaitIdle();
  // 0x23/R beats 7E/W in the first header; the command is retried after the IBI.
  EXPECT_EQ(env.Bus().Text(),
            Join({"S", Header(0x23, true), ReadWord(0x5A, false), "P", "S", Header(0x7E, false),
                  "Sr", Header(0x24, false), WriteWord(0x99), "P"}));
}

XPO_TEST(I3cCtrlHotJoin, AcceptedThenAssignedByEntdaa, I3cDut, .timeout_time = 600,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  auto& tgt = env.Bus().Add({.pid = 0x0ABCDEF01234, .bcr = 0x06, .dcr = 0x44, .hot_join = true});
  co_await env.Start(false);
  co_await env.Write(reg::kIntrEnable, 1u << 10);
  co_await env.Write(reg::kCtrl, 0x7);  // enable, accept Hot-Join, auto-DISEC
  co_await WaitIbis(env, 1);
  const IbiStatus st = Decode((co_await env.Read(reg::kIbiPort)).data);
  EXPECT_TRUE(st.hot_join);
  EXPECT_FALSE(st.nack);
  EXPECT_EQ(st.header, 0x02u << 1);
  EXPECT_EQ(dut.irq_o.read(), 1u) << "Hot-Join interrupt";
  EXPECT_TRUE(tgt.HotJoinAcked());
  co_await env.Write(reg::Dat(0), DatEntry(0, 0x2A, false));
  {
    const Cmd cmd = AddrAssign(1, 0x07, 0, 1);
    co_await env.Push(cmd);
  }
  EXPECT_EQ((co_await env.WaitResponse()).err, err::kSuccess);
  EXPECT_EQ(tgt.DynAddr(), 0x2A);
  EXPECT_EQ((co_await env.Read(reg::Dct(0, 2))).data, 0x0644u);
  EXPECT_THAT(env.Bus().Text(), HasSubstr(Join({"S", Header(0x02, false), "P"})));
}

XPO_TEST(I3cCtrlHotJoin, RejectedIsNackedAndToldDisec, I3cDut, .timeout_time = 600,
         .timeout_unit = TimeUnit::kUs) {
  Env env(dut);
  auto& tgt = env.Bus().Add({.pid = 0x0ABCDEF01234, .hot_join = true});
  co_await env.Start(false);
  co_await env.Write(reg::kCtrl, 0x5);  // enable, reject Hot-Join, auto-DISEC
  co_await WaitIbis(env, 1);
  const IbiStatus st = Decode((co_await env.Read(reg::kIbiPort)).data);
  EXPECT_TRUE(st.hot_join);
  EXPECT_TRUE(st.nack);
  co_await env.WaitIdle();
  EXPECT_FALSE(tgt.HotJoinPending()) << "DISEC with DISHJ received";
  EXPECT_FALSE(tgt.HotJoinAcked());
  // NACK, then broadcast DISEC (0x01) with DISHJ (0x08).
  EXPECT_EQ(env.Bus().Text(), Join({"S", Header(0x02, false, false), "Sr", Header(0x7E, false),
                                    WriteWord(0x01), WriteWord(0x08), "P"}));
}

}  // namespace
}  // namespace xpo::i3c_ctrl_test
