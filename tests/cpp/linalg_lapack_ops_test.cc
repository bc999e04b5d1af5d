// The C++ API of the LAPACK ops (include/kiln/ops/linalg_lapack.h) and the
// diagonal ops (linalg_diag.h). Values are checked against hand-computed
// results; tests/python/test_linalg_lapack.py compares with TF and NumPy.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "error_matchers.h"
#include "kiln/ops.h"

namespace kiln {
namespace {

void expect_near(const std::vector<double>& got, const std::vector<double>& want, double tol = 1e-12) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "element " << i;
}

TEST(LinalgLapack, InverseDeterminantAndSolveOfA2x2Matrix) {
  Tensor a = constant<double>({4, 7, 2, 6}, Shape{2, 2});  // det 10
  expect_near(inv(a).to_vector<double>(), {0.6, -0.7, -0.2, 0.4});
  expect_near(inv(a, /*adjoint=*/true).to_vector<double>(), {0.6, -0.2, -0.7, 0.4});
  EXPECT_NEAR(det(a).item<double>(), 10.0, 1e-12);
  Slogdet s = slogdet(a);
  EXPECT_EQ(s.sign.item<double>(), 1.0);
  EXPECT_NEAR(s.log_abs_determinant.item<double>(), std::log(10.0), 1e-12);
  // 4x + 7y = 1, 2x + 6y = 0 -> x = 0.6, y = -0.2
  expect_near(solve(a, constant<double>({1, 0}, Shape{2, 1})).to_vector<double>(), {0.6, -0.2});
}

TEST(LinalgLapack, SingularMatricesAreReportedAsTFDoes) {
  Tensor a = constant<double>({1, 2, 2, 4}, Shape{2, 2});
  EXPECT_KILN_ERROR(inv(a), InvalidArgumentError, "[inv] Input is not invertible.");
  EXPECT_KILN_ERROR(solve(a, constant<double>({1, 1}, Shape{2, 1})), InvalidArgumentError,
                    "[solve] Input matrix is not invertible.");
  EXPECT_EQ(det(a).item<double>(), 0.0);
}

TEST(LinalgLapack, ShapeAndDtypeErrors) {
  EXPECT_KILN_ERROR(inv(constant<double>({1, 2, 3, 4, 5, 6}, Shape{2, 3})), InvalidArgumentError,
                    "Input matrix must be square");
  EXPECT_KILN_ERROR(det(constant<double>({1, 2})), InvalidArgumentError, "must have rank >= 2");
  EXPECT_KILN_ERROR(qr(constant<int32_t>({1, 2, 3, 4}, Shape{2, 2})), InvalidArgumentError,
                    "supports float32, float64, complex64 and complex128");
}

TEST(LinalgLapack, CholeskyQrSvdEigh) {
  Tensor spd = constant<double>({4, 2, 2, 5}, Shape{2, 2});
  expect_near(cholesky(spd).to_vector<double>(), {2, 0, 1, 2});
  Qr f = qr(constant<double>({3, 0, 4, 0}, Shape{2, 2}));  // columns (3, 4) and 0
  std::vector<double> r = f.r.to_vector<double>();
  EXPECT_NEAR(std::abs(r[0]), 5.0, 1e-12);
  EXPECT_EQ(r[2], 0.0);  // upper triangular
  Svd s = svd(constant<double>({3, 0, 0, -4}, Shape{2, 2}));
  expect_near(s.s.to_vector<double>(), {4, 3});
  ASSERT_TRUE(s.u.has_value() && s.v.has_value());
  EXPECT_FALSE(svd(spd, false, /*compute_uv=*/false).u.has_value());
  Eigh e = eigh(constant<double>({2, 1, 1, 2}, Shape{2, 2}));
  expect_near(e.e.to_vector<double>(), {1, 3});
  expect_near(eigvalsh(constant<double>({2, 1, 1, 2}, Shape{2, 2})).to_vector<double>(), {1, 3});
}

TEST(LinalgLapack, LeastSquaresAndCholeskySolve) {
  // x + y = 1, x - y = 1, 2x = 2: exactly x = 1, y = 0.
  Tensor a = constant<double>({1, 1, 1, -1, 2, 0}, Shape{3, 2});
  Tensor b = constant<double>({1, 1, 2}, Shape{3, 1});
  expect_near(matrix_solve_ls(a, b).to_vector<double>(), {1, 0});
  Tensor chol = cholesky(constant<double>({4, 2, 2, 5}, Shape{2, 2}));
  expect_near(cholesky_solve(chol, constant<double>({6, 7}, Shape{2, 1})).to_vector<double>(), {1, 1});
}

TEST(LinalgDiag, DiagSetDiagBandPart) {
  Tensor d = diag(constant<int32_t>({1, 2}), /*k=*/1);
  EXPECT_EQ(d.shape(), (Shape{3, 3}));
  EXPECT_EQ(d.to_vector<int32_t>(), (std::vector<int32_t>{0, 1, 0, 0, 0, 2, 0, 0, 0}));
  Tensor s = set_diag(constant<float>({0, 0, 0, 0, 0, 0}, Shape{2, 3}), constant<float>({5, 6}));
  EXPECT_EQ(s.to_vector<float>(), (std::vector<float>{5, 0, 0, 0, 6, 0}));
  Tensor b = band_part(constant<float>({1, 1, 1, 1, 1, 1, 1, 1, 1}, Shape{3, 3}), 0, -1);
  EXPECT_EQ(b.to_vector<float>(), (std::vector<float>{1, 1, 1, 0, 1, 1, 0, 0, 1}));
  EXPECT_KILN_ERROR(band_part(constant<float>({1, 2, 3, 4}, Shape{2, 2}), 3, 0), InvalidArgumentError,
                    "num_lower must be negative or less or equal to number of rows (2) got: 3");
  EXPECT_KILN_ERROR(diag(constant<int32_t>({1, 2}), 1, 1), InvalidArgumentError,
                    "The number of rows is too small");
}

}  // namespace
}  // namespace kiln
