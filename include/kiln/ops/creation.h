// The creation ops, as C++ free functions (see src/ops/creation_ops.cc).
// kiln::fill, zeros and ones are declared with Tensor in kiln/tensor.h.
#pragma once

#include <cstdint>

#include "kiln/tensor.h"

namespace kiln {

// The 1-D tensor start, start + delta, ... up to but excluding limit (as
// tf.range). start, limit and delta are scalars of one integer or float
// dtype. InvalidArgumentError when delta is 0 or a value is not finite; a
// negative count (limit on the wrong side of start) gives an empty tensor.
Tensor range(const Tensor& start, const Tensor& limit, const Tensor& delta);

// `num` evenly spaced values from start to stop, both included exactly (as
// tf.linspace). start and stop are float tensors of one dtype that
// broadcast; the values run along `axis` of the result, whose other axes
// are the broadcast shape. num == 1 gives start; num == 0 an empty tensor.
Tensor linspace(const Tensor& start, const Tensor& stop, int64_t num, int64_t axis = 0);

}  // namespace kiln
