// Gearbox throughput: 64 media lanes, W = 16, 2:1 mode (128 host lanes at half rate), PRBS31Q on
// every media lane looped back into the RX checkers, random host traffic. Two loops over the same
// Verilated gbx_top, configured over APB as software would:
//   raw  - the hand-written Verilator loop: drive inputs, clock, eval;
//   full - the same, plus the golden model (xpo::gearbox::Gearbox) stepped on every edge and a
//          scoreboard comparing every output word (64 media TX, 128 host RX) with it.
// Each round builds fresh instances of both and runs them in alternating chunks, so that load
// from other processes and the instances' memory placement hit both alike; time is the bench
// thread's CPU time. Prints media symbols/s of both over all rounds, where the full loop's time
// goes, and last `ratio <median over rounds of full/raw speed>` (target >= 0.5). Fails if the
// scoreboard saw a mismatch or a checker is not locked.
//
// Usage: gearbox_bench [--cycles=N] [--rounds=R]   (cycles per loop and round, default 20000;
//        rounds, default 5)
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string_view>
#include <vector>

#include "Vgbx_top.h"
#include "verilated.h"
#include "xpo/gearbox/gearbox.h"

namespace {

using xpo::gearbox::Config;
using xpo::gearbox::Gearbox;
using xpo::gearbox::Mode;
using xpo::gearbox::Params;

constexpr int kM = 64, kH = 128, kW = 16;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

class Bench {
 public:
  explicit Bench(bool with_model) {
    ctx_ = std::make_unique<VerilatedContext>();
    ctx_->randReset(2);
    top_ = std::make_unique<Vgbx_top>(ctx_.get(), "TOP");
    top_->psel_i = top_->penable_i = top_->pwrite_i = 0;
    top_->clk_i = 0;
    top_->rst_ni = 1;
    top_->eval();
    top_->rst_ni = 0;
    top_->eval();
    Tick();
    top_->rst_ni = 1;
    top_->eval();
    // The model starts in the state the RTL has right after reset.
    if (with_model) model_ = std::make_unique<Gearbox>(Params{});
  }

  // One clock cycle: falling then rising edge.
  void Tick() {
    top_->clk_i = 0;
    top_->eval();
    top_->clk_i = 1;
    top_->eval();
  }

  // An APB write: setup phase, then the access phase, whose edge makes it take effect. Both
  // edges carry traffic and, with a model, step it.
  void Write(std::uint32_t addr, std::uint32_t data) {
    top_->psel_i = 1;
    top_->pwrite_i = 1;
    top_->paddr_i = addr;
    top_->pwdata_i = data;
    top_->penable_i = 0;
    Step();
    top_->penable_i = 1;
    if (model_ && addr == 0 && (data & 1u)) model_->RequestApply(shadow_);
    Step();
    top_->psel_i = top_->penable_i = 0;
  }

  // Writes the whole shadow configuration, APPLY, and runs past the commit and the checkers'
  // lock.
  void Configure(const Config& c) {
    Write(0x00C, c.mode);
    for (int m = 0; m < kM; ++m) {
      Write(0x100 + 4 * m, c.tx_lane[m].ToRegister());
      Write(0x200 + 4 * m, c.rx_lane[m].ToRegister());
    }
    for (int t = 0; t < kH; ++t) {
      Write(0x400 + 4 * t, c.tx_map[t]);
      Write(0x600 + 4 * t, c.rx_map[t]);
    }
    shadow_ = c;
    Write(0x000, 1);
    for (int i = 0; i < 200; ++i) Step();
  }

  // Drives inputs and clocks; with a model, steps it and compares every output word.
  void Step() {
    const auto t0 = Clock::now();
    for (int h = 0; h < kH; ++h) {
      host_[h] = Rand() & 0xFFFF'FFFFull;
      top_->host_tx_i[h] = static_cast<std::uint32_t>(host_[h]);
    }
    for (int m = 0; m < kM; ++m) {
      media_[m] = top_->media_tx_o[m];
      top_->media_rx_i[m] = static_cast<std::uint32_t>(media_[m]);
    }
    Tick();
    if (!model_) return;
    const auto t1 = Clock::now();
    model_->Step(host_, media_);
    const auto t2 = Clock::now();
    const auto mt = model_->media_tx();
    const auto hr = model_->host_rx();
    for (int m = 0; m < kM; ++m) mismatches_ += top_->media_tx_o[m] != mt[m];
    for (int h = 0; h < kH; ++h) mismatches_ += top_->host_rx_o[h] != hr[h];
    const auto t3 = Clock::now();
    rtl_time_ += t1 - t0;
    model_time_ += t2 - t1;
    compare_time_ += t3 - t2;
  }

  // Seconds of this thread's CPU time for `cycles` clocks (CPU time, so that other processes on
  // the machine do not count).
  double Run(long cycles) {
    const double t0 = ThreadCpuSeconds();
    for (long i = 0; i < cycles; ++i) Step();
    return ThreadCpuSeconds() - t0;
  }

  void ResetTimes() { rtl_time_ = model_time_ = compare_time_ = {}; }
  double rtl_s() const { return Seconds(rtl_time_); }
  double model_s() const { return Seconds(model_time_); }
  double compare_s() const { return Seconds(compare_time_); }
  std::uint64_t mismatches() const { return mismatches_; }
  const Gearbox* model() const { return model_.get(); }

 private:
  std::uint64_t Rand() {  // xorshift: cheap enough not to weigh on either loop
    rng_ ^= rng_ << 13;
    rng_ ^= rng_ >> 7;
    rng_ ^= rng_ << 17;
    return rng_;
  }

  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Vgbx_top> top_;
  std::unique_ptr<Gearbox> model_;
  Config shadow_;
  std::vector<std::uint64_t> host_ = std::vector<std::uint64_t>(kH);
  std::vector<std::uint64_t> media_ = std::vector<std::uint64_t>(kM);
  std::uint64_t rng_ = 0x9E37'79B9'7F4A'7C15ull;
  std::uint64_t mismatches_ = 0;
  Clock::duration rtl_time_{}, model_time_{}, compare_time_{};
};

Config BenchConfig() {
  Config c = Config::Identity(Params{}, Mode::k2to1);
  for (int m = 0; m < kM; ++m) {
    c.tx_lane[m].prbs = 2;
    c.rx_lane[m].prbs = 2;
  }
  return c;
}

long Arg(int argc, char** argv, std::string_view name, long fallback) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a.starts_with(name) && a.size() > name.size() && a[name.size()] == '=') {
      const long v = std::atol(a.data() + name.size() + 1);
      if (v <= 0) {
        fmt::print(stderr, "gearbox_bench: {} must be a positive number, got '{}'\n", name, a);
        std::exit(2);
      }
      return v;
    }
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (!a.starts_with("--cycles=") && !a.starts_with("--rounds=")) {
      fmt::print(stderr,
                 "gearbox_bench: unknown argument '{}' (usage: {} [--cycles=N] "
                 "[--rounds=R])\n",
                 a, argv[0]);
      return 2;
    }
  }
  const long cycles = Arg(argc, argv, "--cycles", 20000);
  const long rounds = Arg(argc, argv, "--rounds", 5);

  // Each round: fresh instances (created in alternating order, so that neither loop keeps a
  // lucky or unlucky memory placement), configured, then kChunks chunks of each loop in
  // alternation, so that both see the same load on the machine.
  constexpr int kChunks = 10;
  const long chunk = std::max(1L, cycles / kChunks);
  double raw_s = 0, full_s = 0, rtl_s = 0, model_s = 0, compare_s = 0;
  std::vector<double> ratios;
  std::uint64_t mismatches = 0;
  int locked = kM;
  for (long r = 0; r < rounds; ++r) {
    std::unique_ptr<Bench> raw, full;
    if (r % 2 == 0) {
      raw = std::make_unique<Bench>(false);
      full = std::make_unique<Bench>(true);
    } else {
      full = std::make_unique<Bench>(true);
      raw = std::make_unique<Bench>(false);
    }
    raw->Configure(BenchConfig());
    full->Configure(BenchConfig());
    full->ResetTimes();
    double w = 0, f = 0;
    for (int c = 0; c < kChunks; ++c) {
      if ((r + c) % 2 == 0) {
        w += raw->Run(chunk);
        f += full->Run(chunk);
      } else {
        f += full->Run(chunk);
        w += raw->Run(chunk);
      }
    }
    const double symbols = static_cast<double>(chunk) * kChunks * kM * kW;
    fmt::print("round {:2}: raw {:6.2f}, full {:6.2f} M media symbols/s, ratio {:.3f}\n", r,
               symbols / w / 1e6, symbols / f / 1e6, w / f);
    ratios.push_back(w / f);
    raw_s += w;
    full_s += f;
    rtl_s += full->rtl_s();
    model_s += full->model_s();
    compare_s += full->compare_s();
    mismatches += full->mismatches();
    int l = 0;
    for (int m = 0; m < kM; ++m) l += full->model()->lock(m);
    locked = std::min(locked, l);
  }
  std::sort(ratios.begin(), ratios.end());
  const double ratio = ratios[ratios.size() / 2];
  const double symbols =
      static_cast<double>(chunk) * kChunks * static_cast<double>(rounds) * kM * kW;
  const double raw_rate = symbols / raw_s, full_rate = symbols / full_s;
  const double total = rtl_s + model_s + compare_s;
  const double clocks = static_cast<double>(chunk) * kChunks * static_cast<double>(rounds);
  fmt::print(
      "gearbox bench: {} media lanes, W={}, 2:1, PRBS31Q loopback, {} rounds of {} cycles "
      "per loop\n",
      kM, kW, rounds, chunk * kChunks);
  fmt::print("raw RTL eval loop        {:8.2f} M media symbols/s ({:.0f} clocks/s)\n",
             raw_rate / 1e6, raw_rate / (kM * kW));
  fmt::print("RTL+model+scoreboard     {:8.2f} M media symbols/s ({:.0f} clocks/s)\n",
             full_rate / 1e6, full_rate / (kM * kW));
  fmt::print(
      "full loop time           RTL {:.1f}%, model {:.1f}% ({:.2f} us per clock), "
      "scoreboard {:.1f}%\n",
      100 * rtl_s / total, 100 * model_s / total, 1e6 * model_s / clocks, 100 * compare_s / total);
  fmt::print("full / raw per round     {:.3f} .. {:.3f}, median {:.3f}\n", ratios.front(),
             ratios.back(), ratio);
  fmt::print("scoreboard mismatches    {}\n", mismatches);
  fmt::print("checkers locked          {}/{} (fewest in a round)\n", locked, kM);
  if (mismatches != 0 || locked != kM) {
    fmt::print(stderr, "gearbox bench: the RTL and the model disagree\n");
    return 1;
  }
  fmt::print("ratio {:.3f}\n", ratio);
  return 0;
}
