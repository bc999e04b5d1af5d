// The random kernels that draw a varying number of values per element
// (rejection samplers, categorical draws, shuffles). Each element draws from
// its own Philox substream through Boost.Random distributions, so values do
// not depend on how the work is split over threads.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "kernels/cpu/philox.h"
#include "kernels/cpu/random.h"
#include "kiln/cast.h"
#include "kiln/error.h"
#include "core/parallel.h"

namespace kiln::cpu {
namespace {

// Runs f(begin, end) over [0, n), split over threads when n is large.
template <class F>
void over_elements(int64_t n, int64_t work_per_element, F f) {
  if (n * work_per_element < kParallelThreshold) f(0, n);
  else parallel_for(n, std::max<int64_t>(1, 4096 / work_per_element), f);
}

std::vector<double> as_doubles(const Array& a) {
  Array c = a.contiguous();
  std::vector<double> out(static_cast<size_t>(c.size()));
  visit_dtype(c.dtype(), [&](auto tag) {
    using S = decltype(tag);
    const char* p = static_cast<const char*>(c.data());
    for (size_t i = 0; i < out.size(); ++i) out[i] = cast_value<double>(load_value<S>(p + i * sizeof(S)));
  });
  return out;
}

// Writes value(i) (a double) into out[i] for every element, in out's dtype;
// integer outputs saturate (a Poisson count of an enormous rate).
template <class V>
void fill(Array& out, int64_t work_per_element, V value) {
  visit_dtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T* dst = static_cast<T*>(out.mutable_data());
    over_elements(out.size(), work_per_element, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        double v = value(i);
        if constexpr (std::is_integral_v<T>) {
          constexpr auto hi = static_cast<double>(std::numeric_limits<T>::max());
          v = std::isnan(v) ? 0.0 : std::clamp(v, 0.0, hi);
        }
        dst[i] = cast_value<T>(v);
      }
    });
  });
}

// Marsaglia and Tsang, "A simple method for generating gamma variables"
// (2000), as TF's RandomGamma: alpha >= 1 directly; alpha < 1 from
// alpha + 1 scaled by u^(1/alpha).
double gamma_sample(ElementEngine& engine, double alpha) {
  if (std::isnan(alpha) || alpha < 0) return std::numeric_limits<double>::quiet_NaN();
  if (alpha == 0) return 0.0;
  boost::random::normal_distribution<double> normal;
  boost::random::uniform_01<double> uniform;
  if (alpha == 1.0) return -std::log1p(-uniform(engine));  // exponential, as TF
  double boost = 1.0;
  if (alpha < 1.0) {
    boost = std::pow(uniform(engine), 1.0 / alpha);
    alpha += 1.0;
  }
  const double d = alpha - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = normal(engine);
      v = 1.0 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = uniform(engine), x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2 || std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) {
      return d * v * boost;
    }
  }
}

double poisson_sample(ElementEngine& engine, double lam) {
  if (std::isnan(lam)) return lam;
  if (!(lam > 0)) return 0.0;
  // Beyond int64 counts (and long before, in double precision) a Poisson
  // count is its normal approximation.
  if (lam > 1e15) {
    boost::random::normal_distribution<double> normal;
    return std::isinf(lam) ? lam : std::round(lam + std::sqrt(lam) * normal(engine));
  }
  return static_cast<double>(boost::random::poisson_distribution<int64_t, double>(lam)(engine));
}

// out[i] = sample(engine of element i, params[i % params.size()]): out's shape
// is samples + params.shape.
void per_parameter(const PhiloxStream& s, const Array& params, Array& out,
                   double (*sample)(ElementEngine&, double)) {
  Philox philox(s);
  const std::vector<double> p = as_doubles(params);
  const auto n = static_cast<int64_t>(p.size());
  fill(out, 32, [&](int64_t i) {
    ElementEngine engine(philox, static_cast<uint64_t>(i));
    return sample(engine, p[static_cast<size_t>(i % n)]);
  });
}

}  // namespace

void truncated_normal(const PhiloxStream& s, double mean, double stddev, Array& out) {
  Philox philox(s);
  fill(out, 8, [&](int64_t i) {
    ElementEngine engine(philox, static_cast<uint64_t>(i));
    boost::random::normal_distribution<double> normal;
    double z;
    do z = normal(engine);
    while (std::abs(z) > 2.0);
    return mean + stddev * z;
  });
}

void random_gamma(const PhiloxStream& s, const Array& alpha, Array& out) {
  per_parameter(s, alpha, out, gamma_sample);
}

void random_poisson(const PhiloxStream& s, const Array& lam, Array& out) {
  per_parameter(s, lam, out, poisson_sample);
}

void multinomial(const PhiloxStream& s, const Array& logits, Array& out) {
  Philox philox(s);
  const std::vector<double> x = as_doubles(logits);
  const int64_t batch = out.shape().dim(0), samples = out.shape().dim(1);
  const int64_t classes = logits.shape().dim(1);
  visit_dtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) {
      T* dst = static_cast<T*>(out.mutable_data());
      over_elements(batch, classes + samples, [&](int64_t b0, int64_t b1) {
        std::vector<double> cdf(static_cast<size_t>(classes));
        for (int64_t b = b0; b < b1; ++b) {
          // TF's Multinomial: an unnormalized CDF of exp(logit - max) over
          // the finite logits, searched with u * total.
          const double* row = x.data() + b * classes;
          double max = std::numeric_limits<double>::lowest(), total = 0;
          for (int64_t j = 0; j < classes; ++j) {
            if (std::isfinite(row[j])) max = std::max(max, row[j]);
          }
          for (int64_t j = 0; j < classes; ++j) {
            if (std::isfinite(row[j])) total += std::exp(row[j] - max);
            cdf[static_cast<size_t>(j)] = total;
          }
          for (int64_t j = 0; j < samples; ++j) {
            ElementEngine engine(philox, static_cast<uint64_t>(b * samples + j));
            double target = boost::random::uniform_01<double>()(engine) * total;
            dst[b * samples + j] = static_cast<T>(std::upper_bound(cdf.begin(), cdf.end(), target) - cdf.begin());
          }
        }
      });
    } else {
      throw InternalError("multinomial kernel: unsupported dtype " + std::string(out.dtype().name()));
    }
  });
}

Array random_shuffle(const PhiloxStream& s, const Array& value) {
  Array in = value.contiguous();
  Array out = Array::empty(in.dtype(), in.shape());
  if (in.ndim() == 0 || in.size() == 0) {
    copy_elements(in, out);
    return out;
  }
  const int64_t rows = in.shape().dim(0);
  const auto row_bytes = static_cast<size_t>(in.nbytes() / rows);
  // Fisher-Yates: step i swaps position i with one of [0, i], drawn from
  // substream i.
  Philox philox(s);
  std::vector<int64_t> perm(static_cast<size_t>(rows));
  for (int64_t i = 0; i < rows; ++i) perm[static_cast<size_t>(i)] = i;
  for (int64_t i = rows - 1; i > 0; --i) {
    ElementEngine engine(philox, static_cast<uint64_t>(i));
    int64_t j = boost::random::uniform_int_distribution<int64_t>(0, i)(engine);
    std::swap(perm[static_cast<size_t>(i)], perm[static_cast<size_t>(j)]);
  }
  const char* src = static_cast<const char*>(in.data());
  char* dst = static_cast<char*>(out.mutable_data());
  over_elements(rows, static_cast<int64_t>(row_bytes / 8 + 1), [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      std::memcpy(dst + static_cast<size_t>(i) * row_bytes, src + static_cast<size_t>(perm[static_cast<size_t>(i)]) * row_bytes, row_bytes);
    }
  });
  return out;
}

}  // namespace kiln::cpu
