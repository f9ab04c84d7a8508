// Assertions for coroutines. GoogleTest's ASSERT_* end with `return`, which a coroutine cannot
// use. CO_ASSERT_* report a fatal failure exactly as ASSERT_* do (same messages, `<<` extra
// context allowed) and then throw TestFailure to unwind the coroutine. EXPECT_* work unchanged.
#pragma once

#include <gtest/gtest.h>

#include "xpo/tb/errors.h"

namespace xpo::tb::detail {
struct FailThrower {
  [[noreturn]] void fire() { throw ::xpo::tb::TestFailure(); }
};
}  // namespace xpo::tb::detail

// The loop body reports the failure (with anything streamed into it); the increment throws.
#define XPO_CO_FATAL_FAILURE_(message)                          \
  for (::xpo::tb::detail::FailThrower xpo_ft_;; xpo_ft_.fire()) \
  GTEST_MESSAGE_(message, ::testing::TestPartResult::kFatalFailure)

#define CO_ASSERT_TRUE(condition) \
  GTEST_TEST_BOOLEAN_(condition, #condition, false, true, XPO_CO_FATAL_FAILURE_)
#define CO_ASSERT_FALSE(condition) \
  GTEST_TEST_BOOLEAN_(!(condition), #condition, true, false, XPO_CO_FATAL_FAILURE_)
#define CO_ASSERT_EQ(a, b) \
  GTEST_PRED_FORMAT2_(::testing::internal::EqHelper::Compare, a, b, XPO_CO_FATAL_FAILURE_)
#define CO_ASSERT_NE(a, b) \
  GTEST_PRED_FORMAT2_(::testing::internal::CmpHelperNE, a, b, XPO_CO_FATAL_FAILURE_)
#define CO_ASSERT_LT(a, b) \
  GTEST_PRED_FORMAT2_(::testing::internal::CmpHelperLT, a, b, XPO_CO_FATAL_FAILURE_)
#define CO_ASSERT_LE(a, b) \
  GTEST_PRED_FORMAT2_(::testing::internal::CmpHelperLE, a, b, XPO_CO_FATAL_FAILURE_)
#define CO_ASSERT_GT(a, b) \
  GTEST_PRED_FORMAT2_(::testing::internal::CmpHelperGT, a, b, XPO_CO_FATAL_FAILURE_)
#define CO_ASSERT_GE(a, b) \
  GTEST_PRED_FORMAT2_(::testing::internal::CmpHelperGE, a, b, XPO_CO_FATAL_FAILURE_)
#define CO_ASSERT_NEAR(a, b, abs_error)                                           \
  GTEST_PRED_FORMAT3_(::testing::internal::DoubleNearPredFormat, a, b, abs_error, \
                      XPO_CO_FATAL_FAILURE_)
// Reports a fatal failure and unwinds: CO_FAIL() << "why";
#define CO_FAIL() XPO_CO_FATAL_FAILURE_("Failed")
