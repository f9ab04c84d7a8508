#include "xpo/i3c/i2c_eeprom.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace xpo::i3c {

I2cEeprom::I2cEeprom(Bus& bus, I2cEepromConfig cfg)
    : bus_(bus), cfg_(std::move(cfg)), agent_(bus.AddAgent(cfg_.name)), lower_(128, 0) {
  if (cfg_.addr > 0x7F || cfg_.addr < 0x08 || cfg_.addr >= 0x78) {
    throw std::invalid_argument(
        fmt::format("I2cEeprom '{}': address 0x{:02X} is not a usable 7-bit I2C address", cfg_.name,
                    cfg_.addr));
  }
  if (cfg_.upper_pages < 1 || cfg_.upper_pages > 256) {
    throw std::invalid_argument(
        fmt::format("I2cEeprom '{}': upper_pages {} not in 1..256", cfg_.name, cfg_.upper_pages));
  }
  upper_.assign(static_cast<std::size_t>(cfg_.upper_pages), std::vector<std::uint8_t>(128, 0));
  bus_.Subscribe([this](const BusEvent& ev) { OnEvent(ev); });
}

std::uint8_t I2cEeprom::Peek(int page, int offset) const {
  if (offset < 0 || offset > 255) throw std::out_of_range("I2cEeprom::Peek: offset not in 0..255");
  if (offset < 128) return lower_[static_cast<std::size_t>(offset)];
  return upper_.at(static_cast<std::size_t>(page))[static_cast<std::size_t>(offset - 128)];
}

void I2cEeprom::Poke(int page, int offset, std::uint8_t v) {
  if (offset < 0 || offset > 255) throw std::out_of_range("I2cEeprom::Poke: offset not in 0..255");
  if (offset < 128) {
    lower_[static_cast<std::size_t>(offset)] = v;
  } else {
    upper_.at(static_cast<std::size_t>(page))[static_cast<std::size_t>(offset - 128)] = v;
  }
}

std::uint8_t I2cEeprom::Read(std::uint8_t off) const {
  if (off < 128) return lower_[off];
  const std::size_t page = lower_[127];
  return page < upper_.size() ? upper_[page][off - 128u] : 0xFF;
}

void I2cEeprom::Write(std::uint8_t off, std::uint8_t v) {
  if (off < 128) {
    lower_[off] = v;
    return;
  }
  const std::size_t page = lower_[127];
  if (page < upper_.size()) upper_[page][off - 128u] = v;
}

void I2cEeprom::DriveLater(Drive d) {
  const std::uint64_t gen = gen_;
  bus_.Sched().After(cfg_.data_hold, [this, d, gen] {
    if (gen == gen_) bus_.Set(agent_, Line::kSda, d);
  });
}

void I2cEeprom::OnEvent(const BusEvent& ev) {
  if (!ev.level_changed) return;
  if (ev.line == Line::kScl) {
    const std::uint64_t g = ++scl_gen_;
    if (ev.info.level) {
      bus_.Sched().After(cfg_.spike_filter, [this, g] {
        if (g == scl_gen_ && bus_.Scl()) {
          scl_f_ = true;
          FilteredRise();
        }
      });
    } else if (scl_f_) {
      scl_f_ = false;
      FilteredFall();
    }
    return;
  }
  if (!scl_f_) return;
  ++gen_;
  if (!ev.info.level) {  // START or repeated START
    st_ = St::kAddr;
    bits_ = 0;
    shift_ = 0;
    bus_.Set(agent_, Line::kSda, Drive::kRelease);
  } else {  // STOP
    st_ = St::kIdle;
    bus_.Set(agent_, Line::kSda, Drive::kRelease);
  }
}

void I2cEeprom::FilteredRise() {
  const bool sda = bus_.Sda();
  switch (st_) {
    case St::kAddr:
    case St::kWrite:
      shift_ = static_cast<std::uint8_t>((shift_ << 1) | (sda ? 1 : 0));
      if (++bits_ < 8) return;
      bits_ = 0;
      if (st_ == St::kAddr) {
        ack_ = (shift_ >> 1) == cfg_.addr;
        first_byte_ = !(shift_ & 1);
        st_ = St::kAddrAck;
      } else {
        if (first_byte_) {
          ptr_ = shift_;
          first_byte_ = false;
        } else {
          Write(ptr_, shift_);
          ptr_ = static_cast<std::uint8_t>(ptr_ + 1);
        }
        ack_ = true;
        st_ = St::kWriteAck;
      }
      return;
    case St::kAddrAck:
      if (!ack_) {
        st_ = St::kIdle;  // not for us: wait for the next START
      } else {
        st_ = first_byte_ ? St::kWrite : St::kRead;
        if (st_ == St::kWrite) first_byte_ = true;
      }
      return;
    case St::kWriteAck:
      st_ = St::kWrite;
      return;
    case St::kRead:
      if (++bits_ < 8) return;
      bits_ = 0;
      ptr_ = static_cast<std::uint8_t>(ptr_ + 1);
      st_ = St::kReadAck;
      return;
    case St::kReadAck:
      st_ = sda ? St::kIdle : St::kRead;  // NACK ends the read
      return;
    case St::kIdle:
      return;
  }
}

void I2cEeprom::FilteredFall() {
  switch (st_) {
    case St::kAddrAck:
    case St::kWriteAck:
      DriveLater(ack_ ? Drive::kOdLow : Drive::kRelease);
      return;
    case St::kRead: {
      const bool bit = (Read(ptr_) >> (7 - bits_)) & 1;
      DriveLater(bit ? Drive::kRelease : Drive::kOdLow);
      return;
    }
    default:
      DriveLater(Drive::kRelease);
      return;
  }
}

}  // namespace xpo::i3c
