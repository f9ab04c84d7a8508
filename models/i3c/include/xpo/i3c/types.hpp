// Basic I3C vocabulary shared by the models, the monitor and the tools: time units, reserved
// addresses, parity, and the Common Command Codes of the MIPI I3C Basic specification v1.1.1
// (section 5.1.9.3, "CCC Command Definitions").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace xpo::i3c {

// Simulation time in picoseconds: fine enough for the 12.5 MHz push-pull clock and a 3 ns setup.
using Time = std::int64_t;
inline constexpr Time kPs = 1;
inline constexpr Time kNs = 1000;
inline constexpr Time kUs = 1000 * kNs;
inline constexpr Time kMs = 1000 * kUs;

inline constexpr std::uint8_t kBroadcastAddr = 0x7E;
inline constexpr std::uint8_t kHotJoinAddr = 0x02;

// Addresses never handed out as dynamic addresses (I3C Basic 5.1.2.2.5 "Reserved addresses"):
// 0x00-0x07, the broadcast address 0x7E and the addresses one bit away from it.
bool IsReservedAddress(std::uint8_t addr7);

// The T-bit of a controller write: odd parity over the byte, so byte+T holds an odd number of 1s.
constexpr bool OddParityBit(std::uint8_t v) {
  bool p = true;
  for (int i = 0; i < 8; ++i) p ^= ((v >> i) & 1) != 0;
  return p;
}

// The byte sent for a dynamic address in ENTDAA: address in [7:1], odd parity of the address in
// [0].
constexpr std::uint8_t DaaAddressByte(std::uint8_t addr7) {
  bool p = true;
  for (int i = 0; i < 7; ++i) p ^= ((addr7 >> i) & 1) != 0;
  return static_cast<std::uint8_t>((addr7 << 1) | (p ? 1 : 0));
}

namespace ccc {
// Broadcast CCCs (0x00-0x7F).
inline constexpr std::uint8_t kEnecB = 0x00;
inline constexpr std::uint8_t kDisecB = 0x01;
inline constexpr std::uint8_t kEntas0B = 0x02;
inline constexpr std::uint8_t kRstdaaB = 0x06;
inline constexpr std::uint8_t kEntdaa = 0x07;
inline constexpr std::uint8_t kDeftgts = 0x08;
inline constexpr std::uint8_t kSetmwlB = 0x09;
inline constexpr std::uint8_t kSetmrlB = 0x0A;
inline constexpr std::uint8_t kEnttm = 0x0B;
inline constexpr std::uint8_t kEndxferB = 0x12;
inline constexpr std::uint8_t kSetxtimeB = 0x28;
inline constexpr std::uint8_t kSetaasa = 0x29;
inline constexpr std::uint8_t kRstactB = 0x2A;
// Direct CCCs (0x80-0xFE).
inline constexpr std::uint8_t kEnecD = 0x80;
inline constexpr std::uint8_t kDisecD = 0x81;
inline constexpr std::uint8_t kEntas0D = 0x82;
inline constexpr std::uint8_t kRstdaaD = 0x86;  // deprecated since v1.1: targets NACK it
inline constexpr std::uint8_t kSetdasa = 0x87;
inline constexpr std::uint8_t kSetnewda = 0x88;
inline constexpr std::uint8_t kSetmwlD = 0x89;
inline constexpr std::uint8_t kSetmrlD = 0x8A;
inline constexpr std::uint8_t kGetmwl = 0x8B;
inline constexpr std::uint8_t kGetmrl = 0x8C;
inline constexpr std::uint8_t kGetpid = 0x8D;
inline constexpr std::uint8_t kGetbcr = 0x8E;
inline constexpr std::uint8_t kGetdcr = 0x8F;
inline constexpr std::uint8_t kGetstatus = 0x90;
inline constexpr std::uint8_t kGetacccr = 0x91;
inline constexpr std::uint8_t kEndxferD = 0x92;
inline constexpr std::uint8_t kGetmxds = 0x94;
inline constexpr std::uint8_t kGetcaps = 0x95;
inline constexpr std::uint8_t kSetxtimeD = 0x98;
inline constexpr std::uint8_t kGetxtime = 0x99;
inline constexpr std::uint8_t kRstactD = 0x9A;

// ENEC/DISEC event byte.
inline constexpr std::uint8_t kEvtInt = 0x01;
inline constexpr std::uint8_t kEvtCr = 0x02;
inline constexpr std::uint8_t kEvtHj = 0x08;

constexpr bool IsDirect(std::uint8_t code) { return (code & 0x80) != 0; }

// "ENTDAA", "GETPID", ... ; "CCC_0xNN" for codes this model does not name.
std::string Name(std::uint8_t code);
}  // namespace ccc

// BCR bits (I3C Basic 5.1.1.2.1, "Bus Characteristics Register").
namespace bcr {
inline constexpr std::uint8_t kSpeedLimit = 0x01;
inline constexpr std::uint8_t kIbiCapable = 0x02;
inline constexpr std::uint8_t kIbiPayload = 0x04;
inline constexpr std::uint8_t kOfflineCapable = 0x08;
inline constexpr std::uint8_t kControllerCapable = 0x40;
}  // namespace bcr

// "12.345us" style formatting of a time for logs and violations.
std::string FormatTime(Time t);

}  // namespace xpo::i3c
