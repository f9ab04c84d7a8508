#include <gtest/gtest.h>

#include <stdexcept>

#include "xpo/cooling/plug.h"
#include "xpo/cooling/valve.h"

namespace xpo::cooling {
namespace {

// Counts contact edges over a span stepped in 1 us.
int Edges(Plug& p, double span_us) {
  int edges = 0;
  bool last = p.contact();
  for (int i = 0; i < span_us; ++i) {
    p.Step(1.0);
    edges += p.contact() != last;
    last = p.contact();
  }
  return edges;
}

TEST(Plug, MateBouncesThenSettles) {
  PlugParams pp;  // 2 ms of chatter at 20..300 us intervals
  Plug p(pp, 1, false);
  p.Mate();
  EXPECT_TRUE(p.mated());
  int edges = Edges(p, pp.bounce_us);
  // At least bounce/max_interval toggles must happen, and no more than bounce/min_interval.
  EXPECT_GE(edges, static_cast<int>(pp.bounce_us / pp.max_chatter_us) - 1);
  EXPECT_LE(edges, static_cast<int>(pp.bounce_us / pp.min_chatter_us) + 1);
  p.Step(1.0);
  EXPECT_TRUE(p.contact());
  EXPECT_EQ(Edges(p, 10000), 0);
}

TEST(Plug, UnmateEndsOpen) {
  Plug p(PlugParams{}, 2, true);
  EXPECT_TRUE(p.contact());
  p.Unmate();
  Edges(p, 3000);
  EXPECT_FALSE(p.contact());
  EXPECT_FALSE(p.mated());
}

TEST(Plug, VibrationBounceKeepsPhysicalMate) {
  Plug p(PlugParams{}, 3, true);
  p.InjectBounce(500);
  EXPECT_GT(Edges(p, 500), 0);
  EXPECT_TRUE(p.mated());
  p.Step(1.0);
  EXPECT_TRUE(p.contact());
}

TEST(Plug, SameSeedSameBounce) {
  Plug a(PlugParams{}, 42, false), b(PlugParams{}, 42, false), c(PlugParams{}, 43, false);
  a.Mate();
  b.Mate();
  c.Mate();
  bool differ_c = false;
  for (int i = 0; i < 2000; ++i) {
    a.Step(1.0);
    b.Step(1.0);
    c.Step(1.0);
    ASSERT_EQ(a.contact(), b.contact()) << "at " << i << " us";
    differ_c |= a.contact() != c.contact();
  }
  EXPECT_TRUE(differ_c);
}

TEST(Plug, BadParamsThrow) {
  PlugParams pp;
  pp.min_chatter_us = 0;
  EXPECT_THROW(Plug(pp, 1), std::invalid_argument);
  pp = {};
  pp.max_chatter_us = 10;  // below min
  EXPECT_THROW(Plug(pp, 1), std::invalid_argument);
  Plug p(PlugParams{}, 1);
  EXPECT_THROW(p.InjectBounce(-1), std::invalid_argument);
}

TEST(Valve, TravelsLinearlyInStrokeTime) {
  Valve v(10000);
  for (int i = 0; i < 5000; ++i) v.Step(1.0, true);
  EXPECT_NEAR(v.position(), 0.5, 1e-9);
  for (int i = 0; i < 6000; ++i) v.Step(1.0, true);
  EXPECT_DOUBLE_EQ(v.position(), 1.0);
  v.Step(2500, false);
  EXPECT_NEAR(v.position(), 0.75, 1e-9);
  EXPECT_THROW(Valve(0), std::invalid_argument);
}

}  // namespace
}  // namespace xpo::cooling
