// Template definitions of gather.h: the block-copy loop every gather shares.
#pragma once

#include <algorithm>
#include <cstring>

#include "core/parallel.h"

namespace kiln::cpu {

// Copies one strided block into contiguous memory.
void copy_strided_block(const char* src, const Block& block, char* dst);

// Blocks of 1, 2, 4 or 8 bytes (rows of one element, the usual embedding
// lookup of scalars) move as single words: a fixed-size memcpy compiles to one
// unaligned load and store, where a general memcpy call would dominate.
template <class Word, class OffsetOf>
void copy_words(const char* src, int64_t begin, int64_t end, const OffsetOf& offset_of, char* out) {
  for (int64_t t = begin; t < end; ++t) {
    std::memcpy(out + t * static_cast<int64_t>(sizeof(Word)), src + offset_of(t), sizeof(Word));
  }
}

template <class OffsetOf>
void copy_blocks(const char* src, const Block& block, int64_t count, OffsetOf offset_of, char* out) {
  if (count <= 0 || block.count == 0) return;
  const int64_t bytes = block.count * static_cast<int64_t>(block.elem);
  auto run = [&](int64_t begin, int64_t end) {
    if (!block.contiguous) {
      for (int64_t t = begin; t < end; ++t) copy_strided_block(src + offset_of(t), block, out + t * bytes);
      return;
    }
    switch (bytes) {
      case 1: return copy_words<uint8_t>(src, begin, end, offset_of, out);
      case 2: return copy_words<uint16_t>(src, begin, end, offset_of, out);
      case 4: return copy_words<uint32_t>(src, begin, end, offset_of, out);
      case 8: return copy_words<uint64_t>(src, begin, end, offset_of, out);
      default:
        for (int64_t t = begin; t < end; ++t) {
          std::memcpy(out + t * bytes, src + offset_of(t), static_cast<size_t>(bytes));
        }
    }
  };
  // A block costs about its element count; random reads make even one-element
  // blocks worth splitting once there are many of them.
  parallel_for(count, std::max<int64_t>(1, kParallelThreshold / block.count), run);
}

}  // namespace kiln::cpu
