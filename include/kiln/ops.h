// Ops on tensors, as free functions (the same names as kiln's Python ops).
// Each validates its inputs and throws a kiln::Error whose message starts
// with "[op]", names the shapes and dtypes, and says what to do.
#pragma once

#include "kiln/tensor.h"

namespace kiln {

// The shape both operands broadcast to, by NumPy's rules; InvalidArgumentError
// naming `op` and both shapes when they do not broadcast.
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op);

}  // namespace kiln

#include "kiln/ops/binary.h"
#include "kiln/ops/cast.h"
#include "kiln/ops/creation.h"
#include "kiln/ops/index.h"
#include "kiln/ops/linalg.h"
#include "kiln/ops/linalg_diag.h"
#include "kiln/ops/linalg_lapack.h"
#include "kiln/ops/random.h"
#include "kiln/ops/reduction.h"
#include "kiln/ops/search.h"
#include "kiln/ops/segment.h"
#include "kiln/ops/shape.h"
#include "kiln/ops/unary.h"
#include "kiln/ops/variable.h"
#include "kiln/ops/nn.h"
