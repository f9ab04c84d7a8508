// Intrusive nodes by which suspended coroutines wait on triggers. A node lives in the awaiting
// coroutine's frame, so waiting never allocates.
#pragma once

#include <cstdint>
#include <vector>

namespace xpo::tb {

class WaiterList;

struct Waiter {
  Waiter* prev = nullptr;
  Waiter* next = nullptr;
  WaiterList* list = nullptr;  // the list holding this node, if any
  void (*fire)(Waiter&) = nullptr;
  void* owner = nullptr;   // what fire() acts on: a task core or a compound awaiter
  uint64_t time = 0;       // timed nodes: due time in simulator steps
  uint64_t seq = 0;        // timed nodes: insertion order, breaks ties at equal times
  int32_t heapIndex = -1;  // timed nodes: position in the timed heap, -1 when not queued
  uint32_t arg = 0;        // trigger-specific: edge kind
  uint32_t index = 0;      // sub-trigger index inside First/Combine
  uint64_t count = 0;      // trigger-specific: cycles left
  uint64_t period = 0;     // timed nodes: re-armed this many steps later each time it fires
};

// FIFO of waiters: waiters on one trigger resume in the order they began waiting.
class WaiterList {
 public:
  bool empty() const { return head_ == nullptr; }
  Waiter* front() const { return head_; }

  void pushBack(Waiter& w) {
    w.list = this;
    w.next = nullptr;
    w.prev = tail_;
    if (tail_) {
      tail_->next = &w;
    } else {
      head_ = &w;
    }
    tail_ = &w;
  }

  void remove(Waiter& w) {
    if (w.list != this) return;
    if (w.prev) {
      w.prev->next = w.next;
    } else {
      head_ = w.next;
    }
    if (w.next) {
      w.next->prev = w.prev;
    } else {
      tail_ = w.prev;
    }
    w.prev = w.next = nullptr;
    w.list = nullptr;
  }

  // Copies the current members into out (cleared first), so firing them may edit the list.
  void snapshot(std::vector<Waiter*>& out) const {
    out.clear();
    for (Waiter* w = head_; w; w = w->next) out.push_back(w);
  }

 private:
  Waiter* head_ = nullptr;
  Waiter* tail_ = nullptr;
};

inline void unlink(Waiter& w) {
  if (w.list) w.list->remove(w);
}

// Min-heap of timed waiters ordered by (time, seq); supports removal of any member.
class TimedHeap {
 public:
  TimedHeap() { heap_.reserve(64); }
  bool empty() const { return heap_.empty(); }
  Waiter* top() const { return heap_.front(); }
  std::size_t size() const { return heap_.size(); }
  bool single() const { return heap_.size() == 1; }

  void push(Waiter& w, uint64_t time) {
    w.time = time;
    w.seq = nextSeq_++;
    w.heapIndex = static_cast<int32_t>(heap_.size());
    heap_.push_back(&w);
    siftUp(heap_.size() - 1);
  }

  Waiter* pop() {
    Waiter* w = heap_.front();
    removeAt(0);
    return w;
  }

  // Moves the earliest member to a later time (a periodic node firing): one sift-down, no
  // removal and re-insertion.
  void rearmTop(uint64_t time) {
    Waiter* w = heap_.front();
    w->time = time;
    w->seq = nextSeq_++;
    if (heap_.size() > 1) siftDown(0);
  }

  // rearmTop() when the heap holds that one member, w: no sift, and no new sequence number, since
  // any member pushed later takes a later one than the one this member has.
  static void rearmSingle(Waiter& w, uint64_t time) { w.time = time; }

  void remove(Waiter& w) {
    if (w.heapIndex < 0) return;
    removeAt(static_cast<std::size_t>(w.heapIndex));
  }

  const std::vector<Waiter*>& members() const { return heap_; }
  // Whether any member other than the earliest is due at or before time.
  bool othersDueBy(uint64_t time) const {
    const std::size_t n = heap_.size();
    return (n > 1 && heap_[1]->time <= time) || (n > 2 && heap_[2]->time <= time);
  }

 private:
  static bool less(const Waiter* a, const Waiter* b) {
    return a->time != b->time ? a->time < b->time : a->seq < b->seq;
  }
  void place(std::size_t i, Waiter* w) {
    heap_[i] = w;
    w->heapIndex = static_cast<int32_t>(i);
  }
  void siftUp(std::size_t i) {
    Waiter* w = heap_[i];
    while (i > 0) {
      std::size_t parent = (i - 1) / 2;
      if (!less(w, heap_[parent])) break;
      place(i, heap_[parent]);
      i = parent;
    }
    place(i, w);
  }
  void siftDown(std::size_t i) {
    Waiter* w = heap_[i];
    const std::size_t n = heap_.size();
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && less(heap_[child + 1], heap_[child])) ++child;
      if (!less(heap_[child], w)) break;
      place(i, heap_[child]);
      i = child;
    }
    place(i, w);
  }
  void removeAt(std::size_t i) {
    Waiter* gone = heap_[i];
    gone->heapIndex = -1;
    Waiter* last = heap_.back();
    heap_.pop_back();
    if (i < heap_.size()) {
      place(i, last);
      if (i > 0 && less(last, heap_[(i - 1) / 2])) {
        siftUp(i);
      } else {
        siftDown(i);
      }
    }
  }

  std::vector<Waiter*> heap_;
  uint64_t nextSeq_ = 0;
};

}  // namespace xpo::tb
