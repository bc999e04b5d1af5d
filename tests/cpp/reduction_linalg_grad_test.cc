// Gradients of the reduction and linalg families (src/ops/reduction_grad.cc,
// linalg_grad.cc, linalg_lapack_grad.cc), checked against central finite
// differences in float64, and the messages of the forms kiln refuses.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "error_matchers.h"
#include "gradient_check.h"
#include "kiln/gradients.h"
#include "kiln/graph.h"
#include "kiln/ops.h"

namespace kiln {
namespace {

using kiln::testing::expect_gradient_matches;
using kiln::testing::random_doubles;
using Axes = std::vector<int64_t>;

Attrs reduce(Axes axes, bool keepdims, bool all_axes = false) { return {axes, keepdims, all_axes}; }

// The analytic gradients of sum(outputs[k] * 1) for every float64 output
// (nullopt: None).
std::vector<std::optional<Array>> gradients(std::string_view name, std::vector<Array> inputs,
                                            const Attrs& attrs) {
  Arrays outs = execute_arrays(Registry::get().at(name), inputs, attrs);
  std::vector<std::optional<Array>> seeds;
  for (const Array& y : outs) {
    if (y.dtype() == float64) seeds.push_back(ones(y.shape(), float64).array());
    else seeds.emplace_back();
  }
  return testing::op_gradients(name, inputs, attrs, seeds);
}

std::vector<double> values(const Array& a) { return Tensor(a).to_vector<double>(); }

// An n x n symmetric positive definite matrix (batch of them).
Array spd(Shape batch, int64_t n, unsigned seed) {
  Dims dims = batch.dims();
  dims.push_back(n);
  dims.push_back(n);
  Tensor m(random_doubles(Shape(dims), -1, 1, seed));
  Tensor a = matmul(m, m, false, true);
  std::vector<int64_t> batch_shape(batch.dims().begin(), batch.dims().end());
  Tensor shift = multiply(constant(static_cast<double>(n)), eye(n, n, batch_shape, float64));
  return add(a, shift).array();
}

// ---- reductions ----

TEST(ReductionGrad, SumAndMeanOverAxesKeepdimsNegativeAndAll) {
  Array x = random_doubles(Shape{2, 3, 4});
  for (const char* op : {"reduce_sum", "reduce_mean"}) {
    expect_gradient_matches(op, {x}, reduce({1}, false));
    expect_gradient_matches(op, {x}, reduce({0, -1}, true));
    expect_gradient_matches(op, {x}, reduce({-1, 0}, false));
    expect_gradient_matches(op, {x}, reduce({}, false, true));
    expect_gradient_matches(op, {x}, reduce({}, true, true));
    expect_gradient_matches(op, {x}, reduce({}, false));  // reduces nothing
  }
}

TEST(ReductionGrad, SumGradientIsTheIncomingGradientBroadcast) {
  auto g = gradients("reduce_sum", {random_doubles(Shape{2, 3})}, reduce({0}, false));
  EXPECT_EQ(g[0]->shape(), (Shape{2, 3}));
  for (double v : values(*g[0])) EXPECT_EQ(v, 1.0);
}

TEST(ReductionGrad, ProdWithAndWithoutZeros) {
  Array x = random_doubles(Shape{3, 4}, 0.5, 2);
  expect_gradient_matches("reduce_prod", {x}, reduce({1}, false));
  expect_gradient_matches("reduce_prod", {x}, reduce({0, 1}, true));
  expect_gradient_matches("reduce_prod", {x}, reduce({}, false, true));
  expect_gradient_matches("reduce_prod", {random_doubles(Shape{2, 3, 2}, 0.5, 2)},
                          reduce({-1, 0}, false));
  // One zero: its gradient is the product of the others; a second zero in
  // the same row makes every gradient in that row 0.
  Array z = constant<double>({2, 0, 3, 0, 0, 5}, Shape{2, 3}).array();
  expect_gradient_matches("reduce_prod", {z}, reduce({1}, false));
  std::vector<double> g = values(*gradients("reduce_prod", {z}, reduce({1}, false))[0]);
  EXPECT_EQ(g, (std::vector<double>{0, 6, 0, 0, 0, 0}));
}

TEST(ReductionGrad, MaxAndMinSplitTiesEqually) {
  Array x = random_doubles(Shape{3, 4});
  for (const char* op : {"reduce_max", "reduce_min"}) {
    expect_gradient_matches(op, {x}, reduce({1}, false));
    expect_gradient_matches(op, {x}, reduce({-2}, true));
    expect_gradient_matches(op, {x}, reduce({}, false, true));
  }
  Array ties = constant<double>({1, 3, 3, 2, 2, 2}, Shape{2, 3}).array();
  std::vector<double> g = values(*gradients("reduce_max", {ties}, reduce({1}, false))[0]);
  std::vector<double> want{0, 0.5, 0.5, 1.0 / 3, 1.0 / 3, 1.0 / 3};
  for (size_t i = 0; i < g.size(); ++i) EXPECT_NEAR(g[i], want[i], 1e-15);
}

TEST(ReductionGrad, LogSumExpVarianceAndStd) {
  Array x = random_doubles(Shape{2, 5}, -2, 2, 3);
  for (const char* op : {"reduce_logsumexp", "reduce_variance", "reduce_std"}) {
    expect_gradient_matches(op, {x}, reduce({1}, false));
    expect_gradient_matches(op, {x}, reduce({0}, true));
    expect_gradient_matches(op, {x}, reduce({}, false, true));
    expect_gradient_matches(op, {random_doubles(Shape{2, 3, 2}, -2, 2, 4)}, reduce({-1, 0}, true));
  }
}

TEST(ReductionGrad, ArgAndBoolReductionsHaveNone) {
  for (const char* op : {"reduce_any", "reduce_all", "argmax", "argmin", "argsort"}) {
    const OpDef& def = Registry::get().at(op);
    EXPECT_TRUE(def.grad == nullptr) << op;
  }
}

TEST(ReductionGrad, CumsumAndCumprodInEveryDirection) {
  Array x = random_doubles(Shape{3, 4}, 0.5, 2);
  for (const char* op : {"cumsum", "cumprod"}) {
    for (bool exclusive : {false, true}) {
      for (bool reverse : {false, true}) {
        expect_gradient_matches(op, {x}, {int64_t{1}, exclusive, reverse});
        expect_gradient_matches(op, {x}, {int64_t{-2}, exclusive, reverse});
      }
    }
  }
}

TEST(ReductionGrad, SortScattersBackThroughThePermutation) {
  Array x = random_doubles(Shape{3, 4, 2});
  for (const char* dir : {"ASCENDING", "DESCENDING"}) {
    expect_gradient_matches("sort", {x}, {int64_t{-1}, std::string(dir)});
    expect_gradient_matches("sort", {x}, {int64_t{1}, std::string(dir)});
    expect_gradient_matches("sort", {x}, {int64_t{0}, std::string(dir)});
  }
  // x = [3, 1, 2]: sorted [1, 2, 3]; a gradient of [10, 20, 30] goes back as [30, 10, 20].
  const OpDef& op = Registry::get().at("sort");
  Array v = constant<double>({3, 1, 2}).array();
  EagerGradBuilder b;
  GradRecord rec{.op = &op, .attrs = {int64_t{0}, std::string("ASCENDING")}};
  rec.inputs.push_back(b.add(v));
  rec.outputs.push_back(b.add(execute_arrays(op, std::vector<Array>{v}, rec.attrs)[0]));
  GradValue seed = b.add(constant<double>({10, 20, 30}).array());
  std::vector<GradValue> g = backprop(b, std::span<const GradRecord>(&rec, 1), rec.outputs,
                                      std::span<const GradValue>(&seed, 1), rec.inputs,
                                      Unconnected::kNone);
  EXPECT_EQ(values(b.value(g[0])), (std::vector<double>{30, 10, 20}));
}

TEST(ReductionGrad, TopKValuesGetTheGradientIndicesNone) {
  Array x = random_doubles(Shape{2, 3, 5});
  expect_gradient_matches("top_k", {x}, {int64_t{2}, true, int32});
  expect_gradient_matches("top_k", {x}, {int64_t{5}, false, int64});
}

// ---- matmul, tensordot, einsum ----

Attrs mm(bool ta, bool tb, bool aa, bool ab) { return {ta, tb, aa, ab}; }

TEST(LinalgGrad, MatmulWithEveryTransposeAndAdjoint) {
  Array a = random_doubles(Shape{3, 4}, -2, 2, 1), b = random_doubles(Shape{4, 2}, -2, 2, 2);
  Array at = random_doubles(Shape{4, 3}, -2, 2, 3), bt = random_doubles(Shape{2, 4}, -2, 2, 4);
  expect_gradient_matches("matmul", {a, b}, mm(false, false, false, false));
  expect_gradient_matches("matmul", {at, b}, mm(true, false, false, false));
  expect_gradient_matches("matmul", {a, bt}, mm(false, true, false, false));
  expect_gradient_matches("matmul", {at, bt}, mm(true, true, false, false));
  expect_gradient_matches("matmul", {at, b}, mm(false, false, true, false));
  expect_gradient_matches("matmul", {a, bt}, mm(false, false, false, true));
  expect_gradient_matches("matmul", {at, bt}, mm(false, false, true, true));
  expect_gradient_matches("matmul", {at, bt}, mm(true, false, false, true));
}

TEST(LinalgGrad, MatmulSumsBroadcastBatchDimensionsBack) {
  Array a = random_doubles(Shape{2, 1, 3, 4}, -2, 2, 1);
  Array b = random_doubles(Shape{5, 4, 2}, -2, 2, 2);
  expect_gradient_matches("matmul", {a, b}, mm(false, false, false, false));
  expect_gradient_matches("matmul", {random_doubles(Shape{3, 4}), b},
                          mm(false, false, false, false));
  expect_gradient_matches("matmul", {a, random_doubles(Shape{1, 2, 4}, -2, 2, 5)},
                          mm(false, true, false, false));
  auto g = gradients("matmul", {a, b}, mm(false, false, false, false));
  EXPECT_EQ(g[0]->shape(), a.shape());
  EXPECT_EQ(g[1]->shape(), b.shape());
}

TEST(LinalgGrad, Tensordot) {
  Array a = random_doubles(Shape{2, 3, 4}, -2, 2, 1), b = random_doubles(Shape{4, 3, 5}, -2, 2, 2);
  expect_gradient_matches("tensordot", {a, b}, {Axes{1, 2}, Axes{1, 0}});
  expect_gradient_matches("tensordot", {a, b}, {Axes{-1}, Axes{0}});
  expect_gradient_matches("tensordot", {a, random_doubles(Shape{5})}, {Axes{}, Axes{}});  // outer
}

TEST(LinalgGrad, EinsumOneTwoAndThreeOperands) {
  Array a = random_doubles(Shape{2, 3}, -2, 2, 1), b = random_doubles(Shape{3, 4}, -2, 2, 2);
  Array c = random_doubles(Shape{4}, -2, 2, 3);
  auto eq = [](const char* s) { return Attrs{std::string(s)}; };
  expect_gradient_matches("einsum", {a, b}, eq("ij,jk->ik"));
  expect_gradient_matches("einsum", {a, b}, eq("ij,jk"));        // implicit output
  expect_gradient_matches("einsum", {a, b}, eq("ij,jk->"));      // full contraction
  expect_gradient_matches("einsum", {a, b}, eq("ij,jk->kij"));   // outer-like
  expect_gradient_matches("einsum", {a, c}, eq("ij,k->i"));      // j, k summed alone
  expect_gradient_matches("einsum", {a}, eq("ij->ji"));
  expect_gradient_matches("einsum", {a}, eq("ij->j"));
  expect_gradient_matches("einsum", {a, b, c}, eq("ij,jk,k->i"));
  // Broadcast '...' axes: the size-1 one sums back.
  expect_gradient_matches("einsum",
                          {random_doubles(Shape{2, 1, 2, 3}), random_doubles(Shape{5, 3, 4})},
                          eq("...ij,...jk->...ik"));
}

// ---- diagonals ----

TEST(LinalgGrad, TraceDiagPartDiagSetDiagBandPart) {
  Array x = random_doubles(Shape{2, 3, 4});
  expect_gradient_matches("trace", {x});
  expect_gradient_matches("trace", {random_doubles(Shape{3, 3})});
  for (int64_t k : {0, 1, -2}) {
    expect_gradient_matches("diag_part", {x}, {k});
    Array d = execute_arrays(Registry::get().at("diag_part"), std::vector<Array>{x}, {k})[0];
    expect_gradient_matches("set_diag", {x, random_doubles(d.shape())}, {k});
  }
  // diag: the diagonal's gradient is diag_part of dy (ones here); the
  // padding value gets none, as in TF (so no finite-difference check).
  auto g = gradients("diag", {random_doubles(Shape{2, 3}), constant(0.5).array()},
                     {int64_t{1}, int64_t{4}, int64_t{-1}});
  ASSERT_TRUE(g[0].has_value());
  EXPECT_EQ(g[0]->shape(), (Shape{2, 3}));
  EXPECT_EQ(values(*g[0]), std::vector<double>(6, 1.0));
  EXPECT_FALSE(g[1].has_value()) << "padding_value gets no gradient (TF)";
  expect_gradient_matches("band_part", {x}, {int64_t{1}, int64_t{0}});
  expect_gradient_matches("band_part", {x}, {int64_t{-1}, int64_t{2}});
  EXPECT_TRUE(Registry::get().at("eye").grad == nullptr);
}

// ---- decompositions and solvers ----

TEST(LinalgLapackGrad, InvDetSlogdetSolve) {
  Array a = spd(Shape{2}, 3, 1);
  Array m = random_doubles(Shape{3, 3}, -2, 2, 2);  // not symmetric
  for (bool adjoint : {false, true}) {
    expect_gradient_matches("inv", {a}, {adjoint});
    expect_gradient_matches("inv", {m}, {adjoint});
    expect_gradient_matches("solve", {m, random_doubles(Shape{3, 2})}, {adjoint});
  }
  expect_gradient_matches("det", {a});
  expect_gradient_matches("det", {m});
  expect_gradient_matches("slogdet", {m});
  expect_gradient_matches("slogdet", {a});
}

// cholesky reads only the lower triangle, but its gradient is TF's symmetric
// one: a symmetric perturbation of (i, j) moves both halves, so the
// finite-difference derivative is G_ij + G_ji off the diagonal.
TEST(LinalgLapackGrad, CholeskyAsTFSymmetricGradient) {
  const int64_t n = 3;
  Array a = spd(Shape{}, n, 4);
  Tensor w(random_doubles(Shape{n, n}, -1, 1, 9));
  const OpDef& op = Registry::get().at("cholesky");
  EagerGradBuilder b;
  GradRecord rec{.op = &op};
  rec.inputs.push_back(b.add(a));
  rec.outputs.push_back(b.add(execute_arrays(op, std::vector<Array>{a}, {})[0]));
  GradValue seed = b.add(w.array());
  std::vector<GradValue> g = backprop(b, std::span<const GradRecord>(&rec, 1), rec.outputs,
                                      std::span<const GradValue>(&seed, 1), rec.inputs,
                                      Unconnected::kNone);
  std::vector<double> grad = values(b.value(g[0])), x = values(a), wv = w.to_vector<double>();
  auto loss = [&](std::vector<double> v) {
    std::vector<Array> in{constant(v, Shape{n, n}).array()};
    std::vector<double> l = values(execute_arrays(op, in, {})[0]);
    double s = 0;
    for (size_t i = 0; i < l.size(); ++i) s += l[i] * wv[i];
    return s;
  };
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      auto e = static_cast<size_t>(i * n + j), t = static_cast<size_t>(j * n + i);
      EXPECT_NEAR(grad[e], grad[t], 1e-12) << "symmetric";
      if (j > i) continue;
      std::vector<double> up = x, down = x;
      up[e] += 1e-6;
      down[e] -= 1e-6;
      double numeric = (loss(up) - loss(down)) / 2e-6;
      EXPECT_NEAR(i == j ? grad[e] : grad[e] + grad[t], numeric, 1e-6) << i << "," << j;
    }
  }
}

TEST(LinalgLapackGrad, CholeskySolveBroadcastsBatches) {
  Array l = Tensor(execute_arrays(Registry::get().at("cholesky"),
                                  std::vector<Array>{spd(Shape{2}, 3, 5)}, {})[0]).array();
  expect_gradient_matches("cholesky_solve", {l, random_doubles(Shape{2, 3, 2})});
  expect_gradient_matches("cholesky_solve", {l, random_doubles(Shape{3, 2})});
}

TEST(LinalgLapackGrad, QrSquareTallAndWide) {
  expect_gradient_matches("qr", {random_doubles(Shape{3, 3}, -2, 2, 1)}, {false});
  expect_gradient_matches("qr", {random_doubles(Shape{2, 4, 3}, -2, 2, 2)}, {false});
  expect_gradient_matches("qr", {random_doubles(Shape{3, 5}, -2, 2, 3)}, {false});
  expect_gradient_matches("qr", {random_doubles(Shape{3, 5}, -2, 2, 3)}, {true});
}

TEST(LinalgLapackGrad, SvdValuesAndVectors) {
  for (Shape s : {Shape{3, 3}, Shape{4, 3}, Shape{2, 3, 5}}) {
    Array x = random_doubles(s, -2, 2, 6);
    expect_gradient_matches("svd", {x}, {false, false});
    expect_gradient_matches("svd", {x}, {false, true}, 1e-4, 1e-5);
  }
  expect_gradient_matches("svd", {random_doubles(Shape{3, 4}, -2, 2, 7)}, {true, true}, 1e-4, 1e-5);
}

TEST(LinalgLapackGrad, EighValuesAndVectors) {
  Array a = spd(Shape{2}, 3, 8);
  expect_gradient_matches("eigh", {a}, {false});
  expect_gradient_matches("eigh", {a}, {true}, 1e-4, 1e-5);
}

TEST(LinalgLapackGrad, MatrixSolveLsOverAndUnderdetermined) {
  expect_gradient_matches("matrix_solve_ls", {random_doubles(Shape{4, 2}, -2, 2, 1),
                                              random_doubles(Shape{4, 3}, -2, 2, 2)});
  expect_gradient_matches("matrix_solve_ls", {random_doubles(Shape{2, 4}, -2, 2, 3),
                                              random_doubles(Shape{2, 3}, -2, 2, 4)});
}

// ---- the forms kiln refuses ----

TEST(LinalgGrad, UnimplementedFormsSayWhy) {
  EXPECT_KILN_ERROR(gradients("einsum", {random_doubles(Shape{3, 3})}, {std::string("ii->i")}),
                    UnimplementedError,
                    "[einsum] the gradient of an operand with a repeated label");
  EXPECT_KILN_ERROR(gradients("qr", {random_doubles(Shape{4, 3})}, {true}), UnimplementedError,
                    "[qr] the gradient of qr with full_matrices=True is not implemented");
  EXPECT_KILN_ERROR(gradients("svd", {random_doubles(Shape{2, 5})}, {true, true}),
                    UnimplementedError,
                    "[svd] the gradient of U and V with full_matrices=True is not implemented");
}

// In graphs, shapes may be known only when the graph runs: the gradients
// that need them say so while the gradient graph is built.
void expect_graph_gradient_error(Shape shape, const char* op, const Attrs& attrs,
                                 const std::string& message) {
  Graph graph;
  Output x = graph.placeholder(float64, shape, "x");
  Output y = graph.op(op, {x}, attrs);
  Output ys[] = {y}, xs[] = {x};
  EXPECT_KILN_ERROR(gradients(graph, ys, xs), UnimplementedError, message);
}

TEST(ReductionGrad, UnknownShapesInGraphsSayWhatIsMissing) {
  expect_graph_gradient_error(Shape::unknown_rank(), "reduce_sum", reduce({-1}, false),
                              "[reduce_sum] kiln cannot build this gradient for negative axes");
  expect_graph_gradient_error(Shape::unknown_rank(), "sort", {int64_t{0}, std::string("ASCENDING")},
                              "[sort] kiln cannot build this gradient for an input whose rank");
  expect_graph_gradient_error(Shape{2, kUnknownDim}, "top_k", {int64_t{1}, true, int32},
                              "[top_k] kiln cannot build this gradient while the last dimension");
  // What works: unknown dimensions elsewhere, non-negative axes of an unknown rank.
  Graph graph;
  Output x = graph.placeholder(float64, Shape{kUnknownDim, 3}, "x");
  Output u = graph.placeholder(float64, Shape::unknown_rank(), "u");
  Output ys[] = {graph.op("reduce_prod", {x}, reduce({1}, false)),
                 graph.op("reduce_max", {u}, reduce({0}, true)),
                 graph.op("sort", {x}, {int64_t{0}, std::string("DESCENDING")})};
  Output xs[] = {x, u};
  auto g = gradients(graph, ys, xs);
  ASSERT_TRUE(g[0].has_value() && g[1].has_value());
  EXPECT_EQ(graph.spec(*g[0]).shape.dim(-1), 3);
}

TEST(LinalgGrad, UnknownShapesInGraphsSayWhatIsMissing) {
  expect_graph_gradient_error(Shape::unknown_rank(), "einsum", {std::string("ij->j")},
                              "[einsum] kiln cannot build this gradient for an operand whose rank");
  expect_graph_gradient_error(Shape{2, kUnknownDim}, "qr", {false},
                              "[qr] kiln cannot build this gradient while the matrix dimensions");
  expect_graph_gradient_error(Shape{kUnknownDim, 3}, "svd", {false, true},
                              "[svd] kiln cannot build this gradient while the matrix dimensions");
}

}  // namespace
}  // namespace kiln
