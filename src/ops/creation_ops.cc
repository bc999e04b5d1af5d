// The creation ops: fill (one value repeated), range and linspace. Their
// loops are a few lines each and live here with the declarations.
#include <array>
#include <cmath>
#include <cstring>
#include <string>

#include "core/broadcast.h"
#include "core/parallel.h"
#include "kiln/tensor.h"
#include "ops/axis.h"
#include "ops/creation_shape.h"
#include "ops/registry.h"

namespace kiln {
namespace {

std::string prefix(const OpDef& op) { return "[" + std::string(op.name) + "] "; }

// Runs fn(begin, end) over [0, n), on the pool when n is large.
template <class Fn>
void split(int64_t n, Fn fn) {
  if (n < kParallelThreshold) fn(0, n);
  else parallel_for(n, kParallelThreshold / 4, fn);
}

// ---- fill ----

Specs infer_fill(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  if (in[0].shape.rank() > 0) {
    throw InvalidArgumentError(prefix(op) + "value must be a scalar, got shape " +
                               in[0].shape.to_string() + "; pass one value (a rank-0 tensor).");
  }
  return {{in[0].dtype, shape_from_attr(op, attr<std::vector<int64_t>>(attrs, 0))}};
}

// The C++ API's kiln::fill (src/core/tensor.cc) is the one loop: it repeats
// the scalar's bytes exactly.
Arrays fill_kernel(const OpDef&, std::span<const Array> in, const Attrs&,
                   std::span<const TensorSpec> out) {
  return {fill(out[0].shape, Tensor(in[0])).array()};
}

// ---- range ----

void check_real_number(const OpDef& op, DType dtype, const char* what) {
  if (dtype.is_bool() || dtype.is_complex()) {
    throw InvalidArgumentError(prefix(op) + what + " is " + std::string(dtype.name()) +
                               "; use an integer or float dtype.");
  }
}

Specs infer_range(const OpDef& op, std::span<const TensorSpec> in, const Attrs&) {
  static const char* kNames[] = {"start", "limit", "delta"};
  for (size_t i = 0; i < 3; ++i) {
    if (in[i].shape.rank() > 0) {
      throw InvalidArgumentError(prefix(op) + kNames[i] + " must be a scalar, got shape " +
                                 in[i].shape.to_string() + ".");
    }
    if (in[i].dtype != in[0].dtype) {
      throw InvalidArgumentError(prefix(op) + "start is " + std::string(in[0].dtype.name()) +
                                 " but " + kNames[i] + " is " + std::string(in[i].dtype.name()) +
                                 "; cast them to one dtype or pass dtype=.");
    }
  }
  check_real_number(op, in[0].dtype, "start");
  return {{in[0].dtype, Shape{kUnknownDim}}};  // the length depends on the values
}

[[noreturn]] void bad_range(const OpDef& op, const std::string& why, double s, double l, double d) {
  throw InvalidArgumentError(prefix(op) + why + "; got start=" + std::to_string(s) +
                             ", limit=" + std::to_string(l) + ", delta=" + std::to_string(d) + ".");
}

Arrays range_kernel(const OpDef& op, std::span<const Array> in, const Attrs&,
                    std::span<const TensorSpec> out) {
  DType dtype = out[0].dtype;
  return visit_dtype(dtype, [&](auto tag) -> Arrays {
    using T = decltype(tag);
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      // __int128 holds every difference of two 64-bit values exactly.
      auto s = static_cast<__int128>(in[0].item<T>()), l = static_cast<__int128>(in[1].item<T>()),
           d = static_cast<__int128>(in[2].item<T>());
      if (d == 0) bad_range(op, "delta must not be 0", double(s), double(l), 0);
      __int128 span = d > 0 ? l - s : s - l, step = d > 0 ? d : -d;
      __int128 count = span > 0 ? (span + step - 1) / step : 0;
      if (count >= (__int128{1} << 62)) {
        bad_range(op, "the range has too many elements", double(s), double(l), double(d));
      }
      auto n = static_cast<int64_t>(count);
      Array result = Array::empty(dtype, Shape{n});
      T* dst = static_cast<T*>(result.mutable_data());
      split(n, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) dst[i] = static_cast<T>(s + i * d);  // inside [start, limit)
      });
      return {std::move(result)};
    } else if constexpr (!is_complex<T>::value && !std::is_same_v<T, bool>) {
      double s = in[0].item<double>(), l = in[1].item<double>(), d = in[2].item<double>();
      if (d == 0) bad_range(op, "delta must not be 0", s, l, d);
      if (!std::isfinite(s) || !std::isfinite(l) || !std::isfinite(d)) {
        bad_range(op, "start, limit and delta must be finite", s, l, d);
      }
      double count = std::ceil((l - s) / d);
      if (count >= 0x1p62) bad_range(op, "the range has too many elements", s, l, d);
      auto n = static_cast<int64_t>(count > 0 ? count : 0);
      Array result = Array::empty(dtype, Shape{n});
      T* dst = static_cast<T*>(result.mutable_data());
      // start + i * delta (not a running sum): no accumulated rounding error.
      split(n, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) dst[i] = cast_value<T>(s + static_cast<double>(i) * d);
      });
      return {std::move(result)};
    } else {
      throw InternalError("range kernel: unsupported dtype");
    }
  });
}

// ---- linspace ----

Specs infer_linspace(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  if (in[0].dtype != in[1].dtype || !in[0].dtype.is_floating()) {
    throw InvalidArgumentError(prefix(op) + "start is " + std::string(in[0].dtype.name()) +
                               " and stop is " + std::string(in[1].dtype.name()) +
                               "; both must have one float dtype (float16, bfloat16, float32 or "
                               "float64). Cast them first.");
  }
  int64_t num = attr<int64_t>(attrs, 0);
  if (num == kUnknownValue) {
    num = kUnknownDim;  // given by a tensor known only when the graph runs
  } else if (num < 0) {
    throw InvalidArgumentError(prefix(op) + "num must be >= 0, got " + std::to_string(num) + ".");
  }
  std::string name(op.name);
  Shape b = broadcast_shapes(in[0].shape, in[1].shape, name.c_str());
  if (!b.has_known_rank()) return {{in[0].dtype, Shape::unknown_rank()}};
  int64_t axis = normalize_axis(op, attr<int64_t>(attrs, 1), b.rank() + 1);
  Dims dims;
  for (int64_t k = 0; k <= b.rank(); ++k) {
    if (k == axis) dims.push_back(num);
    if (k < b.rank()) dims.push_back(b.dims()[static_cast<size_t>(k)]);
  }
  return {{in[0].dtype, Shape(std::move(dims))}};
}

// a broadcast to `dims`, as doubles in C order.
std::vector<double> broadcast_values(const Array& a, const Dims& dims, int64_t count) {
  std::vector<double> out;
  out.reserve(static_cast<size_t>(count));
  std::array<Strides, 1> strides = {broadcast_strides(a, dims)};
  int64_t step = dims.empty() ? 0 : strides[0].back();
  const char* base = static_cast<const char*>(a.data());
  visit_dtype(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    for_each_row<1>(dims, strides, [&](const std::array<int64_t, 1>& off, int64_t n) {
      for (int64_t i = 0; i < n; ++i) out.push_back(cast_value<double>(load_value<T>(base + off[0] + i * step)));
    });
  });
  return out;
}

Arrays linspace_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                       std::span<const TensorSpec> out) {
  Array result = Array::empty(out[0].dtype, out[0].shape);
  int64_t num = attr<int64_t>(attrs, 0);
  const Dims& od = out[0].shape.dims();
  int64_t axis = normalize_axis(op, attr<int64_t>(attrs, 1), static_cast<int64_t>(od.size()));
  Dims bd;  // the broadcast shape of start and stop: od without `axis`
  int64_t inner = 1;
  for (size_t k = 0; k < od.size(); ++k) {
    if (static_cast<int64_t>(k) != axis) bd.push_back(od[k]);
    if (static_cast<int64_t>(k) > axis) inner *= od[k];
  }
  int64_t count = Shape(bd).num_elements();
  if (result.size() == 0) return {std::move(result)};
  std::vector<double> start = broadcast_values(in[0], bd, count), stop = broadcast_values(in[1], bd, count);
  visit_dtype(out[0].dtype, [&](auto tag) {
    using T = decltype(tag);
    T* dst = static_cast<T*>(result.mutable_data());
    // Output element (o, i, j) = value i of the line from start[o, j] to stop[o, j].
    split(result.size(), [&](int64_t b, int64_t e) {
      for (int64_t k = b; k < e; ++k) {
        int64_t j = k % inner, i = (k / inner) % num, o = k / (inner * num);
        double s = start[static_cast<size_t>(o * inner + j)], t = stop[static_cast<size_t>(o * inner + j)];
        double v = i == 0 ? s : i == num - 1 ? t : s + static_cast<double>(i) * ((t - s) / static_cast<double>(num - 1));
        dst[k] = cast_value<T>(v);
      }
    });
  });
  return {std::move(result)};
}

}  // namespace

void register_creation_ops(Registry& r) {
  r.add({.name = "fill", .min_inputs = 1, .max_inputs = 1, .attrs = {{"shape", AttrType::kIntList, 1}},
         .infer = infer_fill, .cpu = fill_kernel});
  r.add({.name = "range", .min_inputs = 3, .max_inputs = 3, .infer = infer_range,
         .cpu = range_kernel});
  r.add({.name = "linspace", .min_inputs = 2, .max_inputs = 2,
         .attrs = {{"num", AttrType::kInt, 0}, {"axis", AttrType::kInt}},
         .infer = infer_linspace, .cpu = linspace_kernel});
}

}  // namespace kiln
