#include "wire_bus.h"

#include <bit>

#include <fmt/format.h>

namespace xpo::i3c_ctrl_test {
namespace {

constexpr uint8_t kBcast = 0x7E;
constexpr uint8_t kCccEntdaa = 0x07;
constexpr uint8_t kCccRstdaa = 0x06;
constexpr uint8_t kCccSetdasa = 0x87;
constexpr uint8_t kCccSetnewda = 0x88;
constexpr uint8_t kCccGetpid = 0x8D;
constexpr uint8_t kCccGetbcr = 0x8E;
constexpr uint8_t kCccGetdcr = 0x8F;

bool OddParityOk(uint8_t byte, bool parity) { return ((std::popcount(byte) + parity) & 1) == 1; }

}  // namespace

void Responder::Step(bool scl, bool sda) {
  if (prev_scl_ && scl && prev_sda_ && !sda) {
    OnStart();
  } else if (prev_scl_ && scl && !prev_sda_ && sda) {
    OnStop();
  } else if (!prev_scl_ && scl) {
    OnRise(sda);
  } else if (prev_scl_ && !scl) {
    OnFall(sda);
  }
  // START request for an IBI once the bus has been available long enough.
  if (m_ == M::kIdle && scl && sda && WantsRequest()) {
    if (++idle_samples_ >= cfg_.avail_samples) {
      requesting_ = true;
      DriveOd(false);
    }
  }
  prev_scl_ = scl;
  prev_sda_ = sda;
}

bool Responder::WantsRequest() const {
  if (cfg_.i2c) return false;
  if (cfg_.dyn_addr) return !ibi_.empty();
  return cfg_.hot_join;
}

uint8_t Responder::RequestHeader() const {
  return cfg_.dyn_addr ? static_cast<uint8_t>((*cfg_.dyn_addr << 1) | 1) : uint8_t{0x04};
}

void Responder::OnStart() {
  after_start_ = (m_ == M::kIdle);
  ccc_next_ = false;  // a CCC code only directly follows 7E/W
  m_ = M::kHeader;
  bits_ = 0;
  shift_ = 0;
  acking_ = false;
  ibi_won_ = false;
  arbitrating_ = after_start_ && WantsRequest();
  // A device that asked for the START keeps SDA low until SCL falls.
  if (!requesting_) Release();
}

void Responder::OnStop() {
  m_ = M::kIdle;
  Release();
  daa_mode_ = false;
  ccc_.reset();
  idle_samples_ = 0;
  requesting_ = false;
  arbitrating_ = false;
}

void Responder::LoadReadByte() {
  cur_ = rd_pos_ < rd_.size() ? rd_[rd_pos_++] : 0xFF;
  cur_t_ = MoreToRead();
  ++bytes_read_;
}

void Responder::OnRise(bool sda) {
  switch (m_) {
    case M::kHeader: {
      const uint8_t hdr = RequestHeader();
      if (arbitrating_ && ((hdr >> (7 - bits_)) & 1) && !sda) {
        arbitrating_ = false;  // lost: someone drove a 0 where we sent a 1
        Release();
      }
      shift_ = (shift_ << 1) | sda;
      ++bits_;
      if (bits_ == 8 && arbitrating_) ibi_won_ = true;
      break;
    }
    case M::kHeaderAck:
      if (ibi_won_) acking_ = !sda;  // the controller's ACK of our IBI
      break;
    case M::kWrite:
      shift_ = (shift_ << 1) | sda;
      ++bits_;
      break;
    case M::kRead:
      ++bits_;
      if (bits_ == 9) {
        if (cfg_.i2c) {
          acking_ = !sda;  // controller ACK: more bytes wanted
        } else {
          Release();  // the T-bit is released at the SCL rising edge
        }
      }
      break;
    case M::kDaaPid: {
      const uint64_t mine = (cfg_.pid << 16) | (uint64_t{cfg_.bcr} << 8) | cfg_.dcr;
      if (daa_in_ && ((mine >> (63 - bits_)) & 1) && !sda) {
        daa_in_ = false;
        Release();
      }
      ++bits_;
      break;
    }
    case M::kDaaAddr:
      shift_ = (shift_ << 1) | sda;
      ++bits_;
      break;
    default:
      break;
  }
}

void Responder::OnFall(bool sda) {
  switch (m_) {
    case M::kHeader: {
      if (bits_ < 8) {
        if (arbitrating_) {
          DriveOd((RequestHeader() >> (7 - bits_)) & 1);
        } else {
          Release();
        }
        break;
      }
      Release();
      const uint8_t addr = static_cast<uint8_t>(shift_ >> 1);
      const bool rnw = shift_ & 1;
      bool ack = false;
      bool addressed = false;
      if (ibi_won_) {
        next_ = M::kRead;
      } else if (addr == kBcast && !cfg_.i2c) {
        if (!rnw) {
          ack = true;
          next_ = M::kWrite;
          ccc_next_ = true;
          ccc_.reset();
        } else if (daa_mode_ && !cfg_.dyn_addr) {
          ack = true;
          next_ = M::kDaaPid;
        }
      } else if (cfg_.i2c ? (cfg_.static_addr && *cfg_.static_addr == addr)
                          : ((cfg_.dyn_addr && *cfg_.dyn_addr == addr) ||
                             (ccc_ == kCccSetdasa && !cfg_.dyn_addr && cfg_.static_addr &&
                              *cfg_.static_addr == addr))) {
        ack = cfg_.ack_private;
        addressed = true;
        next_ = rnw ? M::kRead : M::kWrite;
      }
      dasa_next_ = addressed && (ccc_ == kCccSetdasa || ccc_ == kCccSetnewda);
      addressed_ = addressed;
      if (ack) DriveOd(false);
      acking_ = ack;
      m_ = M::kHeaderAck;
      bits_ = 0;
      shift_ = 0;
      break;
    }
    case M::kHeaderAck:
      Release();
      bits_ = 0;
      shift_ = 0;
      if (ibi_won_ && !cfg_.dyn_addr) {
        // Hot-Join: after the ACK the controller ends the frame and assigns an address by DAA.
        ibi_won_ = false;
        requesting_ = false;
        if (acking_) {
          hj_acked_ = true;
          cfg_.hot_join = false;
        }
        m_ = M::kWait;
      } else if (ibi_won_) {
        ibi_won_ = false;
        requesting_ = false;
        if (acking_) {
          rd_ = ibi_;
          rd_pos_ = 0;
          ibi_.clear();
          ++ibis_delivered_;
          i2c_rd_ = false;
          m_ = M::kRead;
          LoadReadByte();
          DrivePp((cur_ >> 7) & 1);
        } else {
          m_ = M::kWait;
        }
      } else if (acking_) {
        m_ = next_;
        if (m_ == M::kRead) {
          rd_pos_ = 0;
          if (ccc_ == kCccGetpid) {
            rd_.clear();
            for (int i = 5; i >= 0; --i) rd_.push_back(static_cast<uint8_t>(cfg_.pid >> (8 * i)));
          } else if (ccc_ == kCccGetbcr) {
            rd_ = {cfg_.bcr};
          } else if (ccc_ == kCccGetdcr) {
            rd_ = {cfg_.dcr};
          } else {
            rd_ = cfg_.read_data;
          }
          LoadReadByte();
          if (cfg_.i2c) {
            DriveOd((cur_ >> 7) & 1);
          } else {
            DrivePp((cur_ >> 7) & 1);
          }
        } else if (m_ == M::kDaaPid) {
          daa_in_ = true;
          DriveOd((cfg_.pid >> 47) & 1);
        }
      } else {
        m_ = M::kWait;
      }
      acking_ = false;
      break;
    case M::kWrite:
      if (!cfg_.i2c && bits_ == 9) {
        const uint8_t b = static_cast<uint8_t>(shift_ >> 1);
        if (!OddParityOk(b, shift_ & 1)) ++parity_errors_;
        if (ccc_next_) {
          ccc_next_ = false;
          ccc_ = b;
          cccs_.push_back(b);
          if (b == kCccEntdaa) daa_mode_ = true;
          if (b == kCccRstdaa) cfg_.dyn_addr.reset();
        } else if (dasa_next_) {
          dasa_next_ = false;
          cfg_.dyn_addr = static_cast<uint8_t>(b >> 1);
        } else if (next_ == M::kWrite && !ccc_) {
          written_.push_back(b);
        } else {
          // DISEC: broadcast with DISHJ stops Hot-Join; direct with DISINT stops IBIs.
          if (ccc_ == 0x01 && (b & 0x08)) cfg_.hot_join = false;
          if (ccc_ == 0x81 && addressed_ && (b & 0x01)) ibi_.clear();
          cccs_.push_back(b);
        }
        bits_ = 0;
        shift_ = 0;
      } else if (cfg_.i2c && bits_ == 8) {
        written_.push_back(static_cast<uint8_t>(shift_));
        DriveOd(false);
      } else if (cfg_.i2c && bits_ == 9) {
        Release();
        bits_ = 0;
        shift_ = 0;
      }
      break;
    case M::kRead:
      if (bits_ < 8) {
        const bool bit = (cur_ >> (7 - bits_)) & 1;
        if (cfg_.i2c) {
          DriveOd(bit);
        } else {
          DrivePp(bit);
        }
      } else if (bits_ == 8) {
        if (cfg_.i2c) {
          Release();
        } else {
          DrivePp(cur_t_);
        }
      } else {
        // After the ninth bit: continue only if the controller let the word end normally.
        const bool go_on = cfg_.i2c ? acking_ : (cur_t_ && sda);
        bits_ = 0;
        if (go_on) {
          LoadReadByte();
          const bool bit = (cur_ >> 7) & 1;
          if (cfg_.i2c) {
            DriveOd(bit);
          } else {
            DrivePp(bit);
          }
        } else {
          Release();
          m_ = M::kWait;
        }
      }
      break;
    case M::kDaaPid:
      if (bits_ < 64) {
        if (daa_in_)
          DriveOd((((cfg_.pid << 16) | (uint64_t{cfg_.bcr} << 8) | cfg_.dcr) >> (63 - bits_)) & 1);
      } else {
        Release();
        m_ = daa_in_ ? M::kDaaAddr : M::kWait;
        bits_ = 0;
        shift_ = 0;
      }
      break;
    case M::kDaaAddr:
      if (bits_ == 8) {
        const uint8_t addr = static_cast<uint8_t>(shift_ >> 1);
        if (OddParityOk(addr, shift_ & 1)) {
          DriveOd(false);
          cfg_.dyn_addr = addr;
        }
        m_ = M::kDaaAck;
      }
      break;
    case M::kDaaAck:
      Release();
      daa_in_ = false;
      m_ = M::kWait;
      break;
    default:
      break;
  }
}

bool WireBus::Step(double now_ns, bool scl, bool ctrl_sda_oe, bool ctrl_sda, bool ctrl_pp) {
  const bool ctrl_level = ctrl_sda_oe ? ctrl_sda : true;
  bool level = ctrl_level;
  for (const auto& r : rsp_) level = level && r.SdaLevel();
  for (auto& r : rsp_) r.Step(scl, level);
  level = ctrl_level;
  bool any_low = false, any_high = false;
  for (const auto& r : rsp_) {
    level = level && r.SdaLevel();
    any_low = any_low || !r.SdaLevel();
    any_high = any_high || r.DrivingPushPullHigh();
  }
  // Push-pull high against a low driver is a short on real silicon.
  if ((ctrl_sda_oe && ctrl_pp && ctrl_sda && any_low) || (any_high && ctrl_sda_oe && !ctrl_sda)) {
    ++contentions_;
  }
  Decode(now_ns, scl, level);
  return level;
}

void WireBus::Decode(double now_ns, bool scl, bool sda) {
  auto flush = [&] {
    // A single clock pulse before Sr or P is the condition's set-up, not a data bit.
    if (bits_ > 1) tokens_.push_back(fmt::format("{:x}/{}b", value_, bits_));
    bits_ = 0;
    value_ = 0;
  };
  if (scl_ && scl && sda_ && !sda) {
    flush();
    tokens_.push_back(started_ ? "Sr" : "S");
    in_first_header_ = !started_;
    header_bits_ = 0;
    repeated_ = started_;
    started_ = true;
    start_time_ = now_ns;
  } else if (scl_ && scl && !sda_ && sda) {
    flush();
    tokens_.push_back("P");
    started_ = false;
    min_cbp_ = std::min(min_cbp_, now_ns - last_rise_);
  } else if (scl_ != scl) {
    if (started_) {
      periods_.push_back({last_scl_edge_, now_ns - last_scl_edge_, scl_, in_first_header_});
    }
    if (scl) {
      last_rise_ = now_ns;
      if (started_) {
        value_ = (value_ << 1) | sda;
        if (++bits_ == 9) {
          tokens_.push_back(fmt::format("{:02x}/{}", value_ >> 1, value_ & 1));
          bits_ = 0;
          value_ = 0;
        }
      }
    } else {
      if (start_time_ >= 0) {
        double& m = repeated_ ? min_casr_ : min_cas_;
        m = std::min(m, now_ns - start_time_);
      }
      start_time_ = -1;
      if (in_first_header_ && ++header_bits_ == 10) in_first_header_ = false;
    }
    last_scl_edge_ = now_ns;
  }
  scl_ = scl;
  sda_ = sda;
}

std::string WireBus::Text() const {
  std::string s;
  for (const auto& t : tokens_) {
    if (!s.empty()) s += ' ';
    s += t;
  }
  return s;
}

}  // namespace xpo::i3c_ctrl_test
