// The Philox4x32-10 (Random123) generator behind every random kernel, and an
// engine adapter that lets Boost.Random distributions draw from it.
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cstdint>

#include "kernels/cpu/random.h"

namespace kiln::cpu {

using PhiloxBlock = std::array<uint32_t, 4>;

inline uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// The blocks of one stream: the key is hashed from (seed, seed2) and the
// stream's counter fills the upper half of the Philox counter, so
// successive calls never share random bits.
class Philox {
 public:
  explicit Philox(const PhiloxStream& s) {
    uint64_t k = splitmix64(static_cast<uint64_t>(s.seed) ^ splitmix64(static_cast<uint64_t>(s.seed2)));
    key_ = {{static_cast<uint32_t>(k), static_cast<uint32_t>(k >> 32)}};
    call_ = static_cast<uint64_t>(s.counter);
  }
  // Block b of the stream (the fixed-size samplers: block i / per_block).
  PhiloxBlock operator()(uint64_t b) const { return block(static_cast<uint32_t>(b), static_cast<uint32_t>(b >> 32)); }
  // Block `draw` of element `element`'s own substream (the samplers that
  // draw a varying number of values per element: gamma, poisson,
  // truncated normal). 2^48 elements of 2^16 blocks each; a substream
  // that needs more blocks (never, in practice) wraps around.
  PhiloxBlock element_block(uint64_t element, uint64_t draw) const {
    return block(static_cast<uint32_t>(element),
                 static_cast<uint32_t>((element >> 32) & 0xFFFFu) | static_cast<uint32_t>(draw << 16));
  }

 private:
  PhiloxBlock block(uint32_t lo, uint32_t hi) const {
    r123::Philox4x32::ctr_type c = {{lo, hi, static_cast<uint32_t>(call_), static_cast<uint32_t>(call_ >> 32)}};
    auto r = r123::Philox4x32()(c, key_);
    return {r[0], r[1], r[2], r[3]};
  }

  r123::Philox4x32::key_type key_;
  uint64_t call_;
};

// A UniformRandomBitGenerator over one element's substream, for Boost.Random
// distributions: values then depend only on (stream, element), whichever
// thread computes them.
class ElementEngine {
 public:
  using result_type = uint32_t;
  ElementEngine(const Philox& philox, uint64_t element) : philox_(philox), element_(element) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return 0xFFFFFFFFu; }
  result_type operator()() {
    if (pos_ == 4) {
      block_ = philox_.element_block(element_, draw_++);
      pos_ = 0;
    }
    return block_[pos_++];
  }

 private:
  const Philox& philox_;
  uint64_t element_;
  uint64_t draw_ = 0;
  PhiloxBlock block_{};
  int pos_ = 4;
};

}  // namespace kiln::cpu
