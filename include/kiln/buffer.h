// Buffer: reference-counted storage for tensor data. kiln allocates buffers
// 64-byte aligned; a buffer can also adopt foreign memory (a NumPy array, a
// DLPack tensor) with a deleter that keeps the owner alive until the last
// reference is gone.
#pragma once

#include <boost/smart_ptr/intrusive_ptr.hpp>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace kiln {

inline constexpr size_t kBufferAlignment = 64;

enum class DeviceType : uint8_t { kCPU = 1, kCUDA = 2 };  // DLPack's numbering

struct Device {
  DeviceType type = DeviceType::kCPU;
  int index = 0;
  friend bool operator==(const Device&, const Device&) = default;
};

class Buffer {
 public:
  // Called once with the data pointer when the last reference goes away.
  using Deleter = std::function<void(void*)>;

  Buffer() = default;  // an empty handle; data() == nullptr

  // New storage of nbytes (zero allowed), 64-byte aligned, uninitialised.
  // Throws ResourceExhaustedError when the memory cannot be had.
  static Buffer allocate(size_t nbytes);
  // Wraps memory owned elsewhere; deleter runs when the last reference drops.
  static Buffer adopt(void* data, size_t nbytes, Deleter deleter, Device device = {});

  void* data() const { return storage_ ? storage_->data : nullptr; }
  size_t size() const { return storage_ ? storage_->size : 0; }
  Device device() const;
  // Whether kiln allocated this buffer (as opposed to adopting it).
  bool owned() const { return storage_ && storage_->owned; }
  // References to the storage; 1 means nobody else can see it.
  long use_count() const { return storage_ ? storage_->refs.load(std::memory_order_relaxed) : 0; }
  explicit operator bool() const { return storage_ != nullptr; }

  // The fields every array access reads, defined here so that those reads
  // and the reference counting inline (a plan's scalar steps do little
  // else); the rest of the storage block is buffer.cc's (Storage).
  struct Header {
    std::atomic<long> refs{0};
    void* data = nullptr;
    size_t size = 0;
    bool owned = false;
  };
  struct Storage;

 private:
  explicit Buffer(Storage* s);
  // Intrusive: the count lives in the storage block, and a buffer kiln
  // allocates is one allocation (header and data), not three.
  boost::intrusive_ptr<Header> storage_;
};

// Frees the storage block whose last reference went away (buffer.cc).
void destroy_storage(Buffer::Header* h) noexcept;

inline void intrusive_ptr_add_ref(Buffer::Header* h) noexcept {
  h->refs.fetch_add(1, std::memory_order_relaxed);
}

inline void intrusive_ptr_release(Buffer::Header* h) noexcept {
  if (h->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) destroy_storage(h);
}

// Bytes currently held by buffers kiln allocated (for leak tests and stats).
int64_t allocated_bytes();

// Returns the blocks of 1 MiB and more that kiln keeps for reuse after their
// buffers were freed (Buffer::allocate) to the system.
void release_cached_memory();

}  // namespace kiln
