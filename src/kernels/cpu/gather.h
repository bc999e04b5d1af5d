// CPU kernels of the index family: gathers (gather, gather_nd, boolean_mask,
// where_indices) and scatters (scatter_nd, tensor_scatter_nd_update, one_hot,
// sequence_mask), and the strided-block helpers they share.
//
// Every kernel reads its inputs in place through their byte strides and
// writes a new C-contiguous output. Index values are validated by the op
// before any element moves, so no kernel can read or write out of bounds.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kiln/array.h"
#include "kiln/attr.h"  // TensorSpec

namespace kiln::cpu {

// `op` is the calling op's name: errors start "[op] ", as the op's own do.

// A strided block of elements: the part of an array that one index selects
// (e.g. one row params[i, ...]). `dims` and byte `strides` describe it, from a
// start address given separately.
struct Block {
  Dims dims;
  // {contiguous destination strides, source strides}, as for_each_row walks them.
  std::array<Strides, 2> walk;
  size_t elem = 1;       // bytes per element
  int64_t count = 1;     // elements
  bool contiguous = true;  // C-contiguous: one memcpy of count * elem bytes

  // The trailing axes [first, rank) of `a`.
  static Block trailing(const Array& a, int64_t first);
};

// Byte offset of the element at C-order position `flat` of the leading axes
// dims[0..n) of an array with byte strides `strides`.
int64_t strided_offset(int64_t flat, const int64_t* dims, const int64_t* strides, int64_t n);

// Copies `count` blocks into `out` (contiguous, count * block.count
// elements): block t starts at src + offset_of(t). Splits large work over
// threads; each block lands in its own place, so the result is deterministic.
template <class OffsetOf>
void copy_blocks(const char* src, const Block& block, int64_t count, OffsetOf offset_of, char* out);

// Indices as an array of int32 or int64 (any other integer dtype is widened to
// a contiguous int64 copy); the kernels are instantiated for those two only.
Array index_array(const Array& indices);

// The value of element `i` (C order) of a contiguous int32/int64 array.
int64_t index_at(const Array& indices, int64_t i);

// "[1, 0]": the C-order position `flat` of `dims` as a multi-index, as TF
// writes positions in its error messages ("indices[1,0] = ...").
std::string position_text(int64_t flat, const Dims& dims);

// Checks that every index tuple (the last axis of `indices`, int32/int64,
// contiguous) addresses axes [first_axis, first_axis + m) of `shape`;
// InvalidArgumentError naming the first tuple that does not (as TF: "indices[1]
// = [5, 0] does not index into ...").
void check_index_tuples(std::string_view op, const Array& indices, const Shape& shape,
                        int64_t first_axis, const char* what);

// C-order positions of the non-zero elements of `a` (any dtype; NaN counts
// as non-zero, as in NumPy).
std::vector<int64_t> nonzero_positions(const Array& a);

// ---- the ops' kernels (see src/ops/index_ops.cc for their contracts) ----

// out[b, o, n, ...] = params[b, o, indices[b, n], ...]; indices validated.
Array gather(std::string_view op, const Array& params, const Array& indices, int64_t axis,
             int64_t batch_dims, const TensorSpec& out);
Array gather_nd(std::string_view op, const Array& params, const Array& indices, int64_t batch_dims,
                const TensorSpec& out);
// tensor[..., mask, ...] along axes [axis, axis + mask.ndim).
Array boolean_mask(const Array& tensor, const Array& mask, int64_t axis);
// int64 [num_nonzero, rank]: the coordinates of the non-zero elements.
Array where_indices(const Array& cond);

// `base` (a contiguous copy of the tensor, or zeros) with updates written at
// indices: added when `accumulate` (duplicates sum), else assigned (the last
// duplicate wins).
// `what` names base in errors ("tensor", "the output").
void scatter_nd_into(std::string_view op, Array& base, const Array& indices, const Array& updates,
                     bool accumulate, const char* what);
Array one_hot(const Array& indices, const Array& on_value, const Array& off_value, int64_t depth,
              int64_t axis, const TensorSpec& out);
// maxlen < 0: the largest length (at least 0).
Array sequence_mask(const Array& lengths, int64_t maxlen, DType dtype);

}  // namespace kiln::cpu

#include "kernels/cpu/gather_inl.h"
