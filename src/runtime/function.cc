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

Function::Function(Graph graph, std::vector<Output> inputs, std::vector<Output> outputs,
                   std::vector<int> targets, std::string name)
    : graph_(std::move(graph)), inputs_(std::move(inputs)), name_(std::move(name)) {
  // No run counter: each stateful node's steps count their own runs, which is
  // one count per node here (the function owns its one plan), so each call
  // advances a random stream. A graph's own variables are refused: only a
  // Session holds their values.
  if (!outputs.empty() || !targets.empty()) {
    plan_ = compile_plan(graph_, outputs, inputs_, targets);
  }
}

void Function::check_argument_count(size_t count) const {
  if (count != inputs_.size()) {
    throw TypeError("This function" + (name_.empty() ? std::string() : " (" + name_ + ")") +
                    " takes " + std::to_string(inputs_.size()) + " tensor arguments, got " +
                    std::to_string(count) + ".");
  }
}

Arrays Function::run(std::span<const Array> args, const RunOptions& options) const {
  check_argument_count(args.size());
  if (!plan_) return {};
  return plan_->run(args, options);
}

std::vector<Tensor> Function::operator()(std::span<const Tensor> args,
                                         const RunOptions& options) const {
  std::vector<Array> values;
  values.reserve(args.size());
  for (const Tensor& t : args) values.push_back(t.array());
  std::vector<Tensor> out;
  for (Array& a : run(values, options)) out.emplace_back(std::move(a));
  return out;
}

std::vector<Tensor> Function::operator()(std::initializer_list<Tensor> args) const {
  return (*this)(std::span<const Tensor>(args.begin(), args.size()));
}

}  // namespace kiln
