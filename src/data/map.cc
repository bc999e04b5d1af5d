// map (on the consumer's thread, or a parallel stage's workers) and prefetch
// (a parallel stage of one worker and no function).
#include "data/element.h"
#include "data/parallel_stage.h"
#include "data/unary_dataset.h"

namespace kiln::data {
namespace {

class Map : public UnaryDataset {
 public:
  Map(DatasetPtr in, ElementFn fn, ElementSpec out, int workers, bool deterministic,
      ElementFn batched_fn, std::string type = "")
      : UnaryDataset(in, std::move(out),
                     !type.empty() ? type
                     : workers     ? "_ParallelMapDataset"
                                   : "_MapDataset"),
        fn_(std::move(fn)),
        batched_fn_(std::move(batched_fn)),
        workers_(workers),
        deterministic_(deterministic) {}

  // batch(n) after this map: batch first, then one call of batched_fn per batch.
  DatasetPtr batched(int64_t n, bool drop, ElementSpec spec) const {
    if (!batched_fn_) return nullptr;
    return std::make_shared<Map>(batch(input_, n, drop), batched_fn_, std::move(spec), workers_,
                                 deterministic_, nullptr, "_BatchDataset");
  }
  int64_t cardinality() const override { return input_->cardinality(); }
  std::unique_ptr<Iterator> iterate() const override {
    if (workers_ > 0) {
      StageOptions o;
      o.workers = workers_;
      // One element a claim: a worker that claimed several would hold the
      // first ones back while it waits on the input for the next (a slow or
      // streaming input: a generator, a prefetch), and a consumer waiting
      // on those would wait for elements that are there.
      o.block = 1;
      o.capacity = 4 * workers_;
      o.deterministic = deterministic_;
      return parallel_stage(input_->iterate(), fn_, o);
    }
    struct It : Iterator {
      std::unique_ptr<Iterator> in;
      const Map* d;
      DatasetPtr keep;
      std::optional<Element> next(const RunOptions& o) override {
        std::optional<Element> e = in->next(o);
        if (!e) return e;
        return d->fn_(std::move(*e), o);
      }
    };
    return start<It>(this);
  }

 private:
  ElementFn fn_, batched_fn_;
  int workers_;
  bool deterministic_;
};

class Prefetch : public UnaryDataset {
 public:
  Prefetch(DatasetPtr in, int64_t buffer)
      : UnaryDataset(in, in->spec(), "_PrefetchDataset"), buffer_(buffer) {}
  int64_t cardinality() const override { return input_->cardinality(); }
  std::unique_ptr<Iterator> iterate() const override {
    StageOptions o;
    o.capacity = buffer_;
    return parallel_stage(input_->iterate(), nullptr, o);
  }

 private:
  int64_t buffer_;
};

}  // namespace

DatasetPtr map(DatasetPtr input, ElementFn fn, ElementSpec out, int64_t num_parallel_calls,
               bool deterministic, ElementFn batched_fn) {
  int workers = num_parallel_calls == 0 ? 0 : resolve_parallelism(num_parallel_calls);
  return std::make_shared<Map>(std::move(input), std::move(fn), std::move(out), workers,
                               deterministic, std::move(batched_fn));
}

DatasetPtr batch_after_map(const DatasetPtr& input, int64_t n, bool drop, const ElementSpec& spec) {
  const auto* m = dynamic_cast<const Map*>(input.get());
  return m ? m->batched(n, drop, spec) : nullptr;
}

DatasetPtr prefetch(DatasetPtr input, int64_t buffer_size) {
  if (buffer_size == kAutotune) buffer_size = 2;
  if (buffer_size < 0) {
    throw InvalidArgumentError("prefetch: buffer_size must be >= 0 or AUTOTUNE (-1), got " +
                               std::to_string(buffer_size) + ".");
  }
  if (buffer_size == 0) return input;  // TF: no buffer, no thread
  return std::make_shared<Prefetch>(std::move(input), buffer_size);
}

}  // namespace kiln::data
