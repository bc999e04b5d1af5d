// The segment reductions: segment_{sum,mean,max,min,prod} (sorted ids, one
// output row per id up to the last) and unsorted_segment_{sum,max,min,prod}
// (num_segments rows). TF builds unsorted_segment_mean and _sqrt_n in Python
// from unsorted_segment_sum; kiln's Python layer does the same
// (python/kiln/segment_ops.py). Inference checks dtypes and shapes; the
// kernel checks the id values (src/kernels/cpu/segment.cc).
#include <string>

#include "kernels/cpu/segment.h"
#include "ops/registry.h"

namespace kiln {
namespace {

using cpu::SegmentCode;

std::string prefix(const OpDef& op) { return "[" + std::string(op.name) + "] "; }
bool sorted_op(const OpDef& op) { return std::string_view(op.name).substr(0, 9) != "unsorted_"; }

void check_dtypes(const OpDef& op, DType data, DType ids) {
  const auto code = static_cast<SegmentCode>(op.code);
  const bool ordered = code == SegmentCode::kMax || code == SegmentCode::kMin;
  if (data.is_bool() || (ordered && data.is_complex())) {
    throw InvalidArgumentError(prefix(op) + "data of dtype " + std::string(data.name()) + " is not supported; " +
                               (ordered ? "use an integer or float dtype." : "use a numeric dtype (cast bools first)."));
  }
  if (ids != int32 && ids != int64) {
    throw InvalidArgumentError(prefix(op) + "segment_ids must be int32 or int64, got " + std::string(ids.name()) +
                               "; cast them first, e.g. kiln.cast(segment_ids, kiln.int32).");
  }
}

Specs infer_segment(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  check_dtypes(op, in[0].dtype, in[1].dtype);
  const Shape& data = in[0].shape;
  const Shape& ids = in[1].shape;
  const bool sorted = sorted_op(op);
  int64_t rows = kUnknownDim;  // sorted: the last id + 1, known from the data only
  if (!sorted) {
    rows = attr<int64_t>(attrs, 0);
    if (!is_known(rows)) {
      rows = kUnknownDim;  // given by a tensor known when the graph runs
    } else if (rows < 0) {
      throw InvalidArgumentError(prefix(op) + "num_segments = " + std::to_string(rows) +
                                 " must not be negative; give the number of output rows.");
    }
  }
  if (sorted && data.has_known_rank() && data.rank() == 0) {
    throw InvalidArgumentError(prefix(op) + "data must be at least rank 1 (its first axis is segmented), got a scalar.");
  }
  if (sorted && ids.has_known_rank() && ids.rank() != 1) {
    throw InvalidArgumentError(prefix(op) + "segment_ids should be a vector, got shape " + ids.to_string() +
                               "; unsorted_" + std::string(op.name) + " takes ids of any rank.");
  }
  if (!data.has_known_rank() || !ids.has_known_rank()) return {{in[0].dtype, Shape::unknown_rank()}};
  const bool prefixes = ids.rank() <= data.rank() && [&] {
    for (int64_t i = 0; i < ids.rank(); ++i) {
      const int64_t a = ids.dims()[static_cast<size_t>(i)], b = data.dims()[static_cast<size_t>(i)];
      if (a != kUnknownDim && b != kUnknownDim && a != b) return false;
    }
    return true;
  }();
  if (!prefixes) {
    throw InvalidArgumentError(prefix(op) + "data.shape = " + data.to_string() +
                               " does not start with segment_ids.shape = " + ids.to_string() +
                               "; give one segment id per slice of data's leading axes.");
  }
  Dims out{rows};
  out.insert(out.end(), data.dims().begin() + ids.rank(), data.dims().end());
  return {{in[0].dtype, Shape(out)}};
}

Arrays segment_kernel(const OpDef& op, std::span<const Array> in, const Attrs& attrs,
                      std::span<const TensorSpec>) {
  const int64_t rows = sorted_op(op) ? -1 : attr<int64_t>(attrs, 0);
  return {cpu::segment_reduce(op.name, in[0], in[1], rows, static_cast<SegmentCode>(op.code))};
}

}  // namespace

void register_segment_ops(Registry& r) {
  // Graph types are the CamelCase names, as TF's (SegmentSum, UnsortedSegmentMax, ...).
  const std::pair<std::string_view, SegmentCode> ops[] = {
      {"segment_sum", SegmentCode::kSum},   {"segment_mean", SegmentCode::kMean},
      {"segment_max", SegmentCode::kMax},   {"segment_min", SegmentCode::kMin},
      {"segment_prod", SegmentCode::kProd}, {"unsorted_segment_sum", SegmentCode::kSum},
      {"unsorted_segment_max", SegmentCode::kMax}, {"unsorted_segment_min", SegmentCode::kMin},
      {"unsorted_segment_prod", SegmentCode::kProd}};
  for (const auto& [name, code] : ops) {
    const bool sorted = name.substr(0, 9) != "unsorted_";
    r.add({.name = name, .min_inputs = 2, .max_inputs = 2,
           .attrs = sorted ? std::vector<AttrDef>{} : std::vector<AttrDef>{{"num_segments", AttrType::kInt, 0}},
           .infer = infer_segment, .cpu = segment_kernel, .code = static_cast<int>(code),
           .python = {.namespaces = kPyMath}});
  }
}

}  // namespace kiln
