#include "xpo/i3c/types.hpp"

#include <fmt/format.h>

namespace xpo::i3c {

bool IsReservedAddress(std::uint8_t addr7) {
  if (addr7 <= 0x07) return true;
  switch (addr7) {
    case 0x7E:
    case 0x7F:
    case 0x7C:
    case 0x7A:
    case 0x76:
    case 0x6E:
    case 0x5E:
    case 0x3E:
      return true;
    default:
      return addr7 > 0x7F;
  }
}

namespace ccc {
std::string Name(std::uint8_t code) {
  switch (code) {
    case 0x00:
      return "ENEC";
    case 0x01:
      return "DISEC";
    case 0x02:
      return "ENTAS0";
    case 0x03:
      return "ENTAS1";
    case 0x04:
      return "ENTAS2";
    case 0x05:
      return "ENTAS3";
    case 0x06:
      return "RSTDAA";
    case 0x07:
      return "ENTDAA";
    case 0x08:
      return "DEFTGTS";
    case 0x09:
      return "SETMWL";
    case 0x0A:
      return "SETMRL";
    case 0x0B:
      return "ENTTM";
    case 0x0C:
      return "SETBUSCON";
    case 0x12:
      return "ENDXFER";
    case 0x28:
      return "SETXTIME";
    case 0x29:
      return "SETAASA";
    case 0x2A:
      return "RSTACT";
    case 0x2B:
      return "DEFGRPA";
    case 0x2C:
      return "RSTGRPA";
    case 0x2D:
      return "MLANE";
    case 0x80:
      return "ENEC";
    case 0x81:
      return "DISEC";
    case 0x82:
      return "ENTAS0";
    case 0x83:
      return "ENTAS1";
    case 0x84:
      return "ENTAS2";
    case 0x85:
      return "ENTAS3";
    case 0x86:
      return "RSTDAA";
    case 0x87:
      return "SETDASA";
    case 0x88:
      return "SETNEWDA";
    case 0x89:
      return "SETMWL";
    case 0x8A:
      return "SETMRL";
    case 0x8B:
      return "GETMWL";
    case 0x8C:
      return "GETMRL";
    case 0x8D:
      return "GETPID";
    case 0x8E:
      return "GETBCR";
    case 0x8F:
      return "GETDCR";
    case 0x90:
      return "GETSTATUS";
    case 0x91:
      return "GETACCCR";
    case 0x92:
      return "ENDXFER";
    case 0x93:
      return "SETBRGTGT";
    case 0x94:
      return "GETMXDS";
    case 0x95:
      return "GETCAPS";
    case 0x96:
      return "SETROUTE";
    case 0x97:
      return "D2DXFER";
    case 0x98:
      return "SETXTIME";
    case 0x99:
      return "GETXTIME";
    case 0x9A:
      return "RSTACT";
    case 0x9B:
      return "SETGRPA";
    case 0x9C:
      return "RSTGRPA";
    case 0x9D:
      return "MLANE";
    default:
      if (code >= 0x20 && code <= 0x27) return fmt::format("ENTHDR{}", code - 0x20);
      return fmt::format("CCC_0x{:02X}", code);
  }
}
}  // namespace ccc

std::string FormatTime(Time t) {
  return fmt::format("{:.4f}us", static_cast<double>(t) / static_cast<double>(kUs));
}

}  // namespace xpo::i3c
