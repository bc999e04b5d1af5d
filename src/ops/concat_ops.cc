// Ops of the shape family that build a new tensor from copies of their
// inputs: concat, stack, tile, pad, roll. Each writes its output once,
// through views of it (shape_common.h) and the strided copy and fill of
// kernels/cpu/shape_copy.h.
#include <algorithm>
#include <cctype>
#include <string>

#include "kernels/cpu/shape_copy.h"
#include "ops/axis.h"
#include "ops/registry.h"
#include "ops/shape_common.h"

namespace kiln {
namespace {

using IntList = std::vector<int64_t>;

std::string input_text(size_t i, const TensorSpec& s) {
  return "input " + std::to_string(i) + " (" + std::string(s.dtype.name()) + ", shape " +
         s.shape.to_string() + ")";
}

void check_same_dtype(const OpDef& op, std::span<const TensorSpec> in) {
  for (size_t i = 1; i < in.size(); ++i) {
    if (in[i].dtype != in[0].dtype) {
      shape_error(op, "all inputs must have the same dtype, but " + input_text(0, in[0]) + " and " +
                          input_text(i, in[i]) + " differ. Cast them to one dtype with kiln.cast.");
    }
  }
}

// The one rank the inputs have (-1 when none is known); an error when two differ.
int64_t common_rank(const OpDef& op, std::span<const TensorSpec> in, const char* fix) {
  int64_t rank = -1;
  size_t first = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    int64_t r = in[i].shape.rank();
    if (r < 0) continue;
    if (rank >= 0 && r != rank) {
      shape_error(op, "all inputs must have the same rank, but " + input_text(first, in[first]) +
                          " and " + input_text(i, in[i]) + " differ. " + fix);
    }
    if (rank < 0) first = i;
    rank = r;
  }
  return rank;
}

// ---- concat ----

Specs infer_concat(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  check_same_dtype(op, in);
  int64_t rank = common_rank(op, in, "Reshape or expand_dims them to one rank.");
  if (rank < 0) return {{in[0].dtype, Shape::unknown_rank()}};
  if (rank == 0) {
    shape_error(op, "cannot concatenate scalars (shape ()): they have no axis to join along. "
                    "Use kiln.stack to make a vector of them.");
  }
  // An axis known only when the graph runs: the rank is known, no dimension (TF).
  if (!is_known(attr<int64_t>(attrs, 0))) return {{in[0].dtype, Shape(Dims(static_cast<size_t>(rank), kUnknownDim))}};
  auto axis = static_cast<size_t>(normalize_axis(op, attr<int64_t>(attrs, 0), rank));
  Dims out(static_cast<size_t>(rank), kUnknownDim);
  int64_t total = 0;  // kUnknownDim once any input's size along axis is unknown
  for (size_t i = 0; i < in.size(); ++i) {
    if (!in[i].shape.has_known_rank()) {
      total = kUnknownDim;
      continue;
    }
    const Dims& d = in[i].shape.dims();
    for (size_t k = 0; k < d.size(); ++k) {
      if (k == axis || d[k] == kUnknownDim) continue;
      if (out[k] != kUnknownDim && out[k] != d[k]) {
        shape_error(op, "the shapes of the inputs must match except along axis " +
                            std::to_string(axis) + ", but " + input_text(i, in[i]) +
                            " has size " + std::to_string(d[k]) + " on axis " + std::to_string(k) +
                            " where an earlier input has " + std::to_string(out[k]) + ".");
      }
      out[k] = d[k];
    }
    if (total == kUnknownDim || d[axis] == kUnknownDim) {
      total = kUnknownDim;
    } else if (auto t = checked_add(total, d[axis])) {
      total = *t;
    } else {
      shape_error(op, "the inputs have more elements along axis " + std::to_string(axis) +
                          " than fit in 64 bits.");
    }
  }
  out[axis] = total;
  return {{in[0].dtype, Shape(std::move(out))}};
}

Arrays concat_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                     std::span<const TensorSpec> spec) {
  if (in.size() == 1) return {in[0]};  // immutable: the input itself is the answer
  auto axis = normalize_axis(op, attr<int64_t>(attrs, 0), in[0].ndim());
  Array out = Array::empty(spec[0].dtype, spec[0].shape);
  int64_t begin = 0;
  for (const Array& a : in) {
    int64_t n = a.dims()[static_cast<size_t>(axis)];
    Array part = narrow(out, axis, begin, n);
    cpu::copy(a, part);
    begin += n;
  }
  return {out};
}

// ---- stack ----

Specs infer_stack(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  check_same_dtype(op, in);
  int64_t rank = common_rank(op, in, "kiln.stack needs tensors of one shape.");
  if (rank < 0) return {{in[0].dtype, Shape::unknown_rank()}};
  Dims out(static_cast<size_t>(rank), kUnknownDim);
  for (size_t i = 0; i < in.size(); ++i) {
    if (!in[i].shape.has_known_rank()) continue;
    for (size_t k = 0; k < out.size(); ++k) {
      int64_t d = in[i].shape.dims()[k];
      if (d == kUnknownDim) continue;
      if (out[k] != kUnknownDim && out[k] != d) {
        shape_error(op, "all inputs must have the same shape, but " + input_text(i, in[i]) +
                            " differs from an earlier input on axis " + std::to_string(k) +
                            " (" + std::to_string(d) + " vs " + std::to_string(out[k]) + ").");
      }
      out[k] = d;
    }
  }
  auto axis = normalize_axis(op, attr<int64_t>(attrs, 0), rank + 1);
  out.insert(out.begin() + axis, static_cast<int64_t>(in.size()));
  return {{in[0].dtype, Shape(std::move(out))}};
}

Arrays stack_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                    std::span<const TensorSpec> spec) {
  auto axis = normalize_axis(op, attr<int64_t>(attrs, 0), in[0].ndim() + 1);
  Array out = Array::empty(spec[0].dtype, spec[0].shape);
  SliceView v = SliceView::full(out.dims());
  v.out_axes.erase(v.out_axes.begin() + axis);
  for (size_t i = 0; i < in.size(); ++i) {
    v.ranges[static_cast<size_t>(axis)] = {static_cast<int64_t>(i), 1, 1, false};
    Array part = make_view(out, v);
    cpu::copy(in[i], part);
  }
  return {out};
}

// ---- tile ----

Specs infer_tile(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const auto& m = attr<IntList>(attrs, 0);
  const Shape& s = in[0].shape;
  if (is_unknown_length(m)) {  // multiples given by a tensor of unknown length
    return {{in[0].dtype, s.has_known_rank() ? Shape(Dims(s.dims().size(), kUnknownDim)) : s}};
  }
  for (int64_t k : m) {
    if (k < 0 && is_known(k)) {
      shape_error(op, "multiples " + list_text(m) + " has the negative entry " + std::to_string(k) +
                          "; each axis repeats 0 or more times.");
    }
  }
  if (!s.has_known_rank()) return {{in[0].dtype, Shape(Dims(m.size(), kUnknownDim))}};
  if (static_cast<int64_t>(m.size()) != s.rank()) {
    shape_error(op, "multiples " + list_text(m) + " has " + std::to_string(m.size()) +
                        " entries, but the input has shape " + s.to_string() +
                        "; give one entry per axis.");
  }
  Dims out;
  for (size_t i = 0; i < m.size(); ++i) {
    int64_t d = s.dims()[i];
    if (!is_known(m[i])) {  // known only when the graph runs
      out.push_back(kUnknownDim);
      continue;
    }
    auto p = d == kUnknownDim ? std::optional<int64_t>(kUnknownDim) : checked_mul(d, m[i]);
    if (!p) shape_error(op, "tiling shape " + s.to_string() + " by " + list_text(m) + " overflows 64 bits.");
    out.push_back(m[i] == 0 ? 0 : *p);
  }
  Shape result(std::move(out));
  if (result.is_fully_defined() && !result.try_num_elements()) {
    shape_error(op, "tiling shape " + s.to_string() + " by " + list_text(m) + " makes more elements "
                    "than fit in 64 bits.");
  }
  return {{in[0].dtype, result}};
}

Arrays tile_kernel(const OpDef&, std::span<const Array> in, const Attrs& attrs,
                   std::span<const TensorSpec> spec) {
  const Array& a = in[0];
  const auto& m = attr<IntList>(attrs, 0);
  Array out = Array::empty(spec[0].dtype, spec[0].shape);
  if (out.size() == 0) return {out};
  // Output axis k, of m_k * d_k elements, seen as two axes (m_k, d_k): the
  // input is read with stride 0 along the first, so one copy does it all.
  Dims dims;
  Strides src, dst;
  for (size_t k = 0; k < m.size(); ++k) {
    if (m[k] != 1) {
      dims.push_back(m[k]);
      src.push_back(0);
      dst.push_back(out.strides()[k] * a.dims()[k]);
    }
    dims.push_back(a.dims()[k]);
    src.push_back(a.strides()[k]);
    dst.push_back(out.strides()[k]);
  }
  Shape shape(std::move(dims));
  Array from = Array::view_of(a.buffer(), a.dtype(), shape, std::move(src), a.offset());
  Array to = Array::view_of(out.buffer(), out.dtype(), shape, std::move(dst), out.offset());
  cpu::copy(from, to);
  return {out};
}

// ---- pad ----

enum class PadMode { kConstant, kReflect, kSymmetric };

PadMode pad_mode(const OpDef& op, const std::string& mode) {
  std::string upper = mode;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper == "CONSTANT") return PadMode::kConstant;
  if (upper == "REFLECT") return PadMode::kReflect;
  if (upper == "SYMMETRIC") return PadMode::kSymmetric;
  shape_error(op, "mode '" + mode + "' is not one of 'CONSTANT', 'REFLECT' or 'SYMMETRIC'.");
}

// Inputs: tensor, constant_values (a scalar). Attrs: paddings (rank x 2,
// flattened), mode.
Specs infer_pad(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const auto& p = attr<IntList>(attrs, 0);
  PadMode mode = pad_mode(op, attr<std::string>(attrs, 1));
  const Shape& s = in[0].shape;
  if (in[1].dtype != in[0].dtype) {
    shape_error(op, "constant_values is " + std::string(in[1].dtype.name()) + " but the tensor is " +
                        std::string(in[0].dtype.name()) + "; give a value of the tensor's dtype.");
  }
  if (in[1].shape.rank() > 0) {
    shape_error(op, "constant_values must be a scalar, got shape " + in[1].shape.to_string() + ".");
  }
  if (is_unknown_length(p)) {  // paddings given by a tensor of unknown shape
    return {{in[0].dtype, s.has_known_rank() ? Shape(Dims(s.dims().size(), kUnknownDim)) : s}};
  }
  if (p.size() % 2 != 0) shape_error(op, "paddings must have shape (rank, 2).");
  for (int64_t v : p) {
    if (v < 0 && is_known(v)) shape_error(op, "paddings " + list_text(p) + " has the negative entry " + std::to_string(v) + "; pad by 0 or more.");
  }
  size_t rank = p.size() / 2;
  if (!s.has_known_rank()) return {{in[0].dtype, Shape(Dims(rank, kUnknownDim))}};
  if (static_cast<int64_t>(rank) != s.rank()) {
    shape_error(op, "paddings must have shape (" + std::to_string(s.rank()) + ", 2) for an input of shape " +
                        s.to_string() + ", got shape (" + std::to_string(rank) + ", 2).");
  }
  Dims out;
  for (size_t i = 0; i < rank; ++i) {
    int64_t d = s.dims()[i], lo = p[2 * i], hi = p[2 * i + 1];
    if (d == kUnknownDim || !is_known(lo) || !is_known(hi)) {
      out.push_back(kUnknownDim);
      continue;
    }
    int64_t limit = mode == PadMode::kReflect ? d - 1 : d;
    if (mode != PadMode::kConstant && (lo > limit || hi > limit)) {
      shape_error(op, "paddings (" + std::to_string(lo) + ", " + std::to_string(hi) + ") on axis " +
                          std::to_string(i) + " of shape " + s.to_string() + " are too large for " +
                          (mode == PadMode::kReflect ? "REFLECT" : "SYMMETRIC") + " mode: each must be <= " +
                          std::to_string(limit) + (mode == PadMode::kReflect ? " (the axis size - 1)." : " (the axis size)."));
    }
    auto t = checked_add(d, lo);
    if (t) t = checked_add(*t, hi);
    if (!t) shape_error(op, "padding shape " + s.to_string() + " by " + list_text(p) + " overflows 64 bits.");
    out.push_back(*t);
  }
  Shape result(std::move(out));
  if (result.is_fully_defined() && !result.try_num_elements()) {
    shape_error(op, "the padded shape " + result.to_string() + " has more elements than fit in 64 bits.");
  }
  return {{in[0].dtype, result}};
}

Arrays pad_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                  std::span<const TensorSpec> spec) {
  const Array& a = in[0];
  const auto& p = attr<IntList>(attrs, 0);
  PadMode mode = pad_mode(op, attr<std::string>(attrs, 1));
  Array out = Array::empty(spec[0].dtype, spec[0].shape);
  if (out.size() == 0) return {out};
  size_t rank = static_cast<size_t>(a.ndim());
  SliceView interior = SliceView::full(out.dims());
  for (size_t i = 0; i < rank; ++i) interior.ranges[i] = {p[2 * i], 1, a.dims()[i], true};
  Array middle = make_view(out, interior);
  cpu::copy(a, middle);
  // Axis by axis, fill the borders; the axes before k are already complete,
  // so each border is one strided fill, or one copy from the filled part
  // (reversed: a view with step -1).
  SliceView done = interior;
  for (size_t k = 0; k < rank; ++k) {
    int64_t lo = p[2 * k], hi = p[2 * k + 1], d = a.dims()[k];
    for (int side = 0; side < 2; ++side) {
      int64_t n = side == 0 ? lo : hi;
      if (n == 0) continue;
      SliceView border = done;
      border.ranges[k] = {side == 0 ? 0 : lo + d, 1, n, true};
      Array to = make_view(out, border);
      if (mode == PadMode::kConstant) {
        cpu::fill(to, in[1].data());
        continue;
      }
      // REFLECT mirrors around the edge element, SYMMETRIC repeats it.
      int64_t skip = mode == PadMode::kReflect ? 1 : 0;
      SliceView source = done;
      source.ranges[k] = side == 0 ? AxisRange{lo + skip + n - 1, -1, n, true}
                                   : AxisRange{lo + d - 1 - skip, -1, n, true};
      cpu::copy(make_view(out, source), to);
    }
    done.ranges[k] = {0, 1, out.dims()[k], true};
  }
  return {out};
}

// ---- roll ----

// Attrs: shift, axis (lists of one length; a repeated axis adds its shifts).
Specs infer_roll(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const auto& shift = attr<IntList>(attrs, 0);
  const auto& axis = attr<IntList>(attrs, 1);
  // Given by tensors known only when the graph runs: the shape stays.
  if (is_unknown_length(shift) || is_unknown_length(axis)) return {in[0]};
  if (shift.size() != axis.size()) {
    shape_error(op, "shift " + list_text(shift) + " and axis " + list_text(axis) +
                        " must have the same length: one shift per axis.");
  }
  if (in[0].shape.has_known_rank()) {
    for (int64_t a : axis) {
      if (is_known(a)) normalize_axis(op, a, in[0].shape.rank());
    }
  }
  return {in[0]};
}

Arrays roll_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                   std::span<const TensorSpec> spec) {
  const Array& a = in[0];
  const auto& shift = attr<IntList>(attrs, 0);
  const auto& axis = attr<IntList>(attrs, 1);
  Array out = Array::empty(spec[0].dtype, spec[0].shape);
  if (out.size() == 0) return {out};
  // The net shift of each axis, in [0, d).
  std::vector<int64_t> net(static_cast<size_t>(a.ndim()), 0);
  for (size_t i = 0; i < axis.size(); ++i) {
    auto k = static_cast<size_t>(normalize_axis(op, axis[i], a.ndim()));
    int64_t d = a.dims()[k];
    net[k] = ((net[k] + shift[i] % d) % d + d) % d;  // every term < d: no overflow
  }
  std::vector<size_t> rolled;
  for (size_t k = 0; k < net.size(); ++k) {
    if (net[k] != 0) rolled.push_back(k);
  }
  // Along a rolled axis the output is two blocks: [s, d) from [0, d - s) and
  // [0, s) from [d - s, d). Copy every combination of blocks.
  for (uint64_t pick = 0; pick < (uint64_t{1} << rolled.size()); ++pick) {
    SliceView from = SliceView::full(a.dims()), to = SliceView::full(out.dims());
    for (size_t j = 0; j < rolled.size(); ++j) {
      size_t k = rolled[j];
      int64_t d = a.dims()[k], s = net[k];
      bool tail = (pick >> j) & 1;
      from.ranges[k] = tail ? AxisRange{d - s, 1, s, true} : AxisRange{0, 1, d - s, true};
      to.ranges[k] = tail ? AxisRange{0, 1, s, true} : AxisRange{s, 1, d - s, true};
    }
    Array part = make_view(out, to);
    cpu::copy(make_view(a, from), part);
  }
  return {out};
}

}  // namespace

void register_concat_ops(Registry& r) {
  using A = AttrType;
  r.add({.name = "concat", .min_inputs = 1, .max_inputs = OpDef::kVariadic,
         .attrs = {{"axis", A::kInt, 0}}, .infer = infer_concat, .cpu = concat_kernel,
         .moves_inputs = OpDef::kVariadic});
  r.add({.name = "stack", .min_inputs = 1, .max_inputs = OpDef::kVariadic,
         .attrs = {{"axis", A::kInt}}, .infer = infer_stack, .cpu = stack_kernel,
         .moves_inputs = OpDef::kVariadic});
  r.add({.name = "tile", .min_inputs = 1, .max_inputs = 1, .attrs = {{"multiples", A::kIntList, 1}},
         .infer = infer_tile, .cpu = tile_kernel});
  r.add({.name = "pad", .min_inputs = 2, .max_inputs = 2,
         .attrs = {{"paddings", A::kIntList, 2}, {"mode", A::kString}}, .infer = infer_pad,
         .cpu = pad_kernel});
  r.add({.name = "roll", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"shift", A::kIntList, 1}, {"axis", A::kIntList, 1}}, .infer = infer_roll,
         .cpu = roll_kernel});
}

}  // namespace kiln
