// .npy reading and writing, checked against files NumPy wrote
// (tests/data/make_npy_fixtures.py) and against hand-made malformed input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <complex>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "error_matchers.h"
#include "kiln/kiln.h"

namespace kiln {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path kData = KILN_NPY_FIXTURES;

const char* const kDTypeNames[] = {"bool",    "int8",    "int16",     "int32",     "int64",
                                   "uint8",   "uint16",  "uint32",    "uint64",    "float16",
                                   "float32", "float64", "complex64", "complex128"};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::span<const std::byte> bytes_of(const std::string& s) { return std::as_bytes(std::span(s)); }

std::string string_of(const std::vector<std::byte>& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

Array load(const std::string& file) { return read_npy(bytes_of(file)); }

// A .npy file around a header dict, padded to 64 bytes as np.save pads it.
std::string npy(std::string_view dict, std::string_view data = {}, int major = 1) {
  std::string header = std::string(dict) + "\n";
  size_t preamble = major == 1 ? 10 : 12;
  while ((preamble + header.size()) % 64 != 0) header.insert(header.size() - 1, " ");
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  for (size_t i = 0; i < preamble - 8; ++i)
    out += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return out + header + std::string(data);
}

std::string f4_dict(std::string_view shape) {
  return "{'descr': '<f4', 'fortran_order': False, 'shape': " + std::string(shape) + ", }";
}

// Element i (C order) of every fixture, as make_npy_fixtures.py computes it.
template <class T>
T expected_value(int64_t i) {
  if constexpr (std::is_same_v<T, bool>)
    return i % 2 == 1;
  else if constexpr (is_complex<T>::value)
    return T(cast_value<typename T::value_type>(i * 0.5 - 1), i);
  else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>)
    return static_cast<T>(i - 3);
  else if constexpr (std::is_integral_v<T>)
    return static_cast<T>(i);
  else
    return cast_value<T>(i * 0.5 - 1);
}

void expect_fixture_values(const Array& a) {
  Array c = a.contiguous();
  visit_dtype(c.dtype(), [&](auto tag) {
    using S = decltype(tag);
    const char* p = static_cast<const char*>(c.data());
    for (int64_t i = 0; i < c.size(); ++i) {
      auto got = cast_value<std::complex<double>>(load_value<S>(p + i * sizeof(S)));
      auto want = cast_value<std::complex<double>>(expected_value<S>(i));
      EXPECT_EQ(got, want) << c.dtype().name() << " element " << i;
    }
  });
}

// A fresh directory per test, removed afterwards.
class NpyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kiln_npy_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// Distinct values of every dtype, in a shape with more than one axis.
Array sample(DType dtype, const Shape& shape = {3, 4}) {
  Array a = Array::empty(dtype, shape);
  visit_dtype(dtype, [&](auto tag) {
    using S = decltype(tag);
    char* p = static_cast<char*>(a.mutable_data());
    for (int64_t i = 0; i < a.size(); ++i) {
      S v = cast_value<S>(
          std::complex<double>(static_cast<double>(i) * 1.5 - 7, -static_cast<double>(i)));
      std::memcpy(p + i * sizeof(S), &v, sizeof(S));
    }
  });
  return a;
}

std::string raw_data(const Array& a) {
  Array c = a.contiguous();
  return {static_cast<const char*>(c.data()), static_cast<size_t>(c.nbytes())};
}

// ---- reading what NumPy wrote ----

TEST(NpyRead, EveryDtype) {
  for (const char* name : kDTypeNames) {
    SCOPED_TRACE(name);
    Array a = load_npy_array(kData / (std::string(name) + ".npy"));
    EXPECT_EQ(a.dtype().name(), name);
    EXPECT_EQ(a.shape(), Shape({2, 3}));
    EXPECT_TRUE(a.is_c_contiguous());
    expect_fixture_values(a);
  }
}

TEST(NpyRead, BigEndianIsSwapped) {
  for (const char* name : kDTypeNames) {
    fs::path path = kData / ("be_" + std::string(name) + ".npy");
    if (!fs::exists(path)) continue;  // one-byte types have no byte order
    SCOPED_TRACE(name);
    Array a = load_npy_array(path);
    EXPECT_EQ(a.dtype().name(), name);
    EXPECT_EQ(a.shape(), Shape({2, 3}));
    expect_fixture_values(a);
  }
}

TEST(NpyRead, ExtremeIntegers) {
  Tensor i64 = load_npy(kData / "extremes_int64.npy");
  EXPECT_EQ(i64.to_vector<int64_t>(), (std::vector<int64_t>{INT64_MIN, -1, 0, 1, INT64_MAX}));
  Tensor u64 = load_npy(kData / "extremes_uint64.npy");  // big-endian in the file
  EXPECT_EQ(u64.to_vector<uint64_t>(),
            (std::vector<uint64_t>{0, 1, uint64_t{1} << 63, UINT64_MAX}));
}

TEST(NpyRead, FortranOrder) {
  for (const char* file :
       {"fortran_2d_int32.npy", "fortran_3d_float64.npy", "be_fortran_3d_float32.npy"}) {
    SCOPED_TRACE(file);
    Array a = load_npy_array(kData / file);
    EXPECT_TRUE(a.is_f_contiguous());
    EXPECT_FALSE(a.is_c_contiguous());
    EXPECT_EQ(a.strides(), Array::contiguous_strides(a.dtype(), a.shape(), MemoryOrder::kFortran));
    expect_fixture_values(a);
  }
  EXPECT_EQ(load_npy_array(kData / "fortran_3d_float64.npy").shape(), Shape({2, 3, 4}));
}

TEST(NpyRead, ScalarVectorAndEmpty) {
  Array scalar = load_npy_array(kData / "scalar_float64.npy");
  EXPECT_EQ(scalar.ndim(), 0);
  EXPECT_EQ(scalar.item<double>(), -1.0);
  Array vector = load_npy_array(kData / "vector_int32.npy");
  EXPECT_EQ(vector.shape(), Shape({5}));
  expect_fixture_values(vector);
  Array empty = load_npy_array(kData / "empty_float32.npy");
  EXPECT_EQ(empty.shape(), Shape({0, 3}));
  EXPECT_EQ(empty.size(), 0);
}

TEST(NpyRead, Versions2And3) {
  for (const char* file : {"v2_float32.npy", "v3_float32.npy"}) {
    SCOPED_TRACE(file);
    std::string bytes = read_file(kData / file);
    ASSERT_GT(bytes.size(), 8u);
    EXPECT_EQ(bytes[6], file[1] - '0');  // the fixture really has that version
    Array a = read_npy(bytes_of(bytes));
    EXPECT_EQ(a.dtype(), float32);
    EXPECT_EQ(a.shape(), Shape({2, 3}));
    expect_fixture_values(a);
  }
}

TEST(NpyRead, MemoryAndFileAgree) {
  std::string bytes = read_file(kData / "float64.npy");
  EXPECT_EQ(raw_data(read_npy(bytes_of(bytes))), raw_data(load_npy_array(kData / "float64.npy")));
}

TEST(NpyRead, BoolBytesAreNormalised) {
  std::string file = npy("{'descr': '|b1', 'fortran_order': False, 'shape': (4,), }",
                         std::string("\x00\x01\x02\xff", 4));
  Array a = read_npy(bytes_of(file));
  EXPECT_EQ(raw_data(a), std::string("\x00\x01\x01\x01", 4));
}

TEST(NpyRead, EveryByteOrderMark) {
  std::string one = std::string("\x01\x00\x00\x00", 4);
  EXPECT_EQ(
      read_npy(bytes_of(npy("{'descr': '=i4', 'fortran_order': False, 'shape': (1,), }", one)))
          .item<int>(),
      1);
  EXPECT_EQ(
      read_npy(bytes_of(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", one)))
          .item<int>(),
      1);
  EXPECT_EQ(
      read_npy(bytes_of(npy("{'descr': '>i4', 'fortran_order': False, 'shape': (1,), }", one)))
          .item<int>(),
      1 << 24);
  EXPECT_EQ(
      read_npy(bytes_of(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (), }", "\x07")))
          .item<int>(),
      7);
  EXPECT_EQ(
      read_npy(bytes_of(npy("{'descr': '<b1', 'fortran_order': False, 'shape': (), }", "\x01")))
          .item<bool>(),
      true);
}

TEST(NpyRead, ComplexHalvesAreSwappedSeparately) {
  // 1 + 2j as big-endian float32s.
  std::string data("\x3f\x80\x00\x00\x40\x00\x00\x00", 8);
  Array a =
      read_npy(bytes_of(npy("{'descr': '>c8', 'fortran_order': False, 'shape': (), }", data)));
  EXPECT_EQ(a.item<std::complex<float>>(), std::complex<float>(1, 2));
}

TEST(NpyRead, TrailingDataIsIgnored) {
  std::string data(24 + 5, '\0');
  EXPECT_EQ(read_npy(bytes_of(npy(f4_dict("(2, 3)"), data))).shape(), Shape({2, 3}));
}

TEST(NpyRead, HeaderSpellings) {
  std::string data(4, '\0');
  for (const char* dict : {
           "{'shape': (1,), 'fortran_order': False, 'descr': '<f4'}",  // any key order, no trailing
                                                                       // comma
           "{ \"descr\" : \"<f4\" ,\t'fortran_order':False,'shape':( 1 , ),\n}",
           "  {'descr': u'<f4', 'fortran_order': False, 'shape': ((1,)), }",
           "{'descr': '<f4', 'fortran_order': False, 'shape': (1L,), }",  // Python 2 long
       }) {
    SCOPED_TRACE(dict);
    Array a = read_npy(bytes_of(npy(dict, data)));
    EXPECT_EQ(a.shape(), Shape({1}));
  }
  // Python 2's "L" suffix only exists in versions 1.0 and 2.0.
  EXPECT_KILN_ERROR(load(npy(f4_dict("(1L,)"), data, 3)), InvalidArgumentError,
                    "only decimal ints are supported");
}

// ---- writing ----

TEST(NpyWrite, MatchesNumPyBytes) {
  std::vector<std::string> files = {"vector_int32.npy", "scalar_float64.npy", "empty_float32.npy",
                                    "fortran_2d_int32.npy", "fortran_3d_float64.npy"};
  for (const char* name : kDTypeNames) files.push_back(std::string(name) + ".npy");
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    std::string numpy_bytes = read_file(kData / file);
    EXPECT_EQ(string_of(write_npy(load_npy_array(kData / file))), numpy_bytes);
  }
}

TEST_F(NpyFileTest, EveryDtypeRoundTrips) {
  for (int code = 0; code < kNumDTypes; ++code) {
    DType dtype(static_cast<DTypeCode>(code));
    if (dtype == bfloat16) continue;
    SCOPED_TRACE(dtype.name());
    Array a = sample(dtype);
    Array from_bytes = read_npy(std::span<const std::byte>(write_npy(a)));
    fs::path path = dir_ / (std::string(dtype.name()) + ".npy");
    save_npy(path, a);
    Array from_file = load_npy_array(path);
    for (const Array& b : {from_bytes, from_file}) {
      EXPECT_EQ(b.dtype(), dtype);
      EXPECT_EQ(b.shape(), a.shape());
      EXPECT_EQ(raw_data(b), raw_data(a));
    }
  }
}

TEST_F(NpyFileTest, TensorOverloads) {
  Tensor t = constant({1.5f, 2.5f, -3.0f}, Shape{3});
  save_npy(dir_ / "t.npy", t);
  EXPECT_EQ(load_npy(dir_ / "t.npy").to_vector<float>(), (std::vector<float>{1.5f, 2.5f, -3.0f}));
}

TEST(NpyWrite, StridedArrayIsMadeContiguous) {
  Array a = sample(int32, {2, 3, 4});
  Array t = a.transpose({2, 0, 1});
  ASSERT_FALSE(t.is_c_contiguous());
  ASSERT_FALSE(t.is_f_contiguous());
  std::string bytes = string_of(write_npy(t));
  EXPECT_THAT(bytes, HasSubstr("'fortran_order': False, 'shape': (4, 2, 3), }"));
  Array back = read_npy(bytes_of(bytes));
  EXPECT_EQ(back.shape(), Shape({4, 2, 3}));
  const auto* in = a.data_as<int32_t>();
  const auto* out = back.data_as<int32_t>();
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 2; ++j) {
      for (int k = 0; k < 3; ++k) EXPECT_EQ(out[i * 6 + j * 3 + k], in[j * 12 + k * 4 + i]);
    }
  }
}

TEST(NpyWrite, FortranArrayIsWrittenAsIs) {
  Array a = sample(float64, {2, 3, 4});
  Array f = a.transpose({2, 1, 0});  // Fortran-contiguous view of the same memory
  ASSERT_TRUE(f.is_f_contiguous());
  std::string bytes = string_of(write_npy(f));
  EXPECT_THAT(bytes, HasSubstr("'fortran_order': True, 'shape': (4, 3, 2), }"));
  // The data is the view's memory, unchanged.
  EXPECT_EQ(bytes.substr(bytes.size() - static_cast<size_t>(a.nbytes())), raw_data(a));
  Array back = read_npy(bytes_of(bytes));
  EXPECT_TRUE(back.is_f_contiguous());
  EXPECT_EQ(raw_data(back), raw_data(f));
}

TEST(NpyWrite, HeaderIsAlignedAndNewlineTerminated) {
  for (const Shape& shape : {Shape{}, Shape{7}, Shape{1, 2, 3, 4, 5, 6, 7, 8}}) {
    std::string bytes = string_of(write_npy(sample(uint16, shape)));
    size_t data_start = bytes.size() - static_cast<size_t>(shape.num_elements()) * 2;
    EXPECT_EQ(data_start % 64, 0u) << shape.to_string();
    EXPECT_EQ(bytes[data_start - 1], '\n');
    EXPECT_EQ(bytes.substr(6, 2), std::string("\x01\x00", 2));
  }
}

TEST_F(NpyFileTest, Bfloat16IsRefused) {
  Array a = Array::empty(bfloat16, {2});
  EXPECT_KILN_ERROR(write_npy(a), InvalidArgumentError,
                    "[save_npy] bfloat16 has no .npy type; cast to float32 first");
  EXPECT_KILN_ERROR(save_npy(dir_ / "b.npy", a), InvalidArgumentError, "[save_npy] bfloat16");
  EXPECT_FALSE(fs::exists(dir_ / "b.npy"));
}

TEST_F(NpyFileTest, WriteIntoMissingDirectory) {
  fs::path path = dir_ / "no" / "such" / "x.npy";
  EXPECT_KILN_ERROR(save_npy(path, sample(int8)), NotFoundError,
                    "[save_npy] cannot create " + path.string());
}

// ---- malformed input: each error says what is wrong and what was found ----

TEST(NpyErrors, Preamble) {
  EXPECT_KILN_ERROR(load(""), InvalidArgumentError, "[load_npy] the input is empty");
  EXPECT_KILN_ERROR(load("\x93NUM"), InvalidArgumentError,
                    "[load_npy] the input is too short: 4 bytes");
  EXPECT_KILN_ERROR(load(std::string("\x93NUMPY\x01\x00\x10", 9)), InvalidArgumentError,
                    "too short: 9 bytes");
  EXPECT_KILN_ERROR(load(std::string("\x93NUMPY\x02\x00\x10\x00\x00", 11)), InvalidArgumentError,
                    "too short: 11 bytes");
  EXPECT_KILN_ERROR(load("PK\x03\x04 this is a zip"), InvalidArgumentError,
                    "[load_npy] not a .npy file: it starts with \"PK\\x03\\x04 thi\"");
  EXPECT_KILN_ERROR(load("\x93NUMPZ\x01\x00\x00\x00"), InvalidArgumentError, "not a .npy file");
}

TEST(NpyErrors, UnknownVersion) {
  std::string file = npy(f4_dict("(1,)"), std::string(4, '\0'));
  file[6] = 4;
  EXPECT_KILN_ERROR(load(file), InvalidArgumentError,
                    "[load_npy] unsupported .npy format version 4.0; kiln reads "
                    "versions 1.0, 2.0 and 3.0");
  file[6] = 1;
  file[7] = 1;
  EXPECT_KILN_ERROR(load(file), InvalidArgumentError, "unsupported .npy format version 1.1");
}

TEST(NpyErrors, HeaderTooLong) {
  std::string v1 = std::string("\x93NUMPY\x01\x00", 8) + "\x11\x27" + std::string(10001, ' ');
  EXPECT_KILN_ERROR(load(v1), InvalidArgumentError,
                    "[load_npy] the header is 10001 bytes long, more than the 10000");
  std::string v2 = std::string("\x93NUMPY\x02\x00", 8) + std::string("\x00\x00\x01\x00", 4);
  EXPECT_KILN_ERROR(load(v2), InvalidArgumentError, "the header is 65536 bytes long");
}

TEST(NpyErrors, HeaderPastEnd) {
  std::string file = npy(f4_dict("(1,)")).substr(0, 40);
  EXPECT_KILN_ERROR(load(file), InvalidArgumentError,
                    "[load_npy] the header extends past the end of the input: it "
                    "ends at byte 128 but the input has 40 bytes");
}

TEST(NpyErrors, HeaderNotADict) {
  EXPECT_KILN_ERROR(load(npy("[1, 2]")), InvalidArgumentError,
                    "[load_npy] the header is not a dict, found [1, 2] (a list)");
  EXPECT_KILN_ERROR(load(npy("'descr'")), InvalidArgumentError,
                    "not a dict, found 'descr' (a string)");
}

TEST(NpyErrors, HeaderSyntax) {
  EXPECT_KILN_ERROR(load(npy("{'descr': '<f4'")), InvalidArgumentError,
                    "[load_npy] the header is not a valid .npy header dict: expected ',' or '}'");
  EXPECT_KILN_ERROR(load(npy("{'descr' '<f4'}")), InvalidArgumentError, "expected ':' at offset 9");
  EXPECT_KILN_ERROR(load(npy("{'descr': '<f4}")), InvalidArgumentError, "unterminated string");
  EXPECT_KILN_ERROR(load(npy("{'descr': '<\\x66\\x34'}")), InvalidArgumentError,
                    "escape sequences");
  EXPECT_KILN_ERROR(load(npy("{'descr': @}")), InvalidArgumentError, "unexpected character '@'");
  EXPECT_KILN_ERROR(load(npy("{'descr': float32}")), InvalidArgumentError,
                    "unexpected name 'float32'");
  EXPECT_KILN_ERROR(load(npy("{} {}")), InvalidArgumentError, "unexpected text after the dict");
  EXPECT_KILN_ERROR(load(npy(f4_dict("(2.0, 3)"))), InvalidArgumentError,
                    "only decimal ints are supported");
  EXPECT_KILN_ERROR(load(npy(f4_dict("(02, 3)"))), InvalidArgumentError, "leading zeros");
  EXPECT_KILN_ERROR(load(npy(std::string(40, '[') + std::string(40, ']'))), InvalidArgumentError,
                    "nested more than 16 deep");
  std::string with_nul = npy(f4_dict("(1,)"), std::string(4, '\0'));
  with_nul[20] = '\0';
  EXPECT_KILN_ERROR(load(with_nul), InvalidArgumentError, "\\x00");
}

TEST(NpyErrors, Keys) {
  EXPECT_KILN_ERROR(load(npy("{'descr': '<f4', 'fortran_order': False}")), InvalidArgumentError,
                    "[load_npy] the header has no 'shape' key; a .npy header has exactly the keys "
                    "'descr', 'fortran_order' and 'shape'");
  EXPECT_KILN_ERROR(load(npy("{}")), InvalidArgumentError, "has no 'descr' key");
  EXPECT_KILN_ERROR(load(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'foo': 1}")),
                    InvalidArgumentError, "the header has an unexpected key 'foo'");
  EXPECT_KILN_ERROR(
      load(npy("{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': ()}")),
      InvalidArgumentError, "the header has the key 'descr' twice");
  EXPECT_KILN_ERROR(load(npy("{1: '<f4'}")), InvalidArgumentError,
                    "header keys must be strings, found 1 (an int)");
}

TEST(NpyErrors, ValueTypes) {
  EXPECT_KILN_ERROR(load(npy("{'descr': 5, 'fortran_order': False, 'shape': ()}")),
                    InvalidArgumentError,
                    "[load_npy] 'descr' must be a type string such as '<f4', found 5 (an int)");
  EXPECT_KILN_ERROR(load(npy("{'descr': '<f4', 'fortran_order': 0, 'shape': ()}")),
                    InvalidArgumentError,
                    "'fortran_order' must be True or False, found 0 (an int)");
  EXPECT_KILN_ERROR(load(npy("{'descr': '<f4', 'fortran_order': None, 'shape': ()}")),
                    InvalidArgumentError, "found None (None)");
  EXPECT_KILN_ERROR(load(npy(f4_dict("[2, 3]"))), InvalidArgumentError,
                    "'shape' must be a tuple of ints such as (2, 3), found [2, 3] (a list)");
  EXPECT_KILN_ERROR(load(npy(f4_dict("('2', 3)"))), InvalidArgumentError,
                    "found ('2', 3) (a tuple)");
  EXPECT_KILN_ERROR(load(npy(f4_dict("(5)"))), InvalidArgumentError, "found 5 (an int)");
  EXPECT_KILN_ERROR(load(npy(f4_dict("True"))), InvalidArgumentError, "found True (a bool)");
}

TEST(NpyErrors, Dimensions) {
  EXPECT_KILN_ERROR(load(npy(f4_dict("(2, -3)"))), InvalidArgumentError,
                    "[load_npy] shape (2, -3) has a negative dimension -3");
  EXPECT_KILN_ERROR(load(npy(f4_dict("(99999999999999999999,)"))), InvalidArgumentError,
                    "has a dimension that does not fit in 64 bits: 99999999999999999999");
  EXPECT_KILN_ERROR(
      load(npy(f4_dict("(1099511627776, 1099511627776)"))), InvalidArgumentError,
      "shape (1099511627776, 1099511627776) of float32 needs more bytes than fit in a "
      "64-bit integer");
  // The product times the item size overflows though the element count fits.
  EXPECT_KILN_ERROR(load(npy(f4_dict("(4611686018427387904,)"))), InvalidArgumentError,
                    "more bytes than fit");
  // A zero dimension does not hide an overflow of the others (NumPy refuses these too).
  EXPECT_KILN_ERROR(load(npy(f4_dict("(0, 4611686018427387904, 4)"))), InvalidArgumentError,
                    "more bytes than fit");
  std::string rank65 = "(";
  for (int i = 0; i < 65; ++i) rank65 += "1, ";
  EXPECT_KILN_ERROR(load(npy(f4_dict(rank65 + ")"))), InvalidArgumentError,
                    "shape has 65 dimensions, more than the 64");
}

TEST(NpyErrors, UnsupportedDescr) {
  auto with_descr = [](const std::string& descr) {
    return npy("{'descr': " + descr + ", 'fortran_order': False, 'shape': (1,), }",
               std::string(64, '\0'));
  };
  EXPECT_KILN_ERROR(load(with_descr("'|O'")), InvalidArgumentError,
                    "[load_npy] descr '|O' is an object array");
  EXPECT_KILN_ERROR(load(with_descr("'|O'")), InvalidArgumentError,
                    "pickled Python objects, which are not supported and never loaded");
  EXPECT_KILN_ERROR(
      load(with_descr("[('a', '<i4'), ('b', '<f8')]")), InvalidArgumentError,
      "structured (record) dtypes are not supported, found descr [('a', '<i4'), ('b', "
      "'<f8')] (a list)");
  for (const char* t : {"<U10", "<M8[ns]", "<f3", "|V8", ""}) {
    EXPECT_KILN_ERROR(load(with_descr(std::string("'") + t + "'")), InvalidArgumentError,
                      std::string("descr '") + t + "' is not a type kiln supports");
  }
}

TEST(NpyErrors, TruncatedData) {
  EXPECT_KILN_ERROR(
      load(npy(f4_dict("(2, 3)"), std::string(10, '\0'))), InvalidArgumentError,
      "[load_npy] the data is truncated: shape (2, 3) of float32 needs 24 bytes after the "
      "header, but the input has 10");
}

TEST(NpyErrors, HugeShapeFailsBeforeAllocating) {
  int64_t before = allocated_bytes();
  EXPECT_KILN_ERROR(load(npy(f4_dict("(1099511627776,)"), std::string(10, '\0'))),
                    InvalidArgumentError,
                    "needs 4398046511104 bytes after the header, but the input has 10");
  EXPECT_EQ(allocated_bytes(), before);
}

TEST_F(NpyFileTest, FileErrorsNameThePath) {
  fs::path missing = dir_ / "missing.npy";
  EXPECT_KILN_ERROR(load_npy_array(missing), NotFoundError,
                    "[load_npy] cannot open " + missing.string() + ": No such file or directory");
  EXPECT_KILN_ERROR(load_npy_array(dir_), InvalidArgumentError,
                    "[load_npy] " + dir_.string() + " is not a regular file");
  fs::path cut = dir_ / "cut.npy";
  std::ofstream(cut, std::ios::binary) << read_file(kData / "float64.npy").substr(0, 150);
  EXPECT_KILN_ERROR(load_npy_array(cut), InvalidArgumentError,
                    "[load_npy] " + cut.string() + ": the data is truncated");
}

// ---- robustness: no input crashes, leaks or throws anything but InvalidArgumentError ----

TEST(NpyRobustness, EveryTruncationIsAnError) {
  for (const auto& entry : fs::directory_iterator(kData)) {
    if (entry.path().extension() != ".npy") continue;
    std::string bytes = read_file(entry.path());
    for (size_t n = 0; n < bytes.size(); ++n) {
      EXPECT_THROW(read_npy(bytes_of(bytes.substr(0, n))), InvalidArgumentError)
          << entry.path() << " cut to " << n;
    }
  }
}

TEST(NpyRobustness, MutatedHeaders) {
  std::vector<std::string> seeds;
  for (const char* file :
       {"float32.npy", "be_complex128.npy", "fortran_3d_float64.npy", "v3_float32.npy"}) {
    seeds.push_back(read_file(kData / file));
  }
  const std::string alphabet = "{}()[],:' \"-0123456789LTrueFalsNn<>|=bifuc\n\t\x93";
  std::mt19937 rng(1234);
  for (int iter = 0; iter < 20000; ++iter) {
    std::string bytes = seeds[iter % seeds.size()];
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t pos = rng() % 128;  // the preamble and header
      char c = rng() % 2 ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng());
      if (rng() % 4 == 0)
        bytes.erase(pos, 1);
      else if (rng() % 4 == 0)
        bytes.insert(pos, 1, c);
      else
        bytes[pos] = c;
    }
    try {
      Array a = read_npy(bytes_of(bytes));
      EXPECT_LE(a.nbytes(), static_cast<int64_t>(bytes.size()));
    } catch (const InvalidArgumentError&) {
    }
  }
}

}  // namespace
}  // namespace kiln
