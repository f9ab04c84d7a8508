// Readers for recorded SCL/SDA traces: IEEE 1364 VCD (as Verilator, GTKWave's fst2vcd or
// sigrok write it) and logic-analyzer CSV exports of time,SCL,SDA. They return one sample per
// timestamp at which either line changed, in picoseconds, for the Monitor.
#pragma once

#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

#include "xpo/i3c/types.hpp"

namespace xpo::i3c {

struct TraceSample {
  Time t;
  bool scl;
  bool sda;
};

// Malformed input: the message names the line and what was wrong.
class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Signals are found by full dotted name (top.dut.scl) or, when unambiguous, by leaf name (scl).
// x and z read as 1: an undriven I3C line sits at the pull-up or high-keeper.
std::vector<TraceSample> ReadVcd(std::istream& in, const std::string& scl_name,
                                 const std::string& sda_name);

struct CsvOptions {
  std::string time_col = "time";  // matched case-insensitively, as a prefix ("Time [s]")
  std::string scl_col = "scl";
  std::string sda_col = "sda";
  // Unit of the time column: "s", "ms", "us", "ns" or "ps"; empty takes it from a "[unit]" in
  // the header, else ns.
  std::string time_unit;
};
std::vector<TraceSample> ReadCsv(std::istream& in, const CsvOptions& opt = {});

// Multiplier from a unit name ("s", "ms", "us", "ns", "ps") to picoseconds.
double UnitToPs(const std::string& unit);

}  // namespace xpo::i3c
