// RunBuffers: the buffers a plan's run has finished with, kept for the
// run's next outputs of the same size. A loop body's values and a chain of
// large intermediates then reuse memory instead of asking malloc (and the
// kernel's page faults) again each time. Only buffers nobody else can see
// come in; everything goes when the run ends.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstddef>

#include "kiln/array.h"

namespace kiln {

class RunBuffers {
 public:
  // Takes `value`'s buffer when the value was its only holder (the caller
  // drops the value either way).
  void give_back(Array& value) {
    if (!value.buffer() || !value.buffer().owned() || value.buffer().use_count() != 1 ||
        free_.size() >= kMaxKept) {
      value = Array();
      return;
    }
    Buffer b = value.buffer();
    value = Array();
    free_.push_back(std::move(b));
  }

  // A C-contiguous array of this spec, over a kept buffer of exactly its
  // size when there is one.
  Array empty(DType dtype, const Shape& shape) {
    const std::optional<int64_t> n = shape.try_num_elements();
    if (n) {
      const auto bytes = static_cast<size_t>(*n) * dtype.size();
      for (size_t i = free_.size(); i-- > 0;) {
        if (free_[i].size() != bytes) continue;
        Buffer b = std::move(free_[i]);
        free_.erase(free_.begin() + static_cast<std::ptrdiff_t>(i));
        return Array::view_of(std::move(b), dtype, shape, Array::contiguous_strides(dtype, shape));
      }
    }
    return Array::empty(dtype, shape);
  }

 private:
  static constexpr size_t kMaxKept = 16;
  boost::container::small_vector<Buffer, kMaxKept> free_;
};

}  // namespace kiln
