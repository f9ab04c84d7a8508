// An I3C SDR target as the MIPI I3C Basic specification v1.1.1 describes it: 48-bit Provisioned
// ID, BCR and DCR, optional static address, dynamic address by ENTDAA/SETDASA/SETAASA/SETNEWDA,
// registers behind private transfers, the required and common optional CCCs, In-Band Interrupts
// with a Mandatory Data Byte and payload, and Hot-Join after power-up. It watches SCL/SDA edges
// on a Bus and answers with open-drain or push-pull drives like a real device's pad would.
// Faults can be injected to show what a checker must catch.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "xpo/i3c/bus.hpp"
#include "xpo/i3c/timing.hpp"

namespace xpo::i3c {

struct TargetFaults {
  bool never_answer = false;             // never drives SDA: a dead or absent device
  bool nack_private = false;             // NACKs private transfers to its dynamic address
  bool hold_sda_after_read = false;      // keeps SDA low after the last read byte
  bool push_pull_open_drain = false;     // drives ACK and DAA bits push-pull instead of open-drain
  bool keep_driving_after_lost = false;  // ignores lost arbitration (chipsalliance i3c-core #92)
  bool ignore_parity = false;            // uses data with a parity error (NXP i3c-slave-design #4)
  bool ack_direct_rstdaa = false;        // ACKs the deprecated direct RSTDAA (i3c-core #53)
  bool ack_setdasa_with_da = false;      // takes SETDASA while it has a dynamic address (#57)
  bool ibi_ignores_aval = false;         // START request without waiting for Bus Available
  bool hj_ignores_idle = false;          // Hot-Join without waiting for Bus Idle
  bool ibi_without_mdb = false;          // ends an ACKed IBI at once although BCR says payload
};

struct TargetConfig {
  std::string name = "target";
  std::uint64_t pid = 0;  // 48 bits: MIPI manufacturer ID, part ID, instance, vendor bits
  std::uint8_t bcr = 0;
  std::uint8_t dcr = 0;
  std::optional<std::uint8_t> static_addr;
  bool hot_join = false;  // asks to join with 0x02 after power-up
  bool powered = true;    // false: the device ignores the bus until PowerUp()
  std::uint16_t max_write_len = 256;
  std::uint16_t max_read_len = 256;
  std::uint8_t max_ibi_len = 8;                      // payload bytes after the MDB
  std::vector<std::uint8_t> mxds = {0x00, 0x00};     // GETMXDS answer, 2 or 5 bytes
  std::vector<std::uint8_t> caps = {0x00, 0x01};     // GETCAPS answer, GETCAP1..GETCAP4
  std::optional<std::array<std::uint8_t, 4>> xtime;  // GETXTIME answer when timing control exists
  std::size_t reg_count = 256;
  Time tsco = 6 * kNs;  // clock to data out after SCL falls (tSCO max is 12 ns)
  TargetFaults faults;
};

class Target {
 public:
  Target(Bus& bus, TargetConfig cfg);
  Target(const Target&) = delete;
  Target& operator=(const Target&) = delete;

  // Powers the device; a Hot-Join device then waits for Bus Idle and asks to join.
  void PowerUp();
  bool Powered() const { return powered_; }

  // Queues an In-Band Interrupt; sent when enabled (ENINT) and the device has an address.
  void RaiseIbi(std::uint8_t mdb, std::vector<std::uint8_t> payload = {});
  std::size_t PendingIbis() const { return ibis_.size(); }

  const TargetConfig& Config() const { return cfg_; }
  TargetFaults& Faults() { return cfg_.faults; }
  int Agent() const { return agent_; }
  std::optional<std::uint8_t> DynamicAddress() const { return da_; }
  std::uint8_t Events() const { return events_; }
  std::uint16_t MaxWriteLen() const { return mwl_; }
  std::uint16_t MaxReadLen() const { return mrl_; }
  std::uint8_t MaxIbiLen() const { return ibi_len_; }
  std::uint8_t ActivityState() const { return activity_; }
  std::uint8_t ResetAction() const { return rstact_; }
  std::optional<std::uint8_t> EndXfer() const { return endxfer_; }
  const std::vector<std::uint8_t>& SetXtime() const { return setxtime_; }
  const std::vector<std::uint8_t>& DefTgts() const { return deftgts_; }
  bool ProtocolError() const { return protocol_error_; }
  int ParityErrors() const { return parity_errors_; }
  int IbisSent() const { return ibis_sent_; }
  bool HotJoinAcked() const { return hj_acked_; }
  bool InDaa() const { return daa_mode_; }
  std::uint8_t Reg(std::size_t i) const { return regs_.at(i); }
  void SetReg(std::size_t i, std::uint8_t v) { regs_.at(i) = v; }

 private:
  enum class St : std::uint8_t {
    kIdle,
    kHeader,
    kHeaderAck,
    kRecv,
    kSend,
    kDaaPid,
    kDaaAddr,
    kDaaAck,
    kIgnore
  };
  enum class Recv : std::uint8_t { kCccCode, kCccData, kDirectData, kPrivate };
  enum class AfterAck : std::uint8_t { kIgnore, kRecv, kSend, kDaaPid, kIbi };

  void OnEvent(const BusEvent& ev);
  void OnStart();
  void OnStop();
  void OnSclRise();
  void OnSclFall();
  void HeaderDone();
  void ByteDone(std::uint8_t b, bool parity_ok);
  void BroadcastByte(std::uint8_t b);
  void DirectByte(std::uint8_t b);
  void PrivateByte(std::uint8_t b);
  bool DirectHeader(bool rnw);
  std::optional<std::vector<std::uint8_t>> DirectGetData();
  void DriveLater(Drive d, Time delay);
  void DriveNow(Drive d);
  Drive OdBit(bool one) const;
  bool WantRequest() const;
  std::uint8_t RequestHeader() const;
  void ScheduleRequest();

  Bus& bus_;
  TargetConfig cfg_;
  int agent_;
  bool powered_;
  std::uint64_t gen_ = 0;

  // Protocol state.
  St st_ = St::kIdle;
  Recv recv_ = Recv::kPrivate;
  AfterAck after_ack_ = AfterAck::kIgnore;
  bool ack_ = false;
  bool header_after_start_ = false;
  bool arbitrating_ = false;
  bool won_ = false;
  int bits_ = 0;
  std::uint64_t shift_ = 0;
  std::vector<std::uint8_t> tx_;
  std::size_t tx_pos_ = 0;
  std::optional<std::uint8_t> ccc_;
  std::vector<std::uint8_t> ccc_bytes_;   // defining/data bytes after the CCC code
  std::vector<std::uint8_t> xfer_bytes_;  // data bytes of the current addressed transfer
  bool daa_mode_ = false;
  bool requesting_ = false;
  bool stuck_ = false;

  // Device state.
  std::optional<std::uint8_t> da_;
  std::uint8_t events_ = ccc::kEvtInt | ccc::kEvtHj;
  std::uint16_t mwl_, mrl_;
  std::uint8_t ibi_len_;
  std::uint8_t activity_ = 0;
  std::uint8_t rstact_ = 0;
  std::optional<std::uint8_t> endxfer_;
  std::vector<std::uint8_t> setxtime_;
  std::vector<std::uint8_t> deftgts_;
  bool protocol_error_ = false;
  int parity_errors_ = 0;
  std::vector<std::uint8_t> regs_;
  std::size_t reg_ptr_ = 0;
  std::deque<std::pair<std::uint8_t, std::vector<std::uint8_t>>> ibis_;
  int ibis_sent_ = 0;
  bool hj_pending_ = false;
  bool hj_acked_ = false;
  bool idle_seen_ = false;  // Bus Idle seen since power-up (Hot-Join precondition)
  Time last_edge_ = 0;
  bool bus_free_ = true;
};

}  // namespace xpo::i3c
