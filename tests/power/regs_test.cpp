#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <numeric>

#include "xpo/power/regs.h"

namespace xpo::power {
namespace {

TEST(RegMap, EveryResetValueIsInsideItsOwnRange) {
  for (const CfgReg& c : CfgRegs()) EXPECT_TRUE(c.Allows(c.reset)) << c.name;
  RegFile f;
  EXPECT_TRUE(IsSeqOrderValid(f.Get(reg::kSeqOrder)));
}

TEST(RegMap, AddressesAreUniqueWordAligned) {
  std::vector<uint32_t> a;
  for (const CfgReg& c : CfgRegs()) a.push_back(c.addr);
  std::sort(a.begin(), a.end());
  EXPECT_EQ(std::adjacent_find(a.begin(), a.end()), a.end());
  for (uint32_t x : a) EXPECT_EQ(x % 4, 0u);
}

TEST(RegMap, SeqOrderAcceptsExactlyThePermutations) {
  // Enumerate every 15-bit value: exactly 5! = 120 are permutations of 0..4.
  int valid = 0;
  for (uint32_t v = 0; v < (1u << 15); ++v) valid += IsSeqOrderValid(v);
  EXPECT_EQ(valid, 120);
  EXPECT_FALSE(IsSeqOrderValid(0x4688 | 1u << 15));
  EXPECT_TRUE(IsSeqOrderValid(4 | 3 << 3 | 2 << 6 | 1 << 9 | 0 << 12));
  EXPECT_FALSE(IsSeqOrderValid(0 | 0 << 3 | 2 << 6 | 3 << 9 | 4 << 12));
}

TEST(RegFile, OutOfRangeWriteIsRefusedAndFlagged) {
  RegFile f;
  for (const CfgReg& c : CfgRegs()) {
    uint32_t before = f.Get(c.addr);
    // A mask: a bit above the allowed ones; a value: one past the maximum.
    const uint32_t bad = c.bitmask ? ~c.max & (c.max << 1 | 0x80000000u) : c.max + 1;
    EXPECT_FALSE(f.Write(c.addr, bad)) << c.name;
    EXPECT_TRUE(f.refused());
    EXPECT_EQ(f.refused_addr(), c.addr);
    EXPECT_EQ(f.Get(c.addr), before) << c.name;
    f.ClearRefused();
    if (!c.bitmask && c.min > 0) {
      EXPECT_FALSE(f.Write(c.addr, c.min - 1)) << c.name;
      f.ClearRefused();
    }
    EXPECT_TRUE(f.Write(c.addr, c.max)) << c.name;
    EXPECT_TRUE(f.Write(c.addr, c.min)) << c.name;
    EXPECT_EQ(f.Get(c.addr), c.min);
    EXPECT_FALSE(f.refused());
  }
}

TEST(RegFile, SeqOrderOnlyInLowPowerReadOnlyAndUnmappedFail) {
  RegFile f;
  uint32_t rev = 4 | 3 << 3 | 2 << 6 | 1 << 9 | 0 << 12;
  EXPECT_FALSE(f.Write(reg::kSeqOrder, rev, /*in_low_pwr=*/false));
  EXPECT_TRUE(f.refused());
  EXPECT_TRUE(f.Write(reg::kSeqOrder, rev, true));
  EXPECT_EQ(f.Get(reg::kSeqOrder), rev);
  EXPECT_FALSE(f.Write(reg::kStatus, 0));
  EXPECT_FALSE(f.Write(0xFC, 0));
  EXPECT_THROW(f.Get(reg::kStatus), std::out_of_range);
}

TEST(RegFile, InterlockConfigComesFromTheRegisters) {
  RegFile f;
  EXPECT_EQ(f.Interlock().leak_filt_us, 100u);
  EXPECT_EQ(f.Interlock().asic_ot_trip, (105u + 64) * 16);
  ASSERT_TRUE(f.Write(reg::kLeakFiltUs, 500));
  EXPECT_EQ(f.Interlock().leak_filt_us, 500u);
}

}  // namespace
}  // namespace xpo::power
