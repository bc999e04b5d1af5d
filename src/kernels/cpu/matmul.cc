// Batched matmul: describes the product (strides of op(a), op(b) per batch
// entry), then runs it through OpenBLAS when the dtype and layout allow and
// through portable loops otherwise.
//
// Threads: each BLAS call runs on the calling thread and OpenBLAS threads
// large products itself; batches of BLAS calls are issued one after another,
// never from kiln's pool, so the two thread pools never run full width at
// once (and OpenBLAS is not re-entered from many threads).
#include "kernels/cpu/matmul.h"

#include <cblas.h>

#include <algorithm>
#include <climits>
#include <complex>
#include <cstring>
#include <optional>
#include <type_traits>

#include "kernels/cpu/matmul_loops.h"
#include "kiln/error.h"

namespace kiln::cpu {
namespace {

MatmulOperand describe(const Array& x, MatOp op, const Dims& batch_dims) {
  int64_t r = x.ndim();
  MatmulOperand d;
  d.data = static_cast<const char*>(x.data());
  d.rs = x.strides()[r - 2];
  d.cs = x.strides()[r - 1];
  if (op != MatOp::kNone) std::swap(d.rs, d.cs);
  d.conj = op == MatOp::kAdjoint && x.dtype().is_complex();
  auto nb = static_cast<int64_t>(batch_dims.size());
  for (int64_t i = 0; i < nb; ++i) {
    int64_t j = i - (nb - (r - 2));  // right-aligned batch axis of x
    d.batch.push_back(j >= 0 && x.dims()[j] != 1 ? x.strides()[j] : 0);
  }
  return d;
}

// When b is shared by every batch entry and a's batch entries are stacked
// rows (a (B, m, k) batch against one (k, n) matrix, as in a dense layer),
// the whole batch is one (B*m, k) x (k, n) product.
void fold_batch_into_rows(MatmulProblem& p) {
  if (p.batches <= 1 || p.a.conj) return;
  if (std::any_of(p.b.batch.begin(), p.b.batch.end(), [](int64_t s) { return s != 0; })) return;
  int64_t expected = p.a.rs * p.m;
  for (size_t d = p.batch_dims.size(); d-- > 0;) {
    if (p.batch_dims[d] == 1) continue;
    if (p.a.batch[d] != expected) return;
    expected *= p.batch_dims[d];
  }
  p.m *= p.batches;
  p.batches = 1;
  p.batch_dims.clear();
  p.a.batch.clear();
  p.b.batch.clear();
}

// ---- BLAS ----

template <class T>
constexpr bool kHasBlas = std::is_same_v<T, float> || std::is_same_v<T, double> ||
                          std::is_same_v<T, std::complex<float>> ||
                          std::is_same_v<T, std::complex<double>>;

struct BlasSide {
  CBLAS_TRANSPOSE trans;
  int64_t ld;
};

// How BLAS reads op(x) (rows x cols, strides rs/cs) in place, if it can:
// row-major as is, or as the transpose of a row-major matrix (optionally
// conjugated). Conjugation without a transpose has no CBLAS flag.
std::optional<BlasSide> blas_side(const MatmulOperand& x, int64_t rows, int64_t cols,
                                  int64_t elem) {
  if (reinterpret_cast<uintptr_t>(x.data) % elem != 0) return std::nullopt;
  for (int64_t s : x.batch) {
    if (s % elem != 0) return std::nullopt;
  }
  int64_t rs = x.rs, cs = x.cs;
  // A stride along an axis of length 1 is never used: pick the one that fits.
  if (rows == 1) rs = cs == elem ? cols * elem : elem;
  if (cols == 1) cs = rs == elem ? rows * elem : elem;
  if (cs == elem && rs % elem == 0 && rs / elem >= cols && !x.conj) {
    return BlasSide{CblasNoTrans, rs / elem};
  }
  if (rs == elem && cs % elem == 0 && cs / elem >= rows) {
    return BlasSide{x.conj ? CblasConjTrans : CblasTrans, cs / elem};
  }
  return std::nullopt;
}

template <class T>
void gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, blasint m, blasint n, blasint k, const T* a,
          blasint lda, const T* b, blasint ldb, T* c) {
  if constexpr (std::is_same_v<T, float>) {
    cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, n);
  } else if constexpr (std::is_same_v<T, double>) {
    cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, 1.0, a, lda, b, ldb, 0.0, c, n);
  } else {
    const T one(1), zero(0);
    if constexpr (std::is_same_v<T, std::complex<float>>) {
      cblas_cgemm(CblasRowMajor, ta, tb, m, n, k, &one, a, lda, b, ldb, &zero, c, n);
    } else {
      cblas_zgemm(CblasRowMajor, ta, tb, m, n, k, &one, a, lda, b, ldb, &zero, c, n);
    }
  }
}

bool fits_blasint(std::initializer_list<int64_t> values) {
  return std::all_of(values.begin(), values.end(), [](int64_t v) { return v <= INT_MAX; });
}

// Runs the product through BLAS; false when the layout does not allow it
// (the caller then copies the operand, or uses the loops).
template <class T>
bool try_blas(const MatmulProblem& p, bool* a_ok, bool* b_ok) {
  constexpr auto elem = static_cast<int64_t>(sizeof(T));
  std::optional<BlasSide> sa = blas_side(p.a, p.m, p.k, elem);
  std::optional<BlasSide> sb = blas_side(p.b, p.k, p.n, elem);
  *a_ok = sa.has_value();
  *b_ok = sb.has_value();
  if (!sa || !sb || !fits_blasint({p.m, p.n, p.k, sa->ld, sb->ld})) return false;
  for (int64_t i = 0; i < p.batches; ++i) {
    gemm<T>(sa->trans, sb->trans, static_cast<blasint>(p.m), static_cast<blasint>(p.n),
            static_cast<blasint>(p.k), reinterpret_cast<const T*>(p.a.data + p.offset(p.a, i)),
            static_cast<blasint>(sa->ld), reinterpret_cast<const T*>(p.b.data + p.offset(p.b, i)),
            static_cast<blasint>(sb->ld), reinterpret_cast<T*>(p.out) + i * p.m * p.n);
  }
  return true;
}

MatmulProblem describe_problem(const Array& a, MatOp op_a, const Array& b, MatOp op_b,
                               Array& out) {
  MatmulProblem p;
  int64_t r = out.ndim();
  p.m = out.dims()[r - 2];
  p.n = out.dims()[r - 1];
  p.k = op_a == MatOp::kNone ? a.dims()[a.ndim() - 1] : a.dims()[a.ndim() - 2];
  p.batch_dims.assign(out.dims().begin(), out.dims().end() - 2);
  for (int64_t d : p.batch_dims) p.batches *= d;
  p.a = describe(a, op_a, p.batch_dims);
  p.b = describe(b, op_b, p.batch_dims);
  p.out = static_cast<char*>(out.mutable_data());
  fold_batch_into_rows(p);
  return p;
}

}  // namespace

void matmul(const Array& a, MatOp op_a, const Array& b, MatOp op_b, Array& out) {
  if (out.size() == 0) return;
  int64_t k = op_a == MatOp::kNone ? a.dims()[a.ndim() - 1] : a.dims()[a.ndim() - 2];
  if (k == 0) {  // empty sums: zeros (all-zero bytes for every numeric dtype)
    std::memset(out.mutable_data(), 0, static_cast<size_t>(out.nbytes()));
    return;
  }
  MatmulProblem p = describe_problem(a, op_a, b, op_b, out);
  visit_dtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (kHasBlas<T>) {
      bool a_ok = false, b_ok = false;
      if (try_blas<T>(p, &a_ok, &b_ok)) return;
      if (fits_blasint({p.m, p.n, p.k})) {
        // A layout BLAS cannot read (strided rows, conjugation without a
        // transpose, foreign unaligned memory): copy that operand once.
        Array ca = a_ok ? a : a.copy();
        Array cb = b_ok ? b : b.copy();
        MatmulProblem q = describe_problem(ca, op_a, cb, op_b, out);
        if (try_blas<T>(q, &a_ok, &b_ok)) return;
      }
    }
    matmul_loops(out.dtype(), p);
  });
}

}  // namespace kiln::cpu
