// Runs the fixture executable as cocotb users run a regression (environment variables in,
// results.xml out) and checks what it reports.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pugixml.hpp>

namespace {

namespace fs = std::filesystem;

struct ChildRun {
  int exitCode = -1;
  std::string output;
};

class HarnessRunner : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("xpo_runner_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  ChildRun run(const std::string& env, const std::string& results = "results.xml") {
    const std::string cmd = "cd '" + dir_.string() + "' && env COCOTB_RESULTS_FILE='" +
                            (dir_ / results).string() +
                            // Sanitizer builds: let the fixture's deliberate crash be a signal.
                            "' ASAN_OPTIONS=handle_segv=0 XPO_TEST_WALL_TIMEOUT=5 " + env + " '" +
                            XPO_FIXTURE_EXE + "' 2>&1";
    ChildRun r;
    FILE* p = ::popen(cmd.c_str(), "r");
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
    const int status = ::pclose(p);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  }

  // testcase "classname.name" -> "passed" | "failed: <message>" | "skipped"
  std::map<std::string, std::string> outcomes(const std::string& results = "results.xml") {
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_file((dir_ / results).c_str())) << "results.xml missing or malformed";
    std::map<std::string, std::string> out;
    for (auto tc : doc.select_nodes("/testsuites/testsuite/testcase")) {
      const pugi::xml_node n = tc.node();
      const std::string key =
          std::string(n.attribute("classname").value()) + "." + n.attribute("name").value();
      if (n.child("failure")) {
        out[key] = std::string("failed: ") + n.child("failure").attribute("message").value();
      } else if (n.child("skipped")) {
        out[key] = "skipped";
      } else {
        out[key] = "passed";
      }
    }
    return out;
  }

  fs::path dir_;
};

using ::testing::HasSubstr;

TEST_F(HarnessRunner, EveryOutcomeIsReportedAndACrashDoesNotStopTheRun) {
  const ChildRun r = run("RANDOM_SEED=5");
  EXPECT_NE(r.exitCode, 0) << r.output;
  auto o = outcomes();
  EXPECT_EQ(o.size(), 19u);
  EXPECT_EQ(o["Fixture.Passes"], "passed");
  EXPECT_THAT(o["Fixture.AssertFails"], HasSubstr("deliberately false"));
  EXPECT_THAT(r.output, ::testing::Not(HasSubstr("not reached")));
  EXPECT_EQ(o["Fixture.ExpectFailThatFails"], "passed");
  EXPECT_THAT(o["Fixture.ExpectFailThatPasses"], HasSubstr("expected to fail but passed"));
  EXPECT_EQ(o["Fixture.ExpectErrorRaised"], "passed");
  EXPECT_THAT(o["Fixture.ExpectErrorOfAnotherType"], HasSubstr("unexpected error"));
  EXPECT_THAT(o["Fixture.TimesOut"], HasSubstr("SimTimeoutError"));
  EXPECT_THAT(o["Fixture.TimesOut"], HasSubstr("RisingEdge(wrap_o)"));
  EXPECT_EQ(o["Fixture.TimeoutExpected"], "passed");
  EXPECT_THAT(o["Fixture.NoProgress"], HasSubstr("nothing left to do"));
  EXPECT_THAT(o["Fixture.NoProgress"], HasSubstr("Event('never set').wait()"));
  EXPECT_EQ(o["Fixture.Skipped"], "skipped");
  EXPECT_THAT(o["Fixture.Crashes"], HasSubstr("crashed with signal 11"));
  EXPECT_THAT(o["Fixture.Crashes"], HasSubstr("at 7 ns"));
  EXPECT_THAT(o["Fixture.CallsExit"], HasSubstr("exited with status 3"));
  EXPECT_THAT(o["Fixture.Hangs"], HasSubstr("no progress"));
  EXPECT_THAT(o["Fixture.UnjoinedTaskErrorFailsTheTest"], HasSubstr("error in a background task"));
  EXPECT_EQ(o["Fixture.BackgroundTaskCancelledAtEnd"], "passed");
  EXPECT_THAT(r.output, HasSubstr("background task unwound"));
  EXPECT_THAT(r.output, ::testing::Not(HasSubstr("background task ran to the end")));
  EXPECT_THAT(o["Fixture.WriteInReadOnlyFails"], HasSubstr("PhaseError"));
  EXPECT_EQ(o["Cycles/FixtureParam.CountsParamCycles/0"], "passed");
  EXPECT_EQ(o["Cycles/FixtureParam.CountsParamCycles/2"], "passed");
  // Each failure names its seed and a command that replays it.
  EXPECT_THAT(r.output, HasSubstr("replay with: RANDOM_SEED=5 TESTCASE=Fixture.AssertFails"));
}

TEST_F(HarnessRunner, ResultsHaveCocotbFieldsAndJunitCounts) {
  run("RANDOM_SEED=5 TESTCASE=Fixture.Passes,Fixture.AssertFails,Fixture.Skipped");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file((dir_ / "results.xml").c_str()));
  const pugi::xml_node suites = doc.child("testsuites");
  EXPECT_STREQ(suites.attribute("name").value(), "results");
  const pugi::xml_node suite = suites.child("testsuite");
  EXPECT_STREQ(suite.attribute("name").value(), "all");
  EXPECT_STREQ(suite.attribute("package").value(), "all");
  EXPECT_EQ(suite.attribute("tests").as_int(), 3);
  EXPECT_EQ(suite.attribute("failures").as_int(), 1);
  EXPECT_EQ(suite.attribute("skipped").as_int(), 1);
  EXPECT_STREQ(suite.select_node("properties/property[@name='random_seed']")
                   .node()
                   .attribute("value")
                   .value(),
               "5");
  const pugi::xml_node pass = suite.select_node("testcase[@name='Passes']").node();
  ASSERT_TRUE(pass);
  EXPECT_STREQ(pass.attribute("classname").value(), "Fixture");
  EXPECT_THAT(pass.attribute("file").value(), HasSubstr("fixture_tests.cpp"));
  EXPECT_GT(pass.attribute("lineno").as_int(), 0);
  EXPECT_GT(pass.attribute("time").as_double(), 0.0);
  EXPECT_GT(pass.attribute("sim_time_ns").as_double(), 200.0);
  EXPECT_GT(pass.attribute("ratio_time").as_double(), 0.0);
}

// The same five outcomes recorded by cocotb 1.9.2 itself (tests/harness/data/cocotb_shape_test.py
// on tb_counter) and by the harness: every element and attribute cocotb writes is written here
// with a value of the same kind; the only additions are the JUnit fields docs/harness.md lists.
TEST_F(HarnessRunner, ResultsMatchWhatCocotbWritesFieldByField) {
  run("RANDOM_SEED=5 TESTCASE=Fixture.Passes,Fixture.AssertFails,Fixture.Skipped,"
      "Fixture.ExpectFailThatFails,Fixture.TimesOut");
  pugi::xml_document ours, theirs;
  ASSERT_TRUE(ours.load_file((dir_ / "results.xml").c_str()));
  ASSERT_TRUE(theirs.load_file(XPO_COCOTB_RESULTS)) << XPO_COCOTB_RESULTS;
  const std::map<std::string, std::string> same_outcome = {
      {"passes", "Passes"},
      {"assert_fails", "AssertFails"},
      {"skipped", "Skipped"},
      {"expect_fail_that_fails", "ExpectFailThatFails"},
      {"times_out", "TimesOut"}};
  const std::set<std::string> junit_additions = {"tests", "failures",  "errors",   "skipped",
                                                 "time",  "timestamp", "hostname", "id"};
  auto attributes = [](pugi::xml_node n) {
    std::map<std::string, std::string> a;
    for (auto at : n.attributes()) a[at.name()] = at.value();
    return a;
  };
  auto children = [](pugi::xml_node n) {
    std::vector<std::string> c;
    for (auto ch : n.children()) {
      if (ch.type() == pugi::node_element) c.emplace_back(ch.name());
    }
    return c;
  };
  auto is_number = [](const std::string& v) {
    if (v == "nan") return true;
    char* end = nullptr;
    std::strtod(v.c_str(), &end);
    return !v.empty() && *end == '\0';
  };
  // Containers: cocotb's attributes with its values, plus only the JUnit additions.
  for (const char* path : {"/testsuites", "/testsuites/testsuite"}) {
    const auto mine = attributes(ours.select_node(path).node());
    for (const auto& [k, v] : attributes(theirs.select_node(path).node())) {
      EXPECT_EQ(mine.count(k) ? mine.at(k) : "<missing>", v) << path << " @" << k;
    }
    for (const auto& [k, v] : mine) {
      if (!attributes(theirs.select_node(path).node()).count(k)) {
        EXPECT_TRUE(junit_additions.count(k)) << path << " has @" << k << ", cocotb does not";
      }
    }
  }
  // cocotb puts the seed property straight under testsuite; JUnit wants it in <properties>.
  ASSERT_TRUE(theirs.select_node("/testsuites/testsuite/property[@name='random_seed']"));
  EXPECT_TRUE(ours.select_node("/testsuites/testsuite/properties/property[@name='random_seed']"));
  int compared = 0;
  for (auto x : theirs.select_nodes("/testsuites/testsuite/testcase")) {
    const pugi::xml_node t = x.node();
    const std::string name = same_outcome.at(t.attribute("name").value());
    const pugi::xml_node m =
        ours.select_node(("/testsuites/testsuite/testcase[@name='" + name + "']").c_str()).node();
    ASSERT_TRUE(m) << name << " missing from the harness results";
    const auto mine = attributes(m);
    for (const auto& [k, v] : attributes(t)) {
      ASSERT_TRUE(mine.count(k)) << name << ": no @" << k;
      if (k == "lineno") {
        EXPECT_GT(std::stoi(mine.at(k)), 0) << name;
      } else if (k == "time" || k == "sim_time_ns" || k == "ratio_time") {
        EXPECT_TRUE(is_number(v)) << "cocotb's " << k << "=" << v;
        EXPECT_TRUE(is_number(mine.at(k))) << name << ": " << k << "=" << mine.at(k);
      }
    }
    EXPECT_EQ(mine.size(), attributes(t).size()) << name << ": attributes cocotb does not write";
    EXPECT_EQ(children(m), children(t)) << name << ": child elements differ";
    if (t.child("failure")) {
      EXPECT_TRUE(m.child("failure").attribute("message")) << name;
    }
    // Same sim time as cocotb where the test fixes it: a 100 ns / 1 us timeout and a skip.
    if (name == "Skipped") {
      EXPECT_EQ(m.attribute("sim_time_ns").as_double(), 0.0);
    }
    ++compared;
  }
  EXPECT_EQ(compared, 5);
}

TEST_F(HarnessRunner, TestcaseSelectsExactNamesAndFilterTakesARegex) {
  run("TESTCASE=Passes,Fixture.ExpectFailThatFails");
  auto o = outcomes();
  EXPECT_EQ(o.size(), 2u);
  EXPECT_TRUE(o.count("Fixture.Passes"));
  EXPECT_TRUE(o.count("Fixture.ExpectFailThatFails"));
  run("COCOTB_TEST_FILTER='Expect(Fail|Error)Th?a?t?.*Fails$'", "filtered.xml");
  auto f = outcomes("filtered.xml");
  EXPECT_EQ(f.size(), 1u);
  EXPECT_TRUE(f.count("Fixture.ExpectFailThatFails"));
}

TEST_F(HarnessRunner, BadSelectionOrSeedIsAClearError) {
  ChildRun r = run("TESTCASE=NoSuchTest");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.output, HasSubstr("'NoSuchTest'"));
  r = run("COCOTB_TEST_FILTER='(unclosed'");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.output, HasSubstr("COCOTB_TEST_FILTER"));
  r = run("RANDOM_SEED=abc");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.output, HasSubstr("RANDOM_SEED='abc'"));
  r = run("COCOTB_LOG_LEVEL=LOUD TESTCASE=Passes");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.output, HasSubstr("LOUD"));
}

std::string firstRandom(const std::string& output) {
  std::smatch m;
  static const std::regex re("first random value (\\d+)");
  return std::regex_search(output, m, re) ? m[1].str() : std::string("none");
}

// FST carries the date it was written; compare what fst2vcd decodes, without the $date block.
std::string waveContent(const fs::path& fst) {
  const std::string cmd = "fst2vcd -f '" + fst.string() + "' 2>/dev/null";
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return std::regex_replace(out, std::regex("\\$date[\\s\\S]*?\\$end"), "");
}

TEST_F(HarnessRunner, SameSeedGivesIdenticalWavesAndResults) {
  const ChildRun a =
      run("RANDOM_SEED=77 WAVES=1 XPO_WAVES_DIR=wa TESTCASE=Fixture.Passes", "a.xml");
  const ChildRun b =
      run("RANDOM_SEED=77 WAVES=1 XPO_WAVES_DIR=wb TESTCASE=Fixture.Passes", "b.xml");
  const ChildRun c =
      run("RANDOM_SEED=78 WAVES=1 XPO_WAVES_DIR=wc TESTCASE=Fixture.Passes", "c.xml");
  // The test alone replays exactly as it ran inside the whole run.
  const ChildRun all =
      run("RANDOM_SEED=77 COCOTB_TEST_FILTER='Fixture.Passes|Fixture.Skipped'", "all.xml");
  ASSERT_EQ(a.exitCode, 0) << a.output;
  EXPECT_NE(firstRandom(a.output), "none");
  EXPECT_EQ(firstRandom(a.output), firstRandom(b.output));
  EXPECT_EQ(firstRandom(a.output), firstRandom(all.output));
  EXPECT_NE(firstRandom(a.output), firstRandom(c.output));
  const std::string wa = waveContent(dir_ / "wa" / "Fixture.Passes.fst");
  const std::string wb = waveContent(dir_ / "wb" / "Fixture.Passes.fst");
  const std::string wc = waveContent(dir_ / "wc" / "Fixture.Passes.fst");
  ASSERT_GT(wa.size(), 200u) << "no waves written";
  EXPECT_THAT(wa, HasSubstr("count_o"));
  EXPECT_EQ(wa, wb);
  EXPECT_NE(wa, wc);
  EXPECT_EQ(outcomes("a.xml"), outcomes("b.xml"));
}

TEST_F(HarnessRunner, InProcessModeGivesTheSameOutcomes) {
  run("XPO_NO_FORK=1 RANDOM_SEED=5 COCOTB_TEST_FILTER='Passes|AssertFails|Expect|TimesOut'");
  auto o = outcomes();
  EXPECT_EQ(o.size(), 8u);  // "Expect" also matches TimeoutExpected
  EXPECT_EQ(o["Fixture.Passes"], "passed");
  EXPECT_THAT(o["Fixture.AssertFails"], HasSubstr("deliberately false"));
  EXPECT_EQ(o["Fixture.ExpectFailThatFails"], "passed");
  EXPECT_THAT(o["Fixture.ExpectFailThatPasses"], HasSubstr("expected to fail"));
  EXPECT_THAT(o["Fixture.TimesOut"], HasSubstr("SimTimeoutError"));
}

}  // namespace
