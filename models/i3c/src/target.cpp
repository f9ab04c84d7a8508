#include "xpo/i3c/target.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace xpo::i3c {

namespace {
constexpr Time kRelease = 1 * kNs;    // output hold after SCL falls before letting go of SDA
constexpr Time kHandOver = 4 * kNs;   // end-of-data T-bit: controller takes SDA over by then
constexpr Time kIbiEarly = 20 * kNs;  // START request delay when the tAVAL fault is injected
}  // namespace

Target::Target(Bus& bus, TargetConfig cfg)
    : bus_(bus),
      cfg_(std::move(cfg)),
      agent_(bus.AddAgent(cfg_.name)),
      powered_(false),
      mwl_(cfg_.max_write_len),
      mrl_(cfg_.max_read_len),
      ibi_len_(cfg_.max_ibi_len),
      regs_(cfg_.reg_count, 0) {
  if (cfg_.pid >> 48) {
    throw std::invalid_argument(
        fmt::format("Target '{}': PID 0x{:X} does not fit 48 bits", cfg_.name, cfg_.pid));
  }
  if (cfg_.static_addr && (*cfg_.static_addr > 0x7F || IsReservedAddress(*cfg_.static_addr))) {
    throw std::invalid_argument(fmt::format("Target '{}': static address 0x{:02X} is reserved",
                                            cfg_.name, *cfg_.static_addr));
  }
  if (cfg_.mxds.size() != 2 && cfg_.mxds.size() != 5) {
    throw std::invalid_argument(fmt::format(
        "Target '{}': GETMXDS answer must be 2 or 5 bytes, got {}", cfg_.name, cfg_.mxds.size()));
  }
  if (cfg_.caps.empty() || cfg_.caps.size() > 4) {
    throw std::invalid_argument(fmt::format(
        "Target '{}': GETCAPS answer must be 1 to 4 bytes, got {}", cfg_.name, cfg_.caps.size()));
  }
  if (cfg_.reg_count == 0) {
    throw std::invalid_argument(fmt::format("Target '{}': reg_count must be > 0", cfg_.name));
  }
  if (cfg_.tsco <= kRelease) {
    throw std::invalid_argument(fmt::format("Target '{}': tsco must exceed 1 ns", cfg_.name));
  }
  bus_.Subscribe([this](const BusEvent& ev) { OnEvent(ev); });
  if (cfg_.powered) PowerUp();
}

void Target::PowerUp() {
  if (powered_) return;
  powered_ = true;
  idle_seen_ = false;
  bus_free_ = false;
  last_edge_ = bus_.Now();
  st_ = St::kIdle;
  hj_pending_ = cfg_.hot_join && !da_;
  ScheduleRequest();
}

void Target::RaiseIbi(std::uint8_t mdb, std::vector<std::uint8_t> payload) {
  ibis_.emplace_back(mdb, std::move(payload));
  ScheduleRequest();
}

bool Target::WantRequest() const {
  if (!powered_ || cfg_.faults.never_answer) return false;
  if (da_) {
    return !ibis_.empty() && (events_ & ccc::kEvtInt) && (cfg_.bcr & bcr::kIbiCapable);
  }
  return hj_pending_ && (events_ & ccc::kEvtHj) && idle_seen_;
}

std::uint8_t Target::RequestHeader() const {
  return da_ ? static_cast<std::uint8_t>((*da_ << 1) | 1)
             : static_cast<std::uint8_t>(kHotJoinAddr << 1);
}

void Target::ScheduleRequest() {
  if (!powered_ || cfg_.faults.never_answer) return;
  const I3cTimingMin tm;
  Time wait;
  if (!idle_seen_ && hj_pending_ && !da_) {
    wait = cfg_.faults.hj_ignores_idle ? tm.aval : tm.idle;  // Hot-Join waits for Bus Idle
  } else if (bus_free_ && WantRequest()) {
    wait = cfg_.faults.ibi_ignores_aval ? kIbiEarly : tm.aval;  // IBI waits for Bus Available
  } else if (!idle_seen_) {
    wait = tm.idle;
  } else {
    return;
  }
  const Time edge = last_edge_;
  bus_.Sched().At(std::max(bus_.Now(), edge + wait), [this, edge, wait, tm] {
    if (last_edge_ != edge || st_ != St::kIdle || !bus_.Scl() || !bus_.Sda()) return;
    if (wait >= tm.idle || cfg_.faults.hj_ignores_idle) idle_seen_ = true;
    bus_free_ = true;
    if (WantRequest()) {
      requesting_ = true;
      DriveNow(Drive::kOdLow);  // START request: the controller completes it by pulling SCL low
    }
  });
}

Drive Target::OdBit(bool one) const {
  if (cfg_.faults.push_pull_open_drain) return one ? Drive::kPpHigh : Drive::kPpLow;
  return one ? Drive::kRelease : Drive::kOdLow;
}

void Target::DriveNow(Drive d) {
  if (cfg_.faults.never_answer && d != Drive::kRelease) return;
  bus_.Set(agent_, Line::kSda, d);
}

void Target::DriveLater(Drive d, Time delay) {
  const std::uint64_t gen = gen_;
  bus_.Sched().After(delay, [this, d, gen] {
    if (gen == gen_) DriveNow(d);
  });
}

void Target::OnEvent(const BusEvent& ev) {
  if (!powered_ || !ev.level_changed) return;
  last_edge_ = ev.time;
  if (ev.line == Line::kScl) {
    if (ev.info.level) {
      OnSclRise();
    } else {
      OnSclFall();
    }
  } else if (bus_.Scl()) {
    if (ev.info.level) {
      OnStop();
    } else {
      OnStart();
    }
  }
}

void Target::OnStart() {
  const bool repeated = st_ != St::kIdle;
  ++gen_;
  bus_free_ = false;
  if (!requesting_ && !stuck_) DriveNow(Drive::kRelease);
  requesting_ = false;
  if (!repeated) {
    ccc_.reset();
    daa_mode_ = false;
  } else if (ccc_ && !ccc::IsDirect(*ccc_)) {
    ccc_.reset();  // a broadcast CCC ends at the next Sr
  }
  st_ = St::kHeader;
  bits_ = 0;
  shift_ = 0;
  header_after_start_ = !repeated;
  won_ = false;
  // Arbitration for IBI/Hot-Join happens only in the header after a START, never after Sr.
  arbitrating_ = !repeated && WantRequest();
}

void Target::OnStop() {
  ++gen_;
  st_ = St::kIdle;
  ccc_.reset();
  daa_mode_ = false;
  bus_free_ = true;
  requesting_ = false;
  if (!stuck_) DriveNow(Drive::kRelease);
  ScheduleRequest();
}

void Target::OnSclRise() {
  const bool sda = bus_.Sda();
  switch (st_) {
    case St::kIdle:
    case St::kIgnore:
      return;
    case St::kHeader: {
      if (arbitrating_) {
        const bool mine = (RequestHeader() >> (7 - bits_)) & 1;
        if (mine && !sda && !cfg_.faults.keep_driving_after_lost) arbitrating_ = false;
      }
      shift_ = (shift_ << 1) | (sda ? 1 : 0);
      if (++bits_ == 8) HeaderDone();
      return;
    }
    case St::kHeaderAck: {
      const bool acked = !sda;
      bits_ = 0;
      shift_ = 0;
      if (won_) {
        st_ = St::kIgnore;
        if (!acked) return;  // NACKed: keep the request and try again after the next STOP
        if (da_) {
          auto [mdb, payload] = ibis_.front();
          ibis_.pop_front();
          ++ibis_sent_;
          if ((cfg_.bcr & bcr::kIbiPayload) && !cfg_.faults.ibi_without_mdb) {
            tx_.assign(1, mdb);
            const std::size_t n = std::min<std::size_t>(payload.size(), ibi_len_);
            tx_.insert(tx_.end(), payload.begin(), payload.begin() + static_cast<long>(n));
            tx_pos_ = 0;
            st_ = St::kSend;
            after_ack_ = AfterAck::kIbi;
          }
        } else {
          hj_acked_ = true;
          hj_pending_ = false;
        }
        return;
      }
      if (!ack_) {
        st_ = St::kIgnore;
        return;
      }
      switch (after_ack_) {
        case AfterAck::kRecv:
          st_ = St::kRecv;
          break;
        case AfterAck::kSend:
          st_ = St::kSend;
          tx_pos_ = 0;
          break;
        case AfterAck::kDaaPid:
          st_ = St::kDaaPid;
          break;
        default:
          st_ = St::kIgnore;
          break;
      }
      return;
    }
    case St::kRecv: {
      shift_ = (shift_ << 1) | (sda ? 1 : 0);
      if (++bits_ == 9) {
        const auto b = static_cast<std::uint8_t>(shift_ >> 1);
        const bool t = shift_ & 1;
        bits_ = 0;
        shift_ = 0;
        ByteDone(b, t == OddParityBit(b));
      }
      return;
    }
    case St::kSend: {
      if (++bits_ < 9) return;
      bits_ = 0;
      const bool more = tx_pos_ + 1 < tx_.size();
      if (after_ack_ == AfterAck::kSend && recv_ == Recv::kPrivate) {
        reg_ptr_ = (reg_ptr_ + 1) % regs_.size();
      }
      if (more) {
        DriveNow(Drive::kRelease);  // T=1: let the controller continue or abort with Sr
        ++tx_pos_;
      } else {
        st_ = St::kIgnore;
        if (cfg_.faults.hold_sda_after_read) {
          stuck_ = true;
          DriveNow(Drive::kOdLow);
        } else {
          DriveLater(Drive::kRelease, kHandOver);
        }
      }
      return;
    }
    case St::kDaaPid: {
      const std::uint64_t id = (cfg_.pid << 16) | (std::uint64_t{cfg_.bcr} << 8) | cfg_.dcr;
      const bool mine = (id >> (63 - bits_)) & 1;
      ++bits_;
      if (mine && !sda && !cfg_.faults.keep_driving_after_lost) {
        st_ = St::kIgnore;  // lost: someone with a lower ID goes on
        return;
      }
      if (bits_ == 64) {
        st_ = St::kDaaAddr;
        bits_ = 0;
        shift_ = 0;
      }
      return;
    }
    case St::kDaaAddr: {
      shift_ = (shift_ << 1) | (sda ? 1 : 0);
      if (++bits_ == 8) {
        const auto b = static_cast<std::uint8_t>(shift_);
        const bool ok = DaaAddressByte(static_cast<std::uint8_t>(b >> 1)) == b;
        if (!ok) {
          ++parity_errors_;
          protocol_error_ = true;
        }
        ack_ = ok || cfg_.faults.ignore_parity;
        shift_ = b >> 1;
        st_ = St::kDaaAck;
      }
      return;
    }
    case St::kDaaAck:
      if (ack_) {
        da_ = static_cast<std::uint8_t>(shift_);
        hj_pending_ = false;
      }
      st_ = St::kIgnore;
      return;
  }
}

void Target::OnSclFall() {
  switch (st_) {
    case St::kHeader:
      if (arbitrating_) {
        DriveLater(OdBit((RequestHeader() >> (7 - bits_)) & 1), cfg_.tsco);
      } else {
        DriveLater(Drive::kRelease, kRelease);
      }
      return;
    case St::kHeaderAck:
      DriveLater(ack_ ? OdBit(false) : Drive::kRelease, ack_ ? cfg_.tsco : kRelease);
      return;
    case St::kSend: {
      const bool more = tx_pos_ + 1 < tx_.size();
      const bool v = bits_ < 8 ? ((tx_[tx_pos_] >> (7 - bits_)) & 1) : more;
      DriveLater(v ? Drive::kPpHigh : Drive::kPpLow, cfg_.tsco);
      return;
    }
    case St::kDaaPid: {
      const std::uint64_t id = (cfg_.pid << 16) | (std::uint64_t{cfg_.bcr} << 8) | cfg_.dcr;
      DriveLater(OdBit((id >> (63 - bits_)) & 1), cfg_.tsco);
      return;
    }
    case St::kDaaAck:
      DriveLater(ack_ ? OdBit(false) : Drive::kRelease, ack_ ? cfg_.tsco : kRelease);
      return;
    case St::kIdle:
    case St::kIgnore:
    case St::kRecv:
    case St::kDaaAddr:
      if (!stuck_) DriveLater(Drive::kRelease, kRelease);
      return;
  }
}

void Target::HeaderDone() {
  const auto hdr = static_cast<std::uint8_t>(shift_ & 0xFF);
  const auto addr = static_cast<std::uint8_t>(hdr >> 1);
  const bool rnw = hdr & 1;
  st_ = St::kHeaderAck;
  ack_ = false;
  after_ack_ = AfterAck::kIgnore;
  won_ = false;
  if (cfg_.faults.never_answer) return;
  if (arbitrating_ && hdr == RequestHeader()) {
    won_ = true;
    return;
  }
  arbitrating_ = false;
  if (addr == kBroadcastAddr) {
    if (!rnw) {
      ack_ = true;
      after_ack_ = AfterAck::kRecv;
      recv_ = Recv::kCccCode;
      ccc_.reset();
      ccc_bytes_.clear();
    } else if (daa_mode_ && !da_) {
      ack_ = true;
      after_ack_ = AfterAck::kDaaPid;
    }
    return;
  }
  if (ccc_ && ccc::IsDirect(*ccc_)) {
    bool me = da_ && addr == *da_;
    if (*ccc_ == ccc::kSetdasa) {
      me = cfg_.static_addr && addr == *cfg_.static_addr &&
           (!da_ || cfg_.faults.ack_setdasa_with_da);
    }
    if (me) ack_ = DirectHeader(rnw);
    return;
  }
  if (da_ && addr == *da_ && !cfg_.faults.nack_private) {
    ack_ = true;
    xfer_bytes_.clear();
    recv_ = Recv::kPrivate;
    if (rnw) {
      const std::size_t n = std::clamp<std::size_t>(mrl_, 1, regs_.size());
      tx_.clear();
      for (std::size_t i = 0; i < n; ++i) tx_.push_back(regs_[(reg_ptr_ + i) % regs_.size()]);
      after_ack_ = AfterAck::kSend;
    } else {
      after_ack_ = AfterAck::kRecv;
    }
  }
}

bool Target::DirectHeader(bool rnw) {
  const std::uint8_t code = *ccc_;
  xfer_bytes_.clear();
  if (rnw) {
    auto data = DirectGetData();
    if (!data) return false;
    tx_ = std::move(*data);
    after_ack_ = AfterAck::kSend;
    recv_ = Recv::kDirectData;
    return true;
  }
  bool ok = false;
  switch (code) {
    case ccc::kEnecD:
    case ccc::kDisecD:
    case ccc::kSetdasa:
    case ccc::kSetnewda:
    case ccc::kSetmwlD:
    case ccc::kSetmrlD:
    case ccc::kEndxferD:
    case ccc::kSetxtimeD:
      ok = true;
      break;
    case 0x82:
    case 0x83:
    case 0x84:
    case 0x85:
      activity_ = static_cast<std::uint8_t>(code - 0x82);
      ok = true;
      break;
    case ccc::kRstactD:
      ok = !ccc_bytes_.empty() && ccc_bytes_[0] <= 0x04;
      if (ok) rstact_ = ccc_bytes_[0];
      break;
    case ccc::kRstdaaD:
      // Direct RSTDAA was removed in v1.1; a v1.1 target NACKs it.
      ok = cfg_.faults.ack_direct_rstdaa;
      if (ok) da_.reset();
      break;
    default:
      ok = false;
  }
  if (ok) {
    after_ack_ = AfterAck::kRecv;
    recv_ = Recv::kDirectData;
  }
  return ok;
}

std::optional<std::vector<std::uint8_t>> Target::DirectGetData() {
  const std::uint8_t code = *ccc_;
  const bool has_db = !ccc_bytes_.empty();
  using V = std::vector<std::uint8_t>;
  switch (code) {
    case ccc::kGetmwl:
      return V{static_cast<std::uint8_t>(mwl_ >> 8), static_cast<std::uint8_t>(mwl_)};
    case ccc::kGetmrl: {
      V v{static_cast<std::uint8_t>(mrl_ >> 8), static_cast<std::uint8_t>(mrl_)};
      if (cfg_.bcr & bcr::kIbiPayload) v.push_back(ibi_len_);
      return v;
    }
    case ccc::kGetpid: {
      V v;
      for (int i = 5; i >= 0; --i) v.push_back(static_cast<std::uint8_t>(cfg_.pid >> (8 * i)));
      return v;
    }
    case ccc::kGetbcr:
      return V{cfg_.bcr};
    case ccc::kGetdcr:
      return V{cfg_.dcr};
    case ccc::kGetstatus: {
      if (has_db && ccc_bytes_[0] != 0x00) return std::nullopt;  // only TGTSTAT is known
      const auto lsb = static_cast<std::uint8_t>((activity_ << 6) | (protocol_error_ ? 0x20 : 0) |
                                                 std::min<std::size_t>(ibis_.size(), 15));
      protocol_error_ = false;  // reading the status clears the error, as the spec says
      return V{0x00, lsb};
    }
    case ccc::kGetacccr:
      if ((cfg_.bcr & 0xC0) != bcr::kControllerCapable || !da_) return std::nullopt;
      return V{DaaAddressByte(*da_)};
    case ccc::kGetmxds:
      if (!(cfg_.bcr & bcr::kSpeedLimit) || has_db) return std::nullopt;
      return cfg_.mxds;
    case ccc::kGetcaps:
      if (has_db) return std::nullopt;
      return cfg_.caps;
    case ccc::kGetxtime:
      if (!cfg_.xtime) return std::nullopt;
      return V(cfg_.xtime->begin(), cfg_.xtime->end());
    case ccc::kRstactD:
      if (!has_db || (ccc_bytes_[0] != 0x81 && ccc_bytes_[0] != 0x82)) return std::nullopt;
      return V{static_cast<std::uint8_t>(ccc_bytes_[0] == 0x81 ? 0x01 : 0x02)};
    default:
      return std::nullopt;
  }
}

void Target::ByteDone(std::uint8_t b, bool parity_ok) {
  if (!parity_ok) {
    ++parity_errors_;
    protocol_error_ = true;
    if (!cfg_.faults.ignore_parity) {
      st_ = St::kIgnore;  // drop the byte and the rest of the message
      return;
    }
  }
  switch (recv_) {
    case Recv::kCccCode:
      ccc_ = b;
      ccc_bytes_.clear();
      recv_ = Recv::kCccData;
      if (!ccc::IsDirect(b)) {
        switch (b) {
          case ccc::kRstdaaB:
            da_.reset();
            break;
          case ccc::kEntdaa:
            daa_mode_ = true;
            break;
          case ccc::kSetaasa:
            if (cfg_.static_addr && !da_) da_ = cfg_.static_addr;
            break;
          case 0x02:
          case 0x03:
          case 0x04:
          case 0x05:
            activity_ = static_cast<std::uint8_t>(b - 0x02);
            break;
          default:
            break;
        }
      }
      return;
    case Recv::kCccData:
      ccc_bytes_.push_back(b);
      if (!ccc::IsDirect(*ccc_)) BroadcastByte(b);
      return;
    case Recv::kDirectData:
      xfer_bytes_.push_back(b);
      DirectByte(b);
      return;
    case Recv::kPrivate:
      PrivateByte(b);
      return;
  }
}

void Target::BroadcastByte(std::uint8_t b) {
  const std::size_t n = ccc_bytes_.size();
  switch (*ccc_) {
    case ccc::kEnecB:
      if (n == 1) events_ |= b & (ccc::kEvtInt | ccc::kEvtCr | ccc::kEvtHj);
      break;
    case ccc::kDisecB:
      if (n == 1) events_ &= static_cast<std::uint8_t>(~b);
      break;
    case ccc::kSetmwlB:
      if (n == 2) mwl_ = static_cast<std::uint16_t>((ccc_bytes_[0] << 8) | ccc_bytes_[1]);
      break;
    case ccc::kSetmrlB:
      if (n == 2) mrl_ = static_cast<std::uint16_t>((ccc_bytes_[0] << 8) | ccc_bytes_[1]);
      if (n == 3) ibi_len_ = b;
      break;
    case ccc::kEndxferB:
      if (n == 1) endxfer_ = b;
      break;
    case ccc::kSetxtimeB:
      setxtime_ = ccc_bytes_;
      break;
    case ccc::kRstactB:
      if (n == 1) rstact_ = b;
      break;
    case ccc::kDeftgts:
      deftgts_ = ccc_bytes_;
      break;
    default:
      break;
  }
  if (*ccc_ == ccc::kEnecB) ScheduleRequest();
}

void Target::DirectByte(std::uint8_t b) {
  const std::size_t n = xfer_bytes_.size();
  switch (*ccc_) {
    case ccc::kEnecD:
      if (n == 1) events_ |= b & (ccc::kEvtInt | ccc::kEvtCr | ccc::kEvtHj);
      break;
    case ccc::kDisecD:
      if (n == 1) events_ &= static_cast<std::uint8_t>(~b);
      break;
    case ccc::kSetdasa:
    case ccc::kSetnewda:
      if (n == 1) {
        da_ = static_cast<std::uint8_t>(b >> 1);
        hj_pending_ = false;
      }
      break;
    case ccc::kSetmwlD:
      if (n == 2) mwl_ = static_cast<std::uint16_t>((xfer_bytes_[0] << 8) | xfer_bytes_[1]);
      break;
    case ccc::kSetmrlD:
      if (n == 2) mrl_ = static_cast<std::uint16_t>((xfer_bytes_[0] << 8) | xfer_bytes_[1]);
      if (n == 3) ibi_len_ = b;
      break;
    case ccc::kEndxferD:
      if (n == 1) endxfer_ = b;
      break;
    case ccc::kSetxtimeD:
      setxtime_ = xfer_bytes_;
      break;
    default:
      break;
  }
}

void Target::PrivateByte(std::uint8_t b) {
  if (xfer_bytes_.empty()) {
    reg_ptr_ = b % regs_.size();  // first byte of a write selects the register
  } else {
    regs_[reg_ptr_] = b;
    reg_ptr_ = (reg_ptr_ + 1) % regs_.size();
  }
  xfer_bytes_.push_back(b);
}

}  // namespace xpo::i3c
