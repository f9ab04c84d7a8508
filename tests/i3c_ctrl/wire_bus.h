// A small wire-level bench for the I3C controller block tests: the two bus lines (wired-AND with
// a pull-up), a decoder that writes what the wires show as tokens, SCL timing capture, and simple
// I3C/I2C responders written from MIPI I3C Basic v1.1.1 (SDR framing, ACK, T-bits, ENTDAA, IBI).
// They are deliberately minimal and independent of the controller RTL; the full target models
// and the protocol monitor live in models/i3c.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace xpo::i3c_ctrl_test {

// One device on the bus as the specification describes its pad behaviour.
struct ResponderConfig {
  bool i2c = false;                    // legacy I2C device: 8-bit words with ACK
  std::optional<uint8_t> dyn_addr;     // I3C dynamic address
  std::optional<uint8_t> static_addr;  // I2C address, or I3C static address for SETDASA
  uint64_t pid = 0;                    // 48 bits
  uint8_t bcr = 0;
  uint8_t dcr = 0;
  std::vector<uint8_t> read_data;  // answered to private reads, then T=0
  bool ack_private = true;
  bool hot_join = false;    // asks to join (header 0x02/W) while it has no address
  int avail_samples = 100;  // idle samples (10 ns each) before a START request
};

class Responder {
 public:
  explicit Responder(ResponderConfig cfg) : cfg_(std::move(cfg)) {}

  // One sample of the lines (every module clock); returns false when this device pulls SDA low.
  // `scl`/`sda` are the resolved levels; the device sees edges between consecutive samples.
  void Step(bool scl, bool sda);
  bool SdaLevel() const { return !drive_low_; }
  bool DrivingPushPullHigh() const { return drive_high_; }

  // Asks for an In-Band Interrupt with this Mandatory Data Byte and payload.
  void RequestIbi(std::vector<uint8_t> bytes) { ibi_ = std::move(bytes); }
  bool IbiPending() const { return !ibi_.empty(); }
  int IbisDelivered() const { return ibis_delivered_; }
  bool HotJoinAcked() const { return hj_acked_; }
  bool HotJoinPending() const { return cfg_.hot_join; }

  const ResponderConfig& Config() const { return cfg_; }
  std::optional<uint8_t> DynAddr() const { return cfg_.dyn_addr; }
  const std::vector<uint8_t>& Written() const { return written_; }
  int ParityErrors() const { return parity_errors_; }
  int BytesRead() const { return bytes_read_; }
  const std::vector<uint8_t>& Cccs() const { return cccs_; }

 private:
  enum class M { kIdle, kHeader, kHeaderAck, kWrite, kRead, kDaaPid, kDaaAddr, kDaaAck, kWait };
  void OnStart();
  void OnStop();
  void OnRise(bool sda);
  void OnFall(bool sda);
  void DriveOd(bool one) {
    drive_low_ = !one;
    drive_high_ = false;
  }
  void DrivePp(bool one) {
    drive_low_ = !one;
    drive_high_ = one;
  }
  void Release() { drive_low_ = drive_high_ = false; }
  void LoadReadByte();
  bool WantsRequest() const;
  uint8_t RequestHeader() const;
  bool MoreToRead() const { return rd_pos_ < rd_.size(); }

  ResponderConfig cfg_;
  bool prev_scl_ = true, prev_sda_ = true;
  bool drive_low_ = false, drive_high_ = false;
  M m_ = M::kIdle;
  M next_ = M::kWait;
  int bits_ = 0;
  uint64_t shift_ = 0;
  bool acking_ = false;
  bool after_start_ = false;  // the header being received follows a START, not an Sr
  bool arbitrating_ = false;  // driving our own header (IBI) after a START
  bool ibi_won_ = false;
  bool ccc_next_ = false;  // next written byte is a CCC code
  bool daa_mode_ = false;
  bool daa_in_ = false;
  std::optional<uint8_t> ccc_;  // CCC of the current frame
  bool dasa_next_ = false;      // SETDASA/SETNEWDA: next byte written to us is the address
  std::vector<uint8_t> rd_;
  size_t rd_pos_ = 0;
  uint8_t cur_ = 0;
  bool cur_t_ = false;
  bool i2c_rd_ = false;
  std::vector<uint8_t> written_;
  std::vector<uint8_t> cccs_;
  std::vector<uint8_t> ibi_;
  int ibis_delivered_ = 0;
  int parity_errors_ = 0;
  int bytes_read_ = 0;
  int idle_samples_ = 0;
  bool requesting_ = false;
  bool addressed_ = false;
  bool hj_acked_ = false;
};

// SCL periods and bus conditions as seen on the wires, with times in ns.
struct Period {
  double start_ns;
  double len_ns;
  bool high;
  bool first_header;  // inside the first header after a START
};

class WireBus {
 public:
  // Samples the controller pads at time now_ns, resolves the lines with every responder and
  // returns the SDA level the controller sees.
  bool Step(double now_ns, bool scl, bool ctrl_sda_oe, bool ctrl_sda, bool ctrl_pp);

  std::deque<Responder>& Responders() { return rsp_; }
  Responder& Add(ResponderConfig cfg) {
    rsp_.emplace_back(std::move(cfg));
    return rsp_.back();
  }
  // Decoded tokens: "S", "Sr", "P", and "hh/b" for each 8 bits plus ninth bit after a (re)start.
  const std::vector<std::string>& Tokens() const { return tokens_; }
  std::string Text() const;
  const std::vector<Period>& Periods() const { return periods_; }
  // Shortest tCAS (START to first SCL fall) and tCBP (last SCL rise to STOP) seen, in ns.
  double MinCas() const { return min_cas_; }
  double MinCbp() const { return min_cbp_; }
  // Shortest tCASr (repeated START to SCL fall) seen, in ns.
  double MinCasr() const { return min_casr_; }
  int Contentions() const { return contentions_; }
  bool Sda() const { return sda_; }

 private:
  void Decode(double now_ns, bool scl, bool sda);

  std::deque<Responder> rsp_;
  bool scl_ = true, sda_ = true;
  bool started_ = false;
  int bits_ = 0;
  unsigned value_ = 0;
  std::vector<std::string> tokens_;
  std::vector<Period> periods_;
  double last_scl_edge_ = 0;
  double start_time_ = -1;
  double last_rise_ = 0;
  bool in_first_header_ = false;
  int header_bits_ = 0;
  double min_cas_ = 1e18, min_cbp_ = 1e18, min_casr_ = 1e18;
  bool repeated_ = false;
  int contentions_ = 0;
};

}  // namespace xpo::i3c_ctrl_test
