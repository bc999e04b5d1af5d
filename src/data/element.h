// What the datasets share about elements: slicing a component along its
// first axis, stacking (and padding) components into a batch, and the specs
// and checks of TF's messages.
#pragma once

#include <condition_variable>
#include <mutex>
#include <span>
#include <string>

#include "kiln/data.h"
#include "kiln/error.h"

namespace kiln::data {

Shape shape_of(const Component& c);
// Size of axis 0; InvalidArgumentError naming `what` for a scalar.
int64_t leading_dim(const Component& c, const std::string& what);
// Row i of axis 0 (a view for tensors).
Component slice(const Component& c, int64_t i);
// Rows [begin, end) of axis 0 (a view for tensors).
Component rows(const Component& c, int64_t begin, int64_t end);
// The components stacked on a new axis 0 (all of one shape: `component` and
// `what` name them in the error otherwise).
Component stack(std::span<const Component> parts, size_t component);
// The same, each padded with `padding` (a scalar) to `shape` first.
Component stack_padded(std::span<const Component> parts, const Shape& shape,
                       const Component& padding, size_t component);

// The spec of a batch of elements of `spec` (a new leading dim: `n` or unknown).
ComponentSpec batched(const ComponentSpec& spec, int64_t n);
// The spec that both fit (dims that differ become unknown); a concatenation's.
ComponentSpec most_specific_common(const ComponentSpec& a, const ComponentSpec& b);
bool same_kind_and_dtype(const ComponentSpec& a, const ComponentSpec& b);

// An iterator over a list of elements held in memory (from_elements, cache, window).
std::unique_ptr<Iterator> iterate_list(std::shared_ptr<const std::vector<Element>> elements);
// Throws InvalidArgumentError unless `value` fits spec[i] for every i (the
// message names `what`, e.g. "from_generator", and the component).
void check_element(const ElementSpec& spec, const Element& value, const std::string& what);

// batch()'s rewrites, nullptr where they do not apply: a map with a batched
// function runs after the batch instead (map.cc); slices of tensors batch
// into views of row ranges (sources.cc). `spec` is the batch's element spec.
DatasetPtr batch_after_map(const DatasetPtr& input, int64_t n, bool drop, const ElementSpec& spec);
DatasetPtr batch_of_slices(const DatasetPtr& input, int64_t n, bool drop, const ElementSpec& spec);

// Waits on `cv` until ready() holds, checking `options` (cancel flag, poll)
// every poll interval; CancelledError when they ask to stop.
template <class Ready>
void wait_for(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, Ready ready,
              const RunOptions& options);
void throw_if_stopped(const RunOptions& options);
// The cancel flag alone (one atomic load): for loops that pull many elements
// without waiting (a skip, a generator), so that dropping an iterator stops
// its workers there too.
void throw_if_cancelled(const RunOptions& options);

template <class Ready>
void wait_for(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, Ready ready,
              const RunOptions& options) {
  while (!ready()) {
    lock.unlock();  // a poll may take a host lock (Python's GIL) a producer holds
    throw_if_stopped(options);
    lock.lock();
    cv.wait_for(lock, options.poll_interval, ready);
  }
}

}  // namespace kiln::data
