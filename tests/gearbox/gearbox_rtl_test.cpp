// Directed block tests of the gearbox RTL (docs/gearbox.md), each with the golden-model
// scoreboard on every output symbol: checker counts against injected errors and against the
// pam4 channel model at several SNRs, skew compensation lining up lanes skewed by the channel,
// mode switches under traffic with the round-trip checker, refused configurations, writes while
// busy, registers, reset in the middle of traffic and known outputs after reset from random
// initial values; and the two checkers themselves, which must catch one corrupted symbol.
#include <gmock/gmock.h>

#include <functional>
#include <random>

#include "gearbox_cases.h"

namespace xpo::gearbox::testing {
namespace {

using ::testing::HasSubstr;
using Dut = GearboxDut16;
constexpr int kW = Dut::kW;
constexpr int kM = Dut::kM;
constexpr int kH = Dut::kH;

// Loopback with single corrupted symbols: each is one count (two with precoding).
XPO_TEST(GearboxRtl, CheckerCountsInjectedErrorsExactly, Dut) {
  GearboxTb<Dut> tb(dut);
  co_await tb.Start();
  Config c = Config::Identity(tb.params());
  for (int m = 0; m < kM; ++m) {
    c.tx_lane[m] = {.precode = m % 2 == 1, .prbs = 2, .skew = unsigned(m)};
    c.rx_lane[m] = {.precode = m % 2 == 1, .prbs = 2, .skew = unsigned(63 - m)};
  }
  co_await tb.Configure(c);
  co_await tb.Cycles(40);
  const std::uint64_t now = tb.edges();
  std::mt19937_64& rng = dut.rng();
  int injected[2] = {0, 0};
  for (int k = 0; k < 20; ++k) {
    const int lane = 4 + (k % 2);
    tb.channel_errors.push_back({lane, now + 5 + std::uint64_t{7} * k, int(rng() % kW)});
    ++injected[k % 2];
  }
  co_await tb.Cycles(200);
  const std::uint32_t even = co_await tb.Read(reg::kErrCnt + 4 * 4);
  const std::uint32_t odd = co_await tb.Read(reg::kErrCnt + 4 * 5);
  EXPECT_EQ(even, static_cast<std::uint32_t>(injected[0]));
  EXPECT_EQ(odd, static_cast<std::uint32_t>(2 * injected[1]));
  // Clear-on-read: enable, read (returns the count), read again (0).
  co_await tb.Write(reg::kCtrl, 2u);
  EXPECT_EQ(co_await tb.Read(reg::kErrCnt + 4 * 4), even);
  EXPECT_EQ(co_await tb.Read(reg::kErrCnt + 4 * 4), 0u);
  // Explicit clear.
  co_await tb.Write(reg::kClear, 1u << 5);
  co_await tb.Write(reg::kCtrl, 0u);
  EXPECT_EQ(co_await tb.Read(reg::kErrCnt + 4 * 5), 0u);
  CO_ASSERT_EQ(tb.mismatches(), 0u) << tb.FirstMismatch();
}

// The pam4 lane channel (AWGN at the given SNR, random P/N swap and skew) on every media lane,
// PRBS13Q or PRBS31Q per lane, precoding on a random half. After lock the counters are cleared,
// noise reaches the DUT for a window of kWindow words, and every counter must equal what the
// channel did to that lane: one per corrupted symbol, or one per wrong decoded symbol with
// precoding.
struct SnrDb {
  double db;
};
void PrintTo(const SnrDb& s, std::ostream* os) { *os << s.db << "dB"; }
XPO_PARAM_SUITE(GearboxChannel, SnrDb);

XPO_TEST_P(GearboxChannel, CheckerCountsEqualChannelErrors, Dut) {
  constexpr int kWindow = 1000;  // words of noise per lane
  GearboxTb<Dut> tb(dut);
  std::mt19937_64& rng = dut.rng();
  std::vector<pam4::LaneImpairments> ch(kM);
  Config c = Config::Identity(tb.params());
  std::vector<bool> precoded(kM);
  for (int m = 0; m < kM; ++m) {
    ch[m].snr_db = param.db;
    ch[m].skew_symbols = unsigned(rng() % 64);
    ch[m].invert_polarity = rng() & 1;
    precoded[m] = rng() & 1;
    const unsigned prbs = 1 + unsigned(rng() % 2);
    const bool tx_pol = rng() & 1;
    c.tx_lane[m] = {.polarity = tx_pol,
                    .gray = bool(rng() & 1),
                    .precode = precoded[m],
                    .prbs = prbs,
                    .skew = unsigned(rng() % 64)};
    c.rx_lane[m] = {.polarity = tx_pol != ch[m].invert_polarity,
                    .gray = bool(rng() & 1),
                    .precode = precoded[m],
                    .prbs = prbs,
                    .skew = 63 - ch[m].skew_symbols};
  }
  tb.AttachChannel(ch, dut.seed());
  tb.SetNoiseWindow(0, 0);  // clean until the checkers are locked and cleared
  co_await tb.Start();
  co_await tb.Configure(c);
  co_await tb.Cycles(20);
  CO_ASSERT_EQ(co_await tb.Read(reg::kLock), 0xFFFF'FFFFu);
  CO_ASSERT_EQ(co_await tb.Read(reg::kLock + 4), 0xFFFF'FFFFu);
  co_await tb.Write(reg::kClear, 0xFFFF'FFFFu);
  co_await tb.Write(reg::kClear + 4, 0xFFFF'FFFFu);
  const std::uint64_t from = tb.channel_position() + std::uint64_t{2} * kW;
  tb.SetNoiseWindow(from, from + std::uint64_t{kWindow} * kW);
  co_await tb.Cycles(kWindow + 12);  // the last noisy symbol has passed every checker

  std::uint64_t total = 0, counted = 0;
  for (int m = 0; m < kM; ++m) {
    const std::uint64_t want = tb.ExpectedCheckerErrors(m, precoded[m]);
    const std::uint32_t got = co_await tb.Read(reg::kErrCnt + 4 * m);
    EXPECT_EQ(got, want) << "lane " << m << ": " << tb.window_errors(m).size()
                         << " channel errors, precoded " << precoded[m];
    EXPECT_EQ(got, tb.model().count(m)) << "lane " << m;
    total += tb.window_errors(m).size();
    counted += got;
  }
  dut.log().info("SNR {} dB: {} channel symbol errors in {} symbols, {} checker errors counted",
                 param.db, total, std::uint64_t{kM} * kWindow * kW, counted);
  const std::uint32_t lock_lo = co_await tb.Read(reg::kLock);
  const std::uint32_t lock_hi = co_await tb.Read(reg::kLock + 4);
  EXPECT_EQ(lock_lo & lock_hi, 0xFFFF'FFFFu) << "a checker lost lock in the noise";
  // Sanity of the setup: the channel did make errors at this SNR (about SER x 64 x 16000).
  EXPECT_GT(total, 10u);
  CO_ASSERT_EQ(tb.mismatches(), 0u) << tb.FirstMismatch();
}

INSTANTIATE_TEST_SUITE_P(Snr, GearboxChannel,
                         ::testing::Values(SnrDb{15.0}, SnrDb{17.0}, SnrDb{19.0}));

// Lanes skewed by 0..63 symbols in the channel line up again when RX SKEW adds the rest: every
// host lane comes back with the same latency, in 1:1 (63 symbols of skew per lane) and in 2:1
// (62, an even number, so that the two interleaved host lanes keep their symbol phase).
XPO_TEST(GearboxChannel, SkewedLanesAreAlignedByRxSkew, Dut) {
  GearboxTb<Dut> tb(dut);
  std::mt19937_64& rng = dut.rng();
  std::vector<pam4::LaneImpairments> ch(kM);
  for (int m = 0; m < kM; ++m) {
    ch[m].skew_symbols = m == 0 ? 0u : m == 1 ? 62u : unsigned(rng() % 63);
    ch[m].invert_polarity = rng() & 1;
  }
  tb.AttachChannel(ch, dut.seed());
  tb.round_trip = true;
  co_await tb.Start();
  for (Mode mode : {Mode::k1to1, Mode::k2to1}) {
    const int total = mode == Mode::k1to1 ? 63 : 62;
    Config c = RoundTripConfig(tb.params(), mode, rng, &ch);
    for (int m = 0; m < kM; ++m) {
      c.tx_lane[m].skew = 0;
      c.rx_lane[m].skew = unsigned(total) - ch[m].skew_symbols;
    }
    co_await tb.Configure(c);
    co_await tb.Cycles(60);
    const int n = NumSlots(tb.params(), static_cast<unsigned>(mode));
    const int wh = mode == Mode::k1to1 ? kW : kW / 2;
    const int want = 2 * wh + (mode == Mode::k1to1 ? total : total / 2);
    for (int h = 0; h < n; ++h) {
      const auto lat = tb.MeasureLatency(h);
      EXPECT_EQ(lat, std::optional<int>(want))
          << "host lane " << h << " (media lane " << tb.paths()[h].media << ", channel skew "
          << ch[tb.paths()[h].media].skew_symbols << ")";
    }
  }
  EXPECT_GT(tb.round_trip_checked(), 100000u);
  EXPECT_EQ(tb.round_trip_mismatches(), 0u) << tb.FirstRoundTripMismatch();
  CO_ASSERT_EQ(tb.mismatches(), 0u) << tb.FirstMismatch();
}

// Reconfiguration under traffic: every mode to every other, each with a new random permutation,
// lane coding and skews, a refused configuration and a re-apply of the same mode in between.
// The round-trip checker sees every host lane restart as one whole stream after each squelch:
// no symbol of the previous configuration, none lost, none repeated, none reordered.
XPO_TEST(GearboxRtl, ModeSwitchesUnderTrafficKeepEveryStreamWhole, Dut) {
  GearboxTb<Dut> tb(dut);
  tb.round_trip = true;
  co_await tb.Start();
  std::mt19937_64& rng = dut.rng();
  const Mode seq[] = {Mode::k1to1, Mode::k2to1, Mode::k1to2, Mode::k1to1,
                      Mode::k1to2, Mode::k2to1, Mode::k2to1, Mode::k1to1};
  std::uint64_t commits = 0;
  for (Mode mode : seq) {
    const std::uint64_t checked = tb.round_trip_checked();
    co_await tb.Configure(RoundTripConfig(tb.params(), mode, rng));
    ++commits;
    CO_ASSERT_EQ(tb.model().commits(), commits);
    CO_ASSERT_EQ(co_await tb.Read(reg::kActiveMode), static_cast<std::uint32_t>(mode));
    co_await tb.Cycles(30);
    // Every used host lane was checked, through the reconfiguration and after it.
    const int n = NumSlots(tb.params(), static_cast<unsigned>(mode));
    for (int h = 0; h < n; ++h) CO_ASSERT_GE(tb.paths()[h].media, 0) << "host lane " << h;
    EXPECT_GT(tb.round_trip_checked(), checked + 1000u);
    if (mode == Mode::k1to2) {
      // A refused configuration in between changes nothing: the stream goes on.
      Config bad = RoundTripConfig(tb.params(), Mode::k2to1, rng);
      bad.tx_map[5] = bad.tx_map[6];
      co_await tb.Configure(bad);
      CO_ASSERT_EQ(tb.model().commits(), commits);
      EXPECT_EQ(((co_await tb.Read(reg::kStatus)) >> 2) & 1u, 1u);
      co_await tb.Write(reg::kStatus, 4u);
    }
  }
  EXPECT_EQ(tb.round_trip_mismatches(), 0u) << tb.FirstRoundTripMismatch();
  CO_ASSERT_EQ(tb.mismatches(), 0u) << tb.FirstMismatch();
}

XPO_TEST(GearboxRtl, InvalidConfigIsRefusedAndOutputsKeepRunning, Dut) {
  GearboxTb<Dut> tb(dut);
  tb.round_trip = true;
  co_await tb.Start();
  const Config good = RoundTripConfig(tb.params(), Mode::k2to1, dut.rng());
  co_await tb.Configure(good);
  co_await tb.Cycles(20);
  struct Bad {
    const char* what;
    std::function<void(Config&)> edit;
  };
  const std::vector<Bad> bads = {
      {"repeated TX entry", [](Config& c) { c.tx_map[77] = c.tx_map[3]; }},
      {"RX entry out of range for 1:2",
       [](Config& c) {
         c.mode = 2;
         for (int i = 0; i < kM; ++i) c.tx_map[i] = c.rx_map[i] = unsigned(i);
         c.rx_map[9] = 100;
       }},
      {"TX entry out of range for 1:1", [](Config& c) { c.mode = 0; }},
      {"reserved mode", [](Config& c) { c.mode = 3; }},
      {"reserved pattern", [](Config& c) { c.rx_lane[12].prbs = 3; }},
  };
  for (const auto& bad : bads) {
    Config c = good;
    bad.edit(c);
    const auto want = Validate(tb.params(), c);
    CO_ASSERT_TRUE(want.has_value()) << bad.what;
    const std::uint64_t checked = tb.round_trip_checked();
    co_await tb.Configure(c);
    const std::uint32_t status = co_await tb.Read(reg::kStatus);
    EXPECT_EQ((status >> 2) & 1u, 1u) << bad.what;
    EXPECT_EQ((status >> 1) & 1u, 0u) << bad.what << ": a refusal must not squelch";
    EXPECT_EQ(co_await tb.Read(reg::kErrInfo), want->ToRegister()) << want->Describe();
    EXPECT_EQ(co_await tb.Read(reg::kActiveMode), 1u) << bad.what;
    EXPECT_EQ(tb.model().commits(), 1u) << bad.what;
    // The 2:1 streams ran on through the refusal, every symbol in place.
    EXPECT_GT(tb.round_trip_checked(), checked + 100000u) << bad.what;
    co_await tb.Write(reg::kStatus, 4u);  // W1C
    EXPECT_EQ(((co_await tb.Read(reg::kStatus)) >> 2) & 1u, 0u);
    co_await tb.Cycles(10);
  }
  EXPECT_EQ(tb.round_trip_mismatches(), 0u) << tb.FirstRoundTripMismatch();
  CO_ASSERT_EQ(tb.mismatches(), 0u) << tb.FirstMismatch();
}

XPO_TEST(GearboxRtl, WritesWhileBusyAreIgnoredWithError, Dut) {
  GearboxTb<Dut> tb(dut);
  co_await tb.Start();
  co_await tb.Configure(Config::Identity(tb.params(), Mode::k1to1));
  co_await tb.Write(reg::kCtrl, 1u);
  bool err = false;
  co_await tb.Write(reg::kMode, 1u, &err);
  EXPECT_TRUE(err);
  co_await tb.Write(reg::kTxMap + 4 * 5, 6u, &err);
  EXPECT_TRUE(err);
  co_await tb.Write(reg::kCtrl, 1u, &err);
  EXPECT_TRUE(err) << "APPLY while busy";
  EXPECT_EQ(co_await tb.Read(reg::kMode), 0u);
  EXPECT_EQ(co_await tb.Read(reg::kTxMap + 4 * 5), 5u);
  const std::uint32_t status = co_await tb.Read(reg::kStatus);
  EXPECT_EQ(status & 1u, 1u) << "still busy";
  EXPECT_EQ((status >> 3) & 1u, 1u) << "WR_IGNORED";
  co_await tb.Cycles(150);
  EXPECT_EQ((co_await tb.Read(reg::kStatus)) & 0xFu, 0x8u);
  co_await tb.Write(reg::kStatus, 8u);
  EXPECT_EQ((co_await tb.Read(reg::kStatus)) & 0xFu, 0x0u);
  // Unmapped, misaligned, out-of-range and read-only addresses answer PSLVERR.
  (void)co_await tb.Read(0x018, &err);
  EXPECT_TRUE(err);
  co_await tb.Write(reg::kActiveMode, 1u, &err);
  EXPECT_TRUE(err);
  (void)co_await tb.Read(reg::kTxMap + 2, &err);
  EXPECT_TRUE(err);
  co_await tb.Write(reg::kErrCnt, 0u, &err);
  EXPECT_TRUE(err);
  EXPECT_EQ(co_await tb.Read(reg::kParams, &err), (16u << 8) | 64u);
  EXPECT_FALSE(err);
  // Lane and map registers read back what was written.
  co_await tb.Write(reg::kTxLane + 4 * 63, 0x3F27u, &err);
  EXPECT_FALSE(err);
  EXPECT_EQ(co_await tb.Read(reg::kTxLane + 4 * 63), 0x3F27u);
  co_await tb.Write(reg::kRxMap + 4 * 127, 0xFFu);
  EXPECT_EQ(co_await tb.Read(reg::kRxMap + 4 * 127), 0x7Fu);
  CO_ASSERT_EQ(tb.mismatches(), 0u) << tb.FirstMismatch();
}

XPO_TEST(GearboxRtl, ResetInTheMiddleOfTrafficRestartsCleanly, Dut) {
  GearboxTb<Dut> tb(dut);
  tb.round_trip = true;
  co_await tb.Start();
  co_await tb.Configure(RoundTripConfig(tb.params(), Mode::k2to1, dut.rng()));
  co_await tb.Cycles(50);
  co_await tb.Write(reg::kCtrl, 1u);  // an apply in progress when the reset comes
  co_await tb.PulseReset(3);
  co_await tb.Cycles(2);
  // Back to the reset configuration: 1:1, identity, every setting 0, nothing pending.
  EXPECT_EQ(co_await tb.Read(reg::kActiveMode), 0u);
  EXPECT_EQ(co_await tb.Read(reg::kTxLane + 4 * 7), 0u);
  EXPECT_EQ((co_await tb.Read(reg::kStatus)) & 0xDu, 0u);
  const std::uint64_t checked = tb.round_trip_checked();
  co_await tb.Cycles(50);
  EXPECT_GT(tb.round_trip_checked(), checked + 10000u) << "identity round trip after reset";
  co_await tb.Configure(RoundTripConfig(tb.params(), Mode::k1to2, dut.rng()));
  co_await tb.Cycles(50);
  EXPECT_EQ(tb.round_trip_mismatches(), 0u) << tb.FirstRoundTripMismatch();
  CO_ASSERT_EQ(tb.mismatches(), 0u) << tb.FirstMismatch();
}

// Every flop starts from a random value (Verilator --x-initial unique, seeded per test; three
// instances, three different initial states). Reset alone must make every output, register
// and checker state known: the scoreboard compares from the first edge after reset, and the
// registers read their reset values.
XPO_PARAM_SUITE(GearboxReset, int);

XPO_TEST_P(GearboxReset, OutputsAndRegistersAreKnownAfterResetFromRandomState, Dut) {
  GearboxTb<Dut> tb(dut);
  tb.round_trip = true;
  co_await tb.Start();
  co_await tb.Cycles(10);  // past the reset squelch
  int nonzero = 0;
  for (std::uint64_t v : tb.pre_reset_outputs) nonzero += v != 0;
  // Without random initial values this test could not fail.
  EXPECT_GT(nonzero, 100) << "outputs before reset do not look random";
  EXPECT_EQ(co_await tb.Read(reg::kStatus), 0u);
  EXPECT_EQ(co_await tb.Read(reg::kErrInfo), 0u);
  EXPECT_EQ(co_await tb.Read(reg::kCtrl), 0u);
  EXPECT_EQ(co_await tb.Read(reg::kMode), 0u);
  EXPECT_EQ(co_await tb.Read(reg::kActiveMode), 0u);
  EXPECT_EQ(co_await tb.Read(reg::kLock), 0u);
  EXPECT_EQ(co_await tb.Read(reg::kLock + 4), 0u);
  for (int m = 0; m < kM; ++m) {
    EXPECT_EQ(co_await tb.Read(reg::kTxLane + 4 * m), 0u) << "TX_LANE " << m;
    EXPECT_EQ(co_await tb.Read(reg::kRxLane + 4 * m), 0u) << "RX_LANE " << m;
    EXPECT_EQ(co_await tb.Read(reg::kErrCnt + 4 * m), 0u) << "CHK_ERRCNT " << m;
  }
  for (int t = 0; t < kH; ++t) {
    EXPECT_EQ(co_await tb.Read(reg::kTxMap + 4 * t), 0u) << "TX_MAP " << t;
    EXPECT_EQ(co_await tb.Read(reg::kRxMap + 4 * t), 0u) << "RX_MAP " << t;
  }
  // The identity 1:1 round trip of the reset configuration has run all along.
  EXPECT_GT(tb.round_trip_checked(), 100000u);
  EXPECT_EQ(tb.round_trip_mismatches(), 0u) << tb.FirstRoundTripMismatch();
  CO_ASSERT_EQ(tb.mismatches(), 0u) << tb.FirstMismatch();
}

INSTANTIATE_TEST_SUITE_P(InitialState, GearboxReset, ::testing::Values(1, 2, 3));

// The scoreboard itself: one corrupted output symbol is caught, with its lane and index.
XPO_TEST(GearboxScoreboard, ReportsCorruptedSymbolWithLaneAndIndex, Dut) {
  GearboxTb<Dut> tb(dut);
  co_await tb.Start();
  co_await tb.Configure(Config::Identity(tb.params(), Mode::k1to1));
  co_await tb.Cycles(5);
  tb.corrupt_media_tx = {.lane = 42, .edge = tb.edges() + 10, .symbol = 7};
  const std::uint64_t index = (tb.edges() + 10 - 1) * kW + 7;
  co_await tb.Cycles(20);
  CO_ASSERT_EQ(tb.mismatches(), 1u);
  const Mismatch& m = *tb.first_mismatch();
  EXPECT_EQ(m.port, "media_tx_o");
  EXPECT_EQ(m.lane, 42);
  EXPECT_EQ(m.symbol, index);
  EXPECT_THAT(m.Describe(), HasSubstr(fmt::format("media_tx_o lane 42 symbol {}", index)));
}

// The same corruption must fail a test that asserts a clean scoreboard.
XPO_TEST(GearboxScoreboard, CorruptedSymbolFailsTheTest, Dut, .expect_fail = true) {
  GearboxTb<Dut> tb(dut);
  co_await tb.Start();
  co_await tb.Cycles(10);
  tb.corrupt_media_tx = {.lane = 3, .edge = tb.edges() + 5, .symbol = 0};
  co_await tb.Cycles(10);
  CO_ASSERT_EQ(tb.mismatches(), 0u) << tb.FirstMismatch();
}

// The round-trip checker itself: one symbol corrupted on the media loopback of lane 7 (the model
// sees the same input, so only the round trip can notice) is reported on host lane 7.
XPO_TEST(GearboxRoundTrip, ReportsCorruptedLoopbackSymbolOnItsHostLane, Dut) {
  GearboxTb<Dut> tb(dut);
  tb.round_trip = true;
  co_await tb.Start();
  co_await tb.Cycles(20);
  tb.channel_errors.push_back({.lane = 7, .edge = tb.edges() + 3, .symbol = 5});
  co_await tb.Cycles(20);
  EXPECT_EQ(tb.mismatches(), 0u) << tb.FirstMismatch();
  CO_ASSERT_EQ(tb.round_trip_mismatches(), 1u);
  EXPECT_THAT(tb.FirstRoundTripMismatch(), HasSubstr("host lane 7 (media lane 7)"));
}

}  // namespace
}  // namespace xpo::gearbox::testing
