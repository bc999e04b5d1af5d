// The registry of all ops. Each op family registers its OpDefs from its own
// file (src/ops/<family>.cc) through one function listed in registry.cc.
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "ops/op_def.h"

namespace kiln {

class Registry {
 public:
  static const Registry& get();

  // nullptr when no op has this name.
  const OpDef* find(std::string_view name) const;
  // InternalError naming the op when it is not registered (a kiln bug).
  const OpDef& at(std::string_view name) const;
  std::span<const OpDef* const> all() const { return ops_; }
  // The op's position in all(): a stable handle for bindings.
  int index_of(const OpDef& op) const;

  void add(OpDef op);  // only during registration
  // Declares op `name`'s gradient, or that it has none (only during registration).
  void set_gradient(std::string_view name, GradFn grad);
  void set_no_gradient(std::string_view name);

 private:
  std::vector<std::unique_ptr<OpDef>> storage_;
  std::vector<const OpDef*> ops_;
  std::string_view family_;  // the family registering now (OpDef::family)
};

// InvalidArgumentError ("[op] takes 2 inputs, got 3.") unless op takes n inputs.
void check_input_count(const OpDef& op, int n);

// One per family; each lives in its family's file.
void register_creation_ops(Registry& r);     // fill, zeros, ones, range, linspace, eye, ...
void register_binary_ops(Registry& r);       // add, subtract, comparisons, logical, bitwise, where
void register_unary_ops(Registry& r);        // abs, exp, ..., activations, softmax
void register_cast_ops(Registry& r);         // cast, saturate_cast
void register_reduction_ops(Registry& r);    // reduce_*, argmax, cumsum, sort, top_k
void register_linalg_ops(Registry& r);       // matmul, tensordot, einsum, trace, diag_part
void register_linalg_lapack_ops(Registry& r); // inv, det, slogdet, solve, cholesky, qr, svd, eigh, ...
void register_linalg_diag_ops(Registry& r);   // diag, set_diag, band_part
void register_shape_ops(Registry& r);        // reshape, transpose, concat, slice, pad, tile, ...
void register_index_ops(Registry& r);        // gather, scatter_nd, boolean_mask, one_hot, ...
void register_segment_ops(Registry& r);      // segment_sum, unsorted_segment_sum, ...
void register_search_ops(Registry& r);       // unique, bincount, histogram_fixed_width, lower_bound
void register_random_ops(Registry& r);       // tf.random.*, stateful and stateless
void register_graph_ops(Registry& r);        // const, placeholder, placeholder_with_default, no_op
void register_control_flow_ops(Registry& r); // cond, while_loop, loop_var
void register_host_ops(Registry& r);         // numpy_function
void register_variable_ops(Registry& r);     // var_handle, read_variable, assign_variable, ...
void register_gradient_ops(Registry& r);     // broadcast_gradient_args
void register_nn_conv_ops(Registry& r);      // conv2d, conv3d, depthwise, their backprops (oneDNN)
void register_nn_pool_ops(Registry& r);      // max_pool, avg_pool, their gradients (own loops)
void register_nn_norm_ops(Registry& r);      // fused_batch_norm, lrn and gradients (oneDNN)
void register_image_ops(Registry& r);        // resize and its gradient

}  // namespace kiln
