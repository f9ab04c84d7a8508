// The gearbox RTL against the golden model in every mode, with PRBS13Q, PRBS31Q and traffic,
// identity and random permutations and random lane coding, all 64 media and 128 host lanes,
// both directions compared on every edge. The `long` build runs each case for 1e6 symbols per
// lane.
#include "gearbox_cases.h"

namespace xpo::gearbox::testing {
namespace {

XPO_PARAM_SUITE(GearboxRtl, Case);

XPO_TEST_P(GearboxRtl, MatchesModel, GearboxDut16) {
  co_await RunCase(dut, param, XPO_GBX_SYMBOLS / GearboxDut16::kW);
}

std::vector<Case> AllCases() {
  std::vector<Case> v;
  for (Mode mode : {Mode::k1to1, Mode::k2to1, Mode::k1to2}) {
    for (Load load : {Load::kTraffic, Load::kPrbs13q, Load::kPrbs31q}) {
      for (bool identity : {true, false}) v.push_back({mode, load, identity});
    }
  }
  return v;
}

XPO_GBX_INSTANTIATE(All, GearboxRtl, ::testing::ValuesIn(AllCases()));

}  // namespace
}  // namespace xpo::gearbox::testing
