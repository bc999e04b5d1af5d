// Gradients of the image ops (image_ops.cc). Resizing is linear in the image:
// resize's gradient is resize_grad (the transposed resampling weights), and
// resize_grad's is resize again, with the same method and flags.
#include "ops/gradient.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using Dx = std::span<GradValue>;

// `op` applied to dy with a's method and flags, and size = the spatial size
// [height, width] of `like` (static when known, else read when the graph
// runs); cast to like's dtype (resize computes in float32).
GradValue resample_back(Grad& g, const GradArgs& a, const char* op, GradValue dy, GradValue like) {
  Attrs attrs = a.attrs;
  const Shape s = g.spec(like).shape;
  GradValue out;
  if (s.has_known_rank() && s.dim(1) != kUnknownDim && s.dim(2) != kUnknownDim) {
    attrs[0] = std::vector<int64_t>{s.dim(1), s.dim(2)};
    out = g.op(op, {dy}, attrs);
  } else {
    attrs[0] = std::vector<int64_t>{};
    GradValue size = g.op("slice", {g.shape_of(like)}, {std::vector<int64_t>{1},
                                                        std::vector<int64_t>{2}});
    out = g.op_with(op, {dy}, attrs, {{0, size}});
  }
  DType d = g.dtype(like);
  return g.dtype(out) == d ? out : g.cast(out, d);
}

void grad_resize(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = resample_back(g, a, "resize_grad", g.grad_or_zeros(a, 0), a.inputs[0]);
}

void grad_resize_grad(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = resample_back(g, a, "resize", g.grad_or_zeros(a, 0), a.inputs[0]);
}

}  // namespace

void register_image_gradients(Registry& r) {
  r.set_gradient("resize", grad_resize);
  r.set_gradient("resize_grad", grad_resize_grad);
}

}  // namespace kiln
