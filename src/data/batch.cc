// batch, padded_batch and unbatch: elements stacked on a new first axis
// (padded to one shape first) and split along it again.
#include "data/element.h"
#include "data/unary_dataset.h"

namespace kiln::data {
namespace {

int64_t batched_cardinality(int64_t c, int64_t n, bool drop_remainder) {
  if (!is_finite(c)) return c;
  return drop_remainder ? c / n : (c + n - 1) / n;
}

ElementSpec batch_spec(const ElementSpec& spec, int64_t n, bool drop_remainder,
                       const std::vector<Shape>* padded) {
  ElementSpec out;
  for (size_t i = 0; i < spec.size(); ++i) {
    ComponentSpec s = spec[i];
    if (padded) s.shape = (*padded)[i];
    out.push_back(batched(s, drop_remainder ? n : kUnknownDim));
  }
  return out;
}

class Batch : public UnaryDataset {
 public:
  Batch(DatasetPtr in, int64_t n, std::vector<Shape> padded, Element padding, bool drop, bool pad)
      : UnaryDataset(in, batch_spec(in->spec(), n, drop, pad ? &padded : nullptr),
                     pad ? "_PaddedBatchDataset" : "_BatchDataset"),
        n_(n),
        padded_(std::move(padded)),
        padding_(std::move(padding)),
        drop_(drop),
        pad_(pad) {}
  int64_t cardinality() const override {
    return batched_cardinality(input_->cardinality(), n_, drop_);
  }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      std::unique_ptr<Iterator> in;
      const Batch* d;
      DatasetPtr keep;
      bool done = false;
      std::optional<Element> next(const RunOptions& o) override {
        if (done) return std::nullopt;
        std::vector<Element> rows;
        rows.reserve(static_cast<size_t>(std::min<int64_t>(d->n_, 4096)));
        while (static_cast<int64_t>(rows.size()) < d->n_) {
          std::optional<Element> e = in->next(o);
          if (!e) {
            done = true;
            break;
          }
          rows.push_back(std::move(*e));
        }
        if (rows.empty() || (d->drop_ && static_cast<int64_t>(rows.size()) < d->n_)) {
          done = true;
          return std::nullopt;
        }
        Element out;
        std::vector<Component> parts(rows.size());
        for (size_t c = 0; c < rows[0].size(); ++c) {
          for (size_t r = 0; r < rows.size(); ++r) parts[r] = std::move(rows[r][c]);
          out.push_back(d->pad_ ? stack_padded(parts, d->padded_[c], d->padding_[c], c)
                                : stack(parts, c));
        }
        return out;
      }
    };
    return start<It>(this);
  }

 private:
  int64_t n_;
  std::vector<Shape> padded_;
  Element padding_;
  bool drop_, pad_;
};

ElementSpec unbatched_spec(const ElementSpec& spec) {
  ElementSpec out;
  for (const ComponentSpec& s : spec) {
    if (s.kind == ComponentSpec::Kind::kDataset || s.shape.rank() == 0) {
      throw ValueError(
          "Cannot unbatch an input with scalar components: every component needs a "
          "first dimension to split along, but one is " +
          describe(s) + ".");
    }
    ComponentSpec u = s;
    if (s.shape.has_known_rank())
      u.shape = Shape(Dims(s.shape.dims().begin() + 1, s.shape.dims().end()));
    out.push_back(std::move(u));
  }
  return out;
}

class Unbatch : public UnaryDataset {
 public:
  explicit Unbatch(DatasetPtr in)
      : UnaryDataset(in, unbatched_spec(in->spec()), "_UnbatchDataset") {}
  int64_t cardinality() const override {
    int64_t c = input_->cardinality();
    return c == kInfiniteCardinality ? c : kUnknownCardinality;
  }
  std::unique_ptr<Iterator> iterate() const override {
    struct It : Iterator {
      std::unique_ptr<Iterator> in;
      Element current;
      int64_t i = 0, n = 0;
      std::optional<Element> next(const RunOptions& o) override {
        while (i >= n) {
          std::optional<Element> e = in->next(o);
          if (!e) return e;
          int64_t rows = leading_dim((*e)[0], "unbatch");
          for (size_t c = 1; c < e->size(); ++c) {
            if (leading_dim((*e)[c], "unbatch") != rows) {
              throw InvalidArgumentError(
                  "unbatch: the components of an element differ in their "
                  "first dimension (" +
                  std::to_string(rows) + " and " + std::to_string(leading_dim((*e)[c], "unbatch")) +
                  ").");
            }
          }
          current = std::move(*e);
          i = 0;
          n = rows;
        }
        Element out;
        out.reserve(current.size());
        for (const Component& c : current) out.push_back(slice(c, i));
        ++i;
        return out;
      }
    };
    auto it = std::make_unique<It>();
    it->in = input_->iterate();
    return it;
  }
};

void check_batch_size(int64_t n) {
  if (n <= 0) {
    throw InvalidArgumentError("Batch size must be greater than zero, got " + std::to_string(n) +
                               ".");
  }
}

}  // namespace

DatasetPtr batch(DatasetPtr input, int64_t batch_size, bool drop_remainder) {
  check_batch_size(batch_size);
  ElementSpec spec = batch_spec(input->spec(), batch_size, drop_remainder, nullptr);
  if (DatasetPtr d = batch_after_map(input, batch_size, drop_remainder, spec)) return d;
  if (DatasetPtr d = batch_of_slices(input, batch_size, drop_remainder, spec)) return d;
  return std::make_shared<Batch>(std::move(input), batch_size, std::vector<Shape>{}, Element{},
                                 drop_remainder, false);
}

DatasetPtr padded_batch(DatasetPtr input, int64_t batch_size, std::vector<Shape> padded_shapes,
                        Element padding_values, bool drop_remainder) {
  check_batch_size(batch_size);
  const ElementSpec& spec = input->spec();
  if (padded_shapes.size() != spec.size() || padding_values.size() != spec.size()) {
    throw InvalidArgumentError(
        "padded_batch: padded_shapes and padding_values need one entry per "
        "component (" +
        std::to_string(spec.size()) + ").");
  }
  for (size_t i = 0; i < spec.size(); ++i) {
    const ComponentSpec& s = spec[i];
    if (s.kind == ComponentSpec::Kind::kDataset) {
      throw InvalidArgumentError("padded_batch cannot batch a component that is a dataset.");
    }
    if (!s.shape.has_known_rank() && !padded_shapes[i].has_known_rank()) {
      throw ValueError("padded_batch: component " + std::to_string(i) +
                       " has an unknown rank; "
                       "give its padded_shapes entry explicitly.");
    }
    if (!padded_shapes[i].has_known_rank())
      padded_shapes[i] = Shape(Dims(s.shape.rank(), kUnknownDim));
    // A component of unknown rank is checked element by element (stack_padded).
    if (s.shape.has_known_rank() && padded_shapes[i].rank() != s.shape.rank()) {
      throw ValueError("The padded shape " + padded_shapes[i].to_string() +
                       " is not compatible "
                       "with the shape " +
                       s.shape.to_string() + " of component " + std::to_string(i) + ".");
    }
    for (size_t d = 0; d < s.shape.dims().size(); ++d) {
      int64_t want = padded_shapes[i].dims()[d], have = s.shape.dims()[d];
      if (want != kUnknownDim && have != kUnknownDim && have > want) {
        throw ValueError("The padded shape " + padded_shapes[i].to_string() +
                         " is not compatible "
                         "with the shape " +
                         s.shape.to_string() + " of component " + std::to_string(i) + ".");
      }
    }
    ComponentSpec pad = spec_of(padding_values[i]);
    if (!same_kind_and_dtype(pad, s) || pad.shape.rank() != 0) {
      throw TypeError("padded_batch: padding_values[" + std::to_string(i) +
                      "] must be a scalar of "
                      "the component's dtype (" +
                      describe(s) + "), got " + describe(pad) + ".");
    }
  }
  return std::make_shared<Batch>(std::move(input), batch_size, std::move(padded_shapes),
                                 std::move(padding_values), drop_remainder, true);
}

DatasetPtr unbatch(DatasetPtr input) { return std::make_shared<Unbatch>(std::move(input)); }

}  // namespace kiln::data
