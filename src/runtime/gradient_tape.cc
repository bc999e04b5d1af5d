// GradientTape for eager C++ code: execute() (runtime/eager.cc) passes each
// op to the tapes recording in its thread; gradient() runs backprop
// (src/ops/backprop.h) on an EagerGradBuilder, so the gradient ops run at once.
#include "kiln/gradient_tape.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "kiln/error.h"
#include "ops/backprop.h"
#include "ops/eager_grad_builder.h"
#include "runtime/eager.h"

namespace kiln {

struct GradientTape::State {
  bool persistent = false;
  bool used = false;
  EagerGradBuilder builder;
  std::unordered_map<uint64_t, GradValue> values;  // tensor id -> its value in builder
  std::vector<GradRecord> records;

  GradValue value_of(const Tensor& t) {
    auto [it, added] = values.try_emplace(t.id(), GradValue{});
    if (added) it->second = builder.add(t.array());
    return it->second;
  }
};

namespace {

thread_local std::vector<GradientTape::State*> t_tapes;  // recording in this thread

void stop(GradientTape::State* s) {
  t_tapes.erase(std::remove(t_tapes.begin(), t_tapes.end(), s), t_tapes.end());
}

}  // namespace

void record_on_tapes(const OpDef& op, const Attrs& attrs, std::span<const Tensor> inputs,
                     std::span<const Tensor> outputs) {
  for (GradientTape::State* s : t_tapes) {
    bool tracked = false;
    for (const Tensor& t : inputs) tracked = tracked || s->values.count(t.id()) > 0;
    if (!tracked) continue;
    GradRecord r{.op = &op, .attrs = attrs};
    for (const Tensor& t : inputs) r.inputs.push_back(s->value_of(t));
    for (const Tensor& t : outputs) r.outputs.push_back(s->value_of(t));
    s->records.push_back(std::move(r));
  }
}

bool tapes_recording() { return !t_tapes.empty(); }

GradientTape::GradientTape(bool persistent) : state_(std::make_unique<State>()) {
  state_->persistent = persistent;
  t_tapes.push_back(state_.get());
}

GradientTape::~GradientTape() { stop(state_.get()); }

void GradientTape::watch(const Tensor& x) { state_->value_of(x); }

std::vector<std::optional<Tensor>> GradientTape::gradient(const Tensor& target,
                                                          std::span<const Tensor> sources,
                                                          const std::optional<Tensor>& output_gradient) {
  State& s = *state_;
  if (s.used && !s.persistent) {
    throw FailedPreconditionError("A non-persistent GradientTape can only be used to compute one "
                                  "set of gradients; make it with GradientTape(true) to call "
                                  "gradient() again.");
  }
  s.used = true;
  stop(&s);
  GradValue t = s.value_of(target);
  std::vector<GradValue> seeds{output_gradient ? s.builder.add(output_gradient->array()) : GradValue{}};
  std::vector<GradValue> src;
  for (const Tensor& x : sources) src.push_back(s.value_of(x));
  std::vector<GradValue> grads =
      backprop(s.builder, s.records, std::span<const GradValue>(&t, 1), seeds, src, Unconnected::kNone);
  std::vector<std::optional<Tensor>> out;
  for (GradValue g : grads) {
    out.push_back(g.defined() ? std::optional<Tensor>(Tensor(s.builder.value(g))) : std::nullopt);
  }
  return out;
}

}  // namespace kiln
