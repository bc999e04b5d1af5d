// LU-based kernels (getrf): inverse, determinant, log-determinant, solve.
#include <cmath>
#include <vector>

#include "kernels/cpu/lapack.h"
#include "kernels/cpu/lapack_calls.h"

namespace kiln::cpu {
namespace {

using lapack::Int;
using lapack::Real;

// sign and log|det| from an LU factorisation (column-major, order n).
template <class T>
void lu_sign_log(const T* lu, const Int* ipiv, int64_t n, T& sign, Real<T>& log_abs) {
  sign = T(1);
  log_abs = 0;
  for (int64_t i = 0; i < n; ++i) {
    T u = lu[i + i * n];
    Real<T> mag = std::abs(u);
    if (ipiv[i] != i + 1) sign = -sign;  // each row swap flips the sign
    // A zero pivot gives sign 0 and log 0 = -inf, as TF's.
    sign = mag == 0 ? sign * T(0) : sign * (u / mag);
    log_abs += std::log(mag);
  }
}

}  // namespace

Array inverse(const Array& x, bool adjoint) {
  int64_t n = x.dims()[x.ndim() - 1];
  Array work = column_major_copy(x);
  FirstFailure singular;
  lapack::visit(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T* data = static_cast<T*>(work.mutable_data());
    for_each_matrix(n == 0 ? 0 : batch_count(x.dims()), n, [&](int64_t first, int64_t last) {
      std::vector<Int> ipiv(static_cast<size_t>(n));
      for (int64_t b = first; b < last; ++b) {
        T* a = data + b * n * n;
        if (lapack::getrf(n, n, a, lapack::ld(n), ipiv.data()) > 0) {
          singular.add(b);  // an exactly zero pivot, as TF checks
          continue;
        }
        lapack::getri(n, a, lapack::ld(n), ipiv.data());
      }
    });
  });
  if (singular.failed()) {
    throw InvalidArgumentError("Input is not invertible." + singular.which() +
                               " is singular (a zero pivot in its LU factorization).");
  }
  if (!adjoint) return row_major_copy(work);
  // The column-major inverse read row-major is its transpose; conjugating
  // gives the adjoint's inverse, inv(A^H) = inv(A)^H.
  if (x.dtype().is_complex()) {
    lapack::visit(x.dtype(), [&](auto tag) {
      using T = decltype(tag);
      if constexpr (!std::is_floating_point_v<T>) {
        T* data = static_cast<T*>(work.mutable_data());
        for (int64_t i = 0; i < work.size(); ++i) data[i] = std::conj(data[i]);
      }
    });
  }
  return work.reshape(x.shape());
}

void log_determinant(const Array& x, Array& sign, Array& log_abs) {
  int64_t n = x.dims()[x.ndim() - 1];
  // det(A^T) = det(A): the row-major copy is as good as the column-major one.
  Array work = x.copy();
  int64_t batch = batch_count(x.dims());
  lapack::visit(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T* data = static_cast<T*>(work.mutable_data());
    T* s = static_cast<T*>(sign.mutable_data());
    T* l = static_cast<T*>(log_abs.mutable_data());
    for_each_matrix(batch, n, [&](int64_t first, int64_t last) {
      std::vector<Int> ipiv(static_cast<size_t>(n));
      for (int64_t b = first; b < last; ++b) {
        Real<T> log_value = 0;
        if (n > 0) lapack::getrf(n, n, data + b * n * n, lapack::ld(n), ipiv.data());
        lu_sign_log(data + b * n * n, ipiv.data(), n, s[b], log_value);
        l[b] = T(log_value);
      }
    });
  });
}

Array determinant(const Array& x) {
  Shape batch(Dims(x.dims().begin(), x.dims().end() - 2));
  Array sign = Array::empty(x.dtype(), batch), log_abs = Array::empty(x.dtype(), batch);
  log_determinant(x, sign, log_abs);
  lapack::visit(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T* s = static_cast<T*>(sign.mutable_data());
    const T* l = static_cast<const T*>(log_abs.data());
    for (int64_t i = 0; i < sign.size(); ++i) s[i] *= std::exp(l[i]);
  });
  return sign;
}

Array solve(const Array& a, const Array& b, bool adjoint) {
  int64_t n = a.dims()[a.ndim() - 1], k = b.dims()[b.ndim() - 1];
  Array wa = column_major_copy(a), wb = column_major_copy(b);
  FirstFailure singular;
  int64_t batch = batch_count(a.dims());
  lapack::visit(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T* pa = static_cast<T*>(wa.mutable_data());
    T* pb = static_cast<T*>(wb.mutable_data());
    if (n == 0) return;
    for_each_matrix(batch, n, [&](int64_t first, int64_t last) {
      std::vector<Int> ipiv(static_cast<size_t>(n));
      for (int64_t i = first; i < last; ++i) {
        T* m = pa + i * n * n;
        if (lapack::getrf(n, n, m, lapack::ld(n), ipiv.data()) > 0) {
          singular.add(i);
          continue;
        }
        if (k > 0) {
          lapack::getrs(adjoint ? 'C' : 'N', n, k, m, lapack::ld(n), ipiv.data(), pb + i * n * k,
                        lapack::ld(n));
        }
      }
    });
  });
  if (singular.failed()) {
    throw InvalidArgumentError("Input matrix is not invertible." + singular.which() +
                               " is singular (a zero pivot in its LU factorization).");
  }
  return row_major_copy(wb);
}

}  // namespace kiln::cpu
