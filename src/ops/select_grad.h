// Helpers the shape, index and segment gradients share (shape_grad.cc,
// index_grad.cc, segment_grad.cc): one dimension of a
// value, and the gradient of any op that only picks elements of its input.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "ops/gradient.h"

namespace kiln {

// Dimension `axis` (>= 0) of x as an int32 scalar: a constant when known,
// else read off shape(x) when the graph runs.
GradValue dim_of(Grad& g, GradValue x, int64_t axis);

// `axis` made non-negative for a value of x's rank; UnimplementedError (naming
// `op`) when it is negative and the rank is known only when the graph runs.
int64_t grad_axis(Grad& g, std::string_view op, GradValue x, int64_t axis);

// The gradient of y = select(x) for an op that only picks elements of x
// (strided slices, gathers, boolean masks, mirror pads): each element of dy
// added to the position of x it was picked from. `select` applies the same op
// to an integer tensor shaped like x holding 0, 1, 2, ... (the flat position
// of each element), so its result says where each element of y came from;
// one unsorted_segment_sum then adds dy there (positions picked twice get the
// sum, positions never picked get zero). One rule for every mask, axis and
// batch dimension the forward op accepts, and shapes may be known only when
// the graph runs.
GradValue scatter_selection(Grad& g, GradValue x, GradValue dy,
                            const std::function<GradValue(GradValue iota)>& select);

}  // namespace kiln
