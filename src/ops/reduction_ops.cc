// The reduction family: reduce_* over axes, argmax/argmin, cumsum/cumprod,
// sort/argsort and top_k. Declarations, shape/dtype inference and the C++
// free functions; the loops are in src/kernels/cpu/reduce*.cc, scan.cc, sort.cc.
#include <climits>
#include <string>
#include <tuple>

#include "kernels/cpu/reduce.h"
#include "ops/axis.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using cpu::ReduceCode;

std::string prefix(const OpDef& op) { return "[" + std::string(op.name) + "] "; }

std::string dtype_name(DType d) { return std::string(d.name()); }

ReduceCode reduce_code(const OpDef& op) { return static_cast<ReduceCode>(op.code); }

// ---- dtype rules ----

// Which dtypes a reduction accepts (as TF) and the dtype it returns.
DType reduce_dtype(const OpDef& op, DType d) {
  auto refuse = [&](const std::string& needs, const std::string& fix) {
    throw InvalidArgumentError(prefix(op) + "does not accept " + dtype_name(d) +
                               " tensors; it needs " + needs + ". " + fix);
  };
  switch (reduce_code(op)) {
    case ReduceCode::kSum:
    case ReduceCode::kMean:
    case ReduceCode::kProd:
      if (d.is_bool()) refuse("a numeric dtype", "Cast first, e.g. kiln.cast(x, kiln.int32).");
      return d;
    case ReduceCode::kMax:
    case ReduceCode::kMin:
      if (d.is_bool()) {
        refuse("a real numeric dtype", "Use kiln.reduce_any / kiln.reduce_all for bool tensors.");
      }
      if (d.is_complex()) refuse("a real numeric dtype", "Reduce kiln.math.abs(x) or kiln.math.real(x).");
      return d;
    case ReduceCode::kAny:
    case ReduceCode::kAll:
      if (!d.is_bool()) refuse("a bool tensor", "Compare first, e.g. kiln.not_equal(x, 0).");
      return d;
    case ReduceCode::kLogSumExp:
      if (!d.is_floating()) refuse("a floating dtype", "Cast first, e.g. kiln.cast(x, kiln.float32).");
      return d;
    case ReduceCode::kVariance:
    case ReduceCode::kStd:
      if (d.is_complex()) return d == complex64 ? float32 : float64;
      if (!d.is_floating()) {
        refuse("a floating or complex dtype", "Cast first, e.g. kiln.cast(x, kiln.float32).");
      }
      return d;
  }
  return d;
}

// Real, orderable dtypes: what argmax, sort and top_k compare.
void check_orderable(const OpDef& op, DType d, bool allow_bool) {
  if (d.is_complex() || (d.is_bool() && !allow_bool)) {
    throw InvalidArgumentError(prefix(op) + "does not accept " + dtype_name(d) +
                               " tensors; it needs a real numeric dtype (integer or floating).");
  }
}

void check_rank_at_least_1(const OpDef& op, const Shape& s) {
  if (s.rank() == 0) {
    throw InvalidArgumentError(prefix(op) + "needs a tensor of rank >= 1, got a scalar (shape ()); "
                               "reshape it first, e.g. kiln.reshape(x, [1]).");
  }
}

// ---- reduce_* ----
// Attributes: axis (int list), keepdims, all_axes. all_axes = true is
// Python's axis=None: every axis, also when the rank is not known yet;
// otherwise `axis` lists the axes, and an empty list reduces nothing (TF).

std::vector<int64_t> reduced_axes(const OpDef& op, int64_t rank, const Attrs& attrs) {
  if (attr<bool>(attrs, 2)) {
    std::vector<int64_t> all(static_cast<size_t>(rank));
    for (int64_t i = 0; i < rank; ++i) all[static_cast<size_t>(i)] = i;
    return all;
  }
  return normalize_axes(op, attr<std::vector<int64_t>>(attrs, 0), rank);
}

Specs infer_reduce(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  DType out = reduce_dtype(op, in[0].dtype);
  const Shape& s = in[0].shape;
  const bool keepdims = attr<bool>(attrs, 1);
  if (!s.has_known_rank()) {
    if (attr<bool>(attrs, 2) && !keepdims) return {{out, Shape{}}};
    return {{out, Shape::unknown_rank()}};
  }
  if (!attr<bool>(attrs, 2) && !all_known(attr<std::vector<int64_t>>(attrs, 0))) {
    // Axes known only when the graph runs (TF): with keepdims the rank stays.
    return {{out, keepdims ? Shape(Dims(s.dims().size(), kUnknownDim)) : Shape::unknown_rank()}};
  }
  std::vector<bool> reduced(s.dims().size(), false);
  for (int64_t a : reduced_axes(op, s.rank(), attrs)) reduced[static_cast<size_t>(a)] = true;
  Dims dims;
  for (size_t d = 0; d < reduced.size(); ++d) {
    if (!reduced[d]) dims.push_back(s.dims()[d]);
    else if (keepdims) dims.push_back(1);
  }
  return {{out, Shape(std::move(dims))}};
}

Arrays reduce_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                     std::span<const TensorSpec> out) {
  Array result = Array::empty(out[0].dtype, out[0].shape);
  cpu::reduce(reduce_code(op), in[0], reduced_axes(op, in[0].ndim(), attrs), result);
  return {std::move(result)};
}

// ---- argmax / argmin: attributes axis, output_type ----

Specs infer_arg(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  check_orderable(op, in[0].dtype, /*allow_bool=*/true);
  DType out = attr<DType>(attrs, 1);
  if (out != int16 && out != uint16 && out != int32 && out != int64) {
    throw InvalidArgumentError(prefix(op) + "output_type must be int16, uint16, int32 or int64, got " +
                               dtype_name(out) + ".");
  }
  const Shape& s = in[0].shape;
  if (!s.has_known_rank()) return {{out, Shape::unknown_rank()}};
  check_rank_at_least_1(op, s);
  if (!is_known(attr<int64_t>(attrs, 0))) {  // an axis known only when the graph runs
    return {{out, Shape(Dims(s.dims().size() - 1, kUnknownDim))}};
  }
  int64_t axis = normalize_axis(op, attr<int64_t>(attrs, 0), s.rank());
  Dims dims = s.dims();
  int64_t n = dims[static_cast<size_t>(axis)];
  dims.erase(dims.begin() + axis);
  Shape result(dims);
  if (n == 0 && result.try_num_elements().value_or(1) != 0) {
    throw InvalidArgumentError(prefix(op) + "Reduction axis " + std::to_string(axis) +
                               " is empty in shape " + s.to_string() +
                               "; there is no element to pick. Reduce over a non-empty axis.");
  }
  int64_t limit = out == int16 ? INT16_MAX : out == uint16 ? UINT16_MAX : out == int32 ? INT32_MAX : INT64_MAX;
  if (n != kUnknownDim && n - 1 > limit) {
    throw InvalidArgumentError(prefix(op) + "axis " + std::to_string(axis) + " of shape " +
                               s.to_string() + " is too long for output_type " + dtype_name(out) +
                               "; use output_type=kiln.int64.");
  }
  return {{out, result}};
}

Arrays arg_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                  std::span<const TensorSpec> out) {
  Array result = Array::empty(out[0].dtype, out[0].shape);
  int64_t axis = normalize_axis(op, attr<int64_t>(attrs, 0), in[0].ndim());
  cpu::arg_reduce(op.code == 1, in[0], axis, result);
  return {std::move(result)};
}

// ---- cumsum / cumprod: attributes axis, exclusive, reverse ----

Specs infer_scan(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  if (in[0].dtype.is_bool()) {
    throw InvalidArgumentError(prefix(op) + "does not accept bool tensors; it needs a numeric "
                               "dtype. Cast first, e.g. kiln.cast(x, kiln.int32).");
  }
  const Shape& s = in[0].shape;
  if (s.has_known_rank()) {
    check_rank_at_least_1(op, s);
    if (is_known(attr<int64_t>(attrs, 0))) normalize_axis(op, attr<int64_t>(attrs, 0), s.rank());
  }
  return {in[0]};
}

Arrays scan_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                   std::span<const TensorSpec> out) {
  Array result = Array::empty(out[0].dtype, out[0].shape);
  int64_t axis = normalize_axis(op, attr<int64_t>(attrs, 0), in[0].ndim());
  cpu::scan(op.code == 1, in[0], axis, attr<bool>(attrs, 1), attr<bool>(attrs, 2), result);
  return {std::move(result)};
}

// ---- sort / argsort: attributes axis, direction (, stable) ----

bool descending(const OpDef& op, const Attrs& attrs) {
  const std::string& d = attr<std::string>(attrs, 1);
  if (d == "ASCENDING") return false;
  if (d == "DESCENDING") return true;
  throw ValueError(prefix(op) + "Argument `direction` should be one of ASCENDING, DESCENDING. "
                   "Received: direction=" + d);
}

Specs infer_sort(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  descending(op, attrs);
  check_orderable(op, in[0].dtype, /*allow_bool=*/false);
  const bool is_argsort = op.code == 1;
  TensorSpec result{is_argsort ? int32 : in[0].dtype, in[0].shape};
  const Shape& s = in[0].shape;
  if (!s.has_known_rank()) return {result};
  check_rank_at_least_1(op, s);
  int64_t axis = normalize_axis(op, attr<int64_t>(attrs, 0), s.rank());
  if (is_argsort && s.dims()[static_cast<size_t>(axis)] > INT32_MAX) {
    throw InvalidArgumentError(prefix(op) + "axis " + std::to_string(axis) + " of shape " +
                               s.to_string() + " has more elements than int32 indices can count.");
  }
  return {result};
}

Arrays sort_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                   std::span<const TensorSpec> out) {
  Array result = Array::empty(out[0].dtype, out[0].shape);
  int64_t axis = normalize_axis(op, attr<int64_t>(attrs, 0), in[0].ndim());
  bool desc = descending(op, attrs);
  if (op.code == 1) cpu::sort(in[0], axis, desc, attr<bool>(attrs, 2), nullptr, &result);
  else cpu::sort(in[0], axis, desc, true, &result, nullptr);
  return {std::move(result)};
}

// ---- top_k: attributes k, sorted, index_type; outputs values, indices ----

Specs infer_top_k(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  check_orderable(op, in[0].dtype, /*allow_bool=*/false);
  int64_t k = attr<int64_t>(attrs, 0);
  DType index_type = attr<DType>(attrs, 2);
  if (index_type != int32 && index_type != int64) {
    throw InvalidArgumentError(prefix(op) + "index_type must be int32 or int64, got " +
                               dtype_name(index_type) + ".");
  }
  if (k < 0 && is_known(k)) {
    throw InvalidArgumentError(prefix(op) + "Need k >= 0, got " + std::to_string(k) + ".");
  }
  if (!is_known(k)) k = kUnknownDim;  // known only when the graph runs
  const Shape& s = in[0].shape;
  if (!s.has_known_rank()) return {{in[0].dtype, s}, {index_type, s}};
  check_rank_at_least_1(op, s);
  Dims dims = s.dims();
  int64_t n = dims.back();
  if (n != kUnknownDim && k != kUnknownDim && n < k) {
    throw InvalidArgumentError(prefix(op) + "input must have at least k columns. Had " +
                               std::to_string(n) + ", needed " + std::to_string(k) + " (shape " +
                               s.to_string() + "); use a smaller k.");
  }
  if (index_type == int32 && n > INT32_MAX) {
    throw InvalidArgumentError(prefix(op) + "the last axis of shape " + s.to_string() +
                               " is too long for int32 indices; use index_type=kiln.int64.");
  }
  dims.back() = k;
  Shape result(dims);
  return {{in[0].dtype, result}, {index_type, result}};
}

Arrays top_k_kernel(const OpDef&, std::span<const Array> in, const Attrs& attrs,
                    std::span<const TensorSpec> out) {
  Array values = Array::empty(out[0].dtype, out[0].shape);
  Array indices = Array::empty(out[1].dtype, out[1].shape);
  cpu::top_k(in[0], attr<int64_t>(attrs, 0), attr<bool>(attrs, 1), values, indices);
  return {std::move(values), std::move(indices)};
}

const std::vector<AttrDef> kReduceAttrs = {
    {"axis", AttrType::kIntList, 1}, {"keepdims", AttrType::kBool}, {"all_axes", AttrType::kBool}};

}  // namespace

void register_reduction_ops(Registry& r) {
  // Graph types as TF's (Sum, not ReduceSum); TF builds the last three from other ops.
  // Python: kiln.X and kiln.math.X, but reduce_variance and reduce_std only kiln.math.X.
  constexpr uint32_t kTopAndMath = kPyTop | kPyMath;
  const std::tuple<std::string_view, ReduceCode, std::string_view, uint32_t> reductions[] = {
      {"reduce_sum", ReduceCode::kSum, "Sum", kTopAndMath},
      {"reduce_mean", ReduceCode::kMean, "Mean", kTopAndMath},
      {"reduce_prod", ReduceCode::kProd, "Prod", kTopAndMath},
      {"reduce_max", ReduceCode::kMax, "Max", kTopAndMath},
      {"reduce_min", ReduceCode::kMin, "Min", kTopAndMath},
      {"reduce_any", ReduceCode::kAny, "Any", kTopAndMath},
      {"reduce_all", ReduceCode::kAll, "All", kTopAndMath},
      {"reduce_logsumexp", ReduceCode::kLogSumExp, "", kTopAndMath},
      {"reduce_variance", ReduceCode::kVariance, "", kPyMath},
      {"reduce_std", ReduceCode::kStd, "", kPyMath}};
  for (const auto& [name, code, graph_type, namespaces] : reductions) {
    r.add({.name = name, .min_inputs = 1, .max_inputs = 1, .attrs = kReduceAttrs,
           .traits = kReduction, .infer = infer_reduce, .cpu = reduce_kernel,
           .code = static_cast<int>(code), .graph_type = graph_type,
           .python = {.namespaces = namespaces}});
  }
  const std::vector<AttrDef> arg_attrs = {{"axis", AttrType::kInt, 0}, {"output_type", AttrType::kDType}};
  r.add({.name = "argmax", .min_inputs = 1, .max_inputs = 1, .attrs = arg_attrs,
         .traits = kReduction, .infer = infer_arg, .cpu = arg_kernel, .code = 1,
         .python = {.namespaces = kTopAndMath}});
  r.add({.name = "argmin", .min_inputs = 1, .max_inputs = 1, .attrs = arg_attrs,
         .traits = kReduction, .infer = infer_arg, .cpu = arg_kernel, .code = 0,
         .python = {.namespaces = kTopAndMath}});
  const std::vector<AttrDef> scan_attrs = {
      {"axis", AttrType::kInt, 0}, {"exclusive", AttrType::kBool}, {"reverse", AttrType::kBool}};
  r.add({.name = "cumsum", .min_inputs = 1, .max_inputs = 1, .attrs = scan_attrs,
         .infer = infer_scan, .cpu = scan_kernel, .code = 0,
         .python = {.namespaces = kTopAndMath}});
  r.add({.name = "cumprod", .min_inputs = 1, .max_inputs = 1, .attrs = scan_attrs,
         .infer = infer_scan, .cpu = scan_kernel, .code = 1, .python = {.namespaces = kPyMath}});
  r.add({.name = "sort", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"axis", AttrType::kInt}, {"direction", AttrType::kString}},
         .infer = infer_sort, .cpu = sort_kernel, .code = 0, .python = {.namespaces = kPyTop}});
  r.add({.name = "argsort", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"axis", AttrType::kInt}, {"direction", AttrType::kString},
                   {"stable", AttrType::kBool}},
         .infer = infer_sort, .cpu = sort_kernel, .code = 1, .python = {.namespaces = kPyTop}});
  r.add({.name = "top_k", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"k", AttrType::kInt, 0}, {"sorted", AttrType::kBool},
                   {"index_type", AttrType::kDType}},
         .infer = infer_top_k, .cpu = top_k_kernel, .python = {.namespaces = kPyMath | kPyNn}});
}

}  // namespace kiln
