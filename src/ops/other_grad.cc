// Gradients of ops whose families have no gradient file: casts, identity,
// graph constructs, random draws, variables, control flow, host calls.
#include "ops/gradient.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using Dx = std::span<GradValue>;

void grad_identity(Grad&, const GradArgs& a, Dx dx) { dx[0] = a.grads[0]; }

void grad_cast(Grad& g, const GradArgs& a, Dx dx) {  // back to the input's dtype
  DType from = g.dtype(a.inputs[0]);
  if (differentiable(from) && differentiable(g.dtype(a.outputs[0]))) {
    dx[0] = g.cast(a.grads[0], from);
  }
}

}  // namespace

void register_other_gradients(Registry& r) {
  r.set_gradient("identity", grad_identity);
  r.set_gradient("ensure_shape", grad_identity);
  r.set_gradient("cast", grad_cast);
  r.set_gradient("saturate_cast", grad_cast);
  r.set_gradient("placeholder_with_default", grad_identity);
  r.set_gradient("read_variable", grad_identity);
  r.set_no_gradient("stop_gradient");
  r.set_no_gradient("broadcast_gradient_args");
}

}  // namespace kiln
