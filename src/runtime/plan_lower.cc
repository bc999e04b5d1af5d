// lower_graph: graph -> steps over slots. Prunes to what the fetches need
// (stopping at fed outputs; every missing feed reported at once), numbers
// slots, and lowers cond/while_loop to jumps and copies. The passes that
// follow (runtime/plan_passes.h) fold, share, fuse and plan memory.
#include <map>
#include <string>
#include <unordered_map>

#include "kiln/error.h"
#include "ops/registry.h"
#include "runtime/plan_passes.h"

namespace kiln {
namespace {

// The graph constructs the planner treats specially, by their OpDef (never
// by the type name a graph shows).
struct ConstructOps {
  const OpDef* placeholder;
  const OpDef* cond;
  const OpDef* while_loop;
  const OpDef* loop_var;
  const OpDef* var_handle;

  static const ConstructOps& get() {
    static const ConstructOps ops = [] {
      const Registry& r = Registry::get();
      return ConstructOps{&r.at("placeholder"), &r.at("cond"), &r.at("while_loop"),
                          &r.at("loop_var"), &r.at("var_handle")};
    }();
    return ops;
  }
};

bool is_a(const Node& n, const OpDef* op) { return n.op == op; }

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

bool is_construct(const Node& n) {
  return is_a(n, ConstructOps::get().cond) || is_a(n, ConstructOps::get().while_loop);
}
bool is_while(const Node& n) { return is_a(n, ConstructOps::get().while_loop); }

// A construct's int attribute, by name (src/ops/control_flow_ops.cc).
int construct_attr(const Node& n, std::string_view name) {
  return static_cast<int>(attr<int64_t>(*n.op, n.attrs, name));
}

// Where a construct's nodes begin: the first node of a cond's true branch, or
// a while_loop's first loop variable.
int region_start(const Node& n) {
  return construct_attr(n, is_while(n) ? "loop_start" : "true_start");
}

// Where its second region begins: a cond's false branch, a while_loop's body.
int second_region_start(const Node& n) {
  return construct_attr(n, is_while(n) ? "body_start" : "false_start");
}

}  // namespace

using Step = PlanProgram::Step;

class Lowering {
 public:
  Lowering(const Graph& graph, const RunCounterFn& run_counter, const VariableFn& variable)
      : graph_(graph), run_counter_(run_counter), variable_(variable) {}

  LoweredGraph build(std::span<const Output> fetches, std::span<const Output> feed_keys,
                     std::span<const int> targets) {
    // Other threads may append nodes while this plan compiles: the plan sees
    // the graph as it was now (what the fetches were built from).
    num_nodes_ = graph_.num_nodes();
    add_feeds(feed_keys);
    prune(fetches, targets);
    assign_construct_slots();
    emit_range(0, num_nodes_, -1);
    resolve_labels();
    out_.program.num_slots = next_slot_;
    for (const Output& f : fetches) out_.program.fetch_slots.push_back(slot(f));
    return std::move(out_);
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
      out_.program.feed_slots.push_back(new_slot(spec));
      out_.program.feed_specs.push_back(spec);
      out_.program.feed_names.push_back(graph_.output_name(key));
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
      if (is_a(node, ConstructOps::get().placeholder)) {
        missing += "\n  '" + node.name + "' (" + describe_spec(node.outputs[0]) + "), needed by " +
                   roots[static_cast<size_t>(root)];
      }
      for (const Output& in : node.inputs) {
        if (!slot_of_output_.contains(key_of(in))) need(in.node, root);
      }
      for (int c : node.control_inputs) need(c, root);
      if (is_while(node)) {  // its loop variables have no consumers outside
        const int vars = construct_attr(node, "num_vars");
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
        int s = new_slot(node.outputs[static_cast<size_t>(i)]);
        slot_of_output_.try_emplace(key_of({id, i}), s);
        if (is_while(node)) slot_of_output_.try_emplace(key_of({region_start(node) + i, 0}), s);
      }
    }
  }

  // A construct's regions must lie before it, in order, and a loop's first
  // nodes must be its loop variables (kiln.cond / kiln.while_loop build them so;
  // a hand-made node may not).
  void check_construct(const Node& node) const {
    const int64_t start = region_start(node), middle = second_region_start(node);
    const auto n = static_cast<int64_t>(node.outputs.size());
    bool ok = 0 <= start && start <= middle && middle <= node.id;
    if (is_while(node)) {
      ok = ok && start + n <= middle;
      for (int64_t i = 0; ok && i < n; ++i) {
        const Node& var = graph_.node(static_cast<int>(start + i));
        ok = is_a(var, ConstructOps::get().loop_var) &&
             var.outputs[0].dtype == node.outputs[static_cast<size_t>(i)].dtype;
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
        if (is_while(node))
          emit_while(node);
        else
          emit_cond(node);
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
    const int false_start = second_region_start(node);
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
    const int body_start = second_region_start(node);
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
      step.copies.emplace_back(slot(node.inputs[static_cast<size_t>(first + i)]),
                               slot({node.id, i}));
    }
    if (n > 0) push(std::move(step), -1, false);
  }

  // A jump is named after its construct, so that a run cancelled before it
  // says where it stopped, as before any other step.
  void jump(const Node& node, Step::Kind kind, int label, int condition) {
    push(Step{.kind = kind, .node_name = node.name, .condition = condition, .target = label}, -1,
         false);
  }

  int new_label() {
    labels_.push_back(-1);
    return static_cast<int>(labels_.size()) - 1;
  }
  void place_label(int label) {
    labels_[static_cast<size_t>(label)] = static_cast<int>(out_.program.steps.size());
  }

  void resolve_labels() {
    for (Step& s : out_.program.steps) {
      if (s.kind == Step::Kind::kJump || s.kind == Step::Kind::kJumpIfFalse) {
        s.target = labels_[static_cast<size_t>(s.target)];
      }
    }
  }

  void emit_node(const Node& node, int region) {
    const int id = node.id;
    if (is_a(node, ConstructOps::get().loop_var)) return;  // written by the loop's copies
    if (is_a(node, ConstructOps::get().var_handle))
      return;  // names a variable; its ops' steps hold it
    // Outputs get consecutive slots (a kernel writes them in order); a fed
    // output's consumers read its feed slot instead.
    const int first = next_slot_;
    for (int i = 0; i < static_cast<int>(node.outputs.size()); ++i) {
      slot_of_output_.try_emplace(key_of({id, i}), new_slot(node.outputs[static_cast<size_t>(i)]));
    }
    if (node.value) {
      out_.program.constants.emplace_back(slot({id, 0}), *node.value);
      return;
    }
    std::vector<int> inputs;
    for (const Output& in : node.inputs) inputs.push_back(slot(in));
    const bool pure = !node.op->has(kStateful) && !node.op->has(kGraphOnly) &&
                      !node.op->has(kSideEffect) && node.control_inputs.empty() &&
                      node.op->handle_attr < 0;
    const int counter_attr = node.op->has(kStateful) ? attr_index(*node.op, "counter") : -1;
    std::shared_ptr<std::atomic<int64_t>> runs;
    if (counter_attr >= 0) {
      runs = run_counter_ ? run_counter_(id) : std::make_shared<std::atomic<int64_t>>(0);
    }
    push(Step{.op = node.op,
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
              .node_name = node.name},
         region, pure);
  }

  void push(Step step, int region, bool pure) {
    out_.program.steps.push_back(std::move(step));
    out_.info.push_back({.region = region, .pure = pure});
  }

  // The variable a variable op acts on (Graph::add_op checked its handle).
  std::optional<Variable> variable_of(const Node& node) const {
    if (node.op->handle_attr < 0) return std::nullopt;
    const Node& handle = graph_.node(
        static_cast<int>(attr<int64_t>(node.attrs, static_cast<size_t>(node.op->handle_attr))));
    if (handle.variable) return handle.variable;
    if (!variable_) {
      throw FailedPreconditionError("Node '" + node.name + "' uses the variable '" + handle.name +
                                    "' of a graph, whose value only a Session holds: run the "
                                    "graph in a Session.");
    }
    return variable_(handle);
  }

  int new_slot(const TensorSpec& spec) {
    out_.program.slot_specs.push_back(spec);
    return next_slot_++;
  }
  int slot(Output o) const { return slot_of_output_.at(key_of(o)); }

  const Graph& graph_;
  const RunCounterFn& run_counter_;
  const VariableFn& variable_;
  LoweredGraph out_;
  std::unordered_map<int64_t, int> slot_of_output_;
  int next_slot_ = 0;
  int num_nodes_ = 0;  // the graph's size when compiling began
  std::vector<int> needed_by_;
  std::map<std::pair<int, int>, int> starts_;  // (region start, -node id) -> construct node
  std::unordered_map<int, bool> emitted_;
  std::vector<int> labels_;  // label -> step index
};

LoweredGraph lower_graph(const Graph& graph, std::span<const Output> fetches,
                         std::span<const Output> feed_keys, std::span<const int> targets,
                         const RunCounterFn& run_counter, const VariableFn& variable) {
  return Lowering(graph, run_counter, variable).build(fetches, feed_keys, targets);
}

}  // namespace kiln
