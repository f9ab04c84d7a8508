// Wire resolution of the bus model: wired-AND of open-drain pulls, push-pull drivers, contention.
#include <gtest/gtest.h>

#include "xpo/i3c/bus.hpp"

namespace xpo::i3c {
namespace {

TEST(I3cBus, ReleasedLinesSitHigh) {
  Scheduler s;
  Bus bus(s);
  bus.AddAgent("a");
  EXPECT_TRUE(bus.Scl());
  EXPECT_TRUE(bus.Sda());
}

TEST(I3cBus, OpenDrainIsWiredAnd) {
  Scheduler s;
  Bus bus(s);
  const int a = bus.AddAgent("a"), b = bus.AddAgent("b");
  bus.Set(a, Line::kSda, Drive::kOdLow);
  bus.Set(b, Line::kSda, Drive::kOdLow);
  EXPECT_FALSE(bus.Sda());
  bus.Set(a, Line::kSda, Drive::kRelease);
  EXPECT_FALSE(bus.Sda()) << "b still pulls low";
  bus.Set(b, Line::kSda, Drive::kRelease);
  EXPECT_TRUE(bus.Sda());
  EXPECT_FALSE(bus.Info(Line::kSda).Contention());
}

TEST(I3cBus, PushPullAgainstLowIsContention) {
  Scheduler s;
  Bus bus(s);
  const int a = bus.AddAgent("a"), b = bus.AddAgent("b");
  std::vector<BusEvent> evs;
  bus.Subscribe([&](const BusEvent& e) { evs.push_back(e); });
  bus.Set(a, Line::kSda, Drive::kPpHigh);
  EXPECT_TRUE(bus.Sda());
  EXPECT_FALSE(bus.Info(Line::kSda).Contention());
  bus.Set(b, Line::kSda, Drive::kPpLow);
  EXPECT_TRUE(bus.Info(Line::kSda).Contention());
  EXPECT_FALSE(bus.Sda()) << "the low wins the wired-AND";
  bus.Set(b, Line::kSda, Drive::kOdLow);
  EXPECT_TRUE(bus.Info(Line::kSda).Contention()) << "push-pull high against open-drain low";
  ASSERT_FALSE(evs.empty());
  EXPECT_TRUE(evs.back().info.Contention());
  bus.Set(a, Line::kSda, Drive::kPpLow);
  EXPECT_FALSE(bus.Info(Line::kSda).Contention()) << "two drivers agreeing is fine";
}

TEST(I3cBus, ObserversSeeChangesInOrderEvenWhenTheyDrive) {
  Scheduler s;
  Bus bus(s);
  const int a = bus.AddAgent("a"), b = bus.AddAgent("b");
  std::vector<std::pair<Line, bool>> seen;
  bus.Subscribe([&](const BusEvent& e) {
    if (e.line == Line::kScl && !e.info.level) bus.Set(b, Line::kSda, Drive::kOdLow);
  });
  bus.Subscribe([&](const BusEvent& e) { seen.emplace_back(e.line, e.info.level); });
  bus.Set(a, Line::kScl, Drive::kPpLow);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], std::make_pair(Line::kScl, false));
  EXPECT_EQ(seen[1], std::make_pair(Line::kSda, false));
}

TEST(I3cBus, PadMappingAndBadAgent) {
  EXPECT_EQ(DriveFromPad(false, true, true), Drive::kRelease);
  EXPECT_EQ(DriveFromPad(true, false, false), Drive::kOdLow);
  EXPECT_EQ(DriveFromPad(true, true, false), Drive::kRelease);
  EXPECT_EQ(DriveFromPad(true, true, true), Drive::kPpHigh);
  EXPECT_EQ(DriveFromPad(true, false, true), Drive::kPpLow);
  Scheduler s;
  Bus bus(s);
  EXPECT_THROW(bus.Set(3, Line::kSda, Drive::kOdLow), std::out_of_range);
  EXPECT_THROW(s.At(-1, [] {}), std::invalid_argument);
}

TEST(I3cBus, PadAgentDrivesFromPins) {
  Scheduler s;
  Bus bus(s);
  PadAgent pads(bus, "rtl");
  const int tgt = bus.AddAgent("target");
  pads.Update(true, false, true, true, false);  // SCL low, SDA open-drain "1" = released
  EXPECT_FALSE(pads.SclIn());
  EXPECT_TRUE(pads.SdaIn());
  bus.Set(tgt, Line::kSda, Drive::kOdLow);
  EXPECT_FALSE(pads.SdaIn()) << "the target's ACK is visible to the RTL";
  EXPECT_FALSE(bus.Info(Line::kSda).Contention());
  pads.Update(true, false, true, true, true);  // push-pull high against the ACK
  EXPECT_TRUE(bus.Info(Line::kSda).Contention());
  EXPECT_EQ(bus.Info(Line::kSda).pp_high_mask, 1u << pads.Agent());
}

TEST(I3cBus, SchedulerRunsInTimeThenInsertionOrder) {
  Scheduler s;
  std::vector<int> order;
  s.At(20, [&] { order.push_back(3); });
  s.At(10, [&] { order.push_back(1); });
  s.At(10, [&] { order.push_back(2); });
  s.RunUntil(15);
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  EXPECT_EQ(s.Now(), 15);
  s.RunFor(5);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

}  // namespace
}  // namespace xpo::i3c
