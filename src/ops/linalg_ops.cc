// Linear algebra ops: matmul, tensordot, einsum (all reduced to one batched
// matmul kernel), eye, and trace / diag_part (views of the diagonal).
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/broadcast.h"
#include "kernels/cpu/einsum.h"
#include "kernels/cpu/matmul.h"
#include "kernels/cpu/matmul_views.h"
#include "ops/axis.h"
#include "ops/registry.h"

namespace kiln {
namespace {

std::string prefix(const OpDef& op) { return "[" + std::string(op.name) + "] "; }
// "(2, -3)": sizes as given, which may not form a valid Shape.
std::string sizes_text(const std::vector<int64_t>& v) {
  std::string s = "(";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + (v.size() == 1 ? ",)" : ")");
}

// Every input of one dtype (no implicit promotion) and a numeric one.
DType check_numeric_operands(const OpDef& op, std::span<const TensorSpec> in) {
  for (size_t i = 1; i < in.size(); ++i) {
    if (in[i].dtype != in[0].dtype) {
      std::string first(in[0].dtype.name()), other(in[i].dtype.name());
      throw InvalidArgumentError(prefix(op) + "operand 0 is " + first + " but operand " +
                                 std::to_string(i) + " is " + other +
                                 "; kiln does not promote dtypes implicitly. Cast one operand "
                                 "first, e.g. kiln.cast(x, kiln." + first + ").");
    }
  }
  if (!in.empty() && in[0].dtype.is_bool()) {
    throw InvalidArgumentError(prefix(op) + "is not defined for bool tensors; cast them to a "
                               "numeric type first, e.g. kiln.cast(x, kiln.int32).");
  }
  return in.empty() ? float32 : in[0].dtype;
}

// A known rank below 2 is an error: these ops work on matrices.
void check_matrix(const OpDef& op, const char* what, const Shape& s) {
  if (s.has_known_rank() && s.rank() < 2) {
    throw InvalidArgumentError(prefix(op) + what + " must have rank >= 2 (a matrix or a batch "
                               "of matrices), got shape " + s.to_string() +
                               "; reshape a vector to a matrix first, e.g. kiln.reshape(x, "
                               "[1, -1]).");
  }
}

// ---- matmul ----

cpu::MatOp mat_op(bool transpose, bool adjoint) {
  return adjoint ? cpu::MatOp::kAdjoint : transpose ? cpu::MatOp::kTranspose : cpu::MatOp::kNone;
}

Specs infer_matmul(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  DType dtype = check_numeric_operands(op, in);
  bool ta = attr<bool>(attrs, 0), tb = attr<bool>(attrs, 1);
  bool aa = attr<bool>(attrs, 2), ab = attr<bool>(attrs, 3);
  if ((ta && aa) || (tb && ab)) {
    throw ValueError(prefix(op) + "only one of transpose_" + (ta && aa ? "a" : "b") +
                     " and adjoint_" + (ta && aa ? "a" : "b") +
                     " can be True; adjoint already transposes.");
  }
  const Shape &sa = in[0].shape, &sb = in[1].shape;
  check_matrix(op, "a", sa);
  check_matrix(op, "b", sb);
  if (!sa.has_known_rank() || !sb.has_known_rank()) return {{dtype, Shape::unknown_rank()}};
  bool flip_a = ta || aa, flip_b = tb || ab;
  int64_t m = sa.dim(flip_a ? -1 : -2), ka = sa.dim(flip_a ? -2 : -1);
  int64_t kb = sb.dim(flip_b ? -1 : -2), n = sb.dim(flip_b ? -2 : -1);
  if (ka != kUnknownDim && kb != kUnknownDim && ka != kb) {
    std::string flags = std::string(flip_a ? (ta ? " with transpose_a" : " with adjoint_a") : "") +
                        (flip_b ? (tb ? " with transpose_b" : " with adjoint_b") : "");
    throw InvalidArgumentError(
        prefix(op) + "cannot multiply " + sa.to_string() + " by " + sb.to_string() + flags +
        ": the inner dimensions " + std::to_string(ka) + " and " + std::to_string(kb) +
        " differ; a's columns (rows if transposed) must match b's rows (columns if "
        "transposed). Transpose an operand (transpose_a / transpose_b) or fix its shape.");
  }
  Shape ba(Dims(sa.dims().begin(), sa.dims().end() - 2));
  Shape bb(Dims(sb.dims().begin(), sb.dims().end() - 2));
  Shape batch;
  try {
    batch = broadcast_shapes(ba, bb, "matmul");
  } catch (const InvalidArgumentError&) {
    throw InvalidArgumentError(prefix(op) + "the batch dimensions " + ba.to_string() + " of a " +
                               sa.to_string() + " and " + bb.to_string() + " of b " +
                               sb.to_string() + " do not broadcast; make them equal or 1.");
  }
  Dims dims = batch.dims();
  dims.push_back(m);
  dims.push_back(n);
  return {{dtype, Shape(std::move(dims))}};
}

Arrays matmul_kernel(const OpDef&, std::span<const Array> in, const Attrs& attrs,
                     std::span<const TensorSpec> out) {
  Array result = Array::empty(out[0].dtype, out[0].shape);
  cpu::matmul(in[0], mat_op(attr<bool>(attrs, 0), attr<bool>(attrs, 2)), in[1],
              mat_op(attr<bool>(attrs, 1), attr<bool>(attrs, 3)), result);
  return {std::move(result)};
}

// ---- tensordot ----

// The axes not in `axes`, in order.
std::vector<int64_t> free_axes(const std::vector<int64_t>& axes, int64_t rank) {
  std::vector<int64_t> out;
  for (int64_t i = 0; i < rank; ++i) {
    if (std::find(axes.begin(), axes.end(), i) == axes.end()) out.push_back(i);
  }
  return out;
}

Specs infer_tensordot(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  DType dtype = check_numeric_operands(op, in);
  const auto &xa = attr<std::vector<int64_t>>(attrs, 0), &xb = attr<std::vector<int64_t>>(attrs, 1);
  if (xa.size() != xb.size()) {
    throw ValueError(prefix(op) + "axes name " + std::to_string(xa.size()) + " axes of a but " +
                     std::to_string(xb.size()) + " of b; contract the same number of axes "
                     "of each, e.g. axes=[[1], [0]].");
  }
  const Shape &sa = in[0].shape, &sb = in[1].shape;
  if (!sa.has_known_rank() || !sb.has_known_rank()) return {{dtype, Shape::unknown_rank()}};
  std::vector<int64_t> na = normalize_axes(op, xa, sa.rank()), nb = normalize_axes(op, xb, sb.rank());
  for (size_t i = 0; i < na.size(); ++i) {
    int64_t da = sa.dims()[na[i]], db = sb.dims()[nb[i]];
    if (da != kUnknownDim && db != kUnknownDim && da != db) {
      throw InvalidArgumentError(prefix(op) + "cannot contract axis " + std::to_string(na[i]) +
                                 " of a " + sa.to_string() + " (size " + std::to_string(da) +
                                 ") with axis " + std::to_string(nb[i]) + " of b " +
                                 sb.to_string() + " (size " + std::to_string(db) +
                                 "); contracted axes must have equal sizes.");
    }
  }
  Dims dims;
  for (int64_t a : free_axes(na, sa.rank())) dims.push_back(sa.dims()[a]);
  for (int64_t b : free_axes(nb, sb.rank())) dims.push_back(sb.dims()[b]);
  return {{dtype, Shape(std::move(dims))}};
}

Arrays tensordot_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                        std::span<const TensorSpec> out) {
  const Array &a = in[0], &b = in[1];
  std::vector<int64_t> na = normalize_axes(op, attr<std::vector<int64_t>>(attrs, 0), a.ndim());
  std::vector<int64_t> nb = normalize_axes(op, attr<std::vector<int64_t>>(attrs, 1), b.ndim());
  std::vector<int64_t> fa = free_axes(na, a.ndim()), fb = free_axes(nb, b.ndim());
  // a as (free, contracted) and b as (contracted, free) matrices: views
  // whenever the axes merge, so the common cases reach BLAS without a copy.
  std::vector<int64_t> pa = fa, pb = nb;
  pa.insert(pa.end(), na.begin(), na.end());
  pb.insert(pb.end(), fb.begin(), fb.end());
  auto size = [](const std::vector<int64_t>& v) { return static_cast<int64_t>(v.size()); };
  int64_t ga[] = {size(fa), size(na)}, gb[] = {size(nb), size(fb)};
  Array am = cpu::merge_axes(a.transpose(pa), ga);
  Array bm = cpu::merge_axes(b.transpose(pb), gb);
  Array result = Array::empty(out[0].dtype, Shape{am.dims()[0], bm.dims()[1]});
  cpu::matmul(am, cpu::MatOp::kNone, bm, cpu::MatOp::kNone, result);
  return {result.reshape(out[0].shape)};
}

// ---- einsum ----

Specs infer_einsum(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  DType dtype = check_numeric_operands(op, in);
  cpu::EinsumEquation eq = cpu::parse_einsum(attr<std::string>(attrs, 0), in.size());
  std::vector<Shape> shapes;
  for (const TensorSpec& s : in) shapes.push_back(s.shape);
  return {{dtype, cpu::einsum_output_shape(eq, shapes)}};
}

Arrays einsum_kernel(const OpDef&, std::span<const Array> in, const Attrs& attrs,
                     std::span<const TensorSpec> out) {
  cpu::EinsumEquation eq = cpu::parse_einsum(attr<std::string>(attrs, 0), in.size());
  return {cpu::einsum(eq, in, out[0].shape)};
}

// ---- eye ----

Specs infer_eye(const OpDef& op, std::span<const TensorSpec>, const Attrs& attrs) {
  int64_t rows = attr<int64_t>(attrs, 0), cols = attr<int64_t>(attrs, 1);
  const auto& batch = attr<std::vector<int64_t>>(attrs, 2);
  Dims dims(batch.begin(), batch.end());
  for (auto [name, v] : {std::pair{"num_rows", rows}, std::pair{"num_columns", cols}}) {
    if (v < 0) {
      throw InvalidArgumentError(prefix(op) + name + " must be >= 0, got " + std::to_string(v) + ".");
    }
  }
  for (int64_t d : dims) {
    if (d < 0) {
      throw InvalidArgumentError(prefix(op) + "batch_shape " + sizes_text(batch) +
                                 " has a negative dimension; sizes must be >= 0.");
    }
  }
  dims.push_back(rows);
  dims.push_back(cols);
  // The extent of every axis must be addressable in bytes, even when another
  // axis is 0 (NumPy refuses to view such an array).
  DType dtype = attr<DType>(attrs, 3);
  std::optional<int64_t> extent = static_cast<int64_t>(dtype.size());
  for (int64_t d : dims) {
    if (extent && d > 0) extent = checked_mul(*extent, d);
  }
  Shape shape(std::move(dims));
  if (!extent) {
    throw InvalidArgumentError(prefix(op) + "shape " + shape.to_string() +
                               " is too large to address; use smaller sizes.");
  }
  return {{dtype, std::move(shape)}};
}

Arrays eye_kernel(const OpDef&, std::span<const Array>, const Attrs&,
                  std::span<const TensorSpec> out) {
  Array result = Array::empty(out[0].dtype, out[0].shape);
  std::memset(result.mutable_data(), 0, static_cast<size_t>(result.nbytes()));
  Array diag = cpu::diagonal(result);  // a view of result's diagonals
  visit_dtype(result.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T one = cast_value<T>(1);
    Array ones = Array::empty(result.dtype(), diag.shape());
    std::fill_n(static_cast<T*>(ones.mutable_data()), ones.size(), one);
    copy_elements(ones, diag);
  });
  return {std::move(result)};
}

// ---- trace, diag_part ----

Specs infer_trace(const OpDef& op, std::span<const TensorSpec> in, const Attrs&) {
  DType dtype = check_numeric_operands(op, in);
  check_matrix(op, "x", in[0].shape);
  if (!in[0].shape.has_known_rank()) return {{dtype, Shape::unknown_rank()}};
  return {{dtype, Shape(Dims(in[0].shape.dims().begin(), in[0].shape.dims().end() - 2))}};
}

Arrays trace_kernel(const OpDef&, std::span<const Array> in, const Attrs&,
                    std::span<const TensorSpec>) {
  return {cpu::sum_trailing_axes(cpu::diagonal(in[0]), 1)};
}

Specs infer_diag_part(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const Shape& s = in[0].shape;
  check_matrix(op, "input", s);
  if (!s.has_known_rank()) return {{in[0].dtype, Shape::unknown_rank()}};
  int64_t k = attr<int64_t>(attrs, 0);
  int64_t rows = s.dim(-2), cols = s.dim(-1);
  // k in (-rows, cols); an empty matrix still has its main diagonal (k = 0).
  if ((rows != kUnknownDim && k <= -std::max<int64_t>(rows, 1)) ||
      (cols != kUnknownDim && k >= std::max<int64_t>(cols, 1))) {
    throw InvalidArgumentError(prefix(op) + "diagonal k=" + std::to_string(k) +
                               " lies outside a matrix of shape " + s.to_string() +
                               "; use k in (-rows, cols).");
  }
  int64_t len = kUnknownDim;
  if (rows != kUnknownDim && cols != kUnknownDim) {
    len = std::max<int64_t>(0, std::min(rows - std::max<int64_t>(0, -k), cols - std::max<int64_t>(0, k)));
  }
  Dims dims(s.dims().begin(), s.dims().end() - 2);
  dims.push_back(len);
  return {{in[0].dtype, Shape(std::move(dims))}};
}

Arrays diag_part_kernel(const OpDef&, std::span<const Array> in, const Attrs& attrs,
                        std::span<const TensorSpec>) {
  return {cpu::diagonal(in[0], attr<int64_t>(attrs, 0)).copy()};
}

}  // namespace

void register_linalg_ops(Registry& r) {
  r.add({.name = "matmul", .min_inputs = 2, .max_inputs = 2,
         .attrs = {{"transpose_a", AttrType::kBool}, {"transpose_b", AttrType::kBool},
                   {"adjoint_a", AttrType::kBool}, {"adjoint_b", AttrType::kBool}},
         .infer = infer_matmul, .cpu = matmul_kernel, .graph_type = "MatMul",
         .python = {.namespaces = kPyTop | kPyLinalg}});
  r.add({.name = "tensordot", .min_inputs = 2, .max_inputs = 2,
         .attrs = {{"axes_a", AttrType::kIntList}, {"axes_b", AttrType::kIntList}},
         .infer = infer_tensordot, .cpu = tensordot_kernel,
         .python = {.namespaces = kPyTop | kPyLinalg}});
  r.add({.name = "einsum", .min_inputs = 1, .max_inputs = OpDef::kVariadic,
         .attrs = {{"equation", AttrType::kString}},
         .infer = infer_einsum, .cpu = einsum_kernel,
         .python = {.namespaces = kPyTop | kPyLinalg}});
  r.add({.name = "eye", .min_inputs = 0, .max_inputs = 0,
         .attrs = {{"num_rows", AttrType::kInt}, {"num_columns", AttrType::kInt},
                   {"batch_shape", AttrType::kIntList}, {"dtype", AttrType::kDType}},
         .infer = infer_eye, .cpu = eye_kernel, .python = {.namespaces = kPyTop | kPyLinalg}});
  r.add({.name = "trace", .min_inputs = 1, .max_inputs = 1, .traits = kReduction,
         .infer = infer_trace, .cpu = trace_kernel, .python = {.namespaces = kPyLinalg}});
  r.add({.name = "diag_part", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"k", AttrType::kInt}}, .infer = infer_diag_part, .cpu = diag_part_kernel,
         .python = {.namespaces = kPyLinalg}});
}

}  // namespace kiln
