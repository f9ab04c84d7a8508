// The cocotb environment variables this harness honors, read once at start-up:
// TESTCASE, COCOTB_TEST_FILTER, RANDOM_SEED / COCOTB_RANDOM_SEED, COCOTB_RESULTS_FILE,
// COCOTB_LOG_LEVEL, WAVES (+ XPO_WAVES_DIR), XPO_NO_FORK / XPO_TEST_WALL_TIMEOUT, and
// XPO_CHECK_SHORTCUTS (Scheduler::setCheckShortcuts(), on in the project's own ctest runs).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xpo::tb {

struct Environment {
  uint64_t seed = 0;
  bool seedFromEnv = false;
  std::string resultsFile = "results.xml";
  bool waves = false;
  std::string wavesDir = "waves_out";
  bool fork = true;
  double wallTimeoutSec = 0;  // 0 = no limit
  bool checkShortcuts = false;
  std::vector<std::string> testcases;          // TESTCASE
  std::optional<std::string> testFilterRegex;  // COCOTB_TEST_FILTER

  // Reads the process environment; throws std::invalid_argument naming a malformed variable.
  static Environment fromProcess();
};

// The environment of this process (set by the harness main before tests run).
const Environment& environment();
void setEnvironment(Environment env);

// Per-test seed from the global seed and the test's full name (stable across runs, platforms
// and test selections, so one test replays alone exactly as it ran in the full run).
uint64_t testSeed(uint64_t globalSeed, const std::string& fullName);

// Full names ("Suite.Name") selected by TESTCASE / COCOTB_TEST_FILTER among `all`. Throws
// std::invalid_argument when a TESTCASE name matches nothing or the regex is malformed.
std::vector<std::string> selectTests(const Environment& env, const std::vector<std::string>& all);

// The FST path for a test: <wavesDir>/<full name with '/' replaced by '_'>.fst
std::string wavesPath(const Environment& env, const std::string& fullName);

}  // namespace xpo::tb
