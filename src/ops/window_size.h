// The size of a windowed op's output along one axis (convolutions, pooling),
// as TF's GetWindowedOutputSizeVerbose: one rule for every op that slides a
// window, so SAME means the same thing everywhere.
#pragma once

#include <cstdint>
#include <limits>

namespace kiln {

struct WindowSize {
  int64_t out;            // negative when the window exceeds the padded input
  int64_t before, after;  // the padding the window runs over
};

// SAME: ceil(in / stride) outputs and the padding they need, the odd element
// after; otherwise (VALID, or EXPLICIT with its before/after) the outputs
// that fit. `window` is the effective (dilated) window. Each op words the
// negative-size error itself. Computed in 128 bits and saturated, so no
// attribute value overflows.
inline WindowSize windowed_output_size(int64_t in, int64_t window, int64_t stride, bool same,
                                       int64_t before = 0, int64_t after = 0) {
  using i128 = __int128;
  constexpr i128 kMax = std::numeric_limits<int64_t>::max();
  auto clamp = [&](i128 v) { return static_cast<int64_t>(v > kMax ? kMax : v); };
  if (same) {
    i128 out = (static_cast<i128>(in) + stride - 1) / stride;
    i128 needed = (out - 1) * stride + window - in;
    if (needed < 0) needed = 0;
    return {clamp(out), clamp(needed / 2), clamp(needed - needed / 2)};
  }
  // C++ division truncates toward zero, as TF's does.
  i128 out = (static_cast<i128>(in) + before + after - window + stride) / stride;
  return {clamp(out), before, after};
}

}  // namespace kiln
