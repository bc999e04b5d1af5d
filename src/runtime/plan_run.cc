// Plan::run: the executor. A program counter walks the steps: ops run their
// kernels into slots, copies move values between slots (branch results,
// loop variables), jumps implement cond and while_loop.
#include <chrono>
#include <string>

#include "kiln/error.h"
#include "ops/tensor_attrs.h"
#include "ops/variable_ops.h"
#include "runtime/eager.h"
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

// Runs one op step into its output slots; errors name the node.
void run_op(const Plan::Step& step, std::span<const Array> inputs, std::vector<Array>& slots) {
  Arrays out;
  try {
    if (step.variable) {
      out = apply_variable_op(*step.variable, *step.op, inputs);
    } else if (!step.attr_inputs.empty() || !step.attr_dims.empty()) {
      // Shape-like attributes known only now: read this run's values.
      const auto own = static_cast<size_t>(step.num_op_inputs);
      Attrs attrs = resolve_attrs(*step.op, step.attrs, step.attr_inputs, step.attr_dims, inputs, own);
      out = execute_arrays(*step.op, inputs.first(own), attrs);
    } else if (step.counter_attr >= 0) {
      // Each run of a stateful random op draws a new part of its stream.
      Attrs attrs = step.attrs;
      auto& counter = std::get<int64_t>(attrs[static_cast<size_t>(step.counter_attr)]);
      counter += step.runs->fetch_add(1, std::memory_order_relaxed);
      out = execute_arrays(*step.op, inputs, attrs);
    } else {
      out = execute_arrays(*step.op, inputs, step.attrs);
    }
  } catch (const Error& e) {
    throw_error(e.code(), std::string(e.what()) + " (while running node '" + step.node_name + "')");
  }
  for (int i = 0; i < step.num_outputs && i < static_cast<int>(out.size()); ++i) {
    slots[static_cast<size_t>(step.first_output + i)] = std::move(out[static_cast<size_t>(i)]);
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
  if (feeds.size() != feed_slots_.size()) {
    throw InvalidArgumentError("This plan takes " + std::to_string(feed_slots_.size()) +
                               " fed values, got " + std::to_string(feeds.size()) + ".");
  }
  std::vector<Array> slots(static_cast<size_t>(num_slots_));
  for (const auto& [s, value] : constants_) slots[static_cast<size_t>(s)] = value;
  for (size_t i = 0; i < feeds.size(); ++i) {
    check_feed(feed_specs_[i], feed_names_[i], feeds[i]);
    slots[static_cast<size_t>(feed_slots_[i])] = feeds[i];
  }
  boost::container::small_vector<Array, 4> inputs;
  auto value = [&slots](int s) -> const Array& {
    const Array& a = slots[static_cast<size_t>(s)];
    if (!a.buffer()) throw InternalError("plan slot " + std::to_string(s) + " read before it was written");
    return a;
  };
  StopCheck check_stop(options);
  for (size_t pc = 0; pc < steps_.size();) {
    const Step& step = steps_[pc];
    check_stop(step);
    size_t next = pc + 1;
    switch (step.kind) {
      case Step::Kind::kOp:
        inputs.clear();
        for (int s : step.inputs) inputs.push_back(value(s));
        run_op(step, as_span(inputs), slots);
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
  for (int s : fetch_slots_) {
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
