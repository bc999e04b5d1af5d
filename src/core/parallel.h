// kiln's one thread pool (oneTBB), in core: the kernels below ops use it and
// the runtime sizes it. Kernels split large work with
// parallel_for and run small work on the calling thread, where a task
// hand-off would cost more than it saves.
#pragma once

#include <cstdint>
#include <functional>

namespace kiln {

// Work below this many elements (times a kernel's relative cost) stays on
// the calling thread.
inline constexpr int64_t kParallelThreshold = 1 << 16;

// Calls fn(begin, end) on disjoint chunks covering [0, n). Chunks have at
// least `grain` elements; their boundaries depend only on n, grain and the
// number of threads, so results that combine chunks in order are
// deterministic run after run.
void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn);

// The number of threads kiln's pool runs (the cores it may use, unless
// set_num_threads chose fewer or more).
int num_threads();

// Sets the number of threads parallel_for uses from now on (0: the number of
// cores, the default). kiln.config.threading.set_intra_op_parallelism_threads
// calls it. Chunk boundaries depend on it, so float sums may differ in the
// last bits between thread counts (they are reproducible for a given count).
void set_num_threads(int n);

}  // namespace kiln
