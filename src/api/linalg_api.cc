// The C++ API of matmul, tensordot, einsum, eye, trace, diag_part (src/ops/linalg_ops.cc).
// Each function runs its registry op eagerly: this layer sits above the ops
// (which only declare and run ops on arrays) and the runtime's eager
// execution, so the op files stay free of runtime includes (the build
// enforces it: docs/layers.md).
#include <optional>
#include <string>
#include <vector>

#include "kiln/ops/linalg.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {

Tensor matmul(const Tensor& a, const Tensor& b, bool transpose_a, bool transpose_b, bool adjoint_a,
              bool adjoint_b) {
  static const OpDef& op = Registry::get().at("matmul");
  Tensor in[] = {a, b};
  return execute1(op, in, {transpose_a, transpose_b, adjoint_a, adjoint_b});
}

Tensor tensordot(const Tensor& a, const Tensor& b, const std::vector<int64_t>& axes_a,
                 const std::vector<int64_t>& axes_b) {
  static const OpDef& op = Registry::get().at("tensordot");
  Tensor in[] = {a, b};
  return execute1(op, in, {axes_a, axes_b});
}

Tensor tensordot(const Tensor& a, const Tensor& b, int64_t axes) {
  if (axes < 0 || axes > a.ndim() || axes > b.ndim()) {
    throw ValueError("[tensordot] axes=" + std::to_string(axes) +
                     " must be in [0, min(rank(a), "
                     "rank(b))] = [0, " +
                     std::to_string(std::min(a.ndim(), b.ndim())) + "] for shapes " +
                     a.shape().to_string() + " and " + b.shape().to_string() + ".");
  }
  std::vector<int64_t> xa, xb;
  for (int64_t i = 0; i < axes; ++i) {
    xa.push_back(a.ndim() - axes + i);
    xb.push_back(i);
  }
  return tensordot(a, b, xa, xb);
}

Tensor einsum(const std::string& equation, std::span<const Tensor> operands) {
  static const OpDef& op = Registry::get().at("einsum");
  return execute1(op, operands, {equation});
}

Tensor eye(int64_t num_rows, std::optional<int64_t> num_columns,
           const std::vector<int64_t>& batch_shape, DType dtype) {
  static const OpDef& op = Registry::get().at("eye");
  return execute1(op, {}, {num_rows, num_columns.value_or(num_rows), batch_shape, dtype});
}

Tensor trace(const Tensor& x) {
  static const OpDef& op = Registry::get().at("trace");
  Tensor in[] = {x};
  return execute1(op, in, {});
}

Tensor diag_part(const Tensor& x, int64_t k) {
  static const OpDef& op = Registry::get().at("diag_part");
  Tensor in[] = {x};
  return execute1(op, in, {k});
}

}  // namespace kiln
