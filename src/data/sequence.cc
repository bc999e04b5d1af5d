// Transformations that pick, repeat, number or join elements without looking
// inside them: take, skip, repeat, enumerate, zip, concatenate, filter,
// take_while.
#include <algorithm>

#include "data/element.h"
#include "data/unary_dataset.h"
#include "kiln/tensor.h"

namespace kiln::data {
namespace {

class Take : public UnaryDataset {
 public:
  Take(DatasetPtr in, int64_t n) : UnaryDataset(in, in->spec(), "_TakeDataset"), n_(n) {}
  int64_t cardinality() const override {
    int64_t c = input_->cardinality();
    if (n_ < 0) return c;
    if (c == kInfiniteCardinality) return n_;
    return c == kUnknownCardinality ? c : std::min(c, n_);
  }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      std::unique_ptr<Iterator> in;
      int64_t left;
      std::optional<Element> next(const RunOptions& o) override {
        if (left == 0) return std::nullopt;
        std::optional<Element> e = in->next(o);
        if (!e)
          left = 0;
        else if (left > 0)
          --left;
        return e;
      }
    };
    auto it = std::make_unique<It>();
    it->in = input_->iterate();
    it->left = n_;
    return it;
  }

 private:
  int64_t n_;
};

class Skip : public UnaryDataset {
 public:
  Skip(DatasetPtr in, int64_t n) : UnaryDataset(in, in->spec(), "_SkipDataset"), n_(n) {}
  int64_t cardinality() const override {
    int64_t c = input_->cardinality();
    if (!is_finite(c)) return c;
    return n_ < 0 ? 0 : std::max<int64_t>(c - n_, 0);
  }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      std::unique_ptr<Iterator> in;
      int64_t to_skip;  // -1: everything
      std::optional<Element> next(const RunOptions& o) override {
        while (to_skip != 0) {
          throw_if_cancelled(o);
          if (!in->next(o)) {
            to_skip = 0;
            return std::nullopt;
          }
          if (to_skip > 0) --to_skip;
        }
        return in->next(o);
      }
    };
    auto it = std::make_unique<It>();
    it->in = input_->iterate();
    it->to_skip = n_;
    return it;
  }

 private:
  int64_t n_;
};

class Repeat : public UnaryDataset {
 public:
  Repeat(DatasetPtr in, int64_t count)
      : UnaryDataset(in, in->spec(), "_RepeatDataset"), count_(count) {}
  int64_t cardinality() const override {
    int64_t c = input_->cardinality();
    if (count_ == 0 || c == 0) return 0;
    if (count_ < 0) return c == kUnknownCardinality ? c : kInfiniteCardinality;
    if (!is_finite(c)) return c;
    std::optional<int64_t> n = checked_mul(c, count_);
    return n ? *n : kInfiniteCardinality;
  }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      DatasetPtr in;
      std::unique_ptr<Iterator> current;
      int64_t left;  // passes still to start; -1: forever
      std::optional<Element> next(const RunOptions& o) override {
        while (true) {
          if (!current) {
            if (left == 0) return std::nullopt;
            if (left > 0) --left;
            current = in->iterate();
            // A pass that gives nothing ends a forever-repeat (TF's rule: no spin).
            std::optional<Element> e = current->next(o);
            if (!e) {
              left = 0;
              return e;
            }
            return e;
          }
          std::optional<Element> e = current->next(o);
          if (e) return e;
          current.reset();
        }
      }
    };
    auto it = std::make_unique<It>();
    it->in = input_;
    it->left = count_;
    return it;
  }

 private:
  int64_t count_;
};

ElementSpec with_counter(const ElementSpec& spec) {
  ElementSpec out{ComponentSpec{ComponentSpec::Kind::kTensor, int64, Shape(), nullptr}};
  out.insert(out.end(), spec.begin(), spec.end());
  return out;
}

class Enumerate : public UnaryDataset {
 public:
  Enumerate(DatasetPtr in, int64_t start)
      : UnaryDataset(in, with_counter(in->spec()), "_EnumerateDataset"), start_(start) {}
  int64_t cardinality() const override { return input_->cardinality(); }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      std::unique_ptr<Iterator> in;
      int64_t i;
      std::optional<Element> next(const RunOptions& o) override {
        std::optional<Element> e = in->next(o);
        if (!e) return e;
        e->insert(e->begin(), fill_int(Shape(), i++, int64).array());
        return e;
      }
    };
    auto it = std::make_unique<It>();
    it->in = input_->iterate();
    it->i = start_;
    return it;
  }

 private:
  int64_t start_;
};

ElementSpec joined_specs(const std::vector<DatasetPtr>& inputs) {
  ElementSpec out;
  for (const DatasetPtr& d : inputs) out.insert(out.end(), d->spec().begin(), d->spec().end());
  return out;
}

class Zip : public Dataset {
 public:
  explicit Zip(std::vector<DatasetPtr> inputs)
      : Dataset(joined_specs(inputs)), inputs_(std::move(inputs)) {}
  std::string type_name() const override { return "_ZipDataset"; }
  int64_t cardinality() const override {
    int64_t n = kInfiniteCardinality;
    for (const DatasetPtr& d : inputs_) {
      int64_t c = d->cardinality();
      if (c == kUnknownCardinality) return c;
      if (c != kInfiniteCardinality) n = n == kInfiniteCardinality ? c : std::min(n, c);
    }
    return n;
  }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      std::vector<std::unique_ptr<Iterator>> in;
      bool done = false;
      std::optional<Element> next(const RunOptions& o) override {
        if (done) return std::nullopt;
        Element out;
        for (auto& i : in) {
          std::optional<Element> e = i->next(o);
          if (!e) {
            done = true;
            return std::nullopt;
          }
          out.insert(out.end(), std::make_move_iterator(e->begin()),
                     std::make_move_iterator(e->end()));
        }
        return out;
      }
    };
    auto it = std::make_unique<It>();
    for (const DatasetPtr& d : inputs_) it->in.push_back(d->iterate());
    return it;
  }

 private:
  std::vector<DatasetPtr> inputs_;
};

ElementSpec common_spec(const DatasetPtr& a, const DatasetPtr& b) {
  const ElementSpec &x = a->spec(), &y = b->spec();
  bool ok = x.size() == y.size();
  for (size_t i = 0; ok && i < x.size(); ++i) ok = same_kind_and_dtype(x[i], y[i]);
  if (!ok) {
    std::string a_text, b_text;
    for (const ComponentSpec& s : x) a_text += (a_text.empty() ? "" : ", ") + describe(s);
    for (const ComponentSpec& s : y) b_text += (b_text.empty() ? "" : ", ") + describe(s);
    throw TypeError("Incompatible dataset elements: (" + a_text + ") and (" + b_text +
                    "). concatenate needs the same structure and dtypes; cast or map one first.");
  }
  ElementSpec out;
  for (size_t i = 0; i < x.size(); ++i) out.push_back(most_specific_common(x[i], y[i]));
  return out;
}

class Concatenate : public Dataset {
 public:
  Concatenate(DatasetPtr a, DatasetPtr b)
      : Dataset(common_spec(a, b)), a_(std::move(a)), b_(std::move(b)) {}
  std::string type_name() const override { return "_ConcatenateDataset"; }
  int64_t cardinality() const override {
    int64_t x = a_->cardinality(), y = b_->cardinality();
    if (x == kInfiniteCardinality || y == kInfiniteCardinality) return kInfiniteCardinality;
    if (x == kUnknownCardinality || y == kUnknownCardinality) return kUnknownCardinality;
    std::optional<int64_t> n = checked_add(x, y);
    return n ? *n : kInfiniteCardinality;
  }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      std::unique_ptr<Iterator> first;
      DatasetPtr second_ds;
      std::unique_ptr<Iterator> second;
      std::optional<Element> next(const RunOptions& o) override {
        if (first) {
          std::optional<Element> e = first->next(o);
          if (e) return e;
          first.reset();
          second = second_ds->iterate();
        }
        return second->next(o);
      }
    };
    auto it = std::make_unique<It>();
    it->first = a_->iterate();
    it->second_ds = b_;
    return it;
  }

 private:
  DatasetPtr a_, b_;
};

// filter (skips elements the predicate rejects) and take_while (ends at the first).
class Filter : public UnaryDataset {
 public:
  Filter(DatasetPtr in, PredicateFn keep, bool stop_at_first_rejected)
      : UnaryDataset(in, in->spec(),
                     stop_at_first_rejected ? "_TakeWhileDataset" : "_FilterDataset"),
        keep_(std::move(keep)),
        stop_(stop_at_first_rejected) {}
  int64_t cardinality() const override { return kUnknownCardinality; }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      std::unique_ptr<Iterator> in;
      const Filter* d;
      DatasetPtr keep;
      bool done = false;
      std::optional<Element> next(const RunOptions& o) override {
        while (!done) {
          std::optional<Element> e = in->next(o);
          if (!e) break;
          if (d->keep_(*e, o)) return e;
          if (d->stop_) break;
        }
        done = true;
        return std::nullopt;
      }
    };
    return start<It>(this);
  }

 private:
  PredicateFn keep_;
  bool stop_;
};

}  // namespace

DatasetPtr take(DatasetPtr input, int64_t count) {
  return std::make_shared<Take>(std::move(input), count);
}
DatasetPtr skip(DatasetPtr input, int64_t count) {
  return std::make_shared<Skip>(std::move(input), count);
}
DatasetPtr repeat(DatasetPtr input, int64_t count) {
  return std::make_shared<Repeat>(std::move(input), count);
}
DatasetPtr enumerate(DatasetPtr input, int64_t start) {
  return std::make_shared<Enumerate>(std::move(input), start);
}
DatasetPtr zip(std::vector<DatasetPtr> inputs) {
  if (inputs.empty()) throw InvalidArgumentError("zip needs at least one dataset.");
  return std::make_shared<Zip>(std::move(inputs));
}
DatasetPtr concatenate(DatasetPtr first, DatasetPtr second) {
  return std::make_shared<Concatenate>(std::move(first), std::move(second));
}
DatasetPtr filter(DatasetPtr input, PredicateFn keep) {
  return std::make_shared<Filter>(std::move(input), std::move(keep), false);
}
DatasetPtr take_while(DatasetPtr input, PredicateFn keep_going) {
  return std::make_shared<Filter>(std::move(input), std::move(keep_going), true);
}

}  // namespace kiln::data
