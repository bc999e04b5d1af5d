// Cholesky (potrf/potrs), QR (geqrf + orgqr), SVD (gesdd), Hermitian
// eigendecomposition (syevd/heevd) and least squares (gelsd).
#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include "kernels/cpu/lapack.h"
#include "kernels/cpu/lapack_calls.h"
#include "core/broadcast.h"

namespace kiln::cpu {
namespace {

using lapack::Int;
using lapack::Real;

template <class T>
T nan_value() {
  return T(std::numeric_limits<Real<T>>::quiet_NaN());
}

// Writes column-major (rows, cols) scratch `cm` (leading dimension ld) into
// row-major `out` (rows, cols), conjugate-transposed when `adjoint` (then
// out is (cols, rows)).
template <class T>
void store(const T* cm, int64_t ld, int64_t rows, int64_t cols, T* out, bool adjoint = false) {
  for (int64_t i = 0; i < rows; ++i) {
    for (int64_t j = 0; j < cols; ++j) {
      T v = cm[i + j * ld];
      if (!adjoint) out[i * cols + j] = v;
      else if constexpr (std::is_floating_point_v<T>) out[j * rows + i] = v;
      else out[j * rows + i] = std::conj(v);
    }
  }
}

// Row-major identity of order n in the top-left of a (rows, cols) matrix.
template <class T>
void identity(T* out, int64_t rows, int64_t cols) {
  std::fill_n(out, rows * cols, T(0));
  for (int64_t i = 0; i < std::min(rows, cols); ++i) out[i * cols + i] = T(1);
}

}  // namespace

Array cholesky(const Array& x) {
  int64_t n = x.dims()[x.ndim() - 1];
  Array work = column_major_copy(x);
  lapack::visit(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T* data = static_cast<T*>(work.mutable_data());
    if (n == 0) return;
    for_each_matrix(batch_count(x.dims()), n, [&](int64_t first, int64_t last) {
      for (int64_t b = first; b < last; ++b) {
        T* a = data + b * n * n;
        bool ok = lapack::potrf(n, a, lapack::ld(n)) == 0;
        // LAPACK leaves the upper triangle (the input's) alone: the factor has zeros there.
        // TF fills the lower triangle of a matrix that is not positive definite with NaN.
        for (int64_t j = 0; j < n; ++j) {
          for (int64_t i = 0; i < n; ++i) {
            if (i < j) a[i + j * n] = T(0);
            else if (!ok) a[i + j * n] = nan_value<T>();
          }
        }
      }
    });
  });
  return row_major_copy(work);
}

Array cholesky_solve(const Array& chol, const Array& b, const Shape& out_shape) {
  // Both operands viewed with the output's batch axes (stride 0 where broadcast).
  auto broadcast = [&](const Array& x) {
    Dims dims(out_shape.dims().begin(), out_shape.dims().end() - 2);
    dims.push_back(x.dims()[x.ndim() - 2]);
    dims.push_back(x.dims()[x.ndim() - 1]);
    return Array::view_of(x.buffer(), x.dtype(), Shape(dims), broadcast_strides(x, dims), x.offset());
  };
  int64_t n = chol.dims()[chol.ndim() - 1], k = b.dims()[b.ndim() - 1];
  Array wa = column_major_copy(broadcast(chol)), wb = column_major_copy(broadcast(b));
  lapack::visit(chol.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T* pa = static_cast<const T*>(wa.data());
    T* pb = static_cast<T*>(wb.mutable_data());
    if (n == 0 || k == 0) return;
    for_each_matrix(batch_count(out_shape.dims()), n, [&](int64_t first, int64_t last) {
      for (int64_t i = first; i < last; ++i) {
        lapack::potrs(n, k, pa + i * n * n, lapack::ld(n), pb + i * n * k, lapack::ld(n));
      }
    });
  });
  return row_major_copy(wb);
}

void qr(const Array& x, bool full, Array& q, Array& r) {
  int64_t m = x.dims()[x.ndim() - 2], n = x.dims()[x.ndim() - 1], k = std::min(m, n);
  int64_t qc = full ? m : k;  // Q's columns, R's rows
  Array work = column_major_copy(x);
  lapack::visit(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T* data = static_cast<T*>(work.mutable_data());
    T* pq = static_cast<T*>(q.mutable_data());
    T* pr = static_cast<T*>(r.mutable_data());
    for_each_matrix(batch_count(x.dims()), std::max(m, n), [&](int64_t first, int64_t last) {
      std::vector<T> tau(static_cast<size_t>(std::max<int64_t>(k, 1)));
      std::vector<T> qbuf(static_cast<size_t>(std::max<int64_t>(m * qc, 1)));
      for (int64_t b = first; b < last; ++b) {
        T* a = data + b * m * n;
        T* qo = pq + b * m * qc;
        T* ro = pr + b * qc * n;
        if (k == 0) {  // nothing to factor: Q is the identity (or empty), R zeros
          identity(qo, m, qc);
          std::fill_n(ro, qc * n, T(0));
          continue;
        }
        lapack::geqrf(m, n, a, lapack::ld(m), tau.data());
        for (int64_t i = 0; i < qc; ++i) {
          for (int64_t j = 0; j < n; ++j) ro[i * n + j] = j >= i ? a[i + j * m] : T(0);
        }
        // Q's first min(n, qc) columns hold the reflectors; orgqr builds Q from them.
        std::copy_n(a, m * std::min(n, qc), qbuf.data());
        lapack::orgqr(m, qc, k, qbuf.data(), lapack::ld(m), tau.data());
        store(qbuf.data(), m, m, qc, qo);
      }
    });
  });
}

void svd(const Array& x, bool full, Array& s, Array* u, Array* v) {
  int64_t m = x.dims()[x.ndim() - 2], n = x.dims()[x.ndim() - 1], k = std::min(m, n);
  bool vectors = u != nullptr;
  int64_t uc = full ? m : k, vr = full ? n : k;  // U's columns, V^H's rows
  char jobz = !vectors ? 'N' : full ? 'A' : 'S';
  Array work = column_major_copy(x);
  lapack::visit(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    using R = Real<T>;
    T* data = static_cast<T*>(work.mutable_data());
    R* ps = static_cast<R*>(s.mutable_data());
    T* pu = vectors ? static_cast<T*>(u->mutable_data()) : nullptr;
    T* pv = vectors ? static_cast<T*>(v->mutable_data()) : nullptr;
    for_each_matrix(batch_count(x.dims()), std::max(m, n), [&](int64_t first, int64_t last) {
      std::vector<T> ubuf(static_cast<size_t>(vectors ? std::max<int64_t>(m * uc, 1) : 1));
      std::vector<T> vbuf(static_cast<size_t>(vectors ? std::max<int64_t>(vr * n, 1) : 1));
      for (int64_t b = first; b < last; ++b) {
        T* a = data + b * m * n;
        R* so = ps + b * k;
        T* uo = vectors ? pu + b * m * uc : nullptr;
        T* vo = vectors ? pv + b * n * vr : nullptr;
        if (k == 0) {  // no singular values; full U and V are identities
          if (vectors) {
            identity(uo, m, uc);
            identity(vo, n, vr);
          }
          continue;
        }
        // LAPACK may not converge (or loop long) on NaN or infinity: TF gives NaN there.
        bool ok = lapack::all_finite(a, m * n) &&
                  lapack::gesdd(jobz, m, n, a, lapack::ld(m), so, ubuf.data(), lapack::ld(m),
                                vbuf.data(), lapack::ld(vr)) == 0;
        if (!ok) {
          std::fill_n(so, k, std::numeric_limits<R>::quiet_NaN());
          if (vectors) {
            std::fill_n(uo, m * uc, nan_value<T>());
            std::fill_n(vo, n * vr, nan_value<T>());
          }
          continue;
        }
        if (vectors) {
          store(ubuf.data(), m, m, uc, uo);
          store(vbuf.data(), vr, vr, n, vo, /*adjoint=*/true);  // TF returns V, not V^H
        }
      }
    });
  });
}

void eigh(const Array& x, Array& e, Array* v) {
  int64_t n = x.dims()[x.ndim() - 1];
  Array work = column_major_copy(x);
  FirstFailure failed;
  lapack::visit(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    using R = Real<T>;
    T* data = static_cast<T*>(work.mutable_data());
    T* pe = static_cast<T*>(e.mutable_data());
    T* pv = v ? static_cast<T*>(v->mutable_data()) : nullptr;
    if (n == 0) return;
    for_each_matrix(batch_count(x.dims()), n, [&](int64_t first, int64_t last) {
      std::vector<R> w(static_cast<size_t>(n));
      for (int64_t b = first; b < last; ++b) {
        T* a = data + b * n * n;
        // Only the lower triangle is read, so only it must be finite.
        bool finite = true;
        for (int64_t j = 0; j < n && finite; ++j) finite = lapack::all_finite(a + j + j * n, n - j);
        if (!finite || lapack::heevd(v ? 'V' : 'N', n, a, lapack::ld(n), w.data()) != 0) {
          failed.add(b);
          continue;
        }
        for (int64_t i = 0; i < n; ++i) pe[b * n + i] = T(w[i]);
        if (v) store(a, n, n, n, pv + b * n * n);
      }
    });
  });
  if (failed.failed()) {
    throw InvalidArgumentError("Self-adjoint eigen decomposition was not successful. The input "
                               "might not be valid." + failed.which() +
                               " holds NaN or infinity in its lower triangle, or LAPACK did not "
                               "converge.");
  }
}

Array solve_ls(const Array& a, const Array& b) {
  int64_t m = a.dims()[a.ndim() - 2], n = a.dims()[a.ndim() - 1], k = b.dims()[b.ndim() - 1];
  int64_t rows = std::max(m, n);  // gelsd's B holds the m-row input and the n-row solution
  Array wa = column_major_copy(a), wb = column_major_copy(b);
  Dims out_dims(a.dims().begin(), a.dims().end() - 2);
  out_dims.push_back(n);
  out_dims.push_back(k);
  Array out = Array::empty(a.dtype(), Shape(out_dims));
  lapack::visit(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    using R = Real<T>;
    T* pa = static_cast<T*>(wa.mutable_data());
    const T* pb = static_cast<const T*>(wb.data());
    T* po = static_cast<T*>(out.mutable_data());
    for_each_matrix(batch_count(a.dims()), rows, [&](int64_t first, int64_t last) {
      std::vector<T> bbuf(static_cast<size_t>(std::max<int64_t>(rows * k, 1)));
      std::vector<R> sv(static_cast<size_t>(std::max<int64_t>(std::min(m, n), 1)));
      for (int64_t i = first; i < last; ++i) {
        T* o = po + i * n * k;
        if (n == 0 || k == 0) continue;
        if (m == 0) {  // no equations: the minimum-norm solution is 0
          std::fill_n(o, n * k, T(0));
          continue;
        }
        for (int64_t j = 0; j < k; ++j) std::copy_n(pb + i * m * k + j * m, m, bbuf.data() + j * rows);
        T* ai = pa + i * m * n;
        Int rank = 0;
        bool ok = lapack::all_finite(ai, m * n) && lapack::all_finite(pb + i * m * k, m * k) &&
                  lapack::gelsd(m, n, k, ai, lapack::ld(m), bbuf.data(), lapack::ld(rows),
                                sv.data(), R(-1), &rank) == 0;
        if (!ok) {
          std::fill_n(o, n * k, nan_value<T>());
          continue;
        }
        store(bbuf.data(), rows, n, k, o);
      }
    });
  });
  return out;
}

}  // namespace kiln::cpu
