// Single-core throughput of the PAM-4 lane path: PRBS31Q generator -> lane channel -> PRBS
// checker, in 64 Ki-symbol spans. Prints symbols/s for a noiseless lane, sparse noise (SNR where
// SER ~ 1e-5), a noisy lane (SER ~ 1e-3), an ISI lane and a lane with a Gaussian draw per symbol;
// the last line is `ratio <noiseless symbols/s / 1e9>`. A noise sample per symbol (ISI beyond the
// eye, or per_symbol_noise) runs ~40x slower.
//
// Usage: pam4_bench [symbols per case, default 2^31]
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "xpo/pam4/analytic.h"
#include "xpo/pam4/channel.h"
#include "xpo/pam4/checker.h"
#include "xpo/pam4/prbs.h"

namespace {

using xpo::pam4::Symbol;

struct Result {
  double symbols_per_s;
  std::uint64_t injected;
  std::uint64_t counted;
};

Result Run(const xpo::pam4::LaneImpairments& cfg, std::uint64_t symbols) {
  constexpr std::size_t kSpan = 1 << 16;
  auto gen = xpo::pam4::PrbsSymbolGenerator::Prbs31Q();
  xpo::pam4::LaneChannel channel(cfg, 1);
  channel.set_log_limit(0);
  xpo::pam4::PrbsChecker checker({.max_logged_errors = 0});
  std::vector<Symbol> tx(kSpan), rx(kSpan);
  const std::uint64_t spans = (symbols + kSpan - 1) / kSpan;
  const auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < spans; ++i) {
    gen.Fill(tx);
    channel.Process(tx, rx);
    checker.Check(rx);
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!checker.locked()) {
    fmt::print(stderr, "checker not locked at the end of the run\n");
    std::exit(1);
  }
  return {static_cast<double>(spans * kSpan) / s, channel.errors_injected(),
          checker.symbol_errors()};
}

void Report(const std::string& name, const Result& r) {
  fmt::print("{:<34} {:8.3f} Gsym/s  injected {:>10}  checker {:>10}\n", name,
             r.symbols_per_s / 1e9, r.injected, r.counted);
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t symbols = argc > 1 ? std::strtoull(argv[1], nullptr, 0) : (1ull << 31);
  fmt::print("PRBS31Q generate + channel + check, one core, {} symbols per case\n", symbols);

  // Generator alone, for reference.
  {
    auto gen = xpo::pam4::PrbsSymbolGenerator::Prbs31Q();
    std::vector<Symbol> tx(1 << 16);
    const auto t0 = std::chrono::steady_clock::now();
    const std::uint64_t spans = symbols / tx.size();
    for (std::uint64_t i = 0; i < spans; ++i) gen.Fill(tx);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    fmt::print("{:<34} {:8.3f} Gsym/s\n", "generator only",
               static_cast<double>(spans * tx.size()) / s / 1e9);
  }

  const Result clean = Run({}, symbols);
  Report("noiseless", clean);
  Report(fmt::format("AWGN 20 dB (SER {:.1e})", xpo::pam4::Pam4SerAwgn(20.0)),
         Run({.snr_db = 20.0}, symbols));
  Report(fmt::format("AWGN 16 dB (SER {:.1e})", xpo::pam4::Pam4SerAwgn(16.0)),
         Run({.snr_db = 16.0}, symbols / 4));
  Report("AWGN 20 dB + 2 ISI taps (sparse)",
         Run({.snr_db = 20.0, .isi_taps = {0.05, -0.02}}, symbols));
  Report("AWGN 20 dB, noise on every symbol",
         Run({.snr_db = 20.0, .per_symbol_noise = true}, symbols / 32));
  fmt::print("ratio {:.3f}\n", clean.symbols_per_s / 1e9);
  return 0;
}
