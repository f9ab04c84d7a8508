// Sweeps SNR over a PRBS31Q lane through the AWGN channel model, with and without 1/(1+D)
// precoding, and prints measured SER/BER with 95 % Clopper-Pearson bounds next to the analytic
// values, one row per SNR (gnuplot-ready, '#' header).
//
// Usage: pam4_ser_sweep [--from dB] [--to dB] [--step dB] [--max-symbols N] [--min-errors N]
//                       [--min-symbols N] [--seed N]
#include <fmt/format.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "xpo/pam4/analytic.h"
#include "xpo/pam4/channel.h"
#include "xpo/pam4/prbs.h"
#include "xpo/pam4/stats.h"
#include "xpo/pam4/symbols.h"

namespace {

using namespace xpo::pam4;

struct Options {
  double from = 8.0, to = 20.0, step = 0.5;
  std::uint64_t max_symbols = 400'000'000;
  std::uint64_t min_errors = 2000;
  std::uint64_t min_symbols = 4'000'000;
  std::uint64_t seed = 1;
};

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument(fmt::format("{} needs a value", a));
    const char* v = argv[++i];
    char* end = nullptr;
    if (a == "--from") {
      o.from = std::strtod(v, &end);
    } else if (a == "--to") {
      o.to = std::strtod(v, &end);
    } else if (a == "--step") {
      o.step = std::strtod(v, &end);
    } else if (a == "--max-symbols") {
      o.max_symbols = std::strtoull(v, &end, 0);
    } else if (a == "--min-errors") {
      o.min_errors = std::strtoull(v, &end, 0);
    } else if (a == "--min-symbols") {
      o.min_symbols = std::strtoull(v, &end, 0);
    } else if (a == "--seed") {
      o.seed = std::strtoull(v, &end, 0);
    } else {
      throw std::invalid_argument(fmt::format("unknown option {}", a));
    }
    if (end == v || *end != '\0') {
      throw std::invalid_argument(fmt::format("{}: '{}' is not a number", a, v));
    }
  }
  if (!(o.step > 0.0) || !(o.to >= o.from)) {
    throw std::invalid_argument("need --step > 0 and --to >= --from");
  }
  return o;
}

struct Count {
  std::uint64_t symbols = 0, symbol_errors = 0, bit_errors = 0;
};

// Known-pattern measurement: the transmitted symbols are at hand, so every decision is compared.
Count Measure(double snr_db, bool precode, const Options& o) {
  constexpr std::size_t kSpan = 1 << 16;
  auto gen = PrbsSymbolGenerator::Prbs31Q();
  LaneChannel channel({.snr_db = snr_db}, o.seed);
  channel.set_log_limit(0);
  Precoder pre;
  PrecodeDecoder dec;
  std::vector<Symbol> t(kSpan), line(kSpan);
  Count c;
  while (c.symbols < o.min_symbols ||
         (c.symbols < o.max_symbols && c.symbol_errors < o.min_errors)) {
    gen.Fill(t);
    line = t;
    if (precode) pre.Encode(line);
    channel.Process(line, line);
    if (precode) dec.Decode(line);
    for (std::size_t i = 0; i < kSpan; ++i) {
      if (line[i] != t[i]) {
        ++c.symbol_errors;
        c.bit_errors +=
            static_cast<std::uint64_t>(__builtin_popcount(GrayUnmap(line[i]) ^ GrayUnmap(t[i])));
      }
    }
    c.symbols += kSpan;
  }
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = Parse(argc, argv);
    fmt::print(
        "# PAM-4 AWGN, PRBS31Q, SNR = Es/sigma^2 with Es = 5; bounds: 95 % Clopper-Pearson\n"
        "# snr_db symbols ser ser_lo ser_hi ser_theory ber ber_lo ber_hi ber_theory"
        " pc_symbols pc_ser pc_lo pc_hi pc_theory\n");
    const int points = static_cast<int>((o.to - o.from) / o.step + 1e-9) + 1;
    for (int i = 0; i < points; ++i) {
      const double snr = o.from + i * o.step;
      const Count plain = Measure(snr, false, o);
      const Count pc = Measure(snr, true, o);
      const auto s = ClopperPearson(plain.symbol_errors, plain.symbols);
      const auto b = ClopperPearson(plain.bit_errors, 2 * plain.symbols);
      const auto p = ClopperPearson(pc.symbol_errors, pc.symbols);
      fmt::print(
          "{:.2f} {} {:.6e} {:.6e} {:.6e} {:.6e} {:.6e} {:.6e} {:.6e} {:.6e} {} {:.6e} "
          "{:.6e} {:.6e} {:.6e}\n",
          snr, plain.symbols, double(plain.symbol_errors) / double(plain.symbols), s.lower, s.upper,
          Pam4SerAwgn(snr), double(plain.bit_errors) / (2.0 * double(plain.symbols)), b.lower,
          b.upper, Pam4BerAwgn(snr), pc.symbols, double(pc.symbol_errors) / double(pc.symbols),
          p.lower, p.upper, Pam4SerAwgnPrecoded(snr));
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "pam4_ser_sweep: {}\n", e.what());
    return 2;
  }
  return 0;
}
