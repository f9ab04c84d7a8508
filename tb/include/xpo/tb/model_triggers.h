// ModelTriggers<Model>: which of a Verilated model's inputs start processes by their edges.
// xpo_add_dut() generates a specialization for every model from Verilator's output and includes
// it ahead of every source that links the model. A model without one (built some other way) is
// treated as if every input were a clock, which is always correct and never defers evaluations.
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace xpo::tb {

template <typename Model>
struct ModelTriggers {
  static constexpr bool kKnown = false;
  static constexpr bool kOnlyInputTriggers = false;
  static constexpr bool kHasTiming = true;
  static constexpr std::array<std::string_view, 0> kEdgeInputs{};
};

// A write to an input outside the edge-input set can only change what combinational logic and
// flop inputs see; evaluating it together with the next clock edge gives the same state.
template <typename Model>
constexpr bool evaluationsMayBeMerged() {
  using T = ModelTriggers<Model>;
  return T::kKnown && T::kOnlyInputTriggers && !T::kHasTiming;
}

template <typename Model>
constexpr bool isEdgeInput(std::string_view port) {
  using T = ModelTriggers<Model>;
  if (!evaluationsMayBeMerged<Model>()) return true;
  return std::find(T::kEdgeInputs.begin(), T::kEdgeInputs.end(), port) != T::kEdgeInputs.end();
}

}  // namespace xpo::tb
