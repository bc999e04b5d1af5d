#include "kiln/buffer.h"

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "kiln/error.h"

namespace kiln {
namespace {
std::atomic<int64_t> g_allocated{0};
}

struct Buffer::Storage {
  void* data = nullptr;
  size_t size = 0;
  Device device;
  Deleter deleter;  // empty for memory kiln allocated
  bool owned = false;

  ~Storage() {
    if (owned) {
      std::free(data);
      g_allocated.fetch_sub(static_cast<int64_t>(size), std::memory_order_relaxed);
    } else if (deleter) {
      deleter(data);
    }
  }
};

Buffer Buffer::allocate(size_t nbytes) {
  // aligned_alloc wants a multiple of the alignment; a zero-size buffer still
  // gets a valid, unique pointer so that views of it are well defined.
  size_t rounded = (nbytes + kBufferAlignment - 1) / kBufferAlignment * kBufferAlignment;
  if (rounded < nbytes) rounded = 0;  // wrapped: fails below
  if (rounded == 0) rounded = kBufferAlignment;
  auto s = std::make_shared<Storage>();  // first, so a failure below leaks nothing
  void* p = nbytes > SIZE_MAX - kBufferAlignment ? nullptr
                                                  : std::aligned_alloc(kBufferAlignment, rounded);
  if (!p) {
    throw ResourceExhaustedError("Out of memory: could not allocate " + std::to_string(nbytes) +
                                 " bytes for a tensor; use a smaller shape or free memory.");
  }
  s->data = p;
  s->size = nbytes;
  s->owned = true;
  g_allocated.fetch_add(static_cast<int64_t>(nbytes), std::memory_order_relaxed);
  return Buffer(std::move(s));
}

Buffer Buffer::adopt(void* data, size_t nbytes, Deleter deleter, Device device) {
  auto s = std::make_shared<Storage>();
  s->data = data;
  s->size = nbytes;
  s->device = device;
  s->deleter = std::move(deleter);
  return Buffer(std::move(s));
}

void* Buffer::data() const { return storage_ ? storage_->data : nullptr; }
size_t Buffer::size() const { return storage_ ? storage_->size : 0; }
Device Buffer::device() const { return storage_ ? storage_->device : Device{}; }
bool Buffer::owned() const { return storage_ && storage_->owned; }

int64_t allocated_bytes() { return g_allocated.load(std::memory_order_relaxed); }

}  // namespace kiln
