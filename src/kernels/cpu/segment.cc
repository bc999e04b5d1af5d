// Segment reductions: each slice data[i, ...] (i a position of segment_ids)
// joins output row segment_ids[i]. The accumulators are the reductions'
// (reduce_accumulators.h: float sums in float64, integer sums and products
// wrapping as the input type, NaN winning max/min), so segment_sum of one
// segment equals reduce_sum of its rows.
#include "kernels/cpu/segment.h"

#include <limits>
#include <string>
#include <vector>

#include "kernels/cpu/gather.h"
#include "kernels/cpu/reduce_accumulators.h"
#include "kiln/error.h"

namespace kiln::cpu {
namespace {

std::string prefix(std::string_view op) { return "[" + std::string(op) + "] "; }

// The ids as int64, checked: sorted ids must be >= 0 and non-decreasing;
// unsorted ones below num_segments (negative ones are kept: they drop data).
std::vector<int64_t> checked_ids(std::string_view op, const Array& ids_in, int64_t num_segments) {
  const Array ids = index_array(ids_in);
  std::vector<int64_t> out(static_cast<size_t>(ids.size()));
  for (int64_t i = 0; i < ids.size(); ++i) {
    const int64_t id = index_at(ids, i);
    out[static_cast<size_t>(i)] = id;
    const std::string at = "segment_ids[" + position_text(i, ids.dims()) + "] = " + std::to_string(id);
    if (num_segments < 0) {
      if (id == std::numeric_limits<int64_t>::max()) {  // id + 1 rows: more than any array holds
        throw InvalidArgumentError(prefix(op) + at + " needs more output rows than any array holds "
                                     "(TF: a negative size); use smaller ids.");
      }
      if (id < 0) {
        throw InvalidArgumentError(prefix(op) + at + " is negative; sorted segment ids must be >= 0 "
                                   "(unsorted_segment_* ops drop data with a negative id).");
      }
      if (i > 0 && id < out[static_cast<size_t>(i) - 1]) {
        throw InvalidArgumentError(prefix(op) + at + " is less than the id before it (" +
                                   std::to_string(out[static_cast<size_t>(i) - 1]) +
                                   "): segment ids are not increasing. Sort them, or use unsorted_" +
                                   std::string(op) + " with num_segments.");
      }
    } else if (id >= num_segments) {
      throw InvalidArgumentError(prefix(op) + at + " is out of range [0, " + std::to_string(num_segments) +
                                 "): num_segments must exceed every segment id.");
    }
  }
  return out;
}

// The value of an empty segment, as TF: the sorted ops give 0, or 1 for
// prod; the unsorted ones the reduction's identity as TF has it (the dtype's
// lowest value for max, its highest for min, not -inf and +inf).
template <class T>
T empty_value(SegmentCode code, bool sorted) {
  if (code == SegmentCode::kProd) return cast_value<T>(1);
  using W = decltype(widen(T{}));
  if constexpr (!is_complex<W>::value) {
    if (!sorted && code == SegmentCode::kMax) return cast_value<T>(std::numeric_limits<W>::lowest());
    if (!sorted && code == SegmentCode::kMin) return cast_value<T>(std::numeric_limits<W>::max());
  }
  return cast_value<T>(0);
}

// TF's unsorted max/min start from the dtype's lowest/highest finite value,
// so a segment of -inf (max) or +inf (min) gives that value; NaN stays.
template <class Acc>
Acc clamp_unsorted(Acc a, SegmentCode code) {
  if constexpr (std::is_arithmetic_v<Acc>) {
    if (code == SegmentCode::kMax && a < std::numeric_limits<Acc>::lowest()) return std::numeric_limits<Acc>::lowest();
    if (code == SegmentCode::kMin && a > std::numeric_limits<Acc>::max()) return std::numeric_limits<Acc>::max();
  }
  return a;
}

// One accumulator per output element; count[s] = slices in segment s.
template <class T, class R>
void reduce_into(const R& r, const T* data, const std::vector<int64_t>& ids, int64_t inner, int64_t rows,
                 SegmentCode code, bool sorted, T* out) {
  using Acc = typename R::Acc;
  std::vector<Acc> acc(static_cast<size_t>(rows * inner), r.identity());
  std::vector<int64_t> count(static_cast<size_t>(rows), 0);
  for (size_t i = 0; i < ids.size(); ++i) {
    const int64_t s = ids[i];
    if (s < 0) continue;  // unsorted ops: dropped
    ++count[static_cast<size_t>(s)];
    Acc* a = acc.data() + s * inner;
    const T* d = data + static_cast<int64_t>(i) * inner;
    for (int64_t j = 0; j < inner; ++j) r.add(a[j], d[j], 0);
  }
  const T empty = empty_value<T>(code, sorted);
  for (int64_t s = 0; s < rows; ++s) {
    const int64_t n = count[static_cast<size_t>(s)];
    for (int64_t j = 0; j < inner; ++j) {
      const Acc& a = acc[static_cast<size_t>(s * inner + j)];
      T& o = out[s * inner + j];
      if (n == 0) {
        o = empty;
      } else if (code == SegmentCode::kMean) {
        if constexpr (std::is_integral_v<T>) {
          // The wrapped sum over the count, truncated as TF (in 64 bits: the
          // count may not fit T).
          using W = std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>;
          o = static_cast<T>(static_cast<W>(static_cast<T>(a)) / static_cast<W>(n));
        } else {
          o = cast_value<T>(a / static_cast<double>(n));
        }
      } else if (!sorted) {
        o = cast_value<T>(clamp_unsorted(a, code));
      } else {
        o = cast_value<T>(a);  // an integer sum wraps to T here
      }
    }
  }
}

}  // namespace

Array segment_reduce(std::string_view op, const Array& data_in, const Array& ids_in, int64_t num_segments,
                     SegmentCode code) {
  const bool sorted = num_segments < 0;
  const std::vector<int64_t> ids = checked_ids(op, ids_in, num_segments);
  const int64_t rows = sorted ? (ids.empty() ? 0 : ids.back() + 1) : num_segments;
  const Dims& dd = data_in.dims();
  Dims dims{rows};
  dims.insert(dims.end(), dd.begin() + ids_in.ndim(), dd.end());
  Array out = Array::empty(data_in.dtype(), Shape(dims));
  if (out.size() == 0) return out;  // nothing to reduce into (num_segments may still be huge)
  const int64_t inner = out.size() / rows;
  const Array data = data_in.contiguous();
  visit_dtype(data.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (!std::is_same_v<T, bool>) {  // bool is refused by inference
      const T* d = data.data_as<T>();
      T* o = static_cast<T*>(out.mutable_data());
      switch (code) {
        case SegmentCode::kSum:
        case SegmentCode::kMean: reduce_into(SumProd<T, false>{}, d, ids, inner, rows, code, sorted, o); break;
        case SegmentCode::kProd: reduce_into(SumProd<T, true>{}, d, ids, inner, rows, code, sorted, o); break;
        case SegmentCode::kMax:
          if constexpr (!is_complex<T>::value) reduce_into(Extreme<T, true>{}, d, ids, inner, rows, code, sorted, o);
          break;
        case SegmentCode::kMin:
          if constexpr (!is_complex<T>::value) reduce_into(Extreme<T, false>{}, d, ids, inner, rows, code, sorted, o);
          break;
      }
    }
  });
  return out;
}

}  // namespace kiln::cpu
