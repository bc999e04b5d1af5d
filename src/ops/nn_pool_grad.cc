// Gradients of the pooling ops (nn_pool_ops.cc), as TF's nn_grad.py builds
// them: max_pool -> max_pool_grad -> max_pool_grad_grad -> max_pool_grad
// (each second-order step differentiates only the incoming gradient: the
// window maxima are piecewise constant in the input), avg_pool ->
// avg_pool_grad -> avg_pool, max_pool_with_argmax -> max_pool_grad_with_argmax
// (which has none, as in TF: LookupError).
#include <string>

#include "kiln/error.h"
#include "ops/nn_pool_grad.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using Dx = std::span<GradValue>;

// "max_pool" -> "max_pool_grad", "max_pool3d_grad" -> "max_pool3d_grad_grad".
std::string grad_name(const GradArgs& a) { return std::string(a.op.name) + "_grad"; }

void grad_max_pool(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = g.op(grad_name(a), {a.inputs[0], a.outputs[0], a.grads[0]}, a.attrs);
}

// max_pool_grad is linear in its grad; orig_input and orig_output only
// choose where it goes (zeros, as TF's).
void grad_max_pool_grad(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = g.zeros_like(a.inputs[0]);
  dx[1] = g.zeros_like(a.inputs[1]);
  dx[2] = g.op(grad_name(a), {a.inputs[0], a.inputs[1], a.grads[0]}, a.attrs);
}

// max_pool_grad_grad is linear in its grad, and its adjoint is max_pool_grad.
void grad_max_pool_grad_grad(Grad& g, const GradArgs& a, Dx dx) {
  std::string name(a.op.name);
  name.resize(name.size() - std::string("_grad").size());
  dx[0] = g.zeros_like(a.inputs[0]);
  dx[1] = g.zeros_like(a.inputs[1]);
  dx[2] = g.op(name, {a.inputs[0], a.inputs[1], a.grads[0]}, a.attrs);
}

// avg_pool_grad(shape(x), dy): the shape is an attribute, given by a tensor
// when the graph knows it only when it runs.
void grad_avg_pool(Grad& g, const GradArgs& a, Dx dx) {
  GradValue x = a.inputs[0];
  std::string name = grad_name(a);
  Attrs attrs{std::vector<int64_t>{}};
  attrs.insert(attrs.end(), a.attrs.begin(), a.attrs.end());
  Shape s = g.spec(x).shape;
  if (s.is_fully_defined()) {
    attrs[0] = std::vector<int64_t>(s.dims().begin(), s.dims().end());
    dx[0] = g.op(name, {a.grads[0]}, attrs);
  } else {
    dx[0] = g.ops(name, std::span<const GradValue>(&a.grads[0], 1), attrs,
                  std::vector<std::pair<int, GradValue>>{{0, g.shape_of(x)}})[0];
  }
}

// avg_pool_grad is linear in grad, with avg_pool as its adjoint.
void grad_avg_pool_grad(Grad& g, const GradArgs& a, Dx dx) {
  std::string name(a.op.name);
  name.resize(name.size() - std::string("_grad").size());
  dx[0] = g.op(name, {a.grads[0]}, Attrs(a.attrs.begin() + 1, a.attrs.end()));
}

// attrs: ksize, strides, Targmax, padding, include_batch_in_index. The
// argmax output carries no gradient.
void grad_max_pool_with_argmax(Grad& g, const GradArgs& a, Dx dx) {
  const Attrs& at = a.attrs;
  dx[0] = g.op("max_pool_grad_with_argmax", {a.inputs[0], g.grad_or_zeros(a, 0), a.outputs[1]},
               {at[0], at[1], at[3], at[4]});
}

}  // namespace

void no_tf_gradient(Grad&, const GradArgs& a, Dx) {
  throw LookupError("No gradient defined for operation '" + std::string(a.op.name) +
                    "' (TF defines none either). Use kiln.stop_gradient on its inputs if no "
                    "gradient should flow through it.");
}

void register_nn_pool_gradients(Registry& r) {
  for (const char* p : {"max_pool", "max_pool3d"}) {
    std::string op(p);
    r.set_gradient(op, grad_max_pool);
    r.set_gradient(op + "_grad", grad_max_pool_grad);
    r.set_gradient(op + "_grad_grad", grad_max_pool_grad_grad);
  }
  for (const char* op : {"avg_pool", "avg_pool3d"}) {
    r.set_gradient(op, grad_avg_pool);
    r.set_gradient(std::string(op) + "_grad", grad_avg_pool_grad);
  }
  r.set_gradient("max_pool_with_argmax", grad_max_pool_with_argmax);
  r.set_gradient("max_pool_grad_with_argmax", no_tf_gradient);
}

}  // namespace kiln
