#include "kiln/array.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "kiln/error.h"

namespace kiln {

Strides Array::contiguous_strides(DType dtype, const Shape& shape, MemoryOrder order) {
  const Dims& dims = shape.dims();
  Strides strides(dims.size());
  int64_t stride = static_cast<int64_t>(dtype.size());
  auto step = [&](size_t i) {
    strides[i] = stride;
    // Cannot overflow for the shapes arrays accept (dense_span_bytes fits);
    // saturating keeps a caller's out-of-range shape from being UB.
    stride = checked_mul(stride, std::max<int64_t>(dims[i], 1)).value_or(0);
  };
  if (order == MemoryOrder::kC) {
    for (size_t i = dims.size(); i-- > 0;) step(i);
  } else {
    for (size_t i = 0; i < dims.size(); ++i) step(i);
  }
  return strides;
}

std::optional<int64_t> dense_span_bytes(DType dtype, const Dims& dims) {
  int64_t span = static_cast<int64_t>(dtype.size());
  for (int64_t d : dims) {
    auto m = checked_mul(span, std::max<int64_t>(d, 1));
    if (!m) return std::nullopt;
    span = *m;
  }
  return span;
}

namespace {
// Throws unless a concrete array of this dtype and (fully defined) shape can
// exist; returns its element count.
int64_t checked_array_size(DType dtype, const Shape& shape) {
  int64_t n = shape.num_elements();  // throws on unknown or overflowing shapes
  if (!dense_span_bytes(dtype, shape.dims())) {
    throw InvalidArgumentError(
        "A " + std::string(dtype.name()) + " tensor of shape " + shape.to_string() +
        " needs more bytes than fit in 64 bits" +
        (n == 0 ? " once its zero dimensions are counted as 1 (NumPy refuses such shapes too)"
                : "") +
        "; use smaller dimensions.");
  }
  return n;
}
}  // namespace

Array Array::empty(DType dtype, const Shape& shape, MemoryOrder order) {
  int64_t n = checked_array_size(dtype, shape);
  Array a;
  a.buffer_ = Buffer::allocate(static_cast<size_t>(n * static_cast<int64_t>(dtype.size())));
  a.dtype_ = dtype;
  a.shape_ = shape;
  a.strides_ = contiguous_strides(dtype, shape, order);
  a.size_ = n;
  return a;
}

Array Array::view_of(Buffer buffer, DType dtype, const Shape& shape, Strides strides,
                     int64_t offset) {
  if (!shape.is_fully_defined()) {
    throw InvalidArgumentError("An array needs a fully defined shape, got " + shape.to_string() +
                               ".");
  }
  if (strides.size() != shape.dims().size()) {
    throw InvalidArgumentError("An array of rank " + std::to_string(shape.rank()) + " needs " +
                               std::to_string(shape.rank()) + " strides, got " +
                               std::to_string(strides.size()) + ".");
  }
  int64_t n = checked_array_size(dtype, shape);
  // Every element it can address must lie inside the buffer.
  auto ext = byte_extent(shape.dims(), strides, static_cast<int64_t>(dtype.size()));
  auto lo = ext ? checked_add(offset, ext->lo) : std::nullopt;
  auto hi = ext ? checked_add(offset, ext->hi) : std::nullopt;
  if (n > 0 && (!lo || !hi || *lo < 0 || static_cast<uint64_t>(*hi) > buffer.size())) {
    throw InvalidArgumentError("A view of shape " + shape.to_string() + " with these strides and offset " +
                               std::to_string(offset) + " reaches outside its buffer of " +
                               std::to_string(buffer.size()) + " bytes.");
  }
  Array a;
  a.buffer_ = std::move(buffer);
  a.dtype_ = dtype;
  a.shape_ = shape;
  a.strides_ = std::move(strides);
  a.offset_ = offset;
  a.size_ = n;
  return a;
}

std::optional<ByteExtent> byte_extent(const Dims& dims, const Strides& strides, int64_t itemsize) {
  ByteExtent e{0, itemsize};
  for (int64_t d : dims) {
    if (d == 0) return ByteExtent{};
  }
  for (size_t i = 0; i < dims.size(); ++i) {
    auto span = checked_mul(strides[i], dims[i] - 1);
    if (!span) return std::nullopt;
    int64_t& bound = *span < 0 ? e.lo : e.hi;
    auto moved = checked_add(bound, *span);
    if (!moved) return std::nullopt;
    bound = *moved;
  }
  return e;
}

namespace {
bool strides_match(const Array& a, MemoryOrder order) {
  if (a.size() <= 1) return true;
  Strides expected = Array::contiguous_strides(a.dtype(), a.shape(), order);
  for (size_t i = 0; i < expected.size(); ++i) {
    // Axes of length 1 may have any stride.
    if (a.dims()[i] != 1 && a.strides()[i] != expected[i]) return false;
  }
  return true;
}
}  // namespace

bool Array::is_c_contiguous() const { return strides_match(*this, MemoryOrder::kC); }
bool Array::is_f_contiguous() const { return strides_match(*this, MemoryOrder::kFortran); }

Array Array::index(int64_t i) const {
  if (ndim() == 0) {
    throw InvalidArgumentError("Cannot index a scalar (shape ()); it has no axis to index.");
  }
  int64_t n = dims()[0];
  if (i < -n || i >= n) {
    throw OutOfRangeError("Index " + std::to_string(i) + " is out of bounds for axis 0 with size " +
                          std::to_string(n) + ".");
  }
  if (i < 0) i += n;
  Array a = *this;
  a.offset_ = offset_ + i * strides_[0];
  a.shape_ = Shape(Dims(dims().begin() + 1, dims().end()));
  a.strides_.erase(a.strides_.begin());
  a.size_ = a.shape_.num_elements();
  return a;
}

Array Array::transpose(const std::vector<int64_t>& perm) const {
  int64_t r = ndim();
  std::vector<bool> seen(static_cast<size_t>(r), false);
  bool ok = static_cast<int64_t>(perm.size()) == r;
  for (int64_t p : perm) {
    if (!ok || p < 0 || p >= r || seen[p]) { ok = false; break; }
    seen[p] = true;
  }
  if (!ok) {
    throw InvalidArgumentError("transpose needs a permutation of 0.." + std::to_string(r - 1) +
                               " for shape " + shape_.to_string() + ".");
  }
  Dims d(perm.size());
  Strides s(perm.size());
  for (size_t i = 0; i < perm.size(); ++i) {
    d[i] = dims()[perm[i]];
    s[i] = strides_[perm[i]];
  }
  Array a = *this;
  a.shape_ = Shape(std::move(d));
  a.strides_ = std::move(s);
  return a;
}

Array Array::reshape(const Shape& shape) const {
  if (checked_array_size(dtype_, shape) != size_) {
    throw InvalidArgumentError("Cannot reshape an array of " + std::to_string(size_) +
                               " elements (shape " + shape_.to_string() + ") to shape " +
                               shape.to_string() + ".");
  }
  Array src = contiguous();
  Array a = src;
  a.shape_ = shape;
  a.strides_ = contiguous_strides(dtype_, shape);
  return a;
}

namespace {
// Copies one innermost row; the element size is a template argument so the
// compiler turns the per-element memcpy into one load and store.
template <size_t kSize>
void copy_row(const char* src, int64_t src_stride, char* dst, int64_t dst_stride, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    std::memcpy(dst + i * dst_stride, src + i * src_stride, kSize);
  }
}

void copy_rows(const char* src, const Strides& ss, char* dst, const Strides& ds, const Dims& dims,
               size_t axis, size_t elem) {
  int64_t n = dims[axis];
  if (axis + 1 < dims.size()) {
    for (int64_t i = 0; i < n; ++i) {
      copy_rows(src + i * ss[axis], ss, dst + i * ds[axis], ds, dims, axis + 1, elem);
    }
    return;
  }
  if (ss[axis] == static_cast<int64_t>(elem) && ds[axis] == static_cast<int64_t>(elem)) {
    std::memcpy(dst, src, static_cast<size_t>(n) * elem);
    return;
  }
  switch (elem) {
    case 1: return copy_row<1>(src, ss[axis], dst, ds[axis], n);
    case 2: return copy_row<2>(src, ss[axis], dst, ds[axis], n);
    case 4: return copy_row<4>(src, ss[axis], dst, ds[axis], n);
    case 8: return copy_row<8>(src, ss[axis], dst, ds[axis], n);
    default: return copy_row<16>(src, ss[axis], dst, ds[axis], n);
  }
}
}  // namespace

void copy_elements(const Array& src, Array& dst) {
  if (src.dtype() != dst.dtype() || src.shape() != dst.shape()) {
    throw InvalidArgumentError("copy_elements needs equal dtypes and shapes, got " +
                               std::string(src.dtype().name()) + src.shape().to_string() + " and " +
                               std::string(dst.dtype().name()) + dst.shape().to_string() + ".");
  }
  if (src.size() == 0) return;
  const char* s = static_cast<const char*>(src.data());
  char* d = static_cast<char*>(dst.mutable_data());
  if (src.ndim() == 0 || (src.is_c_contiguous() && dst.is_c_contiguous())) {
    std::memcpy(d, s, static_cast<size_t>(src.nbytes()));
    return;
  }
  copy_rows(s, src.strides(), d, dst.strides(), src.dims(), 0, src.dtype().size());
}

bool has_non_bool_bytes(const void* data, size_t nbytes) {
  const auto* p = static_cast<const unsigned char*>(data);
  unsigned char any = 0;
  for (size_t i = 0; i < nbytes; ++i) any |= p[i] & 0xfe;  // branch-free, vectorises
  return any != 0;
}

void normalize_bool_bytes(void* data, size_t nbytes) {
  auto* p = static_cast<unsigned char*>(data);
  for (size_t i = 0; i < nbytes; ++i) p[i] = p[i] != 0;
}

Array Array::copy(MemoryOrder order) const {
  Array out = empty(dtype_, shape_, order);
  copy_elements(*this, out);
  return out;
}

Array Array::contiguous() const { return is_c_contiguous() ? *this : copy(); }

}  // namespace kiln
