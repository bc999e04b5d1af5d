// The shape ops, as C++ free functions (see src/ops/shape_ops.cc,
// slice_ops.cc and concat_ops.cc). Names and semantics follow TensorFlow.
//
// Views: tensors are immutable, so reshape (of a tensor whose layout allows
// it), transpose, expand_dims, squeeze, slice, strided_slice, split, unstack,
// reverse, broadcast_to and identity return tensors that share the input's
// memory (no copy). concat, stack, tile, pad and roll copy.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiln/tensor.h"

namespace kiln {

// ---- views ----

// The same elements in C order with a new shape; one dimension may be -1
// (inferred). A view when the input's strides allow one, else a copy.
Tensor reshape(const Tensor& x, const std::vector<int64_t>& shape);
// Axes permuted: output axis i is input axis perm[i]; no perm reverses the
// axes. conjugate=true also conjugates complex values (a copy).
Tensor transpose(const Tensor& x, const std::optional<std::vector<int64_t>>& perm = std::nullopt,
                 bool conjugate = false);
// A new axis of size 1 at `axis` (in [-rank-1, rank]).
Tensor expand_dims(const Tensor& x, int64_t axis);
// The axes of size 1 removed: all of them, or only those in `axis`.
Tensor squeeze(const Tensor& x, const std::vector<int64_t>& axis = {});
// x seen with `shape` by NumPy broadcasting (broadcast axes have stride 0).
Tensor broadcast_to(const Tensor& x, const std::vector<int64_t>& shape);
// x itself (a new handle on the same memory).
Tensor identity(const Tensor& x);
// identity, as a node through which gradients do not flow (tf.stop_gradient).
Tensor stop_gradient(const Tensor& x);
// size[i] elements from begin[i] along every axis i; size -1 means "to the end".
Tensor slice(const Tensor& x, const std::vector<int64_t>& begin, const std::vector<int64_t>& size);

// The arguments of strided_slice beyond the tensor, as TF's StridedSlice op.
struct StridedSliceOptions {
  std::vector<int64_t> strides;  // empty: all 1
  int64_t begin_mask = 0;
  int64_t end_mask = 0;
  int64_t ellipsis_mask = 0;
  int64_t new_axis_mask = 0;
  int64_t shrink_axis_mask = 0;
};
// NumPy's basic indexing in TF's encoding: x[begin:end:stride, ...] with
// bit i of each mask changing the meaning of entry i.
Tensor strided_slice(const Tensor& x, const std::vector<int64_t>& begin,
                     const std::vector<int64_t>& end, const StridedSliceOptions& options = {});
// The tensors x[i] along `axis` (num = the axis length when not given).
std::vector<Tensor> unstack(const Tensor& x, std::optional<int64_t> num = std::nullopt,
                            int64_t axis = 0);
// `num` equal pieces along `axis`.
std::vector<Tensor> split(const Tensor& x, int64_t num, int64_t axis = 0);
// Pieces of the given sizes along `axis`; one size may be -1 (the rest).
std::vector<Tensor> split(const Tensor& x, const std::vector<int64_t>& sizes, int64_t axis = 0);
// x with the order of elements reversed along each of `axis`.
Tensor reverse(const Tensor& x, const std::vector<int64_t>& axis);

// ---- copies ----

// The tensors joined along an existing axis; all of one dtype, shapes equal
// except along `axis`.
Tensor concat(const std::vector<Tensor>& values, int64_t axis);
// The tensors (all of one shape and dtype) joined along a new axis.
Tensor stack(const std::vector<Tensor>& values, int64_t axis = 0);
// x repeated multiples[i] times along axis i.
Tensor tile(const Tensor& x, const std::vector<int64_t>& multiples);
// x padded with paddings[i] = {before, after} elements on axis i. mode is
// "CONSTANT" (with constant_value, a scalar of x's dtype; zero when absent),
// "REFLECT" or "SYMMETRIC" (any case).
Tensor pad(const Tensor& x, const std::vector<std::pair<int64_t, int64_t>>& paddings,
           const std::string& mode = "CONSTANT",
           const std::optional<Tensor>& constant_value = std::nullopt);
// Elements shifted by shift[i] positions along axis[i], wrapping around.
Tensor roll(const Tensor& x, const std::vector<int64_t>& shift, const std::vector<int64_t>& axis);

// ---- shape queries ----

// The dims of x, as a 1-D tensor of out_type (int32 or int64).
Tensor shape(const Tensor& x, DType out_type = int32);
// The number of elements of x, as a scalar of out_type (int32 or int64).
Tensor size(const Tensor& x, DType out_type = int32);
// The rank of x, as an int32 scalar.
Tensor rank(const Tensor& x);

}  // namespace kiln
