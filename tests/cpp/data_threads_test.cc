// kiln::data on threads: parallel map (ordered and not), prefetch, parallel
// interleave, errors and cancellation across the parallel stage, iterators
// dropped mid-stream, and map functions that run a kiln::Function plan.
// These run under ThreadSanitizer in `make test-tsan` (DataThreads.*).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <numeric>
#include <thread>

#include "error_matchers.h"
#include "kiln/data.h"
#include "kiln/function.h"
#include "kiln/tensor.h"

namespace kiln::data {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::microseconds;
using std::chrono::milliseconds;

Array i64(int64_t v) { return fill_int(Shape(), v, int64).array(); }
int64_t item(const Component& c) { return std::get<Array>(c).item<int64_t>(); }
const ElementSpec kScalar = {ComponentSpec{ComponentSpec::Kind::kTensor, int64, Shape(), nullptr}};
DatasetPtr range_of(int64_t n) { return range(0, n, 1, int64); }
std::vector<int64_t> iota(int64_t from, int64_t to) {
  std::vector<int64_t> v(static_cast<size_t>(to - from));
  std::iota(v.begin(), v.end(), from);
  return v;
}
std::vector<int64_t> scalars(const DatasetPtr& d) {
  std::unique_ptr<Iterator> it = d->iterate();
  std::vector<int64_t> out;
  while (std::optional<Element> e = it->next({})) out.push_back(item(e->at(0)));
  EXPECT_FALSE(it->next({}).has_value());
  return out;
}
double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}
// The threads of this process now.
int64_t live_threads() {
  int64_t n = 0;
  for ([[maybe_unused]] auto& entry : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}
// Waits (up to `limit`) for `done` to hold; whether it did.
template <class Done>
bool eventually(Done done, milliseconds limit = milliseconds(5000)) {
  auto start = Clock::now();
  while (!done()) {
    if (Clock::now() - start > limit) return false;
    std::this_thread::sleep_for(milliseconds(1));
  }
  return true;
}
// x -> 2x, after a pause that differs from element to element (up to
// `max_us` microseconds), so that workers finish out of input order.
ElementFn doubled_after_a_pause(int max_us) {
  return [=](Element e, const RunOptions&) {
    int64_t v = item(e[0]);
    if (max_us) std::this_thread::sleep_for(microseconds((v * 7919) % max_us));
    return Element{i64(2 * v)};
  };
}
std::vector<int64_t> doubles(int64_t n) {
  std::vector<int64_t> v = iota(0, n);
  for (int64_t& x : v) x *= 2;
  return v;
}

TEST(DataThreads, ParallelMapKeepsInputOrderUnderManyWorkers) {
  for (int64_t workers : {2, 16, 64}) {
    DatasetPtr d = map(range_of(600), doubled_after_a_pause(300), kScalar, workers);
    EXPECT_EQ(d->cardinality(), 600);
    EXPECT_EQ(scalars(d), doubles(600)) << workers << " workers";
  }
  EXPECT_EQ(scalars(map(range_of(300), doubled_after_a_pause(100), kScalar, kAutotune)),
            doubles(300));
  EXPECT_EQ(scalars(map(range_of(0), doubled_after_a_pause(0), kScalar, 8)),
            std::vector<int64_t>{});
}

TEST(DataThreads, NonDeterministicParallelMapDeliversEachElementOnce) {
  std::atomic<int> calls{0};
  DatasetPtr d = map(
      range_of(1000),
      [&](Element e, const RunOptions& o) {
        ++calls;
        return doubled_after_a_pause(500)(std::move(e), o);
      },
      kScalar, 8, /*deterministic=*/false);
  std::vector<int64_t> got = scalars(d);
  EXPECT_EQ(got.size(), 1000u);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, doubles(1000));
  EXPECT_EQ(calls.load(), 1000);
}

// A map that throws at element `bad`: the elements before it arrive, then its
// error, then the ones after it.
ElementFn fails_at(int64_t bad) {
  return [=](Element e, const RunOptions& o) {
    if (item(e[0]) == bad)
      throw InvalidArgumentError("map failed at element " + std::to_string(bad));
    return doubled_after_a_pause(200)(std::move(e), o);
  };
}

TEST(DataThreads, ParallelMapThatThrowsAtOneElementInOrder) {
  for (int64_t workers : {1, 4, 32}) {
    std::unique_ptr<Iterator> it = map(range_of(60), fails_at(17), kScalar, workers)->iterate();
    for (int64_t i = 0; i < 17; ++i) ASSERT_EQ(item(it->next({})->at(0)), 2 * i) << workers;
    EXPECT_KILN_ERROR(it->next({}), InvalidArgumentError, "map failed at element 17");
    for (int64_t i = 18; i < 60; ++i) ASSERT_EQ(item(it->next({})->at(0)), 2 * i) << workers;
    EXPECT_FALSE(it->next({}).has_value());
    EXPECT_FALSE(it->next({}).has_value());
  }
}

TEST(DataThreads, NonDeterministicParallelMapThatThrowsDeliversTheRestOnce) {
  std::unique_ptr<Iterator> it = map(range_of(60), fails_at(17), kScalar, 8, false)->iterate();
  std::vector<int64_t> got;
  int errors = 0;
  while (true) {
    try {
      std::optional<Element> e = it->next({});
      if (!e) break;
      got.push_back(item(e->at(0)));
    } catch (const InvalidArgumentError& e) {
      EXPECT_THAT(e.what(), ::testing::HasSubstr("map failed at element 17"));
      ++errors;
    }
  }
  EXPECT_EQ(errors, 1);
  std::sort(got.begin(), got.end());
  std::vector<int64_t> want = doubles(60);
  want.erase(want.begin() + 17);
  EXPECT_EQ(got, want);
}

// A generator of 0, 1, ... that counts the calls made to it.
DatasetPtr counted_generator(std::atomic<int64_t>* pulls, int64_t n) {
  return from_generator(
      [=] {
        auto i = std::make_shared<int64_t>(0);
        return GeneratorFn([=](const RunOptions&) -> std::optional<Element> {
          ++*pulls;
          if (*i >= n) return std::nullopt;
          return Element{i64((*i)++)};
        });
      },
      kScalar);
}

TEST(DataThreads, PrefetchPullsAheadOnlyAsFarAsItsBuffer) {
  std::atomic<int64_t> pulls{0};
  DatasetPtr d = prefetch(counted_generator(&pulls, 20), 3);
  std::unique_ptr<Iterator> it = d->iterate();
  EXPECT_EQ(pulls.load(), 0) << "threads start at the first next()";
  EXPECT_EQ(item(it->next({})->at(0)), 0);
  // One consumed, three buffered: four pulls, and no more while the consumer waits.
  EXPECT_TRUE(eventually([&] { return pulls.load() == 4; }));
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(pulls.load(), 4);
  for (int64_t i = 1; i < 20; ++i) ASSERT_EQ(item(it->next({})->at(0)), i);
  EXPECT_FALSE(it->next({}).has_value());
  EXPECT_EQ(pulls.load(), 21);
}

TEST(DataThreads, ParallelInterleaveKeepsTheSequentialOrder) {
  DatasetFn six = [](const Element& e) { return repeat(from_tensors(e), 6); };
  DatasetPtr d = interleave(range(1, 6, 1, int64), six, kScalar, 2, 4, 2);
  EXPECT_EQ(d->type_name(), "_ParallelInterleaveDatasetV4");
  EXPECT_EQ(scalars(d), (std::vector<int64_t>{1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 2, 2, 3, 3, 3,
                                              3, 4, 4, 4, 4, 3, 3, 4, 4, 5, 5, 5, 5, 5, 5}));
  DatasetPtr mapped = interleave(
      range_of(20),
      [](const Element& e) {
        return map(range(0, item(e[0]) % 5, 1, int64), doubled_after_a_pause(100), kScalar, 3);
      },
      kScalar, 4, 2, 4);
  DatasetPtr sequential = interleave(
      range_of(20),
      [](const Element& e) {
        return map(range(0, item(e[0]) % 5, 1, int64), doubled_after_a_pause(0), kScalar);
      },
      kScalar, 4, 2);
  EXPECT_EQ(scalars(mapped), scalars(sequential));
}

TEST(DataThreads, DroppingAnIteratorMidStreamJoinsItsWorkers) {
  int64_t before = live_threads();
  DatasetPtr d =
      prefetch(map(repeat(range_of(10), -1), doubled_after_a_pause(1000), kScalar, 8), 4);
  for (int pass = 0; pass < 3; ++pass) {
    std::unique_ptr<Iterator> it = d->iterate();
    for (int64_t i = 0; i < 5; ++i) ASSERT_EQ(item(it->next({})->at(0)), 2 * i);
    // 8 map workers and a prefetch thread, blocked on full buffers now.
    EXPECT_TRUE(eventually([&] { return live_threads() >= before + 9; })) << live_threads();
    auto start = Clock::now();
    it.reset();
    EXPECT_LT(seconds_since(start), 5.0);
    EXPECT_TRUE(eventually([&] { return live_threads() == before; }, milliseconds(2000)))
        << live_threads() << " threads, " << before << " before";
  }
  // Never started: nothing to join.
  d->iterate().reset();
  EXPECT_EQ(live_threads(), before);
}

TEST(DataThreads, DroppingAnIteratorStopsAWorkerWaitingInsideItsInput) {
  std::atomic<bool> saw_cancel{false};
  DatasetPtr waits = from_generator(
      [&] {
        auto i = std::make_shared<int64_t>(0);
        return GeneratorFn([&saw_cancel, i](const RunOptions& o) -> std::optional<Element> {
          if (*i < 2) return Element{i64((*i)++)};
          // Waits forever, unless the run is cancelled.
          while (!(o.cancel && o.cancel->load())) std::this_thread::sleep_for(milliseconds(1));
          saw_cancel = true;
          throw CancelledError("the generator was stopped");
        });
      },
      kScalar);
  int64_t before = live_threads();
  std::unique_ptr<Iterator> it =
      map(prefetch(waits, 2), doubled_after_a_pause(0), kScalar, 3)->iterate();
  EXPECT_EQ(item(it->next({})->at(0)), 0);
  EXPECT_EQ(item(it->next({})->at(0)), 2);
  std::this_thread::sleep_for(milliseconds(20));  // the prefetch thread now waits in the generator
  auto start = Clock::now();
  it.reset();
  EXPECT_LT(seconds_since(start), 5.0);
  EXPECT_TRUE(saw_cancel.load());
  EXPECT_TRUE(eventually([&] { return live_threads() == before; }, milliseconds(2000)));
}

// A generator whose element 0 comes at once and element 1 only once `release` is set.
DatasetPtr held_back(std::atomic<bool>* release) {
  return from_generator(
      [=] {
        auto i = std::make_shared<int64_t>(0);
        return GeneratorFn([=](const RunOptions& o) -> std::optional<Element> {
          if (*i == 1) {
            while (!release->load()) {
              if (o.cancel && o.cancel->load()) throw CancelledError("stopped");
              std::this_thread::sleep_for(milliseconds(1));
            }
          }
          if (*i == 2) return std::nullopt;
          return Element{i64((*i)++)};
        });
      },
      kScalar);
}

TEST(DataThreads, AWaitingConsumerHonoursRunOptionsCancel) {
  std::atomic<bool> release{false};
  std::unique_ptr<Iterator> it = prefetch(held_back(&release), 2)->iterate();
  EXPECT_EQ(item(it->next({})->at(0)), 0);
  std::atomic<bool> cancel{false};
  RunOptions options;
  options.cancel = &cancel;
  std::thread canceller([&] {
    std::this_thread::sleep_for(milliseconds(50));
    cancel = true;
  });
  auto start = Clock::now();
  EXPECT_KILN_ERROR(it->next(options), CancelledError, "The dataset iteration was cancelled");
  double waited = seconds_since(start);
  canceller.join();
  EXPECT_GE(waited, 0.04);
  EXPECT_LT(waited, 5.0);
  // A poll that says stop does the same.
  int polls = 0;
  RunOptions polled;
  polled.poll = [&] { return ++polls == 3; };
  polled.poll_interval = milliseconds(1);
  EXPECT_KILN_ERROR(it->next(polled), CancelledError, "can be asked for its next element again");
  EXPECT_EQ(polls, 3);
  // The iterator goes on once the element comes.
  release = true;
  EXPECT_EQ(item(it->next({})->at(0)), 1);
  EXPECT_FALSE(it->next({}).has_value());
}

TEST(DataThreads, AWaitOnAParallelMapHonoursCancelToo) {
  std::atomic<bool> release{false}, cancel{true};
  std::unique_ptr<Iterator> it =
      map(held_back(&release), doubled_after_a_pause(0), kScalar, 4)->iterate();
  EXPECT_EQ(item(it->next({})->at(0)), 0);
  RunOptions options;
  options.cancel = &cancel;  // already set: the wait stops at once
  EXPECT_KILN_ERROR(it->next(options), CancelledError, "cancelled");
  release = true;
  EXPECT_EQ(item(it->next({})->at(0)), 2);
  EXPECT_FALSE(it->next({}).has_value());
}

TEST(DataThreads, MapRunningAFunctionPlanOnManyWorkersMatchesSequential) {
  // x -> x + x (with a reduction beside it), traced once into a plan.
  Function twice(
      [](Graph& g, std::span<const Output> args) {
        Output doubled = g.op("add", {args[0], args[0]});
        return std::vector<Output>{doubled, g.op("multiply", {doubled, args[0]})};
      },
      {TensorSpec{float32, Shape{3}}});
  ElementFn fn = [&twice](Element e, const RunOptions& o) {
    std::vector<Tensor> args{Tensor(std::get<Array>(e[0]))};
    std::vector<Tensor> out = twice(args, o);
    return Element{out[0].array(), out[1].array()};
  };
  ElementSpec spec = {ComponentSpec{ComponentSpec::Kind::kTensor, float32, Shape{3}, nullptr},
                      ComponentSpec{ComponentSpec::Kind::kTensor, float32, Shape{3}, nullptr}};
  std::vector<float> values(1200);
  for (size_t i = 0; i < values.size(); ++i) values[i] = 0.25f * static_cast<float>(i) - 7.0f;
  DatasetPtr rows = from_tensor_slices({constant(values, Shape{400, 3}).array()});
  auto run = [&](int64_t workers) {
    std::vector<std::vector<float>> out;
    std::unique_ptr<Iterator> it = map(rows, fn, spec, workers)->iterate();
    while (std::optional<Element> e = it->next({})) {
      std::vector<float> a = Tensor(std::get<Array>((*e)[0])).to_vector<float>();
      std::vector<float> b = Tensor(std::get<Array>((*e)[1])).to_vector<float>();
      a.insert(a.end(), b.begin(), b.end());
      out.push_back(std::move(a));
    }
    return out;
  };
  std::vector<std::vector<float>> sequential = run(0);
  ASSERT_EQ(sequential.size(), 400u);
  float x = values[3 * 123 + 1];
  EXPECT_EQ(sequential[123][1], 2 * x);
  EXPECT_EQ(sequential[123][4], 2 * x * x);
  EXPECT_EQ(run(8), sequential);
  EXPECT_EQ(run(32), sequential);
}

TEST(DataThreads, NestedStagesAndEarlyDropsUnderLoad) {
  // prefetch(map(prefetch(map(...)))) with batches: values stay right, and
  // iterators dropped at every point of the stream stop cleanly.
  DatasetPtr inner = prefetch(map(range_of(200), doubled_after_a_pause(50), kScalar, 4), 3);
  DatasetPtr outer =
      prefetch(batch(map(inner, doubled_after_a_pause(50), kScalar, 3, false), 10, false), 2);
  std::vector<int64_t> all;
  {
    std::unique_ptr<Iterator> it = outer->iterate();
    while (std::optional<Element> e = it->next({})) {
      std::vector<int64_t> v = Tensor(std::get<Array>(e->at(0))).to_vector<int64_t>();
      all.insert(all.end(), v.begin(), v.end());
    }
  }
  std::sort(all.begin(), all.end());
  std::vector<int64_t> want = iota(0, 200);
  for (int64_t& v : want) v *= 4;
  EXPECT_EQ(all, want);
  for (int stop = 0; stop < 20; stop += 3) {
    std::unique_ptr<Iterator> it = outer->iterate();
    for (int i = 0; i < stop; ++i) ASSERT_TRUE(it->next({}).has_value());
  }
}

}  // namespace
}  // namespace kiln::data
