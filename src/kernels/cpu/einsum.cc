// Einsum as a sequence of matmuls. Per pair (A, B) the labels fall into
// four groups: batch (both, kept), contracted (both, not kept), free in A,
// free in B; A is viewed as (batch..., M, K) and B as (batch..., K, N) with
// merged axes (no copy when strides allow). Repeated labels within one
// operand read its diagonal (a strided view); labels one operand alone
// carries and nobody keeps are summed out first.
#include "kernels/cpu/einsum.h"

#include <algorithm>
#include <vector>

#include "kernels/cpu/matmul.h"
#include "kernels/cpu/matmul_views.h"
#include "kiln/error.h"

namespace kiln::cpu {
namespace {

struct Labeled {
  Array x;
  std::vector<int> labels;  // one per axis of x

  int64_t size_of(int label) const {
    auto it = std::find(labels.begin(), labels.end(), label);
    return x.dims()[static_cast<size_t>(it - labels.begin())];
  }
};

bool contains(const std::vector<int>& v, int label) {
  return std::find(v.begin(), v.end(), label) != v.end();
}

Array view_with(const Array& x, Dims dims, Strides strides) {
  return Array::view_of(x.buffer(), x.dtype(), Shape(std::move(dims)), std::move(strides),
                        x.offset());
}

// A label repeated within one operand ('ii') walks the diagonal: one axis
// whose stride is the sum of the repeated axes' strides.
Labeled take_diagonals(const Array& x, const std::vector<int>& labels) {
  Labeled t;
  Dims dims;
  Strides strides;
  for (size_t a = 0; a < labels.size(); ++a) {
    auto it = std::find(t.labels.begin(), t.labels.end(), labels[a]);
    if (it != t.labels.end()) {
      strides[static_cast<size_t>(it - t.labels.begin())] += x.strides()[a];
      continue;
    }
    t.labels.push_back(labels[a]);
    dims.push_back(x.dims()[a]);
    strides.push_back(x.strides()[a]);
  }
  t.x = view_with(x, std::move(dims), std::move(strides));
  return t;
}

Labeled permute(const Labeled& t, const std::vector<int>& order) {
  std::vector<int64_t> perm;
  for (int l : order) {
    perm.push_back(std::find(t.labels.begin(), t.labels.end(), l) - t.labels.begin());
  }
  return {t.x.transpose(perm), order};
}

// Drops size-1 axes whose labels satisfy `drop` (they hold one element).
template <class Pred>
Labeled drop_unit_axes(const Labeled& t, Pred drop) {
  Labeled r;
  Dims dims;
  Strides strides;
  for (size_t a = 0; a < t.labels.size(); ++a) {
    if (t.x.dims()[a] == 1 && drop(t.labels[a])) continue;
    r.labels.push_back(t.labels[a]);
    dims.push_back(t.x.dims()[a]);
    strides.push_back(t.x.strides()[a]);
  }
  r.x = view_with(t.x, std::move(dims), std::move(strides));
  return r;
}

Labeled sum_out(const Labeled& t, const std::vector<int>& summed) {
  if (summed.empty()) return t;
  std::vector<int> order;
  for (int l : t.labels) {
    if (!contains(summed, l)) order.push_back(l);
  }
  std::vector<int> kept = order;
  order.insert(order.end(), summed.begin(), summed.end());
  Array x = sum_trailing_axes(permute(t, order).x, static_cast<int64_t>(summed.size()));
  return {std::move(x), std::move(kept)};
}

Labeled contract(Labeled a, Labeled b, const std::vector<int>& keep) {
  auto kept = [&](int l) { return contains(keep, l); };
  // A contracted '...' axis that one side broadcasts (size 1) is a plain sum
  // on the other side.
  a = drop_unit_axes(a, [&](int l) { return !kept(l) && contains(b.labels, l) && b.size_of(l) != 1; });
  b = drop_unit_axes(b, [&](int l) { return !kept(l) && contains(a.labels, l) && a.size_of(l) != 1; });
  std::vector<int> only_a, only_b;
  for (int l : a.labels) {
    if (!kept(l) && !contains(b.labels, l)) only_a.push_back(l);
  }
  for (int l : b.labels) {
    if (!kept(l) && !contains(a.labels, l)) only_b.push_back(l);
  }
  a = sum_out(a, only_a);
  b = sum_out(b, only_b);

  std::vector<int> batch, m, k, n;
  for (int l : a.labels) (contains(b.labels, l) ? (kept(l) ? batch : k) : m).push_back(l);
  for (int l : b.labels) {
    if (!contains(a.labels, l)) n.push_back(l);
  }
  auto concat = [](std::vector<int> x, const std::vector<int>& y, const std::vector<int>& z) {
    x.insert(x.end(), y.begin(), y.end());
    x.insert(x.end(), z.begin(), z.end());
    return x;
  };
  std::vector<int64_t> groups(batch.size(), 1);
  groups.push_back(static_cast<int64_t>(m.size()));
  groups.push_back(static_cast<int64_t>(k.size()));
  Array am = merge_axes(permute(a, concat(batch, m, k)).x, groups);
  groups[batch.size()] = static_cast<int64_t>(k.size());
  groups[batch.size() + 1] = static_cast<int64_t>(n.size());
  Array bm = merge_axes(permute(b, concat(batch, k, n)).x, groups);

  Dims out_dims, result_dims;
  for (int l : batch) {
    int64_t sa = a.size_of(l);
    result_dims.push_back(sa == 1 ? b.size_of(l) : sa);
  }
  out_dims = result_dims;
  out_dims.push_back(am.dims()[am.ndim() - 2]);
  out_dims.push_back(bm.dims()[bm.ndim() - 1]);
  for (int l : m) result_dims.push_back(a.size_of(l));
  for (int l : n) result_dims.push_back(b.size_of(l));
  Array out = Array::empty(a.x.dtype(), Shape(std::move(out_dims)));
  matmul(am, MatOp::kNone, bm, MatOp::kNone, out);
  return {out.reshape(Shape(std::move(result_dims))), concat(batch, m, n)};
}

}  // namespace

Array einsum(const EinsumEquation& eq, std::span<const Array> operands, const Shape& out) {
  std::vector<int64_t> ranks;
  for (const Array& x : operands) ranks.push_back(x.ndim());
  EinsumLabels labels = resolve_einsum(eq, ranks);
  Labeled cur = take_diagonals(operands[0], labels.inputs[0]);
  for (size_t i = 1; i < operands.size(); ++i) {
    // Keep what the output or a later operand still needs.
    std::vector<int> keep = labels.output;
    for (size_t j = i + 1; j < operands.size(); ++j) {
      keep.insert(keep.end(), labels.inputs[j].begin(), labels.inputs[j].end());
    }
    cur = contract(cur, take_diagonals(operands[i], labels.inputs[i]), keep);
  }
  std::vector<int> summed;
  for (int l : cur.labels) {
    if (!contains(labels.output, l)) summed.push_back(l);
  }
  Array result = permute(sum_out(cur, summed), labels.output).x.contiguous();
  if (result.shape() != out) {
    throw InternalError("einsum computed shape " + result.shape().to_string() + " where " +
                        out.to_string() + " was inferred");
  }
  return result;
}

}  // namespace kiln::cpu
