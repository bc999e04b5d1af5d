// Ops that select part of a tensor as a view (no copy): slice,
// strided_slice (NumPy's basic indexing, TF's encoding), split, unstack,
// reverse. Each computes a SliceView (shape_common.h) from the input shape;
// inference uses its shape, the kernel applies it to the input's strides.
#include <algorithm>
#include <bit>
#include <iterator>
#include <string>

#include "ops/axis.h"
#include "ops/registry.h"
#include "ops/shape_common.h"

namespace kiln {
namespace {

using IntList = std::vector<int64_t>;

// ---- strided_slice ----

// Where a range of stride s starts or ends on an axis of size d: negative
// values count from the end, then the value is clamped to the axis (to
// [-1, d - 1] for negative strides, where -1 means "before index 0").
int64_t canonical_bound(int64_t x, int64_t d, int64_t s) {
  if (x < 0) x += d;  // x < 0 <= d: no overflow
  return s > 0 ? std::clamp<int64_t>(x, 0, d) : std::clamp<int64_t>(x, -1, d - 1);
}

// How many of begin, begin + s, ... lie before end (s != 0, bounds canonical).
int64_t range_length(int64_t begin, int64_t end, int64_t s) {
  if (s > 0 ? end <= begin : end >= begin) return 0;
  auto span = static_cast<uint64_t>(s > 0 ? end - begin : begin - end);
  uint64_t step = s > 0 ? static_cast<uint64_t>(s) : 0 - static_cast<uint64_t>(s);
  return static_cast<int64_t>(1 + (span - 1) / step);  // unsigned: no overflow for any stride
}

struct SliceSpec {
  const IntList& begin;
  const IntList& end;
  const IntList& strides;  // empty: all 1
  int64_t begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask;
};

SliceSpec spec_from(const Attrs& attrs) {
  return {attr<IntList>(attrs, 0), attr<IntList>(attrs, 1), attr<IntList>(attrs, 2),
          attr<int64_t>(attrs, 3), attr<int64_t>(attrs, 4), attr<int64_t>(attrs, 5),
          attr<int64_t>(attrs, 6), attr<int64_t>(attrs, 7)};
}

// TF's canonicalisation of a sparse slice spec against `in`; nullopt when
// the input's rank is unknown (the output's is then unknown too).
// bounds_known false: begin, end or strides are known only when the graph
// runs (the spec holds placeholders for them), so the length of every axis
// that is not a single index or fully masked is unknown, as in TF.
std::optional<SliceView> strided_slice_view(const OpDef& op, const Shape& in, const SliceSpec& p,
                                            bool bounds_known = true) {
  size_t n = p.begin.size();
  if (p.end.size() != n || (!p.strides.empty() && p.strides.size() != n)) {
    shape_error(op, "begin, end and strides must have the same length; got " +
                        std::to_string(n) + ", " + std::to_string(p.end.size()) + " and " +
                        std::to_string(p.strides.size()) + ".");
  }
  if (n > 64) shape_error(op, "a slice spec has at most 64 entries (one bit each in the masks); got " +
                              std::to_string(n) + ".");
  auto bit = [](size_t i) { return int64_t{1} << i; };
  uint64_t live = n == 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
  if (std::popcount(static_cast<uint64_t>(p.ellipsis_mask) & live) > 1) {
    shape_error(op, "the slice spec has more than one ellipsis (...); use at most one.");
  }
  if (!in.has_known_rank()) return std::nullopt;
  int64_t rank = in.rank();
  int64_t indexed = 0;  // entries that consume an input axis
  for (size_t i = 0; i < n; ++i) {
    if (!(p.ellipsis_mask & bit(i)) && !(p.new_axis_mask & bit(i))) ++indexed;
  }
  if (indexed > rank) {
    shape_error(op, "too many indices: the slice spec indexes " + std::to_string(indexed) +
                        " axes, but the tensor has rank " + std::to_string(rank) + " (shape " +
                        in.to_string() + "). Index at most " + std::to_string(rank) + " axes.");
  }
  SliceView v = SliceView::full(in.dims());
  v.out_axes.clear();
  int64_t axis = 0;
  auto keep_full = [&](int64_t count) {
    for (int64_t k = 0; k < count; ++k) v.out_axes.push_back(axis++);
  };
  bool ellipsis = false;
  for (size_t i = 0; i < n; ++i) {
    if (p.ellipsis_mask & bit(i)) {
      ellipsis = true;
      keep_full(rank - indexed);
      continue;
    }
    if (p.new_axis_mask & bit(i)) {
      v.out_axes.push_back(-1);
      continue;
    }
    int64_t d = in.dims()[static_cast<size_t>(axis)];
    int64_t s = p.strides.empty() ? 1 : p.strides[i];
    AxisRange& r = v.ranges[static_cast<size_t>(axis)];
    if (p.shrink_axis_mask & bit(i)) {  // a single index; the axis goes away
      int64_t b = p.begin[i];
      if (!bounds_known) {
        r = {0, 1, 1, false};
        ++axis;
        continue;
      }
      if (d != kUnknownDim && (b < -d || b >= d)) {
        shape_error(op, "index " + std::to_string(b) + " is out of bounds for axis " +
                            std::to_string(axis) + " with size " + std::to_string(d) + ".");
      }
      r = {b < 0 && d != kUnknownDim ? b + d : b, 1, 1, false};
      ++axis;
      continue;
    }
    if (s == 0) {
      shape_error(op, "strides[" + std::to_string(i) + "] is 0; a stride must be nonzero.");
    }
    const bool masked = (p.begin_mask & bit(i)) && (p.end_mask & bit(i));
    if (d == kUnknownDim || (!bounds_known && !masked)) {
      r = {0, s, kUnknownDim, true};
    } else {
      int64_t b = (p.begin_mask & bit(i)) ? (s > 0 ? 0 : d - 1) : canonical_bound(p.begin[i], d, s);
      int64_t e = (p.end_mask & bit(i)) ? (s > 0 ? d : -1) : canonical_bound(p.end[i], d, s);
      r = {b, s, range_length(b, e, s), true};
    }
    v.out_axes.push_back(axis++);
  }
  if (!ellipsis) keep_full(rank - axis);  // an implicit ellipsis at the end
  return v;
}

// A list given by a tensor with its unknown entries as `filler`.
IntList known_or(const IntList& v, int64_t filler) {
  IntList out = v;
  for (int64_t& x : out) {
    if (!is_known(x)) x = filler;
  }
  return out;
}

Specs infer_strided_slice(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  SliceSpec p = spec_from(attrs);
  if (all_known(p.begin) && all_known(p.end) && all_known(p.strides)) {
    auto v = strided_slice_view(op, in[0].shape, p);
    return {{in[0].dtype, v ? v->shape() : Shape::unknown_rank()}};
  }
  // Bounds given by tensors known only when the graph runs.
  if (is_unknown_length(p.begin) || is_unknown_length(p.end) || is_unknown_length(p.strides)) {
    return {{in[0].dtype, Shape::unknown_rank()}};
  }
  const IntList begin = known_or(p.begin, 0), end = known_or(p.end, 0);
  const IntList strides = known_or(p.strides, 1);
  SliceSpec placeholder{begin, end, strides, p.begin_mask, p.end_mask, p.ellipsis_mask,
                        p.new_axis_mask, p.shrink_axis_mask};
  auto v = strided_slice_view(op, in[0].shape, placeholder, false);
  if (v && !all_known(p.strides)) {  // the stride of a masked axis decides its length too
    for (AxisRange& r : v->ranges) {
      if (r.keep) r.length = kUnknownDim;
    }
  }
  return {{in[0].dtype, v ? v->shape() : Shape::unknown_rank()}};
}

Arrays strided_slice_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                            std::span<const TensorSpec>) {
  return {make_view(in[0], *strided_slice_view(op, in[0].shape(), spec_from(attrs)))};
}

// ---- slice ----

std::optional<SliceView> slice_view(const OpDef& op, const Shape& in, const IntList& begin,
                                    const IntList& size) {
  if (begin.size() != size.size()) {
    shape_error(op, "begin " + list_text(begin) + " and size " + list_text(size) +
                        " must have the same length.");
  }
  if (!in.has_known_rank()) return std::nullopt;
  if (static_cast<int64_t>(begin.size()) != in.rank()) {
    shape_error(op, "begin and size need one entry per axis of the input (shape " + in.to_string() +
                        ", rank " + std::to_string(in.rank()) + "); got " +
                        std::to_string(begin.size()) + ".");
  }
  SliceView v = SliceView::full(in.dims());
  for (size_t i = 0; i < begin.size(); ++i) {
    int64_t d = in.dims()[i], b = begin[i], s = size[i];
    std::string where = "axis " + std::to_string(i) + " (size " +
                        (d == kUnknownDim ? std::string("unknown") : std::to_string(d)) + ")";
    if (b < 0 || (d != kUnknownDim && b > d)) {
      shape_error(op, "begin[" + std::to_string(i) + "] = " + std::to_string(b) +
                          " is outside " + where + "; it must be in [0, size of the axis].");
    }
    if (s < -1 || (d != kUnknownDim && s > d - b)) {
      shape_error(op, "size[" + std::to_string(i) + "] = " + std::to_string(s) + " with begin " +
                          std::to_string(b) + " does not fit " + where + "; it must be in [0, " +
                          (d == kUnknownDim ? std::string("size - begin") : std::to_string(d - b)) +
                          "], or -1 for everything to the end.");
    }
    int64_t length = s != -1 ? s : d == kUnknownDim ? kUnknownDim : d - b;
    v.ranges[i] = {b, 1, length, true};
  }
  return v;
}

// begin or size given by tensors known only when the graph runs: an axis has
// the size asked for where that is known.
Shape slice_partial_shape(const Shape& in, const IntList& begin, const IntList& size) {
  if (is_unknown_length(size)) {
    if (in.has_known_rank()) return Shape(Dims(in.dims().size(), kUnknownDim));
    return is_unknown_length(begin) ? Shape::unknown_rank() : Shape(Dims(begin.size(), kUnknownDim));
  }
  Dims out;
  for (size_t i = 0; i < size.size(); ++i) {
    int64_t s = size[i];
    const bool begin_known = !is_unknown_length(begin) && i < begin.size() && is_known(begin[i]);
    const int64_t d = in.has_known_rank() && i < in.dims().size() ? in.dims()[i] : kUnknownDim;
    if (is_known(s) && s != -1) out.push_back(s);
    else if (s == -1 && begin_known && d != kUnknownDim) out.push_back(std::max<int64_t>(d - begin[i], 0));
    else out.push_back(kUnknownDim);
  }
  return Shape(std::move(out));
}

Specs infer_slice(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  if (!all_known(attr<IntList>(attrs, 0)) || !all_known(attr<IntList>(attrs, 1))) {
    return {{in[0].dtype, slice_partial_shape(in[0].shape, attr<IntList>(attrs, 0), attr<IntList>(attrs, 1))}};
  }
  auto v = slice_view(op, in[0].shape, attr<IntList>(attrs, 0), attr<IntList>(attrs, 1));
  return {{in[0].dtype, v ? v->shape() : Shape::unknown_rank()}};
}

Arrays slice_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                    std::span<const TensorSpec>) {
  return {make_view(in[0], *slice_view(op, in[0].shape(), attr<IntList>(attrs, 0), attr<IntList>(attrs, 1)))};
}

// ---- split, unstack ----

// Each piece is a tensor of its own: a count beyond this is a mistake, refused
// before anything is allocated for it.
constexpr int64_t kMaxSplitPieces = int64_t{1} << 20;

void check_split_count(const OpDef& op, int64_t num) {
  if (num < 1 || num > kMaxSplitPieces) {
    shape_error(op, "num_or_size_splits = " + std::to_string(num) + "; split into 1 to " +
                        std::to_string(kMaxSplitPieces) + " pieces.");
  }
}

// Attrs: axis, num (equal pieces; used when sizes is empty), sizes.
// The sizes of the pieces; kUnknownDim where the axis size is unknown.
IntList split_sizes(const OpDef& op, const Shape& in, const Attrs& attrs, int64_t* axis_out) {
  int64_t num = attr<int64_t>(attrs, 1);
  IntList sizes = attr<IntList>(attrs, 2);
  int64_t d = kUnknownDim;
  if (in.has_known_rank()) {
    if (in.rank() == 0) shape_error(op, "cannot split a scalar (shape ()); it has no axis.");
    *axis_out = normalize_axis(op, attr<int64_t>(attrs, 0), in.rank());
    d = in.dims()[static_cast<size_t>(*axis_out)];
  }
  std::string axis_text = "axis " + std::to_string(attr<int64_t>(attrs, 0)) + " (size " +
                          (d == kUnknownDim ? std::string("unknown") : std::to_string(d)) + ")";
  if (sizes.empty()) {
    check_split_count(op, num);
    if (d != kUnknownDim && d % num != 0) {
      shape_error(op, "cannot split " + axis_text + " of shape " + in.to_string() + " into " +
                          std::to_string(num) + " equal pieces; give the sizes of the pieces instead.");
    }
    return IntList(static_cast<size_t>(num), d == kUnknownDim ? kUnknownDim : d / num);
  }
  int64_t inferred = -1, total = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == -1 && inferred < 0) {
      inferred = static_cast<int64_t>(i);
    } else if (sizes[i] < 0) {
      shape_error(op, "size_splits " + list_text(sizes) + (sizes[i] == -1 ? " has more than one -1; "
                          "at most one size can be inferred." : " has a negative size; sizes are >= 0, "
                          "or -1 for one inferred size."));
    } else {
      auto t = checked_add(total, sizes[i]);
      if (!t) shape_error(op, "size_splits " + list_text(sizes) + " add up to more than fits in 64 bits.");
      total = *t;
    }
  }
  if (d != kUnknownDim && (inferred >= 0 ? total > d : total != d)) {
    shape_error(op, "size_splits " + list_text(sizes) + " add up to " + std::to_string(total) +
                        ", but " + axis_text + " of shape " + in.to_string() + " has " +
                        std::to_string(d) + " elements; the sizes must add up to it.");
  }
  if (inferred >= 0) sizes[static_cast<size_t>(inferred)] = d == kUnknownDim ? kUnknownDim : d - total;
  return sizes;
}

Specs infer_split(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const IntList& size_splits = attr<IntList>(attrs, 2);
  if (!is_known(attr<int64_t>(attrs, 0)) || !all_known(size_splits)) {
    // Given by tensors known only when the graph runs: the rank stays (TF).
    if (is_unknown_length(size_splits)) {
      throw ValueError("[split] cannot tell how many pieces size_splits makes: its length is "
                       "unknown. Give it a static length.");
    }
    const Shape& s = in[0].shape;
    if (s.rank() == 0) shape_error(op, "cannot split a scalar (shape ()); it has no axis.");
    const int64_t num = attr<int64_t>(attrs, 1);
    check_split_count(op, size_splits.empty() ? num : static_cast<int64_t>(size_splits.size()));
    const size_t pieces = size_splits.empty() ? static_cast<size_t>(num) : size_splits.size();
    Shape piece = s.has_known_rank() ? Shape(Dims(s.dims().size(), kUnknownDim)) : s;
    return Specs(pieces, TensorSpec{in[0].dtype, piece});
  }
  int64_t axis = 0;
  IntList sizes = split_sizes(op, in[0].shape, attrs, &axis);
  Specs out;
  for (int64_t s : sizes) {
    Shape piece = in[0].shape;
    if (piece.has_known_rank()) {
      Dims d = piece.dims();
      d[static_cast<size_t>(axis)] = s;
      piece = Shape(std::move(d));
    }
    out.push_back({in[0].dtype, piece});
  }
  return out;
}

Arrays split_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                    std::span<const TensorSpec>) {
  int64_t axis = 0, begin = 0;
  Arrays pieces;
  for (int64_t s : split_sizes(op, in[0].shape(), attrs, &axis)) {
    pieces.push_back(narrow(in[0], axis, begin, s));
    begin += s;
  }
  return pieces;
}

// Attrs: num (-1: the axis size), axis.
int64_t unstack_count(const OpDef& op, const Shape& in, const Attrs& attrs, int64_t* axis_out) {
  int64_t num = attr<int64_t>(attrs, 0);
  if (!in.has_known_rank()) {
    if (num < 0) {
      throw ValueError("[unstack] cannot infer num from a tensor of unknown shape; pass num.");
    }
    return num;
  }
  *axis_out = normalize_axis(op, attr<int64_t>(attrs, 1), in.rank());
  int64_t d = in.dims()[static_cast<size_t>(*axis_out)];
  if (num < 0) {
    if (d == kUnknownDim) {
      throw ValueError("[unstack] cannot infer num from shape " + in.to_string() + ": axis " +
                       std::to_string(*axis_out) + " has unknown size; pass num.");
    }
    return d;
  }
  if (d != kUnknownDim && d != num) {
    shape_error(op, "num = " + std::to_string(num) + ", but axis " + std::to_string(*axis_out) +
                        " of shape " + in.to_string() + " has " + std::to_string(d) +
                        " elements; num must equal it (or be left out).");
  }
  return num;
}

Specs infer_unstack(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  int64_t axis = 0;
  int64_t num = unstack_count(op, in[0].shape, attrs, &axis);
  Shape piece = Shape::unknown_rank();
  if (in[0].shape.has_known_rank()) {
    Dims d = in[0].shape.dims();
    d.erase(d.begin() + axis);
    piece = Shape(std::move(d));
  }
  return Specs(static_cast<size_t>(num), TensorSpec{in[0].dtype, piece});
}

Arrays unstack_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                      std::span<const TensorSpec>) {
  int64_t axis = 0;
  int64_t num = unstack_count(op, in[0].shape(), attrs, &axis);
  SliceView v = SliceView::full(in[0].dims());
  v.out_axes.erase(v.out_axes.begin() + axis);
  Arrays pieces;
  for (int64_t i = 0; i < num; ++i) {
    v.ranges[static_cast<size_t>(axis)] = {i, 1, 1, false};
    pieces.push_back(make_view(in[0], v));
  }
  return pieces;
}

// ---- reverse ----

Specs infer_reverse(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  if (!all_known(attr<IntList>(attrs, 0))) return {in[0]};  // axes known only when the graph runs
  if (in[0].shape.has_known_rank()) normalize_axes(op, attr<IntList>(attrs, 0), in[0].shape.rank());
  return {in[0]};
}

Arrays reverse_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                      std::span<const TensorSpec>) {
  const Array& a = in[0];
  SliceView v = SliceView::full(a.dims());
  for (int64_t axis : normalize_axes(op, attr<IntList>(attrs, 0), a.ndim())) {
    int64_t d = a.dims()[static_cast<size_t>(axis)];
    v.ranges[static_cast<size_t>(axis)] = {d > 0 ? d - 1 : 0, -1, d, true};
  }
  return {make_view(a, v)};
}

}  // namespace

void register_slice_ops(Registry& r) {
  using A = AttrType;
  r.add({.name = "slice", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"begin", A::kIntList, 1}, {"size", A::kIntList, 1}},
         .infer = infer_slice, .cpu = slice_kernel});
  r.add({.name = "strided_slice", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"begin", A::kIntList, 1}, {"end", A::kIntList, 1}, {"strides", A::kIntList, 1},
                   {"begin_mask", A::kInt}, {"end_mask", A::kInt}, {"ellipsis_mask", A::kInt},
                   {"new_axis_mask", A::kInt}, {"shrink_axis_mask", A::kInt}},
         .infer = infer_strided_slice, .cpu = strided_slice_kernel, .moves_inputs = 1});
  r.add({.name = "split", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"axis", A::kInt, 0}, {"num_split", A::kInt}, {"size_splits", A::kIntList, 1}},
         .infer = infer_split, .cpu = split_kernel});
  r.add({.name = "unstack", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"num", A::kInt}, {"axis", A::kInt}}, .infer = infer_unstack, .cpu = unstack_kernel});
  r.add({.name = "reverse", .min_inputs = 1, .max_inputs = 1, .attrs = {{"axis", A::kIntList, 1}},
         .infer = infer_reverse, .cpu = reverse_kernel});
}

}  // namespace kiln
