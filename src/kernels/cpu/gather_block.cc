// Helpers shared by the index family's kernels: strided blocks, index arrays,
// positions for error messages, non-zero scans.
#include <string>

#include "kernels/cpu/gather.h"
#include "kiln/cast.h"
#include "kiln/error.h"
#include "core/broadcast.h"

namespace kiln::cpu {

Block Block::trailing(const Array& a, int64_t first) {
  Block b;
  b.elem = a.dtype().size();
  b.dims.assign(a.dims().begin() + first, a.dims().end());
  b.walk[1].assign(a.strides().begin() + first, a.strides().end());
  b.walk[0].resize(b.dims.size());
  int64_t stride = static_cast<int64_t>(b.elem);
  for (size_t i = b.dims.size(); i-- > 0;) {
    b.walk[0][i] = stride;
    // An axis of length 1 is never stepped over, so its stride does not matter.
    if (b.dims[i] != 1 && b.walk[1][i] != stride) b.contiguous = false;
    stride *= b.dims[i];
  }
  b.count = stride / static_cast<int64_t>(b.elem);
  if (b.count == 0) b.contiguous = true;
  return b;
}

int64_t strided_offset(int64_t flat, const int64_t* dims, const int64_t* strides, int64_t n) {
  int64_t offset = 0;
  for (int64_t i = n; i-- > 0;) {
    offset += (flat % dims[i]) * strides[i];
    flat /= dims[i];
  }
  return offset;
}

namespace {

template <class Word>
void copy_row(char* dst, const char* src, int64_t n, int64_t src_stride) {
  for (int64_t i = 0; i < n; ++i) {
    std::memcpy(dst + i * static_cast<int64_t>(sizeof(Word)), src + i * src_stride, sizeof(Word));
  }
}

}  // namespace

void copy_strided_block(const char* src, const Block& block, char* dst) {
  const int64_t s = block.dims.empty() ? 0 : block.walk[1].back();
  const size_t elem = block.elem;
  for_each_row<2>(block.dims, block.walk, [&](const std::array<int64_t, 2>& off, int64_t n) {
    char* d = dst + off[0];
    const char* p = src + off[1];
    switch (elem) {
      case 1: return copy_row<uint8_t>(d, p, n, s);
      case 2: return copy_row<uint16_t>(d, p, n, s);
      case 4: return copy_row<uint32_t>(d, p, n, s);
      case 8: return copy_row<uint64_t>(d, p, n, s);
      default:
        for (int64_t i = 0; i < n; ++i) std::memcpy(d + i * static_cast<int64_t>(elem), p + i * s, elem);
    }
  });
}

Array index_array(const Array& indices) {
  DType d = indices.dtype();
  if ((d == int32 || d == int64) && indices.is_c_contiguous()) return indices;
  if (d == int32 || d == int64) return indices.contiguous();
  Array out = Array::empty(int64, indices.shape());
  auto* o = static_cast<int64_t*>(out.mutable_data());
  std::array<Strides, 1> strides = {indices.strides()};
  const char* base = static_cast<const char*>(indices.data());
  int64_t s = indices.ndim() ? indices.strides().back() : 0;
  visit_dtype(d, [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_integral_v<T>) {
      for_each_row<1>(indices.dims(), strides, [&](const std::array<int64_t, 1>& off, int64_t n) {
        for (int64_t i = 0; i < n; ++i) *o++ = cast_value<int64_t>(load_value<T>(base + off[0] + i * s));
      });
    } else {
      throw InternalError("index_array: indices of dtype " + std::string(d.name()));
    }
  });
  return out;
}

int64_t index_at(const Array& indices, int64_t i) {
  return indices.dtype() == int32 ? indices.data_as<int32_t>()[i] : indices.data_as<int64_t>()[i];
}

std::string position_text(int64_t flat, const Dims& dims) {
  Dims pos(dims.size());
  for (size_t i = dims.size(); i-- > 0;) {
    pos[i] = dims[i] ? flat % dims[i] : 0;
    flat = dims[i] ? flat / dims[i] : 0;
  }
  std::string text;
  for (size_t i = 0; i < pos.size(); ++i) text += (i ? "," : "") + std::to_string(pos[i]);
  return text;
}

void check_index_tuples(std::string_view op, const Array& indices, const Shape& shape,
                        int64_t first_axis, const char* what) {
  const Dims& id = indices.dims();
  const int64_t m = id.back();
  if (m == 0) return;  // empty tuples index nothing (and may stand for very many of them)
  const Dims lead(id.begin(), id.end() - 1);
  int64_t tuples = 1;
  for (int64_t d : lead) tuples *= d;
  for (int64_t k = 0; k < tuples; ++k) {
    for (int64_t j = 0; j < m; ++j) {
      const int64_t v = index_at(indices, k * m + j);
      const int64_t axis = first_axis + j;
      const int64_t limit = shape.dims()[static_cast<size_t>(axis)];
      if (v >= 0 && v < limit) continue;
      std::string tuple;
      for (int64_t i = 0; i < m; ++i) tuple += (i ? ", " : "") + std::to_string(index_at(indices, k * m + i));
      throw InvalidArgumentError(
          "[" + std::string(op) + "] indices[" + position_text(k, lead) + "] = [" + tuple +
          "] does not index into " + what + " of shape " + shape.to_string() + ": " +
          std::to_string(v) + " is not in [0, " + std::to_string(limit) + ") for axis " +
          std::to_string(axis) + ". Use indices in range (negative indices are not allowed).");
    }
  }
}

std::vector<int64_t> nonzero_positions(const Array& a) {
  std::vector<int64_t> hits;
  std::array<Strides, 1> strides = {a.strides()};
  const char* base = static_cast<const char*>(a.data());
  int64_t s = a.ndim() ? a.strides().back() : 0;
  int64_t flat = 0;
  visit_dtype(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    for_each_row<1>(a.dims(), strides, [&](const std::array<int64_t, 1>& off, int64_t n) {
      const char* p = base + off[0];
      for (int64_t i = 0; i < n; ++i, ++flat) {
        // "Not zero" for a complex value looks at both parts (TF's where(1j) is a hit),
        // where cast_value<bool> reads the real part only.
        bool hit;
        if constexpr (is_complex<T>::value) hit = load_value<T>(p + i * s) != T{};
        else hit = cast_value<bool>(load_value<T>(p + i * s));
        if (hit) hits.push_back(flat);
      }
    });
  });
  return hits;
}

}  // namespace kiln::cpu
