// What a test body and its DUT need to know about the test being run.
#pragma once

#include <cstdint>
#include <string>

namespace xpo::tb {

struct TestRunInfo {
  std::string fullName;   // "Suite.Name" (parametrized: "Inst/Suite.Name/N")
  uint64_t seed = 0;      // this test's seed, derived from the global seed and fullName
  std::string wavesFile;  // empty unless WAVES=1
};

// The test running on this thread; throws std::logic_error outside a test.
const TestRunInfo& currentRun();
void setCurrentRun(const TestRunInfo* info);

}  // namespace xpo::tb
