#include "xpo/tb/results.h"

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "xpo/tb/test.h"

namespace xpo::tb {

namespace {
double wallNow() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
std::string isoTimestamp() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}
std::string num(double v) { return fmt::format("{:.6g}", v); }
}  // namespace

void writeResultsXml(const std::string& path, uint64_t seed,
                     const std::vector<TestCaseRecord>& records) {
  pugi::xml_document doc;
  int failures = 0;
  int skipped = 0;
  double total = 0;
  for (const TestCaseRecord& r : records) {
    failures += r.failed ? 1 : 0;
    skipped += r.skipped ? 1 : 0;
    total += r.wallSeconds;
  }
  const std::string tests = std::to_string(records.size());
  pugi::xml_node suites = doc.append_child("testsuites");
  suites.append_attribute("name") = "results";
  suites.append_attribute("tests") = tests.c_str();
  suites.append_attribute("failures") = failures;
  suites.append_attribute("errors") = 0;
  suites.append_attribute("skipped") = skipped;
  suites.append_attribute("time") = num(total).c_str();
  pugi::xml_node suite = suites.append_child("testsuite");
  suite.append_attribute("name") = "all";
  suite.append_attribute("package") = "all";
  suite.append_attribute("tests") = tests.c_str();
  suite.append_attribute("failures") = failures;
  suite.append_attribute("errors") = 0;
  suite.append_attribute("skipped") = skipped;
  suite.append_attribute("time") = num(total).c_str();
  suite.append_attribute("timestamp") = isoTimestamp().c_str();
  char host[256] = "localhost";
  ::gethostname(host, sizeof host - 1);
  suite.append_attribute("hostname") = host;
  suite.append_attribute("id") = 0;
  pugi::xml_node prop = suite.append_child("properties").append_child("property");
  prop.append_attribute("name") = "random_seed";
  prop.append_attribute("value") = std::to_string(seed).c_str();
  for (const TestCaseRecord& r : records) {
    pugi::xml_node tc = suite.append_child("testcase");
    tc.append_attribute("name") = r.name.c_str();
    tc.append_attribute("classname") = r.classname.c_str();
    tc.append_attribute("file") = r.file.c_str();
    tc.append_attribute("lineno") = r.lineno;
    tc.append_attribute("time") = num(r.wallSeconds).c_str();
    tc.append_attribute("sim_time_ns") = num(r.simTimeNs).c_str();
    const double ratio = r.wallSeconds > 0 ? r.simTimeNs / r.wallSeconds : 0.0;
    tc.append_attribute("ratio_time") = num(ratio).c_str();
    if (r.failed) {
      tc.append_child("failure").append_attribute("message") = r.failureMessage.c_str();
    } else if (r.skipped) {
      tc.append_child("skipped");
    }
  }
  const std::filesystem::path target(path);
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path());
  const std::string tmp = fmt::format("{}.tmp{}", path, ::getpid());
  if (!doc.save_file(tmp.c_str(), "  ")) {
    throw std::runtime_error(fmt::format("cannot write results file '{}'", tmp));
  }
  std::filesystem::rename(tmp, target);
}

void ResultsListener::OnTestStart(const ::testing::TestInfo& info) {
  startWall_ = wallNow();
  setLastSimTimeNs(0);
  TestCaseRecord r;
  r.name = info.name();
  r.classname = info.test_suite_name();
  r.file = info.file() ? info.file() : "";
  r.lineno = info.line();
  r.failed = true;
  r.failureMessage = "test did not complete: the test process ended while it ran";
  records_.push_back(r);
  flush();
}

void ResultsListener::OnTestEnd(const ::testing::TestInfo& info) {
  TestCaseRecord& r = records_.back();
  r.wallSeconds = wallNow() - startWall_;
  r.simTimeNs = lastSimTimeNs();
  const ::testing::TestResult& result = *info.result();
  r.skipped = result.Skipped();
  r.failed = result.Failed();
  r.failureMessage.clear();
  if (r.failed) {
    for (int i = 0; i < result.total_part_count(); ++i) {
      const ::testing::TestPartResult& part = result.GetTestPartResult(i);
      if (!part.failed()) continue;
      if (!r.failureMessage.empty()) r.failureMessage += "\n";
      r.failureMessage += part.message();
    }
  }
  flush();
}

void ResultsListener::flush() { writeResultsXml(path_, seed_, records_); }

}  // namespace xpo::tb
