// What the kiln::data transformation tests share: small int64 tensors and
// specs, collecting a dataset's elements, and counting map functions.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <numeric>
#include <optional>
#include <vector>

#include "kiln/data.h"
#include "kiln/tensor.h"

namespace kiln::data::testing {

inline Array i64(int64_t v) { return fill_int(Shape(), v, int64).array(); }
inline Array i64s(std::vector<int64_t> v) { return constant(v).array(); }
inline int64_t item(const Component& c) { return std::get<Array>(c).item<int64_t>(); }
inline ComponentSpec tensor_spec(DType dtype, Shape shape) {
  return ComponentSpec{ComponentSpec::Kind::kTensor, dtype, std::move(shape), nullptr};
}
inline const ElementSpec kScalar = {tensor_spec(int64, Shape())};
inline std::vector<int64_t> values_of(const Component& c) {
  return Tensor(std::get<Array>(c)).to_vector<int64_t>();
}
inline Shape shape_of_first(const Element& e) { return std::get<Array>(e.at(0)).shape(); }
inline std::vector<Element> collect(const DatasetPtr& d) {
  std::unique_ptr<Iterator> it = d->iterate();
  std::vector<Element> out;
  while (std::optional<Element> e = it->next({})) out.push_back(std::move(*e));
  EXPECT_FALSE(it->next({}).has_value()) << "an ended iterator stays ended";
  return out;
}
inline std::vector<int64_t> scalars(const DatasetPtr& d) {
  std::vector<int64_t> out;
  for (const Element& e : collect(d)) out.push_back(item(e.at(0)));
  return out;
}
inline std::vector<int64_t> iota(int64_t from, int64_t to) {
  std::vector<int64_t> v(static_cast<size_t>(to - from));
  std::iota(v.begin(), v.end(), from);
  return v;
}
inline DatasetPtr range_of(int64_t n) { return range(0, n, 1, int64); }
inline DatasetPtr list_of(std::vector<Array> arrays, Shape spec_shape) {
  auto list = std::make_shared<std::vector<Element>>();
  for (Array& a : arrays) list->push_back({std::move(a)});
  return from_elements(list, {tensor_spec(int64, std::move(spec_shape))});
}
// x -> x * factor on int64 scalars; counts its calls when `calls` is given.
inline ElementFn times(int64_t factor, std::atomic<int>* calls = nullptr) {
  return [=](Element e, const RunOptions&) {
    if (calls) ++*calls;
    return Element{i64(item(e[0]) * factor)};
  };
}

}  // namespace kiln::data::testing
