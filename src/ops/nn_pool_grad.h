// A gradient for ops TF registers none for (MaxPoolGradWithArgmax, LRNGrad):
// tf.gradients raises LookupError there, and so does kiln, rather than give
// None, which would silently drop a term. Defined in nn_pool_grad.cc.
#pragma once

#include "ops/gradient.h"

namespace kiln {

void no_tf_gradient(Grad& g, const GradArgs& a, std::span<GradValue> dx);

}  // namespace kiln
