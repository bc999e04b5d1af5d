// Gradients of the index ops (index_ops.cc). TF returns IndexedSlices for
// gather; kiln has no sparse gradients, so every gradient here is dense.
// Index, mask and depth inputs get none.
#include "ops/registry.h"
#include "ops/select_grad.h"

namespace kiln {
namespace {

using Dx = std::span<GradValue>;

// gather: dy added to the rows it was gathered from. Along axis 0 without
// batch dimensions (embedding lookups, the common case) that is one
// unsorted_segment_sum over the indices; otherwise scatter_selection.
void grad_gather(Grad& g, const GradArgs& a, Dx dx) {
  GradValue params = a.inputs[0], indices = a.inputs[1], dy = a.grads[0];
  const Shape ps = g.spec(params).shape;
  int64_t axis = g.attr_int(a, "axis");
  if (axis < 0 && ps.has_known_rank()) axis += ps.rank();
  if (axis == 0 && g.attr_int(a, "batch_dims") == 0) {
    GradValue summed;
    if (ps.has_known_rank() && ps.dims()[0] != kUnknownDim) {
      summed = g.op("unsorted_segment_sum", {dy, indices}, {ps.dims()[0]});
    } else {
      summed = g.op_with("unsorted_segment_sum", {dy, indices}, {int64_t{0}},
                         {{0, dim_of(g, params, 0)}});
    }
    dx[0] = g.reshape_like(summed, params);
    return;
  }
  dx[0] = scatter_selection(g, params, dy, [&](GradValue iota) {
    return g.op("gather", {iota, indices}, a.attrs);
  });
}

void grad_gather_nd(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = scatter_selection(g, a.inputs[0], a.grads[0], [&](GradValue iota) {
    return g.op("gather_nd", {iota, a.inputs[1]}, a.attrs);
  });
}

void grad_boolean_mask(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = scatter_selection(g, a.inputs[0], a.grads[0], [&](GradValue iota) {
    return g.op("boolean_mask", {iota, a.inputs[1]}, a.attrs);
  });
}

// scatter_nd(indices, updates): each update went to its index (duplicates
// summed), so its gradient is dy read back there.
void grad_scatter_nd(Grad& g, const GradArgs& a, Dx dx) {
  dx[1] = g.op("gather_nd", {a.grads[0], a.inputs[0]}, {int64_t{0}});
}

// tensor_scatter_nd_update(tensor, indices, updates): the tensor's elements
// that were overwritten get zero; the updates get dy at their indices (every
// update, also one a later duplicate overwrote, as TF's).
void grad_tensor_scatter_nd_update(Grad& g, const GradArgs& a, Dx dx) {
  GradValue indices = a.inputs[1], updates = a.inputs[2], dy = a.grads[0];
  dx[0] = g.op("tensor_scatter_nd_update", {dy, indices, g.zeros_like(updates)});
  dx[2] = g.op("gather_nd", {dy, indices}, {int64_t{0}});
}

}  // namespace

void register_index_gradients(Registry& r) {
  r.set_gradient("gather", grad_gather);
  r.set_gradient("gather_nd", grad_gather_nd);
  r.set_gradient("boolean_mask", grad_boolean_mask);
  r.set_gradient("scatter_nd", grad_scatter_nd);
  r.set_gradient("tensor_scatter_nd_update", grad_tensor_scatter_nd_update);
  // Integer or boolean results, as TF's (one_hot: NotDifferentiable, also in
  // on_value and off_value).
  for (const char* name : {"where_indices", "one_hot", "sequence_mask"}) r.set_no_gradient(name);
}

}  // namespace kiln
