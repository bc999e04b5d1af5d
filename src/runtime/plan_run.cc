// Plan::run: the executor. A program counter walks the steps: ops run their
// kernels into slots (without inference where the shapes were specialised,
// over a dead input where the memory plan allows), fused steps stream their
// chains over tiles, copies move values between slots (branch results, loop
// variables), jumps implement cond and while_loop.
#include <chrono>
#include <string>

#include "kiln/error.h"
#include "ops/execute.h"
#include "ops/tensor_attrs.h"
#include "ops/variable_ops.h"
#include "runtime/fused_chain.h"
#include "runtime/plan.h"

namespace kiln {

void check_feed(const TensorSpec& spec, const std::string& tensor_name, const Array& value) {
  if (value.dtype() != spec.dtype) {
    throw InvalidArgumentError("Cannot feed a value of dtype " + std::string(value.dtype().name()) +
                               " for Tensor " + tensor_name + ", which has dtype " +
                               std::string(spec.dtype.name()) + "; convert the value first.");
  }
  if (!spec.shape.is_compatible_with(value.shape())) {
    throw ValueError("Cannot feed value of shape " + value.shape().to_string() + " for Tensor " +
                     tensor_name + ", which has shape " + spec.shape.to_string());
  }
}

namespace {

using Step = Plan::Step;

// Whether every input has the shape the plan was specialised for.
bool has_static_shapes(const Step& step, const PlanProgram& p, std::span<const Array> inputs) {
  for (size_t k = 0; k < inputs.size(); ++k) {
    if (inputs[k].dims() != p.slot_specs[static_cast<size_t>(step.inputs[k])].shape.dims()) return false;
  }
  return true;
}

// The storage a kernel into given storage writes: the in-place input's
// buffer when nobody else holds it and it fits exactly, else a new one.
Array output_storage(const Step& step, std::span<Array> inputs, const TensorSpec& out) {
  if (step.in_place >= 0) {
    Array& in = inputs[static_cast<size_t>(step.in_place)];
    if (in.buffer().owned() && in.buffer().use_count() == 1 && in.dtype() == out.dtype &&
        in.dims() == out.shape.dims() && in.is_c_contiguous()) {
      return in;
    }
  }
  return Array::empty(out.dtype, out.shape);
}

// Runs a fused chain: its output spec (specialised, or inferred from this
// run's shapes), its storage, its tiles. Errors name the op's node.
Array run_fused(const Step& step, const PlanProgram& p, std::span<Array> inputs) {
  auto spec = [&]() -> TensorSpec {
    if (!step.static_outputs.empty() && has_static_shapes(step, p, inputs)) return step.static_outputs[0];
    boost::container::small_vector<TensorSpec, 4> specs;
    for (const Array& a : inputs) specs.push_back({a.dtype(), a.shape()});
    return step.fused->infer(as_span(specs));
  };
  const TensorSpec out = spec();
  Array result = output_storage(step, inputs, out);
  step.fused->run(inputs, result);
  return result;
}

// Runs one op step; errors name the node.
Arrays run_op(const Step& step, const PlanProgram& p, std::span<Array> inputs) {
  try {
    if (step.variable) return apply_variable_op(*step.variable, *step.op, inputs);
    if (!step.attr_inputs.empty() || !step.attr_dims.empty()) {
      // Shape-like attributes known only now: read this run's values.
      const auto own = static_cast<size_t>(step.num_op_inputs);
      Attrs attrs = resolve_attrs(*step.op, step.attrs, step.attr_inputs, step.attr_dims, inputs, own);
      return execute_arrays(*step.op, inputs.first(own), attrs);
    }
    if (step.counter_attr >= 0) {
      // Each run of a stateful random op draws a new part of its stream.
      Attrs attrs = step.attrs;
      auto& counter = std::get<int64_t>(attrs[static_cast<size_t>(step.counter_attr)]);
      counter += step.runs->fetch_add(1, std::memory_order_relaxed);
      return execute_arrays(*step.op, inputs, attrs);
    }
    if (!step.static_outputs.empty() && has_static_shapes(step, p, inputs)) {
      if (!step.op->cpu_into) return step.op->cpu(*step.op, inputs, step.attrs, as_span(step.static_outputs));
      Array result = output_storage(step, inputs, step.static_outputs[0]);
      step.op->cpu_into(*step.op, inputs, step.attrs, result);
      return {std::move(result)};
    }
    if (step.in_place >= 0) {  // the memory plan applies to inferred shapes too
      boost::container::small_vector<TensorSpec, 4> specs;
      for (const Array& a : inputs) specs.push_back({a.dtype(), a.shape()});
      Specs out = step.op->infer(*step.op, as_span(specs), step.attrs);
      Array result = output_storage(step, inputs, out[0]);
      step.op->cpu_into(*step.op, inputs, step.attrs, result);
      return {std::move(result)};
    }
    return execute_arrays(*step.op, inputs, step.attrs);
  } catch (const Error& e) {
    throw_error(e.code(), std::string(e.what()) + " (while running node '" + step.node_name + "')");
  }
}

// Asks RunOptions before each step whether to stop: the flag costs one load;
// the poll (which may take a lock, e.g. Python's GIL) runs at most once per
// interval, so a run of many tiny steps does not pay for it on each.
class StopCheck {
 public:
  using Clock = std::chrono::steady_clock;
  explicit StopCheck(const RunOptions& options)
      : options_(options),
        next_poll_(options.poll ? Clock::now() + options.poll_interval : Clock::time_point::max()) {}

  void operator()(const Plan::Step& next_step) {
    bool stop = options_.cancel && options_.cancel->load(std::memory_order_relaxed);
    if (!stop && next_poll_ != Clock::time_point::max()) {
      Clock::time_point now = Clock::now();
      if (now >= next_poll_) {
        next_poll_ = now + options_.poll_interval;
        stop = options_.poll();
      }
    }
    if (stop) {
      // Every step is named after its node (jumps after their construct).
      throw CancelledError("The run was cancelled before node '" + next_step.node_name +
                           "'; nothing was changed, so it can be run again.");
    }
  }

 private:
  const RunOptions& options_;
  Clock::time_point next_poll_;
};

}  // namespace

Arrays Plan::run(std::span<const Array> feeds, const RunOptions& options) const {
  const PlanProgram& p = program_;
  if (feeds.size() != p.feed_slots.size()) {
    throw InvalidArgumentError("This plan takes " + std::to_string(p.feed_slots.size()) +
                               " fed values, got " + std::to_string(feeds.size()) + ".");
  }
  std::vector<Array> slots(static_cast<size_t>(p.num_slots));
  for (const auto& [s, value] : p.constants) slots[static_cast<size_t>(s)] = value;
  for (size_t i = 0; i < feeds.size(); ++i) {
    check_feed(p.feed_specs[i], p.feed_names[i], feeds[i]);
    slots[static_cast<size_t>(p.feed_slots[i])] = feeds[i];
  }
  boost::container::small_vector<Array, 4> inputs;
  auto value = [&slots](int s) -> const Array& {
    const Array& a = slots[static_cast<size_t>(s)];
    if (!a.buffer()) throw InternalError("plan slot " + std::to_string(s) + " read before it was written");
    return a;
  };
  // An op's inputs; the in-place input leaves its slot (released after this
  // step anyway), so that its buffer's only holder is the step.
  auto gather = [&](const Step& step) {
    inputs.clear();
    for (int s : step.inputs) inputs.push_back(value(s));
    if (step.in_place >= 0) slots[static_cast<size_t>(step.inputs[static_cast<size_t>(step.in_place)])] = Array();
    return std::span<Array>(inputs.data(), inputs.size());
  };
  StopCheck check_stop(options);
  for (size_t pc = 0; pc < p.steps.size();) {
    const Step& step = p.steps[pc];
    check_stop(step);
    size_t next = pc + 1;
    switch (step.kind) {
      case Step::Kind::kOp: {
        Arrays out = run_op(step, p, gather(step));
        for (int i = 0; i < step.num_outputs && i < static_cast<int>(out.size()); ++i) {
          slots[static_cast<size_t>(step.first_output + i)] = std::move(out[static_cast<size_t>(i)]);
        }
        break;
      }
      case Step::Kind::kFused:
        slots[static_cast<size_t>(step.first_output)] = run_fused(step, p, gather(step));
        break;
      case Step::Kind::kCopy: {
        // All sources are read before any destination is written: loop
        // variables may trade places (body returns (b, a)).
        boost::container::small_vector<Array, 4> values;
        for (const auto& [from, to] : step.copies) values.push_back(value(from));
        for (size_t i = 0; i < values.size(); ++i) {
          slots[static_cast<size_t>(step.copies[i].second)] = std::move(values[i]);
        }
        break;
      }
      case Step::Kind::kJumpIfFalse:
        if (!value(step.condition).item<bool>()) next = static_cast<size_t>(step.target);
        break;
      case Step::Kind::kJump:
        next = static_cast<size_t>(step.target);
        break;
    }
    for (int s : step.release) slots[static_cast<size_t>(s)] = Array();
    pc = next;
  }
  Arrays results;
  for (int s : p.fetch_slots) {
    if (!slots[static_cast<size_t>(s)].buffer()) {
      throw InvalidArgumentError(
          "A fetched tensor was not computed in this run: it belongs to a kiln.cond branch that "
          "was not taken (or a loop body that did not run). Fetch the cond's or loop's outputs.");
    }
    results.push_back(slots[static_cast<size_t>(s)]);
  }
  return results;
}

}  // namespace kiln
