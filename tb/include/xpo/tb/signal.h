// Typed handles on a Verilated model's signals (cocotb's dut.sig): In<W> for signals the test
// bench drives, Out<W> for signals the design drives (read-only here, checked at compile time).
// Writes are queued and applied in the ReadWrite phase (last write wins); setImmediateValue()
// writes at once. W selects Verilator's storage (CData/SData/IData/QData/VlWide<N>), so binding a
// handle to a port of another width does not compile.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <fmt/format.h>

#include "verilated.h"
#include "xpo/tb/scheduler.h"
#include "xpo/tb/waiter.h"

namespace xpo::tb {

// The changes an edge waiter is for, as a mask of kinds of change (bit 0 rose, bit 0 fell, other
// bits changed), so matching a change is one AND.
enum class EdgeKind : uint32_t { kRising = 1, kFalling = 2, kAny = 7 };

// Common part of every handle: its name, width and the value-change waiters.
class SignalBase {
 public:
  // edgeInput: a test-bench-driven signal that some process in the design is sensitive to the
  // edges of (a clock or an asynchronous reset); see ModelTriggers.
  SignalBase(std::string name, unsigned width, bool designDriven, bool edgeInput = true);
  virtual ~SignalBase() = default;
  SignalBase(const SignalBase&) = delete;
  SignalBase& operator=(const SignalBase&) = delete;

  const std::string& name() const { return name_; }
  unsigned width() const { return width_; }
  Scheduler& scheduler() const { return *sched_; }

  // Registers a value-change waiter; the signal is polled after evaluations while it has any.
  void addWaiter(Waiter& w, EdgeKind kind) {
    w.arg = static_cast<uint32_t>(kind);
    if (waiters_.empty()) {
      // Changes made before the first waiter arrived are not its edges.
      if (designDriven_) sched_->settleDeferred();
      if (watched_) {
        // A test-bench-driven signal's snapshot is current unless a write awaits polling.
        if (designDriven_ || noted_) snapshot();
      } else {
        sched_->watch(*this);
      }
    }
    waiters_.pushBack(w);
    sched_->noteActivity();
  }
  bool hasWaiters() const { return !waiters_.empty(); }
  // Whether an edge waiter is for a change whose bit 0 rose, fell, or did neither.
  static bool edgeMatches(const Waiter& w, bool rose, bool fell) {
    const uint32_t change = rose ? 1u : fell ? 2u : 4u;
    return (w.arg & change) != 0;
  }
  WaiterList& waiters() { return waiters_; }

  // Scheduler interface.
  // Compares with the value seen last; returns true on a change and says whether bit 0 rose/fell.
  virtual bool pollChange(bool& rose, bool& fell) = 0;
  virtual void snapshot() = 0;
  virtual void applyPending() = 0;
  bool watched_ = false;
  bool noted_ = false;  // in the scheduler's written-inputs list
  bool writePending_ = false;
  SignalBase* nextPending_ = nullptr;  // the scheduler's list of pending writes
  const bool designDriven_;            // only an evaluation can change it (Out<W>)
  const bool edgeInput_;

 protected:
  void queue() {
    if (!writePending_) {
      writePending_ = true;
      sched_->queueWrite(*this, watched_ || edgeInput_);
    }
  }
  // "value <what><value in hex> does not fit ...", and the same for an array element. Cold and out
  // of line, so the checks stay small in every write.
  [[noreturn, gnu::cold, gnu::noinline]] void throwOverflow(const char* what, uint64_t value) const;
  [[noreturn, gnu::cold, gnu::noinline]] void throwOverflow(std::size_t element, const char* what,
                                                            uint64_t value) const;
  // After the test bench changed the value: the model must evaluate, edge waiters must look.
  void changed() {
    sched_->markDirty(edgeInput_);
    if (watched_ && !noted_) {
      noted_ = true;
      sched_->noteInputWrite(*this);
    }
  }

  Scheduler* sched_;
  std::string name_;
  unsigned width_;
  WaiterList waiters_;
};

inline void Scheduler::queueWrite(SignalBase& s, bool unmergeable) {
  unmergeableWrite_ |= unmergeable;
  s.nextPending_ = nullptr;
  *pendingTail_ = &s;
  pendingTail_ = &s.nextPending_;
}

namespace detail {
template <unsigned W>
struct Storage {
  static_assert(W >= 1, "signal width must be at least 1");
  using type = std::conditional_t<
      (W <= 8), CData,
      std::conditional_t<
          (W <= 16), SData,
          std::conditional_t<(W <= 32), IData,
                             std::conditional_t<(W <= 64), QData, VlWide<(W + 31) / 32>>>>>;
};
template <unsigned W>
constexpr uint32_t topWordMask() {
  return (W % 32) == 0 ? 0xffffffffu : ((1u << (W % 32)) - 1u);
}
template <unsigned W>
bool wideEqual(const VlWide<(W + 31) / 32>& a, const VlWide<(W + 31) / 32>& b) {
  return std::memcmp(a.data(), b.data(), sizeof(EData) * ((W + 31) / 32)) == 0;
}
}  // namespace detail

enum class WriteOp : uint8_t { kDeposit, kForce, kRelease };

template <unsigned W, bool Writable>
class Signal final : public SignalBase {
 public:
  using Storage = typename detail::Storage<W>::type;
  static constexpr bool kWide = W > 64;
  static constexpr unsigned kWords = (W + 31) / 32;
  // Value as the test sees it: uint64_t up to 64 bits, VlWide<N> above.
  using Value = std::conditional_t<kWide, Storage, uint64_t>;

  Signal(std::string name, Storage& ref, bool edgeInput = true)
      : SignalBase(std::move(name), W, !Writable, edgeInput), ref_(ref) {
    last_ = ref_;
  }

  // A design-driven value is read only after any evaluation the scheduler merged forward.
  Value read() const {
    if constexpr (!Writable) sched_->settleDeferred();
    return ref_;
  }
  Value value() const { return read(); }
  bool bit(unsigned i) const {
    if constexpr (!Writable) sched_->settleDeferred();
    if (i >= W) {
      throw std::out_of_range(fmt::format("bit {} of signal '{}' which has {} bits", i, name_, W));
    }
    if constexpr (kWide) {
      return (ref_[i / 32] >> (i % 32)) & 1u;
    } else {
      return (static_cast<uint64_t>(ref_) >> i) & 1u;
    }
  }

  // cocotb `sig.value = v`: applied in this time step's ReadWrite phase; the last write wins.
  void write(const Value& v) requires Writable { stage(v, WriteOp::kDeposit); }
  void deposit(const Value& v) requires Writable { stage(v, WriteOp::kDeposit); }
  // Holds the value until release(); writes meanwhile are dropped. Inputs only: Verilator has no
  // force on design-driven signals.
  void force(const Value& v) requires Writable { stage(v, WriteOp::kForce); }
  void release() requires Writable {
    sched_->checkWrite(name_);
    pendingOp_ = WriteOp::kRelease;
    queue();
  }
  bool forced() const { return forced_; }

  // cocotb setimmediatevalue(): writes now; edge triggers see it at the next poll. Activity for
  // the scheduler's shortcuts: it may set a clock to the level of its next edge.
  void setImmediateValue(const Value& v) requires Writable {
    check(v);
    sched_->checkWrite(name_);
    sched_->settleDeferred();
    sched_->noteActivity();
    if (!forced_) {
      ref_ = v;
      changed();
    }
  }

  // Fast path for clock drivers: no checks beyond the width (a 1-bit value is always in range).
  void driveBit(bool level) requires(Writable&& W == 1) {
    if (!forced_) {
      storeDriven(level);
      changed();
    }
  }

  // driveBit() for a clock whose edge is known: updates the snapshot and fires the edge waiters
  // here instead of at the next poll, unless a change is already waiting to be polled.
  void driveEdge(bool level) requires(Writable&& W == 1) {
    if (forced_ || noted_ || waiters_.empty()) {
      driveBit(level);
      return;
    }
    const bool before = last_ & 1u;
    driveConsumedEdge(level);
    if (before != level) sched_->fireEdge(*this, level, !level);
  }

  // Whether driving level changes the signal, with no change waiting to be polled and no force.
  bool driveWouldChange(bool level) const requires(Writable&& W == 1) {
    return !forced_ && !noted_ && (ref_ & 1u) != level;
  }
  // For a clock's silent edge: true when driving level would change the signal and no waiter is
  // for that edge (and no change is waiting to be polled, and it is not forced).
  bool edgeWouldWakeNobody(bool level) const requires(Writable&& W == 1) {
    if (!driveWouldChange(level)) return false;
    for (const Waiter* w = waiters_.front(); w; w = w->next) {
      if (edgeMatches(*w, level, !level)) return false;
    }
    return true;
  }
  // Drives such an edge: the snapshot follows, as a poll finding no waiter to fire would leave it.
  // Neither noted as a drive while deferred nor marked dirty: the scheduler evaluates right after,
  // before anything could read the design.
  void driveUnwatchedEdge(bool level) requires(Writable&& W == 1) {
    ref_ = level;
    last_ = level;
  }

  // Drives an edge whose waiters are fired by the driver itself (driveEdge()), or whose only waiter
  // is the task that drives it in place: the snapshot follows; unlike a silent edge, noted while
  // deferred, since a woken task reads the design before the next evaluation.
  // mayBeDeferred: false when the caller knows no evaluation is deferred (nothing to note).
  void driveConsumedEdge(bool level, bool mayBeDeferred = true) requires(Writable&& W == 1) {
    if (mayBeDeferred) {
      storeDriven(level);
    } else {
      ref_ = level;
    }
    last_ = level;
    sched_->markDirty(edgeInput_);
  }

  bool pollChange(bool& rose, bool& fell) override {
    if constexpr (kWide) {
      if (detail::wideEqual<W>(ref_, last_)) return false;
      const bool before = last_[0] & 1u;
      const bool after = ref_[0] & 1u;
      rose = !before && after;
      fell = before && !after;
    } else {
      if (ref_ == last_) return false;
      const bool before = last_ & 1u;
      const bool after = ref_ & 1u;
      rose = !before && after;
      fell = before && !after;
    }
    last_ = ref_;
    return true;
  }
  void snapshot() override { last_ = ref_; }
  void applyPending() override {
    writePending_ = false;
    // Deposits first: they are nearly every write.
    if (pendingOp_ == WriteOp::kDeposit) [[likely]] {
      if (forced_) return;
    } else if (pendingOp_ == WriteOp::kForce) {
      forced_ = true;
    } else {
      forced_ = false;  // kRelease
      return;
    }
    ref_ = pending_;
    changed();
  }

 private:
  // A clock driver's store: while an evaluation is deferred the scheduler notes it, to undo it for
  // that evaluation.
  void storeDriven(bool level) requires(Writable&& W == 1) {
    if (sched_->deferred()) sched_->noteDriveWhileDeferred(ref_, static_cast<uint8_t>(level));
    ref_ = level;
  }
  void check(const Value& v) const {
    if constexpr (kWide) {
      if ((v[kWords - 1] & ~detail::topWordMask<W>()) != 0) {
        throwOverflow("top word ", v[kWords - 1]);
      }
    } else if constexpr (W < 64) {
      if ((v >> W) != 0) throwOverflow("", v);
    }
  }
  [[gnu::always_inline]] void stage(const Value& v, WriteOp op) {
    check(v);
    sched_->checkWrite(name_);
    if constexpr (kWide) {
      pending_ = v;
    } else {
      pending_ = static_cast<Storage>(v);
    }
    // A force is not undone by a later plain write in the same step.
    if (!(writePending_ && pendingOp_ == WriteOp::kForce && op == WriteOp::kDeposit)) {
      pendingOp_ = op;
    }
    queue();
  }

  Storage& ref_;
  Storage last_{};
  Storage pending_{};
  WriteOp pendingOp_ = WriteOp::kDeposit;
  bool forced_ = false;
};

template <unsigned W>
using In = Signal<W, true>;
template <unsigned W>
using Out = Signal<W, false>;

// Handle on an unpacked array (a top-level port is a C array, an internal signal a VlUnpacked):
// element reads and writes; Edge() fires when any element changes.
template <unsigned W, std::size_t N, bool Writable>
class SignalArray final : public SignalBase {
 public:
  using Element = typename detail::Storage<W>::type;
  using Value = std::conditional_t<(W > 64), Element, uint64_t>;

  SignalArray(std::string name, Element (&ref)[N], bool edgeInput = true)
      : SignalBase(std::move(name), W, !Writable, edgeInput), data_(ref) {
    snapshot();
  }
  SignalArray(std::string name, VlUnpacked<Element, N>& ref, bool edgeInput = true)
      : SignalBase(std::move(name), W, !Writable, edgeInput), data_(ref.m_storage) {
    snapshot();
  }
  static constexpr std::size_t size() { return N; }

  Value read(std::size_t i) const {
    if constexpr (!Writable) sched_->settleDeferred();
    return data_[checkIndex(i)];
  }
  // Every element at once, in Verilator's storage type; valid until the next await.
  std::span<const Element, N> values() const {
    if constexpr (!Writable) sched_->settleDeferred();
    return std::span<const Element, N>(data_, N);
  }
  void write(std::size_t i, const Value& v) requires Writable {
    checkValue(i, v);
    sched_->checkWrite(name_);
    pending_[checkIndex(i)] = static_cast<Element>(v);
    if (!pendingMask_[i]) {
      pendingMask_[i] = true;
      pendingList_[pendingCount_++] = i;
    }
    queue();
  }
  // Writes every element at once (one range check pass, one copy when applied).
  void writeAll(const std::array<Value, N>& values) requires Writable {
    for (std::size_t i = 0; i < N; ++i) checkValue(i, values[i]);
    sched_->checkWrite(name_);
    for (std::size_t i = 0; i < N; ++i) pending_[i] = static_cast<Element>(values[i]);
    allPending_ = true;
    queue();
  }
  // The same in Verilator's storage type: one copy, and no range check when the element width
  // fills the storage word.
  void writeAll(std::span<const Element, N> values) requires(Writable &&
                                                             !std::is_same_v<Value, Element>) {
    if constexpr (W != 8 * sizeof(Element)) {
      for (std::size_t i = 0; i < N; ++i) checkValue(i, values[i]);
    }
    sched_->checkWrite(name_);
    std::memcpy(pending_.data(), values.data(), sizeof(Element) * N);
    allPending_ = true;
    queue();
  }
  // Writes element(i) to every element i, as writeAll() does. When element() returns Verilator's
  // storage type and the element width fills it, each value goes straight to the staging array,
  // with no array in between and no range check (an exception from element() then leaves the
  // elements before it overwritten, for a single-element write still pending on one of them).
  // Otherwise the values are gathered and written by writeAll(), which checks each first: one
  // that does not fit throws with nothing written.
  template <typename F>
  requires(Writable&& std::is_invocable_v<F&, std::size_t>) void writeEach(F&& element) {
    using Result = std::invoke_result_t<F&, std::size_t>;
    if constexpr (std::is_same_v<std::remove_cvref_t<Result>, Element> &&
                  W == 8 * sizeof(Element)) {
      sched_->checkWrite(name_);
      for (std::size_t i = 0; i < N; ++i) pending_[i] = element(i);
      allPending_ = true;
      queue();
    } else {
      std::array<Value, N> values{};
      for (std::size_t i = 0; i < N; ++i) values[i] = element(i);
      writeAll(values);
    }
  }
  void setImmediateValue(std::size_t i, const Value& v) requires Writable {
    checkValue(i, v);
    sched_->checkWrite(name_);
    sched_->settleDeferred();
    sched_->noteActivity();
    data_[checkIndex(i)] = static_cast<Element>(v);
    changed();
  }

  bool pollChange(bool& rose, bool& fell) override {
    rose = fell = false;
    if (std::memcmp(data_, last_.data(), sizeof(Element) * N) == 0) return false;
    snapshot();
    return true;
  }
  void snapshot() override { std::memcpy(last_.data(), data_, sizeof(Element) * N); }
  void applyPending() override {
    writePending_ = false;
    if (allPending_) {
      std::memcpy(data_, pending_.data(), sizeof(Element) * N);
      allPending_ = false;
      for (std::size_t k = 0; k < pendingCount_; ++k) pendingMask_[pendingList_[k]] = false;
    } else {
      for (std::size_t k = 0; k < pendingCount_; ++k) {
        const std::size_t i = pendingList_[k];
        data_[i] = pending_[i];
        pendingMask_[i] = false;
      }
    }
    pendingCount_ = 0;
    changed();
  }

 private:
  std::size_t checkIndex(std::size_t i) const {
    if (i >= N) {
      throw std::out_of_range(
          fmt::format("index {} of array signal '{}' which has {} elements", i, name_, N));
    }
    return i;
  }
  void checkValue(std::size_t i, const Value& v) const {
    if constexpr (W > 64) {
      if ((v[(W + 31) / 32 - 1] & ~detail::topWordMask<W>()) != 0) {
        throwOverflow(i, "top word ", v[(W + 31) / 32 - 1]);
      }
    } else if constexpr (W < 64) {
      if ((v >> W) != 0) throwOverflow(i, "value ", v);
    }
  }

  Element* data_;
  std::array<Element, N> last_{};
  std::array<Element, N> pending_{};
  std::array<bool, N> pendingMask_{};
  std::array<std::size_t, N> pendingList_{};
  std::size_t pendingCount_ = 0;
  bool allPending_ = false;
};

template <unsigned W, std::size_t N>
using InArray = SignalArray<W, N, true>;
template <unsigned W, std::size_t N>
using OutArray = SignalArray<W, N, false>;

}  // namespace xpo::tb
