// The shape family's ops that only change how a tensor's memory is seen:
// reshape, transpose, expand_dims, squeeze, broadcast_to, identity; and the
// shape queries (shape, size, rank). register_shape_ops also registers the
// family's slicing ops (slice_ops.cc) and copying ops (concat_ops.cc).
#include <algorithm>
#include <limits>
#include <optional>
#include <string>

#include "kernels/cpu/shape_copy.h"
#include "ops/axis.h"
#include "ops/registry.h"
#include "ops/shape_common.h"

namespace kiln {
namespace {

// ---- reshape ----

// The shape `requested` (with at most one -1) resolves to for an input of
// `in`; the -1 stays unknown when the input's element count is.
Shape reshape_target(const OpDef& op, const Shape& in, const std::vector<int64_t>& requested) {
  if (is_unknown_length(requested)) return Shape::unknown_rank();  // a tensor of unknown length
  std::optional<size_t> inferred;
  int64_t known = 1;  // product of the given dims
  bool partial = false;  // some dims are known only when the graph runs
  for (size_t i = 0; i < requested.size(); ++i) {
    int64_t d = requested[i];
    if (d == kUnknownValue) {
      partial = true;
    } else if (d == -1) {
      if (inferred) {
        shape_error(op, "shape " + list_text(requested) +
                            " has more than one -1; at most one dimension can be inferred.");
      }
      inferred = i;
    } else if (d < 0) {
      shape_error(op, "shape " + list_text(requested) + " has the negative dimension " +
                          std::to_string(d) + "; dimensions are sizes (>= 0), or -1 for one "
                          "inferred dimension.");
    } else {
      auto p = checked_mul(known, d);
      if (!p) shape_error(op, "shape " + list_text(requested) + " has more elements than fit in 64 bits.");
      known = *p;
    }
  }
  Dims out(requested.begin(), requested.end());
  for (int64_t& d : out) {
    if (d == kUnknownValue) d = kUnknownDim;
  }
  std::optional<int64_t> n = in.try_num_elements();
  if (!n || partial) {
    if (inferred) out[*inferred] = kUnknownDim;
    return Shape(std::move(out));
  }
  auto mismatch = [&](const std::string& why) {
    shape_error(op, "cannot reshape a tensor of " + std::to_string(*n) + " elements (shape " +
                        in.to_string() + ") into shape " + list_text(requested) + why);
  };
  if (inferred) {
    if (known == 0) {
      mismatch(": the -1 cannot be inferred when another dimension is 0. Give every dimension.");
    }
    if (*n % known != 0) {
      mismatch(": " + std::to_string(*n) + " is not a multiple of " + std::to_string(known) +
               ", the product of the other dimensions.");
    }
    out[*inferred] = *n / known;
  } else if (known != *n) {
    mismatch(" (" + std::to_string(known) + " elements); the element counts must be equal. "
             "Use -1 for one dimension to have it inferred.");
  }
  return Shape(std::move(out));
}

Specs infer_reshape(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  return {{in[0].dtype, reshape_target(op, in[0].shape, attr<std::vector<int64_t>>(attrs, 0))}};
}

// The strides that show `a`'s elements, in C order, with `dims`, without a
// copy; nullopt when a's layout does not allow it. NumPy's algorithm
// (_attempt_nocopy_reshape): axes that merge must be contiguous with each other.
std::optional<Strides> nocopy_strides(const Array& a, const Dims& dims) {
  if (a.size() <= 1) return Array::contiguous_strides(a.dtype(), Shape(dims));
  Dims od;
  Strides os;
  for (size_t i = 0; i < a.dims().size(); ++i) {
    if (a.dims()[i] != 1) {
      od.push_back(a.dims()[i]);
      os.push_back(a.strides()[i]);
    }
  }
  Strides ns(dims.size(), 0);
  size_t oi = 0, oj = 1, ni = 0, nj = 1;
  while (ni < dims.size() && oi < od.size()) {
    int64_t np = dims[ni], op = od[oi];
    while (np != op) {  // both products stay <= a.size(), so no overflow
      if (np < op) np *= dims[nj++];
      else op *= od[oj++];
    }
    for (size_t k = oi; k + 1 < oj; ++k) {
      if (os[k] != od[k + 1] * os[k + 1]) return std::nullopt;
    }
    ns[nj - 1] = os[oj - 1];
    for (size_t k = nj - 1; k > ni; --k) ns[k - 1] = ns[k] * dims[k];
    ni = nj++;
    oi = oj++;
  }
  int64_t last = ni >= 1 ? ns[ni - 1] : static_cast<int64_t>(a.dtype().size());
  for (size_t k = ni; k < dims.size(); ++k) ns[k] = last;
  return ns;
}

Arrays reshape_kernel(const OpDef&, std::span<const Array> in, const Attrs&,
                      std::span<const TensorSpec> out) {
  const Array& a = in[0];
  if (auto strides = nocopy_strides(a, out[0].shape.dims())) {
    return {Array::view_of(a.buffer(), a.dtype(), out[0].shape, std::move(*strides), a.offset())};
  }
  Array c = Array::empty(a.dtype(), a.shape());
  cpu::copy(a, c);
  return {c.reshape(out[0].shape)};
}

// ---- transpose ----

// The permutation: `perm`, or the axes reversed when it is empty.
std::vector<int64_t> transpose_perm(const OpDef& op, const std::vector<int64_t>& perm, int64_t rank) {
  if (perm.empty()) {
    std::vector<int64_t> reversed(static_cast<size_t>(rank));
    for (int64_t i = 0; i < rank; ++i) reversed[static_cast<size_t>(i)] = rank - 1 - i;
    return reversed;
  }
  if (static_cast<int64_t>(perm.size()) != rank) {
    shape_error(op, "perm " + list_text(perm) + " has " + std::to_string(perm.size()) +
                        " entries, but the tensor has rank " + std::to_string(rank) +
                        "; give one entry per axis, a permutation of 0.." + std::to_string(rank - 1) + ".");
  }
  return normalize_axes(op, perm, rank);  // rejects out-of-range and repeated axes
}

Specs infer_transpose(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const auto& perm = attr<std::vector<int64_t>>(attrs, 0);
  const Shape& s = in[0].shape;
  if (!all_known(perm)) {  // given by a tensor known only when the graph runs: the rank stays
    if (s.has_known_rank()) return {{in[0].dtype, Shape(Dims(s.dims().size(), kUnknownDim))}};
    if (is_unknown_length(perm)) return {{in[0].dtype, s}};
    return {{in[0].dtype, Shape(Dims(perm.size(), kUnknownDim))}};
  }
  if (!s.has_known_rank()) {
    if (perm.empty()) return {{in[0].dtype, s}};
    return {{in[0].dtype, Shape(Dims(perm.size(), kUnknownDim))}};
  }
  Dims d;
  for (int64_t p : transpose_perm(op, perm, s.rank())) d.push_back(s.dims()[static_cast<size_t>(p)]);
  return {{in[0].dtype, Shape(std::move(d))}};
}

Arrays transpose_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                        std::span<const TensorSpec>) {
  Array t = in[0].transpose(transpose_perm(op, attr<std::vector<int64_t>>(attrs, 0), in[0].ndim()));
  if (attr<bool>(attrs, 1) && t.dtype().is_complex()) return {cpu::conjugate(t)};
  return {t};
}

// ---- expand_dims, squeeze ----

int64_t expand_axis(const OpDef& op, int64_t axis, int64_t rank) {
  return normalize_axis(op, axis, rank + 1);  // a new axis may go after the last
}

Specs infer_expand_dims(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const Shape& s = in[0].shape;
  // An axis known only when the graph runs: TF knows nothing of the shape.
  if (!s.has_known_rank() || !is_known(attr<int64_t>(attrs, 0))) return {{in[0].dtype, Shape::unknown_rank()}};
  Dims d = s.dims();
  d.insert(d.begin() + expand_axis(op, attr<int64_t>(attrs, 0), s.rank()), 1);
  return {{in[0].dtype, Shape(std::move(d))}};
}

Arrays expand_dims_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                          std::span<const TensorSpec>) {
  const Array& a = in[0];
  auto axis = static_cast<size_t>(expand_axis(op, attr<int64_t>(attrs, 0), a.ndim()));
  SliceView v = SliceView::full(a.dims());
  v.out_axes.insert(v.out_axes.begin() + static_cast<std::ptrdiff_t>(axis), -1);
  return {make_view(a, v)};
}

// Which axes squeeze drops; nullopt when that depends on unknown dims.
std::optional<std::vector<bool>> squeezed_axes(const OpDef& op, const Shape& s,
                                               const std::vector<int64_t>& axis) {
  std::vector<bool> drop(static_cast<size_t>(s.rank()), false);
  if (axis.empty()) {
    for (size_t i = 0; i < drop.size(); ++i) {
      if (s.dims()[i] == kUnknownDim) return std::nullopt;
      drop[i] = s.dims()[i] == 1;
    }
    return drop;
  }
  for (int64_t a : normalize_axes(op, axis, s.rank())) {
    int64_t d = s.dims()[static_cast<size_t>(a)];
    if (d != 1 && d != kUnknownDim) {  // an unknown dim is taken to be 1, as in TF
      shape_error(op, "cannot squeeze axis " + std::to_string(a) + " of shape " + s.to_string() +
                          ": its size is " + std::to_string(d) + ", not 1. Squeeze only axes of size 1.");
    }
    drop[static_cast<size_t>(a)] = true;
  }
  return drop;
}

Specs infer_squeeze(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const Shape& s = in[0].shape;
  if (!s.has_known_rank()) return {{in[0].dtype, s}};
  auto drop = squeezed_axes(op, s, attr<std::vector<int64_t>>(attrs, 0));
  if (!drop) return {{in[0].dtype, Shape::unknown_rank()}};
  Dims d;
  for (size_t i = 0; i < drop->size(); ++i) {
    if (!(*drop)[i]) d.push_back(s.dims()[i]);
  }
  return {{in[0].dtype, Shape(std::move(d))}};
}

Arrays squeeze_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                      std::span<const TensorSpec>) {
  const Array& a = in[0];
  std::vector<bool> drop = *squeezed_axes(op, a.shape(), attr<std::vector<int64_t>>(attrs, 0));
  SliceView v = SliceView::full(a.dims());
  v.out_axes.clear();
  for (size_t i = 0; i < drop.size(); ++i) {
    if (!drop[i]) v.out_axes.push_back(static_cast<int64_t>(i));
  }
  return {make_view(a, v)};
}

// ---- broadcast_to, identity ----

// The target shape known only in part (given by a tensor): an unknown target
// dimension is the input's where that is known and not 1 (it must match).
Shape broadcast_to_partial(const OpDef& op, const Shape& s, const std::vector<int64_t>& target) {
  Dims out;
  const auto lead = static_cast<int64_t>(target.size()) - s.rank();
  if (s.has_known_rank() && lead < 0) {
    shape_error(op, "cannot broadcast a tensor of shape " + s.to_string() + " to a shape of rank " +
                        std::to_string(target.size()) + ": the target has fewer dimensions.");
  }
  for (size_t i = 0; i < target.size(); ++i) {
    int64_t t = target[i];
    if (t < 0 && is_known(t)) {
      shape_error(op, "shape has the negative dimension " + std::to_string(t) +
                          "; every dimension must be a size (>= 0).");
    }
    const auto k = static_cast<int64_t>(i) - lead;
    int64_t d = s.has_known_rank() && k >= 0 ? s.dims()[static_cast<size_t>(k)] : kUnknownDim;
    out.push_back(is_known(t) ? t : (d != 1 ? d : kUnknownDim));
  }
  return Shape(std::move(out));
}

Specs infer_broadcast_to(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const auto& target = attr<std::vector<int64_t>>(attrs, 0);
  const Shape& s = in[0].shape;
  if (is_unknown_length(target)) return {{in[0].dtype, Shape::unknown_rank()}};
  if (!all_known(target)) return {{in[0].dtype, broadcast_to_partial(op, s, target)}};
  for (int64_t d : target) {
    if (d < 0) {
      shape_error(op, "shape " + list_text(target) + " has the negative dimension " +
                          std::to_string(d) + "; every dimension must be a size (>= 0).");
    }
  }
  Shape out(Dims(target.begin(), target.end()));
  if (!out.try_num_elements()) {
    shape_error(op, "shape " + list_text(target) + " has more elements than fit in 64 bits.");
  }
  if (!s.has_known_rank()) return {{in[0].dtype, out}};
  auto fail = [&](const std::string& why) {
    shape_error(op, "cannot broadcast a tensor of shape " + s.to_string() + " to shape " +
                        out.to_string() + ": " + why);
  };
  if (s.rank() > out.rank()) {
    fail("the target has fewer dimensions. Give a shape of rank >= " + std::to_string(s.rank()) + ".");
  }
  size_t lead = static_cast<size_t>(out.rank() - s.rank());
  for (size_t i = 0; i < s.dims().size(); ++i) {
    int64_t d = s.dims()[i], t = target[lead + i];
    if (d != 1 && d != t && d != kUnknownDim) {
      fail("axis " + std::to_string(i) + " has size " + std::to_string(d) + ", which is neither 1 nor " +
           std::to_string(t) + ". Each dimension must be 1 or equal to the target's.");
    }
  }
  return {{in[0].dtype, out}};
}

Arrays broadcast_to_kernel(const OpDef&, std::span<const Array> in, const Attrs&,
                           std::span<const TensorSpec> out) {
  const Array& a = in[0];
  const Dims& target = out[0].shape.dims();
  Strides strides(target.size(), 0);
  size_t lead = target.size() - a.dims().size();
  for (size_t i = 0; i < a.dims().size(); ++i) {
    if (a.dims()[i] == target[lead + i]) strides[lead + i] = a.strides()[i];
  }
  return {Array::view_of(a.buffer(), a.dtype(), out[0].shape, std::move(strides), a.offset())};
}

Specs infer_identity(const OpDef&, std::span<const TensorSpec> in, const Attrs&) { return {in[0]}; }

Arrays identity_kernel(const OpDef&, std::span<const Array> in, const Attrs&,
                       std::span<const TensorSpec>) {
  return {in[0]};
}

// ---- ensure_shape: identity that checks the shape when it runs ----

Specs infer_ensure_shape(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const Shape& want = attr<Shape>(attrs, 0);
  const Shape& s = in[0].shape;
  if (!s.is_compatible_with(want)) {
    shape_error(op, "the tensor has shape " + s.to_string() + ", which is not compatible with the "
                    "expected shape " + want.to_string() + ".");
  }
  if (!want.has_known_rank()) return {in[0]};
  if (!s.has_known_rank()) return {{in[0].dtype, want}};
  Dims merged = s.dims();
  for (size_t i = 0; i < merged.size(); ++i) {
    if (merged[i] == kUnknownDim) merged[i] = want.dims()[i];
  }
  return {{in[0].dtype, Shape(std::move(merged))}};
}

Arrays ensure_shape_kernel(const OpDef&, std::span<const Array> in, const Attrs&,
                           std::span<const TensorSpec>) {
  return {in[0]};  // inference compared the value's shape with the expected one
}

// ---- shape, size, rank ----

DType index_type(const OpDef& op, const Attrs& attrs) {
  DType t = attr<DType>(attrs, 0);
  if (t != int32 && t != int64) {
    throw TypeError("[" + std::string(op.name) + "] out_type must be int32 or int64, got " +
                    std::string(t.name()) + ".");
  }
  return t;
}

Specs infer_shape(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  return {{index_type(op, attrs), Shape{in[0].shape.rank()}}};  // rank -1: unknown length
}

Specs infer_size(const OpDef& op, std::span<const TensorSpec>, const Attrs& attrs) {
  return {{index_type(op, attrs), Shape{}}};
}

Specs infer_rank(const OpDef&, std::span<const TensorSpec>, const Attrs&) {
  return {{int32, Shape{}}};
}

// Writes `values` into a fresh int32/int64 array of `spec`; int32 that
// cannot hold a value is an error, not a wrap.
Array index_array(const OpDef& op, const TensorSpec& spec, const Dims& values) {
  Array out = Array::empty(spec.dtype, spec.shape);
  for (size_t i = 0; i < values.size(); ++i) {
    if (spec.dtype == int32) {
      if (values[i] > std::numeric_limits<int32_t>::max()) {
        shape_error(op, "the value " + std::to_string(values[i]) +
                            " does not fit in int32; pass out_type=int64.");
      }
      static_cast<int32_t*>(out.mutable_data())[i] = static_cast<int32_t>(values[i]);
    } else {
      static_cast<int64_t*>(out.mutable_data())[i] = values[i];
    }
  }
  return out;
}

Arrays shape_kernel(const OpDef& op, std::span<const Array> in, const Attrs&,
                    std::span<const TensorSpec> out) {
  return {index_array(op, out[0], in[0].dims())};
}

Arrays size_kernel(const OpDef& op, std::span<const Array> in, const Attrs&,
                   std::span<const TensorSpec> out) {
  return {index_array(op, out[0], Dims{in[0].size()})};
}

Arrays rank_kernel(const OpDef& op, std::span<const Array> in, const Attrs&,
                   std::span<const TensorSpec> out) {
  return {index_array(op, out[0], Dims{in[0].ndim()})};
}

}  // namespace

void register_shape_ops(Registry& r) {
  using A = AttrType;
  r.add({.name = "reshape", .min_inputs = 1, .max_inputs = 1, .attrs = {{"shape", A::kIntList, 1}},
         .infer = infer_reshape, .cpu = reshape_kernel});
  r.add({.name = "transpose", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"perm", A::kIntList, 1}, {"conjugate", A::kBool}},
         .infer = infer_transpose, .cpu = transpose_kernel});
  r.add({.name = "expand_dims", .min_inputs = 1, .max_inputs = 1, .attrs = {{"axis", A::kInt, 0}},
         .infer = infer_expand_dims, .cpu = expand_dims_kernel});
  r.add({.name = "squeeze", .min_inputs = 1, .max_inputs = 1, .attrs = {{"axis", A::kIntList}},
         .infer = infer_squeeze, .cpu = squeeze_kernel});
  r.add({.name = "broadcast_to", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"shape", A::kIntList, 1}}, .infer = infer_broadcast_to, .cpu = broadcast_to_kernel});
  r.add({.name = "identity", .min_inputs = 1, .max_inputs = 1, .infer = infer_identity,
         .cpu = identity_kernel, .moves_inputs = 1});
  // identity for values; a gradient stops here (a node of its own type, as TF's).
  r.add({.name = "stop_gradient", .min_inputs = 1, .max_inputs = 1, .infer = infer_identity,
         .cpu = identity_kernel, .moves_inputs = 1});
  r.add({.name = "ensure_shape", .min_inputs = 1, .max_inputs = 1, .attrs = {{"shape", A::kShape}},
         .infer = infer_ensure_shape, .cpu = ensure_shape_kernel, .moves_inputs = 1});
  r.add({.name = "shape", .min_inputs = 1, .max_inputs = 1, .attrs = {{"out_type", A::kDType}},
         .traits = kShapeOnly, .infer = infer_shape, .cpu = shape_kernel});
  r.add({.name = "size", .min_inputs = 1, .max_inputs = 1, .attrs = {{"out_type", A::kDType}},
         .traits = kShapeOnly, .infer = infer_size, .cpu = size_kernel});
  r.add({.name = "rank", .min_inputs = 1, .max_inputs = 1, .traits = kShapeOnly,
         .infer = infer_rank, .cpu = rank_kernel});
  register_slice_ops(r);
  register_concat_ops(r);
}

}  // namespace kiln
