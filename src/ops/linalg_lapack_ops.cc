// Matrix decompositions and solvers on LAPACK: inv, det, slogdet, solve,
// cholesky, cholesky_solve, qr, svd, eigh, matrix_solve_ls (TF's
// tf.linalg names). Kernels in src/kernels/cpu/lapack*.cc.
#include <limits>
#include <string>

#include "core/broadcast.h"
#include "kernels/cpu/lapack.h"
#include "ops/registry.h"

namespace kiln {
namespace {

std::string prefix(const OpDef& op) { return "[" + std::string(op.name) + "] "; }

bool lapack_dtype(DType d) {
  return d == float32 || d == float64 || d == complex64 || d == complex128;
}

// The dtype LAPACK works in; TF also takes float16, kiln does not.
DType check_dtype(const OpDef& op, DType d) {
  if (!lapack_dtype(d)) {
    throw InvalidArgumentError(prefix(op) + "got a " + std::string(d.name()) + " tensor, but " +
                               std::string(op.name) + " supports float32, float64, complex64 and "
                               "complex128; cast it first, e.g. kiln.cast(x, kiln.float32).");
  }
  return d;
}

// A (batch of) matrices: rank >= 2, square when asked, within LAPACK's
// 32-bit indices. Returns false when the rank is unknown.
bool check_matrix(const OpDef& op, const char* what, const Shape& s, bool square) {
  if (!s.has_known_rank()) return false;
  if (s.rank() < 2) {
    throw InvalidArgumentError(prefix(op) + what + " must have rank >= 2 (a matrix or a batch of "
                               "matrices), got shape " + s.to_string() + "; reshape it, e.g. "
                               "kiln.reshape(x, [1, -1]).");
  }
  int64_t m = s.dim(-2), n = s.dim(-1);
  if (square && m != kUnknownDim && n != kUnknownDim && m != n) {
    throw InvalidArgumentError(prefix(op) + "Input matrix must be square: " + what + " has shape " +
                               s.to_string() + ", whose last two dimensions differ.");
  }
  if (m != kUnknownDim && n != kUnknownDim &&
      static_cast<double>(m) * static_cast<double>(std::max<int64_t>(n, 1)) >
          std::numeric_limits<int32_t>::max()) {
    throw InvalidArgumentError(prefix(op) + what + " of shape " + s.to_string() + " has matrices "
                               "of more than 2^31 - 1 elements, beyond LAPACK's 32-bit indices.");
  }
  return true;
}

Dims batch_dims(const Shape& s) { return Dims(s.dims().begin(), s.dims().end() - 2); }

Shape with_tail(Dims dims, std::initializer_list<int64_t> tail) {
  dims.insert(dims.end(), tail.begin(), tail.end());
  return Shape(std::move(dims));
}

DType real_of(DType d) { return d == complex64 ? float32 : d == complex128 ? float64 : d; }

// Kernels report failures (a singular matrix) without the op's name.
template <class F>
auto prefixed(const OpDef& op, F&& f) {
  try {
    return f();
  } catch (const InvalidArgumentError& e) {
    throw InvalidArgumentError(prefix(op) + e.what());
  }
}

// ---- one square matrix in, same shape out: inv, cholesky ----

Specs infer_square(const OpDef& op, std::span<const TensorSpec> in, const Attrs&) {
  DType d = check_dtype(op, in[0].dtype);
  check_matrix(op, "input", in[0].shape, /*square=*/true);
  return {{d, in[0].shape}};
}

Arrays inv_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                  std::span<const TensorSpec>) {
  return {prefixed(op, [&] { return cpu::inverse(in[0], attr<bool>(attrs, 0)); })};
}

Arrays cholesky_kernel(const OpDef&, std::span<const Array> in, const Attrs&,
                       std::span<const TensorSpec>) {
  return {cpu::cholesky(in[0])};
}

// ---- determinants: one value per matrix ----

Specs infer_det(const OpDef& op, std::span<const TensorSpec> in, const Attrs&) {
  DType d = check_dtype(op, in[0].dtype);
  if (!check_matrix(op, "input", in[0].shape, true)) return {{d, Shape::unknown_rank()}};
  return {{d, Shape(batch_dims(in[0].shape))}};
}

Specs infer_slogdet(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  Specs one = infer_det(op, in, attrs);
  return {one[0], one[0]};
}

Arrays det_kernel(const OpDef&, std::span<const Array> in, const Attrs&,
                  std::span<const TensorSpec>) {
  return {cpu::determinant(in[0])};
}

Arrays slogdet_kernel(const OpDef&, std::span<const Array> in, const Attrs&,
                      std::span<const TensorSpec> out) {
  Array sign = Array::empty(out[0].dtype, out[0].shape);
  Array log_abs = Array::empty(out[1].dtype, out[1].shape);
  cpu::log_determinant(in[0], sign, log_abs);
  return {std::move(sign), std::move(log_abs)};
}

// ---- solves: matrix (..., n, n) or (..., m, n), rhs (..., m, k) ----

// Both operands of one dtype and rank, with equal batch dimensions unless
// `broadcast` (TF's MatrixSolve and MatrixSolveLs do not broadcast).
// Returns the output's shape: (batch..., cols, k).
Shape infer_solve_shape(const OpDef& op, std::span<const TensorSpec> in, bool square,
                        bool broadcast) {
  const Shape &a = in[0].shape, &b = in[1].shape;
  if (in[0].dtype != in[1].dtype) {
    throw InvalidArgumentError(prefix(op) + "matrix is " + std::string(in[0].dtype.name()) +
                               " but rhs is " + std::string(in[1].dtype.name()) +
                               "; cast one to the other's dtype.");
  }
  if (!broadcast && a.has_known_rank() && b.has_known_rank() && a.rank() != b.rank()) {
    throw InvalidArgumentError(prefix(op) + "All input tensors must have the same rank: matrix " +
                               a.to_string() + ", rhs " + b.to_string() + ". Give a vector rhs "
                               "as a column, e.g. rhs[..., None].");
  }
  bool ka = check_matrix(op, "matrix", a, square), kb = check_matrix(op, "rhs", b, false);
  if (!ka || !kb) return Shape::unknown_rank();
  if (a.dim(-2) != kUnknownDim && b.dim(-2) != kUnknownDim && a.dim(-2) != b.dim(-2)) {
    throw InvalidArgumentError(prefix(op) + "Input matrix and rhs are incompatible: matrix " +
                               a.to_string() + " has " + std::to_string(a.dim(-2)) + " rows but "
                               "rhs " + b.to_string() + " has " + std::to_string(b.dim(-2)) + ".");
  }
  Dims batch;
  if (broadcast) {
    try {
      batch = broadcast_shapes(Shape(batch_dims(a)), Shape(batch_dims(b)), op.name.data()).dims();
    } catch (const InvalidArgumentError&) {
      throw InvalidArgumentError(prefix(op) + "the batch dimensions of matrix " + a.to_string() +
                                 " and rhs " + b.to_string() + " do not broadcast.");
    }
  } else {
    batch = batch_dims(a);
    for (int64_t i = 0; i < a.rank() - 2; ++i) {
      int64_t x = a.dims()[i], y = b.dims()[i];
      if (x != kUnknownDim && y != kUnknownDim && x != y) {
        throw InvalidArgumentError(prefix(op) + "All input tensors must have the same outer "
                                   "dimensions: the batch dimensions of matrix " + a.to_string() +
                                   " and rhs " + b.to_string() + " differ. Broadcast them first, "
                                   "e.g. with kiln.broadcast_to.");
      }
      if (x == kUnknownDim) batch[i] = y;
    }
  }
  return with_tail(std::move(batch), {a.dim(-1), b.dim(-1)});
}

Specs infer_solve(const OpDef& op, std::span<const TensorSpec> in, const Attrs&) {
  DType d = check_dtype(op, in[0].dtype);
  return {{d, infer_solve_shape(op, in, /*square=*/true, /*broadcast=*/false)}};
}

Specs infer_cholesky_solve(const OpDef& op, std::span<const TensorSpec> in, const Attrs&) {
  DType d = check_dtype(op, in[0].dtype);
  return {{d, infer_solve_shape(op, in, /*square=*/true, /*broadcast=*/true)}};
}

Specs infer_solve_ls(const OpDef& op, std::span<const TensorSpec> in, const Attrs&) {
  DType d = check_dtype(op, in[0].dtype);
  return {{d, infer_solve_shape(op, in, /*square=*/false, /*broadcast=*/false)}};
}

Arrays solve_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                    std::span<const TensorSpec>) {
  return {prefixed(op, [&] { return cpu::solve(in[0], in[1], attr<bool>(attrs, 0)); })};
}

Arrays cholesky_solve_kernel(const OpDef&, std::span<const Array> in, const Attrs&,
                             std::span<const TensorSpec> out) {
  return {cpu::cholesky_solve(in[0], in[1], out[0].shape)};
}

Arrays solve_ls_kernel(const OpDef&, std::span<const Array> in, const Attrs&,
                       std::span<const TensorSpec>) {
  return {cpu::solve_ls(in[0], in[1])};
}

// ---- qr, svd, eigh ----

Specs infer_qr(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  DType d = check_dtype(op, in[0].dtype);
  const Shape& s = in[0].shape;
  if (!check_matrix(op, "input", s, false)) return {{d, s}, {d, s}};
  int64_t m = s.dim(-2), n = s.dim(-1);
  int64_t k = attr<bool>(attrs, 0) ? m : (m == kUnknownDim || n == kUnknownDim) ? kUnknownDim
                                                                                  : std::min(m, n);
  return {{d, with_tail(batch_dims(s), {m, k})}, {d, with_tail(batch_dims(s), {k, n})}};
}

Arrays qr_kernel(const OpDef&, std::span<const Array> in, const Attrs& attrs,
                 std::span<const TensorSpec> out) {
  Array q = Array::empty(out[0].dtype, out[0].shape), r = Array::empty(out[1].dtype, out[1].shape);
  cpu::qr(in[0], attr<bool>(attrs, 0), q, r);
  return {std::move(q), std::move(r)};
}

// attrs: full_matrices, compute_uv. Outputs s (real dtype), and u, v with compute_uv.
Specs infer_svd(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  DType d = check_dtype(op, in[0].dtype);
  const Shape& s = in[0].shape;
  bool full = attr<bool>(attrs, 0), uv = attr<bool>(attrs, 1);
  if (!check_matrix(op, "input", s, false)) {
    if (!uv) return {{real_of(d), Shape::unknown_rank()}};
    return {{real_of(d), Shape::unknown_rank()}, {d, s}, {d, s}};
  }
  int64_t m = s.dim(-2), n = s.dim(-1);
  int64_t k = (m == kUnknownDim || n == kUnknownDim) ? kUnknownDim : std::min(m, n);
  TensorSpec values{real_of(d), with_tail(batch_dims(s), {k})};
  if (!uv) return {values};
  return {values, {d, with_tail(batch_dims(s), {m, full ? m : k})},
          {d, with_tail(batch_dims(s), {n, full ? n : k})}};
}

Arrays svd_kernel(const OpDef&, std::span<const Array> in, const Attrs& attrs,
                  std::span<const TensorSpec> out) {
  Arrays result;
  for (const TensorSpec& spec : out) result.push_back(Array::empty(spec.dtype, spec.shape));
  bool uv = out.size() == 3;
  cpu::svd(in[0], attr<bool>(attrs, 0), result[0], uv ? &result[1] : nullptr,
           uv ? &result[2] : nullptr);
  return result;
}

// attrs: compute_v. Outputs e (the input's dtype, as TF's), and v with compute_v.
Specs infer_eigh(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  DType d = check_dtype(op, in[0].dtype);
  const Shape& s = in[0].shape;
  bool vectors = attr<bool>(attrs, 0);
  TensorSpec values{d, Shape::unknown_rank()};
  if (check_matrix(op, "input", s, true)) {
    int64_t n = s.dim(-1) == kUnknownDim ? s.dim(-2) : s.dim(-1);
    values.shape = with_tail(batch_dims(s), {n});
  }
  if (!vectors) return {values};
  return {values, {d, s}};
}

Arrays eigh_kernel(const OpDef& op, std::span<const Array> in, const Attrs&,
                   std::span<const TensorSpec> out) {
  Arrays result;
  for (const TensorSpec& spec : out) result.push_back(Array::empty(spec.dtype, spec.shape));
  prefixed(op, [&] { cpu::eigh(in[0], result[0], out.size() == 2 ? &result[1] : nullptr); });
  return result;
}

}  // namespace

void register_linalg_lapack_ops(Registry& r) {
  r.add({.name = "inv", .min_inputs = 1, .max_inputs = 1, .attrs = {{"adjoint", AttrType::kBool}},
         .infer = infer_square, .cpu = inv_kernel, .graph_type = "MatrixInverse",
         .python = {.namespaces = kPyLinalg}});
  r.add({.name = "det", .min_inputs = 1, .max_inputs = 1, .infer = infer_det, .cpu = det_kernel,
         .graph_type = "MatrixDeterminant", .python = {.namespaces = kPyLinalg}});
  r.add({.name = "slogdet", .min_inputs = 1, .max_inputs = 1, .infer = infer_slogdet,
         .cpu = slogdet_kernel, .graph_type = "LogMatrixDeterminant",
         .python = {.namespaces = kPyLinalg}});
  r.add({.name = "solve", .min_inputs = 2, .max_inputs = 2, .attrs = {{"adjoint", AttrType::kBool}},
         .infer = infer_solve, .cpu = solve_kernel, .graph_type = "MatrixSolve",
         .python = {.namespaces = kPyLinalg}});
  r.add({.name = "cholesky", .min_inputs = 1, .max_inputs = 1, .infer = infer_square,
         .cpu = cholesky_kernel, .python = {.namespaces = kPyLinalg}});
  r.add({.name = "cholesky_solve", .min_inputs = 2, .max_inputs = 2,
         .infer = infer_cholesky_solve, .cpu = cholesky_solve_kernel,
         .python = {.namespaces = kPyLinalg}});
  r.add({.name = "qr", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"full_matrices", AttrType::kBool}}, .infer = infer_qr, .cpu = qr_kernel,
         .python = {.namespaces = kPyLinalg}});
  r.add({.name = "svd", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"full_matrices", AttrType::kBool}, {"compute_uv", AttrType::kBool}},
         .infer = infer_svd, .cpu = svd_kernel, .python = {.namespaces = kPyLinalg}});
  r.add({.name = "eigh", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"compute_v", AttrType::kBool}}, .infer = infer_eigh, .cpu = eigh_kernel,
         .graph_type = "SelfAdjointEigV2", .python = {.namespaces = kPyLinalg}});
  r.add({.name = "matrix_solve_ls", .min_inputs = 2, .max_inputs = 2, .infer = infer_solve_ls,
         .cpu = solve_ls_kernel, .python = {.namespaces = kPyLinalg, .name = "lstsq"}});
}

}  // namespace kiln
