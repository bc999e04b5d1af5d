#include "ops/select_grad.h"

#include <limits>
#include <string>

#include "kiln/error.h"

namespace kiln {

GradValue dim_of(Grad& g, GradValue x, int64_t axis) {
  const Shape s = g.spec(x).shape;
  if (s.has_known_rank() && s.dims()[static_cast<size_t>(axis)] != kUnknownDim) {
    return g.scalar(int32, static_cast<double>(s.dims()[static_cast<size_t>(axis)]));
  }
  // shape(x)[axis], a scalar (shrink_axis_mask 1).
  using IntList = std::vector<int64_t>;
  return g.op("strided_slice", {g.shape_of(x)},
              {IntList{axis}, IntList{axis + 1}, IntList{1}, int64_t{0}, int64_t{0}, int64_t{0},
               int64_t{0}, int64_t{1}});
}

int64_t grad_axis(Grad& g, std::string_view op, GradValue x, int64_t axis) {
  if (axis >= 0) return axis;
  const Shape s = g.spec(x).shape;
  if (!s.has_known_rank()) {
    throw UnimplementedError("[" + std::string(op) +
                             "] kiln cannot build this op's gradient for "
                             "the negative axis " +
                             std::to_string(axis) +
                             " of a tensor whose "
                             "rank is known only when the graph runs; give a non-negative axis.");
  }
  return axis + s.rank();
}

GradValue scatter_selection(Grad& g, GradValue x, GradValue dy,
                            const std::function<GradValue(GradValue iota)>& select) {
  const Shape s = g.spec(x).shape;
  const bool known = s.is_fully_defined();
  // int32 positions unless x may have more elements than int32 counts.
  const DType index =
      known && s.num_elements() <= std::numeric_limits<int32_t>::max() ? int32 : int64;
  GradValue n = known ? g.scalar(index, static_cast<double>(s.num_elements()))
                      : g.op("size", {x}, {index});
  GradValue iota =
      g.reshape_like(g.op("range", {g.scalar(index, 0), n, g.scalar(index, 1)}), x);
  GradValue from = select(iota);  // shaped like dy: the position each element came from
  GradValue summed = known ? g.op("unsorted_segment_sum", {dy, from}, {s.num_elements()})
                           : g.op_with("unsorted_segment_sum", {dy, from}, {int64_t{0}}, {{0, n}});
  return g.reshape_like(summed, x);
}

}  // namespace kiln
