#include "kiln/buffer.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>

#include <sys/mman.h>
#include <tbb/scalable_allocator.h>

#include "kiln/error.h"

namespace kiln {
namespace {
std::atomic<int64_t> g_allocated{0};

constexpr size_t round_up(size_t n, size_t to) { return (n + to - 1) / to * to; }
}  // namespace

struct Buffer::Storage : Buffer::Header {
  void* block = nullptr;  // what malloc returned (the header sits at its first 64-byte boundary)
  Device device;
  Deleter deleter;  // empty for memory kiln allocated
  bool large = false;  // the block came from oneTBB's allocator (large_block)

  ~Storage() {
    if (owned) {
      g_allocated.fetch_sub(static_cast<int64_t>(size), std::memory_order_relaxed);
    } else if (deleter) {
      deleter(data);
    }
  }
};

// Owned data sits right after the header, at the next 64-byte boundary.
constexpr size_t kHeader = round_up(sizeof(Buffer::Storage), kBufferAlignment);

namespace {

// Large buffers come from oneTBB's allocator (tbbmalloc), told to keep freed
// blocks of 1 MiB and more for reuse: a fresh 64 MiB result from malloc costs
// its pages' faults and zeroing each time (measured here: 50 ms to allocate
// and fill, against 3.7 ms for a block tbbmalloc kept), while a program that
// runs the same plan in a loop frees and allocates the same sizes.
// Sanitizer builds use malloc for everything, so that AddressSanitizer sees
// each use after free.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr size_t kLargeBlock = SIZE_MAX;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
constexpr size_t kLargeBlock = SIZE_MAX;
#else
constexpr size_t kLargeBlock = size_t{1} << 20;
#endif
#else
constexpr size_t kLargeBlock = size_t{1} << 20;
#endif

void* large_block(size_t bytes) {
  static const bool configured = [] {
    scalable_allocation_mode(TBBMALLOC_SET_HUGE_SIZE_THRESHOLD, kLargeBlock);
    return true;
  }();
  (void)configured;
  return scalable_aligned_malloc(bytes, kBufferAlignment);
}

// A header (and `bytes` after it) at a 64-byte boundary inside one malloc
// block. malloc aligns to 16 bytes, so 48 spare bytes always suffice; this
// costs a tenth of what aligned_alloc does for the small buffers that eager
// ops and loop bodies make by the thousand (valgrind: ~200 vs ~2,400
// instructions a call).
Buffer::Storage* new_storage(size_t bytes) {
  constexpr size_t kSlack = kBufferAlignment - alignof(std::max_align_t);
  if (bytes > SIZE_MAX - kHeader - kSlack) return nullptr;
  if (bytes >= kLargeBlock) {
    void* block = large_block(kHeader + bytes);
    if (!block) return nullptr;
    auto* s = new (block) Buffer::Storage();
    s->block = block;
    s->large = true;
    return s;
  }
  void* block = std::malloc(kHeader + bytes + kSlack);
  if (!block) return nullptr;
  auto aligned = (reinterpret_cast<uintptr_t>(block) + kBufferAlignment - 1) & ~(uintptr_t{kBufferAlignment} - 1);
  auto* s = new (reinterpret_cast<void*>(aligned)) Buffer::Storage();
  s->block = block;
  return s;
}
}  // namespace

void destroy_storage(Buffer::Header* h) noexcept {
  auto* s = static_cast<Buffer::Storage*>(h);
  void* block = s->block;
  const bool large = s->large;
  s->~Storage();
  if (large) scalable_aligned_free(block);
  else std::free(block);
}

Buffer::Buffer(Storage* s) : storage_(s) {}

Buffer Buffer::allocate(size_t nbytes) {
  // The data is padded to whole 64-byte lines (a vector load at the end stays
  // inside); a zero-size buffer still gets a valid, unique pointer so that
  // views of it are well defined.
  Storage* s = nbytes > SIZE_MAX / 2 ? nullptr : new_storage(round_up(nbytes, kBufferAlignment));
  if (!s) {
    throw ResourceExhaustedError("Out of memory: could not allocate " + std::to_string(nbytes) +
                                 " bytes for a tensor; use a smaller shape or free memory.");
  }
  s->data = reinterpret_cast<char*>(s) + kHeader;
  s->size = nbytes;
  s->owned = true;
  // Large buffers ask for transparent huge pages, as NumPy does: where the
  // kernel gives them only on request ("madvise" mode), a fresh 64 MB result
  // would otherwise take 16K page faults instead of 32.
  if (nbytes >= (size_t{4} << 20)) {
    uintptr_t lo = (reinterpret_cast<uintptr_t>(s->data) + 4095) & ~uintptr_t{4095};
    uintptr_t hi = (reinterpret_cast<uintptr_t>(s->data) + nbytes) & ~uintptr_t{4095};
    if (hi > lo) madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
  }
  g_allocated.fetch_add(static_cast<int64_t>(nbytes), std::memory_order_relaxed);
  return Buffer(s);
}

Buffer Buffer::adopt(void* data, size_t nbytes, Deleter deleter, Device device) {
  Storage* s = new_storage(0);
  if (!s) throw ResourceExhaustedError("Out of memory while adopting a buffer.");
  s->data = data;
  s->size = nbytes;
  s->device = device;
  s->deleter = std::move(deleter);
  return Buffer(s);
}

Device Buffer::device() const {
  return storage_ ? static_cast<const Storage*>(storage_.get())->device : Device{};
}

int64_t allocated_bytes() { return g_allocated.load(std::memory_order_relaxed); }

void release_cached_memory() { scalable_allocation_command(TBBMALLOC_CLEAN_ALL_BUFFERS, nullptr); }

}  // namespace kiln
