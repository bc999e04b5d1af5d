// Gradients of the products (matmul, tensordot, einsum) and the diagonal
// ops (trace, diag_part, diag, set_diag, band_part) of linalg_ops.cc and
// linalg_diag_ops.cc; the decompositions are in linalg_lapack_grad.cc.
#include <algorithm>
#include <string>

#include "kernels/cpu/einsum_equation.h"
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

// ---- matmul: TF's BatchMatMulV2 gradient; each operand's gradient is
// summed back over the batch dimensions it was broadcast along ----

GradValue matmul(Grad& g, GradValue x, GradValue y, bool adjoint_x, bool adjoint_y) {
  return g.op("matmul", {x, y}, {false, false, adjoint_x, adjoint_y});
}

void grad_matmul(Grad& g, const GradArgs& a, Dx dx) {
  GradValue x = a.inputs[0], y = a.inputs[1], dy = a.grads[0];
  bool ta = g.attr_bool(a, "transpose_a"), tb = g.attr_bool(a, "transpose_b");
  bool fa = ta || g.attr_bool(a, "adjoint_a"), fb = tb || g.attr_bool(a, "adjoint_b");
  // For real dtypes a transpose is an adjoint; complex ones need conj (refused).
  if (ta || tb) g.conj(x);
  GradValue gx, gy;
  if (!fa && !fb) {
    gx = matmul(g, dy, y, false, true);
    gy = matmul(g, x, dy, true, false);
  } else if (!fa && fb) {
    gx = matmul(g, dy, y, false, false);
    gy = matmul(g, dy, x, true, false);
  } else if (fa && !fb) {
    gx = matmul(g, y, dy, false, true);
    gy = matmul(g, x, dy, false, false);
  } else {
    gx = matmul(g, y, dy, true, true);
    gy = matmul(g, dy, x, true, true);
  }
  dx[0] = g.unbroadcast(gx, x);
  dx[1] = g.unbroadcast(gy, y);
}

// ---- einsum (and tensordot, written as one): the gradient of operand i is
// the einsum of the output's gradient with the other operands, giving
// operand i's labels; labels summed inside operand i alone come back by
// broadcasting, '...' axes broadcast from 1 are summed back ----

std::string letters_of(const std::vector<int>& labels, const std::vector<char>& letter) {
  std::string s;
  for (int l : labels) s += letter[static_cast<size_t>(l)];
  return s;
}

void einsum_grads(Grad& g, const GradArgs& a, const std::vector<std::vector<int>>& in,
                  const std::vector<int>& out, Dx dx) {
  // Every label as a letter: letters stand for themselves, '...' axes take
  // letters the equation does not use.
  int top = cpu::kEllipsisLabel;
  for (const auto& labels : in) for (int l : labels) top = std::max(top, l + 1);
  std::vector<char> letter(static_cast<size_t>(top), 0);
  std::vector<bool> used(128, false);
  for (const auto& labels : in) {
    for (int l : labels) {
      if (l >= cpu::kEllipsisLabel) continue;
      used[static_cast<size_t>(l)] = true;
      letter[static_cast<size_t>(l)] = static_cast<char>(l);
    }
  }
  std::string spare;
  for (char c = 'a'; c <= 'z'; ++c) if (!used[static_cast<size_t>(c)]) spare += c;
  for (char c = 'A'; c <= 'Z'; ++c) if (!used[static_cast<size_t>(c)]) spare += c;
  size_t next = 0;
  for (const auto& labels : in) {
    for (int l : labels) {
      if (l < cpu::kEllipsisLabel || letter[static_cast<size_t>(l)]) continue;
      if (next == spare.size()) unimplemented(a, "the gradient needs more than 52 distinct axes.");
      letter[static_cast<size_t>(l)] = spare[next++];
    }
  }
  std::string out_text = letters_of(out, letter);
  // As the other operands of a gradient, operands lose their '...' axes of
  // size 1: those broadcast, which explicit letters may not.
  std::vector<GradValue> operand(a.inputs.begin(), a.inputs.end());
  std::vector<std::vector<int>> term = in;
  for (size_t j = 0; j < in.size(); ++j) {
    Shape s = g.spec(a.inputs[j]).shape;
    std::vector<int64_t> ones;
    term[j].clear();
    for (size_t k = 0; k < in[j].size(); ++k) {
      if (in[j][k] >= cpu::kEllipsisLabel && s.dims()[k] == 1) {
        ones.push_back(static_cast<int64_t>(k));
      } else {
        term[j].push_back(in[j][k]);
      }
    }
    if (!ones.empty()) operand[j] = g.op("squeeze", {operand[j]}, {ones});
  }
  for (size_t i = 0; i < in.size(); ++i) {
    const std::vector<int>& mine = in[i];
    std::vector<int> sorted = mine;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      unimplemented(a, "the gradient of an operand with a repeated label (a diagonal or trace, "
                       "e.g. 'ii->i') is not implemented yet; take it with kiln.linalg.diag_part "
                       "or kiln.linalg.trace instead.");
    }
    // The equation "out,others->kept": labels of operand i found elsewhere.
    std::string eq = out_text;
    std::vector<GradValue> operands{a.grads[0]};
    std::vector<bool> elsewhere(static_cast<size_t>(top), false);
    for (int l : out) elsewhere[static_cast<size_t>(l)] = true;
    for (size_t j = 0; j < in.size(); ++j) {
      if (j == i) continue;
      eq += "," + letters_of(term[j], letter);
      operands.push_back(operand[j]);
      for (int l : term[j]) elsewhere[static_cast<size_t>(l)] = true;
    }
    eq += "->";
    std::vector<int64_t> summed_alone;
    for (size_t k = 0; k < mine.size(); ++k) {
      if (elsewhere[static_cast<size_t>(mine[k])]) eq += letter[static_cast<size_t>(mine[k])];
      else summed_alone.push_back(static_cast<int64_t>(k));
    }
    GradValue grad = g.ops("einsum", operands, {eq}).at(0);
    for (int64_t axis : summed_alone) grad = g.op("expand_dims", {grad}, {axis});
    GradValue x = a.inputs[i];
    dx[i] = g.broadcast_like(g.unbroadcast(grad, x), x);
  }
}

std::vector<int64_t> ranks_of(Grad& g, const GradArgs& a) {
  std::vector<int64_t> ranks;
  for (GradValue v : a.inputs) {
    Shape s = g.spec(v).shape;
    if (!s.has_known_rank()) {
      unimplemented(a, "kiln cannot build this gradient for an operand whose rank is known only "
                       "when the graph runs; give the operands shapes.");
    }
    ranks.push_back(s.rank());
  }
  return ranks;
}

void grad_einsum(Grad& g, const GradArgs& a, Dx dx) {
  const std::string& text = attr<std::string>(a.op, a.attrs, "equation");
  std::vector<int64_t> ranks = ranks_of(g, a);
  cpu::EinsumLabels labels = cpu::resolve_einsum(cpu::parse_einsum(text, ranks.size()), ranks);
  einsum_grads(g, a, labels.inputs, labels.output, dx);
}

// tensordot(a, b): a's axes take labels 0.., b's contracted axes share a's.
void grad_tensordot(Grad& g, const GradArgs& a, Dx dx) {
  std::vector<int64_t> ranks = ranks_of(g, a);
  if (ranks[0] + ranks[1] > 52) unimplemented(a, "the gradient needs more than 52 distinct axes.");
  std::vector<int64_t> na = normalize_axes(a.op, g.attr_ints(a, "axes_a"), ranks[0]);
  std::vector<int64_t> nb = normalize_axes(a.op, g.attr_ints(a, "axes_b"), ranks[1]);
  auto letter = [](int64_t i) { return static_cast<int>(i < 26 ? 'a' + i : 'A' + (i - 26)); };
  std::vector<std::vector<int>> in(2);
  std::vector<int> out;
  for (int64_t i = 0; i < ranks[0]; ++i) {
    in[0].push_back(letter(i));
    if (std::find(na.begin(), na.end(), i) == na.end()) out.push_back(letter(i));
  }
  int64_t fresh = ranks[0];
  for (int64_t j = 0; j < ranks[1]; ++j) {
    auto it = std::find(nb.begin(), nb.end(), j);
    if (it != nb.end()) {
      in[1].push_back(letter(na[static_cast<size_t>(it - nb.begin())]));
    } else {
      in[1].push_back(letter(fresh++));
      out.push_back(in[1].back());
    }
  }
  einsum_grads(g, a, in, out, dx);
}

// ---- diagonals ----

GradValue expand_last(Grad& g, GradValue v) { return g.op("expand_dims", {v}, {int64_t{-1}}); }

void grad_trace(Grad& g, const GradArgs& a, Dx dx) {  // dy on the main diagonal
  GradValue x = a.inputs[0];
  GradValue diagonal = g.broadcast_like(expand_last(g, a.grads[0]),
                                        g.op("diag_part", {x}, {int64_t{0}}));
  dx[0] = g.op("set_diag", {g.zeros_like(x), diagonal}, {int64_t{0}});
}

void grad_diag_part(Grad& g, const GradArgs& a, Dx dx) {
  int64_t k = g.attr_int(a, "k");
  dx[0] = g.op("set_diag", {g.zeros_like(a.inputs[0]), a.grads[0]}, {k});
}

// diag(diagonal, padding_value): TF gives padding_value no gradient.
void grad_diag(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = g.op("diag_part", {a.grads[0]}, {g.attr_int(a, "k")});
}

void grad_set_diag(Grad& g, const GradArgs& a, Dx dx) {
  int64_t k = g.attr_int(a, "k");
  dx[0] = g.op("set_diag", {a.grads[0], g.zeros_like(a.inputs[1])}, {k});
  dx[1] = g.op("diag_part", {a.grads[0]}, {k});
}

void grad_band_part(Grad& g, const GradArgs& a, Dx dx) {
  dx[0] = g.op("band_part", {a.grads[0]},
               {g.attr_int(a, "num_lower"), g.attr_int(a, "num_upper")});
}

}  // namespace

void register_linalg_gradients(Registry& r) {
  r.set_gradient("matmul", grad_matmul);
  r.set_gradient("tensordot", grad_tensordot);
  r.set_gradient("einsum", grad_einsum);
  r.set_no_gradient("eye");  // no inputs
  r.set_gradient("trace", grad_trace);
  r.set_gradient("diag_part", grad_diag_part);
  r.set_gradient("diag", grad_diag);
  r.set_gradient("set_diag", grad_set_diag);
  r.set_gradient("band_part", grad_band_part);
}

}  // namespace kiln
