// GTKWave Transaction Filter Process for I3C. GTKWave sends the selected group, SCL and SDA
// (SCL first), as a small VCD on stdin between
// "$comment data_start" and "$comment data_end"; this program answers with two transaction
// traces: the decoded frames (START, address, R/W, ACK, CCC names, data, T) and the rule
// violations, then "$finish". It keeps serving requests until stdin closes.
#include <cctype>
#include <cmath>
#include <cstring>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "xpo/i3c/monitor.hpp"
#include "xpo/i3c/trace_reader.hpp"

namespace {

using xpo::i3c::Time;

const char* Colour(xpo::i3c::TxKind k) {
  using xpo::i3c::TxKind;
  switch (k) {
    case TxKind::kBroadcastCcc:
    case TxKind::kDirectCcc:
      return "?darkblue?";
    case TxKind::kDaa:
    case TxKind::kDaaEnd:
      return "?purple3?";
    case TxKind::kIbi:
    case TxKind::kHotJoin:
      return "?darkorange3?";
    case TxKind::kI2cRead:
    case TxKind::kI2cWrite:
      return "?gray30?";
    default:
      return "?darkgreen?";
  }
}

// Answers one request; returns false when stdin ended before a complete request. GTKWave sends
// either the two grouped 1-bit signals (SCL first, or named *scl / *sda) or one 2-bit vector.
bool Serve(std::istream& in, std::ostream& out) {
  std::string line;
  bool started = false;
  double scale_ps = 1.0;
  struct Var {
    std::string id;
    int width = 0;
    std::string name;
  };
  std::vector<Var> vars;
  std::string scl_id, sda_id, vec_id;
  std::vector<xpo::i3c::TraceSample> samples;
  Time now = 0;
  bool scl = true, sda = true;
  auto flush = [&] {
    if (samples.empty() || samples.back().scl != scl || samples.back().sda != sda) {
      if (!samples.empty() && samples.back().t == now) {
        samples.back() = {now, scl, sda};
      } else {
        samples.push_back({now, scl, sda});
      }
    }
  };
  auto resolve = [&] {
    if (!scl_id.empty() || !vec_id.empty()) return;
    for (const auto& v : vars) {
      if (v.width == 2) vec_id = v.id;
    }
    if (!vec_id.empty()) return;
    auto lower = [](std::string x) {
      for (auto& c : x) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return x;
    };
    for (const auto& v : vars) {
      const std::string n = lower(v.name);
      if (n.find("scl") != std::string::npos) scl_id = v.id;
      if (n.find("sda") != std::string::npos) sda_id = v.id;
    }
    if ((scl_id.empty() || sda_id.empty()) && vars.size() >= 2) {
      scl_id = vars[0].id;
      sda_id = vars[1].id;
    }
    if (scl_id.empty() || sda_id.empty()) {
      throw std::runtime_error("select SCL and SDA (in that order) or a 2-bit {SCL,SDA} vector");
    }
  };
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("$comment data_start", 0) == 0) {
      started = true;
      continue;
    }
    if (!started) continue;
    if (line.rfind("$comment data_end", 0) == 0) break;
    if (line.rfind("$timescale", 0) == 0) {
      std::string body = line.substr(10);
      body = body.substr(0, body.find("$end"));
      std::string digits, unit;
      for (char c : body) {
        if (std::isdigit(static_cast<unsigned char>(c))) {
          digits += c;
        } else if (std::isalpha(static_cast<unsigned char>(c))) {
          unit += c;
        }
      }
      scale_ps = (digits.empty() ? 1.0 : std::stod(digits)) * xpo::i3c::UnitToPs(unit);
    } else if (line.rfind("$var", 0) == 0) {
      std::istringstream ss(line);
      std::string kw, type;
      Var v;
      ss >> kw >> type >> v.width >> v.id >> v.name;
      vars.push_back(v);
    } else if (line.rfind("$enddefinitions", 0) == 0) {
      resolve();
    } else if (!line.empty() && line[0] == '#') {
      flush();
      now = static_cast<Time>(std::llround(std::stod(line.substr(1)) * scale_ps));
    } else if (!line.empty() && (line[0] == 'b' || line[0] == 'B')) {
      const auto sp = line.find(' ');
      std::string v = line.substr(1, sp - 1);
      const std::string id = sp == std::string::npos ? "" : line.substr(sp + 1);
      if (id != vec_id) continue;
      // VCD drops leading zeros: extend to two bits.
      while (v.size() < 2) v.insert(v.begin(), v[0] == '1' ? '0' : v[0]);
      scl = v[v.size() - 2] != '0';
      sda = v[v.size() - 1] != '0';
    } else if (!line.empty() && std::strchr("01xXzZ", line[0]) != nullptr && line.size() > 1) {
      const std::string id = line.substr(1);
      const bool level = line[0] != '0';  // x/z: the pull-up
      if (id == scl_id) scl = level;
      if (id == sda_id) sda = level;
    }
  }
  if (!started) return false;
  flush();

  xpo::i3c::Monitor mon;
  for (const auto& s : samples) mon.Sample(s.t, s.scl, s.sda);
  if (!samples.empty()) mon.Finish(samples.back().t);
  auto units = [&](Time t) {
    return static_cast<long long>(std::llround(static_cast<double>(t) / scale_ps));
  };
  out << "$name I3C\n#0\n";
  for (const auto& tx : mon.Transactions()) {
    out << "#" << units(tx.start) << " " << Colour(tx.kind) << tx.text << "\n";
    out << "#" << units(tx.end) << "\n";
  }
  out << "$next\n$name I3C rules\n#0\n";
  for (const auto& v : mon.Violations()) {
    out << "#" << units(v.time) << " ?red?" << v.rule << ": " << v.detail << "\n";
    out << "#" << units(v.time) + 1 << "\n";
  }
  out << "$finish\n";
  out.flush();
  return true;
}

}  // namespace

int main() {
  try {
    while (Serve(std::cin, std::cout)) {
    }
  } catch (const std::exception& e) {
    // GTKWave shows nothing useful on stderr; still, say why the trace is empty.
    std::cerr << "i3c_gtkw_filter: " << e.what() << "\n";
    std::cout << "$name I3C\n#0 ?red?filter error: " << e.what() << "\n$finish\n" << std::flush;
    return 1;
  }
  return 0;
}
