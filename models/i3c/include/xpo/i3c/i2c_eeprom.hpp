// A legacy I2C EEPROM with CMIS-style paging (OIF CMIS 5.x, "Memory organization"): 256 bytes
// visible at a time, bytes 0-127 the fixed lower page, bytes 128-255 the upper page chosen by
// the page-select byte 127. Fm/Fm+ (I2C-bus spec UM10204) target without clock stretching and
// with the 50 ns spike filter on SCL that lets it sit on an I3C bus without seeing push-pull
// traffic (MIPI I3C Basic 5.1.1.1, legacy I2C requirements).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xpo/i3c/bus.hpp"

namespace xpo::i3c {

struct I2cEepromConfig {
  std::string name = "eeprom";
  std::uint8_t addr = 0x50;
  int upper_pages = 4;           // upper pages 0 .. upper_pages-1
  Time spike_filter = 50 * kNs;  // tSP: SCL pulses shorter than this are not seen
  Time data_hold = 100 * kNs;    // output change after SCL falls
};

class I2cEeprom {
 public:
  I2cEeprom(Bus& bus, I2cEepromConfig cfg);
  I2cEeprom(const I2cEeprom&) = delete;
  I2cEeprom& operator=(const I2cEeprom&) = delete;

  std::uint8_t Peek(int page, int offset) const;  // offset 0-255; page for offsets >= 128
  void Poke(int page, int offset, std::uint8_t v);
  int Page() const { return lower_[127]; }
  std::uint8_t Pointer() const { return ptr_; }
  int Agent() const { return agent_; }
  const I2cEepromConfig& Config() const { return cfg_; }

 private:
  enum class St : std::uint8_t { kIdle, kAddr, kAddrAck, kWrite, kWriteAck, kRead, kReadAck };
  void OnEvent(const BusEvent& ev);
  void FilteredRise();
  void FilteredFall();
  std::uint8_t Read(std::uint8_t off) const;
  void Write(std::uint8_t off, std::uint8_t v);
  void DriveLater(Drive d);

  Bus& bus_;
  I2cEepromConfig cfg_;
  int agent_;
  std::vector<std::uint8_t> lower_;
  std::vector<std::vector<std::uint8_t>> upper_;
  bool scl_f_ = true;  // SCL after the spike filter
  std::uint64_t scl_gen_ = 0;
  std::uint64_t gen_ = 0;
  St st_ = St::kIdle;
  int bits_ = 0;
  std::uint8_t shift_ = 0;
  bool first_byte_ = false;
  bool ack_ = false;
  std::uint8_t ptr_ = 0;
};

}  // namespace xpo::i3c
