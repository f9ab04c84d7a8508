// results.xml in cocotb 1.9's shape, plus what the JUnit schema requires (see docs/harness.md):
//   <testsuites name="results" tests failures errors skipped time>
//     <testsuite name="all" package="all" tests failures errors skipped time timestamp hostname id>
//       <properties><property name="random_seed" value="N"/></properties>
//       <testcase name classname file lineno time sim_time_ns ratio_time>
//         <failure message="..."/> | <skipped/>
// The file is rewritten after every test and, with the running test provisionally recorded as
// failed, when each test starts; so it is complete whatever happens to the process.
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace xpo::tb {

struct TestCaseRecord {
  std::string name;
  std::string classname;
  std::string file;
  int lineno = 0;
  double wallSeconds = 0;
  double simTimeNs = 0;
  bool failed = false;
  bool skipped = false;
  std::string failureMessage;
};

// Writes records to path atomically (temp file + rename). Throws std::runtime_error on I/O errors.
void writeResultsXml(const std::string& path, uint64_t seed,
                     const std::vector<TestCaseRecord>& records);

// GoogleTest listener keeping results.xml current.
class ResultsListener : public ::testing::EmptyTestEventListener {
 public:
  ResultsListener(std::string path, uint64_t seed) : path_(std::move(path)), seed_(seed) {}
  void OnTestStart(const ::testing::TestInfo& info) override;
  void OnTestEnd(const ::testing::TestInfo& info) override;
  void OnTestProgramEnd(const ::testing::UnitTest&) override { flush(); }

 private:
  void flush();
  std::string path_;
  uint64_t seed_;
  std::vector<TestCaseRecord> records_;
  double startWall_ = 0;
};

}  // namespace xpo::tb
