// The slice-spec parser: kiln::strided_slice (NumPy's basic indexing in TF's
// encoding, what x[...] in Python calls) and kiln::slice, on a small source
// tensor that may itself be a transposed or reversed view. The bytes decode
// into a source shape and a spec; an independent reference (below) says which
// source element each output element must be, or that the spec is invalid.
// kiln must agree: the same accept/refuse decision, the same shape, a view of
// the source's buffer whose bytes all lie inside it, and each element at the
// address of the source element the reference names.
//
// Input layout (missing bytes read as 0; corpus: make_corpus.py):
//   flags: bits 0-1 dtype (int16, int32, int64, complex128); bit 2 transposed
//          source; bit 3 source reversed along axis 0; bit 4 slice() instead
//          of strided_slice() (begin, size = end); bit 5 no strides (all 1);
//          bit 6 also infer the shape in a graph, from a placeholder whose
//          dims are partly unknown (the trailing byte)
//   rank (% 5), then rank dims (% 5: 0..4, so at most 256 elements)
//   n (% 9) entries; masks: begin, end, ellipsis, new_axis, shrink_axis
//   n x (begin, end, stride), each one byte as value() decodes it
//   with bit 6: bit k unknown dim k, bit 7 unknown rank
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "fuzz_common.h"
#include "kiln/kiln.h"

namespace {

using IntList = std::vector<int64_t>;

class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  // A signed byte, with the extremes standing for the int64 edge cases.
  int64_t value() {
    auto v = static_cast<int8_t>(byte());
    switch (v) {
      case 127: return INT64_MAX;
      case -128: return INT64_MIN;
      case 126: return int64_t{1} << 62;
      case -127: return -(int64_t{1} << 62);
      default: return v;
    }
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

struct Spec {
  bool use_slice = false;
  IntList begin, end, strides;
  int64_t begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0, shrink_mask = 0;
};

// What a valid spec selects: per source axis, the indices it takes (in
// order); per output axis, its source axis (-1: a new axis of size 1). A
// source axis missing from out_axes was shrunk to its single index.
struct Selection {
  std::vector<IntList> picks;
  IntList out_axes;
};

// Python's slice.indices(d) membership, written as a test per index rather
// than kiln's closed-form length.
IntList slice_indices(int64_t d, bool has_begin, int64_t begin, bool has_end, int64_t end,
                      int64_t s) {
  auto bound = [&](int64_t x) {
    if (x < 0) x += d;
    return s > 0 ? std::min(std::max<int64_t>(x, 0), d) : std::min(std::max<int64_t>(x, -1), d - 1);
  };
  int64_t start = has_begin ? bound(begin) : (s > 0 ? 0 : d - 1);
  int64_t stop = has_end ? bound(end) : (s > 0 ? d : -1);
  uint64_t step = s > 0 ? static_cast<uint64_t>(s) : 0 - static_cast<uint64_t>(s);
  IntList out;
  for (int64_t j = 0; j < d; ++j) {
    int64_t k = s > 0 ? j : d - 1 - j;  // visit in the slice's order
    bool inside = s > 0 ? (k >= start && k < stop) : (k <= start && k > stop);
    uint64_t distance = s > 0 ? static_cast<uint64_t>(k - start) : static_cast<uint64_t>(start - k);
    if (inside && distance % step == 0) out.push_back(k);
  }
  return out;
}

std::optional<Selection> reference_strided_slice(const kiln::Dims& dims, const Spec& p) {
  size_t n = p.begin.size();
  int64_t rank = static_cast<int64_t>(dims.size());
  auto has = [](int64_t mask, size_t i) { return ((mask >> i) & 1) != 0; };
  int64_t ellipses = 0, indexed = 0;
  for (size_t i = 0; i < n; ++i) {
    ellipses += has(p.ellipsis_mask, i);
    indexed += !has(p.ellipsis_mask, i) && !has(p.new_axis_mask, i);
  }
  if (ellipses > 1 || indexed > rank) return std::nullopt;
  Selection sel;
  sel.picks.resize(dims.size());
  size_t axis = 0;
  auto take_all = [&] {
    for (int64_t k = 0; k < dims[axis]; ++k) sel.picks[axis].push_back(k);
    sel.out_axes.push_back(static_cast<int64_t>(axis++));
  };
  for (size_t i = 0; i < n; ++i) {
    if (has(p.ellipsis_mask, i)) {
      for (int64_t k = 0; k < rank - indexed; ++k) take_all();
    } else if (has(p.new_axis_mask, i)) {
      sel.out_axes.push_back(-1);
    } else if (has(p.shrink_mask, i)) {
      int64_t d = dims[axis], b = p.begin[i];
      if (b < -d || b >= d) return std::nullopt;
      sel.picks[axis++] = {b < 0 ? b + d : b};
    } else {
      int64_t s = p.strides.empty() ? 1 : p.strides[i];
      if (s == 0) return std::nullopt;
      sel.picks[axis] = slice_indices(dims[axis], !has(p.begin_mask, i), p.begin[i],
                                      !has(p.end_mask, i), p.end[i], s);
      sel.out_axes.push_back(static_cast<int64_t>(axis++));
    }
  }
  if (ellipses == 0) {
    while (axis < dims.size()) take_all();
  }
  return sel;
}

std::optional<Selection> reference_slice(const kiln::Dims& dims, const Spec& p) {
  if (p.begin.size() != dims.size()) return std::nullopt;
  Selection sel;
  for (size_t i = 0; i < dims.size(); ++i) {
    int64_t d = dims[i], b = p.begin[i], s = p.end[i];
    if (b < 0 || b > d || s < -1 || s > d - b) return std::nullopt;
    IntList picks;
    for (int64_t k = b; k < (s == -1 ? d : b + s); ++k) picks.push_back(k);
    sel.picks.push_back(picks);
    sel.out_axes.push_back(static_cast<int64_t>(i));
  }
  return sel;
}

// The address of element `index` of a, as a byte offset into its buffer.
int64_t byte_at(const kiln::Array& a, const IntList& index) {
  int64_t at = a.offset();
  for (size_t i = 0; i < index.size(); ++i) at += index[i] * a.strides()[i];
  return at;
}

// The source, seen through a transpose and/or a reversal so that its strides
// are not the plain C ones. Its values never matter: results are checked by
// the addresses of their elements, which is exact.
kiln::Tensor make_source(uint8_t flags, const kiln::Dims& dims) {
  static constexpr kiln::DType kDTypes[] = {kiln::int16, kiln::int32, kiln::int64,
                                            kiln::complex128};
  kiln::DType dtype = kDTypes[flags & 3];
  bool transposed = flags & 4, reversed = flags & 8;
  kiln::Dims base_dims(dims);
  if (transposed) std::reverse(base_dims.begin(), base_dims.end());
  kiln::Array base = kiln::Array::empty(dtype, kiln::Shape(base_dims));
  std::memset(base.mutable_data(), 0, static_cast<size_t>(base.nbytes()));
  if (transposed) {
    IntList perm;
    for (size_t i = dims.size(); i-- > 0;) perm.push_back(static_cast<int64_t>(i));
    base = base.transpose(perm);
  }
  kiln::Tensor t(base);
  if (reversed && !dims.empty()) t = kiln::reverse(t, {0});
  return t;
}

void check_result(const kiln::Array& src, const kiln::Array& out, const Selection& sel) {
  kiln::Dims want_dims;
  for (int64_t axis : sel.out_axes) {
    auto length = axis < 0 ? 1 : sel.picks[static_cast<size_t>(axis)].size();
    want_dims.push_back(static_cast<int64_t>(length));
  }
  KILN_FUZZ_CHECK(out.dims() == want_dims);
  KILN_FUZZ_CHECK(out.dtype() == src.dtype());
  KILN_FUZZ_CHECK(out.buffer().data() == src.buffer().data());  // a view, not a copy
  if (out.size() == 0) return;
  auto item = static_cast<int64_t>(out.dtype().size());
  int64_t lo = out.offset(), hi = out.offset() + item;
  for (size_t i = 0; i < want_dims.size(); ++i) {
    int64_t reach = out.strides()[i] * (want_dims[i] - 1);
    (reach < 0 ? lo : hi) += reach;
  }
  KILN_FUZZ_CHECK(lo >= 0 && hi <= static_cast<int64_t>(out.buffer().size()));
  // Every output element is the source element the reference names.
  IntList out_index(want_dims.size(), 0), src_index(src.dims().size(), 0);
  for (int64_t count = 0; count < out.size(); ++count) {
    for (size_t axis = 0; axis < src_index.size(); ++axis) src_index[axis] = sel.picks[axis][0];
    for (size_t o = 0; o < out_index.size(); ++o) {
      int64_t axis = sel.out_axes[o];
      if (axis < 0) continue;
      auto a = static_cast<size_t>(axis);
      src_index[a] = sel.picks[a][static_cast<size_t>(out_index[o])];
    }
    KILN_FUZZ_CHECK(byte_at(out, out_index) == byte_at(src, src_index));
    for (size_t o = out_index.size(); o-- > 0;) {  // next index, C order
      if (++out_index[o] < want_dims[o]) break;
      out_index[o] = 0;
    }
  }
}

// Graph inference sees only what the placeholder's shape tells it. It must
// accept whatever the eager call accepted (unknown dims can only skip
// checks), and its shape must be compatible with the eager result's.
void check_inference(const kiln::Dims& dims, uint8_t unknown, const kiln::Attrs& attrs,
                     const char* op, const std::optional<kiln::Shape>& eager) {
  kiln::Dims partial(dims);
  for (size_t i = 0; i < partial.size(); ++i) {
    if ((unknown >> i) & 1) partial[i] = kiln::kUnknownDim;
  }
  kiln::Shape in = unknown & 128 ? kiln::Shape::unknown_rank() : kiln::Shape(partial);
  kiln::Graph g;
  kiln::Output x = g.placeholder(kiln::int32, in);
  bool refused = true;
  kiln::fuzz::expect_kiln_errors_only([&] {
    kiln::Output y = g.op(op, {x}, attrs);
    refused = false;
    const kiln::Shape& inferred = g.spec(y).shape;
    KILN_FUZZ_CHECK(!eager || inferred.is_compatible_with(*eager));
    KILN_FUZZ_CHECK(in != kiln::Shape(dims) || !eager || inferred == *eager);
  });
  KILN_FUZZ_CHECK(!refused || !eager);  // inference refused what the eager call accepted
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Reader in(data, size);
  uint8_t flags = in.byte();
  kiln::Dims dims(in.byte() % 5);
  for (int64_t& d : dims) d = in.byte() % 5;
  size_t n = in.byte() % 9;
  Spec p;
  p.use_slice = flags & 16;
  p.begin_mask = in.byte();
  p.end_mask = in.byte();
  p.ellipsis_mask = in.byte();
  p.new_axis_mask = in.byte();
  p.shrink_mask = in.byte();
  for (size_t i = 0; i < n; ++i) {
    p.begin.push_back(in.value());
    p.end.push_back(in.value());
    p.strides.push_back(in.value());
  }
  if (flags & 32) p.strides.clear();
  uint8_t unknown = in.byte();

  kiln::Tensor src = make_source(flags, dims);
  std::optional<Selection> want =
      p.use_slice ? reference_slice(dims, p) : reference_strided_slice(dims, p);
  std::optional<kiln::Shape> eager;
  kiln::fuzz::expect_kiln_errors_only([&] {
    kiln::Tensor out =
        p.use_slice ? kiln::slice(src, p.begin, p.end)
                    : kiln::strided_slice(src, p.begin, p.end,
                                          {p.strides, p.begin_mask, p.end_mask, p.ellipsis_mask,
                                           p.new_axis_mask, p.shrink_mask});
    eager = out.shape();
    KILN_FUZZ_CHECK(want.has_value());  // kiln accepted a spec the reference refuses
    check_result(src.array(), out.array(), *want);
  });
  KILN_FUZZ_CHECK(eager || !want.has_value());  // kiln refused a valid spec
  if (flags & 64) {
    kiln::Attrs attrs = p.use_slice ? kiln::Attrs{p.begin, p.end}
                                    : kiln::Attrs{p.begin, p.end, p.strides, p.begin_mask,
                                                  p.end_mask, p.ellipsis_mask, p.new_axis_mask,
                                                  p.shrink_mask};
    check_inference(dims, unknown, attrs, p.use_slice ? "slice" : "strided_slice", eager);
  }
  return 0;
}
