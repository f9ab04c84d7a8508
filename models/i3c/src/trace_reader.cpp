#include "xpo/i3c/trace_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <sstream>

#include <fmt/format.h>

namespace xpo::i3c {

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\"");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\"");
  return s.substr(b, e - b + 1);
}

// Line-aware whitespace tokenizer for VCD.
class Tokens {
 public:
  explicit Tokens(std::istream& in) : in_(in) {}
  std::optional<std::string> Next() {
    std::string tok;
    int c;
    while ((c = in_.get()) != EOF) {
      if (c == '\n') ++line_;
      if (std::isspace(c)) {
        if (!tok.empty()) return tok;
      } else {
        tok.push_back(static_cast<char>(c));
      }
    }
    if (!tok.empty()) return tok;
    return std::nullopt;
  }
  std::string SkipTo(const std::string& end, const std::string& what) {
    std::string body;
    while (auto t = Next()) {
      if (*t == end) return body;
      body += (body.empty() ? "" : " ") + *t;
    }
    throw TraceError(fmt::format("VCD line {}: {} not closed with {}", line_, what, end));
  }
  int Line() const { return line_ + 1; }

 private:
  std::istream& in_;
  int line_ = 0;
};

}  // namespace

double UnitToPs(const std::string& unit) {
  const std::string u = Lower(unit);
  if (u == "s") return 1e12;
  if (u == "ms") return 1e9;
  if (u == "us") return 1e6;
  if (u == "ns") return 1e3;
  if (u == "ps") return 1.0;
  if (u == "fs") return 1e-3;
  throw TraceError(fmt::format("unknown time unit '{}' (use s, ms, us, ns, ps)", unit));
}

std::vector<TraceSample> ReadVcd(std::istream& in, const std::string& scl_name,
                                 const std::string& sda_name) {
  Tokens tk(in);
  double scale_ps = 1.0;
  std::vector<std::string> scope;
  struct Var {
    std::string id;
    int width = 0;
  };
  std::map<std::string, Var> by_path;  // dotted path -> var
  std::vector<std::string> paths;
  bool defs_done = false;
  while (!defs_done) {
    auto t = tk.Next();
    if (!t) throw TraceError("VCD: file ended before $enddefinitions");
    if (*t == "$timescale") {
      std::string body = tk.SkipTo("$end", "$timescale");
      body.erase(std::remove(body.begin(), body.end(), ' '), body.end());
      std::size_t i = 0;
      while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i;
      if (i == 0)
        throw TraceError(fmt::format("VCD line {}: bad $timescale '{}'", tk.Line(), body));
      scale_ps = std::stod(body.substr(0, i)) * UnitToPs(body.substr(i));
    } else if (*t == "$scope") {
      auto parts = tk.SkipTo("$end", "$scope");
      std::istringstream ss(parts);
      std::string kind, name;
      ss >> kind >> name;
      scope.push_back(name);
    } else if (*t == "$upscope") {
      tk.SkipTo("$end", "$upscope");
      if (!scope.empty()) scope.pop_back();
    } else if (*t == "$var") {
      auto body = tk.SkipTo("$end", "$var");
      std::istringstream ss(body);
      std::string type, width, id, ref;
      ss >> type >> width >> id >> ref;
      if (ref.empty())
        throw TraceError(fmt::format("VCD line {}: malformed $var '{}'", tk.Line(), body));
      std::string path;
      for (const auto& s : scope) path += s + ".";
      path += ref;
      by_path[path] = Var{id, std::atoi(width.c_str())};
      paths.push_back(path);
    } else if (*t == "$enddefinitions") {
      tk.SkipTo("$end", "$enddefinitions");
      defs_done = true;
    } else if (!t->empty() && (*t)[0] == '$') {
      tk.SkipTo("$end", *t);
    } else {
      throw TraceError(fmt::format("VCD line {}: unexpected '{}' in the header", tk.Line(), *t));
    }
  }
  auto find = [&](const std::string& name) -> Var {
    if (by_path.count(name)) return by_path.at(name);
    std::vector<std::string> hits;
    for (const auto& p : paths) {
      const auto dot = p.rfind('.');
      const std::string leaf = dot == std::string::npos ? p : p.substr(dot + 1);
      if (leaf == name || (p.size() > name.size() && p.ends_with("." + name))) hits.push_back(p);
    }
    if (hits.empty()) {
      std::string all;
      for (const auto& p : paths) all += (all.empty() ? "" : ", ") + p;
      throw TraceError(fmt::format("VCD: unknown signal name '{}'; the file has: {}", name, all));
    }
    if (hits.size() > 1) {
      throw TraceError(fmt::format("VCD: signal name '{}' is ambiguous: {}", name,
                                   fmt::format("{}", fmt::join(hits, ", "))));
    }
    return by_path.at(hits[0]);
  };
  const Var scl = find(scl_name);
  const Var sda = find(sda_name);
  if (scl.width != 1 || sda.width != 1) {
    throw TraceError("VCD: SCL and SDA must be 1-bit signals");
  }
  std::vector<TraceSample> out;
  bool scl_v = true, sda_v = true;
  bool have_time = false;
  Time now = 0;
  auto flush = [&] {
    if (!have_time) return;
    if (out.empty() || out.back().scl != scl_v || out.back().sda != sda_v) {
      if (!out.empty() && out.back().t == now) {
        out.back().scl = scl_v;
        out.back().sda = sda_v;
      } else {
        out.push_back(TraceSample{now, scl_v, sda_v});
      }
    }
  };
  auto apply = [&](const std::string& id, char v) {
    const bool level = v != '0';
    if (id == scl.id) scl_v = level;
    if (id == sda.id) sda_v = level;
  };
  while (auto t = tk.Next()) {
    const std::string& s = *t;
    if (s[0] == '#') {
      double v;
      try {
        v = std::stod(s.substr(1));
      } catch (...) {
        throw TraceError(fmt::format("VCD line {}: bad timestamp '{}'", tk.Line(), s));
      }
      const Time tt = static_cast<Time>(std::llround(v * scale_ps));
      if (have_time && tt < now) {
        throw TraceError(
            fmt::format("VCD line {}: time {} goes backwards (previous {})", tk.Line(), s, now));
      }
      flush();
      now = tt;
      have_time = true;
    } else if (s[0] == '$') {
      if (s == "$dumpvars" || s == "$dumpon" || s == "$dumpoff" || s == "$dumpall" || s == "$end") {
        continue;
      }
      tk.SkipTo("$end", s);
    } else if (s[0] == 'b' || s[0] == 'B' || s[0] == 'r' || s[0] == 'R') {
      auto id = tk.Next();
      if (!id)
        throw TraceError(fmt::format("VCD line {}: vector value without identifier", tk.Line()));
      if (*id == scl.id || *id == sda.id) apply(*id, s.back());
    } else if (std::strchr("01xXzZ", s[0]) != nullptr) {
      if (s.size() < 2)
        throw TraceError(fmt::format("VCD line {}: value '{}' without identifier", tk.Line(), s));
      const char v = (s[0] == '0') ? '0' : '1';
      apply(s.substr(1), v);
    } else {
      throw TraceError(fmt::format("VCD line {}: cannot parse '{}'", tk.Line(), s));
    }
  }
  flush();
  return out;
}

std::vector<TraceSample> ReadCsv(std::istream& in, const CsvOptions& opt) {
  std::string line;
  int lineno = 0;
  auto split = [](const std::string& l) {
    std::vector<std::string> f;
    std::string cur;
    for (char c : l) {
      if (c == ',' || c == ';' || c == '\t') {
        f.push_back(Trim(cur));
        cur.clear();
      } else {
        cur.push_back(c);
      }
    }
    f.push_back(Trim(cur));
    return f;
  };
  while (std::getline(in, line)) {
    ++lineno;
    if (!Trim(line).empty() && Trim(line)[0] != '#') break;
  }
  if (Trim(line).empty()) throw TraceError("CSV: no header line");
  const auto header = split(line);
  auto col = [&](const std::string& want) {
    const std::string w = Lower(want);
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (Lower(header[i]) == w) return i;
    }
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (Lower(header[i]).rfind(w, 0) == 0) return i;
    }
    throw TraceError(
        fmt::format("CSV line {}: missing column '{}' (header: {})", lineno, want, line));
  };
  const std::size_t ct = col(opt.time_col), cs = col(opt.scl_col), cd = col(opt.sda_col);
  std::string unit = opt.time_unit;
  if (unit.empty()) {
    const std::string& h = header[ct];
    const auto lb = h.find('['), rb = h.find(']');
    unit = (lb != std::string::npos && rb != std::string::npos && rb > lb)
               ? h.substr(lb + 1, rb - lb - 1)
               : "ns";
  }
  const double scale = UnitToPs(unit);
  std::vector<TraceSample> out;
  const std::size_t need = std::max({ct, cs, cd}) + 1;
  auto level = [&](const std::string& s, const char* what) {
    if (s == "0" || s == "0.0" || Lower(s) == "low") return false;
    if (s == "1" || s == "1.0" || Lower(s) == "high") return true;
    throw TraceError(fmt::format("CSV line {}: {} value '{}' is not 0 or 1", lineno, what, s));
  };
  while (std::getline(in, line)) {
    ++lineno;
    if (Trim(line).empty() || Trim(line)[0] == '#') continue;
    const auto f = split(line);
    if (f.size() < need) {
      throw TraceError(
          fmt::format("CSV line {}: {} field(s), need at least {}", lineno, f.size(), need));
    }
    double tv = 0;
    std::size_t used = 0;
    try {
      tv = std::stod(f[ct], &used);
    } catch (...) {
      used = 0;
    }
    if (used != f[ct].size() || f[ct].empty()) {
      throw TraceError(fmt::format("CSV line {}: time '{}' is not a number", lineno, f[ct]));
    }
    const Time t = static_cast<Time>(std::llround(tv * scale));
    if (!out.empty() && t < out.back().t) {
      throw TraceError(fmt::format(
          "CSV line {}: time {} is before the previous sample (non-monotonic)", lineno, f[ct]));
    }
    const TraceSample s{t, level(f[cs], "SCL"), level(f[cd], "SDA")};
    if (!out.empty() && out.back().scl == s.scl && out.back().sda == s.sda) continue;
    if (!out.empty() && out.back().t == t) {
      out.back() = s;
    } else {
      out.push_back(s);
    }
  }
  return out;
}

}  // namespace xpo::i3c
