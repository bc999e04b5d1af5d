// Reductions over axes: one engine (walk the plan, fold elements into
// per-output accumulators) driven by the accumulators of
// reduce_accumulators.h, and the final step of each op.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "kernels/cpu/reduce.h"
#include "kernels/cpu/reduce_accumulators.h"
#include "kernels/cpu/reduce_plan.h"
#include "kiln/error.h"
#include "core/parallel.h"

namespace kiln::cpu {
namespace {

// Elements per block when a reduction to one value is split over threads.
// Blocks depend on the shape only, so the result never depends on the
// number of threads.
constexpr int64_t kBlock = 1 << 16;

bool aligned_for(const void* p, size_t alignment) {
  return reinterpret_cast<uintptr_t>(p) % alignment == 0;
}

// Folds the rows of plan[0, n) starting at `base` into acc.
template <class T, class R>
void fold_rows(const R& r, const ReduceAxis* plan, size_t n, const char* base, int64_t acc0,
               typename R::Acc* acc) {
  for_each_plan_row(plan, n, base, acc0, [&](const char* p, int64_t k, const ReduceAxis& in) {
    if (in.acc_stride == 0) {  // the row reduces into one accumulator
      auto& a = acc[k];
      if (in.stride == static_cast<int64_t>(sizeof(T)) && aligned_for(p, alignof(T)) &&
          r.row(a, reinterpret_cast<const T*>(p), in.dim, k)) {
        return;
      }
      for (int64_t i = 0; i < in.dim; ++i) r.add(a, load_value<T>(p + i * in.stride), k);
    } else if (in.stride == static_cast<int64_t>(sizeof(T)) && in.acc_stride == 1 &&
               aligned_for(p, alignof(T))) {  // contiguous: a loop the compiler vectorises
      const T* q = reinterpret_cast<const T*>(p);
      auto* a = acc + k;
      for (int64_t i = 0; i < in.dim; ++i) r.add(a[i], q[i], k + i);
    } else {  // the row is kept: elementwise into a row of accumulators
      for (int64_t i = 0; i < in.dim; ++i) {
        int64_t ki = k + i * in.acc_stride;
        r.add(acc[ki], load_value<T>(p + i * in.stride), ki);
      }
    }
  });
}

// One accumulator per output element, each folded over its reduced elements
// in the same order whatever the threads.
template <class T, class R>
std::vector<typename R::Acc> accumulate(const R& r, const Array& x, const ReducePlan& plan,
                                        int64_t out_size) {
  using Acc = typename R::Acc;
  std::vector<Acc> acc(static_cast<size_t>(out_size), r.identity());
  if (x.size() == 0 || out_size == 0) return acc;
  const char* base = static_cast<const char*>(x.data());
  const int64_t total = x.size();
  if (total < kParallelThreshold || plan.empty()) {
    fold_rows<T>(r, plan.data(), plan.size(), base, 0, acc.data());
    return acc;
  }
  auto kept = std::find_if(plan.begin(), plan.end(), [](const ReduceAxis& a) { return a.acc_stride; });
  if (kept != plan.end()) {
    // Split the outermost kept axis: chunks own disjoint outputs.
    size_t p = static_cast<size_t>(kept - plan.begin());
    int64_t per_index = total / kept->dim;
    parallel_for(kept->dim, std::max<int64_t>(1, kParallelThreshold / per_index),
                 [&](int64_t b, int64_t e) {
                   ReducePlan sub = plan;
                   sub[p].dim = e - b;
                   fold_rows<T>(r, sub.data(), sub.size(), base + b * plan[p].stride,
                                b * plan[p].acc_stride, acc.data());
                 });
    return acc;
  }
  // One output: fixed blocks of the outermost axis, combined in order.
  const int64_t outer = plan[0].dim;
  const int64_t per_index = total / outer;
  const int64_t step = std::max<int64_t>(1, kBlock / per_index);
  const int64_t blocks = (outer + step - 1) / step;
  std::vector<Acc> partial(static_cast<size_t>(blocks), r.identity());
  parallel_for(blocks, 1, [&](int64_t b, int64_t e) {
    for (int64_t c = b; c < e; ++c) {
      ReducePlan sub = plan;
      sub[0].dim = std::min(step, outer - c * step);
      fold_rows<T>(r, sub.data(), sub.size(), base + c * step * plan[0].stride, 0,
                   &partial[static_cast<size_t>(c)]);
    }
  });
  for (const Acc& a : partial) r.merge(acc[0], a);
  return acc;
}

template <class T, class Out, class F>
void write_out(Array& out, F f) {
  Out* o = static_cast<Out*>(out.mutable_data());
  for (int64_t k = 0; k < out.size(); ++k) o[k] = f(k);
}

template <class T>
void reduce_typed(ReduceCode code, const Array& x, const ReducePlan& plan, int64_t count,
                  Array& out) {
  const int64_t n_out = out.size();
  constexpr bool kInt = std::is_integral_v<T> && !std::is_same_v<T, bool>;
  constexpr bool kReal = kInt || kIsFloat<T>;
  constexpr bool kNumeric = kReal || is_complex<T>::value;
  if constexpr (kNumeric) {
    if (code == ReduceCode::kSum || code == ReduceCode::kProd || code == ReduceCode::kMean) {
      auto acc = code == ReduceCode::kProd ? accumulate<T>(SumProd<T, true>{}, x, plan, n_out)
                                           : accumulate<T>(SumProd<T, false>{}, x, plan, n_out);
      if (code != ReduceCode::kMean) {
        return write_out<T, T>(out, [&](int64_t k) { return cast_value<T>(acc[k]); });
      }
      return write_out<T, T>(out, [&](int64_t k) -> T {
        if constexpr (std::is_unsigned_v<T>) {
          return count ? static_cast<T>(acc[k] / static_cast<uint64_t>(count)) : T{};
        } else if constexpr (kInt) {  // TF: the int64 sum (wrapped), divided, truncated
          return count ? static_cast<T>(static_cast<int64_t>(acc[k]) / count) : T{};
        } else {
          return cast_value<T>(acc[k] / static_cast<double>(count));
        }
      });
    }
  }
  if constexpr (kReal) {
    if (code == ReduceCode::kMax || code == ReduceCode::kMin) {
      auto acc = code == ReduceCode::kMax ? accumulate<T>(Extreme<T, true>{}, x, plan, n_out)
                                          : accumulate<T>(Extreme<T, false>{}, x, plan, n_out);
      return write_out<T, T>(out, [&](int64_t k) { return cast_value<T>(acc[k]); });
    }
  }
  if constexpr (std::is_same_v<T, bool>) {
    if (code == ReduceCode::kAny || code == ReduceCode::kAll) {
      auto acc = code == ReduceCode::kAny ? accumulate<T>(AnyAll<true>{}, x, plan, n_out)
                                          : accumulate<T>(AnyAll<false>{}, x, plan, n_out);
      return write_out<T, bool>(out, [&](int64_t k) { return static_cast<bool>(acc[k]); });
    }
  }
  if constexpr (kIsFloat<T>) {
    if (code == ReduceCode::kLogSumExp) {
      // TF's formulation: shift by the max where it is finite, so that
      // all -inf gives -inf, any +inf gives +inf and NaN propagates.
      auto peak = accumulate<T>(Extreme<T, true>{}, x, plan, n_out);
      std::vector<double> shift(peak.size());
      for (size_t k = 0; k < peak.size(); ++k) {
        shift[k] = std::isfinite(peak[k]) ? static_cast<double>(peak[k]) : 0.0;
      }
      auto sum = accumulate<T>(SumExp<T>{shift.data()}, x, plan, n_out);
      return write_out<T, T>(
          out, [&](int64_t k) { return cast_value<T>(std::log(sum[k]) + shift[k]); });
    }
  }
  if constexpr (kIsFloat<T> || is_complex<T>::value) {
    if (code == ReduceCode::kVariance || code == ReduceCode::kStd) {
      // Two passes (mean, then squared deviations): no cancellation.
      auto mean = accumulate<T>(SumProd<T, false>{}, x, plan, n_out);
      for (auto& m : mean) m /= static_cast<double>(count);
      auto sq = accumulate<T>(SquaredDeviation<T>{mean.data()}, x, plan, n_out);
      bool is_std = code == ReduceCode::kStd;
      return visit_dtype(out.dtype(), [&](auto tag) {
        using O = decltype(tag);
        if constexpr (kIsFloat<O>) {
          write_out<T, O>(out, [&](int64_t k) {
            double v = sq[k] / static_cast<double>(count);
            return cast_value<O>(is_std ? std::sqrt(v) : v);
          });
        }
      });
    }
  }
  throw InternalError("reduce kernel: unsupported dtype for this reduction");
}

}  // namespace

void reduce(ReduceCode code, const Array& x, const std::vector<int64_t>& axes, Array& out) {
  ReducePlan plan = make_reduce_plan(x, axes);
  // Elements per output. When it overflows, another axis is 0: no outputs.
  int64_t count = 1;
  for (int64_t a : axes) count = checked_mul(count, x.dims()[static_cast<size_t>(a)]).value_or(0);
  visit_dtype(x.dtype(), [&](auto tag) { reduce_typed<decltype(tag)>(code, x, plan, count, out); });
}

}  // namespace kiln::cpu
