// Wrong on purpose: co_await inside conditions (lines 8 and 12); the rest is the accepted form.
#include "task.h"

namespace xpo::simtest {

Task<int> WaitAbove(int n) {
  // "while (co_await" in a comment or a string is not code: "if (co_await x)"
  while ((co_await ReadCount()) < n) {
  }
  for (;;) {
    const int v = co_await ReadCount();
    if (v > 2 * n || (co_await ReadCount()) >= n) break;
  }
  for (int i = 0; i < n; ++i) co_await Tick();
  if (n > 0) co_await Tick();
  co_return n;
}

}  // namespace xpo::simtest
