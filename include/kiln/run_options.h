// kiln::RunOptions: how a caller stops a Session::run or Function call that
// is in progress. The executor checks between steps (every op, every loop
// iteration), so a run stops within one step of being asked; a single kernel
// is never interrupted halfway. A stopped run throws CancelledError and leaves
// the session or function as it was: run it again at will.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>

namespace kiln {

struct RunOptions {
  // Another thread (or a signal handler: an atomic store is async-signal-safe)
  // sets it to true to stop the run. Read once per step; it must outlive the run.
  const std::atomic<bool>* cancel = nullptr;
  // For hosts that must look for interrupts themselves (Python checks its
  // signal handlers, which needs the GIL): called from the running thread at
  // most once per poll_interval; returning true stops the run.
  std::function<bool()> poll;
  std::chrono::nanoseconds poll_interval = std::chrono::milliseconds(10);
};

}  // namespace kiln
