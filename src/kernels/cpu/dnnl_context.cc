#include "kernels/cpu/dnnl_context.h"

#include <list>
#include <mutex>
#include <utility>

#include "core/parallel.h"
#include "kiln/error.h"

// Declared here rather than through <omp.h>, which only GCC's own include
// path has (clang builds of kiln use the same libgomp that oneDNN loads).
extern "C" {
void omp_set_num_threads(int n);
int omp_get_max_threads(void);
}

namespace kiln::cpu::dnnl_util {

namespace {

// OpenMP's team size is per calling thread: set it each time it differs from
// kiln's (set_intra_op_parallelism_threads may have changed it). Returns it.
int use_kiln_threads() {
  int threads = num_threads();
  if (omp_get_max_threads() != threads) omp_set_num_threads(threads);
  return threads;
}

}  // namespace

const dnnl::engine& engine() {
  static const dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

dnnl::primitive_attr cached_attr() {
  dnnl::primitive_attr a;
  a.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return a;
}

void execute(const char* what, const dnnl::primitive& p, const dnnl::memory::desc& scratchpad,
             std::unordered_map<int, dnnl::memory> args) {
  use_kiln_threads();
  try {
    if (scratchpad.get_size() > 0) {
      args.emplace(DNNL_ARG_SCRATCHPAD, dnnl::memory(scratchpad, engine()));
    }
    thread_local dnnl::stream s(engine());  // one in-order CPU stream per calling thread
    p.execute(s, args);
    s.wait();
  } catch (const dnnl::error& e) {
    throw InternalError(std::string("[") + what + "] oneDNN failed: " + e.what() + " (status " +
                        std::to_string(static_cast<int>(e.status)) +
                        "); please report this with the shapes involved.");
  }
}

namespace {

constexpr size_t kCapacity = 512;

struct Cache {
  std::mutex mutex;
  // Most recently used first; the map points into the list.
  std::list<std::pair<std::string, std::shared_ptr<const void>>> order;
  std::unordered_map<std::string, decltype(order)::iterator> index;
  int64_t hits = 0, misses = 0;
};

Cache& cache() {
  static Cache* c = new Cache;  // never destroyed: kernels may run during exit
  return *c;
}

}  // namespace

std::shared_ptr<const void> cached(const Key& key,
                                   const std::function<std::shared_ptr<const void>()>& make) {
  // A primitive splits its work for the thread count current when it is
  // created (oneDNN's OpenMP runtime), so that count is part of the key and
  // is set before `make` runs.
  std::string bytes = key.bytes();
  int64_t threads = use_kiln_threads();
  bytes.append(reinterpret_cast<const char*>(&threads), sizeof threads);
  Cache& c = cache();
  {
    std::lock_guard<std::mutex> lock(c.mutex);
    auto it = c.index.find(bytes);
    if (it != c.index.end()) {
      ++c.hits;
      c.order.splice(c.order.begin(), c.order, it->second);
      return it->second->second;
    }
    ++c.misses;
  }
  // Built outside the lock: creating a primitive can take milliseconds.
  std::shared_ptr<const void> made;
  try {
    made = make();
  } catch (const dnnl::error& e) {
    throw InternalError(std::string("oneDNN could not create a primitive: ") + e.what() +
                        " (status " + std::to_string(static_cast<int>(e.status)) +
                        "); please report this with the shapes involved.");
  }
  std::lock_guard<std::mutex> lock(c.mutex);
  auto it = c.index.find(bytes);
  if (it != c.index.end()) return it->second->second;  // another thread won
  c.order.emplace_front(bytes, made);
  c.index.emplace(std::move(bytes), c.order.begin());
  if (c.order.size() > kCapacity) {
    c.index.erase(c.order.back().first);
    c.order.pop_back();
  }
  return made;
}

CacheStats cache_stats() {
  Cache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  return {static_cast<int64_t>(c.order.size()), c.hits, c.misses};
}

dnnl::memory::data_type data_type(DType d) {
  using dt = dnnl::memory::data_type;
  if (d == float32) return dt::f32;
  if (d == bfloat16) return dt::bf16;
  if (d == float16) return dt::f16;
  return dt::undef;
}

dnnl::memory wrap(const Array& a, const dnnl::memory::desc& md) {
  // oneDNN reads inputs through a void*; it never writes a source memory.
  return dnnl::memory(md, engine(), const_cast<void*>(static_cast<const void*>(a.data())));
}

dnnl::memory wrap(const Array& a, const dnnl::memory::dims& dims, dnnl::memory::format_tag tag) {
  return wrap(a, dnnl::memory::desc(dims, data_type(a.dtype()), tag));
}

}  // namespace kiln::cpu::dnnl_util
