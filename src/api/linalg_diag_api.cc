// The C++ API of diag, set_diag, band_part (src/ops/linalg_diag_ops.cc).
// Each function runs its registry op eagerly: this layer sits above the ops
// (which only declare and run ops on arrays) and the runtime's eager
// execution, so the op files stay free of runtime includes (the build
// enforces it: docs/layers.md).
#include <optional>
#include <string>
#include <vector>

#include "kiln/ops/linalg_diag.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {

Tensor diag(const Tensor& diagonal, int64_t k, int64_t num_rows, int64_t num_cols,
            const std::optional<Tensor>& padding_value) {
  static const OpDef& op = Registry::get().at("diag");
  Tensor pad = padding_value ? *padding_value : zeros({}, diagonal.dtype());
  Tensor in[] = {diagonal, pad};
  return execute1(op, in, {k, num_rows, num_cols});
}

Tensor set_diag(const Tensor& input, const Tensor& diagonal, int64_t k) {
  static const OpDef& op = Registry::get().at("set_diag");
  Tensor in[] = {input, diagonal};
  return execute1(op, in, {k});
}

Tensor band_part(const Tensor& input, int64_t num_lower, int64_t num_upper) {
  static const OpDef& op = Registry::get().at("band_part");
  Tensor in[] = {input};
  return execute1(op, in, {num_lower, num_upper});
}

}  // namespace kiln
