// Counting and searching: unique, unique_with_counts, bincount,
// histogram_fixed_width, lower_bound and upper_bound (tf.searchsorted).
// unique's and bincount's output lengths depend on the values: inference
// gives them as unknown dimensions, as for boolean_mask.
#include <string>

#include "kernels/cpu/search.h"
#include "ops/registry.h"

namespace kiln {
namespace {

std::string prefix(const OpDef& op) { return "[" + std::string(op.name) + "] "; }

void check_index_out(const OpDef& op, const char* what, DType d) {
  if (d != int32 && d != int64) {
    throw InvalidArgumentError(prefix(op) + what + " must be int32 or int64, got " + std::string(d.name()) + ".");
  }
}

// int32, int64, float32 or float64: the dtypes of TF's counting kernels.
bool countable(DType d) { return d == int32 || d == int64 || d == float32 || d == float64; }

// ---- unique, unique_with_counts: attribute out_idx ----

Specs infer_unique(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const DType idx = attr<DType>(attrs, 0);
  check_index_out(op, "out_idx", idx);
  const Shape& x = in[0].shape;
  if (x.has_known_rank() && x.rank() != 1) {
    throw InvalidArgumentError(prefix(op) + "unique expects a 1D vector, got shape " + x.to_string() +
                               "; flatten it first, e.g. kiln.reshape(x, [-1]).");
  }
  const int64_t n = x.has_known_rank() ? x.dims()[0] : kUnknownDim;
  Specs out = {{in[0].dtype, Shape{kUnknownDim}}, {idx, Shape{n}}};
  if (op.code == 1) out.push_back({idx, Shape{kUnknownDim}});
  return out;
}

Arrays unique_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs, std::span<const TensorSpec>) {
  return cpu::unique(in[0], attr<DType>(attrs, 0), op.code == 1);
}

// ---- bincount: inputs arr, weights (optional); attributes minlength,
// maxlength (-1: none), dtype, binary_output, axis (0: all values; -1: per row);
// minlength and maxlength may be tensors (TF takes them as tensors) ----

Specs infer_bincount(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const TensorSpec& arr = in[0];
  if (arr.dtype != int32 && arr.dtype != int64) {
    throw InvalidArgumentError(prefix(op) + "arr must be int32 or int64, got " + std::string(arr.dtype.name()) +
                               "; cast it first, e.g. kiln.cast(arr, kiln.int32).");
  }
  const DType dtype = in.size() > 1 ? in[1].dtype : attr<DType>(attrs, 2);
  if (!countable(dtype)) {
    throw InvalidArgumentError(prefix(op) + (in.size() > 1 ? "weights" : "dtype") + " must be int32, int64, "
                               "float32 or float64, got " + std::string(dtype.name()) + ".");
  }
  const int64_t maxlength = attr<int64_t>(attrs, 1);  // -1: no cap (a tensor's value: known at run time)
  if (is_known(maxlength) && maxlength < -1) {
    throw InvalidArgumentError(prefix(op) + "maxlength must be non-negative, got " + std::to_string(maxlength) + ".");
  }
  const bool rows = attr<int64_t>(attrs, 4) == -1;
  if (rows && arr.shape.has_known_rank() && arr.shape.rank() != 2) {
    throw InvalidArgumentError(prefix(op) + "axis=-1 counts each row of a matrix; arr has shape " +
                               arr.shape.to_string() + ". Reshape it to 2-D, or use axis=0.");
  }
  if (in.size() > 1 && in[1].shape.has_known_rank() && arr.shape.has_known_rank()) {
    const Shape& w = in[1].shape;
    const bool empty = w.rank() == 1 && w.dims()[0] == 0;
    bool same = w.rank() == arr.shape.rank();
    for (int64_t i = 0; same && i < w.rank(); ++i) {
      const int64_t a = w.dims()[static_cast<size_t>(i)], b = arr.shape.dims()[static_cast<size_t>(i)];
      same = a == kUnknownDim || b == kUnknownDim || a == b;
    }
    if (!same && !empty) {
      throw InvalidArgumentError(prefix(op) + "weights of shape " + w.to_string() + " must have the shape of arr (" +
                                 arr.shape.to_string() + ") or length 0 (all weights 1).");
    }
  }
  if (rows) {
    const int64_t n = arr.shape.has_known_rank() ? arr.shape.dims()[0] : kUnknownDim;
    return {{dtype, Shape{n, kUnknownDim}}};
  }
  return {{dtype, Shape{kUnknownDim}}};  // max(arr) + 1, known from the data only
}

Arrays bincount_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                       std::span<const TensorSpec>) {
  return {cpu::bincount(op.name, in[0], in.size() > 1 ? &in[1] : nullptr, attr<int64_t>(attrs, 0),
                        attr<int64_t>(attrs, 1), attr<DType>(attrs, 2), attr<bool>(attrs, 3),
                        attr<int64_t>(attrs, 4) == -1)};
}

// ---- histogram_fixed_width: inputs values, value_range; attributes nbins, dtype ----

Specs infer_histogram(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  if (!countable(in[0].dtype)) {
    throw InvalidArgumentError(prefix(op) + "values must be int32, int64, float32 or float64, got " +
                               std::string(in[0].dtype.name()) + ".");
  }
  if (in[1].dtype != in[0].dtype) {
    throw InvalidArgumentError(prefix(op) + "value_range is " + std::string(in[1].dtype.name()) + " but values is " +
                               std::string(in[0].dtype.name()) + "; give both one dtype.");
  }
  const Shape& r = in[1].shape;
  if (r.has_known_rank() && (r.rank() != 1 || (r.dims()[0] != kUnknownDim && r.dims()[0] != 2))) {
    throw InvalidArgumentError(prefix(op) + "value_range should be a vector of 2 elements, got shape " +
                               r.to_string() + ".");
  }
  check_index_out(op, "dtype", attr<DType>(attrs, 1));
  int64_t nbins = attr<int64_t>(attrs, 0);
  if (!is_known(nbins)) {
    nbins = kUnknownDim;
  } else if (nbins <= 0) {
    throw InvalidArgumentError(prefix(op) + "nbins should be a positive number, got " + std::to_string(nbins) + ".");
  }
  return {{attr<DType>(attrs, 1), Shape{nbins}}};
}

Arrays histogram_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                        std::span<const TensorSpec>) {
  return {cpu::histogram_fixed_width(op.name, in[0], in[1], attr<int64_t>(attrs, 0), attr<DType>(attrs, 1))};
}

// ---- lower_bound, upper_bound: inputs sorted_sequence, values; attribute out_type ----

Specs infer_bound(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const DType d = in[0].dtype;
  if (d.is_bool() || d.is_complex()) {
    throw InvalidArgumentError(prefix(op) + "sorted_sequence of dtype " + std::string(d.name()) +
                               " has no order to search; use an integer or float dtype.");
  }
  if (in[1].dtype != d) {
    throw InvalidArgumentError(prefix(op) + "values is " + std::string(in[1].dtype.name()) +
                               " but sorted_sequence is " + std::string(d.name()) + "; give both one dtype.");
  }
  check_index_out(op, "out_type", attr<DType>(attrs, 0));
  for (int i = 0; i < 2; ++i) {
    if (in[i].shape.has_known_rank() && in[i].shape.rank() == 0) {
      throw InvalidArgumentError(prefix(op) + (i == 0 ? "sorted_sequence" : "values") +
                                 " must be at least 1-D (its last axis is searched), got a scalar; use [x].");
    }
  }
  return {{attr<DType>(attrs, 0), in[1].shape}};
}

Arrays bound_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs, std::span<const TensorSpec>) {
  return {cpu::searchsorted(op.name, in[0], in[1], op.code == 1, attr<DType>(attrs, 0))};
}

}  // namespace

void register_search_ops(Registry& r) {
  r.add({.name = "unique", .min_inputs = 1, .max_inputs = 1, .attrs = {{"out_idx", AttrType::kDType}},
         .infer = infer_unique, .cpu = unique_kernel, .code = 0, .python = {.namespaces = kPyTop}});
  r.add({.name = "unique_with_counts", .min_inputs = 1, .max_inputs = 1, .attrs = {{"out_idx", AttrType::kDType}},
         .infer = infer_unique, .cpu = unique_kernel, .code = 1, .python = {.namespaces = kPyTop}});
  r.add({.name = "bincount", .min_inputs = 1, .max_inputs = 2,
         .attrs = {{"minlength", AttrType::kInt, 0}, {"maxlength", AttrType::kInt, 0}, {"dtype", AttrType::kDType},
                   {"binary_output", AttrType::kBool}, {"axis", AttrType::kInt}},
         .infer = infer_bincount, .cpu = bincount_kernel, .graph_type = "DenseBincount",
         .python = {.namespaces = kPyMath}});
  r.add({.name = "histogram_fixed_width", .min_inputs = 2, .max_inputs = 2,
         .attrs = {{"nbins", AttrType::kInt, 0}, {"dtype", AttrType::kDType}},
         .infer = infer_histogram, .cpu = histogram_kernel, .python = {.namespaces = kPyTop}});
  // Both are kiln.searchsorted, by its side argument.
  r.add({.name = "lower_bound", .min_inputs = 2, .max_inputs = 2, .attrs = {{"out_type", AttrType::kDType}},
         .infer = infer_bound, .cpu = bound_kernel, .code = 0,
         .python = {.namespaces = kPyTop, .name = "searchsorted"}});
  r.add({.name = "upper_bound", .min_inputs = 2, .max_inputs = 2, .attrs = {{"out_type", AttrType::kDType}},
         .infer = infer_bound, .cpu = bound_kernel, .code = 1,
         .python = {.namespaces = kPyTop, .name = "searchsorted"}});
}

}  // namespace kiln
