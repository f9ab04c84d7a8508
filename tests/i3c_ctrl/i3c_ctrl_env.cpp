#include "i3c_ctrl_env.h"

#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

namespace xpo::i3c_ctrl_test {

using tb::ClockCycles;
using tb::FallingEdge;
using tb::RisingEdge;
using tb::Task;
using tb::TimeUnit;

namespace {
uint32_t Common(const CmdFields& f, unsigned attr) {
  if (f.tid > 15 || f.dev > 31 || f.mode > 7) {
    throw std::invalid_argument(
        fmt::format("command field out of range: tid={} dev={} mode={}", f.tid, f.dev, f.mode));
  }
  return attr | (f.tid << 3) | (uint32_t{f.ccc} << 7) | (uint32_t{f.cp} << 15) | (f.dev << 16) |
         (f.mode << 26) | (uint32_t{f.rnw} << 29) | (uint32_t{f.roc} << 30) |
         (uint32_t{f.toc} << 31);
}
}  // namespace

Cmd Regular(const CmdFields& f, uint16_t len, bool dbp, uint8_t def_byte) {
  return {Common(f, 0) | (uint32_t{dbp} << 25), (uint32_t{len} << 16) | def_byte};
}

Cmd Immediate(const CmdFields& f, const std::vector<uint8_t>& bytes, bool with_def_byte) {
  // DTT 0-4: data bytes only; DTT 5-7: a defining byte and one to three data bytes.
  if (bytes.size() > 4 || (with_def_byte && bytes.size() < 2)) {
    throw std::invalid_argument(fmt::format("immediate command with {} bytes", bytes.size()));
  }
  uint32_t dw1 = 0;
  for (size_t i = 0; i < bytes.size(); ++i) dw1 |= uint32_t{bytes[i]} << (8 * i);
  const unsigned dtt =
      with_def_byte ? static_cast<unsigned>(bytes.size()) + 3 : static_cast<unsigned>(bytes.size());
  CmdFields g = f;
  g.rnw = false;
  return {Common(g, 1) | (dtt << 23), dw1};
}

Cmd AddrAssign(unsigned tid, uint8_t ccc, unsigned dev, unsigned count) {
  if (count > 15) throw std::invalid_argument(fmt::format("DEV_COUNT {} > 15", count));
  return {2u | (tid << 3) | (uint32_t{ccc} << 7) | (dev << 16) | (count << 26) | (1u << 30) |
              (1u << 31),
          0};
}

Cmd Combo(const CmdFields& f, uint16_t offset, bool offset16, uint16_t len) {
  return {Common(f, 3) | (uint32_t{offset16} << 25), (uint32_t{len} << 16) | offset};
}

uint32_t DatEntry(uint8_t static_addr, uint8_t dyn_addr, bool i2c, bool ibi_payload,
                  bool ibi_reject) {
  return (static_addr & 0x7Fu) | (uint32_t{ibi_payload} << 12) | (uint32_t{ibi_reject} << 13) |
         (uint32_t{dyn_addr & 0x7Fu} << 16) | (uint32_t{i2c} << 31);
}

Task<> Env::SampleBus() {
  for (;;) {
    co_await FallingEdge(dut_.clk_i);
    const double now = tb::Scheduler::current().nowNs();
    bool scl = dut_.scl_o.read();
    bool sda;
    if (stepper_) {
      std::tie(scl, sda) =
          stepper_(now, scl, dut_.sda_oe_o.read(), dut_.sda_o.read(), dut_.sda_pp_o.read());
    } else {
      sda = bus_.Step(now, scl, dut_.sda_oe_o.read(), dut_.sda_o.read(), dut_.sda_pp_o.read());
    }
    if (force_low_) sda = false;
    dut_.sda_i.write(sda);
    dut_.scl_i.write(scl);
  }
}

Task<> Env::Start(bool enable) {
  tb::Clock(dut_.clk_i, 10, TimeUnit::kNs).start();
  dut_.rst_ni.write(0);
  co_await ClockCycles(dut_.clk_i, 3);
  dut_.rst_ni.write(1);
  sampler_ = tb::startSoon(SampleBus(), "bus");
  co_await ClockCycles(dut_.clk_i, 2);
  // Bus Idle shortened to 2 us so tests do not wait 200 us after enabling.
  co_await Write(reg::kTimBusIdle, 200);
  if (enable) co_await Write(reg::kCtrl, 0x5);
}

Task<ApbResult> Env::Read(uint32_t addr) {
  co_await FallingEdge(dut_.clk_i);
  dut_.paddr_i.write(addr);
  dut_.pwrite_i.write(0);
  dut_.psel_i.write(1);
  dut_.penable_i.write(0);
  co_await FallingEdge(dut_.clk_i);
  dut_.penable_i.write(1);
  co_await RisingEdge(dut_.clk_i);
  ApbResult r{static_cast<uint32_t>(dut_.prdata_o.read()), dut_.pslverr_o.read() != 0};
  co_await FallingEdge(dut_.clk_i);
  dut_.psel_i.write(0);
  dut_.penable_i.write(0);
  co_return r;
}

Task<bool> Env::Write(uint32_t addr, uint32_t data) {
  co_await FallingEdge(dut_.clk_i);
  dut_.paddr_i.write(addr);
  dut_.pwdata_i.write(data);
  dut_.pwrite_i.write(1);
  dut_.psel_i.write(1);
  dut_.penable_i.write(0);
  co_await FallingEdge(dut_.clk_i);
  dut_.penable_i.write(1);
  co_await RisingEdge(dut_.clk_i);
  const bool err = dut_.pslverr_o.read() != 0;
  co_await FallingEdge(dut_.clk_i);
  dut_.psel_i.write(0);
  dut_.penable_i.write(0);
  dut_.pwrite_i.write(0);
  co_return err;
}

Task<> Env::Push(const Cmd& c) {
  co_await Write(reg::kCmdPort, c.dw0);
  co_await Write(reg::kCmdPort, c.dw1);
}

Task<Response> Env::WaitResponse(double timeout_us) {
  const double end = tb::Scheduler::current().nowNs() + timeout_us * 1000;
  for (;;) {
    const ApbResult lvl = co_await Read(reg::kQueueLevel);
    if (((lvl.data >> 8) & 0xFF) != 0) break;
    if (tb::Scheduler::current().nowNs() > end) {
      throw std::runtime_error(fmt::format("no response within {} us", timeout_us));
    }
    co_await ClockCycles(dut_.clk_i, 50);
  }
  const ApbResult r = co_await Read(reg::kRespPort);
  co_return Response{r.data >> 28, (r.data >> 24) & 0xF, r.data & 0xFFFF};
}

Task<> Env::WaitIdle(double timeout_us) {
  const double end = tb::Scheduler::current().nowNs() + timeout_us * 1000;
  for (;;) {
    const ApbResult st = co_await Read(reg::kStatus);
    // Not busy, not holding the bus, SCL and SDA both high.
    if ((st.data & 0x1D) == 0x18) break;
    if (tb::Scheduler::current().nowNs() > end) {
      throw std::runtime_error(
          fmt::format("controller not idle after {} us (status {:#x})", timeout_us, st.data));
    }
    co_await ClockCycles(dut_.clk_i, 50);
  }
}

Task<std::vector<uint32_t>> Env::ReadRx(unsigned words) {
  std::vector<uint32_t> out;
  for (unsigned i = 0; i < words; ++i) out.push_back((co_await Read(reg::kDataPort)).data);
  co_return out;
}

}  // namespace xpo::i3c_ctrl_test
