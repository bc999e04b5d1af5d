// The one place a pipeline runs on threads: a stage pulls elements from its
// input on `workers` threads of its own, applies `fn` (none: prefetch), and
// keeps at most `capacity` elements claimed but not yet consumed. The
// consumer gets them in input order (deterministic) or as they finish.
//
// Why threads of the stage's own and not oneTBB tasks: a stage blocks while
// its buffer is full or its input waits (a generator, a file), and a blocked
// oneTBB worker is a core the kernels' parallel_for loses (with one thread,
// the pool has no worker at all). TF gives tf.data its own threads for the
// same reason. The map function's kernels still split work on oneTBB.
#pragma once

#include <memory>

#include "kiln/data.h"

namespace kiln::data {

struct StageOptions {
  int workers = 1;
  int64_t capacity = 1;  // elements claimed and not yet consumed
  int64_t block = 1;     // elements a worker claims at once (amortises locking)
  bool deterministic = true;
};

// Threads start at the first next(); destroying the iterator stops and joins
// them (their waits and the plans they run see a cancel flag). Must not be
// destroyed by a thread holding a lock a worker's input needs (Python's GIL).
std::unique_ptr<Iterator> parallel_stage(std::unique_ptr<Iterator> input, ElementFn fn,
                                         const StageOptions& options);

// kAutotune resolved: kiln's thread count.
int resolve_parallelism(int64_t num_parallel_calls);

}  // namespace kiln::data
