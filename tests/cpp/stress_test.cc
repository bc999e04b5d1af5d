// Many threads at once on one Session, one Function, one Graph and eager ops:
// 8 threads x 1,000 calls each, every result checked. `make test-tsan` runs
// these (and the other threaded tests) under ThreadSanitizer.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "kiln/function.h"
#include "kiln/ops/binary.h"
#include "kiln/ops/reduction.h"
#include "kiln/session.h"

namespace kiln {
namespace {

constexpr int kThreads = 8;
constexpr int kIterations = 1000;

// Runs body(thread, iteration) on kThreads threads, kIterations times each;
// body returns whether the result was right. Returns how many were wrong.
int wrong_results(const std::function<bool(int, int)>& body) {
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIterations; ++i) {
        if (!body(t, i)) wrong.fetch_add(1);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  return wrong.load();
}

std::vector<int64_t> values_for(int t, int i, int n) {
  std::vector<int64_t> v(static_cast<size_t>(n));
  for (int k = 0; k < n; ++k) v[static_cast<size_t>(k)] = t * 100'000 + i * 7 + k - 5000;
  return v;
}

Array int64_array(const std::vector<int64_t>& v) {
  return constant(v, Shape{static_cast<int64_t>(v.size())}).array();
}

// y = x * x - 3 and its sum, for one thread's own x.
bool check(const std::vector<int64_t>& x, const std::vector<Tensor>& out) {
  std::vector<int64_t> y = out[0].to_vector<int64_t>();
  if (y.size() != x.size()) return false;
  int64_t sum = 0;
  for (size_t k = 0; k < x.size(); ++k) {
    if (y[k] != x[k] * x[k] - 3) return false;
    sum += y[k];
  }
  return out[1].item<int64_t>() == sum;
}

std::vector<Output> square_minus_three_and_sum(Graph& g, Output x) {
  Output y = g.op("subtract", {g.op("multiply", {x, x}), g.constant(constant(int64_t{3}).array())});
  return {y, g.op("reduce_sum", {y}, {std::vector<int64_t>{}, false, true})};
}

TEST(Stress, OneSessionFromEightThreadsWithItsFirstCompileRacing) {
  Graph g;
  Output x = g.placeholder(int64, Shape{kUnknownDim}, "x");
  std::vector<Output> out = square_minus_three_and_sum(g, x);
  Session s(g);
  EXPECT_EQ(wrong_results([&](int t, int i) {
              std::vector<int64_t> v = values_for(t, i, 1 + (t + i) % 40);
              return check(v, s.run(out, std::vector<Feed>{{x, int64_array(v)}}));
            }),
            0);
  EXPECT_GE(s.plans_compiled(), 1);
  EXPECT_LE(s.plans_compiled(), kThreads);  // racing first compiles: the first stored is kept
}

TEST(Stress, OneFunctionFromEightThreads) {
  Function f([](Graph& g, std::span<const Output> args) {
               return square_minus_three_and_sum(g, args[0]);
             },
             {TensorSpec{int64, Shape{kUnknownDim}}});
  EXPECT_EQ(wrong_results([&](int t, int i) {
              std::vector<int64_t> v = values_for(t, i, 1 + (t * 3 + i) % 40);
              return check(v, f({Tensor(int64_array(v))}));
            }),
            0);
}

TEST(Stress, EagerOpsFromEightThreadsSmallAndSplitOverThePool) {
  // Every 50th call is large enough for kernels to split it over the pool.
  EXPECT_EQ(wrong_results([&](int t, int i) {
              int n = i % 50 == 0 ? 300'000 : 1 + i % 30;
              std::vector<int64_t> v = values_for(t, i, n);
              Tensor x(int64_array(v));
              Tensor y = subtract(multiply(x, x), constant(int64_t{3}));
              return check(v, {y, reduce_sum(y)});
            }),
            0);
}

TEST(Stress, NodesAddedToAGraphWhileOtherThreadsRunIt) {
  Graph g;
  Output x = g.placeholder(int64, Shape{kUnknownDim}, "x");
  std::vector<Output> out = square_minus_three_and_sum(g, x);
  Session s(g);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIterations / 4; ++i) {
        if (t % 2 == 0) {
          // Writers: grow the graph (new nodes, new plans over them).
          Output c = g.constant(constant(int64_t{t * 1000 + i}).array());
          Output d = g.op("add", {c, c});
          if (s.run({d})[0].item<int64_t>() != 2 * (t * 1000 + i)) wrong.fetch_add(1);
        } else {
          std::vector<int64_t> v = values_for(t, i, 1 + i % 20);
          if (!check(v, s.run(out, std::vector<Feed>{{x, int64_array(v)}}))) wrong.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(g.num_nodes(), 5 + kThreads / 2 * (kIterations / 4) * 2);
}

}  // namespace
}  // namespace kiln
