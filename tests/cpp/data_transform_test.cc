// kiln::data's transformations on the consumer's thread (batching is in
// data_batch_test.cc): map, filter, take/skip/repeat, enumerate, zip, concatenate,
// interleave, window, cache, shuffle, scan and reduce; values, specs,
// cardinality and errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <numeric>
#include <string>

#include "data_test_util.h"
#include "error_matchers.h"
#include "kiln/data.h"
#include "kiln/tensor.h"

namespace kiln::data {
namespace {

using namespace testing;

TEST(DataTransforms, MapAppliesTheFunctionInOrder) {
  DatasetPtr d = map(range_of(5), times(10), kScalar);
  EXPECT_EQ(d->cardinality(), 5);
  EXPECT_EQ(d->type_name(), "_MapDataset");
  EXPECT_EQ(scalars(d), (std::vector<int64_t>{0, 10, 20, 30, 40}));
  // The function's spec is the dataset's: a map may change dtype and shape.
  DatasetPtr pairs =
      map(range_of(3),
          [](Element e, const RunOptions&) {
            int64_t v = item(e[0]);
            return Element{fill(Shape{2}, static_cast<double>(v), float32).array(), e[0]};
          },
          {tensor_spec(float32, Shape{2}), tensor_spec(int64, Shape())});
  EXPECT_EQ(describe(pairs->spec()[0]), "TensorSpec(shape=(2,), dtype=float32)");
  std::vector<Element> got = collect(pairs);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(Tensor(std::get<Array>(got[2][0])).to_vector<float>(), (std::vector<float>{2, 2}));
  EXPECT_EQ(map(range_of(3), times(1), kScalar, 2)->type_name(), "_ParallelMapDataset");
  EXPECT_KILN_ERROR(map(range_of(3), times(1), kScalar, -7), InvalidArgumentError,
                    "num_parallel_calls must be positive or AUTOTUNE (-1), got -7.");
}

TEST(DataTransforms, MapThatThrowsAtOneElementLetsTheOthersThrough) {
  DatasetPtr d = map(
      range_of(5),
      [](Element e, const RunOptions&) {
        if (item(e[0]) == 2) throw InvalidArgumentError("map failed at element 2");
        return e;
      },
      kScalar);
  std::unique_ptr<Iterator> it = d->iterate();
  EXPECT_EQ(item(it->next({})->at(0)), 0);
  EXPECT_EQ(item(it->next({})->at(0)), 1);
  EXPECT_KILN_ERROR(it->next({}), InvalidArgumentError, "map failed at element 2");
  EXPECT_EQ(item(it->next({})->at(0)), 3);
  EXPECT_EQ(item(it->next({})->at(0)), 4);
  EXPECT_FALSE(it->next({}).has_value());
}

TEST(DataTransforms, FilterAndTakeWhile) {
  PredicateFn even = [](const Element& e, const RunOptions&) { return item(e[0]) % 2 == 0; };
  PredicateFn below3 = [](const Element& e, const RunOptions&) { return item(e[0]) < 3; };
  DatasetPtr f = filter(range_of(7), even);
  EXPECT_EQ(f->cardinality(), kUnknownCardinality);
  EXPECT_EQ(scalars(f), (std::vector<int64_t>{0, 2, 4, 6}));
  EXPECT_EQ(scalars(take_while(range_of(7), below3)), (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(scalars(take_while(range_of(7), even)), (std::vector<int64_t>{0}));
}

TEST(DataTransforms, TakeSkipRepeatCardinalityAndValues) {
  EXPECT_EQ(scalars(take(range_of(5), 2)), (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(take(range_of(5), 2)->cardinality(), 2);
  EXPECT_EQ(take(range_of(5), 9)->cardinality(), 5);
  EXPECT_EQ(scalars(take(range_of(5), -1)), iota(0, 5));
  EXPECT_EQ(scalars(skip(range_of(5), 2)), (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ(skip(range_of(5), 2)->cardinality(), 3);
  EXPECT_EQ(skip(range_of(5), 9)->cardinality(), 0);
  EXPECT_EQ(scalars(skip(range_of(5), 9)), std::vector<int64_t>{});
  EXPECT_EQ(skip(range_of(5), -1)->cardinality(), 0);
  EXPECT_EQ(scalars(skip(range_of(5), -1)), std::vector<int64_t>{});

  EXPECT_EQ(scalars(repeat(range_of(3), 2)), (std::vector<int64_t>{0, 1, 2, 0, 1, 2}));
  EXPECT_EQ(repeat(range_of(3), 2)->cardinality(), 6);
  EXPECT_EQ(repeat(range_of(3), 0)->cardinality(), 0);
  EXPECT_EQ(scalars(repeat(range_of(3), 0)), std::vector<int64_t>{});
  DatasetPtr forever = repeat(range_of(3), -1);
  EXPECT_EQ(forever->cardinality(), kInfiniteCardinality);
  EXPECT_EQ(take(forever, 7)->cardinality(), 7);
  EXPECT_EQ(scalars(take(forever, 7)), (std::vector<int64_t>{0, 1, 2, 0, 1, 2, 0}));
  EXPECT_EQ(skip(forever, 4)->cardinality(), kInfiniteCardinality);
  // Repeating an empty dataset forever ends (no spinning).
  EXPECT_EQ(scalars(repeat(range_of(0), -1)), std::vector<int64_t>{});
  DatasetPtr none = filter(range_of(3), [](const Element&, const RunOptions&) { return false; });
  EXPECT_EQ(repeat(none, -1)->cardinality(), kUnknownCardinality);
  EXPECT_EQ(scalars(repeat(none, -1)), std::vector<int64_t>{});
}

TEST(DataTransforms, EnumerateZipConcatenate) {
  DatasetPtr en = enumerate(range(10, 13, 1, int64), 5);
  EXPECT_EQ(en->spec().size(), 2u);
  EXPECT_EQ(describe(en->spec()[0]), "TensorSpec(shape=(), dtype=int64)");
  std::vector<Element> got = collect(en);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(item(got[2][0]), 7);
  EXPECT_EQ(item(got[2][1]), 12);

  DatasetPtr z = zip({range_of(3), range(10, 15, 1, int32)});
  EXPECT_EQ(z->cardinality(), 3);
  EXPECT_EQ(describe(z->spec()[1]), "TensorSpec(shape=(), dtype=int32)");
  got = collect(z);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(item(got[1][0]), 1);
  EXPECT_EQ(std::get<Array>(got[1][1]).item<int32_t>(), 11);
  EXPECT_EQ(zip({range_of(3), repeat(range_of(1), -1)})->cardinality(), 3);
  EXPECT_EQ(zip({range_of(3),
                 filter(range_of(3), [](const Element&, const RunOptions&) { return true; })})
                ->cardinality(),
            kUnknownCardinality);
  EXPECT_KILN_ERROR(zip({}), InvalidArgumentError, "zip needs at least one dataset.");

  DatasetPtr c = concatenate(range_of(2), range(5, 7, 1, int64));
  EXPECT_EQ(c->cardinality(), 4);
  EXPECT_EQ(scalars(c), (std::vector<int64_t>{0, 1, 5, 6}));
  // Shapes that differ become unknown dims in the joint spec.
  DatasetPtr ragged =
      concatenate(list_of({i64s({1, 2})}, Shape{2}), list_of({i64s({3, 4, 5})}, Shape{3}));
  EXPECT_EQ(describe(ragged->spec()[0]), "TensorSpec(shape=(None,), dtype=int64)");
  EXPECT_KILN_ERROR(concatenate(range_of(2), range(0, 2, 1, float32)), TypeError,
                    "Incompatible dataset elements: (TensorSpec(shape=(), dtype=int64)) and "
                    "(TensorSpec(shape=(), dtype=float32))");
}

// Each element x opens from_tensors(x).repeat(times).
DatasetFn repeated(int64_t times) {
  return [=](const Element& e) { return repeat(from_tensors(e), times); };
}

TEST(DataTransforms, InterleaveOrderIsTensorFlows) {
  // range(4).interleave(lambda x: from_tensors(x).repeat(2), cycle_length=3, block_length=1):
  // 0, 1 and 2 open; one each in turn, twice; they end, and 3 opens in slot 0.
  DatasetPtr d = interleave(range_of(4), repeated(2), kScalar, 3, 1);
  EXPECT_EQ(d->type_name(), "_InterleaveDataset");
  EXPECT_EQ(d->cardinality(), kUnknownCardinality);
  EXPECT_EQ(scalars(d), (std::vector<int64_t>{0, 1, 2, 0, 1, 2, 3, 3}));
  // TF's documented example: range(1, 6), repeat(6), cycle_length=2, block_length=4.
  EXPECT_EQ(scalars(interleave(range(1, 6, 1, int64), repeated(6), kScalar, 2, 4)),
            (std::vector<int64_t>{1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 2, 2, 3, 3, 3,
                                  3, 4, 4, 4, 4, 3, 3, 4, 4, 5, 5, 5, 5, 5, 5}));
  // flat_map: a cycle of one.
  DatasetPtr flat = interleave(range_of(3), repeated(2), kScalar, 1, 1);
  EXPECT_EQ(flat->type_name(), "_FlatMapDataset");
  EXPECT_EQ(scalars(flat), (std::vector<int64_t>{0, 0, 1, 1, 2, 2}));
  // Inner datasets that are empty are skipped.
  EXPECT_EQ(scalars(interleave(
                range_of(4), [](const Element& e) { return take(from_tensors(e), item(e[0]) % 2); },
                kScalar, 2, 1)),
            (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(interleave(range_of(0), repeated(2), kScalar, 2, 1)->cardinality(), 0);
  EXPECT_KILN_ERROR(interleave(range_of(4), repeated(2), kScalar, 0, 1), InvalidArgumentError,
                    "cycle_length must be greater than zero, got 0.");
  EXPECT_KILN_ERROR(interleave(range_of(4), repeated(2), kScalar, 2, -1), InvalidArgumentError,
                    "block_length must be greater than zero, got -1.");
  DatasetPtr wrong = interleave(
      range_of(2), [](const Element&) { return range(0, 2, 1, float32); }, kScalar, 1, 1);
  EXPECT_KILN_ERROR(collect(wrong), InvalidArgumentError,
                    "returned datasets whose elements differ in structure or dtype");
}

std::vector<std::vector<int64_t>> windows_of(const DatasetPtr& d) {
  std::vector<std::vector<int64_t>> out;
  for (const Element& e : collect(d)) out.push_back(scalars(std::get<DatasetPtr>(e.at(0))));
  return out;
}

TEST(DataTransforms, WindowSizeShiftStrideAndRemainder) {
  using W = std::vector<std::vector<int64_t>>;
  DatasetPtr w = window(range_of(7), 3, 2, 1, false);
  EXPECT_EQ(w->type_name(), "_WindowDataset");
  EXPECT_EQ(w->spec()[0].kind, ComponentSpec::Kind::kDataset);
  EXPECT_EQ(describe(w->spec()[0].element->at(0)), "TensorSpec(shape=(), dtype=int64)");
  EXPECT_EQ(w->cardinality(), 4);
  EXPECT_EQ(windows_of(w), (W{{0, 1, 2}, {2, 3, 4}, {4, 5, 6}, {6}}));
  DatasetPtr dropped = window(range_of(7), 3, 2, 1, true);
  EXPECT_EQ(dropped->cardinality(), 3);
  EXPECT_EQ(windows_of(dropped), (W{{0, 1, 2}, {2, 3, 4}, {4, 5, 6}}));
  DatasetPtr strided = window(range_of(7), 3, 1, 2, true);
  EXPECT_EQ(strided->cardinality(), 3);
  EXPECT_EQ(windows_of(strided), (W{{0, 2, 4}, {1, 3, 5}, {2, 4, 6}}));
  DatasetPtr gaps = window(range_of(7), 2, 3, 1, false);  // shift > size skips elements
  EXPECT_EQ(gaps->cardinality(), 3);
  EXPECT_EQ(windows_of(gaps), (W{{0, 1}, {3, 4}, {6}}));
  EXPECT_EQ(windows_of(window(range_of(6), 2, 3, 1, false)), (W{{0, 1}, {3, 4}}));
  EXPECT_EQ(window(range_of(2), 3, 1, 1, true)->cardinality(), 0);
  EXPECT_EQ(windows_of(window(range_of(2), 3, 1, 1, true)), W{});
  // Each component becomes its own dataset; flat_map + batch turns windows into tensors.
  DatasetPtr pairs = window(zip({range_of(4), range(10, 14, 1, int64)}), 2, 2, 1, true);
  std::vector<Element> got = collect(pairs);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(scalars(std::get<DatasetPtr>(got[1][1])), (std::vector<int64_t>{12, 13}));
  DatasetPtr batched = interleave(
      window(range_of(6), 3, 3, 1, true),
      [](const Element& e) { return batch(std::get<DatasetPtr>(e[0]), 3, true); },
      {tensor_spec(int64, Shape{3})}, 1, 1);
  got = collect(batched);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(values_of(got[1][0]), (std::vector<int64_t>{3, 4, 5}));
  EXPECT_KILN_ERROR(window(range_of(3), 0, 1, 1, false), InvalidArgumentError,
                    "size must be greater than zero, got 0.");
  EXPECT_KILN_ERROR(window(range_of(3), 1, 0, 1, false), InvalidArgumentError,
                    "shift must be greater than zero, got 0.");
  EXPECT_KILN_ERROR(window(range_of(3), 1, 1, -1, false), InvalidArgumentError,
                    "stride must be greater than zero, got -1.");
}

TEST(DataTransforms, CacheInMemoryRecordsOnlyACompletePass) {
  std::atomic<int> calls{0};
  DatasetPtr d = cache(map(range_of(5), times(3, &calls), kScalar), "");
  EXPECT_EQ(d->cardinality(), 5);
  EXPECT_EQ(d->type_name(), "_CacheDataset");
  {
    std::unique_ptr<Iterator> partial = d->iterate();  // cut short: records nothing
    partial->next({});
    partial->next({});
  }
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(scalars(d), (std::vector<int64_t>{0, 3, 6, 9, 12}));
  EXPECT_EQ(calls.load(), 7);
  EXPECT_EQ(scalars(d), (std::vector<int64_t>{0, 3, 6, 9, 12}));
  EXPECT_EQ(calls.load(), 7);  // read from the cache
}

class DataCacheFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kiln_cache_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(DataCacheFile, ASecondDatasetOnTheFileReadsItWithoutItsInput) {
  std::string path = (dir_ / "cache.bin").string();
  ElementSpec spec = {tensor_spec(int64, Shape()), tensor_spec(float32, Shape{2})};
  auto with_vector = [](std::atomic<int>* calls) {
    return [calls](Element e, const RunOptions&) {
      ++*calls;
      int64_t v = item(e[0]);
      return Element{i64(v * v), fill(Shape{2}, 0.5 * static_cast<double>(v), float32).array()};
    };
  };
  std::atomic<int> first_calls{0}, second_calls{0};
  DatasetPtr first = cache(map(range_of(4), with_vector(&first_calls), spec), path);
  EXPECT_EQ(scalars(first), (std::vector<int64_t>{0, 1, 4, 9}));
  EXPECT_EQ(first_calls.load(), 4);
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));

  DatasetPtr second = cache(map(range_of(4), with_vector(&second_calls), spec), path);
  std::vector<Element> got = collect(second);
  EXPECT_EQ(second_calls.load(), 0) << "the cache file, not the input, gave the elements";
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(item(got[3][0]), 9);
  EXPECT_EQ(Tensor(std::get<Array>(got[3][1])).to_vector<float>(),
            (std::vector<float>{1.5f, 1.5f}));
  EXPECT_EQ(std::get<Array>(got[3][1]).dtype(), float32);
  EXPECT_EQ(scalars(first), (std::vector<int64_t>{0, 1, 4, 9}));
  EXPECT_EQ(first_calls.load(), 4);
}

TEST_F(DataCacheFile, ACutShortPassWritesNoFileAndStringsAreRefused) {
  std::string path = (dir_ / "cut.bin").string();
  DatasetPtr d = cache(range_of(5), path);
  d->iterate()->next({});
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(scalars(d), iota(0, 5));
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_KILN_ERROR(cache(text_lines({}), path), UnimplementedError,
                    "cache: a file cache holds tensors only");
}

std::vector<int64_t> sorted(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(DataTransforms, ShuffleIsReproducibleWithSeeds) {
  DatasetPtr a = shuffle(range_of(20), 5, 1, 2, false);
  EXPECT_EQ(a->cardinality(), 20);
  std::vector<int64_t> order = scalars(a);
  EXPECT_EQ(sorted(order), iota(0, 20));
  EXPECT_NE(order, iota(0, 20));
  EXPECT_EQ(scalars(a), order) << "no reshuffle: every pass in the same order";
  EXPECT_EQ(scalars(shuffle(range_of(20), 5, 1, 2, false)), order) << "same seeds, same order";
  EXPECT_NE(scalars(shuffle(range_of(20), 5, 1, 3, false)), order) << "another seed, another order";
  // A buffer of 5: the first output is one of the first 5 inputs, the k-th of the first k + 4.
  for (size_t k = 0; k < order.size(); ++k) EXPECT_LT(order[k], static_cast<int64_t>(k) + 5);
  EXPECT_EQ(scalars(shuffle(range_of(6), 1, 7, 7, true)), iota(0, 6)) << "a buffer of one";
  EXPECT_KILN_ERROR(shuffle(range_of(3), 0, 0, 0, false), InvalidArgumentError,
                    "buffer_size must be greater than zero, got 0.");
}

TEST(DataTransforms, ShuffleReshufflesEachPassReproducibly) {
  DatasetPtr a = shuffle(range_of(20), 20, 4, 5, true);
  DatasetPtr b = shuffle(range_of(20), 20, 4, 5, true);
  std::vector<int64_t> a1 = scalars(a), a2 = scalars(a), a3 = scalars(a);
  EXPECT_EQ(sorted(a1), iota(0, 20));
  EXPECT_EQ(sorted(a2), iota(0, 20));
  EXPECT_NE(a1, a2);
  EXPECT_NE(a2, a3);
  // The sequence of orders is the seeds': another dataset with them repeats it.
  EXPECT_EQ(scalars(b), a1);
  EXPECT_EQ(scalars(b), a2);
  // In a repeat, each pass is a new iteration of the shuffle.
  std::vector<int64_t> twice = scalars(repeat(shuffle(range_of(20), 20, 4, 5, true), 2));
  EXPECT_EQ(std::vector<int64_t>(twice.begin(), twice.begin() + 20), a1);
  EXPECT_EQ(std::vector<int64_t>(twice.begin() + 20, twice.end()), a2);
}

TEST(DataTransforms, ScanCarriesStateAndRestartsPerPass) {
  ScanFn running_sum = [](Element state, Element e, const RunOptions&) {
    Element next{i64(item(state[0]) + item(e[0]))};
    return std::pair<Element, Element>{next, Element{next[0], e[0]}};
  };
  DatasetPtr s = scan(range_of(5), {i64(100)}, running_sum, {kScalar[0], kScalar[0]});
  EXPECT_EQ(s->cardinality(), 5);
  EXPECT_EQ(s->type_name(), "_ScanDataset");
  EXPECT_EQ(scalars(s), (std::vector<int64_t>{100, 101, 103, 106, 110}));
  EXPECT_EQ(scalars(s), (std::vector<int64_t>{100, 101, 103, 106, 110}));
}

TEST(DataTransforms, ReduceFoldsEveryElement) {
  ReduceFn add = [](Element state, Element e, const RunOptions&) {
    return Element{i64(item(state[0]) + item(e[0])), i64(item(state[1]) + 1)};
  };
  Element r = reduce(range_of(5), {i64(0), i64(0)}, add);
  EXPECT_EQ(item(r[0]), 10);
  EXPECT_EQ(item(r[1]), 5);
  Element none = reduce(range_of(0), {i64(42), i64(0)}, add);
  EXPECT_EQ(item(none[0]), 42);
  EXPECT_KILN_ERROR(reduce(range_of(5), {i64(0), i64(0)},
                           [](Element, Element e, const RunOptions&) -> Element {
                             throw ValueError("reduce fn failed at " + std::to_string(item(e[0])));
                           }),
                    ValueError, "reduce fn failed at 0");
}

TEST(DataTransforms, PrefetchKeepsValuesAndOrder) {
  DatasetPtr p = prefetch(map(range_of(50), times(2), kScalar), 3);
  EXPECT_EQ(p->type_name(), "_PrefetchDataset");
  EXPECT_EQ(p->cardinality(), 50);
  std::vector<int64_t> want;
  for (int64_t i = 0; i < 50; ++i) want.push_back(2 * i);
  EXPECT_EQ(scalars(p), want);
  EXPECT_EQ(scalars(prefetch(range_of(4), kAutotune)), iota(0, 4));
  DatasetPtr input = range_of(3);
  EXPECT_EQ(prefetch(input, 0), input) << "no buffer: the input itself";
  EXPECT_KILN_ERROR(prefetch(input, -5), InvalidArgumentError,
                    "prefetch: buffer_size must be >= 0 or AUTOTUNE (-1), got -5.");
}

TEST(DataTransforms, IteratorsOutliveTheirDatasets) {
  // Every kind of dataset, dropped before its iterator runs (ASan checks the rest).
  std::vector<std::function<DatasetPtr()>> makers = {
      [] { return map(range_of(6), times(2), kScalar); },
      [] { return map(range_of(6), times(2), kScalar, 3); },
      [] { return prefetch(range_of(6), 2); },
      [] { return unbatch(batch(range_of(6), 4, false)); },
      [] {
        return unbatch(padded_batch(batch(range_of(6), 2, false), 2, {Shape{3}}, {i64(0)}, false));
      },
      [] { return filter(range_of(6), [](const Element&, const RunOptions&) { return true; }); },
      [] { return take(skip(repeat(range_of(3), 2), 0), 6); },
      [] { return shuffle(range_of(6), 3, 1, 1, true); },
      [] { return cache(range_of(6), ""); },
      [] {
        return interleave(
            range_of(6), [](const Element& e) { return from_tensors(e); }, kScalar, 2, 1);
      },
      [] {
        return interleave(
            range_of(6), [](const Element& e) { return from_tensors(e); }, kScalar, 2, 1, 2);
      },
      [] {
        return scan(
            range_of(6), {i64(0)},
            [](Element s, Element e, const RunOptions&) {
              return std::pair<Element, Element>{s, e};
            },
            kScalar);
      },
      [] { return concatenate(range_of(3), range(3, 6, 1, int64)); },
  };
  for (size_t i = 0; i < makers.size(); ++i) {
    std::unique_ptr<Iterator> it = makers[i]()->iterate();
    std::vector<int64_t> got;
    while (std::optional<Element> e = it->next({})) {
      std::vector<int64_t> v = values_of(e->at(0));
      got.insert(got.end(), v.begin(), v.end());
    }
    std::vector<int64_t> want = i < 2 ? std::vector<int64_t>{0, 2, 4, 6, 8, 10} : iota(0, 6);
    if (i == 4) want = {0, 1, 0, 2, 3, 0, 4, 5, 0};
    if (i == 6) want = {0, 1, 2, 0, 1, 2};
    if (i == 7) std::sort(got.begin(), got.end());
    EXPECT_EQ(got, want) << "maker " << i;
  }
  std::unique_ptr<Iterator> windows;
  { windows = window(range_of(4), 2, 2, 1, true)->iterate(); }
  std::optional<Element> w = windows->next({});
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(scalars(std::get<DatasetPtr>(w->at(0))), (std::vector<int64_t>{0, 1}));
}

}  // namespace
}  // namespace kiln::data
