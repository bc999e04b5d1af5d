#include "kiln/function.h"

#include <string>

#include "kiln/error.h"
#include "runtime/plan.h"

namespace kiln {

Function::Function(const Body& body, std::vector<TensorSpec> signature) {
  for (const TensorSpec& spec : signature) {
    inputs_.push_back(graph_.placeholder(spec.dtype, spec.shape));
  }
  std::vector<Output> outputs = body(graph_, inputs_);
  plan_ = compile_plan(graph_, outputs, inputs_, {});
}

std::vector<Tensor> Function::operator()(std::span<const Tensor> args,
                                            const RunOptions& options) const {
  if (args.size() != inputs_.size()) {
    throw InvalidArgumentError("This kiln::Function takes " + std::to_string(inputs_.size()) +
                               " arguments, got " + std::to_string(args.size()) + ".");
  }
  std::vector<Array> values;
  values.reserve(args.size());
  for (const Tensor& t : args) values.push_back(t.array());
  std::vector<Tensor> out;
  for (Array& a : plan_->run(values, options)) out.emplace_back(std::move(a));
  return out;
}

std::vector<Tensor> Function::operator()(std::initializer_list<Tensor> args) const {
  return (*this)(std::span<const Tensor>(args.begin(), args.size()));
}

}  // namespace kiln
