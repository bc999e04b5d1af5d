// The index ops, as C++ free functions (see src/ops/index_ops.cc). Index
// values are checked: one out of range is an InvalidArgumentError naming the
// op, the value, its position and the valid range — never a read out of
// bounds. Indices are integer tensors (int32 or int64 usually; any integer
// dtype but uint64). Negative indices are errors, as in TensorFlow.
#pragma once

#include <optional>

#include "kiln/tensor.h"

namespace kiln {

// Slices of `params` along `axis` picked by `indices` (tf.gather): the result
// has shape params.shape[:axis] + indices.shape[batch_dims:] +
// params.shape[axis + 1:]. The first `batch_dims` axes of params and indices
// are batch axes and must be equal; a negative batch_dims counts from the
// rank of indices. `axis` defaults to batch_dims, as in TF.
Tensor gather(const Tensor& params, const Tensor& indices, std::optional<int64_t> axis = std::nullopt,
              int64_t batch_dims = 0);

// Slices of `params` picked by index tuples, the last axis of `indices`
// (tf.gather_nd): shape indices.shape[:-1] + params.shape[batch_dims + m:],
// where m = indices.shape[-1].
Tensor gather_nd(const Tensor& params, const Tensor& indices, int64_t batch_dims = 0);

// A zero tensor of `shape` with `updates` added at the index tuples of
// `indices` (tf.scatter_nd): duplicate indices are summed (bools: or-ed), in
// index order, so results are deterministic.
Tensor scatter_nd(const Tensor& indices, const Tensor& updates, const Shape& shape);

// A copy of `tensor` with `updates` written at the index tuples of `indices`
// (tf.tensor_scatter_nd_update). Where an index repeats, the last update in
// index order wins (TF leaves that order unspecified; kiln defines it).
Tensor tensor_scatter_nd_update(const Tensor& tensor, const Tensor& indices, const Tensor& updates);

// The slices of `tensor` where `mask` is true (non-zero), along axes
// [axis, axis + mask.ndim) (tf.boolean_mask): shape tensor.shape[:axis] +
// [count of true] + tensor.shape[axis + mask.ndim:].
Tensor boolean_mask(const Tensor& tensor, const Tensor& mask, int64_t axis = 0);

// The coordinates of the true (non-zero) elements of `condition`, in C order:
// int64 of shape [count, rank] (the one-argument tf.where).
Tensor where_indices(const Tensor& condition);

// A one-hot encoding of `indices` (tf.one_hot): a new axis of length `depth`
// at `axis` (-1: last) holding on_value at each index and off_value
// elsewhere; an index outside [0, depth) gives a row of off_value only.
// on_value and off_value are scalars of one dtype, the result's dtype.
Tensor one_hot(const Tensor& indices, int64_t depth, const Tensor& on_value, const Tensor& off_value,
               int64_t axis = -1);
// The same with on 1 and off 0 of `dtype`.
Tensor one_hot(const Tensor& indices, int64_t depth, DType dtype = float32, int64_t axis = -1);

// mask[..., j] = j < lengths[...] (tf.sequence_mask), with a new last axis of
// `maxlen` (default: the largest length, rounded up and at least 0), as `dtype`.
Tensor sequence_mask(const Tensor& lengths, std::optional<int64_t> maxlen = std::nullopt,
                     DType dtype = bool_);

}  // namespace kiln
