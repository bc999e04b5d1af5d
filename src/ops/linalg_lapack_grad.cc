// Gradients of the decompositions and solvers (linalg_lapack_ops.cc), as
// TF's linalg_grad.py builds them. Real dtypes only: the complex forms need
// conj, which kiln's gradients refuse (Grad::conj) until it is supported.
#include <string>

#include "kiln/error.h"
#include "ops/gradient.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using Dx = std::span<GradValue>;

[[noreturn]] void unimplemented(const GradArgs& a, const std::string& what) {
  throw UnimplementedError("[" + std::string(a.op.name) + "] " + what);
}

GradValue matmul(Grad& g, GradValue x, GradValue y, bool adjoint_x = false,
                 bool adjoint_y = false) {
  return g.op("matmul", {x, y}, {false, false, adjoint_x, adjoint_y});
}

// The matrix shape (rows, cols) of x, which these gradients need known.
struct MatrixShape {
  int64_t rank, rows, cols;
};
MatrixShape matrix_shape(Grad& g, const GradArgs& a, GradValue x) {
  Shape s = g.spec(x).shape;
  if (!s.has_known_rank() || s.dim(-2) == kUnknownDim || s.dim(-1) == kUnknownDim) {
    unimplemented(a, "kiln cannot build this gradient while the matrix dimensions of the input "
                     "are known only when the graph runs (" + s.to_string() + "); give them "
                     "static sizes.");
  }
  return {s.rank(), s.dim(-2), s.dim(-1)};
}

// x^H over the last two axes.
GradValue adjoint(Grad& g, const GradArgs& a, GradValue x) {
  int64_t rank = matrix_shape(g, a, x).rank;
  std::vector<int64_t> perm;
  for (int64_t i = 0; i < rank; ++i) perm.push_back(i);
  std::swap(perm[static_cast<size_t>(rank - 2)], perm[static_cast<size_t>(rank - 1)]);
  return g.op("transpose", {x}, {perm, true});
}

// Columns [begin, begin + size) of x (size -1: to the end).
GradValue columns(Grad& g, const GradArgs& a, GradValue x, int64_t begin, int64_t size) {
  int64_t rank = matrix_shape(g, a, x).rank;
  std::vector<int64_t> b(static_cast<size_t>(rank), 0), n(static_cast<size_t>(rank), -1);
  b.back() = begin;
  n.back() = size;
  return g.op("slice", {x}, {b, n});
}

GradValue expand(Grad& g, GradValue v, int64_t axis) { return g.op("expand_dims", {v}, {axis}); }
// v[..., None, None]: one value per matrix, broadcast over it.
GradValue per_matrix(Grad& g, GradValue v) { return expand(g, expand(g, v, -1), -1); }
GradValue matrix_diag(Grad& g, GradValue v) {
  return g.op("diag", {v, g.scalar_like(v, 0)}, {int64_t{0}, int64_t{-1}, int64_t{-1}});
}
GradValue half(Grad& g, GradValue v) { return g.mul(g.scalar_like(v, 0.5), v); }
// x / (x^2 + 1e-20): 1/x away from 0, 0 at 0 (TF's _SafeReciprocal).
GradValue safe_reciprocal(Grad& g, GradValue x) {
  return g.div(x, g.add(g.mul(x, x), g.scalar_like(x, 1e-20)));
}
// 1 / (e_j - e_i) off the diagonal, 0 on it.
GradValue gaps(Grad& g, GradValue e) {
  GradValue d = g.sub(expand(g, e, -2), expand(g, e, -1));
  return g.op("set_diag", {safe_reciprocal(g, d), g.zeros_like(e)}, {int64_t{0}});
}
// The lower triangle of v + v^H, with the diagonal halved: the gradient of
// an op that reads only the lower triangle of its (symmetric) input.
GradValue lower_of_sym(Grad& g, const GradArgs& a, GradValue v) {
  GradValue low = g.op("band_part", {g.add(v, adjoint(g, a, v))}, {int64_t{-1}, int64_t{0}});
  return g.op("set_diag", {low, half(g, g.op("diag_part", {low}, {int64_t{0}}))}, {int64_t{0}});
}

void grad_inv(Grad& g, const GradArgs& a, Dx dx) {
  g.conj(a.inputs[0]);
  bool adj = g.attr_bool(a, "adjoint");
  GradValue y = a.outputs[0];
  dx[0] = g.neg(matmul(g, y, matmul(g, a.grads[0], y, adj, !adj), !adj));
}

void grad_det(Grad& g, const GradArgs& a, Dx dx) {  // dy det(x) x^-H
  GradValue x = a.inputs[0];
  g.conj(x);
  GradValue inv_h = g.op("inv", {x}, {true});
  dx[0] = g.mul(per_matrix(g, g.mul(a.grads[0], a.outputs[0])), inv_h);
}

// Only log|det| carries a gradient (the sign is piecewise constant): zeros
// when only the sign was used, as TF's.
void grad_slogdet(Grad& g, const GradArgs& a, Dx dx) {
  GradValue x = a.inputs[0];
  g.conj(x);
  dx[0] = g.mul(per_matrix(g, g.grad_or_zeros(a, 1)), g.op("inv", {x}, {true}));
}

void grad_solve(Grad& g, const GradArgs& a, Dx dx) {
  GradValue m = a.inputs[0], y = a.outputs[0];
  g.conj(m);
  bool adj = g.attr_bool(a, "adjoint");
  GradValue grad_b = g.op("solve", {m, a.grads[0]}, {!adj});
  dx[0] = g.neg(adj ? matmul(g, y, grad_b, false, true) : matmul(g, grad_b, y, false, true));
  dx[1] = grad_b;
}

// TF's CholeskyGrad (Murray 2016), with L^-1 by inv.
void grad_cholesky(Grad& g, const GradArgs& a, Dx dx) {
  GradValue l = a.outputs[0];
  g.conj(l);
  GradValue l_inv = g.op("inv", {l}, {false});
  GradValue middle = matmul(g, l, a.grads[0], true, false);
  middle = g.op("set_diag", {middle, half(g, g.op("diag_part", {middle}, {int64_t{0}}))},
                {int64_t{0}});
  middle = g.op("band_part", {middle}, {int64_t{-1}, int64_t{0}});
  GradValue grad = matmul(g, matmul(g, l_inv, middle, true, false), l_inv);
  dx[0] = half(g, g.add(grad, adjoint(g, a, grad)));
}

// x = (L L^H)^-1 b, reading only L's lower triangle: db = (L L^H)^-1 dy,
// dA = -db x^H, dL = lower((dA + dA^H) L). Batch dimensions broadcast.
void grad_cholesky_solve(Grad& g, const GradArgs& a, Dx dx) {
  GradValue l = a.inputs[0], b = a.inputs[1];
  g.conj(l);
  GradValue grad_b = g.op("cholesky_solve", {l, a.grads[0]});
  GradValue grad_a = g.neg(matmul(g, grad_b, a.outputs[0], false, true));
  GradValue grad_l = matmul(g, g.add(grad_a, adjoint(g, a, grad_a)), l);
  dx[0] = g.unbroadcast(g.op("band_part", {grad_l}, {int64_t{-1}, int64_t{0}}), l);
  dx[1] = g.unbroadcast(grad_b, b);
}

// x r^-H, TF's _TriangularSolve (by a general solve).
GradValue right_solve(Grad& g, const GradArgs& a, GradValue x, GradValue r) {
  return adjoint(g, a, g.op("solve", {r, adjoint(g, a, x)}, {false}));
}

GradValue qr_grad_square_or_deep(Grad& g, const GradArgs& a, GradValue q, GradValue r,
                                 GradValue dq, GradValue dr) {
  GradValue qdq = matmul(g, q, dq, true, false);
  GradValue qdq_ = g.sub(qdq, adjoint(g, a, qdq));
  GradValue rdr = matmul(g, r, dr, false, true);
  GradValue rdr_ = g.sub(rdr, adjoint(g, a, rdr));
  GradValue tril = g.op("band_part", {g.add(qdq_, rdr_)}, {int64_t{-1}, int64_t{0}});
  GradValue grad_a = matmul(g, q, g.add(dr, right_solve(g, a, tril, r)));
  GradValue grad_b = right_solve(g, a, g.sub(dq, matmul(g, q, qdq)), r);
  return g.add(grad_a, grad_b);
}

void grad_qr(Grad& g, const GradArgs& a, Dx dx) {
  GradValue x = a.inputs[0], q = a.outputs[0], r = a.outputs[1];
  g.conj(x);
  MatrixShape s = matrix_shape(g, a, x);
  if (s.rows > s.cols && g.attr_bool(a, "full_matrices")) {
    unimplemented(a, "the gradient of qr with full_matrices=True is not implemented for matrices "
                     "with more rows than columns (as in TF); use full_matrices=False.");
  }
  GradValue dq = g.grad_or_zeros(a, 0), dr = g.grad_or_zeros(a, 1);
  if (s.rows >= s.cols) {
    dx[0] = qr_grad_square_or_deep(g, a, q, r, dq, dr);
    return;
  }
  // Wide: x = [x1, y], r = [u, v] with u square; reduce to the square case.
  int64_t m = s.rows;
  GradValue y = columns(g, a, x, m, -1), u = columns(g, a, r, 0, m);
  GradValue dv = columns(g, a, dr, m, -1), du = columns(g, a, dr, 0, m);
  GradValue grad_y = matmul(g, q, dv);
  GradValue dq1 = g.add(dq, matmul(g, y, dv, false, true));
  GradValue grad_x1 = qr_grad_square_or_deep(g, a, q, u, dq1, du);
  dx[0] = g.ops("concat", std::vector<GradValue>{grad_x1, grad_y}, {int64_t{-1}}).at(0);
}

// TF's SvdGrad (Giles 2008; Townsend 2016 for the reduced case): worked on
// the wide form (m <= n; a tall input is differentiated as its adjoint).
void grad_svd(Grad& g, const GradArgs& a, Dx dx) {
  GradValue x = a.inputs[0];
  g.conj(x);
  bool full = g.attr_bool(a, "full_matrices");
  GradValue ds = g.grad_or_zeros(a, 0);
  if (!g.attr_bool(a, "compute_uv")) {  // dx = u diag(ds) v^H, from a second svd
    std::vector<GradValue> usv = g.ops("svd", std::vector<GradValue>{x}, {false, true});
    dx[0] = matmul(g, g.mul(usv[1], expand(g, ds, -2)), usv[2], false, true);
    return;
  }
  MatrixShape shape = matrix_shape(g, a, x);
  int64_t m = shape.rows, n = shape.cols;
  GradValue s = a.outputs[0], u = a.outputs[1], v = a.outputs[2];
  GradValue du = g.grad_or_zeros(a, 1), dv = g.grad_or_zeros(a, 2);
  bool tall = m > n;
  if (tall) {
    std::swap(m, n);
    std::swap(u, v);
    std::swap(du, dv);
  }
  if (full && n - m > 1) {
    unimplemented(a, "the gradient of U and V with full_matrices=True is not implemented when the "
                     "matrix dimensions differ by more than 1 (" + std::to_string(shape.rows) +
                     " x " + std::to_string(shape.cols) + "), as in TF; use full_matrices=False.");
  }
  GradValue f = gaps(g, g.op("square", {s}));
  GradValue v1 = full ? columns(g, a, v, 0, m) : v, dv1 = full ? columns(g, a, dv, 0, m) : dv;
  GradValue f_u = g.mul(f, matmul(g, u, du, true, false));
  GradValue f_v = g.mul(f, matmul(g, v1, dv1, true, false));
  GradValue s_row = expand(g, s, -2), s_col = expand(g, s, -1);  // X S, S X
  GradValue inner = g.add(matrix_diag(g, ds),
                          g.add(g.mul(g.add(f_u, adjoint(g, a, f_u)), s_row),
                                g.mul(s_col, g.add(f_v, adjoint(g, a, f_v)))));
  GradValue grad = matmul(g, u, matmul(g, inner, v1, false, true));
  if (m != n) {
    GradValue dv1t = adjoint(g, a, dv1);
    GradValue rest = g.sub(dv1t, matmul(g, matmul(g, dv1t, v1), v1, false, true));
    if (full) {
      GradValue v2 = columns(g, a, v, m, -1), dv2 = columns(g, a, dv, m, -1);
      rest = g.sub(rest, matmul(g, matmul(g, v1, dv2, true, false), v2, false, true));
    }
    GradValue u_s_inv = g.mul(u, expand(g, safe_reciprocal(g, s), -2));
    grad = g.add(grad, matmul(g, u_s_inv, rest));
  }
  dx[0] = tall ? adjoint(g, a, grad) : grad;
}

// TF's SelfAdjointEigV2Grad; eigh reads only the lower triangle of x.
void grad_eigh(Grad& g, const GradArgs& a, Dx dx) {
  GradValue x = a.inputs[0];
  g.conj(x);
  GradValue e = a.outputs[0], de = g.grad_or_zeros(a, 0);
  GradValue inner = matrix_diag(g, de);
  GradValue v;
  if (g.attr_bool(a, "compute_v")) {
    v = a.outputs[1];
    GradValue dv = g.grad_or_zeros(a, 1);
    inner = g.add(inner, g.mul(gaps(g, e), matmul(g, v, dv, true, false)));
  } else {
    v = g.ops("eigh", std::vector<GradValue>{x}, {true}).at(1);
  }
  dx[0] = lower_of_sym(g, a, matmul(g, v, matmul(g, inner, v, false, true)));
}

// TF's MatrixSolveLsGrad without regularization: through the normal
// equations of A^H A (m >= n) or A A^H (m < n), both by Cholesky.
void grad_matrix_solve_ls(Grad& g, const GradArgs& a, Dx dx) {
  GradValue m = a.inputs[0], b = a.inputs[1], x = a.outputs[0], dy = a.grads[0];
  g.conj(m);
  MatrixShape s = matrix_shape(g, a, m);
  if (s.rows >= s.cols) {
    GradValue chol = g.op("cholesky", {matmul(g, m, m, true, false)});
    GradValue z = g.op("cholesky_solve", {chol, dy});
    GradValue xzt = matmul(g, x, z, false, true);
    GradValue zx_sym = g.add(xzt, adjoint(g, a, xzt));
    dx[0] = g.add(g.neg(matmul(g, m, zx_sym)), matmul(g, b, z, false, true));
    dx[1] = matmul(g, m, z);
    return;
  }
  GradValue chol = g.op("cholesky", {matmul(g, m, m, false, true)});
  GradValue grad_b = g.op("cholesky_solve", {chol, matmul(g, m, dy)});
  GradValue tmp = g.op("cholesky_solve", {chol, b});
  GradValue a1 = g.neg(matmul(g, grad_b, matmul(g, tmp, m, true, false)));
  GradValue a2 = matmul(g, tmp, g.sub(dy, matmul(g, m, grad_b, true, false)), false, true);
  dx[0] = g.add(a1, a2);
  dx[1] = grad_b;
}

}  // namespace

void register_linalg_lapack_gradients(Registry& r) {
  r.set_gradient("inv", grad_inv);
  r.set_gradient("det", grad_det);
  r.set_gradient("slogdet", grad_slogdet);
  r.set_gradient("solve", grad_solve);
  r.set_gradient("cholesky", grad_cholesky);
  r.set_gradient("cholesky_solve", grad_cholesky_solve);
  r.set_gradient("qr", grad_qr);
  r.set_gradient("svd", grad_svd);
  r.set_gradient("eigh", grad_eigh);
  r.set_gradient("matrix_solve_ls", grad_matrix_solve_ls);
}

}  // namespace kiln
