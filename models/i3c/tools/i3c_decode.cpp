// i3c_decode: runs the I3C bus monitor over a recorded trace (VCD, FST through fst2vcd, or a
// logic-analyzer CSV of time,SCL,SDA) and prints one decoded transaction per line followed by
// any rule violations. Exit status: 0 clean, 1 violations found, 2 unreadable input.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "xpo/i3c/monitor.hpp"
#include "xpo/i3c/trace_reader.hpp"

namespace {

using xpo::i3c::TraceError;

std::uint8_t ParseAddr(const std::string& s) {
  std::size_t used = 0;
  unsigned long v = 0;
  try {
    v = std::stoul(s, &used, 0);
  } catch (...) {
    used = 0;
  }
  if (used != s.size() || v > 0x7F) {
    throw TraceError(fmt::format("'{}' is not a 7-bit address (e.g. 0x50)", s));
  }
  return static_cast<std::uint8_t>(v);
}

std::string ReadFstAsVcd(const std::string& path) {
  const std::string cmd = fmt::format("fst2vcd '{}' 2>&1", path);
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  if (!p) throw TraceError("cannot run fst2vcd (install gtkwave)");
  std::string out;
  char buf[65536];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p.get())) > 0) out.append(buf, n);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Decode an I3C/I2C bus trace and check it against the MIPI I3C Basic rules"};
  std::string file, format = "auto", scl = "scl", sda = "sda", mode = "fmplus", unit;
  std::vector<std::string> i2c, i3c;
  bool no_timing = false;
  app.add_option("trace", file, "VCD, FST or CSV file")->required();
  app.add_option("--format", format, "auto, vcd, fst or csv")
      ->check(CLI::IsMember({"auto", "vcd", "fst", "csv"}));
  app.add_option("--scl", scl, "SCL signal (VCD) or column (CSV) name");
  app.add_option("--sda", sda, "SDA signal (VCD) or column (CSV) name");
  app.add_option("--time-unit", unit,
                 "CSV time unit: s, ms, us, ns, ps (default from header, else ns)");
  app.add_option("--mode", mode, "bus: pure, fm (mixed with Fm I2C), fmplus (mixed with Fm+)")
      ->check(CLI::IsMember({"pure", "fm", "fmplus"}));
  app.add_option("--i2c", i2c, "address of a legacy I2C device (repeatable)");
  app.add_option("--i3c", i3c, "dynamic address assigned before the trace starts (repeatable)");
  app.add_flag("--no-timing", no_timing, "skip the timing checks");
  CLI11_PARSE(app, argc, argv);

  xpo::i3c::MonitorConfig cfg;
  std::vector<xpo::i3c::TraceSample> samples;
  try {
    for (const auto& a : i2c) cfg.i2c_addrs.insert(ParseAddr(a));
    for (const auto& a : i3c) cfg.i3c_addrs.insert(ParseAddr(a));
    cfg.mode = mode == "pure" ? xpo::i3c::MonitorConfig::BusMode::kPure
               : mode == "fm" ? xpo::i3c::MonitorConfig::BusMode::kMixedFm
                              : xpo::i3c::MonitorConfig::BusMode::kMixedFmPlus;
    cfg.check_timing = !no_timing;
    if (format == "auto") {
      const auto dot = file.rfind('.');
      const std::string ext = dot == std::string::npos ? "" : file.substr(dot + 1);
      if (ext == "vcd" || ext == "fst" || ext == "csv") {
        format = ext;
      } else {
        throw TraceError(
            fmt::format("{}: cannot tell the format from the name; use --format", file));
      }
    }
    if (format == "fst") {
      std::ifstream probe(file);
      if (!probe) throw TraceError(fmt::format("{}: cannot open", file));
      std::istringstream vcd(ReadFstAsVcd(file));
      samples = xpo::i3c::ReadVcd(vcd, scl, sda);
    } else {
      std::ifstream in(file);
      if (!in) throw TraceError(fmt::format("{}: cannot open", file));
      if (format == "vcd") {
        samples = xpo::i3c::ReadVcd(in, scl, sda);
      } else {
        xpo::i3c::CsvOptions opt;
        opt.scl_col = scl;
        opt.sda_col = sda;
        opt.time_unit = unit;
        samples = xpo::i3c::ReadCsv(in, opt);
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "i3c_decode: " << e.what() << "\n";
    return 2;
  }
  if (samples.empty()) {
    std::cerr << "i3c_decode: " << file << ": no samples\n";
    return 2;
  }

  xpo::i3c::Monitor mon(cfg);
  // Start from the first sample's levels without inventing an edge at time 0.
  std::vector<std::string> lines;
  for (const auto& s : samples) mon.Sample(s.t, s.scl, s.sda);
  mon.Finish(samples.back().t);
  for (const auto& tx : mon.Transactions()) {
    std::cout << xpo::i3c::FormatTime(tx.start) << " " << tx.text << "\n";
  }
  for (const auto& v : mon.Violations()) std::cout << v.ToString() << "\n";
  std::cout << fmt::format("{} transaction(s), {} violation(s)\n", mon.Transactions().size(),
                           mon.Violations().size());
  return mon.Violations().empty() ? 0 : 1;
}
