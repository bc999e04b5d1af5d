// kiln::Session: runs a Graph. run() compiles the part of the graph that the
// fetches need into a Plan (pruned, constants folded) once per set of fetches,
// feeds and targets, caches it, and executes it; a repeated run does no graph
// walking. Many threads may call run() on one session at once.
#pragma once

#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "kiln/graph.h"
#include "kiln/run_options.h"
#include "kiln/tensor.h"

namespace kiln {

class Plan;

// A value for one graph output, replacing what the graph would compute.
struct Feed {
  Output output;
  Array value;
};

class Session {
 public:
  explicit Session(Graph graph);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // The values of `fetches`; `targets` are nodes that must run but give no
  // value (e.g. a no_op grouping others). Throws InvalidArgumentError naming
  // every placeholder the fetches need that has no feed, CancelledError when
  // `options` stop the run (the session stays usable).
  std::vector<Tensor> run(std::span<const Output> fetches, std::span<const Feed> feeds = {},
                          std::span<const int> targets = {}, const RunOptions& options = {});
  std::vector<Tensor> run(std::initializer_list<Output> fetches,
                          std::initializer_list<Feed> feeds = {});

  // The compiled plan for these fetches/feed keys/targets (cached): callers
  // that run the same thing often keep it and call Plan::run themselves.
  std::shared_ptr<const Plan> plan(std::span<const Output> fetches,
                                   std::span<const Output> feed_keys,
                                   std::span<const int> targets = {});

  // The plans cached so far, in no particular order (tests and tools look
  // at what was compiled).
  std::vector<std::shared_ptr<const Plan>> cached_plans() const;

  // Frees cached plans; later calls raise FailedPreconditionError.
  void close();
  bool closed() const;
  const Graph& graph() const;
  // Plans compiled so far (a cache miss compiles one).
  int64_t plans_compiled() const;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace kiln
