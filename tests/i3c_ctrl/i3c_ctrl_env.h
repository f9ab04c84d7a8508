// Block-test environment of the I3C controller (rtl/i3c/i3c_ctrl.sv): DUT handles, an APB
// master, the wire bench of wire_bus.h sampled every module clock, and helpers that build
// command descriptors in the format of docs/i3c_ctrl.md.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "Vi3c_ctrl.h"
#include "wire_bus.h"
#include "xpo/tb/tb.h"

namespace xpo::i3c_ctrl_test {

struct I3cDut : tb::Dut<Vi3c_ctrl> {
  I3cDut() {
    rst_ni.setImmediateValue(1);
    paddr_i.setImmediateValue(0);
    psel_i.setImmediateValue(0);
    penable_i.setImmediateValue(0);
    pwrite_i.setImmediateValue(0);
    pwdata_i.setImmediateValue(0);
    scl_i.setImmediateValue(1);
    sda_i.setImmediateValue(1);
  }
  XPO_IN(clk_i, 1);
  XPO_IN(rst_ni, 1);
  XPO_IN(paddr_i, 12);
  XPO_IN(psel_i, 1);
  XPO_IN(penable_i, 1);
  XPO_IN(pwrite_i, 1);
  XPO_IN(pwdata_i, 32);
  XPO_OUT(prdata_o, 32);
  XPO_OUT(pready_o, 1);
  XPO_OUT(pslverr_o, 1);
  XPO_OUT(irq_o, 1);
  XPO_OUT(scl_o, 1);
  XPO_IN(scl_i, 1);
  XPO_OUT(sda_o, 1);
  XPO_OUT(sda_oe_o, 1);
  XPO_OUT(sda_pp_o, 1);
  XPO_IN(sda_i, 1);
};

// Register offsets (docs/i3c_ctrl.md, "Register map").
namespace reg {
constexpr uint32_t kVersion = 0x000, kCtrl = 0x004, kStatus = 0x008, kResetCtrl = 0x00C;
constexpr uint32_t kIntrStatus = 0x010, kIntrEnable = 0x014, kQueueErr = 0x018;
constexpr uint32_t kQueueThld = 0x01C, kDataThld = 0x020, kQueueSize = 0x024, kDataSize = 0x028;
constexpr uint32_t kQueueLevel = 0x02C, kDataLevel = 0x030, kCmdPort = 0x034, kRespPort = 0x038;
constexpr uint32_t kDataPort = 0x03C, kIbiPort = 0x040, kIbiDataPort = 0x044, kDctIndex = 0x048;
constexpr uint32_t kIbiCfg = 0x04C, kTimOd = 0x050, kTimPp = 0x054, kTimFm = 0x058;
constexpr uint32_t kTimFmp = 0x05C, kTimCas = 0x060, kTimBusFree = 0x064, kTimBusAvail = 0x068;
constexpr uint32_t kTimBusIdle = 0x06C, kTimTimeout = 0x070;
constexpr uint32_t Dat(unsigned i, unsigned dw = 0) { return 0x100 + 8 * i + 4 * dw; }
constexpr uint32_t Dct(unsigned i, unsigned dw) { return 0x200 + 16 * i + 4 * dw; }
}  // namespace reg

// Response error codes (docs/i3c_ctrl.md, "Response descriptor").
namespace err {
constexpr unsigned kSuccess = 0x0, kParity = 0x2, kAddrHeader = 0x4, kNack = 0x5;
constexpr unsigned kOverflow = 0x6, kI2cWrNack = 0x9, kNotSupported = 0xA;
constexpr unsigned kAddrReserved = 0xC, kSdaStuck = 0xD, kTimeout = 0xE;
}  // namespace err

struct Cmd {
  uint32_t dw0 = 0;
  uint32_t dw1 = 0;
};

struct CmdFields {
  unsigned tid = 0;
  unsigned dev = 0;
  bool rnw = false;
  bool toc = true;
  bool roc = true;
  bool cp = false;
  uint8_t ccc = 0;
  unsigned mode = 0;
};

// Descriptor builders, field positions as documented (HCI v1 layout).
Cmd Regular(const CmdFields& f, uint16_t len, bool dbp = false, uint8_t def_byte = 0);
Cmd Immediate(const CmdFields& f, const std::vector<uint8_t>& bytes, bool with_def_byte = false);
// Immediate write with the bytes as arguments (keeps initializer lists out of coroutine
// full-expressions, which GCC 12 rejects).
template <typename... B>
Cmd Imm(const CmdFields& f, B... bytes) {
  return Immediate(f, std::vector<uint8_t>{static_cast<uint8_t>(bytes)...});
}
Cmd AddrAssign(unsigned tid, uint8_t ccc, unsigned dev, unsigned count);
Cmd Combo(const CmdFields& f, uint16_t offset, bool offset16, uint16_t len);
uint32_t DatEntry(uint8_t static_addr, uint8_t dyn_addr, bool i2c, bool ibi_payload = false,
                  bool ibi_reject = false);

struct Response {
  unsigned err;
  unsigned tid;
  unsigned len;
};

struct ApbResult {
  uint32_t data;
  bool err;
};

class Env {
 public:
  explicit Env(I3cDut& dut) : dut_(dut) {}

  // Clock (100 MHz), reset, bus sampling; enables the controller with a short Bus Idle time.
  tb::Task<> Start(bool enable = true);
  tb::Task<ApbResult> Read(uint32_t addr);
  tb::Task<bool> Write(uint32_t addr, uint32_t data);
  tb::Task<> Push(const Cmd& c);
  // Waits for one response (times out after `timeout_us` of sim time) and pops it.
  tb::Task<Response> WaitResponse(double timeout_us = 400);
  // Waits until the controller is idle with the bus released.
  tb::Task<> WaitIdle(double timeout_us = 400);
  tb::Task<std::vector<uint32_t>> ReadRx(unsigned words);

  WireBus& Bus() { return bus_; }
  I3cDut& Dut() { return dut_; }
  // Holds SDA low from outside (a stuck device) while set.
  void ForceSdaLow(bool on) { force_low_ = on; }
  // Replaces the wire bench: called every module clock with the time (ns) and the controller's
  // pads (scl, sda_oe, sda, sda_pp); returns {scl, sda} as the bus shows them.
  using Stepper = std::function<std::pair<bool, bool>(double, bool, bool, bool, bool)>;
  void UseStepper(Stepper s) { stepper_ = std::move(s); }

 private:
  tb::Task<> SampleBus();

  I3cDut& dut_;
  WireBus bus_;
  bool force_low_ = false;
  Stepper stepper_;
  tb::Task<> sampler_;
};

}  // namespace xpo::i3c_ctrl_test
