#include <gtest/gtest.h>

#include <limits>

#include "error_matchers.h"
#include "kiln/dtype.h"
#include "kiln/shape.h"

namespace kiln {
namespace {

TEST(DType, NamesSizesAndTypestrs) {
  EXPECT_EQ(float32.name(), "float32");
  EXPECT_EQ(float32.size(), 4u);
  EXPECT_EQ(float32.numpy_typestr(), "<f4");
  EXPECT_EQ(bool_.numpy_typestr(), "|b1");
  EXPECT_EQ(complex128.size(), 16u);
  EXPECT_EQ(complex128.numpy_typestr(), "<c16");
  EXPECT_EQ(bfloat16.size(), 2u);
  EXPECT_EQ(bfloat16.numpy_typestr(), "");
  EXPECT_TRUE(uint16.is_unsigned());
  EXPECT_TRUE(int8.is_integer());
  EXPECT_FALSE(bool_.is_integer());
  EXPECT_TRUE(bfloat16.is_floating());
  EXPECT_TRUE(complex64.is_complex());
}

TEST(DType, EveryCodeRoundTripsThroughNameAndTypestr) {
  for (int i = 0; i < kNumDTypes; ++i) {
    DType d(static_cast<DTypeCode>(i));
    ASSERT_EQ(DType::from_name(d.name()), d) << d.name();
    if (d == bfloat16) continue;
    bool swapped = true;
    EXPECT_EQ(DType::from_numpy_typestr(d.numpy_typestr(), &swapped), d) << d.name();
    EXPECT_FALSE(swapped);
  }
}

TEST(DType, BigEndianTypestrsAreMarkedSwapped) {
  bool swapped = false;
  EXPECT_EQ(DType::from_numpy_typestr(">f8", &swapped), float64);
  EXPECT_TRUE(swapped);
  EXPECT_EQ(DType::from_numpy_typestr(">u1", &swapped), uint8);
  EXPECT_FALSE(swapped);  // one byte: nothing to swap
  EXPECT_EQ(DType::from_numpy_typestr("|f4", &swapped), float32);  // NumPy reads '|' as native
  EXPECT_FALSE(swapped);
  EXPECT_EQ(DType::from_numpy_typestr("<U10"), std::nullopt);
  EXPECT_EQ(DType::from_numpy_typestr("|O"), std::nullopt);
  EXPECT_EQ(DType::from_numpy_typestr(""), std::nullopt);
}

TEST(DType, DtypeOfMapsCppTypes) {
  static_assert(dtype_of<float>() == float32);
  static_assert(dtype_of<int64_t>() == int64);
  static_assert(dtype_of<std::complex<double>>() == complex128);
  EXPECT_EQ(dtype_of<half>(), float16);
}

TEST(DType, Bfloat16RoundsToNearestEven) {
  EXPECT_EQ(to_float(to_bfloat16(1.0f)), 1.0f);
  EXPECT_EQ(to_float(to_bfloat16(3.140625f)), 3.140625f);  // exact in bfloat16
  // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties go to the even one (1).
  EXPECT_EQ(to_float(to_bfloat16(1.0f + 1.0f / 256)), 1.0f);
  EXPECT_EQ(to_float(to_bfloat16(1.0f + 3.0f / 256)), 1.0f + 4.0f / 256);
  EXPECT_TRUE(std::isnan(to_float(to_bfloat16(std::numeric_limits<float>::quiet_NaN()))));
  EXPECT_TRUE(std::isinf(to_float(to_bfloat16(std::numeric_limits<float>::infinity()))));
}

TEST(Shape, KnownAndUnknown) {
  Shape s{2, 3};
  EXPECT_EQ(s.rank(), 2);
  EXPECT_EQ(s.dim(-1), 3);
  EXPECT_TRUE(s.is_fully_defined());
  EXPECT_EQ(s.num_elements(), 6);
  EXPECT_EQ(s.to_string(), "(2, 3)");
  EXPECT_EQ(Shape{}.num_elements(), 1);
  EXPECT_EQ(Shape{}.to_string(), "()");
  EXPECT_EQ(Shape{5}.to_string(), "(5,)");

  Shape partial{kUnknownDim, 3};
  EXPECT_FALSE(partial.is_fully_defined());
  EXPECT_EQ(partial.to_string(), "(None, 3)");
  EXPECT_EQ(partial.try_num_elements(), std::nullopt);
  EXPECT_TRUE(partial.is_compatible_with(s));
  EXPECT_FALSE(partial.is_compatible_with(Shape{2, 4}));

  Shape unknown = Shape::unknown_rank();
  EXPECT_EQ(unknown.rank(), -1);
  EXPECT_EQ(unknown.to_string(), "<unknown>");
  EXPECT_TRUE(unknown.is_compatible_with(Shape{1, 2, 3}));
}

TEST(Shape, ErrorsSayWhatIsWrong) {
  EXPECT_KILN_ERROR(Shape({2, -3}), InvalidArgumentError, "Dimension -3 must be >= 0");
  EXPECT_KILN_ERROR(Shape({kUnknownDim, 3}).num_elements(), InvalidArgumentError,
                    "is not fully defined");
  EXPECT_KILN_ERROR(Shape({2, 3}).dim(2), OutOfRangeError, "out of range for shape (2, 3)");
  EXPECT_KILN_ERROR(Shape::unknown_rank().dim(0), OutOfRangeError, "<unknown>");
}

TEST(Shape, ElementCountsThatOverflowAreErrors) {
  Shape huge{int64_t{1} << 40, int64_t{1} << 40};
  EXPECT_EQ(huge.try_num_elements(), std::nullopt);
  EXPECT_KILN_ERROR(huge.num_elements(), InvalidArgumentError, "more elements than fit");
  // A zero dimension makes the count 0, whatever the others are.
  EXPECT_EQ((Shape{int64_t{1} << 40, int64_t{1} << 40, 0}).num_elements(), 0);
  EXPECT_EQ(checked_mul(std::numeric_limits<int64_t>::max(), 2), std::nullopt);
  EXPECT_EQ(checked_add(std::numeric_limits<int64_t>::max(), 1), std::nullopt);
  EXPECT_EQ(checked_mul(3, 4), 12);
}

}  // namespace
}  // namespace kiln
