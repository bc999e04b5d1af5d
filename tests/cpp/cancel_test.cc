// RunOptions stop a Session::run or Function call in progress: a flag set by
// another thread, or a poll returning true, ends the run between steps with
// CancelledError, and the session or function runs normally afterwards.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "error_matchers.h"
#include "kiln/function.h"
#include "kiln/session.h"

namespace kiln {
namespace {

using Clock = std::chrono::steady_clock;

Array scalar(int64_t v) { return constant(v).array(); }

// Counts to the fed n in a while_loop (about a microsecond an iteration).
struct CountingGraph {
  Graph g;
  Output n = g.placeholder(int64, Shape{}, "n");
  Output count = [this] {
    Output one = g.constant(scalar(1));
    std::vector<Output> init = {g.constant(scalar(0))};
    return while_loop(
        g, [&](std::span<const Output> v) { return std::vector<Output>{g.op("less", {v[0], n})}; },
        [&](std::span<const Output> v) { return std::vector<Output>{g.op("add", {v[0], one})}; },
        init)[0];
  }();
};

constexpr int64_t kForever = int64_t{1} << 60;

TEST(Cancel, AFlagSetByAnotherThreadStopsTheRunAndTheSessionGoesOn) {
  CountingGraph c;
  Session s(c.g);
  std::atomic<bool> cancel{false};
  RunOptions options{.cancel = &cancel};
  Clock::time_point set_at;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    set_at = Clock::now();
    cancel.store(true);
  });
  Feed forever{c.n, scalar(kForever)};
  EXPECT_KILN_ERROR(s.run({&c.count, 1}, {&forever, 1}, {}, options), CancelledError,
                    "The run was cancelled before node");
  canceller.join();
  EXPECT_LT(Clock::now() - set_at, std::chrono::milliseconds(100));
  cancel.store(false);
  Feed ten{c.n, scalar(10)};
  EXPECT_EQ(s.run({&c.count, 1}, {&ten, 1}, {}, options)[0].item<int64_t>(), 10);
  EXPECT_EQ(s.run({c.count}, {{c.n, scalar(20)}})[0].item<int64_t>(), 20);
}

TEST(Cancel, APollThatSaysStopEndsTheRunAndIsCalledAtItsInterval) {
  CountingGraph c;
  Session s(c.g);
  int polls = 0;
  RunOptions options{.poll = [&polls] { return ++polls == 3; },
                     .poll_interval = std::chrono::milliseconds(5)};
  Feed forever{c.n, scalar(kForever)};
  Clock::time_point start = Clock::now();
  EXPECT_KILN_ERROR(s.run({&c.count, 1}, {&forever, 1}, {}, options), CancelledError, "cancelled");
  EXPECT_EQ(polls, 3);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(15));
  // A poll that never says stop lets the run finish.
  RunOptions patient{.poll = [] { return false; }, .poll_interval = std::chrono::microseconds(1)};
  Feed thousand{c.n, scalar(1000)};
  EXPECT_EQ(s.run({&c.count, 1}, {&thousand, 1}, {}, patient)[0].item<int64_t>(), 1000);
}

TEST(Cancel, AFlagAlreadySetStopsARunBeforeItsFirstStep) {
  CountingGraph c;
  Session s(c.g);
  std::atomic<bool> cancel{true};
  Feed one{c.n, scalar(1)};
  EXPECT_KILN_ERROR(s.run({&c.count, 1}, {&one, 1}, {}, RunOptions{.cancel = &cancel}),
                    CancelledError, "nothing was changed, so it can be run again");
}

TEST(Cancel, FunctionCallsTakeRunOptionsToo) {
  Function count_to(
      [](Graph& g, std::span<const Output> args) {
        Output n = args[0];
        Output one = g.constant(scalar(1));
        std::vector<Output> init = {g.constant(scalar(0))};
        return while_loop(
            g, [&](std::span<const Output> v) { return std::vector<Output>{g.op("less", {v[0], n})}; },
            [&](std::span<const Output> v) { return std::vector<Output>{g.op("add", {v[0], one})}; },
            init);
      },
      {TensorSpec{int64, Shape{}}});
  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    cancel.store(true);
  });
  Tensor forever = constant(kForever);
  EXPECT_KILN_ERROR(count_to({&forever, 1}, RunOptions{.cancel = &cancel}), CancelledError,
                    "cancelled");
  canceller.join();
  EXPECT_EQ(count_to({constant(int64_t{7})})[0].item<int64_t>(), 7);
}

}  // namespace
}  // namespace kiln
