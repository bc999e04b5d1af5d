// compile_plan: graph -> Plan. Prunes to what the fetches need (stopping at
// fed outputs; every missing feed reported at once), numbers slots, folds
// constant subgraphs, shares common subexpressions, lowers cond/while_loop
// to jumps and copies, and schedules when each slot is released.
#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>

#include "kiln/error.h"
#include "ops/tensor_attrs.h"
#include "runtime/eager.h"
#include "runtime/plan.h"
#include "runtime/step_key.h"

namespace kiln {
namespace {

// Constant subgraphs are folded into the plan only while their values are
// small: a plan keeps what it folds for as long as it is cached.
constexpr int64_t kFoldLimitBytes = 1 << 20;

int64_t key_of(Output o) { return (static_cast<int64_t>(o.node) << 20) | o.index; }

std::string describe_spec(const TensorSpec& s) {
  return std::string(s.dtype.name()) + " and shape " + s.shape.to_string();
}

int attr_index(const OpDef& op, std::string_view name) {
  for (size_t i = 0; i < op.attrs.size(); ++i) {
    if (op.attrs[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

bool is_construct(const Node& n) { return n.type == "Cond" || n.type == "WhileLoop"; }

// Where a construct's nodes begin: the first node of a cond's true branch, or
// a while_loop's first loop variable. attrs[0] holds it for both.
int region_start(const Node& n) { return static_cast<int>(attr<int64_t>(n.attrs, 0)); }

}  // namespace

using Step = Plan::Step;

class PlanBuilder {
 public:
  PlanBuilder(const Graph& graph, const RunCounterFn& run_counter, const VariableFn& variable)
      : graph_(graph), run_counter_(run_counter), variable_(variable), plan_(std::make_shared<Plan>()) {}

  std::shared_ptr<Plan> build(std::span<const Output> fetches, std::span<const Output> feed_keys,
                              std::span<const int> targets) {
    // Other threads may append nodes while this plan compiles: the plan sees
    // the graph as it was now (what the fetches were built from).
    num_nodes_ = graph_.num_nodes();
    add_feeds(feed_keys);
    prune(fetches, targets);
    assign_construct_slots();
    emit_range(0, num_nodes_, -1);
    resolve_labels();
    plan_->num_slots_ = next_slot_;
    for (const Output& f : fetches) plan_->fetch_slots_.push_back(slot(f));
    schedule_releases();
    return plan_;
  }

 private:
  void add_feeds(std::span<const Output> feed_keys) {
    for (const Output& key : feed_keys) {
      check_node(key.node);
      const TensorSpec& spec = graph_.spec(key);  // OutOfRangeError for a bad output index
      if (slot_of_output_.contains(key_of(key))) {
        throw InvalidArgumentError("Tensor " + graph_.output_name(key) +
                                   " is fed twice; give each tensor one value.");
      }
      slot_of_output_.emplace(key_of(key), next_slot_);
      plan_->feed_slots_.push_back(new_slot(false));
      plan_->feed_specs_.push_back(spec);
      plan_->feed_names_.push_back(graph_.output_name(key));
    }
  }

  // A fetch or target must be a node of the graph as the plan sees it.
  void check_node(int id) const {
    if (id < 0 || id >= num_nodes_) {
      throw OutOfRangeError("The graph has no node " + std::to_string(id) + "; it had " +
                            std::to_string(num_nodes_) + " when this plan was compiled.");
    }
  }

  // Which nodes the fetches and targets need, walking back from them and
  // stopping at fed outputs. needed_by_ keeps the first fetch that reached a
  // node, for the missing-feed message.
  void prune(std::span<const Output> fetches, std::span<const int> targets) {
    needed_by_.assign(static_cast<size_t>(num_nodes_), -1);
    std::vector<std::string> roots;
    std::vector<int> stack;
    auto need = [&](int node, int root) {
      if (needed_by_[static_cast<size_t>(node)] < 0) {
        needed_by_[static_cast<size_t>(node)] = root;
        stack.push_back(node);
      }
    };
    for (const Output& f : fetches) {
      check_node(f.node);
      graph_.spec(f);  // OutOfRangeError for a bad output index
      roots.push_back(graph_.output_name(f));
      if (!slot_of_output_.contains(key_of(f))) need(f.node, static_cast<int>(roots.size()) - 1);
    }
    for (int t : targets) {
      check_node(t);
      roots.push_back(graph_.node(t).name);
      need(t, static_cast<int>(roots.size()) - 1);
    }
    std::string missing;
    while (!stack.empty()) {
      const Node& node = graph_.node(stack.back());
      stack.pop_back();
      const int root = needed_by_[static_cast<size_t>(node.id)];
      if (node.type == "Placeholder") {
        missing += "\n  '" + node.name + "' (" + describe_spec(node.outputs[0]) + "), needed by " +
                   roots[static_cast<size_t>(root)];
      }
      for (const Output& in : node.inputs) {
        if (!slot_of_output_.contains(key_of(in))) need(in.node, root);
      }
      for (int c : node.control_inputs) need(c, root);
      if (node.type == "WhileLoop") {  // its loop variables have no consumers outside
        const int vars = static_cast<int>(attr<int64_t>(node.attrs, 2));
        for (int v = 0; v < vars; ++v) need(region_start(node) + v, root);
      }
    }
    if (!missing.empty()) {
      throw InvalidArgumentError(
          "You must feed a value for placeholder tensor(s) the fetches need:" + missing +
          "\nPass each in feed_dict, e.g. session.run(fetches, feed_dict={placeholder: value}).");
    }
  }

  // Construct outputs are written by copies inside the construct, before the
  // construct's node comes up in node order, so their slots exist up front.
  // A while_loop's outputs are its loop variables' slots.
  void assign_construct_slots() {
    for (int id = 0; id < num_nodes_; ++id) {
      if (needed_by_[static_cast<size_t>(id)] < 0) continue;
      const Node& node = graph_.node(id);
      if (!is_construct(node)) continue;
      check_construct(node);
      starts_.emplace(std::make_pair(region_start(node), -id), id);  // outermost first
      for (int i = 0; i < static_cast<int>(node.outputs.size()); ++i) {
        int s = new_slot(false);
        slot_of_output_.try_emplace(key_of({id, i}), s);
        if (node.type == "WhileLoop") slot_of_output_.try_emplace(key_of({region_start(node) + i, 0}), s);
      }
    }
  }

  // A construct's regions must lie before it, in order, and a loop's first
  // nodes must be its loop variables (kiln.cond / kiln.while_loop build them so;
  // a hand-made node may not).
  void check_construct(const Node& node) const {
    const int64_t start = attr<int64_t>(node.attrs, 0), middle = attr<int64_t>(node.attrs, 1);
    const auto n = static_cast<int64_t>(node.outputs.size());
    bool ok = 0 <= start && start <= middle && middle <= node.id;
    if (node.type == "WhileLoop") {
      ok = ok && start + n <= middle;
      for (int64_t i = 0; ok && i < n; ++i) {
        const Node& var = graph_.node(static_cast<int>(start + i));
        ok = var.type == "LoopVar" && var.outputs[0].dtype == node.outputs[static_cast<size_t>(i)].dtype;
      }
    }
    if (!ok) {
      throw InvalidArgumentError("Node '" + node.name + "' is not a well-formed " + node.type +
                                 ": its branch or loop nodes must come right before it. Build "
                                 "control flow with kiln.cond and kiln.while_loop.");
    }
  }

  // Emits nodes [lo, hi) in order, a construct as a whole where one begins.
  void emit_range(int lo, int hi, int region) {
    for (int id = lo; id < hi; ++id) {
      auto it = starts_.lower_bound({id, -hi + 1});  // constructs starting here that end before hi
      if (it != starts_.end() && it->first.first == id && !emitted_[it->second]) {
        const int construct = it->second;
        emitted_[construct] = true;
        const Node& node = graph_.node(construct);
        if (node.type == "Cond") emit_cond(node);
        else emit_while(node);
        id = construct;  // continue after the construct's own node
        continue;
      }
      if (needed_by_[static_cast<size_t>(id)] >= 0) emit_node(graph_.node(id), region);
    }
  }

  // cond: [pred] JumpIfFalse -> F; true branch; copy true outputs; Jump -> E;
  // F: false branch; copy false outputs; E:
  void emit_cond(const Node& node) {
    const int n = static_cast<int>(node.outputs.size());
    const int false_start = static_cast<int>(attr<int64_t>(node.attrs, 1));
    const int on_false = new_label(), end = new_label();
    jump(node, Step::Kind::kJumpIfFalse, on_false, slot(node.inputs[0]));
    emit_range(region_start(node), false_start, node.id);
    copy(node, 1, n);
    jump(node, Step::Kind::kJump, end, -1);
    place_label(on_false);
    // The false branch is a region of its own: a node of the true branch did
    // not run when this one does, so it cannot stand in for an identical one here.
    emit_range(false_start, node.id, -2 - node.id);
    copy(node, 1 + n, n);
    place_label(end);
  }

  // while_loop: copy initial values into the loop variables; T: cond
  // region; JumpIfFalse -> E; body; copy body outputs into the variables;
  // Jump -> T; E:
  void emit_while(const Node& node) {
    const int n = static_cast<int>(node.outputs.size());
    const int body_start = static_cast<int>(attr<int64_t>(node.attrs, 1));
    copy(node, 0, n);
    const int top = new_label(), end = new_label();
    place_label(top);
    emit_range(region_start(node) + n, body_start, node.id);
    jump(node, Step::Kind::kJumpIfFalse, end, slot(node.inputs[static_cast<size_t>(n)]));
    emit_range(body_start, node.id, node.id);
    copy(node, n + 1, n);
    jump(node, Step::Kind::kJump, top, -1);
    place_label(end);
  }

  // Copies node.inputs[first, first + n) into the node's output slots.
  void copy(const Node& node, int first, int n) {
    Step step{.kind = Step::Kind::kCopy, .node_name = node.name};
    for (int i = 0; i < n; ++i) {
      step.copies.emplace_back(slot(node.inputs[static_cast<size_t>(first + i)]), slot({node.id, i}));
    }
    if (n > 0) plan_->steps_.push_back(std::move(step));
  }

  // A jump is named after its construct, so that a run cancelled before it
  // says where it stopped, as before any other step.
  void jump(const Node& node, Step::Kind kind, int label, int condition) {
    plan_->steps_.push_back(
        Step{.kind = kind, .node_name = node.name, .condition = condition, .target = label});
  }

  int new_label() {
    labels_.push_back(-1);
    return static_cast<int>(labels_.size()) - 1;
  }
  void place_label(int label) { labels_[static_cast<size_t>(label)] = static_cast<int>(plan_->steps_.size()); }

  void resolve_labels() {
    for (Step& s : plan_->steps_) {
      if (s.kind == Step::Kind::kJump || s.kind == Step::Kind::kJumpIfFalse) {
        s.target = labels_[static_cast<size_t>(s.target)];
      }
    }
  }

  void emit_node(const Node& node, int region) {
    const int id = node.id;
    if (node.type == "LoopVar") return;  // its slot is written by the loop's copies
    if (node.type == "VarHandleOp") return;  // names a variable; its ops' steps hold it
    // Outputs get consecutive slots (a kernel writes them in order); a fed
    // output's consumers read its feed slot instead.
    const int first = next_slot_;
    for (int i = 0; i < static_cast<int>(node.outputs.size()); ++i) {
      slot_of_output_.try_emplace(key_of({id, i}), new_slot(false));
    }
    if (node.value) {
      add_constant(slot({id, 0}), *node.value);
      return;
    }
    std::vector<int> inputs;
    bool foldable = !node.op->has(kStateful) && !node.op->has(kGraphOnly) &&
                    node.control_inputs.empty() && !node.outputs.empty();
    for (const Output& in : node.inputs) {
      inputs.push_back(slot(in));
      foldable = foldable && is_constant_[static_cast<size_t>(inputs.back())];
    }
    if (foldable && fold(node, inputs, first)) return;
    if (!node.op->has(kStateful) && !node.op->has(kGraphOnly) && node.control_inputs.empty()) {
      // Common subexpressions: an identical pure node earlier in the same
      // region serves (another region's may not have run).
      std::string key = std::to_string(region) + ":" + step_key(node, inputs);
      auto [it, inserted] = first_output_of_.try_emplace(std::move(key), first);
      if (!inserted) {
        for (int i = 0; i < static_cast<int>(node.outputs.size()); ++i) {
          auto& s = slot_of_output_[key_of({id, i})];
          if (s == first + i) s = it->second + i;  // a fed output keeps its feed slot
        }
        return;
      }
    }
    const int counter_attr = node.op->has(kStateful) ? attr_index(*node.op, "counter") : -1;
    std::shared_ptr<std::atomic<int64_t>> runs;
    if (counter_attr >= 0) {
      runs = run_counter_ ? run_counter_(id) : std::make_shared<std::atomic<int64_t>>(0);
    }
    plan_->steps_.push_back(Step{.op = node.op,
                                 .attrs = node.attrs,
                                 .inputs = std::move(inputs),
                                 .num_op_inputs = node.num_op_inputs,
                                 .attr_inputs = node.attr_inputs,
                                 .attr_dims = node.attr_dims,
                                 .first_output = first,
                                 .num_outputs = static_cast<int>(node.outputs.size()),
                                 .counter_attr = counter_attr,
                                 .runs = std::move(runs),
                                 .variable = variable_of(node),
                                 .node_name = node.name});
  }

  // The variable a variable op acts on (Graph::add_op checked its handle).
  std::optional<Variable> variable_of(const Node& node) const {
    if (node.op->handle_attr < 0) return std::nullopt;
    const Node& handle =
        graph_.node(static_cast<int>(attr<int64_t>(node.attrs, static_cast<size_t>(node.op->handle_attr))));
    if (handle.variable) return handle.variable;
    if (!variable_) {
      throw FailedPreconditionError("Node '" + node.name + "' uses the variable '" + handle.name +
                                    "' of a graph, whose value only a Session holds: run the "
                                    "graph in a Session.");
    }
    return variable_(handle);
  }

  // Evaluates a node of constant inputs now; false when it is not folded.
  bool fold(const Node& node, const std::vector<int>& inputs, int first) {
    boost::container::small_vector<Array, 4> values;
    for (int s : inputs) values.push_back(plan_->constants_[constant_at_.at(s)].second);
    try {
      const auto own = static_cast<size_t>(node.num_op_inputs);
      Attrs attrs = resolve_attrs(*node.op, node.attrs, node.attr_inputs, node.attr_dims,
                                  as_span(values), own);
      Arrays out = execute_arrays(*node.op, std::span<const Array>(values.data(), own), attrs);
      int64_t bytes = 0;
      for (const Array& a : out) bytes += a.nbytes();
      if (bytes > kFoldLimitBytes || out.size() != node.outputs.size()) return false;
      for (size_t i = 0; i < out.size(); ++i) add_constant(first + static_cast<int>(i), std::move(out[i]));
      return true;
    } catch (const Error&) {
      return false;  // the step raises the same error, naming its node, if it runs
    }
  }

  void add_constant(int s, Array value) {
    constant_at_.emplace(s, plan_->constants_.size());
    plan_->constants_.emplace_back(s, std::move(value));
    is_constant_[static_cast<size_t>(s)] = true;
  }

  // Each slot is released after its last reader, except fetched slots and
  // slots a loop reads but defined before it (the next iteration reads them
  // again); those live until the run ends.
  void schedule_releases() {
    const auto& steps = plan_->steps_;
    std::vector<int> last_reader(static_cast<size_t>(next_slot_), -1);
    std::vector<int> defined_at(static_cast<size_t>(next_slot_), -1);
    auto reads = [](const Step& s, auto&& fn) {
      for (int x : s.inputs) fn(x);
      for (const auto& c : s.copies) fn(c.first);
      if (s.condition >= 0) fn(s.condition);
    };
    for (size_t i = 0; i < steps.size(); ++i) {
      reads(steps[i], [&](int s) { last_reader[static_cast<size_t>(s)] = static_cast<int>(i); });
      for (int k = 0; k < steps[i].num_outputs && steps[i].kind == Step::Kind::kOp; ++k) {
        auto& d = defined_at[static_cast<size_t>(steps[i].first_output + k)];
        if (d < 0) d = static_cast<int>(i);
      }
      for (const auto& c : steps[i].copies) {
        auto& d = defined_at[static_cast<size_t>(c.second)];
        if (d < 0) d = static_cast<int>(i);
      }
    }
    std::vector<bool> keep(static_cast<size_t>(next_slot_), false);
    for (int s : plan_->fetch_slots_) keep[static_cast<size_t>(s)] = true;
    for (size_t j = 0; j < steps.size(); ++j) {
      if (steps[j].kind != Step::Kind::kJump || steps[j].target > static_cast<int>(j)) continue;
      for (size_t i = static_cast<size_t>(steps[j].target); i <= j; ++i) {  // a loop: [target, j]
        reads(steps[i], [&](int s) {
          if (defined_at[static_cast<size_t>(s)] < steps[j].target) keep[static_cast<size_t>(s)] = true;
        });
      }
    }
    for (int s = 0; s < next_slot_; ++s) {
      int r = last_reader[static_cast<size_t>(s)];
      if (r >= 0 && !keep[static_cast<size_t>(s)]) plan_->steps_[static_cast<size_t>(r)].release.push_back(s);
    }
  }

  int new_slot(bool constant) {
    is_constant_.push_back(constant);
    return next_slot_++;
  }
  int slot(Output o) const { return slot_of_output_.at(key_of(o)); }

  const Graph& graph_;
  const RunCounterFn& run_counter_;
  const VariableFn& variable_;
  std::shared_ptr<Plan> plan_;
  std::unordered_map<int64_t, int> slot_of_output_;
  int next_slot_ = 0;
  std::vector<bool> is_constant_;
  std::unordered_map<int, size_t> constant_at_;           // slot -> index in constants_
  std::unordered_map<std::string, int> first_output_of_;  // region:step key -> first output slot
  int num_nodes_ = 0;                                     // the graph's size when compiling began
  std::vector<int> needed_by_;
  std::map<std::pair<int, int>, int> starts_;  // (region start, -node id) -> construct node
  std::unordered_map<int, bool> emitted_;
  std::vector<int> labels_;                    // label -> step index
};

std::shared_ptr<Plan> compile_plan(const Graph& graph, std::span<const Output> fetches,
                                   std::span<const Output> feed_keys,
                                   std::span<const int> targets,
                                   const RunCounterFn& run_counter,
                                   const VariableFn& variable) {
  return PlanBuilder(graph, run_counter, variable).build(fetches, feed_keys, targets);
}

}  // namespace kiln
