// CPU kernels of the reduction family: reductions over axes, arg-reductions,
// scans and sorting. Inputs may be strided (read in place); outputs are
// allocated by the caller, C-contiguous, with the inferred spec.
#pragma once

#include <cstdint>
#include <vector>

#include "kiln/array.h"

namespace kiln::cpu {

enum class ReduceCode : int {
  kSum,
  kMean,
  kProd,
  kMax,
  kMin,
  kAny,
  kAll,
  kLogSumExp,
  kVariance,
  kStd,
};

// out = reduce(x) over `axes` (normalised, each once). out holds the kept
// axes in order (with or without the reduced axes as size 1). The result is
// bitwise deterministic: blocks of work are fixed by the shape alone, and
// partial results are combined in block order.
void reduce(ReduceCode code, const Array& x, const std::vector<int64_t>& axes, Array& out);

// Index of the first maximum (minimum) along `axis`; a NaN counts as the
// extreme (NumPy's rule). out is int16/int32/int64 with x's shape minus `axis`.
void arg_reduce(bool is_max, const Array& x, int64_t axis, Array& out);

// Inclusive / exclusive, forward / reverse running sum or product along `axis`.
void scan(bool is_prod, const Array& x, int64_t axis, bool exclusive, bool reverse, Array& out);

// Sorts every line along `axis`. values and/or indices (int32) may be null.
// NaN sorts above +inf: last when ascending, first when descending.
// `stable` keeps equal elements in input order (always true for values).
void sort(const Array& x, int64_t axis, bool descending, bool stable, Array* values,
          Array* indices);

// The k largest elements of each last-axis line, largest first when `sorted`
// (equal values: lower index first); indices int32 or int64.
void top_k(const Array& x, int64_t k, bool sorted, Array& values, Array& indices);

}  // namespace kiln::cpu
