// A GradBuilder over concrete arrays: every op a gradient function applies
// runs now (execute_arrays). C++'s eager tape and the gradient checks of
// tests/cpp use it.
#pragma once

#include <vector>

#include "ops/gradient.h"

namespace kiln {

class EagerGradBuilder final : public GradBuilder {
 public:
  GradValue add(Array value);
  const Array& value(GradValue v) const;

  std::vector<GradValue> apply(const OpDef& op, std::span<const GradValue> inputs,
                               const Attrs& attrs,
                               std::span<const std::pair<int, GradValue>> attr_inputs) override;
  GradValue constant(Array value) override { return add(std::move(value)); }
  TensorSpec spec(GradValue v) override;

 private:
  std::vector<Array> values_;
};

}  // namespace kiln
