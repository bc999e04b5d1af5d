// Gradients of ops whose families have no gradient file: casts, identity,
// graph constructs, random draws, variables, control flow, host calls.
#include <string>

#include "kiln/error.h"
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

// Only Python knows a construct's branches as functions to differentiate
// (python/kiln/_control_flow_grad.py replaces cond records before backprop runs).
void grad_control_flow(Grad&, const GradArgs& a, Dx) {
  throw UnimplementedError("[" + std::string(a.op.name) + "] kiln differentiates control flow "
                           "only from Python (kiln.GradientTape, kiln.gradients), and while_loop "
                           "not yet in graphs: run the loop eagerly, or unroll it with a Python "
                           "loop over a known count.");
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
  // Random draws: their values do not depend differentiably on their inputs
  // (shapes, seeds, counts). TF differentiates random_gamma with respect to
  // alpha; kiln does not yet (its inputs get None).
  for (const char* name :
       {"random_uniform", "stateless_random_uniform", "random_uniform_int",
        "stateless_random_uniform_int", "random_normal", "stateless_random_normal",
        "truncated_normal", "stateless_truncated_normal", "stateless_random_uniform_full_int",
        "random_shuffle", "multinomial", "random_gamma", "random_poisson", "stateless_multinomial",
        "stateless_random_gamma", "stateless_random_poisson"}) {
    r.set_no_gradient(name);
  }
  // Graph constructs and state: leaves of differentiation. Gradients reach a
  // variable through its reads (read_variable, above); cond is differentiated
  // by the Python layer (python/kiln/_control_flow_grad.py), which knows its branches.
  for (const char* name : {"const", "placeholder", "no_op", "loop_var", "var_handle",
                           "var_is_initialized", "assign_variable", "assign_add_variable",
                           "assign_sub_variable", "scatter_nd_update_variable",
                           "scatter_nd_add_variable", "scatter_nd_sub_variable",
                           "numpy_function"}) {
    r.set_no_gradient(name);
  }
  r.set_gradient("cond", grad_control_flow);
  r.set_gradient("while_loop", grad_control_flow);
}

}  // namespace kiln
