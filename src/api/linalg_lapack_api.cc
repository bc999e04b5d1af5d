// The C++ API of the LAPACK decompositions and solves (src/ops/linalg_lapack_ops.cc).
// Each function runs its registry op eagerly: this layer sits above the ops
// (which only declare and run ops on arrays) and the runtime's eager
// execution, so the op files stay free of runtime includes (the build
// enforces it: docs/layers.md).
#include <optional>
#include <string>
#include <vector>

#include "kiln/ops/linalg_lapack.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {

namespace {
Tensors run(const char* name, std::initializer_list<Tensor> inputs, const Attrs& attrs) {
  std::vector<Tensor> in(inputs);
  return execute(Registry::get().at(name), in, attrs);
}
}  // namespace

Tensor inv(const Tensor& x, bool adjoint) { return run("inv", {x}, {adjoint})[0]; }
Tensor det(const Tensor& x) { return run("det", {x}, {})[0]; }
Slogdet slogdet(const Tensor& x) {
  Tensors out = run("slogdet", {x}, {});
  return {out[0], out[1]};
}
Tensor solve(const Tensor& matrix, const Tensor& rhs, bool adjoint) {
  return run("solve", {matrix, rhs}, {adjoint})[0];
}
Tensor cholesky(const Tensor& x) { return run("cholesky", {x}, {})[0]; }
Tensor cholesky_solve(const Tensor& chol, const Tensor& rhs) {
  return run("cholesky_solve", {chol, rhs}, {})[0];
}
Qr qr(const Tensor& x, bool full_matrices) {
  Tensors out = run("qr", {x}, {full_matrices});
  return {out[0], out[1]};
}
Svd svd(const Tensor& x, bool full_matrices, bool compute_uv) {
  Tensors out = run("svd", {x}, {full_matrices, compute_uv});
  if (!compute_uv) return {out[0], std::nullopt, std::nullopt};
  return {out[0], out[1], out[2]};
}
Eigh eigh(const Tensor& x) {
  Tensors out = run("eigh", {x}, {true});
  return {out[0], out[1]};
}
Tensor eigvalsh(const Tensor& x) { return run("eigh", {x}, {false})[0]; }
Tensor matrix_solve_ls(const Tensor& matrix, const Tensor& rhs) {
  return run("matrix_solve_ls", {matrix, rhs}, {})[0];
}

}  // namespace kiln
