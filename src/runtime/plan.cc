// compile_plan: graph -> Plan (prune, check feeds, fold constants, number
// slots, schedule releases); Plan::run: the executor.
#include "runtime/plan.h"

#include <algorithm>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <variant>

#include "kiln/error.h"
#include "runtime/eager.h"

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

// Appends bytes that identify `v` (with its type) to `key`.
void append_attr_key(std::string& key, const AttrValue& v) {
  auto raw = [&key](const auto& x) { key.append(reinterpret_cast<const char*>(&x), sizeof x); };
  key += static_cast<char>(v.index());
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::vector<int64_t>>) {
          raw(x.size());
          for (int64_t i : x) raw(i);
        } else if constexpr (std::is_same_v<T, DType>) {
          raw(x.code());
        } else if constexpr (std::is_same_v<T, Shape>) {
          raw(x.has_known_rank());
          raw(x.dims().size());
          for (int64_t d : x.dims()) raw(d);
        } else if constexpr (std::is_same_v<T, std::string>) {
          raw(x.size());
          key += x;
        } else {
          raw(x);
        }
      },
      v);
}

// What identifies a pure step: the same op, attributes and input slots give
// the same values, so a second such node reuses the first one's outputs.
std::string step_key(const OpDef& op, const Attrs& attrs, const std::vector<int>& inputs) {
  std::string key;
  const OpDef* p = &op;
  key.append(reinterpret_cast<const char*>(&p), sizeof p);
  for (int s : inputs) key.append(reinterpret_cast<const char*>(&s), sizeof s);
  key += '|';
  for (const AttrValue& a : attrs) append_attr_key(key, a);
  return key;
}

}  // namespace

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

std::shared_ptr<Plan> compile_plan(const Graph& graph, std::span<const Output> fetches,
                                   std::span<const Output> feed_keys,
                                   std::span<const int> targets,
                                   const RunCounterFn& run_counter) {
  const int n = graph.num_nodes();
  auto plan = std::make_shared<Plan>();

  // Feeds: each fed output gets a slot; consumers read it instead.
  std::unordered_map<int64_t, int> slot_of_output;
  int next_slot = 0;
  for (const Output& key : feed_keys) {
    const TensorSpec& spec = graph.spec(key);  // OutOfRangeError for a bad key
    if (slot_of_output.contains(key_of(key))) {
      throw InvalidArgumentError("Tensor " + graph.output_name(key) +
                                 " is fed twice; give each tensor one value.");
    }
    slot_of_output.emplace(key_of(key), next_slot);
    plan->feed_slots_.push_back(next_slot++);
    plan->feed_specs_.push_back(spec);
    plan->feed_names_.push_back(graph.output_name(key));
  }

  // Prune: which nodes the fetches and targets need, walking back from them
  // and stopping at fed outputs. `needed_by` keeps the first fetch that
  // reached a node, for the missing-feed message.
  std::vector<int> needed_by(static_cast<size_t>(n), -1);
  std::vector<std::string> roots;
  std::vector<int> stack;
  auto need = [&](int node, int root) {
    if (needed_by[static_cast<size_t>(node)] < 0) {
      needed_by[static_cast<size_t>(node)] = root;
      stack.push_back(node);
    }
  };
  for (const Output& f : fetches) {
    graph.spec(f);  // OutOfRangeError for a bad fetch
    roots.push_back(graph.output_name(f));
    if (!slot_of_output.contains(key_of(f))) need(f.node, static_cast<int>(roots.size()) - 1);
  }
  for (int t : targets) {
    roots.push_back(graph.node(t).name);
    need(t, static_cast<int>(roots.size()) - 1);
  }
  std::string missing;
  while (!stack.empty()) {
    const Node& node = graph.node(stack.back());
    stack.pop_back();
    const int root = needed_by[static_cast<size_t>(node.id)];
    if (node.type == "Placeholder") {
      missing += "\n  '" + node.name + "' (" + describe_spec(node.outputs[0]) + "), needed by " +
                 roots[static_cast<size_t>(root)];
    }
    for (const Output& in : node.inputs) {
      if (!slot_of_output.contains(key_of(in))) need(in.node, root);
    }
    for (int c : node.control_inputs) need(c, root);
  }
  if (!missing.empty()) {
    throw InvalidArgumentError(
        "You must feed a value for placeholder tensor(s) the fetches need:" + missing +
        "\nPass each in feed_dict, e.g. session.run(fetches, feed_dict={placeholder: value}).");
  }

  // Number the outputs of needed nodes; fold constant subgraphs; emit steps
  // in node order (a topological order: inputs always come first).
  std::vector<bool> is_constant(static_cast<size_t>(next_slot), false);
  std::unordered_map<int, size_t> constant_at;  // slot -> index in constants_
  std::unordered_map<std::string, int> first_output_of;  // pure step key -> its first output slot
  auto slot = [&](Output o) { return slot_of_output.at(key_of(o)); };
  for (int id = 0; id < n; ++id) {
    if (needed_by[static_cast<size_t>(id)] < 0) continue;
    const Node& node = graph.node(id);
    // Outputs get consecutive slots (a kernel writes them in order); a fed
    // output's consumers read its feed slot instead.
    const int first = next_slot;
    next_slot += static_cast<int>(node.outputs.size());
    for (int i = 0; i < static_cast<int>(node.outputs.size()); ++i) {
      slot_of_output.try_emplace(key_of({id, i}), first + i);
    }
    is_constant.resize(static_cast<size_t>(next_slot), false);
    auto add_constant = [&](int s, Array value) {
      constant_at.emplace(s, plan->constants_.size());
      plan->constants_.emplace_back(s, std::move(value));
      is_constant[static_cast<size_t>(s)] = true;
    };
    if (node.value) {
      add_constant(slot({id, 0}), *node.value);
      continue;
    }
    std::vector<int> inputs;
    bool foldable = !node.op->has(kStateful) && !node.op->has(kGraphOnly) &&
                    node.control_inputs.empty() && !node.outputs.empty();
    for (const Output& in : node.inputs) {
      inputs.push_back(slot(in));
      foldable = foldable && is_constant[static_cast<size_t>(inputs.back())];
    }
    if (foldable) {
      boost::container::small_vector<Array, 4> values;
      for (int s : inputs) values.push_back(plan->constants_[constant_at.at(s)].second);
      try {
        Arrays out = execute_arrays(*node.op, as_span(values), node.attrs);
        int64_t bytes = 0;
        for (const Array& a : out) bytes += a.nbytes();
        if (bytes <= kFoldLimitBytes && out.size() == node.outputs.size()) {
          for (size_t i = 0; i < out.size(); ++i) add_constant(first + static_cast<int>(i), std::move(out[i]));
          continue;
        }
      } catch (const Error&) {
        // Not folded: the step raises the same error, with its node's name, when it runs.
      }
    }
    if (!node.op->has(kStateful) && !node.op->has(kGraphOnly) && node.control_inputs.empty()) {
      // Common subexpressions: an identical pure node computed earlier serves.
      auto [it, inserted] = first_output_of.try_emplace(step_key(*node.op, node.attrs, inputs), first);
      if (!inserted) {
        for (int i = 0; i < static_cast<int>(node.outputs.size()); ++i) {
          auto& s = slot_of_output[key_of({id, i})];
          if (s == first + i) s = it->second + i;  // a fed output keeps its feed slot
        }
        continue;
      }
    }
    const int counter_attr = node.op->has(kStateful) ? attr_index(*node.op, "counter") : -1;
    std::shared_ptr<std::atomic<int64_t>> runs;
    if (counter_attr >= 0) {
      runs = run_counter ? run_counter(id) : std::make_shared<std::atomic<int64_t>>(0);
    }
    Plan::Step step{.op = node.op,
                    .attrs = node.attrs,
                    .inputs = std::move(inputs),
                    .first_output = first,
                    .num_outputs = static_cast<int>(node.outputs.size()),
                    .release = {},
                    .counter_attr = counter_attr,
                    .runs = std::move(runs),
                    .node_name = node.name};
    plan->steps_.push_back(std::move(step));
  }
  plan->num_slots_ = next_slot;
  for (const Output& f : fetches) plan->fetch_slots_.push_back(slot(f));

  // Release each slot after its last reader (fetched slots are kept).
  std::vector<int> last_reader(static_cast<size_t>(next_slot), -1);
  for (size_t i = 0; i < plan->steps_.size(); ++i) {
    for (int s : plan->steps_[i].inputs) last_reader[static_cast<size_t>(s)] = static_cast<int>(i);
  }
  for (int s : plan->fetch_slots_) last_reader[static_cast<size_t>(s)] = -1;
  for (int s = 0; s < next_slot; ++s) {
    if (last_reader[static_cast<size_t>(s)] >= 0) {
      plan->steps_[static_cast<size_t>(last_reader[static_cast<size_t>(s)])].release.push_back(s);
    }
  }
  return plan;
}

Arrays Plan::run(std::span<const Array> feeds) const {
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
  for (const Step& step : steps_) {
    inputs.clear();
    for (int s : step.inputs) inputs.push_back(slots[static_cast<size_t>(s)]);
    Arrays out;
    try {
      if (step.counter_attr >= 0) {
        // Each run of a stateful random op draws a new part of its stream.
        Attrs attrs = step.attrs;
        auto& counter = std::get<int64_t>(attrs[static_cast<size_t>(step.counter_attr)]);
        counter += step.runs->fetch_add(1, std::memory_order_relaxed);
        out = execute_arrays(*step.op, as_span(inputs), attrs);
      } else {
        out = execute_arrays(*step.op, as_span(inputs), step.attrs);
      }
    } catch (const Error& e) {
      throw_error(e.code(), std::string(e.what()) + " (while running node '" + step.node_name + "')");
    }
    for (int i = 0; i < step.num_outputs && i < static_cast<int>(out.size()); ++i) {
      slots[static_cast<size_t>(step.first_output + i)] = std::move(out[static_cast<size_t>(i)]);
    }
    for (int s : step.release) slots[static_cast<size_t>(s)] = Array();
  }
  Arrays results;
  for (int s : fetch_slots_) results.push_back(slots[static_cast<size_t>(s)]);
  return results;
}

}  // namespace kiln
