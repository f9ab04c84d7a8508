// Exceptions the harness raises into tests, named after their cocotb counterparts.
#pragma once

#include <stdexcept>
#include <string>

namespace xpo::tb {

// A test or task exceeded its sim-time budget (cocotb.result.SimTimeoutError).
class SimTimeoutError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown into a task at its await point when it is cancelled; awaiting a cancelled task raises it.
class CancelledError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A scheduling rule was broken: a write or ReadWrite/ReadOnly await during the ReadOnly phase.
class PhaseError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// The simulation ran out of things to do (no timed callbacks, no model events) while the test
// still waited, or a time step did not settle.
class NoProgressError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A task's result was asked for before it finished (asyncio.InvalidStateError).
class InvalidStateError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Thrown by the CO_ASSERT_* macros after GoogleTest recorded the failure, to unwind the coroutine.
class TestFailure : public std::exception {
 public:
  const char* what() const noexcept override { return "assertion failed"; }
};

}  // namespace xpo::tb
