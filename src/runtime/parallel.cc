#include "runtime/parallel.h"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#include <algorithm>

namespace kiln {

int num_threads() {
  static const int n = tbb::info::default_concurrency();
  return n;
}

void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
  if (n <= 0) return;
  grain = std::max<int64_t>(grain, 1);
  if (n <= grain || num_threads() == 1) {
    fn(0, n);
    return;
  }
  // Fixed chunks (not work stealing's adaptive ones): one per thread at most,
  // so the split is reproducible.
  int64_t chunks = std::min<int64_t>(num_threads(), (n + grain - 1) / grain);
  int64_t step = (n + chunks - 1) / chunks;
  tbb::parallel_for(
      tbb::blocked_range<int64_t>(0, chunks, 1),
      [&](const tbb::blocked_range<int64_t>& r) {
        for (int64_t c = r.begin(); c < r.end(); ++c) {
          int64_t begin = c * step, end = std::min(n, begin + step);
          if (begin < end) fn(begin, end);
        }
      },
      tbb::static_partitioner());
}

}  // namespace kiln
