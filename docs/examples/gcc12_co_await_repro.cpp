// g++ 12 loses a coroutine's continuation when a loop ends through a condition that awaits a
// task (docs/harness.md, Limits). No harness code: a lazily started task, awaited by symmetric
// transfer, and a one-queue scheduler.
//
//   g++ -std=c++20 -O2 docs/examples/gcc12_co_await_repro.cpp && ./a.out        # not finished
//   clang++-14 -std=c++20 -O2 docs/examples/gcc12_co_await_repro.cpp && ./a.out  # finished
#include <coroutine>
#include <cstdio>
#include <deque>
#include <exception>
#include <utility>

std::deque<std::coroutine_handle<>> ready;  // a one-queue "scheduler"

struct Suspend {  // resumed later by the scheduler
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<> h) { ready.push_back(h); }
  void await_resume() {}
};

template <typename T>
struct Task {
  struct promise_type {
    T value{};
    std::coroutine_handle<> cont;
    Task get_return_object() {
      return Task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() { return {}; }
    struct Final {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        auto c = h.promise().cont;
        return c ? c : std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    Final final_suspend() noexcept { return {}; }
    void return_value(T v) { value = v; }
    void unhandled_exception() { std::terminate(); }
  };
  explicit Task(std::coroutine_handle<promise_type> h) : h(h) {}
  Task(Task&& o) : h(std::exchange(o.h, {})) {}
  ~Task() {
    if (h) h.destroy();
  }
  bool await_ready() { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) {
    h.promise().cont = c;
    return h;
  }
  T await_resume() { return h.promise().value; }
  std::coroutine_handle<promise_type> h;
};

int counter = 0;
Task<int> readCount() {
  co_await Suspend{};
  co_return ++counter;
}
Task<int> waitAbove(int n) {
  while ((co_await readCount()) < n) {
  }
  co_return n;
}
Task<int> test() {
  int v = co_await waitAbove(5);
  std::printf("waitAbove returned %d, counter %d\n", v, counter);
  co_return v;
}

int main() {
  Task<int> t = test();
  ready.push_back(t.h);
  while (!ready.empty()) {
    auto h = ready.front();
    ready.pop_front();
    h.resume();
  }
  std::printf("done: %s\n", t.h.done() ? "finished" : "not finished");
}
