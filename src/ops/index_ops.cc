// The index ops: gather, gather_nd, scatter_nd, tensor_scatter_nd_update,
// boolean_mask, where_indices, one_hot, sequence_mask. Inference checks
// dtypes, shapes and axes (on partially known shapes, for graphs); index
// values are checked by the kernels, before anything is read through them.
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>

#include "kernels/cpu/gather.h"
#include "ops/axis.h"
#include "ops/registry.h"

namespace kiln {
namespace {

std::string prefix(const OpDef& op) { return "[" + std::string(op.name) + "] "; }
bool known_rank(const TensorSpec& s) { return s.shape.has_known_rank(); }
int64_t dim(const TensorSpec& s, int64_t i) { return s.shape.dims()[static_cast<size_t>(i)]; }

// Index tensors hold integers; uint64 is refused because its large values
// have no int64 form to report or compare.
void check_index_dtype(const OpDef& op, const char* what, DType d) {
  if (!d.is_integer() || d == uint64) {
    throw InvalidArgumentError(prefix(op) + what + " must be an integer tensor (int32 or int64), got " +
                               std::string(d.name()) + "; cast it first, e.g. kiln.cast(" + what +
                               ", kiln.int64).");
  }
}

// The one size two shapes must agree on; an unknown size takes the other.
int64_t merge_dim(const OpDef& op, int64_t a, int64_t b, const std::string& a_name,
                  const std::string& b_name, const std::string& why) {
  if (a != kUnknownDim && b != kUnknownDim && a != b) {
    throw InvalidArgumentError(prefix(op) + a_name + " = " + std::to_string(a) + " does not match " +
                               b_name + " = " + std::to_string(b) + "; " + why);
  }
  return a == kUnknownDim ? b : a;
}

// ---- gather ----

struct GatherAxes {
  int64_t axis, batch_dims;
};

GatherAxes gather_axes(const OpDef& op, const Attrs& attrs, int64_t params_rank, int64_t indices_rank) {
  int64_t bd = attr<int64_t>(attrs, 1);
  const int64_t given = bd;
  if (bd < 0) bd += indices_rank;  // counts from the indices' rank, as TF
  if (bd < 0 || bd > indices_rank) {
    throw InvalidArgumentError(prefix(op) + "batch_dims " + std::to_string(given) +
                               " is out of range for indices of rank " + std::to_string(indices_rank) +
                               "; use a value in [" + std::to_string(-indices_rank) + ", " +
                               std::to_string(indices_rank) + "].");
  }
  if (params_rank == 0) {
    throw InvalidArgumentError(prefix(op) + "params must be at least 1-dimensional, got a scalar; "
                               "gather selects slices along an axis of params.");
  }
  if (bd >= params_rank) {
    throw InvalidArgumentError(prefix(op) + "batch_dims (" + std::to_string(bd) +
                               ") must be less than the rank of params (" + std::to_string(params_rank) +
                               "): params needs an axis to gather along after the batch axes.");
  }
  int64_t axis = normalize_axis(op, attr<int64_t>(attrs, 0), params_rank);
  if (axis < bd) {
    throw InvalidArgumentError(prefix(op) + "axis " + std::to_string(axis) + " is a batch axis (batch_dims = " +
                               std::to_string(bd) + "); gather along an axis >= batch_dims.");
  }
  return {axis, bd};
}

Specs infer_gather(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  check_index_dtype(op, "indices", in[1].dtype);
  if (!known_rank(in[0]) || !known_rank(in[1])) return {{in[0].dtype, Shape::unknown_rank()}};
  if (!is_known(attr<int64_t>(attrs, 0))) {  // an axis known only when the graph runs (TF: the rank)
    int64_t bd = attr<int64_t>(attrs, 1);
    if (bd < 0) bd += in[1].shape.rank();
    const int64_t rank = in[0].shape.rank() + in[1].shape.rank() - 1 - bd;
    if (rank < 0 || bd < 0) return {{in[0].dtype, Shape::unknown_rank()}};
    return {{in[0].dtype, Shape(Dims(static_cast<size_t>(rank), kUnknownDim))}};
  }
  auto [axis, bd] = gather_axes(op, attrs, in[0].shape.rank(), in[1].shape.rank());
  Dims out;
  for (int64_t i = 0; i < bd; ++i) {
    out.push_back(merge_dim(op, dim(in[0], i), dim(in[1], i), "params.shape[" + std::to_string(i) + "]",
                            "indices.shape[" + std::to_string(i) + "]",
                            "the first batch_dims axes of params and indices must be equal."));
  }
  for (int64_t i = bd; i < axis; ++i) out.push_back(dim(in[0], i));
  for (int64_t i = bd; i < in[1].shape.rank(); ++i) out.push_back(dim(in[1], i));
  for (int64_t i = axis + 1; i < in[0].shape.rank(); ++i) out.push_back(dim(in[0], i));
  return {{in[0].dtype, Shape(out)}};
}

Arrays gather_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                     std::span<const TensorSpec> out) {
  auto [axis, bd] = gather_axes(op, attrs, in[0].ndim(), in[1].ndim());
  return {cpu::gather(op.name, in[0], in[1], axis, bd, out[0])};
}

// ---- gather_nd ----

Specs infer_gather_nd(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  check_index_dtype(op, "indices", in[1].dtype);
  const int64_t bd = attr<int64_t>(attrs, 0);
  if (!known_rank(in[0]) || !known_rank(in[1])) return {{in[0].dtype, Shape::unknown_rank()}};
  const int64_t pr = in[0].shape.rank(), ir = in[1].shape.rank();
  if (ir == 0) {
    throw InvalidArgumentError(prefix(op) + "indices must be at least 1-dimensional (its last axis holds "
                               "index tuples), got a scalar; for one index, use [[i]] or kiln.gather.");
  }
  if (bd < 0 || bd >= ir || bd > pr) {
    throw InvalidArgumentError(prefix(op) + "batch_dims " + std::to_string(bd) + " is out of range for indices of "
                               "rank " + std::to_string(ir) + " and params of rank " + std::to_string(pr) +
                               "; use a value in [0, " + std::to_string(std::min(ir - 1, pr)) + "].");
  }
  const int64_t m = dim(in[1], ir - 1);
  if (m == kUnknownDim) return {{in[0].dtype, Shape::unknown_rank()}};
  if (bd + m > pr) {
    throw InvalidArgumentError(prefix(op) + "index tuples have length " + std::to_string(m) +
                               " (indices.shape[-1]) but params of shape " + in[0].shape.to_string() +
                               " has only " + std::to_string(pr - bd) + " axes after " + std::to_string(bd) +
                               " batch axes; the tuple length must be <= the params rank - batch_dims.");
  }
  Dims out;
  for (int64_t i = 0; i < bd; ++i) {
    out.push_back(merge_dim(op, dim(in[0], i), dim(in[1], i), "params.shape[" + std::to_string(i) + "]",
                            "indices.shape[" + std::to_string(i) + "]",
                            "the first batch_dims axes of params and indices must be equal."));
  }
  for (int64_t i = bd; i < ir - 1; ++i) out.push_back(dim(in[1], i));
  for (int64_t i = bd + m; i < pr; ++i) out.push_back(dim(in[0], i));
  return {{in[0].dtype, Shape(out)}};
}

Arrays gather_nd_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                        std::span<const TensorSpec> out) {
  return {cpu::gather_nd(op.name, in[0], in[1], attr<int64_t>(attrs, 0), out[0])};
}

// ---- scatter_nd, tensor_scatter_nd_update ----

// updates must have shape indices.shape[:-1] + shape[indices.shape[-1]:].
void check_scatter_shapes(const OpDef& op, const TensorSpec& indices, const TensorSpec& updates,
                          const Shape& shape, const char* shape_name) {
  check_index_dtype(op, "indices", indices.dtype);
  if (!indices.shape.has_known_rank() || !shape.has_known_rank()) return;
  const int64_t ir = indices.shape.rank();
  if (ir == 0) {
    throw InvalidArgumentError(prefix(op) + "indices must be at least 1-dimensional (its last axis holds "
                               "index tuples), got a scalar; for one index, use [[i]].");
  }
  const int64_t m = dim(indices, ir - 1);
  if (m == kUnknownDim) return;
  if (m > shape.rank()) {
    throw InvalidArgumentError(prefix(op) + "index tuples have length " + std::to_string(m) +
                               " (indices.shape[-1]) but " + shape_name + " " + shape.to_string() +
                               " has rank " + std::to_string(shape.rank()) + "; the tuple length must be <= that rank.");
  }
  Dims expected(indices.shape.dims().begin(), indices.shape.dims().end() - 1);
  expected.insert(expected.end(), shape.dims().begin() + m, shape.dims().end());
  const std::string want = Shape(expected).to_string();
  const std::string rule = "updates must have shape indices.shape[:-1] + " + std::string(shape_name) +
                           "[indices.shape[-1]:] = " + want + ".";
  if (!updates.shape.has_known_rank()) return;
  if (updates.shape.rank() != static_cast<int64_t>(expected.size())) {
    throw InvalidArgumentError(prefix(op) + "updates has shape " + updates.shape.to_string() + "; " + rule);
  }
  for (size_t i = 0; i < expected.size(); ++i) {
    int64_t u = updates.shape.dims()[i];
    if (u != kUnknownDim && expected[i] != kUnknownDim && u != expected[i]) {
      throw InvalidArgumentError(prefix(op) + "updates has shape " + updates.shape.to_string() + "; " + rule);
    }
  }
}

Specs infer_scatter_nd(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const Shape& shape = attr<Shape>(attrs, 0);
  check_scatter_shapes(op, in[0], in[1], shape, "shape");
  return {{in[1].dtype, shape}};
}

Arrays scatter_nd_kernel(const OpDef& op, std::span<const Array> in, const Attrs&,
                         std::span<const TensorSpec> out) {
  if (!out[0].shape.is_fully_defined()) {
    throw InvalidArgumentError(prefix(op) + "shape " + out[0].shape.to_string() +
                               " must be fully known to compute a value; give every dimension.");
  }
  Array result = Array::empty(out[0].dtype, out[0].shape);
  std::memset(result.mutable_data(), 0, static_cast<size_t>(result.nbytes()));  // 0 of every dtype
  cpu::scatter_nd_into(op.name, result, in[0], in[1], /*accumulate_duplicates=*/true, "the output");
  return {std::move(result)};
}

Specs infer_tensor_scatter(const OpDef& op, std::span<const TensorSpec> in, const Attrs&) {
  if (in[0].dtype != in[2].dtype) {
    throw InvalidArgumentError(prefix(op) + "tensor is " + std::string(in[0].dtype.name()) + " but updates is " +
                               std::string(in[2].dtype.name()) + "; they must have one dtype. Cast updates "
                               "first, e.g. kiln.cast(updates, kiln." + std::string(in[0].dtype.name()) + ").");
  }
  check_scatter_shapes(op, in[1], in[2], in[0].shape, "tensor.shape");
  return {in[0]};
}

Arrays tensor_scatter_kernel(const OpDef& op, std::span<const Array> in, const Attrs&,
                             std::span<const TensorSpec>) {
  Array result = in[0].copy();  // tensors are immutable: update a copy
  cpu::scatter_nd_into(op.name, result, in[1], in[2], /*accumulate_duplicates=*/false, "tensor");
  return {std::move(result)};
}

// ---- boolean_mask, where_indices ----

Specs infer_boolean_mask(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const TensorSpec& t = in[0];
  const TensorSpec& mask = in[1];
  if (!known_rank(t) || !known_rank(mask)) return {{t.dtype, Shape::unknown_rank()}};
  const int64_t k = mask.shape.rank(), r = t.shape.rank();
  if (k == 0) {
    throw ValueError(prefix(op) + "mask cannot be a scalar; give one mask value per element of the "
                     "masked axes of tensor (shape " + t.shape.to_string() + ").");
  }
  const int64_t axis = r == 0 ? attr<int64_t>(attrs, 0) : normalize_axis(op, attr<int64_t>(attrs, 0), r);
  if (axis < 0 || axis + k > r) {
    throw ValueError(prefix(op) + "a mask of rank " + std::to_string(k) + " at axis " + std::to_string(axis) +
                     " needs a tensor of rank >= " + std::to_string(std::max<int64_t>(axis, 0) + k) +
                     ", got shape " + t.shape.to_string() + ".");
  }
  for (int64_t i = 0; i < k; ++i) {
    int64_t a = dim(t, axis + i), b = dim(mask, i);
    if (a != kUnknownDim && b != kUnknownDim && a != b) {
      Dims part(t.shape.dims().begin() + axis, t.shape.dims().begin() + axis + k);
      throw ValueError(prefix(op) + "mask shape " + mask.shape.to_string() + " is incompatible with tensor.shape[" +
                       std::to_string(axis) + ":" + std::to_string(axis + k) + "] = " + Shape(part).to_string() +
                       "; the mask must have the shape of the axes it masks.");
    }
  }
  Dims out(t.shape.dims().begin(), t.shape.dims().begin() + axis);
  out.push_back(kUnknownDim);  // the number of true values: known only from the data
  out.insert(out.end(), t.shape.dims().begin() + axis + k, t.shape.dims().end());
  return {{t.dtype, Shape(out)}};
}

Arrays boolean_mask_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                           std::span<const TensorSpec>) {
  return {cpu::boolean_mask(in[0], in[1], normalize_axis(op, attr<int64_t>(attrs, 0), in[0].ndim()))};
}

Specs infer_where_indices(const OpDef&, std::span<const TensorSpec> in, const Attrs&) {
  return {{int64, Shape{kUnknownDim, known_rank(in[0]) ? in[0].shape.rank() : kUnknownDim}}};
}

Arrays where_indices_kernel(const OpDef&, std::span<const Array> in, const Attrs&, std::span<const TensorSpec>) {
  return {cpu::where_indices(in[0])};
}

// ---- one_hot, sequence_mask ----

Specs infer_one_hot(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  check_index_dtype(op, "indices", in[0].dtype);
  if (in[1].dtype != in[2].dtype) {
    throw TypeError(prefix(op) + "on_value is " + std::string(in[1].dtype.name()) + " but off_value is " +
                    std::string(in[2].dtype.name()) + "; give both (or dtype=) of one dtype.");
  }
  for (int i = 1; i <= 2; ++i) {
    if (in[i].shape.has_known_rank() && in[i].shape.rank() != 0) {
      throw InvalidArgumentError(prefix(op) + (i == 1 ? "on_value" : "off_value") + " must be a scalar, got shape " +
                                 in[i].shape.to_string() + ".");
    }
  }
  const int64_t axis = attr<int64_t>(attrs, 1);
  int64_t depth = attr<int64_t>(attrs, 0);
  if (!is_known(depth)) {
    depth = kUnknownDim;  // known only when the graph runs
  } else if (depth < 0) {
    throw InvalidArgumentError(prefix(op) + "depth must be non-negative, got " + std::to_string(depth) + ".");
  }
  if (!known_rank(in[0])) return {{in[1].dtype, Shape::unknown_rank()}};
  const int64_t r = in[0].shape.rank();
  if (axis < -1 || axis > r) {
    throw InvalidArgumentError(prefix(op) + "axis " + std::to_string(axis) + " is out of range for indices of shape " +
                               in[0].shape.to_string() + "; use -1 (the new last axis) or an axis in [0, " +
                               std::to_string(r + 1) + ").");
  }
  Dims out = in[0].shape.dims();
  out.insert(out.begin() + (axis == -1 ? r : axis), depth);
  return {{in[1].dtype, Shape(out)}};
}

Arrays one_hot_kernel(const OpDef&, std::span<const Array> in, const Attrs& attrs, std::span<const TensorSpec> out) {
  int64_t axis = attr<int64_t>(attrs, 1);
  return {cpu::one_hot(in[0], in[1], in[2], attr<int64_t>(attrs, 0), axis == -1 ? in[0].ndim() : axis, out[0])};
}

Specs infer_sequence_mask(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  DType d = in[0].dtype;
  if (!(d.is_integer() || d.is_floating())) {
    throw InvalidArgumentError(prefix(op) + "lengths must be an integer or float tensor, got " +
                               std::string(d.name()) + "; cast it first, e.g. kiln.cast(lengths, kiln.int32).");
  }
  int64_t maxlen = attr<int64_t>(attrs, 0);
  if (!is_known(maxlen)) {
    maxlen = -1;  // known only when the graph runs: the dimension is unknown
  } else if (maxlen < -1) {
    throw InvalidArgumentError(prefix(op) + "maxlen must be non-negative, got " + std::to_string(maxlen) + ".");
  }
  const DType dtype = attr<DType>(attrs, 1);
  if (!known_rank(in[0])) return {{dtype, Shape::unknown_rank()}};
  Dims out = in[0].shape.dims();
  out.push_back(maxlen == -1 ? kUnknownDim : maxlen);  // -1: the longest length, from the data
  return {{dtype, Shape(out)}};
}

Arrays sequence_mask_kernel(const OpDef&, std::span<const Array> in, const Attrs& attrs, std::span<const TensorSpec>) {
  return {cpu::sequence_mask(in[0], attr<int64_t>(attrs, 0), attr<DType>(attrs, 1))};
}

}  // namespace

void register_index_ops(Registry& r) {
  r.add({.name = "gather", .min_inputs = 2, .max_inputs = 2,
         .attrs = {{"axis", AttrType::kInt, 0}, {"batch_dims", AttrType::kInt}},
         .infer = infer_gather, .cpu = gather_kernel});
  r.add({.name = "gather_nd", .min_inputs = 2, .max_inputs = 2, .attrs = {{"batch_dims", AttrType::kInt}},
         .infer = infer_gather_nd, .cpu = gather_nd_kernel});
  r.add({.name = "scatter_nd", .min_inputs = 2, .max_inputs = 2, .attrs = {{"shape", AttrType::kShape}},
         .infer = infer_scatter_nd, .cpu = scatter_nd_kernel});
  r.add({.name = "tensor_scatter_nd_update", .min_inputs = 3, .max_inputs = 3,
         .infer = infer_tensor_scatter, .cpu = tensor_scatter_kernel});
  r.add({.name = "boolean_mask", .min_inputs = 2, .max_inputs = 2, .attrs = {{"axis", AttrType::kInt}},
         .infer = infer_boolean_mask, .cpu = boolean_mask_kernel});
  r.add({.name = "where_indices", .min_inputs = 1, .max_inputs = 1,
         .infer = infer_where_indices, .cpu = where_indices_kernel});
  r.add({.name = "one_hot", .min_inputs = 3, .max_inputs = 3,
         .attrs = {{"depth", AttrType::kInt, 0}, {"axis", AttrType::kInt}},
         .infer = infer_one_hot, .cpu = one_hot_kernel});
  r.add({.name = "sequence_mask", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"maxlen", AttrType::kInt, 0}, {"dtype", AttrType::kDType}},
         .infer = infer_sequence_mask, .cpu = sequence_mask_kernel});
}

}  // namespace kiln
