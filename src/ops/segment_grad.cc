// Gradients of the segment reductions (segment_ops.cc), as TF's (math_grad.py),
// and the search ops (search_ops.cc), which have none. Each data row goes to
// output row ids[i], so its gradient is dy gathered back at ids; unsorted ops
// drop rows with a negative id, which get zero. Sorted and unsorted ops share
// one rule: the sorted op's rows are the unsorted op's with num_segments =
// the output's length.
#include <string>
#include <string_view>

#include "kiln/error.h"
#include "ops/registry.h"
#include "ops/select_grad.h"

namespace kiln {
namespace {

using Dx = std::span<GradValue>;

bool unsorted(const GradArgs& a) { return std::string_view(a.op.name).starts_with("unsorted_"); }

// unsorted_segment_<kind>(values, ids) with the forward op's number of rows.
GradValue segment(Grad& g, const GradArgs& a, std::string_view kind, GradValue values) {
  std::string name = "unsorted_segment_" + std::string(kind);
  GradValue ids = a.inputs[1], y = a.outputs[0];
  const Shape ys = g.spec(y).shape;
  if (ys.has_known_rank() && ys.dims()[0] != kUnknownDim) {
    return g.op(name, {values, ids}, {ys.dims()[0]});
  }
  return g.op_with(name, {values, ids}, {int64_t{0}}, {{0, dim_of(g, y, 0)}});
}

// Rows of `params` at the ids: shaped like the data, zero where an id is
// negative (unsorted ops). `kept` is set to where the ids are >= 0, shaped to
// broadcast against the data (undefined for sorted ops, whose ids all are).
struct Gathered {
  GradValue rows, kept;
};
Gathered gather_at_ids(Grad& g, const GradArgs& a, GradValue params) {
  GradValue ids = a.inputs[1];
  if (!unsorted(a)) return {g.op("gather", {params, ids}, {int64_t{0}, int64_t{0}}), {}};
  const Shape is = g.spec(ids).shape, ps = g.spec(params).shape;
  if (!is.has_known_rank() || !ps.has_known_rank()) {
    throw UnimplementedError("[" + std::string(a.op.name) +
                             "] kiln builds this gradient only "
                             "when the ranks of data and segment_ids are known.");
  }
  GradValue zero = g.scalar_like(ids, 0);
  GradValue rows = g.op("gather", {params, g.op("maximum", {ids, zero})}, {int64_t{0}, int64_t{0}});
  // ids.shape + [1] * (rank(params) - 1): broadcasts over each row.
  GradValue kept = g.op("greater_equal", {ids, zero});
  for (int64_t i = 1; i < ps.rank(); ++i) kept = g.op("expand_dims", {kept}, {int64_t{-1}});
  return {g.op("where", {kept, rows, g.zeros_like(rows)}), kept};
}

void grad_segment_sum(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = gather_at_ids(g, a, a.grads[0]).rows;
}

void grad_segment_mean(Grad& g, const GradArgs& a, Dx dx) {  // dy / count, at the ids
  GradValue counts = segment(g, a, "sum", g.ones_like(a.inputs[0]));
  dx[0] = gather_at_ids(g, a, g.div(a.grads[0], counts)).rows;
}

// max/min: dy goes to the elements equal to their segment's result, split
// evenly among ties.
void grad_segment_extremum(Grad& g, const GradArgs& a, Dx dx) {
  GradValue data = a.inputs[0], dy = a.grads[0];
  Gathered result = gather_at_ids(g, a, a.outputs[0]);
  GradValue selected = g.op("equal", {data, result.rows});
  if (result.kept.defined()) selected = g.op("logical_and", {selected, result.kept});
  GradValue count = segment(g, a, "sum", g.cast(selected, g.dtype(dy)));
  GradValue share = gather_at_ids(g, a, g.div(dy, count)).rows;
  dx[0] = g.op("where", {selected, share, g.zeros_like(share)});
}

// prod: the product of the other elements of the segment. Without zeros it
// is result / x; with one zero, the zero's is the product of the rest and the
// others' is 0; with two or more, all are 0 (TF's rule, no division by zero).
void grad_segment_prod(Grad& g, const GradArgs& a, Dx dx) {
  GradValue data = a.inputs[0], dy = a.grads[0];
  GradValue zero = g.scalar_like(data, 0);
  GradValue is_zero = g.op("equal", {data, zero});
  GradValue zeros = segment(g, a, "sum", g.cast(is_zero, int32));
  dy = g.op("where", {g.op("greater", {zeros, g.scalar(int32, 1)}), g.zeros_like(dy), dy});
  GradValue nonzero_data = g.op("where", {is_zero, g.ones_like(data), data});
  GradValue nonzero_prod = segment(g, a, "prod", nonzero_data);
  GradValue prod_at = gather_at_ids(g, a, a.outputs[0]).rows;
  GradValue nonzero_prod_at = gather_at_ids(g, a, nonzero_prod).rows;
  GradValue partial = g.op("where", {is_zero, nonzero_prod_at, g.div(prod_at, nonzero_data)});
  dx[0] = g.mul(gather_at_ids(g, a, dy).rows, partial);
}

}  // namespace

void register_segment_gradients(Registry& r) {
  for (const char* prefix : {"", "unsorted_"}) {
    const std::string p(prefix);
    r.set_gradient(p + "segment_sum", grad_segment_sum);
    r.set_gradient(p + "segment_max", grad_segment_extremum);
    r.set_gradient(p + "segment_min", grad_segment_extremum);
    r.set_gradient(p + "segment_prod", grad_segment_prod);
  }
  r.set_gradient("segment_mean", grad_segment_mean);
  // Integer results (indices, counts, bins, positions), as TF's.
  for (const char* name : {"unique", "unique_with_counts", "bincount", "histogram_fixed_width",
                           "lower_bound", "upper_bound"}) {
    r.set_no_gradient(name);
  }
}

}  // namespace kiln
