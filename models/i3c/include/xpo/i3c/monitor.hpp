// An independent I3C SDR bus monitor (MIPI I3C Basic v1.1.1, sections 5.1 "SDR Protocol" and 6.2
// "Timing Specification"). It decodes SCL/SDA edges, optionally with who drives SDA and how, into
// one transaction per frame (START/Sr to the next Sr/STOP), and checks the wires against the
// spec: framing, open-drain versus push-pull phases, T-bits, arbitration, dynamic address
// assignment, CCC formats, IBI and Hot-Join sequences and the timing minimums. It knows nothing
// about any particular controller or target implementation.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "xpo/i3c/bus.hpp"
#include "xpo/i3c/timing.hpp"

namespace xpo::i3c {

struct Violation {
  Time time = 0;
  std::string rule;    // stable id, e.g. "tbit.parity", "t.low_od"
  std::string detail;  // what was seen
  std::string ToString() const;
};

enum class TxKind : std::uint8_t {
  kBroadcastCcc,   // S/Sr 7E/W + CCC code (+ data or defining bytes)
  kBroadcastOnly,  // S 7E/W followed directly by Sr
  kDirectCcc,      // addressed part of a direct CCC
  kDaa,            // one ENTDAA round (7E/R, PID/BCR/DCR, address)
  kDaaEnd,         // 7E/R NACKed: no device left
  kPrivateWrite,
  kPrivateRead,
  kI2cWrite,
  kI2cRead,
  kIbi,
  kHotJoin,
  kControllerRequest,
  kNack,  // header nobody ACKed
  kIncomplete,
};
std::string_view KindName(TxKind k);

struct Transaction {
  Time start = 0;
  Time end = 0;
  bool repeated = false;  // opened with Sr
  bool stop = false;      // closed with STOP
  TxKind kind = TxKind::kIncomplete;
  std::uint8_t addr = 0;
  bool rnw = false;
  bool ack = false;
  std::optional<std::uint8_t> ccc;
  std::vector<std::uint8_t> data;  // data bytes (CCC: defining/data bytes after the code)
  bool ended_by_target = false;    // read ended with T=0
  std::uint64_t pid = 0;
  std::uint8_t bcr = 0;
  std::uint8_t dcr = 0;
  std::uint8_t assigned = 0;  // DAA: address sent by the controller
  std::string text;           // one-line summary, without the time
};

struct MonitorConfig {
  enum class BusMode : std::uint8_t { kPure, kMixedFm, kMixedFmPlus };
  BusMode mode = BusMode::kMixedFmPlus;
  I3cTimingMin timing;
  bool check_timing = true;
  std::set<std::uint8_t> i2c_addrs;  // legacy I2C devices on the bus
  std::set<std::uint8_t> i3c_addrs;  // dynamic addresses assigned before the trace starts
  int controller_agent = 0;          // with drive information: the controller's agent id
};

class Monitor {
 public:
  explicit Monitor(MonitorConfig cfg = {});

  // Violations and transactions are recorded; handlers are called as they happen (a handler may
  // throw to stop the test at the first violation).
  void OnViolation(std::function<void(const Violation&)> fn) { on_violation_ = std::move(fn); }
  void OnTransaction(std::function<void(const Transaction&)> fn) { on_tx_ = std::move(fn); }

  // One call per change of SCL and/or SDA; times must not decrease. sda_info, when given, says
  // who drives SDA and how (live simulation); offline traces pass nullptr.
  void Sample(Time t, bool scl, bool sda, const LineInfo* sda_info = nullptr);
  // End of the trace: reports a frame left open.
  void Finish(Time t);
  // Watches a live bus with drive information.
  void Attach(Bus& bus);

  const std::vector<Violation>& Violations() const { return violations_; }
  const std::vector<Transaction>& Transactions() const { return txs_; }
  std::size_t CountRule(const std::string& rule) const;
  const std::map<std::uint8_t, Transaction>& Assigned() const { return assigned_; }

 private:
  enum class Ph : std::uint8_t {
    kIdle,
    kHeader,
    kHeaderAck,
    kCccCode,
    kWrite,
    kRead,
    kReadEnded,
    kDaaPid,
    kDaaAddr,
    kDaaAck,
    kI2cWrite,
    kI2cRead,
    kNoData
  };
  enum class BitClass : std::uint8_t { kNone, kOdFirst, kOd, kPp, kI2c };

  void SdaEdge(Time t, bool level);
  void SclEdge(Time t, bool level);
  void OnStart(Time t, bool repeated);
  void OnStop(Time t);
  void OnBit(Time t, bool sda);
  void HeaderDone(Time t);
  void HeaderAck(Time t, bool ack);
  void UnitDone(Time t);
  void CloseFrame(Time t, bool stop);
  void CheckFrame(Time t);
  void Assign(Time t, std::uint8_t addr, const char* how, std::optional<std::uint8_t> static_addr);
  void Report(Time t, std::string rule, std::string detail);
  BitClass ClassOfNextBit() const;
  bool IsI2c(std::uint8_t addr) const;
  const I2cTimingMin* I2cTiming() const;
  std::string Describe(const Transaction& tx) const;

  MonitorConfig cfg_;
  std::function<void(const Violation&)> on_violation_;
  std::function<void(const Transaction&)> on_tx_;
  std::vector<Violation> violations_;
  std::vector<Transaction> txs_;

  // Wires.
  bool scl_ = true, sda_ = true;
  bool have_info_ = false;
  LineInfo sda_info_;
  bool contention_ = false;
  Time last_time_ = 0;
  Time scl_rise_ = -1, scl_fall_ = -1, sda_change_ = -1;
  Time last_stop_ = -1;
  Time start_time_ = -1;
  bool start_pending_ = false;  // START/Sr seen, SCL not yet low
  bool start_was_sr_ = false;
  BitClass bit_class_ = BitClass::kNone;  // class of the bit whose SCL is high
  Time hdr_min_high_ = 0;

  // Frame decode.
  bool in_frame_ = false;
  Ph ph_ = Ph::kIdle;
  int bits_ = 0;
  std::uint64_t shift_ = 0;
  Transaction cur_;
  bool header_after_start_ = false;
  bool target_start_ = false;
  Time free_before_ = 0;
  std::uint32_t arb_out_ = 0;
  bool arbitrating_ = false;
  std::uint32_t hdr_target_low_ = 0;  // non-controller agents that pulled SDA low in the header
  bool daa_parity_ok_ = true;
  int undriven_bits_ = 0;  // data bits of the current byte nobody drove push-pull
  bool idle_clock_reported_ = false;
  // Context across frames of one START..STOP.
  std::optional<std::uint8_t> ccc_;
  std::vector<std::uint8_t> ccc_defining_;
  bool daa_active_ = false;
  bool daa_over_ = false;
  // Bus knowledge.
  std::map<std::uint8_t, Transaction> assigned_;  // dynamic address -> DAA/SET record
  std::map<std::uint8_t, std::uint8_t> setdasa_;  // static address -> dynamic address
  std::set<std::uint32_t> hj_agents_seen_;
};

}  // namespace xpo::i3c
