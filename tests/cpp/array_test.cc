#include <gtest/gtest.h>

#include <numeric>

#include "error_matchers.h"
#include "kiln/array.h"
#include "kiln/tensor.h"

namespace kiln {
namespace {

Array iota(DType dtype, const Shape& shape) {
  Array a = Array::empty(dtype, shape);
  visit_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    auto* p = static_cast<T*>(a.mutable_data());
    for (int64_t i = 0; i < a.size(); ++i) p[i] = cast_value<T>(i);
  });
  return a;
}

TEST(Buffer, AllocatesAlignedAndCountsBytes) {
  int64_t before = allocated_bytes();
  {
    Buffer b = Buffer::allocate(1000);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(b.data()) % kBufferAlignment, 0u);
    EXPECT_EQ(b.size(), 1000u);
    EXPECT_TRUE(b.owned());
    EXPECT_EQ(allocated_bytes() - before, 1000);
    Buffer shared = b;
    EXPECT_EQ(b.use_count(), 2);
  }
  EXPECT_EQ(allocated_bytes(), before);
  Buffer empty = Buffer::allocate(0);
  EXPECT_NE(empty.data(), nullptr);  // even zero bytes get a valid pointer
}

TEST(Buffer, ImpossibleAllocationIsResourceExhausted) {
  EXPECT_KILN_ERROR(Buffer::allocate(size_t{1} << 62), ResourceExhaustedError, "Out of memory");
  EXPECT_KILN_ERROR(Buffer::allocate(SIZE_MAX), ResourceExhaustedError, "Out of memory");
  EXPECT_KILN_ERROR(Array::empty(float32, Shape{int64_t{1} << 40, 1024}), ResourceExhaustedError,
                    "Out of memory");
  EXPECT_KILN_ERROR(Array::empty(float64, Shape{int64_t{1} << 61}), InvalidArgumentError,
                    "needs more bytes than fit in 64 bits");
}

TEST(Buffer, AdoptedMemoryRunsItsDeleterOnce) {
  int calls = 0;
  static float storage[4] = {1, 2, 3, 4};
  {
    Buffer b = Buffer::adopt(storage, sizeof(storage), [&](void* p) {
      EXPECT_EQ(p, storage);
      ++calls;
    });
    EXPECT_FALSE(b.owned());
    Buffer copy = b;
    EXPECT_EQ(calls, 0);
  }
  EXPECT_EQ(calls, 1);
}

TEST(Array, EmptyIsContiguousInEitherOrder) {
  Array c = Array::empty(int32, Shape{2, 3});
  EXPECT_EQ(c.strides(), (Strides{12, 4}));
  EXPECT_TRUE(c.is_c_contiguous());
  EXPECT_FALSE(c.is_f_contiguous());
  Array f = Array::empty(int32, Shape{2, 3}, MemoryOrder::kFortran);
  EXPECT_EQ(f.strides(), (Strides{4, 8}));
  EXPECT_TRUE(f.is_f_contiguous());
  EXPECT_EQ(c.nbytes(), 24);
}

TEST(Array, IndexAndTransposeAreViews) {
  Array a = iota(int64, Shape{2, 3});
  Array row = a.index(1);
  EXPECT_EQ(row.shape(), (Shape{3}));
  EXPECT_EQ(row.buffer().data(), a.buffer().data());
  EXPECT_EQ(row.offset(), 3 * 8);
  EXPECT_EQ(row.index(2).item<int64_t>(), 5);
}

TEST(Array, IndexAndTransposeValues) {
  Array a = iota(int64, Shape{2, 3});
  EXPECT_EQ(Tensor(a.index(-1)).to_vector<int64_t>(), (std::vector<int64_t>{3, 4, 5}));
  Array t = a.transpose({1, 0});
  EXPECT_EQ(t.shape(), (Shape{3, 2}));
  EXPECT_FALSE(t.is_c_contiguous());
  EXPECT_TRUE(t.is_f_contiguous());
  EXPECT_EQ(t.buffer().data(), a.buffer().data());
  EXPECT_EQ(Tensor(t).to_vector<int64_t>(), (std::vector<int64_t>{0, 3, 1, 4, 2, 5}));
  Array c = t.copy();
  EXPECT_TRUE(c.is_c_contiguous());
  EXPECT_NE(c.buffer().data(), a.buffer().data());
  EXPECT_EQ(Tensor(c).to_vector<int64_t>(), (std::vector<int64_t>{0, 3, 1, 4, 2, 5}));
  EXPECT_EQ(a.contiguous().buffer().data(), a.buffer().data());  // no copy when not needed
}

TEST(Array, ViewErrors) {
  Array a = iota(float32, Shape{2, 3});
  EXPECT_KILN_ERROR(a.index(2), OutOfRangeError, "Index 2 is out of bounds for axis 0 with size 2");
  EXPECT_KILN_ERROR(a.index(-3), OutOfRangeError, "Index -3 is out of bounds");
  EXPECT_KILN_ERROR(a.index(0).index(0).index(0), InvalidArgumentError, "Cannot index a scalar");
  EXPECT_KILN_ERROR(a.transpose({0, 0}), InvalidArgumentError, "permutation of 0..1");
  EXPECT_KILN_ERROR(a.transpose({0}), InvalidArgumentError, "permutation");
  EXPECT_KILN_ERROR(a.reshape(Shape{4}), InvalidArgumentError, "Cannot reshape an array of 6");
}

TEST(Array, ViewOfChecksBounds) {
  Buffer b = Buffer::allocate(24);
  Array ok = Array::view_of(b, float32, Shape{2, 3}, {12, 4});
  EXPECT_EQ(ok.size(), 6);
  // Reversed rows: offset at the last row, negative stride.
  Array rev = Array::view_of(b, float32, Shape{2, 3}, {-12, 4}, 12);
  EXPECT_EQ(rev.size(), 6);
  EXPECT_KILN_ERROR(Array::view_of(b, float32, Shape{2, 4}, {16, 4}), InvalidArgumentError,
                    "reaches outside its buffer of 24 bytes");
  EXPECT_KILN_ERROR(Array::view_of(b, float32, Shape{2, 3}, {-12, 4}, 0), InvalidArgumentError,
                    "reaches outside");
  EXPECT_KILN_ERROR(Array::view_of(b, float32, Shape{2, 3}, {12}), InvalidArgumentError,
                    "needs 2 strides");
  EXPECT_KILN_ERROR(
      Array::view_of(b, float32, Shape{2, 3}, {std::numeric_limits<int64_t>::max(), 4}),
      InvalidArgumentError, "reaches outside");
  // Zero-size views address nothing, so any strides are fine.
  EXPECT_EQ(Array::view_of(b, float32, Shape{0, 3}, {1000, 4}).size(), 0);
}

TEST(Array, ZeroSizeShapesMustStillBeAddressable) {
  // NumPy refuses a zero-size shape whose other dimensions overflow when the
  // zeros count as 1, so kiln's concrete arrays refuse it too (such a tensor
  // could not be handed to NumPy).
  constexpr int64_t kHuge = int64_t{1} << 40;
  const Shape zero_huge{0, kHuge, kHuge};
  EXPECT_EQ(zero_huge.num_elements(), 0);  // as a symbolic shape it is fine
  EXPECT_KILN_ERROR(Array::empty(float32, zero_huge), InvalidArgumentError,
                    "needs more bytes than fit in 64 bits once its zero dimensions are "
                    "counted as 1");
  EXPECT_KILN_ERROR(Array::view_of(Buffer::allocate(0), float32, zero_huge, {0, 0, 0}),
                    InvalidArgumentError, "once its zero dimensions");
  EXPECT_KILN_ERROR(Array::empty(float32, Shape{0}).reshape(zero_huge), InvalidArgumentError,
                    "once its zero dimensions");
  // The item size counts: 2**61 float64 elements span 2**64 bytes.
  EXPECT_KILN_ERROR(Array::empty(float64, Shape{0, int64_t{1} << 61}), InvalidArgumentError,
                    "needs more bytes");
  EXPECT_EQ(Array::empty(int8, Shape{0, int64_t{1} << 61}).size(), 0);
  EXPECT_EQ(dense_span_bytes(float32, Dims{0, 3, 5}), 60);
  EXPECT_EQ(dense_span_bytes(float32, zero_huge.dims()), std::nullopt);
}

TEST(Array, ItemConverts) {
  Array a = iota(float64, Shape{1});
  EXPECT_EQ(a.item<int32_t>(), 0);
  EXPECT_KILN_ERROR(iota(float64, Shape{2}).item<double>(), InvalidArgumentError,
                    "Only a one-element array converts to a scalar");
}

TEST(Cast, SaturatesAndTruncates) {
  EXPECT_EQ(cast_value<int32_t>(1.9), 1);
  EXPECT_EQ(cast_value<int32_t>(-1.9), -1);
  EXPECT_EQ(cast_value<int8_t>(1e10), 127);
  EXPECT_EQ(cast_value<int8_t>(-1e10), -128);
  EXPECT_EQ(cast_value<int32_t>(std::nan("")), 0);
  EXPECT_EQ(cast_value<bool>(0.5), true);
  EXPECT_EQ(cast_value<double>(std::complex<double>(2, 3)), 2.0);
  EXPECT_EQ(cast_value<std::complex<float>>(2), std::complex<float>(2, 0));
  EXPECT_EQ(static_cast<float>(cast_value<half>(1.5)), 1.5f);
  EXPECT_EQ(to_float(cast_value<bfloat16_t>(2)), 2.0f);
  EXPECT_EQ(cast_value<uint8_t>(int64_t{300}), 44);  // integer wrap-around, as C++ and TF
}

TEST(Tensor, ConstantsAndFills) {
  Tensor t = constant<int32_t>({1, 2, 3, 4}, Shape{2, 2});
  EXPECT_EQ(t.dtype(), int32);
  EXPECT_EQ(t.shape(), (Shape{2, 2}));
  EXPECT_EQ(t.to_vector<double>(), (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(constant(2.5).item<double>(), 2.5);
  EXPECT_EQ(constant(2.5).shape(), Shape{});
  EXPECT_EQ(constant<bool>({true, false}).to_vector<int>(), (std::vector<int>{1, 0}));
  EXPECT_EQ(zeros(Shape{3}, int64).to_vector<int64_t>(), (std::vector<int64_t>(3, 0)));
  EXPECT_EQ(ones(Shape{2}, complex64).to_vector<std::complex<float>>()[1],
            std::complex<float>(1, 0));
  EXPECT_EQ(fill(Shape{2}, 7.5, float16).to_vector<float>(), (std::vector<float>{7.5f, 7.5f}));
  EXPECT_EQ(fill(Shape{2, 2}, constant<uint64_t>(uint64_t{1} << 63)).to_vector<uint64_t>()[3],
            uint64_t{1} << 63);
  EXPECT_EQ(zeros(Shape{0, 5}).size(), 0);
}

TEST(Tensor, ConstantErrors) {
  EXPECT_KILN_ERROR(constant<int32_t>({1, 2, 3}, Shape{2, 2}), InvalidArgumentError,
                    "[constant] 3 values do not fill shape (2, 2) (4 elements)");
  EXPECT_KILN_ERROR(fill(Shape{2}, constant<int32_t>({1, 2})), InvalidArgumentError,
                    "[fill] value must be a scalar");
  EXPECT_KILN_ERROR(zeros(Shape{kUnknownDim}), InvalidArgumentError, "not fully defined");
}

}  // namespace
}  // namespace kiln
