// The wire bench must catch what the controller tests rely on it to catch: a wrong parity bit,
// a push-pull high against a low, and a header nobody ACKs. Driven by hand-made waveforms.
#include <gtest/gtest.h>

#include "wire_bus.h"

namespace xpo::i3c_ctrl_test {
namespace {

// Drives one controller bit: SCL low with SDA set, then SCL high, sampled every 10 ns.
class Wave {
 public:
  explicit Wave(WireBus& bus) : bus_(bus) {}
  void Hold(int samples, bool scl, bool oe, bool sda, bool pp) {
    for (int i = 0; i < samples; ++i) {
      bus_.Step(t_, scl, oe, sda, pp);
      t_ += 10;
    }
  }
  void Start() {
    Hold(5, true, false, true, false);
    Hold(5, true, true, false, false);
  }
  void Bit(bool v, bool drive, bool pp) {
    Hold(4, false, drive, v, pp);
    Hold(4, true, drive, v, pp);
  }
  void Byte(uint8_t b, bool pp) {
    for (int i = 7; i >= 0; --i) Bit((b >> i) & 1, true, pp);
  }
  void Stop() {
    Hold(4, false, true, false, false);
    Hold(4, true, true, false, false);
    Hold(4, true, false, true, false);
  }

 private:
  WireBus& bus_;
  double t_ = 0;
};

TEST(I3cWireBench, WrongParityIsCounted) {
  WireBus bus;
  auto& tgt = bus.Add({.dyn_addr = 0x30});
  Wave w(bus);
  w.Start();
  w.Byte(0x30 << 1, false);
  w.Bit(true, false, false);  // ACK slot: released, the responder pulls low
  w.Byte(0x5A, true);
  w.Bit(true, true, true);  // 0x5A has four ones: odd parity needs 1 -> correct
  w.Byte(0x5A, true);
  w.Bit(false, true, true);  // wrong parity
  w.Stop();
  EXPECT_EQ(bus.Text(), "S 60/0 5a/1 5a/0 P");
  EXPECT_EQ(tgt.ParityErrors(), 1);
  EXPECT_EQ(tgt.Written().size(), 2u);
}

TEST(I3cWireBench, PushPullHighAgainstAnAckIsContention) {
  WireBus bus;
  bus.Add({.dyn_addr = 0x30});
  Wave w(bus);
  w.Start();
  w.Byte(0x30 << 1, false);
  EXPECT_EQ(bus.Contentions(), 0);
  w.Bit(true, true, true);  // the controller wrongly drives the ACK slot push-pull high
  EXPECT_GT(bus.Contentions(), 0);
}

TEST(I3cWireBench, UnknownAddressIsNotAcked) {
  WireBus bus;
  bus.Add({.dyn_addr = 0x30});
  Wave w(bus);
  w.Start();
  w.Byte(0x31 << 1, false);
  w.Bit(true, false, false);
  w.Stop();
  EXPECT_EQ(bus.Text(), "S 62/1 P");
}

}  // namespace
}  // namespace xpo::i3c_ctrl_test
