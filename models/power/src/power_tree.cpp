#include "xpo/power/power_tree.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace xpo::power {

std::vector<RailParams> ReferenceRails() {
  return {
      {"AUX_3V3", 3.3, 1000.0, 0.9, 200.0, 500.0, 8.0, false},
      {"DSP_CORE", 0.75, 2000.0, 0.9, 500.0, 500.0, 190.0, true},
      {"DSP_IO", 1.2, 1000.0, 0.9, 200.0, 500.0, 36.0, true},
      {"OE_1V8", 1.8, 1000.0, 0.9, 200.0, 500.0, 76.0, true},
      {"LASER_3V3", 3.3, 2000.0, 0.9, 500.0, 500.0, 56.0, true},
  };
}

PowerTreeParams ReferencePowerTree(double vin, double class_w) {
  PowerTreeParams p;
  p.vin = vin;
  p.hot_swap.class_w = class_w;
  p.rails = ReferenceRails();
  p.asic_share = {
      {0.0, 0.0, 0.0, 0.0}, {0.5, 0.5, 0.0, 0.0}, {0.5, 0.5, 0.0, 0.0},
      {0.0, 0.0, 0.5, 0.5}, {0.0, 0.0, 0.5, 0.5},
  };
  return p;
}

void PowerTreeParams::Validate() const {
  hot_swap.Validate();
  if (rails.empty() || rails.size() > 8) {
    throw std::invalid_argument(
        fmt::format("PowerTreeParams needs 1..8 rails, got {}", rails.size()));
  }
  for (const auto& r : rails) r.Validate();
  if (asic_share.size() != rails.size()) {
    throw std::invalid_argument(
        fmt::format("PowerTreeParams.asic_share has {} rows, expected one per rail ({})",
                    asic_share.size(), rails.size()));
  }
  for (size_t r = 0; r < rails.size(); ++r) {
    double sum = 0.0;
    for (double s : asic_share[r]) {
      if (!(s >= 0.0)) {
        throw std::invalid_argument(fmt::format("asic_share of rail {} has a negative entry", r));
      }
      sum += s;
    }
    if (sum > 1.0 + 1e-9) {
      throw std::invalid_argument(
          fmt::format("asic_share of rail {} ('{}') sums to {} > 1", r, rails[r].name, sum));
    }
  }
}

uint16_t VinToCode(double volts) {
  return static_cast<uint16_t>(std::clamp(std::lround(volts / 0.02), 0L, 4095L));
}

PowerTree::PowerTree(const PowerTreeParams& params)
    : p_((params.Validate(), params)), input_(params.vin), hs_(params.hot_swap) {
  for (const auto& r : p_.rails) rails_.emplace_back(r);
}

Rail& PowerTree::rail(int r) {
  if (r < 0 || r >= num_rails()) {
    throw std::out_of_range(
        fmt::format("PowerTree::rail index {} not in 0..{}", r, num_rails() - 1));
  }
  return rails_[r];
}

void PowerTree::Step(double dt_us, uint32_t rail_en) {
  if (rail_en >> rails_.size()) {
    throw std::invalid_argument(fmt::format(
        "PowerTree::Step rail_en {:#x} has bits beyond {} rails", rail_en, rails_.size()));
  }
  input_.Step(dt_us);
  hs_.Step(dt_us, input_.voltage(), total_load_w());
  for (size_t r = 0; r < rails_.size(); ++r) rails_[r].Step(dt_us, rail_en >> r & 1u, hs_.pg());
}

uint32_t PowerTree::pg_mask() const {
  uint32_t m = 0;
  for (size_t r = 0; r < rails_.size(); ++r) m |= static_cast<uint32_t>(rails_[r].pg()) << r;
  return m;
}

uint32_t PowerTree::fault_mask() const {
  uint32_t m = 0;
  for (size_t r = 0; r < rails_.size(); ++r) m |= static_cast<uint32_t>(rails_[r].fault_pin()) << r;
  return m;
}

double PowerTree::total_load_w() const {
  double w = 0.0;
  for (const auto& r : rails_) w += r.load_w();
  return w;
}

double PowerTree::AsicPowerW(int i) const {
  if (i < 0 || i >= kNumAsics) {
    throw std::out_of_range(fmt::format("PowerTree::AsicPowerW index {} not in 0..3", i));
  }
  double w = 0.0;
  for (size_t r = 0; r < rails_.size(); ++r) w += p_.asic_share[r][i] * rails_[r].load_w();
  return w;
}

std::array<double, kNumAsics> PowerTree::AsicPowers() const {
  std::array<double, kNumAsics> a{};
  for (int i = 0; i < kNumAsics; ++i) a[i] = AsicPowerW(i);
  return a;
}

}  // namespace xpo::power
