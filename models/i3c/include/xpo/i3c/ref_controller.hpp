// A small reference I3C SDR controller, a test aid for exercising the target models without the
// RTL. It drives SCL push-pull, SDA open-drain in arbitrable headers and ACKs and push-pull in
// data, as MIPI I3C Basic v1.1.1 section 5.1 describes, and runs procedurally: each call clocks
// the bus itself, advancing the shared Scheduler so the target models can answer. It handles
// IBI and Hot-Join requests that win the header arbitration. Knobs let tests break it on
// purpose (bad parity, reserved addresses, short timings) to show the monitor firing.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "xpo/i3c/bus.hpp"

namespace xpo::i3c {

struct RefControllerTiming {
  Time od_low = 240 * kNs;      // tLOW_OD >= 200 ns
  Time od_high = 40 * kNs;      // tDIG_H >= 32 ns
  Time first_high = 240 * kNs;  // tHIGH_INIT >= 200 ns for the first address after START
  Time pp_low = 40 * kNs;       // 12.5 MHz push-pull
  Time pp_high = 40 * kNs;
  Time hold = 8 * kNs;        // SDA change after SCL falls
  Time cas = 50 * kNs;        // tCAS >= 38.4 ns
  Time cbp = 25 * kNs;        // tCBP >= 19.2 ns
  Time cbsr = 25 * kNs;       // tCBSr >= 19.2 ns
  Time casr = 25 * kNs;       // tCASr >= 19.2 ns
  Time buf = 1300 * kNs;      // bus free after STOP (mixed bus with Fm devices)
  Time i2c_low = 600 * kNs;   // Fm+ tLOW >= 500 ns
  Time i2c_high = 400 * kNs;  // Fm+ tHIGH >= 260 ns
  Time poll = 20 * kNs;       // how often Idle() looks for a START request
};

struct RefControllerKnobs {
  bool bad_write_parity = false;         // every write T-bit inverted
  bool bad_daa_parity = false;           // ENTDAA address byte with the wrong parity bit
  bool allow_reserved = false;           // assign reserved addresses instead of refusing
  bool keep_driving_after_lost = false;  // does not notice losing the header arbitration
  bool read_past_end = false;            // clocks one more byte after T=0
};

struct IbiRecord {
  Time time;
  std::uint8_t addr;
  bool hot_join;
  bool acked;
  std::vector<std::uint8_t> data;  // MDB then payload
};

struct DaaRecord {
  std::uint64_t pid;
  std::uint8_t bcr;
  std::uint8_t dcr;
  std::uint8_t addr;
  bool acked;
};

struct XferResult {
  bool ack = false;
  std::vector<std::uint8_t> data;
  bool ended_by_target = false;
};

class RefController {
 public:
  RefController(Bus& bus, RefControllerTiming t = {}, std::string name = "controller");
  int Agent() const { return agent_; }
  RefControllerTiming& Timing() { return t_; }
  RefControllerKnobs& Knobs() { return knobs_; }

  // Lets the bus sit idle for dt while answering target START requests.
  void Idle(Time dt);

  // Transfers; each is one frame S ... P. Private transfers go S 7E/W Sr addr so that targets
  // can raise IBIs in the arbitrable header.
  XferResult PrivateWrite(std::uint8_t addr, const std::vector<std::uint8_t>& data);
  XferResult PrivateRead(std::uint8_t addr, std::size_t max_len);
  XferResult I2cWrite(std::uint8_t addr, const std::vector<std::uint8_t>& data);
  XferResult I2cRead(std::uint8_t addr, std::size_t len);
  bool Broadcast(std::uint8_t code, const std::vector<std::uint8_t>& data = {});
  XferResult DirectSet(std::uint8_t code, std::uint8_t addr, const std::vector<std::uint8_t>& data,
                       const std::vector<std::uint8_t>& defining = {});
  XferResult DirectGet(std::uint8_t code, std::uint8_t addr, std::size_t max_len,
                       const std::vector<std::uint8_t>& defining = {});
  // One direct SET CCC to several targets in a single frame: S 7E/W CCC (Sr addr/W data)* P.
  std::vector<bool> DirectSetMulti(
      std::uint8_t code, const std::vector<std::pair<std::uint8_t, std::vector<std::uint8_t>>>& to);
  // ENTDAA handing out `addrs` in order; returns one record per round.
  std::vector<DaaRecord> EntDaa(const std::vector<std::uint8_t>& addrs);
  XferResult SetDasa(std::uint8_t static_addr, std::uint8_t dyn_addr);

  // IBI policy.
  void AcceptIbi(std::uint8_t addr, bool payload, std::size_t max_len = 16);
  void AcceptHotJoin(bool accept) { accept_hj_ = accept; }
  const std::vector<IbiRecord>& Ibis() const { return ibis_; }

 private:
  void SetScl(bool v);
  void SetSda(Drive d);
  void Wait(Time dt) { bus_.Sched().RunFor(dt); }
  void Start();
  void RepeatedStart();
  void Stop();
  // Clocks one bit with SCL low for `low` and high for `high`; drives SDA with d after the hold
  // time and returns the value sampled at the rising edge. SCL ends low.
  bool Bit(Drive d, Time low, Time high);
  // Sends an 8-bit header; returns the header seen on the wire (differs when arbitration lost).
  std::uint8_t Header(std::uint8_t value, bool arbitrable);
  // The same with the open-drain timing given (legacy I2C headers arbitrate too).
  std::uint8_t Header(std::uint8_t value, bool arbitrable, Time od_low, Time od_high);
  // A non-arbitrable header sent open-drain (ENTDAA runs open-drain from START to STOP).
  void HeaderOd(std::uint8_t value);
  bool AckBit(bool drive_ack, Time low, Time high);  // returns true when SDA was low
  void WriteByte(std::uint8_t b);
  // Reads one byte and its T-bit; when the target says more but `more` is false, aborts with
  // Sr (the frame is then at Sr: SCL low after tCASr).
  std::uint8_t ReadByte(bool more, bool& t_bit, bool& aborted);
  XferResult ReadBytes(std::size_t max_len, bool& aborted);
  // Opens a frame with S 7E/W; services IBIs that win and retries. False: nobody ACKed 7E.
  bool OpenBroadcast();
  void ServiceRequest(std::uint8_t hdr);
  void CheckAddress(std::uint8_t addr) const;

  Bus& bus_;
  RefControllerTiming t_;
  RefControllerKnobs knobs_;
  int agent_;
  bool at_sr_ = false;  // a read abort left the frame right after an Sr
  std::map<std::uint8_t, std::pair<bool, std::size_t>> ibi_accept_;
  bool accept_hj_ = true;
  std::vector<IbiRecord> ibis_;
};

}  // namespace xpo::i3c
