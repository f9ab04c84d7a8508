// main() of every harness test executable: GoogleTest plus cocotb's environment variables.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "xpo/tb/env.h"
#include "xpo/tb/log.h"
#include "xpo/tb/results.h"

namespace {

// GoogleTest filter syntax: ':'-separated globs, optional '-' then negative globs.
bool globMatch(const char* p, const char* s) {
  if (*p == '\0') return *s == '\0';
  if (*p == '*') return globMatch(p + 1, s) || (*s != '\0' && globMatch(p, s + 1));
  if (*s == '\0') return false;
  return (*p == '?' || *p == *s) && globMatch(p + 1, s + 1);
}
bool anyGlob(const std::string& globs, const std::string& name) {
  std::size_t pos = 0;
  while (pos <= globs.size()) {
    const std::size_t colon = globs.find(':', pos);
    const std::string g =
        globs.substr(pos, colon == std::string::npos ? std::string::npos : colon - pos);
    if (!g.empty() && globMatch(g.c_str(), name.c_str())) return true;
    if (colon == std::string::npos) break;
    pos = colon + 1;
  }
  return false;
}
bool passesGtestFilter(const std::string& filter, const std::string& name) {
  const std::size_t dash = filter.find('-');
  const std::string positive = dash == std::string::npos ? filter : filter.substr(0, dash);
  const std::string negative = dash == std::string::npos ? "" : filter.substr(dash + 1);
  return (positive.empty() || anyGlob(positive, name)) && !anyGlob(negative, name);
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (GTEST_FLAG_GET(list_tests)) return RUN_ALL_TESTS();

  xpo::tb::Environment env;
  try {
    env = xpo::tb::Environment::fromProcess();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }

  if (!env.testcases.empty() || env.testFilterRegex) {
    const std::string current = GTEST_FLAG_GET(filter);
    std::vector<std::string> all;
    ::testing::UnitTest& ut = *::testing::UnitTest::GetInstance();
    for (int i = 0; i < ut.total_test_suite_count(); ++i) {
      const ::testing::TestSuite& suite = *ut.GetTestSuite(i);
      for (int j = 0; j < suite.total_test_count(); ++j) {
        const std::string name = fmt::format("{}.{}", suite.name(), suite.GetTestInfo(j)->name());
        if (passesGtestFilter(current, name)) all.push_back(name);
      }
    }
    std::vector<std::string> chosen;
    try {
      chosen = xpo::tb::selectTests(env, all);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error: %s\n", e.what());
      return 2;
    }
    if (chosen.empty()) {
      std::fprintf(stderr, "error: COCOTB_TEST_FILTER='%s' selects no test\n",
                   env.testFilterRegex ? env.testFilterRegex->c_str() : "");
      return 2;
    }
    std::string filter;
    for (const std::string& n : chosen) filter += (filter.empty() ? "" : ":") + n;
    GTEST_FLAG_SET(filter, filter);
  }

  xpo::tb::setEnvironment(env);
  xpo::tb::Logger("xpo.regression")
      .info("Seeding C++ random with seed {}{}", env.seed,
            env.seedFromEnv ? "" : " (set RANDOM_SEED to replay)");
  ::testing::UnitTest::GetInstance()->listeners().Append(
      new xpo::tb::ResultsListener(env.resultsFile, env.seed));
  return RUN_ALL_TESTS();
}
