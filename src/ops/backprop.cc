#include "ops/backprop.h"

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "kiln/error.h"

namespace kiln {

bool differentiable(DType dtype) { return dtype.is_floating() || dtype.is_complex(); }

namespace {

[[noreturn]] void no_gradient_error(const OpDef& op) {
  throw LookupError("No gradient defined for operation '" + std::string(op.name) +
                    "'. Use kiln.stop_gradient on its inputs if no gradient should flow through "
                    "it, or define one with kiln.custom_gradient.");
}

}  // namespace

std::vector<GradValue> backprop(GradBuilder& builder, std::span<const GradRecord> records,
                                std::span<const GradValue> targets,
                                std::span<const GradValue> target_grads,
                                std::span<const GradValue> sources, Unconnected unconnected) {
  // Forward: the values that depend on a source.
  std::unordered_set<int> connected;
  for (GradValue s : sources) connected.insert(s.id);
  std::vector<bool> from_source(records.size(), false);
  for (size_t r = 0; r < records.size(); ++r) {
    for (GradValue in : records[r].inputs) {
      if (connected.count(in.id)) {
        from_source[r] = true;
        break;
      }
    }
    if (from_source[r]) {
      for (GradValue out : records[r].outputs) connected.insert(out.id);
    }
  }
  // Backward: the records a target depends on, among those.
  std::unordered_set<int> needed;
  for (GradValue t : targets) needed.insert(t.id);
  std::vector<bool> relevant(records.size(), false);
  for (size_t r = records.size(); r-- > 0;) {
    if (!from_source[r]) continue;
    for (GradValue out : records[r].outputs) {
      if (needed.count(out.id)) {
        relevant[r] = true;
        break;
      }
    }
    if (relevant[r]) {
      for (GradValue in : records[r].inputs) needed.insert(in.id);
    }
  }

  Grad g(builder);
  std::unordered_map<int, std::vector<GradValue>> grads;  // value -> gradients to sum
  for (size_t i = 0; i < targets.size(); ++i) {
    GradValue t = targets[i];
    if (!connected.count(t.id) || !differentiable(builder.spec(t).dtype)) continue;
    GradValue seed = i < target_grads.size() && target_grads[i].defined() ? target_grads[i]
                                                                           : g.ones_like(t);
    grads[t.id].push_back(seed);
  }
  std::unordered_set<int> source_ids;
  for (GradValue s : sources) source_ids.insert(s.id);

  for (size_t r = records.size(); r-- > 0;) {
    if (!relevant[r]) continue;
    const GradRecord& rec = records[r];
    std::vector<GradValue> out_grads;
    bool any = false;
    for (GradValue out : rec.outputs) {
      auto it = grads.find(out.id);
      GradValue sum = it == grads.end() ? GradValue{} : g.sum_of(it->second);
      if (it != grads.end() && !source_ids.count(out.id)) grads.erase(it);  // done with it
      any = any || sum.defined();
      out_grads.push_back(sum);
    }
    if (!any) continue;
    std::vector<GradValue> dx(rec.inputs.size());
    if (!rec.op) {
      // A user's (or Python's) gradient function gets a tensor for every
      // output, zeros where no gradient came, as TF's do.
      for (size_t i = 0; i < out_grads.size(); ++i) {
        if (!out_grads[i].defined()) out_grads[i] = g.zeros_like(rec.outputs[i]);
      }
      dx = builder.custom_gradient(rec.custom_id, out_grads);
      dx.resize(rec.inputs.size());
    } else if (rec.op->no_gradient) {
      continue;
    } else if (!rec.op->grad) {
      no_gradient_error(*rec.op);
    } else {
      GradArgs args{*rec.op, rec.attrs, rec.inputs, rec.outputs, out_grads,
                    std::span<const bool>(rec.attr_unknown.data(), rec.attr_unknown.size())};
      rec.op->grad(g, args, dx);
    }
    for (size_t i = 0; i < rec.inputs.size(); ++i) {
      GradValue in = rec.inputs[i];
      if (!dx[i].defined() || !connected.count(in.id)) continue;
      DType dtype = builder.spec(in).dtype;
      if (!differentiable(dtype)) continue;
      if (dtype.is_complex()) {
        throw UnimplementedError("[" + std::string(rec.op ? rec.op->name : "custom_gradient") +
                                 "] kiln does not differentiate complex tensors yet; "
                                 "differentiate the real and imaginary parts as real tensors.");
      }
      grads[in.id].push_back(dx[i]);
    }
  }

  std::vector<GradValue> result;
  result.reserve(sources.size());
  for (GradValue s : sources) {
    auto it = grads.find(s.id);
    GradValue d = it == grads.end() ? GradValue{} : g.sum_of(it->second);
    if (d.defined() && !differentiable(builder.spec(s).dtype)) d = GradValue{};
    if (!d.defined() && unconnected == Unconnected::kZero) d = g.zeros_like(s);
    result.push_back(d);
  }
  return result;
}

}  // namespace kiln
