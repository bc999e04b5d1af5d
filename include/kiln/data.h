// kiln::data: input pipelines, as tf.data. A Dataset is an immutable
// description of a stream of elements (a source and the transformations on
// it); iterate() starts one pass over it. An element is a flat list of
// components (the Python package keeps the nesting of tuples and dicts).
//
// Pipelines run in C++: a map function is a compiled plan (or a host
// callable), parallel map and prefetch run on the iterator's own worker
// threads with bounded buffers, and a consumer waits without holding any
// lock a producer needs. Dropping an iterator stops and joins its threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "kiln/array.h"
#include "kiln/run_options.h"
#include "kiln/shape.h"

namespace kiln::data {

class Dataset;
using DatasetPtr = std::shared_ptr<const Dataset>;

// A string tensor (text lines, file names). kiln's kernels have no string
// dtype, so strings live in pipelines only; Python receives them as bytes.
struct Strings {
  Shape shape;                      // fully known
  std::vector<std::string> values;  // C order
};

// One component of an element: a tensor, strings, or a dataset (window()).
using Component = std::variant<Array, std::shared_ptr<const Strings>, DatasetPtr>;
using Element = std::vector<Component>;

struct ComponentSpec {
  enum class Kind : uint8_t { kTensor, kString, kDataset };
  Kind kind = Kind::kTensor;
  DType dtype = DTypeCode::kFloat32;  // kTensor
  Shape shape;                        // dims may be unknown
  // kDataset: the spec of the dataset's elements.
  std::shared_ptr<const std::vector<ComponentSpec>> element;
};
using ElementSpec = std::vector<ComponentSpec>;

inline constexpr int64_t kInfiniteCardinality = -1;
inline constexpr int64_t kUnknownCardinality = -2;
// num_parallel_calls / buffer_size: let kiln choose (kiln's thread count).
inline constexpr int64_t kAutotune = -1;

class Iterator {
 public:
  virtual ~Iterator() = default;
  // The next element, or nullopt at the end (and at every call after it).
  // An element whose computation failed throws its error; the iterator may
  // be asked again (the elements after it follow, as TF's). CancelledError
  // when `options` stop the wait.
  virtual std::optional<Element> next(const RunOptions& options) = 0;
};

class Dataset : public std::enable_shared_from_this<Dataset> {
 public:
  virtual ~Dataset() = default;
  const ElementSpec& spec() const { return spec_; }
  // The number of elements, kInfiniteCardinality, or kUnknownCardinality.
  virtual int64_t cardinality() const = 0;
  // One pass over the elements.
  virtual std::unique_ptr<Iterator> iterate() const = 0;
  // TF's class name of this kind of dataset ("_BatchDataset"), for reprs.
  virtual std::string type_name() const = 0;

 protected:
  explicit Dataset(ElementSpec spec) : spec_(std::move(spec)) {}

 private:
  ElementSpec spec_;
};

// Functions the pipeline calls. Each may throw: the error reaches the
// consumer at the element it belongs to.
using ElementFn = std::function<Element(Element, const RunOptions&)>;
using PredicateFn = std::function<bool(const Element&, const RunOptions&)>;
using DatasetFn = std::function<DatasetPtr(const Element&)>;
// scan: (state, element) -> (new state, output element).
using ScanFn = std::function<std::pair<Element, Element>(Element, Element, const RunOptions&)>;
// from_generator: a new pass's next-element function (nullopt at the end).
using GeneratorFn = std::function<std::optional<Element>(const RunOptions&)>;
using GeneratorFactory = std::function<GeneratorFn()>;

// ---- sources ----
// Element i holds component j's slice i along axis 0 (all must agree on it).
DatasetPtr from_tensor_slices(Element components);
// One element: the components themselves.
DatasetPtr from_tensors(Element components);
// start, start+step, ... before stop, as `dtype` scalars (step != 0).
DatasetPtr range(int64_t start, int64_t stop, int64_t step, DType dtype);
// Elements from a host generator; `spec` is what it promises (checked).
DatasetPtr from_generator(GeneratorFactory factory, ElementSpec spec);
// The lines of each file in turn, without their line endings.
DatasetPtr text_lines(std::vector<std::string> files);
// The elements of a list, in order (tests, window()'s windows).
DatasetPtr from_elements(std::shared_ptr<const std::vector<Element>> elements, ElementSpec spec);

// ---- transformations ----
// `out` is the spec of fn's results. num_parallel_calls: 0 runs fn on the
// consumer's thread; >0 (or kAutotune) on that many workers, results in input
// order when deterministic, else as they finish. `batched_fn`, when given,
// computes fn on a batch of elements at once (stacked on a new first axis)
// with the same results: batch() after such a map runs it once per batch.
DatasetPtr map(DatasetPtr input, ElementFn fn, ElementSpec out, int64_t num_parallel_calls = 0,
               bool deterministic = true, ElementFn batched_fn = nullptr);
DatasetPtr filter(DatasetPtr input, PredicateFn keep);
DatasetPtr take_while(DatasetPtr input, PredicateFn keep_going);
DatasetPtr batch(DatasetPtr input, int64_t batch_size, bool drop_remainder);
// padded_shapes: per component, the shape to pad to (unknown dims: the
// batch's largest); padding_values: per component, a scalar.
DatasetPtr padded_batch(DatasetPtr input, int64_t batch_size, std::vector<Shape> padded_shapes,
                        Element padding_values, bool drop_remainder);
DatasetPtr unbatch(DatasetPtr input);
DatasetPtr shuffle(DatasetPtr input, int64_t buffer_size, uint64_t seed, uint64_t seed2,
                   bool reshuffle_each_iteration);
DatasetPtr repeat(DatasetPtr input, int64_t count);  // -1: forever
DatasetPtr take(DatasetPtr input, int64_t count);    // -1: all
DatasetPtr skip(DatasetPtr input, int64_t count);    // -1: all
DatasetPtr prefetch(DatasetPtr input, int64_t buffer_size);
// filename "": in memory; else the file holds the elements across runs.
DatasetPtr cache(DatasetPtr input, std::string filename);
DatasetPtr enumerate(DatasetPtr input, int64_t start);
DatasetPtr zip(std::vector<DatasetPtr> inputs);
DatasetPtr concatenate(DatasetPtr first, DatasetPtr second);
// fn maps each element to a dataset; their elements are interleaved: block_length
// from each of cycle_length open datasets in turn (flat_map: 1 and 1).
// num_parallel_calls > 0 fills the open datasets' buffers on worker threads.
DatasetPtr interleave(DatasetPtr input, DatasetFn fn, ElementSpec out, int64_t cycle_length,
                      int64_t block_length, int64_t num_parallel_calls = 0);
// Elements become windows: each component a dataset of `size` consecutive
// values, taken every `stride`, windows starting every `shift` elements.
DatasetPtr window(DatasetPtr input, int64_t size, int64_t shift, int64_t stride,
                  bool drop_remainder);
DatasetPtr scan(DatasetPtr input, Element initial_state, ScanFn fn, ElementSpec out);

// ---- consuming ----
// fn folded over every element, from initial_state: (state, element) -> state.
using ReduceFn = std::function<Element(Element, Element, const RunOptions&)>;
Element reduce(const DatasetPtr& input, Element initial_state, const ReduceFn& fn,
               const RunOptions& options = {});

// ---- specs ----
// TF's text of a spec, e.g. "TensorSpec(shape=(None, 2), dtype=float32)".
std::string describe(const ComponentSpec& spec);
// The spec of a concrete component (its own dtype and shape).
ComponentSpec spec_of(const Component& component);
// Whether `value` fits `spec` (kind, dtype, and the known dims).
bool fits(const ComponentSpec& spec, const Component& value);

}  // namespace kiln::data
