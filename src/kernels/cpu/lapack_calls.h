// LAPACKE's routines as C++ overloads on the element type (float, double,
// std::complex<float>, std::complex<double>), so that one template serves
// the four dtypes. Every call is column-major; matrices are kiln's own
// scratch copies (LAPACK overwrites its inputs).
#pragma once

#include <cmath>
#include <complex>
#include <cstdint>
#include <string>
#include <type_traits>

#define lapack_complex_float std::complex<float>
#define lapack_complex_double std::complex<double>
#include <lapacke.h>

#include "kiln/dtype.h"
#include "kiln/error.h"

namespace kiln::cpu::lapack {

using cfloat = std::complex<float>;
using cdouble = std::complex<double>;
using Int = lapack_int;

// The real type of an element type (float for complex<float>).
template <class T> struct RealOf { using type = T; };
template <class R> struct RealOf<std::complex<R>> { using type = R; };
template <class T> using Real = typename RealOf<T>::type;

constexpr int kCol = LAPACK_COL_MAJOR;

// Any other negative info names an invalid argument: a bug in kiln, not bad input.
// LAPACKE's own -1010 / -1011: it could not allocate its workspace.
inline Int checked(const char* routine, Int info) {
  if (info == LAPACK_WORK_MEMORY_ERROR || info == LAPACK_TRANSPOSE_MEMORY_ERROR) {
    throw ResourceExhaustedError(std::string("LAPACK ") + routine + " could not allocate its "
                                 "workspace; use smaller matrices.");
  }
  if (info < 0) {
    throw InternalError(std::string("LAPACK ") + routine + " rejected argument " +
                        std::to_string(-info));
  }
  return info;
}

// The one of four routines (single, double, complex, double complex) for T.
template <class T, class S, class D, class C, class Z>
constexpr auto pick(S s, D d, C c, Z z) {
  if constexpr (std::is_same_v<T, float>) return s;
  else if constexpr (std::is_same_v<T, double>) return d;
  else if constexpr (std::is_same_v<T, cfloat>) return c;
  else return z;
}

// Calls f(T{}) for the element type of a LAPACK dtype (the op layer admits
// no other).
template <class F>
decltype(auto) visit(DType dtype, F&& f) {
  // LAPACKE by default refuses matrices holding NaN (an info < 0, with the
  // output untouched); TF's kernels compute with them and return NaN, and
  // the kernels check finiteness themselves where LAPACK could not converge.
  static const bool nancheck_off = (LAPACKE_set_nancheck(0), true);
  (void)nancheck_off;
  switch (dtype.code()) {
    case DTypeCode::kFloat32: return f(float{});
    case DTypeCode::kFloat64: return f(double{});
    case DTypeCode::kComplex64: return f(cfloat{});
    case DTypeCode::kComplex128: return f(cdouble{});
    default: throw InternalError("LAPACK kernel called on " + std::string(dtype.name()));
  }
}

// Whether all n elements are finite (complex: both parts).
template <class T>
bool all_finite(const T* p, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    if constexpr (std::is_floating_point_v<T>) {
      if (!std::isfinite(p[i])) return false;
    } else {
      if (!std::isfinite(p[i].real()) || !std::isfinite(p[i].imag())) return false;
    }
  }
  return true;
}

// LAPACK's leading dimension: at least 1, even for an empty matrix.
inline Int ld(int64_t rows) { return static_cast<Int>(rows > 1 ? rows : 1); }

// LU factorisation with partial pivoting: P A = L U.
template <class T>
Int getrf(Int m, Int n, T* a, Int lda, Int* ipiv) {
  return checked("getrf", pick<T>(LAPACKE_sgetrf, LAPACKE_dgetrf, LAPACKE_cgetrf, LAPACKE_zgetrf)(
                              kCol, m, n, a, lda, ipiv));
}

// The inverse from getrf's factors, in place.
template <class T>
Int getri(Int n, T* a, Int lda, const Int* ipiv) {
  return checked("getri", pick<T>(LAPACKE_sgetri, LAPACKE_dgetri, LAPACKE_cgetri, LAPACKE_zgetri)(
                              kCol, n, a, lda, ipiv));
}

// Cholesky factor A = L L^H, L in the lower triangle (the upper one is not touched).
template <class T>
Int potrf(Int n, T* a, Int lda) {
  return checked("potrf", pick<T>(LAPACKE_spotrf, LAPACKE_dpotrf, LAPACKE_cpotrf, LAPACKE_zpotrf)(
                              kCol, 'L', n, a, lda));
}

// Solves op(A) X = B from getrf's factors (trans 'N', 'T' or 'C').
template <class T>
Int getrs(char trans, Int n, Int nrhs, const T* a, Int lda, const Int* ipiv, T* b, Int ldb) {
  return checked("getrs", pick<T>(LAPACKE_sgetrs, LAPACKE_dgetrs, LAPACKE_cgetrs, LAPACKE_zgetrs)(
                              kCol, trans, n, nrhs, a, lda, ipiv, b, ldb));
}

// Solves A X = B from potrf's lower factor.
template <class T>
Int potrs(Int n, Int nrhs, const T* a, Int lda, T* b, Int ldb) {
  return checked("potrs", pick<T>(LAPACKE_spotrs, LAPACKE_dpotrs, LAPACKE_cpotrs, LAPACKE_zpotrs)(
                              kCol, 'L', n, nrhs, a, lda, b, ldb));
}

// Householder QR (geqrf), then the first `cols` columns of Q from it
// (orgqr / ungqr, `k` reflectors).
template <class T>
Int geqrf(Int m, Int n, T* a, Int lda, T* tau) {
  return checked("geqrf", pick<T>(LAPACKE_sgeqrf, LAPACKE_dgeqrf, LAPACKE_cgeqrf, LAPACKE_zgeqrf)(
                              kCol, m, n, a, lda, tau));
}
template <class T>
Int orgqr(Int m, Int cols, Int k, T* a, Int lda, const T* tau) {
  return checked("orgqr", pick<T>(LAPACKE_sorgqr, LAPACKE_dorgqr, LAPACKE_cungqr, LAPACKE_zungqr)(
                              kCol, m, cols, k, a, lda, tau));
}

// SVD by divide and conquer: A = U diag(s) VT (jobz 'A', 'S' or 'N').
template <class T>
Int gesdd(char jobz, Int m, Int n, T* a, Int lda, Real<T>* s, T* u, Int ldu, T* vt, Int ldvt) {
  return checked("gesdd", pick<T>(LAPACKE_sgesdd, LAPACKE_dgesdd, LAPACKE_cgesdd, LAPACKE_zgesdd)(
                              kCol, jobz, m, n, a, lda, s, u, ldu, vt, ldvt));
}

// Eigenvalues (ascending) and, with jobz 'V', eigenvectors of a Hermitian
// matrix read from its lower triangle.
template <class T>
Int heevd(char jobz, Int n, T* a, Int lda, Real<T>* w) {
  return checked("syevd", pick<T>(LAPACKE_ssyevd, LAPACKE_dsyevd, LAPACKE_cheevd, LAPACKE_zheevd)(
                              kCol, jobz, 'L', n, a, lda, w));
}

// Minimum-norm least squares through the SVD (singular values below
// rcond * s_max count as zero; rcond < 0: machine precision).
template <class T>
Int gelsd(Int m, Int n, Int nrhs, T* a, Int lda, T* b, Int ldb, Real<T>* s, Real<T> rcond, Int* rank) {
  return checked("gelsd", pick<T>(LAPACKE_sgelsd, LAPACKE_dgelsd, LAPACKE_cgelsd, LAPACKE_zgelsd)(
                              kCol, m, n, nrhs, a, lda, b, ldb, s, rcond, rank));
}

}  // namespace kiln::cpu::lapack
