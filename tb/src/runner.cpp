// Runs one test body: in a forked child by default, so a crash, a $fatal or a hang is recorded
// against this test and the rest still run.
#include <cxxabi.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "xpo/tb/env.h"
#include "xpo/tb/errors.h"
#include "xpo/tb/log.h"
#include "xpo/tb/test.h"
#include "xpo/tb/test_run.h"

// gcov's flush hook, present only in coverage builds: a forked test child ends with _exit() and
// must write its coverage counters first.
extern "C" void __gcov_dump(void)  // NOLINT(bugprone-reserved-identifier)
    __attribute__((weak));

namespace xpo::tb {

namespace {
thread_local const TestRunInfo* gRun = nullptr;
double gLastSimTimeNs = 0;
const Logger kRegressionLog("xpo.regression");

struct Failure {
  std::string file;
  int line = 0;
  std::string message;
};

struct Report {
  std::vector<Failure> failures;
  std::vector<std::string> notes;  // logged, not failures (e.g. "failed as expected")
  double simTimeNs = 0;
  bool complete = false;
};

std::string demangle(const char* name) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> out(abi::__cxa_demangle(name, nullptr, nullptr, &status),
                                             std::free);
  return status == 0 && out ? std::string(out.get()) : std::string(name);
}

bool isTestFailure(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const TestFailure&) {
    return true;
  } catch (...) {
    return false;
  }
}

// Runs the body and decides pass/fail from the captured assertion failures, the error it raised
// and the test's options (expect_fail, expect_error), as cocotb's regression manager does.
Report execute(const TestOptions& options, const detail::RunFn& run, const TestRunInfo& info) {
  Report report;
  ::testing::TestPartResultArray captured;
  Scheduler::Result result;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &captured);
    setCurrentRun(&info);
    try {
      result = run(info, options);
    } catch (...) {
      result.error = std::current_exception();
    }
    setCurrentRun(nullptr);
  }
  report.simTimeNs = result.endTimeNs;
  std::vector<Failure> assertions;
  for (int i = 0; i < captured.size(); ++i) {
    const ::testing::TestPartResult& r = captured.GetTestPartResult(i);
    if (r.failed()) {
      assertions.push_back({r.file_name() ? r.file_name() : "", r.line_number(), r.message()});
    }
  }
  const bool assertionFailed = !assertions.empty();
  const std::exception_ptr error =
      (result.error && !isTestFailure(result.error)) ? result.error : nullptr;
  const std::string errorText = error ? describeException(error) : std::string();

  if (options.expect_error) {
    if (error && options.expect_error.matches(error) && !assertionFailed) {
      report.notes.push_back(fmt::format("raised the expected error: {}", errorText));
    } else if (error) {
      report.failures.push_back({"", 0, fmt::format("raised an unexpected error: {}", errorText)});
    } else if (assertionFailed) {
      report.failures = assertions;
    } else {
      report.failures.push_back({"", 0, "test was expected to raise an error but did not"});
    }
  } else if (options.expect_fail) {
    if (error) {
      report.failures.push_back({"", 0,
                                 fmt::format("expect_fail test raised an error (errors "
                                             "do not count as the expected failure): {}",
                                             errorText)});
    } else if (assertionFailed) {
      report.notes.push_back(fmt::format("failed as expected: {}", assertions.front().message));
    } else {
      report.failures.push_back({"", 0, "test was expected to fail but passed"});
    }
  } else {
    report.failures = assertions;
    if (error) report.failures.push_back({"", 0, errorText});
  }
  report.complete = true;
  return report;
}

// ---- the child-to-parent record: one field per line, tabs and newlines escaped.

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out;
}

std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      ++i;
      out += s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i];
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string serialize(const Report& r) {
  std::string out = fmt::format("T\t{}\n", r.simTimeNs);
  for (const Failure& f : r.failures) {
    out += fmt::format("F\t{}\t{}\t{}\n", escape(f.file), f.line, escape(f.message));
  }
  for (const std::string& n : r.notes) out += fmt::format("N\t{}\n", escape(n));
  out += "END\n";
  return out;
}

Report deserialize(const std::string& text) {
  Report r;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) break;
    const std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
      const std::size_t tab = line.find('\t', start);
      fields.push_back(
          line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (fields[0] == "T" && fields.size() == 2) {
      r.simTimeNs = std::strtod(fields[1].c_str(), nullptr);
    } else if (fields[0] == "F" && fields.size() == 4) {
      r.failures.push_back(
          {unescape(fields[1]), std::atoi(fields[2].c_str()), unescape(fields[3])});
    } else if (fields[0] == "N" && fields.size() == 2) {
      r.notes.push_back(unescape(fields[1]));
    } else if (fields[0] == "END") {
      r.complete = true;
    }
  }
  return r;
}

void writeAll(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    done += static_cast<std::size_t>(n);
  }
}

Report runForked(const TestOptions& options, const detail::RunFn& run, const TestRunInfo& info,
                 double wallTimeoutSec) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe() failed for the test child");
  auto* shared = static_cast<ProgressMirror*>(::mmap(
      nullptr, sizeof(ProgressMirror), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  if (shared == MAP_FAILED) throw std::runtime_error("mmap() failed for the test child");
  shared->steps = 0;
  shared->precisionExp = -12;
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork() failed for the test child");
  if (pid == 0) {
    ::close(fds[0]);
    Scheduler::setProgressMirror(shared);
    Report r = execute(options, run, info);
    std::fflush(stdout);
    std::fflush(stderr);
    writeAll(fds[1], serialize(r));
    ::close(fds[1]);
    if (__gcov_dump) __gcov_dump();
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string text;
  char buf[4096];
  bool killed = false;
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    int waitMs = -1;
    if (wallTimeoutSec > 0) {
      const double left =
          wallTimeoutSec -
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (left <= 0) {
        ::kill(pid, SIGKILL);
        killed = true;
        break;
      }
      waitMs = static_cast<int>(left * 1000) + 1;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, waitMs);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) continue;
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  Report r = deserialize(text);
  const double lastNs = fromSteps(shared->steps, TimeUnit::kNs, shared->precisionExp);
  ::munmap(shared, sizeof(ProgressMirror));
  if (r.complete && WIFEXITED(status) && WEXITSTATUS(status) == 0) return r;
  Report crash;
  crash.simTimeNs = lastNs;
  if (killed) {
    crash.failures.push_back({"", 0,
                              fmt::format("no progress: test killed after {} s of wall time "
                                          "(XPO_TEST_WALL_TIMEOUT) at {} ns",
                                          wallTimeoutSec, lastNs)});
  } else if (WIFSIGNALED(status)) {
    crash.failures.push_back(
        {"", 0,
         fmt::format("test process crashed with signal {} ({}) at {} ns", WTERMSIG(status),
                     ::strsignal(WTERMSIG(status)), lastNs)});
  } else {
    crash.failures.push_back(
        {"", 0,
         fmt::format("test process exited with status {} before reporting, at {} ns "
                     "(exit() called from the test or the model?)",
                     WIFEXITED(status) ? WEXITSTATUS(status) : -1, lastNs)});
  }
  return crash;
}
}  // namespace

std::string describeException(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return fmt::format("{}: {}", demangle(typeid(ex).name()), ex.what());
  } catch (...) {
    const std::type_info* t = abi::__cxa_current_exception_type();
    return fmt::format("exception of type {}", t ? demangle(t->name()) : std::string("?"));
  }
}

const TestRunInfo& currentRun() {
  if (!gRun) throw std::logic_error("no test is running on this thread");
  return *gRun;
}
void setCurrentRun(const TestRunInfo* info) { gRun = info; }

double lastSimTimeNs() { return gLastSimTimeNs; }
void setLastSimTimeNs(double ns) { gLastSimTimeNs = ns; }

namespace detail {

uint64_t timeoutSteps(const Scheduler& s, const TestOptions& o, std::string& text) {
  if (o.timeout_time == 0) return 0;
  text = fmt::format("{} {}", o.timeout_time, unitName(o.timeout_unit));
  try {
    return s.toSteps(o.timeout_time, o.timeout_unit);
  } catch (const TimeConversionError& e) {
    throw std::invalid_argument(fmt::format("timeout_time: {}", e.what()));
  }
}

void runIsolated(const TestOptions& options, const RunFn& run) {
  const ::testing::TestInfo* ti = ::testing::UnitTest::GetInstance()->current_test_info();
  const Environment& env = environment();
  TestRunInfo info;
  info.fullName = fmt::format("{}.{}", ti->test_suite_name(), ti->name());
  info.seed = testSeed(env.seed, info.fullName);
  if (env.waves) info.wavesFile = wavesPath(env, info.fullName);
  kRegressionLog.info("running {} (test seed {}, from RANDOM_SEED={})", info.fullName, info.seed,
                      env.seed);

  Report report =
      env.fork ? runForked(options, run, info, env.wallTimeoutSec) : execute(options, run, info);
  setLastSimTimeNs(report.simTimeNs);
  for (const std::string& note : report.notes) kRegressionLog.info("{}: {}", info.fullName, note);
  for (const Failure& f : report.failures) {
    if (f.file.empty()) {
      ADD_FAILURE() << f.message;
    } else {
      ADD_FAILURE_AT(f.file.c_str(), f.line) << f.message;
    }
  }
  if (!report.failures.empty()) {
    // The test's own seed is derived from RANDOM_SEED and its name, so RANDOM_SEED replays it.
    kRegressionLog.error(
        "{} failed (test seed {}, from RANDOM_SEED={}); replay with: RANDOM_SEED={} TESTCASE={} {}",
        info.fullName, info.seed, env.seed, env.seed, info.fullName,
        ::testing::internal::GetArgvs().empty() ? std::string("<test executable>")
                                                : ::testing::internal::GetArgvs().front());
  }
}

}  // namespace detail
}  // namespace xpo::tb
