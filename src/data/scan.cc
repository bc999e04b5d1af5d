// scan (a state carried from element to element, an output per element) and
// reduce (the state after the last element).
#include "data/element.h"
#include "data/unary_dataset.h"

namespace kiln::data {
namespace {

class Scan : public UnaryDataset {
 public:
  Scan(DatasetPtr in, Element initial, ScanFn fn, ElementSpec out)
      : UnaryDataset(in, std::move(out), "_ScanDataset"),
        initial_(std::move(initial)),
        fn_(std::move(fn)) {}
  int64_t cardinality() const override { return input_->cardinality(); }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      std::unique_ptr<Iterator> in;
      const Scan* d;
      DatasetPtr keep;
      Element state;
      std::optional<Element> next(const RunOptions& o) override {
        std::optional<Element> e = in->next(o);
        if (!e) return e;
        auto [new_state, out] = d->fn_(state, std::move(*e), o);
        state = std::move(new_state);
        return std::move(out);
      }
    };
    auto it = start<It>(this);
    it->state = initial_;
    return it;
  }

 private:
  Element initial_;
  ScanFn fn_;
};

}  // namespace

DatasetPtr scan(DatasetPtr input, Element initial_state, ScanFn fn, ElementSpec out) {
  return std::make_shared<Scan>(std::move(input), std::move(initial_state), std::move(fn),
                                std::move(out));
}

Element reduce(const DatasetPtr& input, Element initial_state, const ReduceFn& fn,
               const RunOptions& options) {
  std::unique_ptr<Iterator> it = input->iterate();
  Element state = std::move(initial_state);
  while (std::optional<Element> e = it->next(options))
    state = fn(std::move(state), std::move(*e), options);
  return state;
}

}  // namespace kiln::data
