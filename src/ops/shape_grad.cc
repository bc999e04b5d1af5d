// Gradients of the shape ops (shape_ops.cc, slice_ops.cc, concat_ops.cc) and
// of the creation ops (creation_ops.cc). Ops that only rearrange elements
// take dy back through the inverse rearrangement; ops that pick elements
// (strided_slice, mirror pads) scatter dy back with scatter_selection.
#include <cctype>
#include <string>

#include "ops/registry.h"
#include "ops/select_grad.h"

namespace kiln {
namespace {

using Dx = std::span<GradValue>;
using IntList = std::vector<int64_t>;

void grad_reshape_like_input(Grad& g, const GradArgs& a, Dx dx) {  // reshape, expand_dims, squeeze
  dx[0] = g.reshape_like(a.grads[0], a.inputs[0]);
}

void grad_transpose(Grad& g, const GradArgs& a, Dx dx) {  // the inverse permutation
  IntList perm = g.attr_ints(a, "perm");
  IntList inverse(perm.size());  // empty perm (reverse the axes) is its own inverse
  const auto rank = static_cast<int64_t>(perm.size());
  for (int64_t i = 0; i < rank; ++i) {
    int64_t p = perm[static_cast<size_t>(i)];
    inverse[static_cast<size_t>(p < 0 ? p + rank : p)] = i;
  }
  dx[0] = g.op("transpose", {a.grads[0]}, {inverse, g.attr_bool(a, "conjugate")});
}

void grad_broadcast_to(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = g.unbroadcast(a.grads[0], a.inputs[0]);
}

// slice: dy padded with zeros back to the input's shape.
void grad_slice(Grad& g, const GradArgs& a, Dx dx) {
  const IntList& begin = g.attr_ints(a, "begin");
  GradValue x = a.inputs[0], dy = a.grads[0];
  GradValue zero = g.scalar_like(dy, 0);
  const Shape xs = g.spec(x).shape, ys = g.spec(dy).shape;
  if (xs.is_fully_defined() && ys.is_fully_defined()) {
    IntList paddings;
    for (size_t i = 0; i < begin.size(); ++i) {
      paddings.push_back(begin[i]);
      paddings.push_back(xs.dims()[i] - begin[i] - ys.dims()[i]);
    }
    dx[0] = g.op("pad", {dy, zero}, {paddings, std::string("CONSTANT")});
    return;
  }
  // Known when the graph runs: paddings = [[begin, shape(x) - begin - shape(dy)]].
  GradValue b = g.int_vector(begin);
  GradValue after = g.sub(g.sub(g.shape_of(x), b), g.shape_of(dy));
  GradValue paddings = g.ops("stack", std::vector<GradValue>{b, after}, {int64_t{1}})[0];
  dx[0] = g.op_with("pad", {dy, zero}, {IntList{}, std::string("CONSTANT")}, {{0, paddings}});
}

// strided_slice: every mask combination at once, by slicing positions.
void grad_strided_slice(Grad& g, const GradArgs& a, Dx dx) {
  for (const char* bound : {"begin", "end", "strides"}) g.attr_ints(a, bound);  // known, or throw
  dx[0] = scatter_selection(g, a.inputs[0], a.grads[0],
                            [&](GradValue iota) { return g.op("strided_slice", {iota}, a.attrs); });
}

std::vector<GradValue> grads_or_zeros(Grad& g, const GradArgs& a) {
  std::vector<GradValue> out;
  for (size_t i = 0; i < a.grads.size(); ++i)
    out.push_back(g.grad_or_zeros(a, static_cast<int>(i)));
  return out;
}

void grad_split(Grad& g, const GradArgs& a, Dx dx) {  // the pieces' gradients, concatenated
  dx[0] = g.ops("concat", grads_or_zeros(g, a), {g.attr_int(a, "axis")})[0];
}

void grad_unstack(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = g.ops("stack", grads_or_zeros(g, a), {g.attr_int(a, "axis")})[0];
}

void grad_reverse(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = g.op("reverse", {a.grads[0]}, {g.attr_ints(a, "axis")});
}

// concat: dy split into pieces as long as each input is along the axis.
void grad_concat(Grad& g, const GradArgs& a, Dx dx) {
  GradValue dy = a.grads[0];
  if (a.inputs.size() == 1) {
    dx[0] = dy;
    return;
  }
  const int64_t axis = grad_axis(g, "concat", dy, g.attr_int(a, "axis"));
  IntList sizes;
  bool known = true;
  for (GradValue x : a.inputs) {
    const Shape s = g.spec(x).shape;
    int64_t d = s.has_known_rank() ? s.dims()[static_cast<size_t>(axis)] : kUnknownDim;
    known = known && d != kUnknownDim;
    sizes.push_back(d);
  }
  const auto n = static_cast<int64_t>(a.inputs.size());
  std::vector<GradValue> pieces;
  GradValue in[] = {dy};
  if (known) {
    pieces = g.ops("split", in, {axis, n, sizes});
  } else {  // sizes read off the inputs' shapes when the graph runs
    std::vector<GradValue> size_values;
    for (GradValue x : a.inputs) size_values.push_back(dim_of(g, x, axis));
    std::pair<int, GradValue> given[] = {{2, g.ops("stack", size_values, {int64_t{0}})[0]}};
    pieces = g.ops("split", in, {axis, n, IntList{}}, given);
  }
  for (size_t i = 0; i < pieces.size(); ++i) dx[i] = pieces[i];
}

void grad_stack(Grad& g, const GradArgs& a, Dx dx) {
  GradValue in[] = {a.grads[0]};
  std::vector<GradValue> pieces =
      g.ops("unstack", in, {static_cast<int64_t>(a.inputs.size()), g.attr_int(a, "axis")});
  for (size_t i = 0; i < pieces.size(); ++i) dx[i] = pieces[i];
}

// tile: dy viewed as [m0, d0, m1, d1, ...] (multiple, input dimension), summed
// over the multiples.
void grad_tile(Grad& g, const GradArgs& a, Dx dx) {
  const IntList& multiples = g.attr_ints(a, "multiples");
  GradValue x = a.inputs[0];
  const Shape xs = g.spec(x).shape;
  IntList axes;
  for (size_t i = 0; i < multiples.size(); ++i) axes.push_back(static_cast<int64_t>(2 * i));
  GradValue split;
  if (xs.is_fully_defined()) {
    IntList dims;
    for (size_t i = 0; i < multiples.size(); ++i) {
      dims.push_back(multiples[i]);
      dims.push_back(xs.dims()[i]);
    }
    split = g.reshape(a.grads[0], dims);
  } else {
    GradValue pairs = g.ops(
        "stack", std::vector<GradValue>{g.int_vector(multiples), g.shape_of(x)}, {int64_t{1}})[0];
    split = g.op_with("reshape", {a.grads[0]}, {IntList{}}, {{0, g.reshape(pairs, {-1})}});
  }
  dx[0] = g.reshape_like(g.reduce_sum(split, axes), x);
}

// pad: CONSTANT slices the input's part of dy back out; REFLECT and SYMMETRIC
// also add the mirrored copies (scatter_selection). constant_values gets
// none, as TF's PadV2.
void grad_pad(Grad& g, const GradArgs& a, Dx dx) {
  const IntList& paddings = g.attr_ints(a, "paddings");
  std::string mode = attr<std::string>(a.op, a.attrs, "mode");
  for (char& c : mode) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  GradValue x = a.inputs[0], dy = a.grads[0];
  if (mode != "CONSTANT") {
    dx[0] = scatter_selection(g, x, dy, [&](GradValue iota) {
      return g.op("pad", {iota, g.scalar_like(iota, 0)}, a.attrs);
    });
    return;
  }
  IntList begin;
  for (size_t i = 0; i < paddings.size(); i += 2) begin.push_back(paddings[i]);
  const Shape xs = g.spec(x).shape;
  if (xs.is_fully_defined()) {
    dx[0] = g.op("slice", {dy}, {begin, IntList(xs.dims().begin(), xs.dims().end())});
  } else {
    dx[0] = g.op_with("slice", {dy}, {begin, IntList{}}, {{1, g.shape_of(x)}});
  }
}

void grad_roll(Grad& g, const GradArgs& a, Dx dx) {  // rolled back
  IntList shift = g.attr_ints(a, "shift");
  for (int64_t& s : shift) s = -s;
  dx[0] = g.op("roll", {a.grads[0]}, {shift, g.attr_ints(a, "axis")});
}

// fill: the value was copied to every element, so its gradient is their sum.
void grad_fill(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = g.op("reduce_sum", {a.grads[0]}, {IntList{}, false, true});
}

}  // namespace

void register_shape_gradients(Registry& r) {
  r.set_gradient("reshape", grad_reshape_like_input);
  r.set_gradient("expand_dims", grad_reshape_like_input);
  r.set_gradient("squeeze", grad_reshape_like_input);
  r.set_gradient("transpose", grad_transpose);
  r.set_gradient("broadcast_to", grad_broadcast_to);
  r.set_gradient("slice", grad_slice);
  r.set_gradient("strided_slice", grad_strided_slice);
  r.set_gradient("split", grad_split);
  r.set_gradient("unstack", grad_unstack);
  r.set_gradient("reverse", grad_reverse);
  r.set_gradient("concat", grad_concat);
  r.set_gradient("stack", grad_stack);
  r.set_gradient("tile", grad_tile);
  r.set_gradient("pad", grad_pad);
  r.set_gradient("roll", grad_roll);
  for (const char* name : {"shape", "size", "rank"}) r.set_no_gradient(name);  // integer results
  // Creation ops: fill's value is differentiable; range and linspace are
  // not, as TF's Range and LinSpace.
  r.set_gradient("fill", grad_fill);
  r.set_no_gradient("range");
  r.set_no_gradient("linspace");
}

}  // namespace kiln
