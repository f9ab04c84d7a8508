// Dut<Model>: a fresh VerilatedContext and model for one test, bound to that test's scheduler.
// Derive from it and declare handles on the ports:
//
//   struct CounterDut : xpo::tb::Dut<Vtb_counter> {
//     XPO_IN(clk_i, 1);
//     XPO_OUT(count_o, 32);
//   };
//
// Each test gets its own context (never Verilator's default one): Verilator 5.006 crashes when a
// default context is reused with tracing, and state must not leak between tests.
#pragma once

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "verilated.h"
#include "verilated_fst_c.h"
#include "xpo/tb/log.h"
#include "xpo/tb/model_triggers.h"
#include "xpo/tb/scheduler.h"
#include "xpo/tb/signal.h"
#include "xpo/tb/test_run.h"

namespace xpo::tb {

template <typename Model>
class Dut {
 public:
  Dut() : run_(currentRun()), rng_(run_.seed), log_("dut") {
    context_ = std::make_unique<VerilatedContext>();
    // Random initial values for every flop and memory (--x-initial unique), reproducible from
    // the test seed.
    context_->randReset(2);
    context_->randSeed(static_cast<int>(run_.seed & 0x7fffffff));
    // $fatal/$finish end the test with an error instead of ending the process.
    context_->fatalOnError(false);
    if (!run_.wavesFile.empty()) context_->traceEverOn(true);
    model_ = std::make_unique<Model>(context_.get(), "TOP");
    ModelOps ops;
    ops.model = model_.get();
    ops.evalStep = [](void* m) { static_cast<Model*>(m)->eval_step(); };
    ops.evalEndStep = [](void* m) { static_cast<Model*>(m)->eval_end_step(); };
    ops.eventsPending = [](void* m) { return static_cast<Model*>(m)->eventsPending(); };
    ops.nextTimeSlot = [](void* m) { return static_cast<Model*>(m)->nextTimeSlot(); };
    ops.mergeableEvals = evaluationsMayBeMerged<Model>();
    ops.hasTiming = ModelTriggers<Model>::kHasTiming;
    if (!run_.wavesFile.empty()) {
      const std::filesystem::path path(run_.wavesFile);
      if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
      trace_ = std::make_unique<VerilatedFstC>();
      model_->trace(trace_.get(), 99);
      trace_->open(run_.wavesFile.c_str());
      ops.tracer = trace_.get();
      ops.dump = [](void* t, uint64_t time) { static_cast<VerilatedFstC*>(t)->dump(time); };
    }
    Scheduler::current().bindModel(ops, context_.get());
  }
  ~Dut() {
    model_->final();
    if (trace_) trace_->close();
  }
  Dut(const Dut&) = delete;
  Dut& operator=(const Dut&) = delete;

  // Direct access to the model: settles any evaluation the scheduler merged forward first, so
  // what is read through it is what a handle would read; what is written through it (a clock's
  // level, say) is activity the scheduler's shortcuts must look at again.
  Model& model() {
    if (Scheduler* s = Scheduler::currentOrNull()) {
      s->settleDeferred();
      s->noteActivity();
    }
    return *model_;
  }
  // Whether a write to this input can start a process in the design (a clock, an asynchronous
  // reset): known from the model's generated ModelTriggers, else assumed.
  static constexpr bool edgeInput(std::string_view port) { return isEdgeInput<Model>(port); }
  VerilatedContext& context() { return *context_; }
  // This test's seed and a generator seeded with it.
  uint64_t seed() const { return run_.seed; }
  std::mt19937_64& rng() { return rng_; }
  const Logger& log() const { return log_; }
  const std::string& testName() const { return run_.fullName; }

 private:
  const TestRunInfo& run_;
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<VerilatedFstC> trace_;
  std::mt19937_64 rng_;
  Logger log_;
};

}  // namespace xpo::tb

// Handle declarations inside a Dut<Model> subclass, named after the port. `this->` lets them
// serve a subclass that is itself a template (its base's members are not found unqualified).
#define XPO_IN(port, width) \
  ::xpo::tb::In<width> port { #port, this->model().port, this->edgeInput(#port) }
#define XPO_OUT(port, width) \
  ::xpo::tb::Out<width> port { #port, this->model().port }
#define XPO_IN_ARRAY(port, width, n) \
  ::xpo::tb::InArray<width, n> port { #port, this->model().port, this->edgeInput(#port) }
#define XPO_OUT_ARRAY(port, width, n) \
  ::xpo::tb::OutArray<width, n> port { #port, this->model().port }
