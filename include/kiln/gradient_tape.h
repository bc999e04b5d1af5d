// kiln::GradientTape: reverse-mode differentiation of eager C++ code (TF's
// tf.GradientTape). While a tape lives, the ops that kiln's C++ functions
// run in this thread on tensors it watches (or on their results) are
// recorded; gradient() differentiates them with the registry's gradients,
// the ones Python's tape and kiln::gradients use.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "kiln/tensor.h"

namespace kiln {

class GradientTape {
 public:
  // persistent: gradient() may be called more than once.
  explicit GradientTape(bool persistent = false);
  ~GradientTape();
  GradientTape(const GradientTape&) = delete;
  GradientTape& operator=(const GradientTape&) = delete;

  // Records the ops applied to x from now on (and to their results).
  void watch(const Tensor& x);

  // The gradients of sum(target * output_gradient) (output_gradient: ones by
  // default) with respect to each source; nullopt for a source the target
  // does not depend on, or of integer or bool dtype. Stops recording.
  // FailedPreconditionError on a second call to a tape that is not persistent.
  std::vector<std::optional<Tensor>> gradient(const Tensor& target,
                                              std::span<const Tensor> sources,
                                              const std::optional<Tensor>& output_gradient = {});

  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace kiln
