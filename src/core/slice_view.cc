#include "core/slice_view.h"

#include <utility>

namespace kiln {

SliceView SliceView::full(const Dims& dims) {
  SliceView v;
  for (size_t i = 0; i < dims.size(); ++i) {
    v.ranges.push_back({0, 1, dims[i], true});
    v.out_axes.push_back(static_cast<int64_t>(i));
  }
  return v;
}

Shape SliceView::shape() const {
  Dims d;
  for (int64_t axis : out_axes) {
    d.push_back(axis < 0 ? 1 : ranges[static_cast<size_t>(axis)].length);
  }
  return Shape(std::move(d));
}

Array make_view(const Array& a, const SliceView& v) {
  bool empty = false;
  for (const AxisRange& r : v.ranges) empty |= r.length == 0;
  // begin < dim whenever the view is not empty, so begin * stride stays
  // inside the buffer (and cannot overflow); an empty view keeps a's offset.
  int64_t offset = a.offset();
  if (!empty) {
    for (size_t i = 0; i < v.ranges.size(); ++i) offset += v.ranges[i].begin * a.strides()[i];
  }
  Dims dims;
  Strides strides;
  for (int64_t axis : v.out_axes) {
    if (axis < 0) {  // a new axis of size 1: its stride never matters
      dims.push_back(1);
      strides.push_back(0);
      continue;
    }
    const AxisRange& r = v.ranges[static_cast<size_t>(axis)];
    int64_t s = a.strides()[static_cast<size_t>(axis)];
    dims.push_back(r.length);
    // With two or more elements |step| * (length - 1) < dim, so this fits.
    strides.push_back(r.length > 1 ? r.step * s : s);
  }
  return Array::view_of(a.buffer(), a.dtype(), Shape(std::move(dims)), std::move(strides), offset);
}

Array narrow(const Array& a, int64_t axis, int64_t begin, int64_t length) {
  SliceView v = SliceView::full(a.dims());
  v.ranges[static_cast<size_t>(axis)] = {begin, 1, length, true};
  return make_view(a, v);
}

}  // namespace kiln
