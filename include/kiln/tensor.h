// kiln::Tensor: the C++ user's handle on a tensor. For now every tensor is
// eager (concrete): it holds an immutable Array. Graph tensors come later and
// share this interface.
#pragma once

#include <complex>
#include <initializer_list>
#include <type_traits>
#include <vector>

#include "kiln/array.h"

namespace kiln {

class Tensor {
 public:
  explicit Tensor(Array array) : array_(std::move(array)), id_(next_id()) {}

  // Unique per tensor made (copies share it): how a GradientTape tells
  // tensors apart, since two tensors may view one buffer.
  uint64_t id() const { return id_; }

  const Array& array() const { return array_; }
  DType dtype() const { return array_.dtype(); }
  const Shape& shape() const { return array_.shape(); }
  int64_t ndim() const { return array_.ndim(); }
  int64_t size() const { return array_.size(); }

  // All elements in C order, converted to T.
  template <class T>
  std::vector<T> to_vector() const;
  // The one element of a one-element tensor, converted to T.
  template <class T>
  T item() const { return array_.item<T>(); }

 private:
  static uint64_t next_id();
  Array array_;
  uint64_t id_;
};

// A tensor of `shape` whose every element is the one element of `scalar`
// (any dtype; the bytes are repeated exactly).
Tensor fill(const Shape& shape, const Tensor& scalar);
// A tensor of `shape` with every element `value`, converted to dtype.
Tensor fill(const Shape& shape, double value, DType dtype = float32);
Tensor fill(const Shape& shape, std::complex<double> value, DType dtype = complex128);
Tensor fill_int(const Shape& shape, int64_t value, DType dtype = int32);
Tensor zeros(const Shape& shape, DType dtype = float32);
Tensor ones(const Shape& shape, DType dtype = float32);

// A tensor that copies `values` (C order) into the given shape, or a 1-D
// shape when none is given. InvalidArgumentError when the counts differ.
template <class T>
Tensor constant(const std::vector<T>& values, const Shape& shape);
template <class T>
Tensor constant(const std::vector<T>& values) {
  return constant(values, Shape{static_cast<int64_t>(values.size())});
}
template <class T>
Tensor constant(std::initializer_list<T> values, const Shape& shape) {
  return constant(std::vector<T>(values), shape);
}
template <class T>
Tensor constant(std::initializer_list<T> values) {
  return constant(std::vector<T>(values));
}
// A scalar tensor.
template <class T, class = std::enable_if_t<std::is_arithmetic_v<T> || is_complex<T>::value>>
Tensor constant(T value) {
  return constant(std::vector<T>{value}, Shape{});
}
// A tensor over an existing array (shared, not copied; arrays are immutable).
inline Tensor constant(const Array& array) { return Tensor(array); }

// ---- template definitions ----

Array make_array_from(const void* values, DType dtype, int64_t count, const Shape& shape);

template <class T>
Tensor constant(const std::vector<T>& values, const Shape& shape) {
  if constexpr (std::is_same_v<T, bool>) {
    // std::vector<bool> is packed; unpack it into bytes.
    std::vector<unsigned char> bytes(values.begin(), values.end());
    return Tensor(make_array_from(bytes.data(), bool_, static_cast<int64_t>(bytes.size()), shape));
  } else {
    return Tensor(make_array_from(values.data(), dtype_of<T>(), static_cast<int64_t>(values.size()),
                                  shape));
  }
}

template <class T>
std::vector<T> Tensor::to_vector() const {
  Array c = array_.contiguous();
  std::vector<T> out;
  out.reserve(static_cast<size_t>(c.size()));
  visit_dtype(c.dtype(), [&](auto tag) {
    using S = decltype(tag);
    const char* p = static_cast<const char*>(c.data());
    for (int64_t i = 0; i < c.size(); ++i) {
      out.push_back(cast_value<T>(load_value<S>(p + i * static_cast<int64_t>(sizeof(S)))));
    }
  });
  return out;
}

}  // namespace kiln
