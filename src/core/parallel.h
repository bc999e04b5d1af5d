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

// Calls fn(0), ..., fn(n - 1) as separate tasks on the pool, at once where
// threads are free, and returns when all have run. Unlike parallel_for's
// chunks these may take very different times (a plan's independent
// branches); work stealing balances them. fn must not throw. Inside a
// task, parallel_for runs its chunks (the same ones) on the task's thread.
void run_tasks(int64_t n, const std::function<void(int64_t)>& fn);

// How many of run_tasks' tasks may run at once (0: as many as the pool has
// threads, the default; 1: one after another).
// kiln.config.threading.set_inter_op_parallelism_threads calls it.
void set_inter_op_threads(int n);
int inter_op_threads();

}  // namespace kiln
