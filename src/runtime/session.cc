// Session: a plan cache in front of compile_plan, keyed by the exact fetch,
// feed-key and target lists. A plan does not depend on fed shapes (kernels
// infer shapes as they run), so one plan serves every fed shape.
#include "kiln/session.h"

#include <atomic>
#include <boost/container/small_vector.hpp>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kiln/error.h"
#include "runtime/plan.h"

namespace kiln {

namespace {

// Hashes std::string and std::string_view alike, so a lookup needs no string:
// the key is built in a buffer on the stack (a repeated run allocates nothing).
struct KeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
};

}  // namespace

struct Session::State {
  explicit State(Graph g) : graph(std::move(g)) {}
  Graph graph;
  std::mutex mutex;
  // The one plan cache of a session (kiln.compat.v1.Session keeps none of its own).
  std::unordered_map<std::string, std::shared_ptr<const Plan>, KeyHash, std::equal_to<>> plans;
  // Runs so far of each stateful node, shared by all plans: fetching a random
  // op in a new fetch list continues its stream instead of repeating it.
  std::unordered_map<int, std::shared_ptr<std::atomic<int64_t>>> run_counters;
  // This session's value of each of the graph's own variables (by
  // VarHandleOp node): two sessions on one graph hold separate values.
  std::unordered_map<int, Variable> variables;
  std::atomic<bool> closed{false};
  std::atomic<int64_t> compiled{0};
};

Session::Session(Graph graph) : state_(std::make_unique<State>(std::move(graph))) {}
Session::~Session() = default;

namespace {

// The cache key: the three lists as raw ints (cheap to build and hash), in
// a buffer that holds a few fetches and feeds without the heap.
using KeyBuffer = boost::container::small_vector<char, 64>;

std::string_view plan_key(KeyBuffer& key, std::span<const Output> fetches,
                          std::span<const Output> feeds, std::span<const int> targets) {
  auto put = [&key](int v) {
    const char* bytes = reinterpret_cast<const char*>(&v);
    key.insert(key.end(), bytes, bytes + sizeof v);
  };
  put(static_cast<int>(fetches.size()));
  for (const Output& o : fetches) put(o.node), put(o.index);
  put(static_cast<int>(feeds.size()));
  for (const Output& o : feeds) put(o.node), put(o.index);
  for (int t : targets) put(t);
  return {key.data(), key.size()};
}

}  // namespace

std::shared_ptr<const Plan> Session::plan(std::span<const Output> fetches,
                                          std::span<const Output> feed_keys,
                                          std::span<const int> targets) {
  if (closed()) {
    throw FailedPreconditionError(
        "Attempted to use a closed Session; create a new Session to run the graph again.");
  }
  KeyBuffer buffer;
  const std::string_view key = plan_key(buffer, fetches, feed_keys, targets);
  {
    std::lock_guard lock(state_->mutex);
    auto it = state_->plans.find(key);
    if (it != state_->plans.end()) return it->second;
  }
  if (fetches.empty() && targets.empty()) {
    throw ValueError("Session.run needs at least one fetch or target; got none.");
  }
  // Compiled outside the lock: two threads may both compile a new plan; the
  // first one stored wins and both are correct.
  auto run_counter = [this](int node) {
    std::lock_guard counters_lock(state_->mutex);
    auto& c = state_->run_counters[node];
    if (!c) c = std::make_shared<std::atomic<int64_t>>(0);
    return c;
  };
  auto variable = [this](const Node& handle) {
    std::lock_guard variables_lock(state_->mutex);
    auto it = state_->variables.find(handle.id);
    if (it == state_->variables.end()) {
      it = state_->variables
               .try_emplace(handle.id, Variable({attr<DType>(*handle.op, handle.attrs, "dtype"),
                                                 attr<Shape>(*handle.op, handle.attrs, "shape")},
                                                handle.name))
               .first;
    }
    return it->second;
  };
  std::shared_ptr<const Plan> plan =
      compile_plan(state_->graph, fetches, feed_keys, targets, run_counter, variable);
  state_->compiled.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(state_->mutex);
  return state_->plans.try_emplace(std::string(key), std::move(plan)).first->second;
}

std::vector<std::shared_ptr<const Plan>> Session::cached_plans() const {
  std::lock_guard lock(state_->mutex);
  std::vector<std::shared_ptr<const Plan>> out;
  for (const auto& [key, plan] : state_->plans) out.push_back(plan);
  return out;
}

std::vector<Tensor> Session::run(std::span<const Output> fetches, std::span<const Feed> feeds,
                                 std::span<const int> targets, const RunOptions& options) {
  std::vector<Output> keys;
  std::vector<Array> values;
  for (const Feed& f : feeds) {
    keys.push_back(f.output);
    values.push_back(f.value);
  }
  std::shared_ptr<const Plan> p = plan(fetches, keys, targets);
  std::vector<Tensor> out;
  for (Array& a : p->run(values, options)) out.emplace_back(std::move(a));
  return out;
}

std::vector<Tensor> Session::run(std::initializer_list<Output> fetches,
                                 std::initializer_list<Feed> feeds) {
  return run(std::span<const Output>(fetches.begin(), fetches.size()),
             std::span<const Feed>(feeds.begin(), feeds.size()));
}

void Session::close() {
  state_->closed = true;
  std::lock_guard lock(state_->mutex);
  state_->plans.clear();
}

bool Session::closed() const { return state_->closed.load(); }
const Graph& Session::graph() const { return state_->graph; }
int64_t Session::plans_compiled() const { return state_->compiled.load(); }

}  // namespace kiln
