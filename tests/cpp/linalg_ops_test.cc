#include <gtest/gtest.h>

#include <complex>
#include <limits>

#include "error_matchers.h"
#include "kiln/ops.h"

namespace kiln {
namespace {

// A reference product in double over C-ordered values.
std::vector<double> naive_matmul(const std::vector<double>& a, const std::vector<double>& b,
                                 int64_t m, int64_t k, int64_t n) {
  std::vector<double> c(static_cast<size_t>(m * n), 0.0);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t kk = 0; kk < k; ++kk)
      for (int64_t j = 0; j < n; ++j) c[i * n + j] += a[i * k + kk] * b[kk * n + j];
  return c;
}

std::vector<double> iota(int64_t n, double start = 0) {
  std::vector<double> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[i] = start + static_cast<double>(i % 7) - 3;
  return v;
}

// values converted to dtype d.
Tensor cast_to(const std::vector<double>& v, const Shape& s, DType d) {
  Array out = Array::empty(d, s);
  visit_dtype(d, [&](auto tag) {
    using T = decltype(tag);
    auto* p = static_cast<T*>(out.mutable_data());
    for (size_t i = 0; i < v.size(); ++i) p[i] = cast_value<T>(v[i]);
  });
  return Tensor(out);
}

TEST(LinalgMatmul, EveryNumericDtypeMatchesReference) {
  std::vector<double> a = iota(6, 3), b = iota(12, 4);  // small, non-negative: exact everywhere
  std::vector<double> want = naive_matmul(a, b, 2, 3, 4);
  for (int i = 0; i < kNumDTypes; ++i) {
    DType d(static_cast<DTypeCode>(i));
    if (d.is_bool()) continue;
    Tensor c = matmul(cast_to(a, Shape{2, 3}, d), cast_to(b, Shape{3, 4}, d));
    EXPECT_EQ(c.dtype(), d);
    EXPECT_EQ(c.shape(), (Shape{2, 4}));
    EXPECT_EQ(c.to_vector<double>(), want) << d.name();
  }
}

TEST(LinalgMatmul, TransposesAndAdjoints) {
  Tensor a = constant<double>({1, 2, 3, 4, 5, 6}, Shape{3, 2});  // a^T is (2, 3)
  Tensor b = constant<double>({1, 0, 0, 1, 1, 1}, Shape{2, 3});  // b^T is (3, 2)
  Tensor c = matmul(a, b, true, true);
  EXPECT_EQ(c.to_vector<double>(), (std::vector<double>{1, 9, 2, 12}));
  using C = std::complex<float>;
  Tensor z = constant<C>({C(1, 1), C(0, 2)}, Shape{2, 1});
  Tensor zz = matmul(z, z, false, false, true, false);  // z^H z = |1+i|^2 + |2i|^2
  EXPECT_EQ(zz.to_vector<C>(), (std::vector<C>{C(6, 0)}));
  // The adjoint of a column-major view is a conjugated row-major matrix,
  // which no CBLAS flag expresses: the BLAS path copies it.
  Tensor c2 = constant<C>({C(1, 1), C(2, 0), C(0, 3), C(4, -1)}, Shape{2, 2});
  Tensor c2t(c2.array().transpose({1, 0}));
  Tensor id = constant<C>({C(1, 0), C(0, 0), C(0, 0), C(1, 0)}, Shape{2, 2});
  EXPECT_EQ(matmul(c2t, id, false, false, true).to_vector<C>(),
            (std::vector<C>{C(1, -1), C(2, 0), C(0, -3), C(4, 1)}));
}

TEST(LinalgMatmul, BatchesBroadcast) {
  Tensor a = constant(iota(2 * 3 * 4), Shape{2, 1, 3, 4});
  Tensor b = constant(iota(5 * 4 * 2, 2), Shape{5, 4, 2});
  Tensor c = matmul(a, b);
  EXPECT_EQ(c.shape(), (Shape{2, 5, 3, 2}));
  std::vector<double> got = c.to_vector<double>(), av = iota(24), bv = iota(40, 2);
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 5; ++j) {
      std::vector<double> want = naive_matmul(std::vector<double>(av.begin() + i * 12, av.begin() + i * 12 + 12),
                                              std::vector<double>(bv.begin() + j * 8, bv.begin() + j * 8 + 8), 3, 4, 2);
      for (int e = 0; e < 6; ++e) EXPECT_EQ(got[(i * 5 + j) * 6 + e], want[e]);
    }
  }
}

TEST(LinalgMatmul, StridedAndZeroSize) {
  Tensor x = constant<float>({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  Tensor xt(x.array().transpose({1, 0}));  // (3, 2) column-major: BLAS reads it transposed
  EXPECT_EQ(matmul(xt, x).to_vector<float>(),
            (std::vector<float>{17, 22, 27, 22, 29, 36, 27, 36, 45}));
  Tensor empty = matmul(zeros(Shape{2, 0}), zeros(Shape{0, 3}));
  EXPECT_EQ(empty.to_vector<float>(), std::vector<float>(6, 0.0f));
  EXPECT_EQ(matmul(zeros(Shape{0, 4}, int32), zeros(Shape{4, 3}, int32)).shape(), (Shape{0, 3}));
}

TEST(LinalgMatmul, IntegersWrap) {
  Tensor big = fill(Shape{1, 2}, 2147483647.0, int32);
  Tensor two = fill(Shape{2, 1}, 1.0, int32);
  EXPECT_EQ(matmul(big, two).item<int64_t>(), -2);  // 2 * (2^31 - 1) wraps
  Tensor u = fill(Shape{1, 1}, 65535.0, uint16);
  EXPECT_EQ(matmul(u, u).item<int64_t>(), 1);  // 65535^2 mod 2^16
}

TEST(LinalgMatmul, Errors) {
  EXPECT_KILN_ERROR(matmul(zeros(Shape{2, 3}), zeros(Shape{4, 5})), InvalidArgumentError,
                    "[matmul] cannot multiply (2, 3) by (4, 5): the inner dimensions 3 and 4 differ");
  EXPECT_KILN_ERROR(matmul(zeros(Shape{2, 3}), zeros(Shape{3, 2}, float64)), InvalidArgumentError,
                    "[matmul] operand 0 is float32 but operand 1 is float64");
  EXPECT_KILN_ERROR(matmul(zeros(Shape{3}), zeros(Shape{3, 2})), InvalidArgumentError,
                    "[matmul] a must have rank >= 2");
  EXPECT_KILN_ERROR(matmul(zeros(Shape{2, 2}, bool_), zeros(Shape{2, 2}, bool_)),
                    InvalidArgumentError, "[matmul] is not defined for bool");
  EXPECT_KILN_ERROR(matmul(zeros(Shape{2, 2, 2}), zeros(Shape{3, 2, 2})), InvalidArgumentError,
                    "[matmul] the batch dimensions (2,) of a (2, 2, 2) and (3,) of b");
  EXPECT_KILN_ERROR(matmul(zeros(Shape{2, 2}), zeros(Shape{2, 2}), true, false, true),
                    ValueError, "only one of transpose_a and adjoint_a");
}

TEST(LinalgTensordot, AxesAndErrors) {
  Tensor a = constant(iota(24), Shape{2, 3, 4});
  Tensor b = constant(iota(12, 1), Shape{4, 3});
  Tensor c = tensordot(a, b, {1, 2}, {1, 0});
  EXPECT_EQ(c.shape(), (Shape{2}));
  std::vector<double> av = iota(24), bv = iota(12, 1);
  for (int i = 0; i < 2; ++i) {
    double s = 0;
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) s += av[i * 12 + j * 4 + k] * bv[k * 3 + j];
    EXPECT_EQ(c.to_vector<double>()[i], s);
  }
  EXPECT_EQ(tensordot(a, b, 0).shape(), (Shape{2, 3, 4, 4, 3}));
  EXPECT_KILN_ERROR(tensordot(b, a, 1), InvalidArgumentError,
                    "[tensordot] cannot contract axis 1 of a (4, 3) (size 3) with axis 0 of b");
  EXPECT_KILN_ERROR(tensordot(a, b, {0}, {0, 1}), ValueError, "[tensordot] axes name 1 axes of a but 2");
  EXPECT_KILN_ERROR(tensordot(a, b, {5}, {0}), InvalidArgumentError, "[tensordot] axis 5 is out of range");
  EXPECT_KILN_ERROR(tensordot(a, b, 3), ValueError, "[tensordot] axes=3 must be in [0, min");
}

TEST(LinalgEinsum, CommonEquations) {
  Tensor a = constant(iota(6), Shape{2, 3});
  Tensor b = constant(iota(12, 1), Shape{3, 4});
  Tensor ab[] = {a, b};
  EXPECT_EQ(einsum("ij,jk->ik", ab).to_vector<double>(), matmul(a, b).to_vector<double>());
  EXPECT_EQ(einsum("ij,jk", ab).to_vector<double>(), matmul(a, b).to_vector<double>());
  Tensor sq = constant<int32_t>({1, 2, 3, 4}, Shape{2, 2});
  Tensor one[] = {sq};
  EXPECT_EQ(einsum("ii->i", one).to_vector<int32_t>(), (std::vector<int32_t>{1, 4}));
  EXPECT_EQ(einsum("ii", one).item<int32_t>(), 5);
  EXPECT_EQ(einsum("ij->ji", one).to_vector<int32_t>(), (std::vector<int32_t>{1, 3, 2, 4}));
  EXPECT_EQ(einsum("ij->", one).item<int32_t>(), 10);
  Tensor three[] = {sq, sq, sq};
  EXPECT_EQ(einsum("ij,jk,kl->il", three).to_vector<int32_t>(),
            matmul(matmul(sq, sq), sq).to_vector<int32_t>());
  Tensor batched[] = {constant(iota(12), Shape{3, 2, 2}), constant(iota(4), Shape{2, 2})};
  EXPECT_EQ(einsum("...ij,jk->...ik", batched).shape(), (Shape{3, 2, 2}));
}

TEST(LinalgEinsum, Errors) {
  Tensor a[] = {zeros(Shape{2, 3}), zeros(Shape{4, 5})};
  EXPECT_KILN_ERROR(einsum("ij,jk->ik", a), InvalidArgumentError,
                    "[einsum] subscript 'j' stands for sizes 3 and 4");
  EXPECT_KILN_ERROR(einsum("ij->ik", std::span<const Tensor>(a, 1)), ValueError,
                    "output subscript 'k' appears in no input term");
  EXPECT_KILN_ERROR(einsum("ij,jk->ik", std::span<const Tensor>(a, 1)), ValueError,
                    "the equation has 2 input term(s) but 1 operand(s)");
  EXPECT_KILN_ERROR(einsum("i1->i", std::span<const Tensor>(a, 1)), ValueError,
                    "invalid character '1'");
  EXPECT_KILN_ERROR(einsum("ijk->i", std::span<const Tensor>(a, 1)), ValueError,
                    "operand 0 has rank 2 but its term names 3 axes");
  EXPECT_KILN_ERROR(einsum("ij->ii", std::span<const Tensor>(a, 1)), ValueError,
                    "output subscript 'i' appears more than once");
  EXPECT_KILN_ERROR(einsum("i.j->i", std::span<const Tensor>(a, 1)), ValueError, "ellipsis");
}

TEST(LinalgEye, ShapesAndDtypes) {
  Tensor id = eye(2, 3, {2}, int32);
  EXPECT_EQ(id.shape(), (Shape{2, 2, 3}));
  EXPECT_EQ(id.to_vector<int32_t>(), (std::vector<int32_t>{1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0}));
  EXPECT_EQ(eye(2, std::nullopt, {}, bool_).to_vector<bool>(), (std::vector<bool>{true, false, false, true}));
  EXPECT_EQ(eye(0).shape(), (Shape{0, 0}));
  EXPECT_KILN_ERROR(eye(-1), InvalidArgumentError, "[eye] num_rows must be >= 0, got -1");
  EXPECT_KILN_ERROR(eye(2, 2, {-3}), InvalidArgumentError, "[eye] batch_shape (-3,) has a negative");
}

TEST(LinalgTraceDiag, Values) {
  Tensor x = constant(iota(24), Shape{2, 3, 4});
  std::vector<double> v = iota(24);
  EXPECT_EQ(trace(x).to_vector<double>(),
            (std::vector<double>{v[0] + v[5] + v[10], v[12] + v[17] + v[22]}));
  EXPECT_EQ(diag_part(x).to_vector<double>(),
            (std::vector<double>{v[0], v[5], v[10], v[12], v[17], v[22]}));
  EXPECT_EQ(diag_part(x, 2).to_vector<double>(), (std::vector<double>{v[2], v[7], v[14], v[19]}));
  EXPECT_EQ(diag_part(x, -1).shape(), (Shape{2, 2}));
  EXPECT_EQ(trace(fill(Shape{2, 2}, 200.0, uint8)).item<int64_t>(), 144);  // 400 mod 256
  EXPECT_KILN_ERROR(trace(zeros(Shape{3})), InvalidArgumentError, "[trace] x must have rank >= 2");
  EXPECT_KILN_ERROR(trace(zeros(Shape{2, 2}, bool_)), InvalidArgumentError, "[trace] is not defined for bool");
  EXPECT_KILN_ERROR(diag_part(zeros(Shape{3})), InvalidArgumentError, "[diag_part] input must have rank >= 2");
  EXPECT_KILN_ERROR(diag_part(x, 4), InvalidArgumentError, "[diag_part] diagonal k=4 lies outside");
}

}  // namespace
}  // namespace kiln
