#include "xpo/i3c/ref_controller.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace xpo::i3c {

namespace {
constexpr int kMaxRetries = 16;  // IBIs allowed to pre-empt one transfer before giving up
}

RefController::RefController(Bus& bus, RefControllerTiming t, std::string name)
    : bus_(bus), t_(t), agent_(bus.AddAgent(std::move(name))) {
  SetScl(true);
  SetSda(Drive::kRelease);
}

void RefController::SetScl(bool v) {
  bus_.Set(agent_, Line::kScl, v ? Drive::kPpHigh : Drive::kPpLow);
}
void RefController::SetSda(Drive d) { bus_.Set(agent_, Line::kSda, d); }

void RefController::CheckAddress(std::uint8_t addr) const {
  if (!knobs_.allow_reserved && (addr > 0x7F || IsReservedAddress(addr))) {
    throw std::invalid_argument(fmt::format(
        "RefController: 0x{:02X} is a reserved I3C address and cannot be assigned", addr));
  }
}

void RefController::AcceptIbi(std::uint8_t addr, bool payload, std::size_t max_len) {
  ibi_accept_[addr] = {payload, max_len};
}

void RefController::Idle(Time dt) {
  const Time end = bus_.Now() + dt;
  while (bus_.Now() < end) {
    Wait(std::min(t_.poll, end - bus_.Now()));
    if (bus_.Scl() && !bus_.Sda()) {
      Start();
      const std::uint8_t hdr = Header(kBroadcastAddr << 1, true);
      if (hdr != (kBroadcastAddr << 1)) {
        ServiceRequest(hdr);
      } else {
        AckBit(false, t_.od_low, t_.od_high);
        Stop();
      }
    }
  }
}

void RefController::Start() {
  SetSda(Drive::kOdLow);
  Wait(t_.cas);
  SetScl(false);
  at_sr_ = false;
}

void RefController::RepeatedStart() {
  if (at_sr_) {  // a read abort already produced the Sr
    at_sr_ = false;
    return;
  }
  Wait(t_.hold);
  SetSda(Drive::kPpHigh);
  Wait(t_.pp_low - t_.hold);
  SetScl(true);
  Wait(t_.cbsr);
  SetSda(Drive::kPpLow);
  Wait(t_.casr);
  SetScl(false);
}

void RefController::Stop() {
  at_sr_ = false;
  Wait(t_.hold);
  SetSda(Drive::kPpLow);
  Wait(t_.pp_low - t_.hold);
  SetScl(true);
  Wait(t_.cbp);
  SetSda(Drive::kPpHigh);
  SetSda(Drive::kRelease);  // the pull-up holds SDA high so targets can request a START
  Wait(t_.buf);
}

bool RefController::Bit(Drive d, Time low, Time high) {
  Wait(t_.hold);
  SetSda(d);
  Wait(low - t_.hold);
  SetScl(true);
  const bool s = bus_.Sda();
  Wait(high);
  SetScl(false);
  return s;
}

bool RefController::AckBit(bool drive_ack, Time low, Time high) {
  SetSda(drive_ack ? Drive::kOdLow : Drive::kRelease);  // hand SDA over at once
  Wait(low);
  SetScl(true);
  const bool s = bus_.Sda();
  Wait(high);
  SetScl(false);
  return !s;
}

std::uint8_t RefController::Header(std::uint8_t value, bool arbitrable) {
  return Header(value, arbitrable, t_.od_low, t_.first_high);
}

std::uint8_t RefController::Header(std::uint8_t value, bool arbitrable, Time od_low, Time od_high) {
  std::uint8_t seen = 0;
  bool lost = false;
  for (int i = 7; i >= 0; --i) {
    const bool bit = (value >> i) & 1;
    bool s;
    if (arbitrable) {
      const Drive d = (lost || bit) ? Drive::kRelease : Drive::kOdLow;
      s = Bit(d, od_low, od_high);
      if (bit && !s && !knobs_.keep_driving_after_lost) lost = true;
    } else {
      s = Bit(bit ? Drive::kPpHigh : Drive::kPpLow, t_.pp_low, t_.pp_high);
    }
    seen = static_cast<std::uint8_t>((seen << 1) | (s ? 1 : 0));
  }
  return seen;
}

void RefController::HeaderOd(std::uint8_t value) {
  for (int i = 7; i >= 0; --i) {
    Bit(((value >> i) & 1) ? Drive::kRelease : Drive::kOdLow, t_.od_low, t_.od_high);
  }
}

void RefController::WriteByte(std::uint8_t b) {
  for (int i = 7; i >= 0; --i) {
    Bit(((b >> i) & 1) ? Drive::kPpHigh : Drive::kPpLow, t_.pp_low, t_.pp_high);
  }
  const bool t = OddParityBit(b) != knobs_.bad_write_parity;
  Bit(t ? Drive::kPpHigh : Drive::kPpLow, t_.pp_low, t_.pp_high);
}

std::uint8_t RefController::ReadByte(bool more, bool& t_bit, bool& aborted) {
  SetSda(Drive::kRelease);
  aborted = false;
  std::uint8_t b = 0;
  for (int i = 0; i < 8; ++i) {
    Wait(t_.pp_low);
    SetScl(true);
    b = static_cast<std::uint8_t>((b << 1) | (bus_.Sda() ? 1 : 0));
    Wait(t_.pp_high);
    SetScl(false);
  }
  Wait(t_.pp_low);
  SetScl(true);
  t_bit = bus_.Sda();
  if (!t_bit) {
    // End of data: take SDA over while SCL is high so that no STOP appears by accident.
    SetSda(Drive::kPpLow);
    Wait(t_.pp_high);
    SetScl(false);
  } else if (more) {
    Wait(t_.pp_high);
    SetScl(false);
  } else {
    Wait(t_.cbsr);
    SetSda(Drive::kPpLow);  // abort: Sr during the T-bit
    Wait(t_.casr);
    SetScl(false);
    aborted = true;
    at_sr_ = true;
  }
  return b;
}

XferResult RefController::ReadBytes(std::size_t max_len, bool& aborted) {
  XferResult r;
  r.ack = true;
  aborted = false;
  for (std::size_t i = 0; i < max_len; ++i) {
    bool t = false;
    r.data.push_back(ReadByte(i + 1 < max_len, t, aborted));
    if (!t) {
      r.ended_by_target = true;
      if (knobs_.read_past_end) {
        bool t2 = false;
        bool ab2 = false;
        ReadByte(true, t2, ab2);
        SetSda(Drive::kPpLow);
      }
      break;
    }
    if (aborted) break;
  }
  return r;
}

void RefController::ServiceRequest(std::uint8_t hdr) {
  const auto addr = static_cast<std::uint8_t>(hdr >> 1);
  const bool rnw = hdr & 1;
  IbiRecord rec{bus_.Now(), addr, !rnw && addr == kHotJoinAddr, false, {}};
  bool disec_hj = false;
  std::optional<std::uint8_t> disec_int;
  if (rnw && ibi_accept_.count(addr)) {
    rec.acked = true;
    AckBit(true, t_.od_low, t_.od_high);
    const auto [payload, max_len] = ibi_accept_.at(addr);
    if (payload) {
      bool aborted = false;
      rec.data = ReadBytes(max_len, aborted).data;
    }
  } else if (rec.hot_join) {
    rec.acked = accept_hj_;
    AckBit(accept_hj_, t_.od_low, t_.od_high);
    disec_hj = !accept_hj_;
  } else {
    AckBit(false, t_.od_low, t_.od_high);
    if (rnw) disec_int = addr;  // an IBI nobody asked for: tell that device to stop
  }
  // The DISEC follows at once after Sr: after a STOP the same request would win the next
  // arbitrable header again, for ever.
  if (disec_hj || disec_int) {
    RepeatedStart();
    Header(kBroadcastAddr << 1, false);
    AckBit(false, t_.od_low, t_.od_high);
    if (disec_hj) {
      WriteByte(ccc::kDisecB);
      WriteByte(ccc::kEvtHj);
    } else {
      WriteByte(ccc::kDisecD);
      RepeatedStart();
      Header(static_cast<std::uint8_t>(*disec_int << 1), false);
      if (AckBit(false, t_.od_low, t_.od_high)) WriteByte(ccc::kEvtInt);
    }
  }
  Stop();
  ibis_.push_back(std::move(rec));
}

bool RefController::OpenBroadcast() {
  for (int i = 0; i < kMaxRetries; ++i) {
    Start();
    const std::uint8_t hdr = Header(kBroadcastAddr << 1, true);
    if (hdr != (kBroadcastAddr << 1)) {
      ServiceRequest(hdr);
      continue;
    }
    if (!AckBit(false, t_.od_low, t_.od_high)) {
      Stop();
      return false;
    }
    return true;
  }
  throw std::runtime_error("RefController: IBIs kept winning the header arbitration");
}

XferResult RefController::PrivateWrite(std::uint8_t addr, const std::vector<std::uint8_t>& data) {
  XferResult r;
  if (!OpenBroadcast()) return r;
  RepeatedStart();
  Header(static_cast<std::uint8_t>(addr << 1), false);
  r.ack = AckBit(false, t_.od_low, t_.od_high);
  if (r.ack) {
    for (auto b : data) WriteByte(b);
  }
  Stop();
  return r;
}

XferResult RefController::PrivateRead(std::uint8_t addr, std::size_t max_len) {
  XferResult r;
  if (!OpenBroadcast()) return r;
  RepeatedStart();
  Header(static_cast<std::uint8_t>((addr << 1) | 1), false);
  if (AckBit(false, t_.od_low, t_.od_high)) {
    bool aborted = false;
    r = ReadBytes(max_len, aborted);
  }
  Stop();
  return r;
}

bool RefController::Broadcast(std::uint8_t code, const std::vector<std::uint8_t>& data) {
  if (!OpenBroadcast()) return false;
  WriteByte(code);
  for (auto b : data) WriteByte(b);
  Stop();
  return true;
}

XferResult RefController::DirectSet(std::uint8_t code, std::uint8_t addr,
                                    const std::vector<std::uint8_t>& data,
                                    const std::vector<std::uint8_t>& defining) {
  XferResult r;
  if (!OpenBroadcast()) return r;
  WriteByte(code);
  for (auto b : defining) WriteByte(b);
  RepeatedStart();
  Header(static_cast<std::uint8_t>(addr << 1), false);
  r.ack = AckBit(false, t_.od_low, t_.od_high);
  if (r.ack) {
    for (auto b : data) WriteByte(b);
  }
  Stop();
  return r;
}

XferResult RefController::DirectGet(std::uint8_t code, std::uint8_t addr, std::size_t max_len,
                                    const std::vector<std::uint8_t>& defining) {
  XferResult r;
  if (!OpenBroadcast()) return r;
  WriteByte(code);
  for (auto b : defining) WriteByte(b);
  RepeatedStart();
  Header(static_cast<std::uint8_t>((addr << 1) | 1), false);
  if (AckBit(false, t_.od_low, t_.od_high)) {
    bool aborted = false;
    r = ReadBytes(max_len, aborted);
  }
  Stop();
  return r;
}

std::vector<bool> RefController::DirectSetMulti(
    std::uint8_t code, const std::vector<std::pair<std::uint8_t, std::vector<std::uint8_t>>>& to) {
  std::vector<bool> acks;
  if (!OpenBroadcast()) return acks;
  WriteByte(code);
  for (const auto& [addr, data] : to) {
    RepeatedStart();
    Header(static_cast<std::uint8_t>(addr << 1), false);
    const bool ack = AckBit(false, t_.od_low, t_.od_high);
    acks.push_back(ack);
    if (ack) {
      for (auto b : data) WriteByte(b);
    }
  }
  Stop();
  return acks;
}

XferResult RefController::SetDasa(std::uint8_t static_addr, std::uint8_t dyn_addr) {
  CheckAddress(dyn_addr);
  return DirectSet(ccc::kSetdasa, static_addr, {static_cast<std::uint8_t>(dyn_addr << 1)});
}

std::vector<DaaRecord> RefController::EntDaa(const std::vector<std::uint8_t>& addrs) {
  for (auto a : addrs) CheckAddress(a);
  std::vector<DaaRecord> out;
  if (!OpenBroadcast()) return out;
  WriteByte(ccc::kEntdaa);
  for (auto a : addrs) {
    RepeatedStart();
    HeaderOd((kBroadcastAddr << 1) | 1);
    if (!AckBit(false, t_.od_low, t_.od_high)) break;
    std::uint64_t id = 0;
    SetSda(Drive::kRelease);
    for (int i = 0; i < 64; ++i) {
      id = (id << 1) | (Bit(Drive::kRelease, t_.od_low, t_.od_high) ? 1 : 0);
    }
    std::uint8_t b = DaaAddressByte(a);
    if (knobs_.bad_daa_parity) b ^= 1;
    HeaderOd(b);
    const bool ack = AckBit(false, t_.od_low, t_.od_high);
    out.push_back(DaaRecord{id >> 16, static_cast<std::uint8_t>(id >> 8),
                            static_cast<std::uint8_t>(id), a, ack});
  }
  Stop();
  return out;
}

XferResult RefController::I2cWrite(std::uint8_t addr, const std::vector<std::uint8_t>& data) {
  XferResult r;
  for (int i = 0; i < kMaxRetries; ++i) {
    Start();
    const auto want = static_cast<std::uint8_t>(addr << 1);
    const std::uint8_t seen = Header(want, true, t_.i2c_low, t_.i2c_high);
    if (seen != want) {
      ServiceRequest(seen);
      continue;
    }
    r.ack = AckBit(false, t_.i2c_low, t_.i2c_high);
    for (std::size_t k = 0; r.ack && k < data.size(); ++k) {
      for (int b = 7; b >= 0; --b) {
        Bit(((data[k] >> b) & 1) ? Drive::kRelease : Drive::kOdLow, t_.i2c_low, t_.i2c_high);
      }
      if (!AckBit(false, t_.i2c_low, t_.i2c_high)) break;
      r.data.push_back(data[k]);
    }
    // STOP with the I2C setup time.
    Wait(t_.hold);
    SetSda(Drive::kOdLow);
    Wait(t_.i2c_low - t_.hold);
    SetScl(true);
    Wait(t_.i2c_high);
    SetSda(Drive::kRelease);
    Wait(t_.buf);
    return r;
  }
  throw std::runtime_error("RefController: IBIs kept winning the I2C header");
}

XferResult RefController::I2cRead(std::uint8_t addr, std::size_t len) {
  XferResult r;
  for (int i = 0; i < kMaxRetries; ++i) {
    Start();
    const auto want = static_cast<std::uint8_t>((addr << 1) | 1);
    const std::uint8_t seen = Header(want, true, t_.i2c_low, t_.i2c_high);
    if (seen != want) {
      ServiceRequest(seen);
      continue;
    }
    r.ack = AckBit(false, t_.i2c_low, t_.i2c_high);
    for (std::size_t k = 0; r.ack && k < len; ++k) {
      SetSda(Drive::kRelease);
      std::uint8_t v = 0;
      for (int b = 0; b < 8; ++b) {
        v = static_cast<std::uint8_t>((v << 1) |
                                      (Bit(Drive::kRelease, t_.i2c_low, t_.i2c_high) ? 1 : 0));
      }
      r.data.push_back(v);
      Wait(t_.hold);
      AckBit(k + 1 < len, t_.i2c_low - t_.hold, t_.i2c_high);
    }
    Wait(t_.hold);
    SetSda(Drive::kOdLow);
    Wait(t_.i2c_low - t_.hold);
    SetScl(true);
    Wait(t_.i2c_high);
    SetSda(Drive::kRelease);
    Wait(t_.buf);
    return r;
  }
  throw std::runtime_error("RefController: IBIs kept winning the I2C header");
}

}  // namespace xpo::i3c
