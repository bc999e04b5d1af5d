// What every oneDNN kernel shares: the CPU engine, execution on the calling
// thread with kiln's thread count, a cache of primitives keyed by their
// parameters (so a plan step that runs again, or an eager call with the same
// shapes, reuses the primitive instead of building it), and the translation
// of oneDNN's failures into kiln errors.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <oneapi/dnnl/dnnl.hpp>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kiln/array.h"

namespace kiln::cpu::dnnl_util {

// The one CPU engine (created on first use).
const dnnl::engine& engine();

// The attributes every cached primitive is built with: a scratchpad that
// each execution passes (oneDNN's default library scratchpad ties a
// primitive to the thread that made it; cached primitives run on any thread).
dnnl::primitive_attr cached_attr();

// Runs `p` on the calling thread's stream and waits for it, with a
// scratchpad of `scratchpad`'s size made for this execution (none when it is
// empty). oneDNN's OpenMP team is sized to kiln::num_threads() first, so the
// team and kiln's oneTBB pool never hold more threads than
// kiln.config.threading allows, and oneDNN's failures become kiln errors
// (InternalError naming `what`).
void execute(const char* what, const dnnl::primitive& p, const dnnl::memory::desc& scratchpad,
             std::unordered_map<int, dnnl::memory> args);

// A cache key: the bytes of the parameters that decide a primitive (kind,
// shapes, strides, paddings, dtype, flags). Append plain integers only.
class Key {
 public:
  explicit Key(std::string_view kind) : bytes_(kind) { bytes_.push_back('\0'); }
  Key& add(int64_t v) {
    char b[sizeof v];
    std::memcpy(b, &v, sizeof v);
    bytes_.append(b, sizeof v);
    return *this;
  }
  Key& add(std::span<const int64_t> vs) {
    add(static_cast<int64_t>(vs.size()));
    for (int64_t v : vs) add(v);
    return *this;
  }
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

// The cached object for `key` and kiln's current thread count (a oneDNN
// primitive divides its work for the OpenMP team size set when it is built,
// which `cached` sets first), built by `make` on a miss. Entries are kept
// (least recently used first out) up to a fixed count; a returned entry
// stays valid while the caller holds it. Thread-safe: two threads missing
// the same key may both build it, and one of the two is kept.
std::shared_ptr<const void> cached(const Key& key,
                                   const std::function<std::shared_ptr<const void>()>& make);

template <class Entry, class Make>
std::shared_ptr<const Entry> cached(const Key& key, Make&& make) {
  return std::static_pointer_cast<const Entry>(
      cached(key, [&]() -> std::shared_ptr<const void> { return make(); }));
}

// Entries the cache holds and its hit and miss counts (tests and benches).
struct CacheStats {
  int64_t entries, hits, misses;
};
CacheStats cache_stats();

// oneDNN's data type for a kiln dtype: f32, bf16, f16; undef for the
// others (oneDNN's CPU primitives have no f64: float64 kernels use OpenBLAS
// or loops of their own).
dnnl::memory::data_type data_type(DType d);

// A memory object over `a`'s elements (C-contiguous), in the given logical
// dims and format tag (nhwc, nchw, ...). Takes a non-const pointer because
// oneDNN's API does; inputs are never written.
dnnl::memory wrap(const Array& a, const dnnl::memory::dims& dims, dnnl::memory::format_tag tag);
dnnl::memory wrap(const Array& a, const dnnl::memory::desc& md);

}  // namespace kiln::cpu::dnnl_util
