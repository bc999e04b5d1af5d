// Moving matrices between kiln's row-major arrays and LAPACK's column-major
// scratch, and running a batch of LAPACK calls.
#include <algorithm>
#include <numeric>
#include <vector>

#include "kernels/cpu/lapack.h"
#include "core/parallel.h"

namespace kiln::cpu {
namespace {

// The permutation that swaps the last two axes.
std::vector<int64_t> swap_last_two(int64_t rank) {
  std::vector<int64_t> perm(static_cast<size_t>(rank));
  std::iota(perm.begin(), perm.end(), 0);
  std::swap(perm[rank - 2], perm[rank - 1]);
  return perm;
}

}  // namespace

// A row-major (n, m) copy of the transpose is the column-major (m, n) matrix.
Array column_major_copy(const Array& x) { return x.transpose(swap_last_two(x.ndim())).copy(); }

Array row_major_copy(const Array& cm) { return cm.transpose(swap_last_two(cm.ndim())).copy(); }

void for_each_matrix(int64_t batch, int64_t n, const std::function<void(int64_t, int64_t)>& fn) {
  // OpenBLAS threads LAPACK's factorisations above about 100 x 100 elements
  // (its GEMM-based blocks); below that each call is single-threaded.
  constexpr int64_t kSmallOrder = 64;
  double cost = static_cast<double>(batch) * static_cast<double>(n) * n * n;
  if (n <= kSmallOrder && batch > 1 && cost >= kParallelThreshold) {
    parallel_for(batch, 1, fn);
  } else {
    fn(0, batch);
  }
}

int64_t batch_count(const Dims& dims) {
  int64_t b = 1;
  for (size_t i = 0; i + 2 < dims.size(); ++i) b *= dims[i];
  return b;
}

void FirstFailure::add(int64_t index) {
  int64_t seen = index_.load();
  while ((seen < 0 || index < seen) && !index_.compare_exchange_weak(seen, index)) {
  }
}

std::string FirstFailure::which() const {
  return " Matrix " + std::to_string(index_.load()) + " of the batch (counting in C order)";
}

}  // namespace kiln::cpu
