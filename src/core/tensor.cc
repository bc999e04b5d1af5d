#include "kiln/tensor.h"

#include <atomic>
#include <cstring>
#include <string>

#include "kiln/error.h"

namespace kiln {
namespace {

// Repeats the element at `value` (dtype.size() bytes) into a fresh array.
Array repeated(const Shape& shape, const void* value, DType dtype) {
  Array a = Array::empty(dtype, shape);
  visit_dtype(dtype, [&](auto tag) {
    using S = decltype(tag);
    S v;
    std::memcpy(&v, value, sizeof(S));
    auto* p = static_cast<S*>(a.mutable_data());
    for (int64_t i = 0; i < a.size(); ++i) p[i] = v;
  });
  return a;
}

// Writes value, converted to dtype, into every element of a fresh array.
template <class V>
Array filled(const Shape& shape, V value, DType dtype) {
  return visit_dtype(dtype, [&](auto tag) {
    auto v = cast_value<decltype(tag)>(value);
    return repeated(shape, &v, dtype);
  });
}

}  // namespace

Tensor fill(const Shape& shape, const Tensor& scalar) {
  if (scalar.size() != 1) {
    throw InvalidArgumentError("[fill] value must be a scalar (one element), got shape " +
                               scalar.shape().to_string() + ".");
  }
  return Tensor(repeated(shape, scalar.array().data(), scalar.dtype()));
}

Tensor fill(const Shape& shape, double value, DType dtype) {
  return Tensor(filled(shape, value, dtype));
}
Tensor fill(const Shape& shape, std::complex<double> value, DType dtype) {
  return Tensor(filled(shape, value, dtype));
}
Tensor fill_int(const Shape& shape, int64_t value, DType dtype) {
  return Tensor(filled(shape, value, dtype));
}
Tensor zeros(const Shape& shape, DType dtype) { return fill_int(shape, 0, dtype); }
Tensor ones(const Shape& shape, DType dtype) { return fill_int(shape, 1, dtype); }

Array make_array_from(const void* values, DType dtype, int64_t count, const Shape& shape) {
  if (!shape.is_fully_defined() || shape.num_elements() != count) {
    throw InvalidArgumentError("[constant] " + std::to_string(count) +
                               " values do not fill shape " + shape.to_string() + " (" +
                               (shape.is_fully_defined() ? std::to_string(shape.num_elements())
                                                         : std::string("unknown")) +
                               " elements); pass as many values as the shape has elements.");
  }
  Array a = Array::empty(dtype, shape);
  if (a.nbytes() > 0) std::memcpy(a.mutable_data(), values, static_cast<size_t>(a.nbytes()));
  return a;
}

}  // namespace kiln

namespace kiln {

// Every op result gets an id: each thread takes ids from blocks it reserves
// with one atomic add per 65,536 tensors, so threads making tensors at once
// do not contend for one counter.
uint64_t Tensor::next_id() {
  constexpr uint64_t kBlock = uint64_t{1} << 16;
  static std::atomic<uint64_t> reserved{1};  // 0 is no tensor's id
  thread_local uint64_t next = 0, end = 0;
  if (next == end) {
    next = reserved.fetch_add(kBlock, std::memory_order_relaxed);
    end = next + kBlock;
  }
  return next++;
}

}  // namespace kiln
