// The base of datasets that transform one input dataset: they hold it, and
// their iterators hold the dataset (shared_from_this) while they run.
#pragma once

#include <memory>
#include <string>

#include "kiln/data.h"

namespace kiln::data {

class UnaryDataset : public Dataset {
 protected:
  UnaryDataset(DatasetPtr input, ElementSpec spec, std::string type)
      : Dataset(std::move(spec)), input_(std::move(input)), type_(std::move(type)) {}
  std::string type_name() const override { return type_; }

  // A new iterator of type It over the input: It's `in` iterates the input,
  // `d` is this dataset (self, its own type) and `keep` holds it while the
  // iterator runs.
  template <class It, class D>
  std::unique_ptr<It> start(const D* self) const {
    auto it = std::make_unique<It>();
    it->in = input_->iterate();
    it->d = self;
    it->keep = shared_from_this();
    return it;
  }

  DatasetPtr input_;

 private:
  std::string type_;
};

// Cardinality arithmetic by TF's rules: infinite and unknown propagate.
inline bool is_finite(int64_t n) { return n >= 0; }

}  // namespace kiln::data
