// Array: a concrete, strided view of a Buffer — dtype, fully known shape,
// byte strides and a byte offset. Copying an Array shares its buffer (a
// view); copy() makes new storage. Arrays that tensors hold are never written
// after they are made (tensors are immutable).
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "kiln/buffer.h"
#include "kiln/dtype.h"
#include "kiln/shape.h"

namespace kiln {

using Strides = Dims;  // in bytes, may be negative or zero

enum class MemoryOrder { kC, kFortran };

class Array {
 public:
  Array() = default;  // a float32 scalar with no storage; only for assignment

  // New, uninitialised, contiguous storage. Throws InvalidArgumentError for
  // an unknown or overflowing shape, ResourceExhaustedError when memory is short.
  static Array empty(DType dtype, const Shape& shape, MemoryOrder order = MemoryOrder::kC);
  // A view over existing storage. Checks that every element it can address
  // lies inside the buffer (InvalidArgumentError otherwise).
  static Array view_of(Buffer buffer, DType dtype, const Shape& shape, Strides byte_strides,
                       int64_t byte_offset = 0);
  static Strides contiguous_strides(DType dtype, const Shape& shape,
                                    MemoryOrder order = MemoryOrder::kC);

  DType dtype() const { return dtype_; }
  const Shape& shape() const { return shape_; }
  const Dims& dims() const { return shape_.dims(); }
  const Strides& strides() const { return strides_; }
  int64_t offset() const { return offset_; }
  const Buffer& buffer() const { return buffer_; }
  int64_t ndim() const { return shape_.rank(); }
  int64_t size() const { return size_; }  // elements
  int64_t nbytes() const { return size_ * static_cast<int64_t>(dtype_.size()); }

  const void* data() const { return static_cast<const char*>(buffer_.data()) + offset_; }
  // For code that just created this array and is filling it in.
  void* mutable_data() { return static_cast<char*>(buffer_.data()) + offset_; }
  template <class T>
  const T* data_as() const { return static_cast<const T*>(data()); }

  bool is_c_contiguous() const;
  bool is_f_contiguous() const;

  // Views (share the buffer).
  Array index(int64_t i) const;  // element i of axis 0, that axis dropped; negative counts from the end
  Array transpose(const std::vector<int64_t>& perm) const;
  Array reshape(const Shape& shape) const;  // only for C-contiguous arrays

  // Copies.
  Array copy(MemoryOrder order = MemoryOrder::kC) const;
  Array contiguous() const;  // *this when C-contiguous, else copy()

  // The single element of a one-element array, converted to T.
  template <class T>
  T item() const;

 private:
  Buffer buffer_;
  DType dtype_ = float32;
  Shape shape_;
  Strides strides_;
  int64_t offset_ = 0;
  int64_t size_ = 1;
};

// The bytes [lo, hi) that a strided view's elements occupy, relative to its
// first element; {0, 0} when it has no elements. nullopt when the bounds
// overflow int64 (such a view cannot exist in memory).
struct ByteExtent {
  int64_t lo = 0;
  int64_t hi = 0;
};
std::optional<ByteExtent> byte_extent(const Dims& dims, const Strides& strides, int64_t itemsize);

// The bytes a C-contiguous array of these dims would span with each zero
// dimension counted as 1; nullopt when that overflows int64. A concrete array
// needs it to fit (its strides are built from it), and NumPy refuses the same
// shapes, so a zero-size array with huge other dimensions is refused too.
std::optional<int64_t> dense_span_bytes(DType dtype, const Dims& dims);

// Copies every element of src into dst (same dtype and shape, any strides).
void copy_elements(const Array& src, Array& dst);

// kiln's bools are the bytes 0 and 1; foreign memory (files, NumPy views of
// other types) may hold any byte. These find and fix such bytes.
bool has_non_bool_bytes(const void* data, size_t nbytes);
void normalize_bool_bytes(void* data, size_t nbytes);

}  // namespace kiln

#include "kiln/cast.h"
#include "kiln/error.h"

namespace kiln {

template <class T>
T Array::item() const {
  if (size_ != 1) {
    throw InvalidArgumentError("Only a one-element array converts to a scalar; this one has shape " +
                               shape_.to_string() + ".");
  }
  return visit_dtype(dtype_, [&](auto tag) -> T {
    using S = decltype(tag);
    return cast_value<T>(load_value<S>(data()));
  });
}

}  // namespace kiln
