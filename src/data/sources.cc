// Datasets that make elements: slices of tensors, the tensors themselves, a
// range of numbers, a list in memory, and a host generator.
#include <algorithm>
#include <cstdint>

#include "data/element.h"
#include "kiln/tensor.h"

namespace kiln::data {
namespace {

class ListIterator : public Iterator {
 public:
  explicit ListIterator(std::shared_ptr<const std::vector<Element>> elements)
      : elements_(std::move(elements)) {}
  std::optional<Element> next(const RunOptions&) override {
    if (i_ >= elements_->size()) return std::nullopt;
    return (*elements_)[i_++];
  }

 private:
  std::shared_ptr<const std::vector<Element>> elements_;
  size_t i_ = 0;
};

// batch(n) of TensorSlices: each batch is a view of a range of rows (no copy).
class SliceBatches : public Dataset {
 public:
  SliceBatches(Element components, ElementSpec spec, int64_t rows, int64_t n, bool drop)
      : Dataset(std::move(spec)),
        components_(std::move(components)),
        batches_(drop ? rows / n : (rows + n - 1) / n),
        rows_(rows),
        n_(n) {}
  int64_t cardinality() const override { return batches_; }
  std::string type_name() const override { return "_BatchDataset"; }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      const SliceBatches* d;
      DatasetPtr keep;
      int64_t i = 0;
      std::optional<Element> next(const RunOptions&) override {
        if (i >= d->batches_) return std::nullopt;
        int64_t begin = i * d->n_, end = std::min(d->rows_, begin + d->n_);
        ++i;
        Element e;
        e.reserve(d->components_.size());
        for (const Component& c : d->components_) e.push_back(rows(c, begin, end));
        return e;
      }
    };
    auto it = std::make_unique<It>();
    it->d = this;
    it->keep = shared_from_this();
    return it;
  }

 private:
  Element components_;
  int64_t batches_, rows_, n_;
};

class TensorSlices : public Dataset {
 public:
  TensorSlices(Element components, ElementSpec spec, int64_t n)
      : Dataset(std::move(spec)), components_(std::move(components)), n_(n) {}
  int64_t cardinality() const override { return n_; }
  std::string type_name() const override { return "_TensorSliceDataset"; }
  DatasetPtr batched(int64_t n, bool drop, ElementSpec spec) const {
    return std::make_shared<SliceBatches>(components_, std::move(spec), n_, n, drop);
  }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      const TensorSlices* d;
      DatasetPtr keep;
      int64_t i = 0;
      std::optional<Element> next(const RunOptions&) override {
        if (i >= d->n_) return std::nullopt;
        Element e;
        e.reserve(d->components_.size());
        for (const Component& c : d->components_) e.push_back(slice(c, i));
        ++i;
        return e;
      }
    };
    auto it = std::make_unique<It>();
    it->d = this;
    it->keep = shared_from_this();
    return it;
  }

 private:
  Element components_;
  int64_t n_;
};

class ListDataset : public Dataset {
 public:
  ListDataset(std::shared_ptr<const std::vector<Element>> elements, ElementSpec spec,
              std::string type)
      : Dataset(std::move(spec)), elements_(std::move(elements)), type_(std::move(type)) {}
  int64_t cardinality() const override { return static_cast<int64_t>(elements_->size()); }
  std::string type_name() const override { return type_; }
  std::unique_ptr<Iterator> iterate() const override { return iterate_list(elements_); }

 private:
  std::shared_ptr<const std::vector<Element>> elements_;
  std::string type_;
};

class Range : public Dataset {
 public:
  Range(int64_t start, int64_t stop, int64_t step, DType dtype)
      : Dataset({ComponentSpec{ComponentSpec::Kind::kTensor, dtype, Shape(), nullptr}}),
        start_(start),
        stop_(stop),
        step_(step),
        dtype_(dtype) {}
  int64_t cardinality() const override {
    // In 128 bits: the span of two int64 values (and -step) may not fit 64.
    __int128 span = static_cast<__int128>(stop_) - start_, step = step_;
    if (step < 0) {
      span = -span;
      step = -step;
    }
    if (span <= 0) return 0;
    __int128 n = (span - 1) / step + 1;
    return n > INT64_MAX ? INT64_MAX : static_cast<int64_t>(n);
  }
  std::string type_name() const override { return "_RangeDataset"; }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      int64_t left;
      uint64_t value, step;  // unsigned: stepping past the last value may wrap
      DType dtype;
      It(int64_t n, int64_t start, int64_t s, DType d)
          : left(n),
            value(static_cast<uint64_t>(start)),
            step(static_cast<uint64_t>(s)),
            dtype(d) {}
      std::optional<Element> next(const RunOptions&) override {
        if (left <= 0) return std::nullopt;
        --left;
        auto v = static_cast<int64_t>(value);
        value += step;
        if (dtype.is_floating())
          return Element{fill(Shape(), static_cast<double>(v), dtype).array()};
        return Element{fill_int(Shape(), v, dtype).array()};
      }
    };
    return std::make_unique<It>(cardinality(), start_, step_, dtype_);
  }

 private:
  int64_t start_, stop_, step_;
  DType dtype_;
};

class Generator : public Dataset {
 public:
  Generator(GeneratorFactory factory, ElementSpec spec)
      : Dataset(std::move(spec)), factory_(std::move(factory)) {}
  int64_t cardinality() const override { return kUnknownCardinality; }
  std::string type_name() const override { return "_FlatMapDataset"; }  // TF builds it so
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      GeneratorFn fn;
      const ElementSpec* spec;
      DatasetPtr keep;
      bool done = false;
      std::optional<Element> next(const RunOptions& options) override {
        if (done) return std::nullopt;
        throw_if_cancelled(options);
        std::optional<Element> e;
        try {
          e = fn(options);
        } catch (const CancelledError&) {
          throw;  // a stopped wait: the generator itself may go on
        } catch (...) {
          done = true;  // a generator that raised is finished, as Python's are
          throw;
        }
        if (!e) {
          done = true;
          return e;
        }
        check_element(*spec, *e, "from_generator");
        return e;
      }
    };
    auto it = std::make_unique<It>();
    it->fn = factory_();
    it->spec = &spec();
    it->keep = shared_from_this();
    return it;
  }

 private:
  GeneratorFactory factory_;
};

}  // namespace

std::unique_ptr<Iterator> iterate_list(std::shared_ptr<const std::vector<Element>> elements) {
  return std::make_unique<ListIterator>(std::move(elements));
}

DatasetPtr batch_of_slices(const DatasetPtr& input, int64_t n, bool drop, const ElementSpec& spec) {
  const auto* s = dynamic_cast<const TensorSlices*>(input.get());
  return s ? s->batched(n, drop, spec) : nullptr;
}

void check_element(const ElementSpec& spec, const Element& value, const std::string& what) {
  if (value.size() != spec.size()) {
    throw InvalidArgumentError(what + ": an element has " + std::to_string(value.size()) +
                               " components where the spec has " + std::to_string(spec.size()) +
                               ".");
  }
  for (size_t i = 0; i < spec.size(); ++i) {
    if (!fits(spec[i], value[i])) {
      throw InvalidArgumentError(what + ": component " + std::to_string(i) + " of an element is " +
                                 describe(spec_of(value[i])) +
                                 ", which does not fit the declared " + describe(spec[i]) + ".");
    }
  }
}

DatasetPtr from_tensor_slices(Element components) {
  if (components.empty()) {
    throw InvalidArgumentError("from_tensor_slices needs at least one tensor.");
  }
  int64_t n = leading_dim(components[0], "from_tensor_slices");
  ElementSpec spec;
  for (size_t i = 0; i < components.size(); ++i) {
    int64_t d = leading_dim(components[i], "from_tensor_slices");
    if (d != n) {
      throw ValueError("Dimensions " + std::to_string(n) + " and " + std::to_string(d) +
                       " are not compatible: from_tensor_slices needs every component to have "
                       "the same size in its first dimension (component 0 has " +
                       std::to_string(n) + ", component " + std::to_string(i) + " has " +
                       std::to_string(d) + ").");
    }
    ComponentSpec s = spec_of(components[i]);
    s.shape = Shape(Dims(s.shape.dims().begin() + 1, s.shape.dims().end()));
    spec.push_back(std::move(s));
  }
  return std::make_shared<TensorSlices>(std::move(components), std::move(spec), n);
}

DatasetPtr from_tensors(Element components) {
  ElementSpec spec;
  for (const Component& c : components) spec.push_back(spec_of(c));
  auto list = std::make_shared<std::vector<Element>>(1, std::move(components));
  return std::make_shared<ListDataset>(std::move(list), std::move(spec), "_TensorDataset");
}

DatasetPtr from_elements(std::shared_ptr<const std::vector<Element>> elements, ElementSpec spec) {
  return std::make_shared<ListDataset>(std::move(elements), std::move(spec), "_ListDataset");
}

DatasetPtr range(int64_t start, int64_t stop, int64_t step, DType dtype) {
  if (step == 0) throw InvalidArgumentError("range: step must not be 0.");
  if (!dtype.is_integer() && !dtype.is_floating()) {
    throw InvalidArgumentError("range: output_type must be an integer or floating dtype, got " +
                               std::string(dtype.name()) + ".");
  }
  return std::make_shared<Range>(start, stop, step, dtype);
}

DatasetPtr from_generator(GeneratorFactory factory, ElementSpec spec) {
  return std::make_shared<Generator>(std::move(factory), std::move(spec));
}

}  // namespace kiln::data
