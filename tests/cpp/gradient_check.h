// Checks an op's registered gradient against central finite differences, in
// float64: the analytic vector-Jacobian product of L = sum_k <out_k, w_k>
// (random weights w_k) against (L(x + h e_i) - L(x - h e_i)) / 2h.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "kiln/tensor.h"
#include "ops/backprop.h"
#include "ops/eager_grad_builder.h"
#include "ops/execute.h"
#include "ops/registry.h"

namespace kiln::testing {

// Random float64 values in [lo, hi] of `shape` (seeded: reproducible).
inline Array random_doubles(const Shape& shape, double lo = -2, double hi = 2, unsigned seed = 7) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> dist(lo, hi);
  std::vector<double> v(static_cast<size_t>(shape.num_elements()));
  for (double& x : v) x = dist(gen);
  return constant(v, shape).array();
}

inline double weighted_sum(const Arrays& outs, const std::vector<std::optional<Array>>& weights) {
  double total = 0;
  for (size_t k = 0; k < outs.size(); ++k) {
    if (!weights[k]) continue;
    std::vector<double> o = Tensor(outs[k]).to_vector<double>();
    std::vector<double> w = Tensor(*weights[k]).to_vector<double>();
    for (size_t i = 0; i < o.size(); ++i) total += o[i] * w[i];
  }
  return total;
}

// The gradients of op `name` at `inputs` with respect to each input, when
// output k gets the incoming gradient seeds[k] (nullopt or missing: none);
// nullopt where the gradient is None.
inline std::vector<std::optional<Array>> op_gradients(
    std::string_view name, const std::vector<Array>& inputs, const Attrs& attrs,
    const std::vector<std::optional<Array>>& seeds) {
  const OpDef& op = Registry::get().at(name);
  Arrays outs = execute_arrays(op, inputs, attrs);
  EagerGradBuilder b;
  GradRecord rec;
  rec.op = &op;
  rec.attrs = attrs;
  for (const Array& x : inputs) rec.inputs.push_back(b.add(x));
  for (const Array& y : outs) rec.outputs.push_back(b.add(y));
  std::vector<GradValue> targets, grads_in;
  for (size_t k = 0; k < outs.size() && k < seeds.size(); ++k) {
    if (seeds[k]) {
      targets.push_back(rec.outputs[k]);
      grads_in.push_back(b.add(*seeds[k]));
    }
  }
  std::vector<GradValue> grads = backprop(b, std::span<const GradRecord>(&rec, 1), targets,
                                          grads_in, rec.inputs, Unconnected::kNone);
  std::vector<std::optional<Array>> result;
  for (GradValue g : grads) {
    result.push_back(g.defined() ? std::optional<Array>(b.value(g)) : std::nullopt);
  }
  return result;
}

// Expects op `name`'s gradient, at `inputs` with `attrs`, to match finite
// differences for every float64 input, within atol + rtol * |numeric|.
inline void expect_gradient_matches(std::string_view name, std::vector<Array> inputs,
                                    const Attrs& attrs = {}, double rtol = 1e-5,
                                    double atol = 1e-6, double h = 1e-6) {
  const OpDef& op = Registry::get().at(name);
  ASSERT_TRUE(op.grad != nullptr) << name << " has no gradient";
  Arrays outs = execute_arrays(op, inputs, attrs);
  std::vector<std::optional<Array>> weights;
  for (size_t k = 0; k < outs.size(); ++k) {
    if (outs[k].dtype() == float64) weights.push_back(random_doubles(outs[k].shape(), -1, 1, 11 + k));
    else weights.emplace_back();
  }
  std::vector<std::optional<Array>> grads = op_gradients(name, inputs, attrs, weights);
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].dtype() != float64) continue;
    std::vector<double> x = Tensor(inputs[i]).to_vector<double>();
    std::vector<double> analytic = grads[i] ? Tensor(*grads[i]).to_vector<double>()
                                            : std::vector<double>(x.size(), 0.0);
    ASSERT_EQ(analytic.size(), x.size()) << name << ": gradient of input " << i << " has shape "
                                         << grads[i]->shape().to_string();
    for (size_t e = 0; e < x.size(); ++e) {
      auto at = [&](double delta) {
        std::vector<double> moved = x;
        moved[e] += delta;
        std::vector<Array> in = inputs;
        in[i] = constant(moved, inputs[i].shape()).array();
        return weighted_sum(execute_arrays(op, in, attrs), weights);
      };
      double step = h * std::max(1.0, std::abs(x[e]));
      double numeric = (at(step) - at(-step)) / (2 * step);
      EXPECT_NEAR(analytic[e], numeric, atol + rtol * std::abs(numeric))
          << name << ": d/d input " << i << " element " << e;
    }
  }
}

}  // namespace kiln::testing
