// Test registration with cocotb's options. XPO_TEST makes one GoogleTest test whose body is a
// coroutine taking the DUT:
//
//   XPO_TEST(Counter, CountsWhenEnabled, CounterDut, .timeout_time = 10, .timeout_unit = kUs) {
//     xpo::tb::Clock(dut.clk_i, 10, xpo::tb::TimeUnit::kNs).start();
//     co_await xpo::tb::ClockCycles(dut.clk_i, 5);
//     CO_ASSERT_EQ(dut.count_o.read(), 5u);
//   }
//
// Options (cocotb.test): timeout_time/timeout_unit bound sim time (SimTimeoutError);
// expect_fail passes on an assertion failure and fails on a pass; expect_error =
// ExpectError<E...> passes when the test raises one of E; skip records it as skipped.
// Parametrized tests (TestFactory / cocotb.parametrize): declare the suite with
// XPO_PARAM_SUITE(Suite, ParamType), write XPO_TEST_P(Suite, Name, Dut) { ... param ... } and
// instantiate with GoogleTest's INSTANTIATE_TEST_SUITE_P.
#pragma once

#include <exception>
#include <functional>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "xpo/tb/env.h"
#include "xpo/tb/scheduler.h"
#include "xpo/tb/sim_time.h"
#include "xpo/tb/task.h"
#include "xpo/tb/test_run.h"

namespace xpo::tb {

struct ErrorMatcher {
  bool (*matches)(const std::exception_ptr&) = nullptr;
  explicit operator bool() const { return matches != nullptr; }
};

namespace detail {
template <typename E, typename... Rest>
bool matchAny(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const E&) {
    return true;
  } catch (...) {
  }
  if constexpr (sizeof...(Rest) > 0) {
    return matchAny<Rest...>(e);
  } else {
    return false;
  }
}
inline bool matchAnything(const std::exception_ptr& e) { return e != nullptr; }
}  // namespace detail

// expect_error=(E1, E2): the test passes when it raises one of these.
template <typename... E>
inline constexpr ErrorMatcher ExpectError{&detail::matchAny<E...>};
// expect_error=True: any error passes.
inline constexpr ErrorMatcher ExpectAnyError{&detail::matchAnything};

struct TestOptions {
  double timeout_time = 0;  // 0 = no timeout
  TimeUnit timeout_unit = TimeUnit::kStep;
  bool expect_fail = false;
  ErrorMatcher expect_error{};
  bool skip = false;
};

namespace detail {
// Runs one test body in isolation (a forked child unless XPO_NO_FORK=1), classifies the
// outcome by the options and reports it to GoogleTest in this process.
using RunFn = std::function<Scheduler::Result(const TestRunInfo&, const TestOptions&)>;
void runIsolated(const TestOptions& options, const RunFn& run);
// Converts the options' timeout into steps of the bound model; throws on a bad value.
uint64_t timeoutSteps(const Scheduler& s, const TestOptions& o, std::string& text);
}  // namespace detail

namespace detail {
// A fresh scheduler and DUT, and body(dut) run to its end under the options' timeout.
template <typename DutT, typename Body>
Scheduler::Result runBody(const TestRunInfo& info, const TestOptions& options, Body&& body) {
  Scheduler sched;
  sched.setCheckShortcuts(environment().checkShortcuts);
  DutT dut;
  std::string timeoutText;
  const uint64_t timeout = timeoutSteps(sched, options, timeoutText);
  Task<> test = body(dut);
  return sched.run(*test.base(), info.fullName, timeout, timeoutText);
}
}  // namespace detail

template <typename DutT, typename Body>
void runTest(const TestOptions& options, Body&& body) {
  if (options.skip) GTEST_SKIP() << "skip=True";
  detail::runIsolated(options, [&](const TestRunInfo& info, const TestOptions& o) {
    return detail::runBody<DutT>(info, o, body);
  });
}

// The same run in this process and thread, with no fork and no verdict: for benchmarks and for
// tests that compare two runs. The result carries the body's error, if any.
template <typename DutT, typename Body>
Scheduler::Result runInProcess(const TestRunInfo& info, const TestOptions& options, Body&& body) {
  setCurrentRun(&info);
  struct ClearRun {
    ~ClearRun() { setCurrentRun(nullptr); }
  } clear;
  return detail::runBody<DutT>(info, options, body);
}

// "Type: what()" of an error a run ended with, for reports.
std::string describeException(const std::exception_ptr& e);

// Sim time (ns) of the last test run in this process, for results.xml.
double lastSimTimeNs();
void setLastSimTimeNs(double ns);

}  // namespace xpo::tb

#define XPO_TEST(Suite, Name, DutType, ...)                                           \
  static ::xpo::tb::Task<> Suite##_##Name##_Body(DutType& dut);                       \
  TEST(Suite, Name) {                                                                 \
    ::xpo::tb::runTest<DutType>(::xpo::tb::TestOptions{__VA_ARGS__},                  \
                                [](DutType& d) { return Suite##_##Name##_Body(d); }); \
  }                                                                                   \
  static ::xpo::tb::Task<> Suite##_##Name##_Body([[maybe_unused]] DutType& dut)

#define XPO_PARAM_SUITE(Suite, ParamType) \
  class Suite : public ::testing::TestWithParam<ParamType> {}

#define XPO_TEST_P(Suite, Name, DutType, ...)                                                  \
  static ::xpo::tb::Task<> Suite##_##Name##_Body(DutType& dut, const Suite::ParamType& param); \
  TEST_P(Suite, Name) {                                                                        \
    const Suite::ParamType& p = GetParam();                                                    \
    ::xpo::tb::runTest<DutType>(::xpo::tb::TestOptions{__VA_ARGS__},                           \
                                [&p](DutType& d) { return Suite##_##Name##_Body(d, p); });     \
  }                                                                                            \
  static ::xpo::tb::Task<> Suite##_##Name##_Body([[maybe_unused]] DutType& dut,                \
                                                 [[maybe_unused]] const Suite::ParamType& param)
