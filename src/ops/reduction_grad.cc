// Gradients of the reduction family (reduction_ops.cc): reduce_*, scans,
// sort and top_k. A reduction's gradient is its incoming gradient given back
// the reduced axes (as size-1 dimensions, Reduced::kept) and broadcast to
// the input, times the derivative of the reduction, as TF's math_grad.py.
#include <algorithm>
#include <numeric>
#include <string>

#include "kiln/error.h"
#include "ops/axis.h"
#include "ops/gradient.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using Dx = std::span<GradValue>;

[[noreturn]] void unimplemented(const GradArgs& a, const std::string& what) {
  throw UnimplementedError("[" + std::string(a.op.name) + "] " + what);
}

// The axes a reduce_* op reduced, and how to give them back to its output.
// Attributes: axis (int list), keepdims, all_axes.
struct Reduced {
  Grad& g;
  const GradArgs& a;
  GradValue x;
  bool keepdims, all_axes;
  std::vector<int64_t> axes;  // normalised, ascending (empty with all_axes)

  Reduced(Grad& grad, const GradArgs& args)
      : g(grad), a(args), x(args.inputs[0]), keepdims(g.attr_bool(a, "keepdims")),
        all_axes(g.attr_bool(a, "all_axes")) {
    if (all_axes) return;
    const std::vector<int64_t>& given = g.attr_ints(a, "axis");
    Shape s = g.spec(x).shape;
    if (s.has_known_rank()) {
      axes = normalize_axes(a.op, given, s.rank());
    } else if (std::all_of(given.begin(), given.end(), [](int64_t v) { return v >= 0; })) {
      axes = given;
    } else {
      unimplemented(a, "kiln cannot build this gradient for negative axes of an input whose rank "
                       "is known only when the graph runs; give non-negative axes, or a shape.");
    }
    std::sort(axes.begin(), axes.end());
  }

  // v (shaped like the op's output) with the reduced axes back as size-1
  // dimensions, so that it broadcasts against x. A scalar (all axes reduced
  // without keepdims) broadcasts as it is.
  GradValue kept(GradValue v) {
    if (keepdims || all_axes) return v;
    for (int64_t axis : axes) v = g.op("expand_dims", {v}, {axis});
    return v;
  }
  // The op's attributes with keepdims set: the same reduction of another value.
  Attrs keep_attrs() const {
    return {all_axes ? std::vector<int64_t>{} : axes, true, all_axes};
  }
  // How many elements each output element reduced, in x's dtype.
  GradValue count() {
    TensorSpec xs = g.spec(x), ys = g.spec(a.outputs[0]);
    if (xs.shape.is_fully_defined() && ys.shape.is_fully_defined()) {
      double n = static_cast<double>(xs.shape.num_elements()) /
                 static_cast<double>(std::max<int64_t>(ys.shape.num_elements(), 1));
      return g.scalar_like(x, n);
    }
    GradValue nx = g.cast(g.op("size", {x}, {int64}), xs.dtype);
    GradValue ny = g.cast(g.op("size", {a.outputs[0]}, {int64}), xs.dtype);
    return g.div(nx, ny);
  }
  GradValue dy_broadcast() { return g.broadcast_like(kept(a.grads[0]), x); }
};

void grad_reduce_sum(Grad& g, const GradArgs& a, Dx dx) { dx[0] = Reduced(g, a).dy_broadcast(); }

void grad_reduce_mean(Grad& g, const GradArgs& a, Dx dx) {
  Reduced r(g, a);
  dx[0] = g.div(r.dy_broadcast(), r.count());
}

// reduce_max / reduce_min: the gradient is split equally among the elements
// that equal the extremum (TF's rule for ties).
void grad_reduce_extremum(Grad& g, const GradArgs& a, Dx dx) {
  Reduced r(g, a);
  DType d = g.dtype(r.x);
  GradValue chosen = g.cast(g.op("equal", {r.x, r.kept(a.outputs[0])}), d);
  GradValue ties = g.op("reduce_sum", {chosen}, r.keep_attrs());
  dx[0] = g.mul(g.div(chosen, ties), r.kept(a.grads[0]));
}

void grad_reduce_logsumexp(Grad& g, const GradArgs& a, Dx dx) {  // dy softmax(x)
  Reduced r(g, a);
  dx[0] = g.mul(r.kept(a.grads[0]), g.op("exp", {g.sub(r.x, r.kept(a.outputs[0]))}));
}

// x minus its mean over the reduced axes (complex inputs need conj: refused).
GradValue centered(Grad& g, Reduced& r) {
  g.conj(r.x);
  return g.sub(r.x, g.op("reduce_mean", {r.x}, r.keep_attrs()));
}

void grad_reduce_variance(Grad& g, const GradArgs& a, Dx dx) {  // 2 (x - mean) / N
  Reduced r(g, a);
  GradValue c = centered(g, r);
  dx[0] = g.mul(r.kept(a.grads[0]), g.div(g.mul(g.scalar_like(c, 2), c), r.count()));
}

void grad_reduce_std(Grad& g, const GradArgs& a, Dx dx) {  // (x - mean) / (N std)
  Reduced r(g, a);
  GradValue c = centered(g, r);
  dx[0] = g.mul(r.kept(a.grads[0]), g.div(c, g.mul(r.count(), r.kept(a.outputs[0]))));
}

// reduce_prod, as TF's ProdGrad: the product of every other element is the
// exclusive cumulative product from the left times the one from the right,
// so zeros in x are handled exactly. The reduced axes are moved to the front
// and flattened into one; that needs x's rank and the size of either the
// reduced or the kept part. Without them: dy y / x (wrong where x is 0).
void grad_reduce_prod(Grad& g, const GradArgs& a, Dx dx) {
  Reduced r(g, a);
  GradValue dy = r.dy_broadcast();
  Shape s = g.spec(r.x).shape;
  if (!s.has_known_rank()) {
    dx[0] = g.div(g.mul(dy, g.broadcast_like(r.kept(a.outputs[0]), r.x)), r.x);
    return;
  }
  int64_t rank = s.rank();
  std::vector<int64_t> axes = r.axes;
  if (r.all_axes) {
    axes.resize(static_cast<size_t>(rank));
    std::iota(axes.begin(), axes.end(), 0);
  }
  std::vector<int64_t> perm = axes;
  for (int64_t i = 0; i < rank; ++i) {
    if (!std::binary_search(axes.begin(), axes.end(), i)) perm.push_back(i);
  }
  auto product = [&](size_t from, size_t to) {
    int64_t n = 1;
    for (size_t i = from; i < to; ++i) {
      int64_t d = s.dims()[static_cast<size_t>(perm[i])];
      if (d == kUnknownDim) return kUnknownDim;
      n *= d;
    }
    return n;
  };
  int64_t reduced = product(0, axes.size()), other = product(axes.size(), perm.size());
  if (reduced == 0 || other == 0) {
    dx[0] = g.zeros_like(r.x);
    return;
  }
  if (reduced == kUnknownDim && other == kUnknownDim) {
    dx[0] = g.div(g.mul(dy, g.broadcast_like(r.kept(a.outputs[0]), r.x)), r.x);
    return;
  }
  std::vector<int64_t> inverse(perm.size());
  for (size_t i = 0; i < perm.size(); ++i) {
    inverse[static_cast<size_t>(perm[i])] = static_cast<int64_t>(i);
  }
  GradValue permuted = g.op("transpose", {r.x}, {perm, false});
  GradValue flat = g.reshape(permuted, {reduced == kUnknownDim ? -1 : reduced,
                                        reduced == kUnknownDim ? other : -1});
  GradValue left = g.op("cumprod", {flat}, {int64_t{0}, true, false});
  GradValue right = g.op("cumprod", {flat}, {int64_t{0}, true, true});
  GradValue others = g.reshape_like(g.mul(left, right), permuted);
  dx[0] = g.mul(dy, g.op("transpose", {others}, {inverse, false}));
}

// ---- scans ----

void grad_cumsum(Grad& g, const GradArgs& a, Dx dx) {  // the same scan, the other way
  dx[0] = g.op("cumsum", {a.grads[0]}, {g.attr_int(a, "axis"), g.attr_bool(a, "exclusive"),
                                        !g.attr_bool(a, "reverse")});
}

// TF's CumprodGrad: correct where x has no zeros (a zero gives inf or nan).
void grad_cumprod(Grad& g, const GradArgs& a, Dx dx) {
  GradValue scan = g.op("cumsum", {g.mul(a.outputs[0], a.grads[0])},
                        {g.attr_int(a, "axis"), g.attr_bool(a, "exclusive"),
                         !g.attr_bool(a, "reverse")});
  dx[0] = g.div(scan, a.inputs[0]);
}

// ---- sort, top_k: the gradient goes back to where each value came from ----

// x's rank, which these gradients need.
int64_t known_rank(Grad& g, const GradArgs& a, GradValue x) {
  Shape s = g.spec(x).shape;
  if (!s.has_known_rank()) {
    unimplemented(a, "kiln cannot build this gradient for an input whose rank is known only when "
                     "the graph runs; give the input a shape (e.g. kiln.ensure_shape).");
  }
  return s.rank();
}

// sort: the values' gradient gathered through the inverse of the stable
// sorting permutation (the one the sort kernel applies), along the last
// axis after moving `axis` there.
void grad_sort(Grad& g, const GradArgs& a, Dx dx) {
  GradValue x = a.inputs[0];
  int64_t rank = known_rank(g, a, x);
  int64_t axis = normalize_axis(a.op, g.attr_int(a, "axis"), rank);
  std::vector<int64_t> swap(static_cast<size_t>(rank));
  std::iota(swap.begin(), swap.end(), 0);
  std::swap(swap[static_cast<size_t>(axis)], swap.back());
  auto to_last = [&](GradValue v) {
    return axis == rank - 1 ? v : g.op("transpose", {v}, {swap, false});
  };
  const std::string& direction = attr<std::string>(a.op, a.attrs, "direction");
  GradValue order = g.op("argsort", {to_last(x)}, {int64_t{-1}, direction, true});
  GradValue inverse = g.op("argsort", {order}, {int64_t{-1}, std::string("ASCENDING"), true});
  GradValue back = g.op("gather", {to_last(a.grads[0]), inverse}, {rank - 1, rank - 1});
  dx[0] = to_last(back);
}

// top_k: each value's gradient added at its index of the last axis, as
// sum_k dy[..., k] one_hot(indices[..., k]) (memory k times x's size).
void grad_top_k(Grad& g, const GradArgs& a, Dx dx) {
  GradValue x = a.inputs[0], dy = a.grads[0];
  if (!dy.defined()) return;  // only the indices were used
  known_rank(g, a, x);
  int64_t n = g.spec(x).shape.dim(-1);
  if (n == kUnknownDim) {
    unimplemented(a, "kiln cannot build this gradient while the last dimension of the input is "
                     "known only when the graph runs; give it a static size.");
  }
  GradValue hot = g.op("one_hot", {a.outputs[1], g.scalar_like(dy, 1), g.scalar_like(dy, 0)},
                       {n, int64_t{-1}});
  dx[0] = g.reduce_sum(g.mul(g.op("expand_dims", {dy}, {int64_t{-1}}), hot), {-2});
}

}  // namespace

void register_reduction_gradients(Registry& r) {
  r.set_gradient("reduce_sum", grad_reduce_sum);
  r.set_gradient("reduce_mean", grad_reduce_mean);
  r.set_gradient("reduce_prod", grad_reduce_prod);
  r.set_gradient("reduce_max", grad_reduce_extremum);
  r.set_gradient("reduce_min", grad_reduce_extremum);
  r.set_gradient("reduce_logsumexp", grad_reduce_logsumexp);
  r.set_gradient("reduce_variance", grad_reduce_variance);
  r.set_gradient("reduce_std", grad_reduce_std);
  for (const char* name : {"reduce_any", "reduce_all", "argmax", "argmin", "argsort"}) {
    r.set_no_gradient(name);  // bool or integer results
  }
  r.set_gradient("cumsum", grad_cumsum);
  r.set_gradient("cumprod", grad_cumprod);
  r.set_gradient("sort", grad_sort);
  r.set_gradient("top_k", grad_top_k);
}

}  // namespace kiln
