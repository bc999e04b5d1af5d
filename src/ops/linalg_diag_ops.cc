// Diagonal and band ops of TF's tf.linalg: diag (MatrixDiagV3 for one
// diagonal k), set_diag (MatrixSetDiagV3, one diagonal) and band_part
// (MatrixBandPart). Any dtype; the kernels only move elements.
#include <algorithm>
#include <cstring>
#include <string>

#include "kernels/cpu/matmul_views.h"
#include "kiln/tensor.h"
#include "ops/registry.h"

namespace kiln {
namespace {

std::string prefix(const OpDef& op) { return "[" + std::string(op.name) + "] "; }
std::string str(int64_t v) { return std::to_string(v); }

// The length of diagonal k of a rows x cols matrix (0 when it lies outside).
int64_t diagonal_length(int64_t rows, int64_t cols, int64_t k) {
  return std::max<int64_t>(0, std::min(rows + std::min<int64_t>(k, 0), cols - std::max<int64_t>(k, 0)));
}

// ---- diag: inputs diagonal (..., L) and padding_value (a scalar); attrs k,
// num_rows, num_cols (-1: the smallest that holds the diagonal) ----

Specs infer_diag(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const Shape& s = in[0].shape;
  if (in[1].dtype != in[0].dtype) {
    throw InvalidArgumentError(prefix(op) + "padding_value is " + std::string(in[1].dtype.name()) +
                               " but diagonal is " + std::string(in[0].dtype.name()) +
                               "; give padding_value in the diagonal's dtype.");
  }
  if (in[1].shape.has_known_rank() && in[1].shape.rank() != 0) {
    throw InvalidArgumentError(prefix(op) + "padding_value must be a scalar, got shape " +
                               in[1].shape.to_string() + ".");
  }
  if (s.has_known_rank() && s.rank() < 1) {
    throw InvalidArgumentError(prefix(op) + "diagonal must be at least 1-dim, received shape: " +
                               s.to_string() + "; give a vector (or a batch of them).");
  }
  int64_t k = attr<int64_t>(attrs, 0), rows = attr<int64_t>(attrs, 1), cols = attr<int64_t>(attrs, 2);
  if (!s.has_known_rank()) return {{in[0].dtype, Shape::unknown_rank()}};
  // Far beyond any matrix that fits in memory; also keeps len + |k| from overflowing.
  constexpr int64_t kMaxOffset = int64_t{1} << 48;
  if (is_known(k) && (k > kMaxOffset || k < -kMaxOffset)) {
    throw InvalidArgumentError(prefix(op) + "diagonal k=" + str(k) + " is too large: its matrix "
                               "could not be allocated; use |k| < 2^48.");
  }
  // TF's shape function gives up (unknown rank) while k is unknown.
  if (!is_known(k)) return {{in[0].dtype, Shape::unknown_rank()}};
  Dims dims(s.dims().begin(), s.dims().end() - 1);
  int64_t len = s.dim(-1);
  if (!is_known(rows) || !is_known(cols) || len == kUnknownDim) {
    dims.push_back(is_known(rows) && rows >= 0 ? rows : kUnknownDim);
    dims.push_back(is_known(cols) && cols >= 0 ? cols : kUnknownDim);
    return {{in[0].dtype, Shape(std::move(dims))}};
  }
  // TF's rule (MatrixDiagV3): the smallest matrix holding diagonal k of
  // length len, square when neither size is given.
  int64_t min_rows = len + std::max<int64_t>(0, -k), min_cols = len + std::max<int64_t>(0, k);
  if (rows == -1 && cols == -1) rows = cols = std::max(min_rows, min_cols);
  else if (rows == -1) rows = min_rows;
  else if (cols == -1) cols = min_cols;
  if (rows < min_rows) {
    throw InvalidArgumentError(prefix(op) + "The number of rows is too small: num_rows=" + str(rows) +
                               " cannot hold diagonal k=" + str(k) + " of length " + str(len) +
                               ", which needs at least " + str(min_rows) + ".");
  }
  if (cols < min_cols) {
    throw InvalidArgumentError(prefix(op) + "The number of columns is too small: num_cols=" +
                               str(cols) + " cannot hold diagonal k=" + str(k) + " of length " +
                               str(len) + ", which needs at least " + str(min_cols) + ".");
  }
  if (rows != min_rows && cols != min_cols) {
    throw InvalidArgumentError(prefix(op) + "The number of rows or columns is not consistent with "
                               "the specified d_lower, d_upper, and diagonal: diagonal k=" + str(k) +
                               " of a " + str(rows) + " x " + str(cols) + " matrix has length " +
                               str(diagonal_length(rows, cols, k)) + ", not " + str(len) +
                               ". Give num_rows=" + str(min_rows) + " or num_cols=" + str(min_cols) +
                               ".");
  }
  dims.push_back(rows);
  dims.push_back(cols);
  return {{in[0].dtype, Shape(std::move(dims))}};
}

Arrays diag_kernel(const OpDef&, std::span<const Array> in, const Attrs& attrs,
                   std::span<const TensorSpec> out) {
  Array result = fill(out[0].shape, Tensor(in[1])).array();
  Array view = cpu::diagonal(result, attr<int64_t>(attrs, 0));
  copy_elements(in[0], view);
  return {std::move(result)};
}

// ---- set_diag: inputs input (..., M, N) and diagonal (..., len); attr k ----

Specs infer_set_diag(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const Shape &s = in[0].shape, &d = in[1].shape;
  if (in[1].dtype != in[0].dtype) {
    throw InvalidArgumentError(prefix(op) + "diagonal is " + std::string(in[1].dtype.name()) +
                               " but input is " + std::string(in[0].dtype.name()) +
                               "; cast the diagonal to the input's dtype.");
  }
  if (s.has_known_rank() && s.rank() < 2) {
    throw InvalidArgumentError(prefix(op) + "input must be at least 2-dim, received shape: " +
                               s.to_string() + ".");
  }
  if (!s.has_known_rank()) return {{in[0].dtype, s}};
  int64_t k = attr<int64_t>(attrs, 0), rows = s.dim(-2), cols = s.dim(-1);
  if (is_known(k) && k != 0 && ((rows != kUnknownDim && k <= -rows) || (cols != kUnknownDim && k >= cols))) {
    throw InvalidArgumentError(prefix(op) + "lower_diag_index is out of bound: " + str(k) +
                               " It must be between " + str(-rows) + " and " + str(cols) +
                               " (exclusive) for input of shape " + s.to_string() + ".");
  }
  if (d.has_known_rank() && is_known(k)) {
    Dims want(s.dims().begin(), s.dims().end() - 2);
    want.push_back(rows == kUnknownDim || cols == kUnknownDim ? kUnknownDim
                                                               : diagonal_length(rows, cols, k));
    bool ok = d.rank() == static_cast<int64_t>(want.size());
    for (size_t i = 0; ok && i < want.size(); ++i) {
      ok = want[i] == kUnknownDim || d.dims()[i] == kUnknownDim || want[i] == d.dims()[i];
    }
    if (!ok) {
      throw InvalidArgumentError(prefix(op) + "Either first dimensions of diagonal don't match "
                                 "input.shape[:-2], or diagonal.shape[:-1] is not equal to the "
                                 "longests diagonal in range [lower_diag_index:upper_diag_index]. "
                                 "Input shape: " + s.to_string() + ", diagonal shape: " +
                                 d.to_string() + ", expected " + Shape(want).to_string() + ".");
    }
  }
  return {{in[0].dtype, s}};
}

Arrays set_diag_kernel(const OpDef&, std::span<const Array> in, const Attrs& attrs,
                       std::span<const TensorSpec>) {
  Array result = in[0].copy();
  Array view = cpu::diagonal(result, attr<int64_t>(attrs, 0));
  copy_elements(in[1], view);
  return {std::move(result)};
}

// ---- band_part: attrs num_lower, num_upper (negative: the whole triangle) ----

Specs infer_band_part(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const Shape& s = in[0].shape;
  if (s.has_known_rank() && s.rank() < 2) {
    throw InvalidArgumentError(prefix(op) + "input must be at least 2-dim, received shape: " +
                               s.to_string() + ".");
  }
  int64_t lower = attr<int64_t>(attrs, 0), upper = attr<int64_t>(attrs, 1);
  if (s.has_known_rank()) {
    int64_t rows = s.dim(-2), cols = s.dim(-1);
    if (is_known(lower) && rows != kUnknownDim && lower > rows) {
      throw InvalidArgumentError(prefix(op) + "num_lower must be negative or less or equal to "
                                 "number of rows (" + str(rows) + ") got: " + str(lower) + ".");
    }
    if (is_known(upper) && cols != kUnknownDim && upper > cols) {
      throw InvalidArgumentError(prefix(op) + "num_upper must be negative or less or equal to "
                                 "number of columns (" + str(cols) + ") got: " + str(upper) + ".");
    }
  }
  return {{in[0].dtype, s}};
}

Arrays band_part_kernel(const OpDef&, std::span<const Array> in, const Attrs& attrs,
                        std::span<const TensorSpec>) {
  Array result = in[0].copy();
  int64_t lower = attr<int64_t>(attrs, 0), upper = attr<int64_t>(attrs, 1);
  int64_t rows = result.dims()[result.ndim() - 2], cols = result.dims()[result.ndim() - 1];
  if (rows * cols == 0) return {std::move(result)};
  // Zero bits are zero in every dtype (false, 0, 0.0, 0+0j): clear each row
  // outside its band [i - lower, i + upper] bytewise.
  size_t item = result.dtype().size();
  char* data = static_cast<char*>(result.mutable_data());
  int64_t matrices = result.size() / (rows * cols);
  for (int64_t b = 0; b < matrices; ++b) {
    for (int64_t i = 0; i < rows; ++i) {
      char* row = data + (b * rows + i) * cols * static_cast<int64_t>(item);
      int64_t lo = lower < 0 ? 0 : std::clamp<int64_t>(i - lower, 0, cols);
      int64_t hi = upper < 0 ? cols : std::clamp<int64_t>(i + upper + 1, lo, cols);
      std::memset(row, 0, static_cast<size_t>(lo) * item);
      std::memset(row + hi * static_cast<int64_t>(item), 0, static_cast<size_t>(cols - hi) * item);
    }
  }
  return {std::move(result)};
}

}  // namespace

void register_linalg_diag_ops(Registry& r) {
  r.add({.name = "diag", .min_inputs = 2, .max_inputs = 2,
         .attrs = {{"k", AttrType::kInt, 0}, {"num_rows", AttrType::kInt, 0},
                   {"num_cols", AttrType::kInt, 0}},
         .infer = infer_diag, .cpu = diag_kernel, .moves_inputs = 2, .graph_type = "MatrixDiagV3",
         .python = {.namespaces = kPyLinalg}});
  r.add({.name = "set_diag", .min_inputs = 2, .max_inputs = 2,
         .attrs = {{"k", AttrType::kInt, 0}},
         .infer = infer_set_diag, .cpu = set_diag_kernel, .moves_inputs = 2,
         .graph_type = "MatrixSetDiagV3", .python = {.namespaces = kPyLinalg}});
  r.add({.name = "band_part", .min_inputs = 1, .max_inputs = 1,
         .attrs = {{"num_lower", AttrType::kInt, 0}, {"num_upper", AttrType::kInt, 0}},
         .infer = infer_band_part, .cpu = band_part_kernel, .graph_type = "MatrixBandPart",
         .python = {.namespaces = kPyLinalg}});
}

}  // namespace kiln
