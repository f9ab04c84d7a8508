#include "pwr_bench.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace xpo::power::test {

using tb::TimeUnit;

Bench::Bench(PwrDut& dut, const PowerTreeParams& pp, const cooling::CoolingPlantParams& cp,
             bool mated)
    : dut_(dut), power_(pp), cooling_(cp, dut.seed(), mated) {
  Drive(Inputs());
  dut_.psel_i.setImmediateValue(0);
  dut_.penable_i.setImmediateValue(0);
  dut_.pwrite_i.setImmediateValue(0);
  dut_.paddr_i.setImmediateValue(0);
  dut_.pwdata_i.setImmediateValue(0);
  dut_.lpmode_i.setImmediateValue(0);
  dut_.host_reset_ni.setImmediateValue(1);
  dut_.rst_ni.setImmediateValue(1);
  last_plug_ = cooling_.plug_contact();
}

void Bench::TraceTo(const std::string& path) {
  if (std::filesystem::path(path).has_parent_path()) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  }
  trace_ = std::fopen(path.c_str(), "w");
  if (!trace_) throw std::runtime_error(fmt::format("cannot write trace file '{}'", path));
  std::fprintf(trace_, "t_ms state");
  for (int r = 0; r < power_.num_rails(); ++r) {
    std::fprintf(trace_, " %s_V", power_.rail(r).params().name.c_str());
  }
  std::fprintf(trace_, " load_W vin_V bus_V flow_lpm dsp0_C dsp1_C oe0_C oe1_C\n");
}

namespace {
uint64_t PackAsics(const ModuleInputs& in) {
  uint64_t codes = 0;
  for (int i = 0; i < cooling::kNumAsics; ++i) {
    codes |= static_cast<uint64_t>(in.asic_code[i]) << (12 * i);
  }
  return codes;
}
}  // namespace

ModuleInputs Bench::Inputs() const {
  ModuleInputs in;
  auto& p = const_cast<PowerTree&>(power_);
  in.hs_pg = p.hot_swap().pg();
  in.hs_fault = p.hot_swap().fault();
  in.rail_pg = p.pg_mask();
  in.rail_fault = p.fault_mask();
  in.vin_code = p.vin_code();
  in.plug = cooling_.plug_contact();
  in.leak = cooling_.leak_wet();
  in.flow_code = cooling_.flow_code();
  in.inlet_code = cooling_.inlet_code();
  for (int i = 0; i < cooling::kNumAsics; ++i) in.asic_code[i] = cooling_.asic_code(i);
  in.lpmode_pin = dut_.lpmode_i.read() != 0;
  return in;
}

void Bench::Drive(const ModuleInputs& in) {
  if (started_) {
    dut_.hs_pg_i.write(in.hs_pg);
    dut_.hs_fault_i.write(in.hs_fault);
    dut_.rail_pg_i.write(in.rail_pg);
    dut_.rail_fault_i.write(in.rail_fault);
    dut_.vin_code_i.write(in.vin_code);
    dut_.plug_i.write(in.plug);
    dut_.leak_i.write(in.leak);
    dut_.flow_code_i.write(in.flow_code);
    dut_.inlet_code_i.write(in.inlet_code);
    dut_.asic_code_i.write(PackAsics(in));
    return;
  }
  dut_.hs_pg_i.setImmediateValue(in.hs_pg);
  dut_.hs_fault_i.setImmediateValue(in.hs_fault);
  dut_.rail_pg_i.setImmediateValue(in.rail_pg);
  dut_.rail_fault_i.setImmediateValue(in.rail_fault);
  dut_.vin_code_i.setImmediateValue(in.vin_code);
  dut_.plug_i.setImmediateValue(in.plug);
  dut_.leak_i.setImmediateValue(in.leak);
  dut_.flow_code_i.setImmediateValue(in.flow_code);
  dut_.inlet_code_i.setImmediateValue(in.inlet_code);
  dut_.asic_code_i.setImmediateValue(PackAsics(in));
}

tb::Task<> Bench::Start() {
  tb::Clock(dut_.clk_i, kClockNs, TimeUnit::kNs).start();
  co_await tb::NextTimeStep();
  dut_.rst_ni.write(0);
  co_await tb::ClockCycles(dut_.clk_i, 3);
  dut_.rst_ni.write(1);
  co_await tb::FallingEdge(dut_.clk_i);
  started_ = true;
  plant_ = std::make_unique<tb::Task<>>(tb::startSoon(PlantLoop(), "plant"));
}

tb::Task<> Bench::PlantLoop() {
  co_await tb::Timer(kPhaseNs, TimeUnit::kNs);
  while (true) {
    co_await tb::Timer(1, TimeUnit::kUs);
    Tick();
  }
}

void Bench::Tick() {
  ++t_us_;
  const uint32_t en = dut_rail_en();
  const Observation dut_obs{dut_state(), en, dut_.valve_en_o.read() != 0};
  const bool valve = dut_obs.valve_en;

  power_.Step(1.0, en);
  cooling_.Step(1.0, valve, power_.AsicPowers(), power_.total_load_w());
  if (on_tick) on_tick(*this);

  ModuleInputs in = Inputs();
  Drive(in);
  // The plant follows the DUT's enables. A rail the DUT has already turned off but the golden
  // model (up to a microsecond or two behind) still has on would look to the golden model like a
  // lost power-good; it sees it as still good until it turns the rail off itself. Were the DUT
  // wrong to turn it off, the scoreboard flags the enable mismatch.
  ModuleInputs gin = in;
  gin.rail_pg |= golden_.rail_en() & ~en & pg_before_;
  pg_before_ = (pg_before_ | in.rail_pg) & golden_.rail_en();
  golden_.Step(gin);
  sb_.Record(t_us_, Observation{golden_.state(), golden_.rail_en(), golden_.valve_en()}, dut_obs);

  if (en != last_en_) {
    for (uint32_t r = 0; r < kNumRails; ++r) {
      if ((en ^ last_en_) >> r & 1u) rail_events_.push_back({t_us_, r, (en >> r & 1u) != 0});
    }
    uint32_t w = 0;
    for (uint32_t r = 0; r < kNumRails; ++r) {
      if (en >> r & 1u) w += golden_.regs().Get(reg::RailW(static_cast<int>(r)));
    }
    max_declared_w_ = std::max(max_declared_w_, w);
    EXPECT_LE(w, golden_.regs().Get(reg::kClassW))
        << "t=" << t_us_ << " us: declared power of enabled rails exceeds CLASS_W";
    last_en_ = en;
  }
  if (in.plug != last_plug_) {
    last_plug_ = in.plug;
    last_plug_edge_us_ = t_us_;
  }
  for (auto& p : probes_) {
    if (!p->onset_us && p->onset()) p->onset_us = t_us_;
    if (p->onset_us && !p->safe_us && (en & kHpMask) == 0) p->safe_us = t_us_;
  }
  if (dut_obs.state != last_trace_state_ || en != last_trace_en_) {
    last_trace_state_ = dut_obs.state;
    last_trace_en_ = en;
    last_trace_change_us_ = t_us_;
  }
  // Fine rows around every change, coarse ones while nothing happens but heat.
  const uint64_t every = t_us_ < 200000 || t_us_ - last_trace_change_us_ < 20000 ? 100 : 5000;
  if (trace_ && t_us_ % every == 0) {
    std::fprintf(trace_, "%.3f %d", static_cast<double>(t_us_) / 1000.0,
                 static_cast<int>(dut_obs.state));
    for (int r = 0; r < power_.num_rails(); ++r)
      std::fprintf(trace_, " %.4f", power_.rail(r).voltage());
    std::fprintf(trace_, " %.2f %.2f %.2f %.4f", power_.total_load_w(), power_.input().voltage(),
                 power_.hot_swap().vout(), cooling_.flow().lpm());
    for (int i = 0; i < cooling::kNumAsics; ++i)
      std::fprintf(trace_, " %.3f", cooling_.asic(i).temp_c());
    std::fprintf(trace_, "\n");
  }
}

tb::Task<bool> Bench::Write(uint32_t addr, uint32_t value) {
  co_await tb::FallingEdge(dut_.clk_i);
  dut_.paddr_i.write(addr);
  dut_.pwdata_i.write(value);
  dut_.pwrite_i.write(1);
  dut_.psel_i.write(1);
  dut_.penable_i.write(0);
  co_await tb::FallingEdge(dut_.clk_i);
  dut_.penable_i.write(1);
  co_await tb::ReadOnly();
  const bool err = dut_.pslverr_o.read() != 0;
  const bool ready = dut_.pready_o.read() != 0;
  co_await tb::RisingEdge(dut_.clk_i);
  const bool golden_ok = golden_.Write(addr, value);
  co_await tb::FallingEdge(dut_.clk_i);
  dut_.psel_i.write(0);
  dut_.penable_i.write(0);
  dut_.pwrite_i.write(0);
  EXPECT_TRUE(ready);
  EXPECT_EQ(err, !golden_ok) << fmt::format("APB write {:#04x} <- {:#x}: pslverr {} but golden {}",
                                            addr, value, err, golden_ok ? "accepts" : "refuses");
  co_return !err;
}

tb::Task<uint32_t> Bench::Read(uint32_t addr) {
  co_await tb::FallingEdge(dut_.clk_i);
  dut_.paddr_i.write(addr);
  dut_.pwrite_i.write(0);
  dut_.psel_i.write(1);
  dut_.penable_i.write(0);
  co_await tb::FallingEdge(dut_.clk_i);
  dut_.penable_i.write(1);
  co_await tb::ReadOnly();
  const uint32_t data = static_cast<uint32_t>(dut_.prdata_o.read());
  co_await tb::FallingEdge(dut_.clk_i);
  dut_.psel_i.write(0);
  dut_.penable_i.write(0);
  co_return data;
}

tb::Task<> Bench::Wait(uint64_t us) { co_await tb::Timer(static_cast<double>(us), TimeUnit::kUs); }

tb::Task<bool> Bench::WaitState(ModuleState s, uint64_t timeout_us) {
  const uint64_t end = t_us_ + timeout_us;
  while (dut_state() != s) {
    if (t_us_ >= end) co_return false;
    co_await tb::Timer(10, TimeUnit::kUs);
  }
  co_return true;
}

tb::Task<bool> Bench::PowerUp(uint64_t timeout_us) {
  const bool ok = co_await Write(reg::kCtrl, kCtrlLpModePinEn);
  EXPECT_TRUE(ok);
  co_return co_await WaitState(ModuleState::kReady, timeout_us);
}

tb::Task<> Bench::HostReset(bool asserted) {
  co_await tb::FallingEdge(dut_.clk_i);
  dut_.host_reset_ni.write(asserted ? 0 : 1);
  if (asserted) golden_.HostReset();
}

SafetyProbe& Bench::Arm(std::string name, std::function<bool()> onset, uint64_t bound_us) {
  auto p = std::make_unique<SafetyProbe>();
  p->name = std::move(name);
  p->onset = std::move(onset);
  p->bound_us = bound_us;
  probes_.push_back(std::move(p));
  return *probes_.back();
}

void Bench::ReportProbe(const SafetyProbe& p) const {
  auto m = p.Measured();
  EXPECT_TRUE(m.has_value()) << p.name << ": onset " << (p.onset_us ? "seen" : "never seen")
                             << ", safe " << (p.safe_us ? "reached" : "never reached");
  if (!m) return;
  EXPECT_LE(*m, p.bound_us) << p.name << ": time to safe above its bound";
  std::printf("TIME_TO_SAFE %-28s measured_us=%-8llu bound_us=%llu\n", p.name.c_str(),
              static_cast<unsigned long long>(*m), static_cast<unsigned long long>(p.bound_us));
  if (const char* dir = std::getenv("XPO_REPORT_DIR")) {
    std::filesystem::create_directories(dir);
    std::string path = std::string(dir) + "/time_to_safe.csv";
    bool fresh = !std::filesystem::exists(path);
    if (std::FILE* f = std::fopen(path.c_str(), "a")) {
      if (fresh) std::fprintf(f, "trip,measured_us,bound_us\n");
      std::fprintf(f, "%s,%llu,%llu\n", p.name.c_str(), static_cast<unsigned long long>(*m),
                   static_cast<unsigned long long>(p.bound_us));
      std::fclose(f);
    }
  }
}

void Bench::Finish() {
  sb_.Finish();
  EXPECT_TRUE(sb_.ok()) << sb_.Report();
  if (trace_) {
    std::fclose(trace_);
    trace_ = nullptr;
  }
}

}  // namespace xpo::power::test
