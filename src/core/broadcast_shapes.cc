// The broadcast shape of two operands, with partly known shapes: declared for
// users in kiln/ops.h, and for the layers below the api in core/broadcast.h
// (inference in the ops layer computes it).
#include <algorithm>
#include <string>

#include "core/broadcast.h"
#include "kiln/error.h"

namespace kiln {

Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op) {
  if (!a.has_known_rank() || !b.has_known_rank()) return Shape::unknown_rank();
  const Dims& x = a.dims();
  const Dims& y = b.dims();
  size_t rank = std::max(x.size(), y.size());
  Dims out(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Right-aligned: a missing leading axis acts as size 1.
    int64_t dx = i < rank - x.size() ? 1 : x[i - (rank - x.size())];
    int64_t dy = i < rank - y.size() ? 1 : y[i - (rank - y.size())];
    if (dx == 1) out[i] = dy;
    else if (dy == 1) out[i] = dx;
    else if (dx == kUnknownDim) out[i] = dy;
    else if (dy == kUnknownDim || dx == dy) out[i] = dx;
    else {
      throw InvalidArgumentError("[" + std::string(op) + "] Incompatible shapes: " +
                                 a.to_string() + " and " + b.to_string() + " do not broadcast (axis " +
                                 std::to_string(i) + ": " + std::to_string(dx) + " vs " +
                                 std::to_string(dy) + "). Each axis must match or be 1.");
    }
  }
  return Shape(std::move(out));
}

}  // namespace kiln
