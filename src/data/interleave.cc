// interleave (and flat_map, its cycle of one): each input element opens a
// dataset; their elements are taken block_length at a time from each of
// cycle_length open ones in turn (TF's order exactly). window: runs of
// consecutive elements become datasets.
#include <deque>

#include "data/element.h"
#include "data/parallel_stage.h"
#include "data/unary_dataset.h"

namespace kiln::data {
namespace {

class Interleave : public UnaryDataset {
 public:
  Interleave(DatasetPtr in, DatasetFn fn, ElementSpec out, int64_t cycle, int64_t block,
             int workers)
      : UnaryDataset(in, std::move(out),
                     cycle == 1 && block == 1 && !workers ? "_FlatMapDataset"
                     : workers                            ? "_ParallelInterleaveDatasetV4"
                                                          : "_InterleaveDataset"),
        fn_(std::move(fn)),
        cycle_(cycle),
        block_(block),
        workers_(workers) {}
  int64_t cardinality() const override {
    return input_->cardinality() == 0 ? 0 : kUnknownCardinality;
  }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      std::unique_ptr<Iterator> in;
      const Interleave* d;
      DatasetPtr keep;
      std::vector<std::unique_ptr<Iterator>> open;
      size_t index = 0;
      int64_t in_block = 0, num_open = 0;
      bool input_done = false;
      void advance() {
        in_block = 0;
        index = (index + 1) % open.size();
      }
      std::optional<Element> next(const RunOptions& o) override {
        while (!input_done || num_open > 0) {
          if (open[index]) {
            std::optional<Element> e = open[index]->next(o);
            if (e) {
              if (++in_block == d->block_) advance();
              return e;
            }
            open[index].reset();
            --num_open;
            advance();
          } else if (!input_done) {
            std::optional<Element> e = in->next(o);
            if (!e) {
              input_done = true;
              continue;
            }
            DatasetPtr inner = d->fn_(*e);
            check_spec(*inner);
            std::unique_ptr<Iterator> it = inner->iterate();
            if (d->workers_) {  // fill this dataset's next block on a thread of its own
              StageOptions so;
              so.capacity = d->block_;
              it = parallel_stage(std::move(it), nullptr, so);
            }
            open[index] = std::move(it);
            ++num_open;
          } else {
            advance();
          }
        }
        return std::nullopt;
      }
      void check_spec(const Dataset& inner) const {
        const ElementSpec &want = d->spec(), &got = inner.spec();
        bool ok = want.size() == got.size();
        for (size_t i = 0; ok && i < want.size(); ++i) ok = same_kind_and_dtype(want[i], got[i]);
        if (!ok) {
          throw InvalidArgumentError(
              "The function of flat_map/interleave returned datasets whose "
              "elements differ in structure or dtype from its first one's.");
        }
      }
    };
    auto it = start<It>(this);
    it->open.resize(static_cast<size_t>(cycle_));
    return it;
  }

 private:
  DatasetFn fn_;
  int64_t cycle_, block_;
  int workers_;
};

ElementSpec window_spec(const ElementSpec& spec) {
  ElementSpec out;
  for (const ComponentSpec& s : spec) {
    ComponentSpec w;
    w.kind = ComponentSpec::Kind::kDataset;
    w.element = std::make_shared<ElementSpec>(ElementSpec{s});
    out.push_back(std::move(w));
  }
  return out;
}

class Window : public UnaryDataset {
 public:
  Window(DatasetPtr in, int64_t size, int64_t shift, int64_t stride, bool drop)
      : UnaryDataset(in, window_spec(in->spec()), "_WindowDataset"),
        size_(size),
        shift_(shift),
        stride_(stride),
        drop_(drop) {}
  int64_t cardinality() const override {
    int64_t n = input_->cardinality();
    if (!is_finite(n)) return n;
    if (!drop_) return (n + shift_ - 1) / shift_;
    int64_t span = (size_ - 1) * stride_ + 1;
    return n < span ? 0 : (n - span) / shift_ + 1;
  }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      std::unique_ptr<Iterator> in;
      const Window* d;
      DatasetPtr keep;
      std::deque<Element> buffer;  // input elements from position `first` on
      int64_t first = 0;
      bool input_done = false, done = false;
      std::optional<Element> next(const RunOptions& o) override {
        if (done) return std::nullopt;
        int64_t last = (d->size_ - 1) * d->stride_;  // offset of a window's last element
        while (!input_done && static_cast<int64_t>(buffer.size()) <= last) {
          std::optional<Element> e = in->next(o);
          if (!e)
            input_done = true;
          else
            buffer.push_back(std::move(*e));
        }
        std::vector<size_t> picks;
        for (int64_t j = 0; j <= last && j < static_cast<int64_t>(buffer.size()); j += d->stride_) {
          picks.push_back(static_cast<size_t>(j));
        }
        if (picks.empty() || (d->drop_ && static_cast<int64_t>(picks.size()) < d->size_)) {
          done = true;
          return std::nullopt;
        }
        Element out;
        for (size_t c = 0; c < d->input_->spec().size(); ++c) {
          auto values = std::make_shared<std::vector<Element>>();
          for (size_t p : picks) values->push_back(Element{buffer[p][c]});
          out.push_back(from_elements(std::move(values), *d->spec()[c].element));
        }
        // Move to the next window's start.
        for (int64_t k = 0; k < d->shift_; ++k) {
          if (!buffer.empty()) {
            buffer.pop_front();
          } else if (!input_done) {
            if (!in->next(o)) input_done = true;
          }
        }
        if (buffer.empty() && input_done) done = true;
        return out;
      }
    };
    return start<It>(this);
  }

 private:
  int64_t size_, shift_, stride_;
  bool drop_;
};

void check_positive(int64_t v, const char* what) {
  if (v <= 0) {
    throw InvalidArgumentError(std::string(what) + " must be greater than zero, got " +
                               std::to_string(v) + ".");
  }
}

}  // namespace

DatasetPtr interleave(DatasetPtr input, DatasetFn fn, ElementSpec out, int64_t cycle_length,
                      int64_t block_length, int64_t num_parallel_calls) {
  if (cycle_length == kAutotune) cycle_length = resolve_parallelism(kAutotune);
  check_positive(cycle_length, "cycle_length");
  check_positive(block_length, "block_length");
  int workers = num_parallel_calls == 0 ? 0 : resolve_parallelism(num_parallel_calls);
  return std::make_shared<Interleave>(std::move(input), std::move(fn), std::move(out), cycle_length,
                                      block_length, workers);
}

DatasetPtr window(DatasetPtr input, int64_t size, int64_t shift, int64_t stride,
                  bool drop_remainder) {
  check_positive(size, "size");
  check_positive(shift, "shift");
  check_positive(stride, "stride");
  return std::make_shared<Window>(std::move(input), size, shift, stride, drop_remainder);
}

}  // namespace kiln::data
