// Plan::run: the executor. A program counter walks the steps: ops run their
// kernels into slots (without inference where the shapes were specialised,
// over a dead input where the memory plan allows), fused steps stream their
// chains over tiles, copies move values between slots (branch results, loop
// variables), jumps implement cond and while_loop.
#include <time.h>

#include <chrono>
#include <cstring>
#include <exception>
#include <limits>
#include <string>

#include "core/parallel.h"
#include "kiln/error.h"
#include "ops/execute.h"
#include "ops/tensor_attrs.h"
#include "ops/variable_ops.h"
#include "runtime/fused_chain.h"
#include "runtime/plan.h"
#include "runtime/plan_passes.h"
#include "runtime/run_buffers.h"

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

// A slot's value; a slot read before any step wrote it is a planner bug.
const Array& read_slot(const std::vector<Array>& slots, int s) {
  const Array& a = slots[static_cast<size_t>(s)];
  if (!a.buffer())
    throw InternalError("plan slot " + std::to_string(s) + " read before it was written");
  return a;
}

// Whether every input has the shape the plan was specialised for.
bool has_static_shapes(const Step& step, const PlanProgram& p, std::span<const Array> inputs) {
  for (size_t k = 0; k < inputs.size(); ++k) {
    if (inputs[k].dims() != p.slot_specs[static_cast<size_t>(step.inputs[k])].shape.dims())
      return false;
  }
  return true;
}

// The specs of this run's input values (for inference where shapes were not
// known at compile time).
boost::container::small_vector<TensorSpec, 4> specs_of(std::span<const Array> inputs) {
  boost::container::small_vector<TensorSpec, 4> specs;
  for (const Array& a : inputs) specs.push_back({a.dtype(), a.shape()});
  return specs;
}

// The storage a kernel into given storage writes: the in-place input's
// buffer when nobody else holds it and it fits exactly, else a new one.
Array output_storage(const Step& step, std::span<Array> inputs, const TensorSpec& out,
                     RunBuffers& buffers) {
  if (step.in_place >= 0) {
    Array& in = inputs[static_cast<size_t>(step.in_place)];
    if (in.buffer().owned() && in.buffer().use_count() == 1 && in.dtype() == out.dtype &&
        in.dims() == out.shape.dims() && in.is_c_contiguous()) {
      return in;
    }
  }
  return buffers.empty(out.dtype, out.shape);
}

// Runs a fused chain: its output spec (specialised, or inferred from this
// run's shapes), its storage, its tiles. Errors name the op's node.
Array run_fused(const Step& step, const PlanProgram& p, std::span<Array> inputs,
                RunBuffers& buffers) {
  auto spec = [&]() -> TensorSpec {
    if (!step.static_outputs.empty() && has_static_shapes(step, p, inputs))
      return step.static_outputs[0];
    return step.fused->infer(as_span(specs_of(inputs)));
  };
  const TensorSpec out = spec();
  Array result = output_storage(step, inputs, out, buffers);
  step.fused->run(inputs, result);
  return result;
}

// Runs a scalar step on its inputs' bytes, over the output slot's last
// value when nobody else holds it. False: an input is not a single value
// after all (the step then runs as any other).
bool run_scalar(const Step& step, std::vector<Array>& slots, RunBuffers& buffers) {
  const void* in[kMaxScalarInputs];
  for (size_t k = 0; k < step.inputs.size(); ++k) {
    const Array& a = slots[static_cast<size_t>(step.inputs[k])];
    if (!a.buffer() || a.size() != 1) return false;
    in[k] = a.data();
  }
  Array& out = slots[static_cast<size_t>(step.first_output)];
  const TensorSpec& spec = step.static_outputs[0];
  if (!out.buffer() || !out.buffer().owned() || out.buffer().use_count() != 1 ||
      out.dtype() != spec.dtype || out.dims() != spec.shape.dims()) {
    out = buffers.empty(spec.dtype, spec.shape);
  }
  try {
    step.scalar(in, out.mutable_data());
  } catch (const Error& e) {
    rethrow_in_node(e, step.node_name);
  }
  return true;
}

// Writes a copy step's values into their destinations. A single value goes
// into the destination's own buffer when nobody else holds it: loop
// variables then keep their buffers, and the body's scalar steps keep theirs.
void run_copies(const Step& step, std::vector<Array>& slots, RunBuffers& buffers) {
  auto put = [&](const Array& v, Array& to) {
    if (v.size() == 1 && to.buffer() && to.buffer().owned() && to.buffer().use_count() == 1 &&
        to.dtype() == v.dtype() && to.dims() == v.dims()) {
      std::memcpy(to.mutable_data(), v.data(), v.dtype().size());
      return;
    }
    buffers.give_back(to);  // the value it held (last iteration's) is done
    to = v;
  };
  auto read = [&slots](int s) -> const Array& { return read_slot(slots, s); };
  bool overlap = false;  // a destination that is also a source (body returns (b, a))
  for (const auto& c : step.copies) {
    for (const auto& d : step.copies) overlap = overlap || c.second == d.first;
  }
  if (!overlap) {
    for (const auto& [from, to] : step.copies) put(read(from), slots[static_cast<size_t>(to)]);
    return;
  }
  // All sources are read before any destination is written.
  boost::container::small_vector<Array, 4> values;
  for (const auto& c : step.copies) values.push_back(read(c.first));
  for (size_t i = 0; i < values.size(); ++i)
    put(values[i], slots[static_cast<size_t>(step.copies[i].second)]);
}

// Runs one op step; errors name the node.
Arrays run_op(const Step& step, const PlanProgram& p, std::span<Array> inputs,
              RunBuffers& buffers) {
  try {
    if (step.variable) return apply_variable_op(*step.variable, *step.op, inputs);
    if (!step.attr_inputs.empty() || !step.attr_dims.empty()) {
      // Shape-like attributes known only now: read this run's values.
      const auto own = static_cast<size_t>(step.num_op_inputs);
      Attrs attrs =
          resolve_attrs(*step.op, step.attrs, step.attr_inputs, step.attr_dims, inputs, own);
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
      if (!step.op->cpu_into)
        return step.op->cpu(*step.op, inputs, step.attrs, as_span(step.static_outputs));
      Array result = output_storage(step, inputs, step.static_outputs[0], buffers);
      step.op->cpu_into(*step.op, inputs, step.attrs, result);
      return {std::move(result)};
    }
    if (step.in_place >= 0) {  // the memory plan applies to inferred shapes too
      Specs out = step.op->infer(*step.op, as_span(specs_of(inputs)), step.attrs);
      Array result = output_storage(step, inputs, out[0], buffers);
      step.op->cpu_into(*step.op, inputs, step.attrs, result);
      return {std::move(result)};
    }
    return execute_arrays(*step.op, inputs, step.attrs);
  } catch (const Error& e) {
    rethrow_in_node(e, step.node_name);
  }
}

// Asks RunOptions before each step whether to stop: the flag costs one load;
// the poll (which may take a lock, e.g. Python's GIL) runs at most once per
// interval, so a run of many tiny steps does not pay for it on each.
class StopCheck {
 public:
  explicit StopCheck(const RunOptions& options)
      : options_(options),
        interval_(options.poll_interval.count()),
        next_poll_(options.poll ? now() + interval_ : kNever) {}

  void operator()(const Plan::Step& next_step) {
    flag(next_step);
    if (next_poll_ != kNever) {
      const int64_t t = now();
      if (t >= next_poll_) {
        next_poll_ = t + interval_;
        if (options_.poll()) cancelled(next_step);
      }
    }
  }

  // The cancel flag only: one load.
  void flag(const Plan::Step& next_step) const {
    if (options_.cancel && options_.cancel->load(std::memory_order_relaxed)) cancelled(next_step);
  }

  [[noreturn]] static void cancelled(const Plan::Step& next_step) {
    // Every step is named after its node (jumps after their construct).
    throw CancelledError("The run was cancelled before node '" + next_step.node_name +
                         "'; nothing was changed, so it can be run again.");
  }

 private:
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
  // The coarse clock (a few ms resolution, against a poll interval of 10 ms)
  // costs a fifth of the precise one, and a loop body asks before each step.
  static int64_t now() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
  }

  const RunOptions& options_;
  int64_t interval_;
  int64_t next_poll_;
};

// Runs op and fused steps over the run's slots, with its own input list and
// free buffers: the run has one, and each parallel branch its own.
class StepRunner {
 public:
  StepRunner(const PlanProgram& p, std::vector<Array>& slots) : p_(p), slots_(slots) {}

  // A kOp or kFused step, then its releases.
  void run(const Step& step) {
    if (step.kind == Step::Kind::kFused) {
      slots_[static_cast<size_t>(step.first_output)] = run_fused(step, p_, gather(step), buffers_);
    } else if (!step.scalar || !run_scalar(step, slots_, buffers_)) {
      Arrays out = run_op(step, p_, gather(step), buffers_);
      for (int i = 0; i < step.num_outputs && i < static_cast<int>(out.size()); ++i) {
        slots_[static_cast<size_t>(step.first_output + i)] = std::move(out[static_cast<size_t>(i)]);
      }
    }
    release(step);
  }

  void release(const Step& step) {
    for (int s : step.release) buffers_.give_back(slots_[static_cast<size_t>(s)]);
  }

  RunBuffers& buffers() { return buffers_; }

 private:
  // An op's inputs; the in-place input leaves its slot (released after this
  // step anyway), so that its buffer's only holder is the step.
  std::span<Array> gather(const Step& step) {
    inputs_.clear();
    for (int s : step.inputs) inputs_.push_back(read_slot(slots_, s));
    if (step.in_place >= 0)
      slots_[static_cast<size_t>(step.inputs[static_cast<size_t>(step.in_place)])] = Array();
    return std::span<Array>(inputs_.data(), inputs_.size());
  }

  const PlanProgram& p_;
  std::vector<Array>& slots_;
  boost::container::small_vector<Array, 4> inputs_;
  RunBuffers buffers_;
};

// Runs a kParallel step's branches at once on the pool (core/parallel.h).
// Branches write distinct slots and release only slots no other branch
// reads (the memory pass's rule), so they share `slots` without locks; each
// has its own inputs and buffers. An error stops its branch; the others
// finish, and the first branch's error in the program's order is raised, so
// the same run raises the same error every time.
void run_branches(const Step& step, const PlanProgram& p, std::vector<Array>& slots,
                  const StopCheck& check_stop) {
  std::vector<std::exception_ptr> errors(step.branches.size());
  run_tasks(static_cast<int64_t>(step.branches.size()), [&](int64_t b) {
    const auto [begin, end] = step.branches[static_cast<size_t>(b)];
    StepRunner runner(p, slots);
    try {
      for (int i = begin; i < end; ++i) {
        const Step& s = p.steps[static_cast<size_t>(i)];
        check_stop.flag(s);  // polling may take Python's lock: the run's own thread does it
        runner.run(s);
      }
    } catch (...) {
      errors[static_cast<size_t>(b)] = std::current_exception();
    }
  });
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

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
  StepRunner runner(p, slots);
  StopCheck check_stop(options);
  for (size_t pc = 0; pc < p.steps.size();) {
    const Step& step = p.steps[pc];
    // Steps that cost nanoseconds (scalar steps, copies, forward jumps) only
    // look at the cancel flag; any other step, and every loop's back edge,
    // also polls (the clock, then RunOptions::poll once per interval).
    if (step.scalar || step.kind == Step::Kind::kCopy ||
        ((step.kind == Step::Kind::kJump || step.kind == Step::Kind::kJumpIfFalse) &&
         step.target > static_cast<int>(pc))) {
      check_stop.flag(step);
    } else {
      check_stop(step);
    }
    size_t next = pc + 1;
    switch (step.kind) {
      case Step::Kind::kOp:
      case Step::Kind::kFused:
        runner.run(step);
        break;
      case Step::Kind::kCopy:
        run_copies(step, slots, runner.buffers());
        runner.release(step);
        break;
      case Step::Kind::kJumpIfFalse:
        if (!read_slot(slots, step.condition).item<bool>()) next = static_cast<size_t>(step.target);
        runner.release(step);
        break;
      case Step::Kind::kJump:
        next = static_cast<size_t>(step.target);
        runner.release(step);
        break;
      case Step::Kind::kParallel:
        run_branches(step, p, slots, check_stop);
        next = static_cast<size_t>(step.branches.back().second);
        runner.release(step);
        break;
    }
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
