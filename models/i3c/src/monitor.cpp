#include "xpo/i3c/monitor.hpp"

#include <bit>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

namespace xpo::i3c {

namespace {

double Ns(Time t) { return static_cast<double>(t) / static_cast<double>(kNs); }
double Us(Time t) { return static_cast<double>(t) / static_cast<double>(kUs); }

struct CccShape {
  int min_len;
  int max_len;
  int dir;  // 0 either, 1 write, 2 read
};

// Data bytes an addressed direct CCC carries (I3C Basic 5.1.9.3, per-CCC sections).
std::optional<CccShape> DirectShape(std::uint8_t code, bool payload_bcr,
                                    const std::vector<std::uint8_t>& defining) {
  switch (code) {
    case ccc::kEnecD:
    case ccc::kDisecD:
      return CccShape{1, 1, 1};
    case 0x82:
    case 0x83:
    case 0x84:
    case 0x85:
    case ccc::kRstdaaD:
      return CccShape{0, 0, 1};
    case ccc::kSetdasa:
    case ccc::kSetnewda:
      return CccShape{1, 1, 1};
    case ccc::kSetmwlD:
      return CccShape{2, 2, 1};
    case ccc::kSetmrlD:
      return CccShape{2, 3, 1};
    case ccc::kGetmwl:
      return CccShape{2, 2, 2};
    case ccc::kGetmrl:
      return payload_bcr ? CccShape{3, 3, 2} : CccShape{2, 3, 2};
    case ccc::kGetpid:
      return CccShape{6, 6, 2};
    case ccc::kGetbcr:
    case ccc::kGetdcr:
      return CccShape{1, 1, 2};
    case ccc::kGetstatus:
      return CccShape{2, 2, 2};
    case ccc::kGetacccr:
      return CccShape{1, 1, 2};
    case ccc::kEndxferD:
      return CccShape{1, 1, 1};
    case ccc::kGetmxds:
      return defining.empty() ? CccShape{2, 5, 2} : CccShape{1, 5, 2};
    case ccc::kGetcaps:
      return CccShape{1, 4, 2};
    case ccc::kSetxtimeD:
      return CccShape{1, 4, 1};
    case ccc::kGetxtime:
      return CccShape{4, 4, 2};
    case ccc::kRstactD:
      if (!defining.empty() && defining[0] >= 0x80) return CccShape{1, 1, 2};
      return CccShape{0, 0, 1};
    default:
      return std::nullopt;
  }
}

// Bytes after the code in the 7E/W frame: broadcast data, or direct defining bytes.
std::optional<std::pair<int, int>> CodeFrameShape(std::uint8_t code) {
  switch (code) {
    case ccc::kEnecB:
    case ccc::kDisecB:
      return std::pair{1, 1};
    case 0x02:
    case 0x03:
    case 0x04:
    case 0x05:
    case ccc::kRstdaaB:
    case ccc::kEntdaa:
    case ccc::kSetaasa:
      return std::pair{0, 0};
    case ccc::kSetmwlB:
      return std::pair{2, 2};
    case ccc::kSetmrlB:
      return std::pair{2, 3};
    case ccc::kEndxferB:
      return std::pair{1, 2};
    case ccc::kSetxtimeB:
      return std::pair{1, 4};
    case ccc::kRstactB:
      return std::pair{1, 1};
    case ccc::kDeftgts:
      return std::pair{5, 1 + 4 * 128};
    case ccc::kRstactD:
      return std::pair{1, 1};
    case ccc::kEndxferD:
    case ccc::kGetstatus:
    case ccc::kGetmxds:
    case ccc::kGetcaps:
      return std::pair{0, 1};
    default:
      if (ccc::IsDirect(code)) return std::pair{0, 0};
      return std::nullopt;
  }
}

std::string Hex(const std::vector<std::uint8_t>& v) {
  std::string s;
  for (auto b : v) s += fmt::format("{}{:02X}", s.empty() ? "" : " ", b);
  return s;
}

}  // namespace

std::string Violation::ToString() const {
  return fmt::format("{} VIOLATION {}: {}", FormatTime(time), rule, detail);
}

std::string_view KindName(TxKind k) {
  switch (k) {
    case TxKind::kBroadcastCcc:
      return "ccc";
    case TxKind::kBroadcastOnly:
      return "broadcast";
    case TxKind::kDirectCcc:
      return "direct-ccc";
    case TxKind::kDaa:
      return "daa";
    case TxKind::kDaaEnd:
      return "daa-end";
    case TxKind::kPrivateWrite:
      return "write";
    case TxKind::kPrivateRead:
      return "read";
    case TxKind::kI2cWrite:
      return "i2c-write";
    case TxKind::kI2cRead:
      return "i2c-read";
    case TxKind::kIbi:
      return "ibi";
    case TxKind::kHotJoin:
      return "hot-join";
    case TxKind::kControllerRequest:
      return "controller-request";
    case TxKind::kNack:
      return "nack";
    case TxKind::kIncomplete:
      return "incomplete";
  }
  return "?";
}

Monitor::Monitor(MonitorConfig cfg) : cfg_(std::move(cfg)) {
  if (cfg_.controller_agent < 0 || cfg_.controller_agent >= Bus::kMaxAgents) {
    throw std::invalid_argument(
        fmt::format("Monitor: controller_agent {} out of range", cfg_.controller_agent));
  }
}

void Monitor::Attach(Bus& bus) {
  scl_ = bus.Scl();
  sda_ = bus.Sda();
  last_time_ = bus.Now();
  bus.Subscribe([this](const BusEvent& ev) {
    const bool scl = ev.line == Line::kScl ? ev.info.level : scl_;
    const bool sda = ev.line == Line::kSda ? ev.info.level : sda_;
    Sample(ev.time, scl, sda, ev.line == Line::kSda ? &ev.info : &sda_info_);
  });
}

std::size_t Monitor::CountRule(const std::string& rule) const {
  std::size_t n = 0;
  for (const auto& v : violations_) n += v.rule == rule;
  return n;
}

void Monitor::Report(Time t, std::string rule, std::string detail) {
  violations_.push_back(Violation{t, std::move(rule), std::move(detail)});
  if (on_violation_) on_violation_(violations_.back());
}

const I2cTimingMin* Monitor::I2cTiming() const {
  switch (cfg_.mode) {
    case MonitorConfig::BusMode::kMixedFm:
      return &kI2cFm;
    case MonitorConfig::BusMode::kMixedFmPlus:
      return &kI2cFmPlus;
    case MonitorConfig::BusMode::kPure:
      return nullptr;
  }
  return nullptr;
}

bool Monitor::IsI2c(std::uint8_t addr) const {
  if (cfg_.i2c_addrs.count(addr)) return true;
  if (assigned_.count(addr) || cfg_.i3c_addrs.count(addr)) return false;
  // Once dynamic addresses are known, an address nobody was given can only be a legacy device.
  return !assigned_.empty() || !cfg_.i3c_addrs.empty();
}

void Monitor::Sample(Time t, bool scl, bool sda, const LineInfo* sda_info) {
  if (t < last_time_) {
    throw std::invalid_argument(fmt::format("Monitor: time went backwards ({} after {})",
                                            FormatTime(t), FormatTime(last_time_)));
  }
  last_time_ = t;
  if (sda_info) {
    have_info_ = true;
    sda_info_ = *sda_info;
    if (sda_info_.Contention() && !contention_) {
      Report(t, "bus.contention",
             fmt::format("SDA driven push-pull high (agents 0x{:X}) against a low (agents 0x{:X})",
                         sda_info_.pp_high_mask, sda_info_.low_mask));
    }
    contention_ = sda_info_.Contention();
  }
  const bool scl_changed = scl != scl_;
  const bool sda_changed = sda != sda_;
  // A simultaneous change is ordered so that the SDA change happens while SCL is low.
  if (scl_changed && sda_changed) {
    if (scl) {
      SdaEdge(t, sda);
      SclEdge(t, scl);
    } else {
      SclEdge(t, scl);
      SdaEdge(t, sda);
    }
  } else if (scl_changed) {
    SclEdge(t, scl);
  } else if (sda_changed) {
    SdaEdge(t, sda);
  }
}

void Monitor::Finish(Time t) {
  if (in_frame_) {
    Report(t, "frame.open", "trace ended inside a frame (no STOP)");
    CloseFrame(t, false);
    in_frame_ = false;
  }
}

void Monitor::SdaEdge(Time t, bool level) {
  sda_ = level;
  if (!scl_) {
    sda_change_ = t;
    return;
  }
  if (level) {
    OnStop(t);
  } else {
    OnStart(t, in_frame_);
  }
}

Monitor::BitClass Monitor::ClassOfNextBit() const {
  const bool od_driven = have_info_ && sda_info_.pp_mask == 0;
  switch (ph_) {
    case Ph::kIdle:
      return BitClass::kNone;
    case Ph::kHeader:
      if (header_after_start_) return BitClass::kOdFirst;
      return od_driven ? BitClass::kOd : BitClass::kPp;
    case Ph::kHeaderAck:
      return (cur_.kind == TxKind::kI2cRead || cur_.kind == TxKind::kI2cWrite) ? BitClass::kI2c
                                                                               : BitClass::kOd;
    case Ph::kDaaPid:
    case Ph::kDaaAck:
      return BitClass::kOd;
    case Ph::kDaaAddr:
      return od_driven ? BitClass::kOd : BitClass::kPp;
    case Ph::kI2cWrite:
    case Ph::kI2cRead:
      return BitClass::kI2c;
    default:
      return BitClass::kPp;
  }
}

void Monitor::SclEdge(Time t, bool level) {
  scl_ = level;
  const auto& tm = cfg_.timing;
  const I2cTimingMin* i2c = I2cTiming();
  if (level) {
    const BitClass cls = in_frame_ ? ClassOfNextBit() : BitClass::kNone;
    if (cfg_.check_timing && in_frame_ && scl_fall_ >= 0) {
      const Time low = t - scl_fall_;
      switch (cls) {
        case BitClass::kOdFirst:
        case BitClass::kOd:
          if (low < tm.low_od) {
            Report(t, "t.low_od",
                   fmt::format("SCL low {} ns in an open-drain bit, minimum {} ns", Ns(low),
                               Ns(tm.low_od)));
          }
          break;
        case BitClass::kPp:
          if (low < tm.dig_l_pp) {
            Report(t, "t.low_pp",
                   fmt::format("SCL low {} ns in a push-pull bit, minimum {} ns", Ns(low),
                               Ns(tm.dig_l_pp)));
          }
          if (bit_class_ == BitClass::kPp && scl_rise_ >= 0 && t - scl_rise_ < tm.period_pp) {
            Report(t, "t.period_pp",
                   fmt::format("SCL period {} ns, minimum {} ns", Ns(t - scl_rise_),
                               Ns(tm.period_pp)));
          }
          break;
        case BitClass::kI2c:
          if (i2c && low < i2c->low) {
            Report(t, "t.i2c_low",
                   fmt::format("SCL low {} ns in a legacy I2C transfer, minimum {} ns", Ns(low),
                               Ns(i2c->low)));
          }
          break;
        case BitClass::kNone:
          break;
      }
      if (sda_change_ > scl_fall_ && t - sda_change_ < tm.su_data) {
        Report(t, "t.su_data",
               fmt::format("SDA changed {} ns before SCL rose, minimum {} ns", Ns(t - sda_change_),
                           Ns(tm.su_data)));
      }
    }
    bit_class_ = cls;
    scl_rise_ = t;
    OnBit(t, sda_);
    return;
  }
  // Falling edge.
  if (start_pending_) {
    start_pending_ = false;
    const Time min = start_was_sr_ ? tm.casr : tm.cas;
    if (cfg_.check_timing && t - start_time_ < min) {
      Report(t, start_was_sr_ ? "t.casr" : "t.cas",
             fmt::format("SCL fell {} ns after {}, minimum {} ns", Ns(t - start_time_),
                         start_was_sr_ ? "Sr" : "START", Ns(min)));
    }
  } else if (cfg_.check_timing && in_frame_ && scl_rise_ >= 0) {
    const Time high = t - scl_rise_;
    if (bit_class_ == BitClass::kOdFirst && i2c && high < tm.high_init) {
      Report(t, "t.high_init",
             fmt::format("SCL high {} ns in the first address after START, minimum {} ns", Ns(high),
                         Ns(tm.high_init)));
    } else if ((bit_class_ == BitClass::kOd || bit_class_ == BitClass::kPp ||
                bit_class_ == BitClass::kOdFirst) &&
               high < tm.dig_h) {
      Report(t, "t.high", fmt::format("SCL high {} ns, minimum {} ns", Ns(high), Ns(tm.dig_h)));
    } else if (bit_class_ == BitClass::kPp && i2c && high > tm.dig_h_mixed_max) {
      Report(t, "t.high_mixed",
             fmt::format("SCL high {} ns in a push-pull bit on a mixed bus, maximum {} ns",
                         Ns(high), Ns(tm.dig_h_mixed_max)));
    } else if (bit_class_ == BitClass::kI2c && i2c && high < i2c->high) {
      Report(t, "t.i2c_high",
             fmt::format("SCL high {} ns in a legacy I2C transfer, minimum {} ns", Ns(high),
                         Ns(i2c->high)));
    }
  }
  scl_fall_ = t;
}

void Monitor::OnStart(Time t, bool repeated) {
  const auto& tm = cfg_.timing;
  if (repeated) {
    const bool i2c = cur_.kind == TxKind::kI2cRead || cur_.kind == TxKind::kI2cWrite;
    if (cfg_.check_timing && !i2c && scl_rise_ >= 0 && t - scl_rise_ < tm.cbsr) {
      Report(t, "t.cbsr",
             fmt::format("Sr {} ns after SCL rose, minimum {} ns", Ns(t - scl_rise_), Ns(tm.cbsr)));
    }
    CloseFrame(t, false);
    if (ccc_ && !ccc::IsDirect(*ccc_)) ccc_.reset();
  } else {
    const Time free = last_stop_ >= 0 ? t - last_stop_ : std::numeric_limits<Time>::max();
    const I2cTimingMin* i2c = I2cTiming();
    const Time buf = i2c ? i2c->buf : tm.cas;
    target_start_ = have_info_ && sda_info_.low_mask != 0 &&
                    !(sda_info_.low_mask & (1u << cfg_.controller_agent));
    free_before_ = free;
    if (cfg_.check_timing) {
      if (target_start_ && free < tm.aval) {
        Report(t, "t.aval",
               fmt::format("target START request after {} ns of bus free, "
                           "Bus Available needs {} ns",
                           Ns(free), Ns(tm.aval)));
      } else if (!target_start_ && free < buf) {
        Report(t, "t.buf", fmt::format("START {} ns after STOP, minimum {} ns", Ns(free), Ns(buf)));
      }
    }
    ccc_.reset();
    daa_active_ = false;
    daa_over_ = false;
  }
  in_frame_ = true;
  start_time_ = t;
  start_pending_ = true;
  start_was_sr_ = repeated;
  cur_ = Transaction{};
  undriven_bits_ = 0;
  cur_.start = t;
  cur_.repeated = repeated;
  ph_ = Ph::kHeader;
  bits_ = 0;
  shift_ = 0;
  header_after_start_ = !repeated;
  arbitrating_ = !repeated;
  arb_out_ = 0;
  hdr_target_low_ = 0;
}

void Monitor::OnStop(Time t) {
  if (!in_frame_) {
    last_stop_ = t;  // SDA released while idle: nothing to close
    return;
  }
  const bool i2c = cur_.kind == TxKind::kI2cRead || cur_.kind == TxKind::kI2cWrite;
  const I2cTimingMin* i2ct = I2cTiming();
  if (cfg_.check_timing && scl_rise_ >= 0) {
    const Time setup = t - scl_rise_;
    if (i2c && i2ct && setup < i2ct->high) {
      Report(t, "t.i2c_su_sto",
             fmt::format("STOP {} ns after SCL rose in a legacy I2C transfer, "
                         "minimum {} ns",
                         Ns(setup), Ns(i2ct->high)));
    } else if (!i2c && setup < cfg_.timing.cbp) {
      Report(
          t, "t.cbp",
          fmt::format("STOP {} ns after SCL rose, minimum {} ns", Ns(setup), Ns(cfg_.timing.cbp)));
    }
  }
  CloseFrame(t, true);
  in_frame_ = false;
  ph_ = Ph::kIdle;
  last_stop_ = t;
  ccc_.reset();
  daa_active_ = false;
  daa_over_ = false;
}

void Monitor::OnBit(Time t, bool sda) {
  if (!in_frame_) {
    if (!idle_clock_reported_) {
      Report(t, "frame.no_start", "SCL clocked while the bus is idle (no START)");
      idle_clock_reported_ = true;
    }
    return;
  }
  idle_clock_reported_ = false;
  const std::uint32_t ctrl = 1u << cfg_.controller_agent;
  const BitClass cls = bit_class_;
  if (have_info_) {
    const bool od_bit = cls == BitClass::kOd || cls == BitClass::kOdFirst || ph_ == Ph::kDaaPid ||
                        ph_ == Ph::kHeaderAck || ph_ == Ph::kDaaAck;
    const bool pp_data = ph_ == Ph::kCccCode || ph_ == Ph::kWrite || ph_ == Ph::kRead;
    if (od_bit && (cls == BitClass::kOdFirst || ph_ != Ph::kHeader) && sda_info_.pp_mask) {
      Report(
          t, "phase.od",
          fmt::format("push-pull drive (agents 0x{:X}) in an open-drain bit", sda_info_.pp_mask));
    } else if (pp_data && bits_ < 8 && sda_info_.pp_mask == 0) {
      ++undriven_bits_;
    }
    if (arbitrating_ && !sda) {
      const std::uint32_t bad = sda_info_.low_mask & arb_out_;
      if (bad) {
        Report(t, "arb.lost_kept_driving",
               fmt::format("agents 0x{:X} lost arbitration but still pull SDA low", bad));
      }
      arb_out_ |= ~sda_info_.low_mask;
    }
    if (ph_ == Ph::kHeader && !sda) hdr_target_low_ |= sda_info_.low_mask & ~ctrl;
  }
  switch (ph_) {
    case Ph::kIdle:
      return;
    case Ph::kHeader:
      shift_ = (shift_ << 1) | (sda ? 1 : 0);
      if (++bits_ == 8) HeaderDone(t);
      return;
    case Ph::kHeaderAck:
      HeaderAck(t, !sda);
      return;
    case Ph::kDaaPid:
      shift_ = (shift_ << 1) | (sda ? 1 : 0);
      if (++bits_ == 64) {
        cur_.pid = shift_ >> 16;
        cur_.bcr = static_cast<std::uint8_t>(shift_ >> 8);
        cur_.dcr = static_cast<std::uint8_t>(shift_);
        ph_ = Ph::kDaaAddr;
        arbitrating_ = false;
        bits_ = 0;
        shift_ = 0;
      }
      return;
    case Ph::kDaaAddr:
      shift_ = (shift_ << 1) | (sda ? 1 : 0);
      if (++bits_ == 8) {
        const auto b = static_cast<std::uint8_t>(shift_);
        cur_.assigned = static_cast<std::uint8_t>(b >> 1);
        daa_parity_ok_ = DaaAddressByte(cur_.assigned) == b;
        if (!daa_parity_ok_) {
          Report(t, "daa.parity",
                 fmt::format("ENTDAA address byte 0x{:02X}: parity bit must be "
                             "the odd parity of 0x{:02X}",
                             b, cur_.assigned));
        }
        ph_ = Ph::kDaaAck;
        bits_ = 0;
        shift_ = 0;
      }
      return;
    case Ph::kDaaAck:
      cur_.ack = !sda;
      if (!sda) {
        if (!daa_parity_ok_) {
          Report(t, "daa.bad_parity_acked",
                 fmt::format("a target ACKed dynamic address 0x{:02X} sent with a parity error",
                             cur_.assigned));
        }
        Assign(t, cur_.assigned, "ENTDAA", std::nullopt);
      }
      ph_ = Ph::kNoData;
      bits_ = 0;
      return;
    default:
      shift_ = (shift_ << 1) | (sda ? 1 : 0);
      if (++bits_ == 9) UnitDone(t);
      return;
  }
}

void Monitor::HeaderDone(Time t) {
  const auto v = static_cast<std::uint8_t>(shift_);
  const auto a = static_cast<std::uint8_t>(v >> 1);
  const bool r = v & 1;
  cur_.addr = a;
  cur_.rnw = r;
  ph_ = Ph::kHeaderAck;
  bits_ = 0;
  shift_ = 0;
  arbitrating_ = false;
  bool target_hdr = false;
  if (header_after_start_ && v != (kBroadcastAddr << 1)) {
    if (have_info_) {
      target_hdr = target_start_ || hdr_target_low_ != 0;
    } else {
      target_hdr = a == kHotJoinAddr && !r;  // IBIs look like reads offline: no way to tell
    }
  }
  if (!header_after_start_ && (daa_active_ || daa_over_) && !(a == kBroadcastAddr && r)) {
    Report(
        t, "daa.sequence",
        fmt::format("{:02X}/{} inside ENTDAA; only Sr 7E/R or STOP may follow", a, r ? 'R' : 'W'));
  } else if (daa_over_) {
    Report(t, "daa.sequence", "Sr after the 7E/R nobody ACKed; ENTDAA ends with STOP");
  }
  if (target_hdr) {
    if (a == kHotJoinAddr || (!r && !assigned_.count(a) && !cfg_.i3c_addrs.count(a))) {
      cur_.kind = TxKind::kHotJoin;
      if (a != kHotJoinAddr || r) {
        Report(t, "hj.sequence",
               fmt::format("Hot-Join request must be 02/W, saw {:02X}/{}", a, r ? 'R' : 'W'));
      }
      if (have_info_ && target_start_) {
        const std::uint32_t who = hdr_target_low_;
        if (who && !hj_agents_seen_.count(who)) {
          hj_agents_seen_.insert(who);
          if (cfg_.check_timing && free_before_ < cfg_.timing.idle) {
            Report(t, "hj.idle",
                   fmt::format("first Hot-Join request after {} us of bus free, "
                               "Bus Idle needs {} us",
                               Us(free_before_), Us(cfg_.timing.idle)));
          }
        }
      }
    } else if (r) {
      cur_.kind = TxKind::kIbi;
      if ((!assigned_.empty() || !cfg_.i3c_addrs.empty()) && !assigned_.count(a) &&
          !cfg_.i3c_addrs.count(a)) {
        Report(t, "ibi.unknown_address",
               fmt::format("IBI from 0x{:02X}, which has no dynamic "
                           "address",
                           a));
      }
    } else {
      cur_.kind = TxKind::kControllerRequest;
    }
    return;
  }
  if (a == kBroadcastAddr && !r) {
    cur_.kind = TxKind::kBroadcastOnly;
    ccc_.reset();
    return;
  }
  if (a == kBroadcastAddr && r) {
    if (!daa_active_) Report(t, "daa.sequence", "7E/R outside ENTDAA");
    cur_.kind = TxKind::kDaa;
    return;
  }
  if (ccc_ && ccc::IsDirect(*ccc_)) {
    cur_.kind = TxKind::kDirectCcc;
    cur_.ccc = ccc_;
    const bool payload = assigned_.count(a) && (assigned_.at(a).bcr & bcr::kIbiPayload);
    if (auto shape = DirectShape(*ccc_, payload, ccc_defining_)) {
      if ((shape->dir == 1 && r) || (shape->dir == 2 && !r)) {
        Report(t, "ccc.format",
               fmt::format("{} (0x{:02X}) addressed with {} ", ccc::Name(*ccc_), *ccc_,
                           r ? "R; it is a SET (write)" : "W; it is a GET (read)"));
      }
    }
    return;
  }
  // Legacy devices are addressed right after a START; after Sr an unknown address is I3C.
  if (cfg_.i2c_addrs.count(a) || (header_after_start_ && IsI2c(a))) {
    cur_.kind = r ? TxKind::kI2cRead : TxKind::kI2cWrite;
  } else {
    cur_.kind = r ? TxKind::kPrivateRead : TxKind::kPrivateWrite;
  }
}

void Monitor::HeaderAck(Time t, bool ack) {
  cur_.ack = ack;
  bits_ = 0;
  shift_ = 0;
  switch (cur_.kind) {
    case TxKind::kDaa:
      if (ack) {
        ph_ = Ph::kDaaPid;
        arbitrating_ = true;
        arb_out_ = 0;
      } else {
        cur_.kind = TxKind::kDaaEnd;
        daa_over_ = true;
        ph_ = Ph::kNoData;
      }
      return;
    case TxKind::kBroadcastOnly:
      ph_ = ack ? Ph::kCccCode : Ph::kNoData;
      return;
    case TxKind::kIbi:
      ph_ = ack ? Ph::kRead : Ph::kNoData;
      return;
    case TxKind::kDirectCcc:
      if (ack && *cur_.ccc == ccc::kRstdaaD) {
        Report(
            t, "ccc.direct_rstdaa",
            fmt::format("0x{:02X} ACKed direct RSTDAA, which v1.1 targets must NACK", cur_.addr));
      }
      if (ack && *cur_.ccc == ccc::kSetdasa && setdasa_.count(cur_.addr)) {
        Report(t, "ccc.setdasa_has_da",
               fmt::format("static address 0x{:02X} ACKed SETDASA but already has dynamic address "
                           "0x{:02X}",
                           cur_.addr, setdasa_.at(cur_.addr)));
      }
      ph_ = ack ? (cur_.rnw ? Ph::kRead : Ph::kWrite) : Ph::kNoData;
      return;
    case TxKind::kI2cRead:
    case TxKind::kI2cWrite:
      ph_ = ack ? (cur_.rnw ? Ph::kI2cRead : Ph::kI2cWrite) : Ph::kNoData;
      return;
    case TxKind::kPrivateRead:
    case TxKind::kPrivateWrite:
      ph_ = ack ? (cur_.rnw ? Ph::kRead : Ph::kWrite) : Ph::kNoData;
      return;
    default:
      ph_ = Ph::kNoData;
      return;
  }
}

void Monitor::UnitDone(Time t) {
  const auto b = static_cast<std::uint8_t>(shift_ >> 1);
  const bool ninth = shift_ & 1;
  bits_ = 0;
  shift_ = 0;
  const int undriven = undriven_bits_;
  undriven_bits_ = 0;
  if (undriven == 8 && ph_ == Ph::kRead && cur_.kind == TxKind::kIbi && cur_.data.empty()) {
    Report(t, "ibi.mdb",
           fmt::format("IBI from 0x{:02X} ACKed but no Mandatory Data Byte driven", cur_.addr));
  } else if (undriven > 0) {
    Report(t, "phase.pp",
           fmt::format("{} SDR data bit(s) of byte 0x{:02X} not driven push-pull", undriven, b));
  }
  switch (ph_) {
    case Ph::kCccCode:
      if (ninth != OddParityBit(b)) {
        Report(t, "tbit.parity",
               fmt::format("CCC byte 0x{:02X} with T={} (odd parity wants {})", b, ninth ? 1 : 0,
                           OddParityBit(b) ? 1 : 0));
      }
      cur_.kind = TxKind::kBroadcastCcc;
      cur_.ccc = b;
      ccc_ = b;
      ccc_defining_.clear();
      if (b == ccc::kRstdaaB) {
        assigned_.clear();
        setdasa_.clear();
      } else if (b == ccc::kEntdaa) {
        daa_active_ = true;
        daa_over_ = false;
      }
      ph_ = Ph::kWrite;
      return;
    case Ph::kWrite:
      if (ninth != OddParityBit(b)) {
        Report(t, "tbit.parity",
               fmt::format("write byte 0x{:02X} with T={} (odd parity wants {})", b, ninth ? 1 : 0,
                           OddParityBit(b) ? 1 : 0));
      }
      cur_.data.push_back(b);
      if (cur_.kind == TxKind::kBroadcastCcc) ccc_defining_.push_back(b);
      return;
    case Ph::kRead:
      cur_.data.push_back(b);
      if (!ninth) {
        cur_.ended_by_target = true;
        ph_ = Ph::kReadEnded;
      }
      return;
    case Ph::kReadEnded:
      Report(t, "tbit.read_after_end",
             "a byte was clocked after the target ended the read with T=0");
      cur_.data.push_back(b);
      return;
    case Ph::kI2cWrite:  // ninth bit: the device's NACK ends a write
    case Ph::kI2cRead:   // ninth bit: the controller's NACK ends a read
      cur_.data.push_back(b);
      if (ninth) ph_ = Ph::kNoData;
      return;
    default:
      Report(
          t, "frame.unexpected_data",
          fmt::format("9 bits clocked where only Sr or STOP may follow ({})", KindName(cur_.kind)));
      return;
  }
}

void Monitor::Assign(Time t, std::uint8_t addr, const char* how,
                     std::optional<std::uint8_t> static_addr) {
  if (IsReservedAddress(addr)) {
    Report(t, "addr.reserved", fmt::format("{} assigned reserved address 0x{:02X}", how, addr));
  }
  if (assigned_.count(addr)) {
    Report(t, "addr.duplicate",
           fmt::format("{} assigned 0x{:02X}, which is already in use", how, addr));
  }
  Transaction rec = cur_;
  if (static_addr) {
    setdasa_[*static_addr] = addr;
    rec.pid = 0;
  }
  assigned_[addr] = rec;
}

void Monitor::CloseFrame(Time t, bool stop) {
  const bool nine = ph_ == Ph::kCccCode || ph_ == Ph::kWrite || ph_ == Ph::kRead ||
                    ph_ == Ph::kReadEnded || ph_ == Ph::kI2cWrite || ph_ == Ph::kI2cRead ||
                    ph_ == Ph::kNoData;
  if ((nine && bits_ >= 2) || (ph_ == Ph::kHeader && bits_ >= 2) ||
      (ph_ == Ph::kDaaPid && bits_ >= 2) || (ph_ == Ph::kDaaAddr && bits_ >= 2)) {
    Report(t, "frame.incomplete",
           fmt::format("{} after {} bits of a {} unit", stop ? "STOP" : "Sr", bits_,
                       ph_ == Ph::kHeader ? "header" : "data"));
    if (ph_ == Ph::kHeader) cur_.kind = TxKind::kIncomplete;
  }
  if (ph_ == Ph::kHeader && bits_ < 2 && cur_.repeated && stop && !txs_.empty()) {
    // Sr then STOP, as after a read the controller aborted: part of the previous transaction.
    txs_.back().stop = true;
    txs_.back().text += " Sr P";
    return;
  }
  if (ph_ == Ph::kHeader && bits_ < 2) cur_.kind = TxKind::kIncomplete;
  cur_.end = t;
  cur_.stop = stop;
  CheckFrame(t);
  cur_.text = Describe(cur_);
  txs_.push_back(cur_);
  if (on_tx_) on_tx_(txs_.back());
}

void Monitor::CheckFrame(Time t) {
  const auto& tx = cur_;
  if (tx.kind == TxKind::kBroadcastCcc && tx.ccc) {
    if (auto shape = CodeFrameShape(*tx.ccc)) {
      const int n = static_cast<int>(tx.data.size());
      if (n < shape->first || n > shape->second) {
        Report(t, "ccc.format",
               fmt::format("{} (0x{:02X}) carried {} byte(s) after the code, "
                           "expected {}..{}",
                           ccc::Name(*tx.ccc), *tx.ccc, n, shape->first, shape->second));
      } else if (*tx.ccc == ccc::kDeftgts && (n - 1) % 4 != 0) {
        Report(t, "ccc.format", fmt::format("DEFTGTS carried {} bytes, not 1 + 4*k", n));
      }
    }
  }
  if (tx.kind == TxKind::kDirectCcc && tx.ack && tx.ccc) {
    const std::uint8_t code = *tx.ccc;
    const bool payload = assigned_.count(tx.addr) && (assigned_.at(tx.addr).bcr & bcr::kIbiPayload);
    if (auto shape = DirectShape(code, payload, ccc_defining_)) {
      const int n = static_cast<int>(tx.data.size());
      const bool early_end_ok = tx.rnw && !tx.ended_by_target;  // controller may stop a read early
      if (n > shape->max_len || (n < shape->min_len && !early_end_ok)) {
        Report(t, "ccc.format",
               fmt::format("{} (0x{:02X}) to 0x{:02X} carried {} byte(s), expected "
                           "{}..{}",
                           ccc::Name(code), code, tx.addr, n, shape->min_len, shape->max_len));
      }
    }
    if (code == ccc::kGetacccr && tx.data.size() == 1 && tx.data[0] != DaaAddressByte(tx.addr)) {
      Report(t, "ccc.format",
             fmt::format("GETACCCR answer 0x{:02X} is not 0x{:02X} with odd "
                         "parity",
                         tx.data[0], tx.addr));
    }
    // What the controller learns about a device, the monitor learns too.
    if (code == ccc::kGetbcr && tx.data.size() == 1 && assigned_.count(tx.addr)) {
      assigned_.at(tx.addr).bcr = tx.data[0];
    }
    if ((code == ccc::kSetdasa || code == ccc::kSetnewda) && tx.data.size() == 1) {
      const auto da = static_cast<std::uint8_t>(tx.data[0] >> 1);
      if (code == ccc::kSetnewda) assigned_.erase(tx.addr);
      Assign(t, da, code == ccc::kSetdasa ? "SETDASA" : "SETNEWDA",
             code == ccc::kSetdasa ? std::optional<std::uint8_t>(tx.addr) : std::nullopt);
    }
  }
  if (tx.kind == TxKind::kIbi && tx.ack && tx.data.empty() && assigned_.count(tx.addr) &&
      (assigned_.at(tx.addr).bcr & bcr::kIbiPayload)) {
    Report(t, "ibi.mdb",
           fmt::format("IBI from 0x{:02X} ACKed without its Mandatory Data Byte "
                       "(BCR[2] is set)",
                       tx.addr));
  }
}

std::string Monitor::Describe(const Transaction& tx) const {
  std::string s = tx.repeated ? "Sr" : "S ";
  const char rw = tx.rnw ? 'R' : 'W';
  const char* ack = tx.ack ? "ACK" : "NACK";
  switch (tx.kind) {
    case TxKind::kBroadcastCcc:
      s += fmt::format(" 7E/W ACK CCC {}(0x{:02X})", ccc::Name(*tx.ccc), *tx.ccc);
      if (ccc::IsDirect(*tx.ccc)) s += " direct";
      if (!tx.data.empty()) s += fmt::format(" [{}]", Hex(tx.data));
      break;
    case TxKind::kBroadcastOnly:
      s += fmt::format(" 7E/W {}", ack);
      break;
    case TxKind::kDirectCcc:
      s += fmt::format(" {:02X}/{} {} {}", tx.addr, rw, ack, ccc::Name(*tx.ccc));
      if (!tx.data.empty()) s += fmt::format(" [{}]", Hex(tx.data));
      if (tx.rnw && tx.ack) s += tx.ended_by_target ? " T=0" : " aborted";
      break;
    case TxKind::kDaa:
      s += fmt::format(" 7E/R ACK DAA PID=0x{:012X} BCR=0x{:02X} DCR=0x{:02X} -> 0x{:02X} {}",
                       tx.pid, tx.bcr, tx.dcr, tx.assigned, ack);
      break;
    case TxKind::kDaaEnd:
      s += " 7E/R NACK DAA done";
      break;
    case TxKind::kPrivateWrite:
    case TxKind::kPrivateRead:
      s += fmt::format(" {:02X}/{} {} {}", tx.addr, rw, ack, tx.rnw ? "read" : "write");
      if (!tx.data.empty()) s += fmt::format(" [{}]", Hex(tx.data));
      if (tx.rnw && tx.ack) s += tx.ended_by_target ? " T=0" : " aborted";
      break;
    case TxKind::kI2cWrite:
    case TxKind::kI2cRead:
      s += fmt::format(" {:02X}/{} {} i2c-{}", tx.addr, rw, ack, tx.rnw ? "read" : "write");
      if (!tx.data.empty()) s += fmt::format(" [{}]", Hex(tx.data));
      break;
    case TxKind::kIbi:
      s += fmt::format(" {:02X}/R IBI {}", tx.addr, ack);
      if (!tx.data.empty()) {
        s += fmt::format(" MDB=0x{:02X}", tx.data[0]);
        if (tx.data.size() > 1) {
          s += fmt::format(" [{}]",
                           Hex(std::vector<std::uint8_t>(tx.data.begin() + 1, tx.data.end())));
        }
      }
      break;
    case TxKind::kHotJoin:
      s += fmt::format(" {:02X}/{} HOT-JOIN {}", tx.addr, rw, ack);
      break;
    case TxKind::kControllerRequest:
      s += fmt::format(" {:02X}/W CONTROLLER-REQUEST {}", tx.addr, ack);
      break;
    case TxKind::kNack:
      s += fmt::format(" {:02X}/{} NACK", tx.addr, rw);
      break;
    case TxKind::kIncomplete:
      s += " (nothing addressed)";
      break;
  }
  s += tx.stop ? " P" : "";
  return s;
}

}  // namespace xpo::i3c
