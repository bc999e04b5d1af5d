// kiln::data's sources: from_tensor_slices, from_tensors, range, from_generator,
// from_elements and text_lines; their values, specs, cardinality and errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "error_matchers.h"
#include "kiln/data.h"
#include "kiln/tensor.h"

namespace kiln::data {
namespace {

Array i64(int64_t v) { return fill_int(Shape(), v, int64).array(); }
ComponentSpec tensor_spec(DType dtype, Shape shape) {
  return ComponentSpec{ComponentSpec::Kind::kTensor, dtype, std::move(shape), nullptr};
}
template <class T = int64_t>
std::vector<T> values_of(const Component& c) {
  return Tensor(std::get<Array>(c)).to_vector<T>();
}
std::string string_of(const Component& c) {
  const Strings& s = *std::get<std::shared_ptr<const Strings>>(c);
  EXPECT_EQ(s.shape.rank(), 0);
  return s.values.at(0);
}
std::vector<Element> collect(const DatasetPtr& d) {
  std::unique_ptr<Iterator> it = d->iterate();
  std::vector<Element> out;
  while (std::optional<Element> e = it->next({})) out.push_back(std::move(*e));
  EXPECT_FALSE(it->next({}).has_value()) << "an ended iterator stays ended";
  return out;
}
std::vector<int64_t> scalars(const DatasetPtr& d) {
  std::vector<int64_t> out;
  for (const Element& e : collect(d)) out.push_back(std::get<Array>(e.at(0)).item<int64_t>());
  return out;
}

TEST(DataSources, FromTensorSlicesGivesRowsOfEveryComponent) {
  DatasetPtr d = from_tensor_slices({constant<int64_t>({1, 2, 3}).array(),
                                     constant<float>({0, 1, 2, 3, 4, 5}, Shape{3, 2}).array()});
  EXPECT_EQ(d->cardinality(), 3);
  EXPECT_EQ(d->type_name(), "_TensorSliceDataset");
  ASSERT_EQ(d->spec().size(), 2u);
  EXPECT_EQ(describe(d->spec()[0]), "TensorSpec(shape=(), dtype=int64)");
  EXPECT_EQ(describe(d->spec()[1]), "TensorSpec(shape=(2,), dtype=float32)");
  std::vector<Element> got = collect(d);
  ASSERT_EQ(got.size(), 3u);
  for (int64_t i = 0; i < 3; ++i) {
    const Element& e = got[static_cast<size_t>(i)];
    EXPECT_EQ(values_of(e[0]), std::vector<int64_t>{i + 1});
    EXPECT_EQ(values_of<float>(e[1]), (std::vector<float>{2.0f * i, 2.0f * i + 1}));
    EXPECT_TRUE(fits(d->spec()[1], e[1]));
  }
  // A second pass starts again at row 0.
  EXPECT_EQ(scalars(d), (std::vector<int64_t>{1, 2, 3}));
}

TEST(DataSources, FromTensorSlicesOfStrings) {
  auto s = std::make_shared<Strings>();
  s->shape = Shape{2, 2};
  s->values = {"a", "b", "c", "d"};
  DatasetPtr d = from_tensor_slices({std::shared_ptr<const Strings>(s)});
  EXPECT_EQ(describe(d->spec()[0]), "TensorSpec(shape=(2,), dtype=string)");
  std::vector<Element> got = collect(d);
  ASSERT_EQ(got.size(), 2u);
  const Strings& row1 = *std::get<std::shared_ptr<const Strings>>(got[1][0]);
  EXPECT_EQ(row1.shape, Shape{2});
  EXPECT_EQ(row1.values, (std::vector<std::string>{"c", "d"}));
}

TEST(DataSources, FromTensorSlicesErrors) {
  EXPECT_KILN_ERROR(
      from_tensor_slices({constant<int64_t>({1, 2, 3}).array(), constant<int64_t>({1, 2}).array()}),
      ValueError,
      "Dimensions 3 and 2 are not compatible: from_tensor_slices needs every "
      "component to have the same size in its first dimension (component 0 has 3, "
      "component 1 has 2).");
  EXPECT_KILN_ERROR(from_tensor_slices({i64(7)}), ValueError,
                    "Unbatching a tensor is only supported for rank >= 1: from_tensor_slices got "
                    "a scalar component (shape ())");
  EXPECT_KILN_ERROR(from_tensor_slices({}), InvalidArgumentError, "needs at least one tensor");
}

TEST(DataSources, FromTensorsIsOneElement) {
  DatasetPtr d = from_tensors({constant<int64_t>({4, 5}).array(), i64(9)});
  EXPECT_EQ(d->cardinality(), 1);
  EXPECT_EQ(d->type_name(), "_TensorDataset");
  EXPECT_EQ(describe(d->spec()[0]), "TensorSpec(shape=(2,), dtype=int64)");
  std::vector<Element> got = collect(d);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(values_of(got[0][0]), (std::vector<int64_t>{4, 5}));
  EXPECT_EQ(values_of(got[0][1]), std::vector<int64_t>{9});
}

TEST(DataSources, FromElementsInOrder) {
  auto list =
      std::make_shared<std::vector<Element>>(std::vector<Element>{{i64(3)}, {i64(1)}, {i64(2)}});
  DatasetPtr d = from_elements(list, {tensor_spec(int64, Shape())});
  EXPECT_EQ(d->cardinality(), 3);
  EXPECT_EQ(scalars(d), (std::vector<int64_t>{3, 1, 2}));
}

TEST(DataSources, RangeValuesStepsAndDtypes) {
  EXPECT_EQ(scalars(range(0, 5, 1, int64)), (std::vector<int64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(scalars(range(5, 0, -2, int64)), (std::vector<int64_t>{5, 3, 1}));
  EXPECT_EQ(scalars(range(-3, 3, 2, int64)), (std::vector<int64_t>{-3, -1, 1}));
  EXPECT_EQ(scalars(range(0, 0, 1, int64)), std::vector<int64_t>{});
  EXPECT_EQ(scalars(range(3, 5, -1, int64)), std::vector<int64_t>{});
  EXPECT_EQ(range(5, 0, -2, int64)->cardinality(), 3);
  EXPECT_EQ(range(0, 10, 3, int64)->cardinality(), 4);
  EXPECT_EQ(range(3, 5, -1, int64)->cardinality(), 0);
  EXPECT_EQ(range(0, 1, 1, int64)->type_name(), "_RangeDataset");

  DatasetPtr f = range(0, 3, 1, float32);
  EXPECT_EQ(describe(f->spec()[0]), "TensorSpec(shape=(), dtype=float32)");
  std::vector<Element> got = collect(f);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(std::get<Array>(got[2][0]).dtype(), float32);
  EXPECT_EQ(std::get<Array>(got[2][0]).item<float>(), 2.0f);
  EXPECT_EQ(std::get<Array>(collect(range(0, 1, 1, int32))[0][0]).dtype(), int32);

  EXPECT_KILN_ERROR(range(0, 5, 0, int64), InvalidArgumentError, "range: step must not be 0.");
  EXPECT_KILN_ERROR(range(0, 5, 1, bool_), InvalidArgumentError,
                    "output_type must be an integer or floating dtype, got bool");
}

TEST(DataSources, RangeWithHugeBoundsDoesNotOverflow) {
  // 2^64 - 1 elements: more than int64 counts, so the largest count it can say.
  EXPECT_EQ(range(INT64_MIN, INT64_MAX, 1, int64)->cardinality(), INT64_MAX);
  EXPECT_EQ(range(INT64_MAX, INT64_MIN, -1, int64)->cardinality(), INT64_MAX);
  EXPECT_EQ(range(0, INT64_MAX, 1, int64)->cardinality(), INT64_MAX);
  EXPECT_EQ(range(INT64_MIN, 0, 1, int64)->cardinality(), INT64_MAX);
  EXPECT_EQ(range(-1, INT64_MAX, 1, int64)->cardinality(), INT64_MAX);  // 2^63: clamped
  // Steps as wide as the type: the last step walks past INT64_MAX (unsigned inside).
  DatasetPtr up = range(INT64_MIN, INT64_MAX, INT64_MAX, int64);
  EXPECT_EQ(up->cardinality(), 3);
  EXPECT_EQ(scalars(up), (std::vector<int64_t>{INT64_MIN, -1, INT64_MAX - 1}));
  DatasetPtr down = range(INT64_MAX, INT64_MIN, INT64_MIN, int64);
  EXPECT_EQ(down->cardinality(), 2);
  EXPECT_EQ(scalars(down), (std::vector<int64_t>{INT64_MAX, -1}));
  DatasetPtr near_top = range(INT64_MAX - 2, INT64_MAX, 1, int64);
  EXPECT_EQ(scalars(near_top), (std::vector<int64_t>{INT64_MAX - 2, INT64_MAX - 1}));
  DatasetPtr near_bottom = range(INT64_MIN + 2, INT64_MIN, -1, int64);
  EXPECT_EQ(scalars(near_bottom), (std::vector<int64_t>{INT64_MIN + 2, INT64_MIN + 1}));
  // A huge range is lazy: taking its first elements is quick.
  std::unique_ptr<Iterator> it = range(INT64_MIN, INT64_MAX, 1, int64)->iterate();
  EXPECT_EQ(std::get<Array>(it->next({})->at(0)).item<int64_t>(), INT64_MIN);
  EXPECT_EQ(std::get<Array>(it->next({})->at(0)).item<int64_t>(), INT64_MIN + 1);
}

// A generator factory: each pass counts 0..n-1, and `bad` (if >= 0) yields a
// float32 in place of that element.
GeneratorFactory counting(int64_t n, int64_t bad, std::atomic<int>* passes) {
  return [=] {
    if (passes) ++*passes;
    auto i = std::make_shared<int64_t>(0);
    return GeneratorFn([=](const RunOptions&) -> std::optional<Element> {
      if (*i >= n) return std::nullopt;
      int64_t v = (*i)++;
      if (v == bad) return Element{constant(1.5f).array()};
      return Element{i64(v)};
    });
  };
}

TEST(DataSources, FromGeneratorRunsTheFactoryPerPass) {
  std::atomic<int> passes{0};
  DatasetPtr d = from_generator(counting(4, -1, &passes), {tensor_spec(int64, Shape())});
  EXPECT_EQ(d->cardinality(), kUnknownCardinality);
  EXPECT_EQ(scalars(d), (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(scalars(d), (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(passes.load(), 2);
  // An unknown dim in the spec fits any size.
  DatasetPtr vectors = from_generator(
      [] {
        auto i = std::make_shared<int64_t>(0);
        return GeneratorFn([i](const RunOptions&) -> std::optional<Element> {
          if (*i == 3) return std::nullopt;
          ++*i;
          return Element{fill_int(Shape{*i}, *i, int64).array()};
        });
      },
      {tensor_spec(int64, Shape{kUnknownDim})});
  std::vector<Element> got = collect(vectors);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(values_of(got[2][0]), (std::vector<int64_t>{3, 3, 3}));
}

TEST(DataSources, FromGeneratorElementThatDoesNotFitItsSpec) {
  DatasetPtr d = from_generator(counting(4, 2, nullptr), {tensor_spec(int64, Shape())});
  std::unique_ptr<Iterator> it = d->iterate();
  EXPECT_EQ(std::get<Array>(it->next({})->at(0)).item<int64_t>(), 0);
  EXPECT_EQ(std::get<Array>(it->next({})->at(0)).item<int64_t>(), 1);
  EXPECT_KILN_ERROR(
      it->next({}), InvalidArgumentError,
      "from_generator: component 0 of an element is TensorSpec(shape=(), "
      "dtype=float32), which does not fit the declared TensorSpec(shape=(), dtype=int64).");
  // The generator itself did not fail: the elements after the bad one follow.
  EXPECT_EQ(std::get<Array>(it->next({})->at(0)).item<int64_t>(), 3);
  EXPECT_FALSE(it->next({}).has_value());

  DatasetPtr wrong_shape = from_generator(counting(1, -1, nullptr), {tensor_spec(int64, Shape{2})});
  EXPECT_KILN_ERROR(wrong_shape->iterate()->next({}), InvalidArgumentError,
                    "does not fit the declared TensorSpec(shape=(2,), dtype=int64)");
  DatasetPtr wrong_arity = from_generator(
      counting(1, -1, nullptr), {tensor_spec(int64, Shape()), tensor_spec(int64, Shape())});
  EXPECT_KILN_ERROR(wrong_arity->iterate()->next({}), InvalidArgumentError,
                    "from_generator: an element has 1 components where the spec has 2.");
}

TEST(DataSources, FromGeneratorThatThrowsIsFinished) {
  DatasetPtr d = from_generator(
      [] {
        auto i = std::make_shared<int>(0);
        return GeneratorFn([i](const RunOptions&) -> std::optional<Element> {
          if ((*i)++ == 1) throw ValueError("the generator broke");
          return Element{i64(*i)};
        });
      },
      {tensor_spec(int64, Shape())});
  std::unique_ptr<Iterator> it = d->iterate();
  EXPECT_EQ(std::get<Array>(it->next({})->at(0)).item<int64_t>(), 1);
  EXPECT_KILN_ERROR(it->next({}), ValueError, "the generator broke");
  EXPECT_FALSE(it->next({}).has_value());  // as a Python generator that raised
}

// Temporary files, removed at the end of the test.
class DataTextLines : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kiln_text_lines_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& bytes) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

TEST_F(DataTextLines, LinesWithoutTheirEndingsFileAfterFile) {
  std::string a = write("a.txt", "one\r\ntwo\nthree");  // CRLF, no final newline
  std::string empty = write("empty.txt", "");
  std::string b = write("b.txt", "x\n\r\n\ny\n");  // empty lines, one of them CRLF
  DatasetPtr d = text_lines({a, empty, b});
  EXPECT_EQ(d->cardinality(), kUnknownCardinality);
  EXPECT_EQ(describe(d->spec()[0]), "TensorSpec(shape=(), dtype=string)");
  std::vector<std::string> lines;
  for (const Element& e : collect(d)) lines.push_back(string_of(e[0]));
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two", "three", "x", "", "", "y"}));
  EXPECT_TRUE(collect(text_lines({empty})).empty());
  EXPECT_TRUE(collect(text_lines({})).empty());
}

TEST_F(DataTextLines, MissingFileIsNotFoundThenTheNextFileFollows) {
  std::string a = write("a.txt", "first\n");
  std::string missing = path("missing.txt");
  std::string b = write("b.txt", "second\n");
  std::unique_ptr<Iterator> it = text_lines({a, missing, b})->iterate();
  EXPECT_EQ(string_of(it->next({})->at(0)), "first");
  EXPECT_KILN_ERROR(it->next({}), NotFoundError, missing + "; No such file or directory");
  EXPECT_EQ(string_of(it->next({})->at(0)), "second");
  EXPECT_FALSE(it->next({}).has_value());
  EXPECT_FALSE(it->next({}).has_value());
}

TEST_F(DataTextLines, UnreadableFileFailsOnceThenTheNextFileFollows) {
  // A directory opens but cannot be read: its error, then the next file (not the
  // same error at every later call).
  std::string b = write("b.txt", "after\n");
  std::unique_ptr<Iterator> it = text_lines({dir_.string(), b})->iterate();
  EXPECT_KILN_ERROR(it->next({}), InvalidArgumentError,
                    "TextLineDataset: reading " + dir_.string() + " failed.");
  EXPECT_EQ(string_of(it->next({})->at(0)), "after");
  EXPECT_FALSE(it->next({}).has_value());
}

TEST(DataSpecs, DescribeFitsAndSpecOf) {
  ComponentSpec partial = tensor_spec(float32, Shape{kUnknownDim, 2});
  EXPECT_EQ(describe(partial), "TensorSpec(shape=(None, 2), dtype=float32)");
  EXPECT_TRUE(fits(partial, zeros(Shape{5, 2}).array()));
  EXPECT_FALSE(fits(partial, zeros(Shape{5, 3}).array()));
  EXPECT_FALSE(fits(partial, zeros(Shape{5, 2}, float64).array()));
  EXPECT_FALSE(fits(partial, zeros(Shape{2}).array()));
  EXPECT_TRUE(fits(tensor_spec(float32, Shape::unknown_rank()), zeros(Shape{1, 2, 3}).array()));
  ComponentSpec s = spec_of(zeros(Shape{4}, int32).array());
  EXPECT_EQ(s.kind, ComponentSpec::Kind::kTensor);
  EXPECT_EQ(s.dtype, int32);
  EXPECT_EQ(s.shape, Shape{4});
  DatasetPtr inner = range(0, 3, 1, int64);
  ComponentSpec ds = spec_of(inner);
  EXPECT_EQ(ds.kind, ComponentSpec::Kind::kDataset);
  EXPECT_EQ(describe(ds), "DatasetSpec");
  ASSERT_TRUE(ds.element);
  EXPECT_EQ(describe(ds.element->at(0)), "TensorSpec(shape=(), dtype=int64)");
  EXPECT_FALSE(fits(ds, zeros(Shape{1}).array()));
}

}  // namespace
}  // namespace kiln::data
