#include "kiln/buffer.h"

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include <sys/mman.h>

#include "kiln/error.h"

namespace kiln {
namespace {
std::atomic<int64_t> g_allocated{0};

constexpr size_t round_up(size_t n, size_t to) { return (n + to - 1) / to * to; }
}  // namespace

struct Buffer::Storage {
  std::atomic<long> refs{0};
  void* data = nullptr;
  size_t size = 0;
  Device device;
  Deleter deleter;  // empty for memory kiln allocated
  bool owned = false;

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

void intrusive_ptr_add_ref(Buffer::Storage* s) noexcept {
  s->refs.fetch_add(1, std::memory_order_relaxed);
}

void intrusive_ptr_release(Buffer::Storage* s) noexcept {
  if (s->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    s->~Storage();
    std::free(s);
  }
}

Buffer::Buffer(Storage* s) : storage_(s) {}

Buffer Buffer::allocate(size_t nbytes) {
  // aligned_alloc wants a multiple of the alignment; a zero-size buffer still
  // gets a valid, unique pointer so that views of it are well defined.
  size_t total = kHeader + round_up(nbytes, kBufferAlignment);
  void* block = nbytes > SIZE_MAX / 2 ? nullptr : std::aligned_alloc(kBufferAlignment, total);
  if (!block) {
    throw ResourceExhaustedError("Out of memory: could not allocate " + std::to_string(nbytes) +
                                 " bytes for a tensor; use a smaller shape or free memory.");
  }
  auto* s = new (block) Storage();
  s->data = static_cast<char*>(block) + kHeader;
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
  void* block = std::aligned_alloc(kBufferAlignment, kHeader);
  if (!block) throw ResourceExhaustedError("Out of memory while adopting a buffer.");
  auto* s = new (block) Storage();
  s->data = data;
  s->size = nbytes;
  s->device = device;
  s->deleter = std::move(deleter);
  return Buffer(s);
}

void* Buffer::data() const { return storage_ ? storage_->data : nullptr; }
size_t Buffer::size() const { return storage_ ? storage_->size : 0; }
Device Buffer::device() const { return storage_ ? storage_->device : Device{}; }
bool Buffer::owned() const { return storage_ && storage_->owned; }
long Buffer::use_count() const {
  return storage_ ? storage_->refs.load(std::memory_order_relaxed) : 0;
}

int64_t allocated_bytes() { return g_allocated.load(std::memory_order_relaxed); }

}  // namespace kiln
