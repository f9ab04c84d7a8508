#include "xpo/tb/env.h"

#include <chrono>
#include <cstdlib>
#include <regex>
#include <stdexcept>

#include <fmt/format.h>

#include "xpo/tb/log.h"

namespace xpo::tb {

namespace {
Environment gEnv;

const char* get(const char* name) {
  const char* v = std::getenv(name);
  return (v && *v) ? v : nullptr;
}

uint64_t parseUnsigned(const char* name, const char* text) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(text, &end, 0);
  if (errno != 0 || end == text || *end != '\0' || text[0] == '-') {
    throw std::invalid_argument(fmt::format("{}='{}' is not a non-negative integer", name, text));
  }
  return v;
}

bool parseFlag(const char* name, const char* text) {
  const std::string v = text;
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  throw std::invalid_argument(fmt::format("{}='{}' is not a boolean (use 1 or 0)", name, text));
}

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}
}  // namespace

Environment Environment::fromProcess() {
  Environment env;
  if (const char* s = get("RANDOM_SEED")) {
    env.seed = parseUnsigned("RANDOM_SEED", s);
    env.seedFromEnv = true;
  } else if (const char* s2 = get("COCOTB_RANDOM_SEED")) {
    env.seed = parseUnsigned("COCOTB_RANDOM_SEED", s2);
    env.seedFromEnv = true;
  } else {
    // cocotb seeds from the wall clock when no seed is given; so do we, and print it.
    env.seed = static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count()) %
               4294967296ull;
  }
  if (const char* s = get("COCOTB_RESULTS_FILE")) env.resultsFile = s;
  if (const char* s = get("WAVES")) env.waves = parseFlag("WAVES", s);
  if (const char* s = get("XPO_WAVES_DIR")) env.wavesDir = s;
  if (const char* s = get("XPO_NO_FORK")) env.fork = !parseFlag("XPO_NO_FORK", s);
  if (const char* s = get("XPO_CHECK_SHORTCUTS")) {
    env.checkShortcuts = parseFlag("XPO_CHECK_SHORTCUTS", s);
  }
  if (const char* s = get("XPO_TEST_WALL_TIMEOUT")) {
    env.wallTimeoutSec = static_cast<double>(parseUnsigned("XPO_TEST_WALL_TIMEOUT", s));
  }
  if (const char* s = get("COCOTB_LOG_LEVEL")) setLogLevel(parseLogLevel(s));
  if (const char* s = get("TESTCASE")) {
    std::string all = s;
    std::size_t pos = 0;
    while (pos <= all.size()) {
      const std::size_t comma = all.find(',', pos);
      std::string name =
          all.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      while (!name.empty() && name.front() == ' ') name.erase(name.begin());
      while (!name.empty() && name.back() == ' ') name.pop_back();
      if (!name.empty()) env.testcases.push_back(name);
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
  }
  if (const char* s = get("COCOTB_TEST_FILTER")) env.testFilterRegex = s;
  return env;
}

const Environment& environment() { return gEnv; }
void setEnvironment(Environment env) { gEnv = std::move(env); }

uint64_t testSeed(uint64_t globalSeed, const std::string& fullName) {
  // FNV-1a of the name, mixed with the global seed.
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : fullName) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return splitmix64(globalSeed ^ splitmix64(h)) % 4294967296ull;
}

std::vector<std::string> selectTests(const Environment& env, const std::vector<std::string>& all) {
  std::vector<std::string> chosen;
  if (!env.testcases.empty()) {
    for (const std::string& want : env.testcases) {
      bool found = false;
      for (const std::string& name : all) {
        // Exact full name, or exact test name after the suite ("Suite.Name" or "Name").
        const std::size_t dot = name.find('.');
        const std::string shortName = dot == std::string::npos ? name : name.substr(dot + 1);
        if (name == want || shortName == want) {
          chosen.push_back(name);
          found = true;
        }
      }
      if (!found) {
        throw std::invalid_argument(
            fmt::format("TESTCASE names '{}', which is not a test in this executable", want));
      }
    }
  } else {
    chosen = all;
  }
  if (env.testFilterRegex) {
    std::regex re;
    try {
      re = std::regex(*env.testFilterRegex);
    } catch (const std::regex_error& e) {
      throw std::invalid_argument(
          fmt::format("COCOTB_TEST_FILTER='{}' is not a valid regular "
                      "expression: {}",
                      *env.testFilterRegex, e.what()));
    }
    std::vector<std::string> filtered;
    for (const std::string& name : chosen) {
      if (std::regex_search(name, re)) filtered.push_back(name);
    }
    chosen.swap(filtered);
  }
  return chosen;
}

std::string wavesPath(const Environment& env, const std::string& fullName) {
  std::string file = fullName;
  for (char& c : file) {
    if (c == '/') c = '_';
  }
  return fmt::format("{}/{}.fst", env.wavesDir, file);
}

}  // namespace xpo::tb
