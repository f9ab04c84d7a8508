// The gearbox RTL at the other symbol widths the spec requires (W = 8 and 32, built with 16 media
// lanes), against the golden model: every mode with traffic, PRBS13Q and PRBS31Q, random
// permutations and lane coding.
#include "gearbox_cases.h"

namespace xpo::gearbox::testing {
namespace {

XPO_PARAM_SUITE(GearboxRtlW8, Case);
XPO_TEST_P(GearboxRtlW8, MatchesModel, GearboxDut8) {
  co_await RunCase(dut, param, XPO_GBX_SYMBOLS / GearboxDut8::kW);
}
XPO_PARAM_SUITE(GearboxRtlW32, Case);
XPO_TEST_P(GearboxRtlW32, MatchesModel, GearboxDut32) {
  co_await RunCase(dut, param, XPO_GBX_SYMBOLS / GearboxDut32::kW);
}

std::vector<Case> WidthCases() {
  std::vector<Case> v;
  for (Mode mode : {Mode::k1to1, Mode::k2to1, Mode::k1to2}) {
    for (Load load : {Load::kTraffic, Load::kPrbs13q, Load::kPrbs31q}) {
      v.push_back({mode, load, false});
    }
  }
  return v;
}

XPO_GBX_INSTANTIATE(Modes, GearboxRtlW8, ::testing::ValuesIn(WidthCases()));
XPO_GBX_INSTANTIATE(Modes, GearboxRtlW32, ::testing::ValuesIn(WidthCases()));

}  // namespace
}  // namespace xpo::gearbox::testing
