// The attributes that fix a random op's Philox stream.
//
// Stateful ops (kStateful: tf.random.uniform, shuffle, gamma, ...) take
// seed, seed2 and counter ints: the Python wrappers apply TF's global/op
// seed rule, and each run of a graph advances `counter` (runtime/plan.h).
// Stateless ops (tf.random.stateless_*) are pure: one `seed` attribute, the
// shape-[2] tensor TF takes, which a graph may give by a tensor; the same
// seed gives the same values everywhere.
#pragma once

#include <string>
#include <vector>

#include "kernels/cpu/random.h"
#include "kiln/error.h"
#include "ops/op_def.h"

namespace kiln {

// `attrs` followed by the stream attributes, inserted at position `at`.
inline std::vector<AttrDef> with_stream(std::vector<AttrDef> attrs, size_t at, bool stateless) {
  std::vector<AttrDef> stream =
      stateless ? std::vector<AttrDef>{{"seed", AttrType::kIntList, 1}}
                : std::vector<AttrDef>{{"seed", AttrType::kInt}, {"seed2", AttrType::kInt}, {"counter", AttrType::kInt}};
  attrs.insert(attrs.begin() + static_cast<std::ptrdiff_t>(at), stream.begin(), stream.end());
  return attrs;
}

// How many attributes the stream takes (1 stateless, 3 stateful).
inline size_t stream_width(const OpDef& op) { return op.has(kStateful) ? 3 : 1; }

// Inference's check of a stateless seed (TF's message); a seed known only
// when the graph runs passes here and is checked then.
inline void check_stream(const OpDef& op, const Attrs& attrs, size_t at) {
  if (op.has(kStateful)) return;
  const auto& seed = attr<std::vector<int64_t>>(attrs, at);
  if (!is_unknown_length(seed) && seed.size() != 2) {
    throw InvalidArgumentError("[" + std::string(op.name) + "] seed must have shape [2], not [" +
                               std::to_string(seed.size()) + "]; pass two integers, e.g. seed=[1, 2].");
  }
}

// Stateless streams use the last counter, which stateful calls never reach.
inline constexpr int64_t kStatelessCounter = -1;

inline cpu::PhiloxStream stream_of(const OpDef& op, const Attrs& attrs, size_t at) {
  if (op.has(kStateful)) {
    return {attr<int64_t>(attrs, at), attr<int64_t>(attrs, at + 1), attr<int64_t>(attrs, at + 2)};
  }
  const auto& seed = attr<std::vector<int64_t>>(attrs, at);
  return {seed.at(0), seed.at(1), kStatelessCounter};
}

}  // namespace kiln
