#include "data/element.h"

#include <algorithm>
#include <cstring>

#include "kiln/tensor.h"

namespace kiln::data {
namespace {

// TF's shape text in messages: [2,3].
std::string dims_text(const Shape& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.dims().size(); ++i) {
    if (i) out += ",";
    out += s.dims()[i] == kUnknownDim ? "?" : std::to_string(s.dims()[i]);
  }
  return out + "]";
}

Shape with_leading(int64_t n, const Shape& s) {
  Dims d{n};
  d.insert(d.end(), s.dims().begin(), s.dims().end());
  return Shape(d);
}

const Strings& strings_of(const Component& c) { return *std::get<1>(c); }

void check_same_shape(const Shape& first, const Shape& other, size_t component, size_t index) {
  if (!(first == other)) {
    throw InvalidArgumentError(
        "Cannot add tensor to the batch: number of elements does not match. Shapes are: "
        "[tensor]: " +
        dims_text(other) + ", [batch]: " + dims_text(first) + " (component " +
        std::to_string(component) + ", element " + std::to_string(index) +
        " of the batch). "
        "Use padded_batch to pad the elements to one shape, or map them to one shape first.");
  }
}

// Copies `src` (any strides) into the block of `dst` at row `row` whose shape is src's.
void copy_into_row(const Array& src, Array& dst, int64_t row) {
  Array target = dst.index(row);
  if (src.shape() == target.shape() && src.is_c_contiguous()) {
    if (src.nbytes())
      std::memcpy(target.mutable_data(), src.data(), static_cast<size_t>(src.nbytes()));
    return;
  }
  Array block =
      Array::view_of(dst.buffer(), dst.dtype(), src.shape(), target.strides(), target.offset());
  copy_elements(src, block);
}

}  // namespace

Shape shape_of(const Component& c) {
  switch (c.index()) {
    case 0:
      return std::get<0>(c).shape();
    case 1:
      return strings_of(c).shape;
    default:
      return Shape();
  }
}

int64_t leading_dim(const Component& c, const std::string& what) {
  Shape s = shape_of(c);
  if (s.rank() < 1) {
    throw ValueError("Unbatching a tensor is only supported for rank >= 1: " + what +
                     " got a scalar component (shape ()), which has no first dimension to "
                     "split. Give tensors of rank 1 or more.");
  }
  return s.dims()[0];
}

Component slice(const Component& c, int64_t i) {
  if (c.index() == 0) return std::get<0>(c).index(i);
  const Strings& s = strings_of(c);
  auto out = std::make_shared<Strings>();
  out->shape = Shape(Dims(s.shape.dims().begin() + 1, s.shape.dims().end()));
  size_t row = static_cast<size_t>(out->shape.num_elements());
  out->values.assign(
      s.values.begin() + static_cast<std::ptrdiff_t>(row * static_cast<size_t>(i)),
      s.values.begin() + static_cast<std::ptrdiff_t>(row * static_cast<size_t>(i + 1)));
  return out;
}

Component rows(const Component& c, int64_t begin, int64_t end) {
  if (c.index() == 0) {
    const Array& a = std::get<0>(c);
    Dims d = a.dims();
    d[0] = end - begin;
    return Array::view_of(a.buffer(), a.dtype(), Shape(d), a.strides(),
                          a.offset() + begin * a.strides()[0]);
  }
  const Strings& s = strings_of(c);
  auto out = std::make_shared<Strings>();
  Dims d = s.shape.dims();
  int64_t row = d[0] ? static_cast<int64_t>(s.values.size()) / d[0] : 0;
  d[0] = end - begin;
  out->shape = Shape(d);
  out->values.assign(s.values.begin() + static_cast<std::ptrdiff_t>(begin * row),
                     s.values.begin() + static_cast<std::ptrdiff_t>(end * row));
  return out;
}

Component stack(std::span<const Component> parts, size_t component) {
  const Component& first = parts.front();
  if (first.index() == 2) {
    throw InvalidArgumentError("Cannot batch component " + std::to_string(component) +
                               ": it is a dataset (a window). Batch each window with flat_map("
                               "lambda w: w.batch(n)) instead.");
  }
  Shape shape = shape_of(first);
  for (size_t i = 1; i < parts.size(); ++i)
    check_same_shape(shape, shape_of(parts[i]), component, i);
  int64_t n = static_cast<int64_t>(parts.size());
  if (first.index() == 1) {
    auto out = std::make_shared<Strings>();
    out->shape = with_leading(n, shape);
    for (const Component& p : parts) {
      const auto& v = strings_of(p).values;
      out->values.insert(out->values.end(), v.begin(), v.end());
    }
    return out;
  }
  Array out = Array::empty(std::get<0>(first).dtype(), with_leading(n, shape));
  for (int64_t i = 0; i < n; ++i) copy_into_row(std::get<0>(parts[static_cast<size_t>(i)]), out, i);
  return out;
}

Component stack_padded(std::span<const Component> parts, const Shape& padded,
                       const Component& padding, size_t component) {
  const Component& first = parts.front();
  Shape target = padded;
  // Unknown dims of the padded shape: the largest of the batch.
  Dims dims = padded.has_known_rank() ? padded.dims() : Dims(shape_of(first).rank(), kUnknownDim);
  for (size_t i = 0; i < parts.size(); ++i) {
    Shape s = shape_of(parts[i]);
    if (s.rank() != static_cast<int64_t>(dims.size())) {
      throw InvalidArgumentError("padded_batch: component " + std::to_string(component) +
                                 " of element " + std::to_string(i) + " has shape " + dims_text(s) +
                                 ", whose rank is not that of padded_shapes " + dims_text(padded) +
                                 ".");
    }
  }
  for (size_t d = 0; d < dims.size(); ++d) {
    if (dims[d] != kUnknownDim && padded.has_known_rank() && padded.dims()[d] != kUnknownDim)
      continue;
    int64_t largest = 0;
    for (const Component& p : parts) largest = std::max(largest, shape_of(p).dims()[d]);
    dims[d] = largest;
  }
  target = Shape(dims);
  for (size_t i = 0; i < parts.size(); ++i) {
    Shape s = shape_of(parts[i]);
    for (size_t d = 0; d < dims.size(); ++d) {
      if (s.dims()[d] > dims[d]) {
        throw DataLossError(
            "Attempted to pad to a smaller size than the input element. Component " +
            std::to_string(component) + " of element " + std::to_string(i) + " has shape " +
            dims_text(s) + ", larger than padded_shapes " + dims_text(padded) + ".");
      }
    }
  }
  int64_t n = static_cast<int64_t>(parts.size());
  if (first.index() == 1) {
    auto out = std::make_shared<Strings>();
    out->shape = with_leading(n, target);
    const std::string& pad = strings_of(padding).values.at(0);
    out->values.assign(static_cast<size_t>(out->shape.num_elements()), pad);
    int64_t row = target.num_elements();
    for (int64_t i = 0; i < n; ++i) {
      const Strings& s = strings_of(parts[static_cast<size_t>(i)]);
      // Walk the element's values in C order and place them in the padded row.
      const Dims& sd = s.shape.dims();
      for (size_t k = 0; k < s.values.size(); ++k) {
        int64_t rest = static_cast<int64_t>(k), flat = 0, stride = 1;
        std::vector<int64_t> idx(sd.size());
        for (size_t d = sd.size(); d-- > 0;) {
          idx[d] = rest % sd[d];
          rest /= sd[d];
        }
        for (size_t d = sd.size(); d-- > 0;) {
          flat += idx[d] * stride;
          stride *= dims[d];
        }
        out->values[static_cast<size_t>(i * row + flat)] = s.values[k];
      }
    }
    return out;
  }
  const Array& pad = std::get<0>(padding);
  Array out = fill(with_leading(n, target), Tensor(pad)).array();
  for (int64_t i = 0; i < n; ++i) copy_into_row(std::get<0>(parts[static_cast<size_t>(i)]), out, i);
  return out;
}

ComponentSpec spec_of(const Component& c) {
  ComponentSpec spec;
  switch (c.index()) {
    case 0:
      spec.dtype = std::get<0>(c).dtype();
      spec.shape = std::get<0>(c).shape();
      break;
    case 1:
      spec.kind = ComponentSpec::Kind::kString;
      spec.shape = strings_of(c).shape;
      break;
    default:
      spec.kind = ComponentSpec::Kind::kDataset;
      spec.element = std::make_shared<ElementSpec>(std::get<2>(c)->spec());
      break;
  }
  return spec;
}

bool fits(const ComponentSpec& spec, const Component& value) {
  ComponentSpec got = spec_of(value);
  if (!same_kind_and_dtype(spec, got)) return false;
  return spec.kind == ComponentSpec::Kind::kDataset || spec.shape.is_compatible_with(got.shape);
}

bool same_kind_and_dtype(const ComponentSpec& a, const ComponentSpec& b) {
  return a.kind == b.kind && (a.kind != ComponentSpec::Kind::kTensor || a.dtype == b.dtype);
}

ComponentSpec batched(const ComponentSpec& spec, int64_t n) {
  ComponentSpec out = spec;
  out.shape = spec.shape.has_known_rank() ? with_leading(n, spec.shape) : Shape::unknown_rank();
  return out;
}

ComponentSpec most_specific_common(const ComponentSpec& a, const ComponentSpec& b) {
  ComponentSpec out = a;
  if (a.shape.rank() != b.shape.rank() || !a.shape.has_known_rank()) {
    out.shape = Shape::unknown_rank();
    return out;
  }
  Dims d = a.shape.dims();
  for (size_t i = 0; i < d.size(); ++i) {
    if (d[i] != b.shape.dims()[i]) d[i] = kUnknownDim;
  }
  out.shape = Shape(d);
  return out;
}

std::string describe(const ComponentSpec& spec) {
  switch (spec.kind) {
    case ComponentSpec::Kind::kTensor:
      return "TensorSpec(shape=" + spec.shape.to_string() +
             ", dtype=" + std::string(spec.dtype.name()) + ")";
    case ComponentSpec::Kind::kString:
      return "TensorSpec(shape=" + spec.shape.to_string() + ", dtype=string)";
    default:
      return "DatasetSpec";
  }
}

void throw_if_cancelled(const RunOptions& options) {
  if (options.cancel && options.cancel->load(std::memory_order_relaxed)) {
    throw CancelledError("The dataset iteration was cancelled.");
  }
}

void throw_if_stopped(const RunOptions& options) {
  bool stop = options.cancel && options.cancel->load(std::memory_order_relaxed);
  if (!stop && options.poll) stop = options.poll();
  if (stop)
    throw CancelledError(
        "The dataset iteration was cancelled; the iterator can be asked "
        "for its next element again.");
}

}  // namespace kiln::data
