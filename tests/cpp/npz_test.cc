// .npz reading and writing: archives from numpy.savez / savez_compressed
// (tests/data/make_npy_fixtures.py), round trips, and broken archives.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <complex>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "error_matchers.h"
#include "kiln/kiln.h"

namespace kiln {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const fs::path kData = KILN_NPY_FIXTURES;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::vector<std::string> keys(const std::map<std::string, Array>& arrays) {
  std::vector<std::string> out;
  for (const auto& entry : arrays) out.push_back(entry.first);
  return out;
}

std::string raw_data(const Array& a) {
  Array c = a.contiguous();
  return {static_cast<const char*>(c.data()), static_cast<size_t>(c.nbytes())};
}

class NpzTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kiln_npz_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// ---- archives NumPy wrote (values as in make_npy_fixtures.py) ----

TEST(NpzRead, Savez) {
  auto arrays = load_npz(kData / "stored.npz");
  EXPECT_THAT(keys(arrays), ElementsAre("arr_0", "b", "c", "d"));
  EXPECT_EQ(arrays["arr_0"].dtype(), int32);
  EXPECT_EQ(Tensor(arrays["arr_0"]).to_vector<int>(), (std::vector<int>{-3, -2, -1, 0, 1, 2}));
  EXPECT_EQ(arrays["arr_0"].shape(), Shape({2, 3}));
  EXPECT_EQ(Tensor(arrays["b"]).to_vector<double>(), (std::vector<double>{-1, -0.5, 0, 0.5}));
  EXPECT_EQ(arrays["c"].ndim(), 0);
  EXPECT_EQ(arrays["c"].item<std::complex<float>>(), std::complex<float>(-1, 0));
  EXPECT_EQ(arrays["d"].dtype(), uint16);  // big-endian in the archive
  EXPECT_EQ(arrays["d"].shape(), Shape({3, 2}));
  EXPECT_EQ(Tensor(arrays["d"]).to_vector<int>(), (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

TEST(NpzRead, SavezCompressed) {
  auto arrays = load_npz(kData / "compressed.npz");
  EXPECT_THAT(keys(arrays), ElementsAre("a", "b", "c"));
  EXPECT_EQ(arrays["a"].dtype(), int64);
  EXPECT_EQ(arrays["a"].shape(), Shape({3, 4}));
  std::vector<int64_t> a = Tensor(arrays["a"]).to_vector<int64_t>();
  for (int64_t i = 0; i < 12; ++i) EXPECT_EQ(a[i], i - 3);
  EXPECT_EQ(Tensor(arrays["b"]).to_vector<bool>(),
            (std::vector<bool>{false, true, false, true, false, true, false}));
  EXPECT_TRUE(arrays["c"].is_f_contiguous());
  EXPECT_FALSE(arrays["c"].is_c_contiguous());
  EXPECT_EQ(Tensor(arrays["c"]).to_vector<float>(), (std::vector<float>{-1, -0.5, 0, 0.5, 1, 1.5}));
}

TEST(NpzRead, EmptyArchive) { EXPECT_TRUE(load_npz(kData / "empty.npz").empty()); }

// ---- round trips ----

std::map<std::string, Array> every_dtype() {
  std::map<std::string, Array> arrays;
  for (int code = 0; code < kNumDTypes; ++code) {
    DType dtype(static_cast<DTypeCode>(code));
    if (dtype == bfloat16) continue;
    Array a = Array::empty(dtype, {5, 3});
    visit_dtype(dtype, [&](auto tag) {
      using S = decltype(tag);
      for (int64_t i = 0; i < a.size(); ++i) {
        S v = cast_value<S>(
            std::complex<double>(static_cast<double>(i) - 4.5, static_cast<double>(i)));
        std::memcpy(static_cast<char*>(a.mutable_data()) + i * sizeof(S), &v, sizeof(S));
      }
    });
    arrays.emplace(std::string(dtype.name()), a);
  }
  arrays.emplace("fortran", arrays.at("float32").transpose({1, 0}));
  arrays.emplace("strided", arrays.at("int64").transpose({1, 0}).index(1));
  arrays.emplace("scalar", Array::empty(float64, {}));
  arrays.emplace("empty", Array::empty(int16, {0, 4}));
  return arrays;
}

TEST_F(NpzTest, RoundTripStoredAndCompressed) {
  auto arrays = every_dtype();
  for (bool compress : {false, true}) {
    SCOPED_TRACE(compress ? "compressed" : "stored");
    fs::path path = dir_ / (compress ? "c.npz" : "s.npz");
    save_npz(path, arrays, compress);
    auto back = load_npz(path);
    ASSERT_EQ(keys(back), keys(arrays));
    for (const auto& [name, a] : arrays) {
      SCOPED_TRACE(name);
      EXPECT_EQ(back.at(name).dtype(), a.dtype());
      EXPECT_EQ(back.at(name).shape(), a.shape());
      EXPECT_EQ(raw_data(back.at(name)), raw_data(a));
      EXPECT_EQ(back.at(name).is_f_contiguous() && !back.at(name).is_c_contiguous(),
                name == "fortran");
    }
    // Members are named "<key>.npy", as numpy.savez names them.
    EXPECT_THAT(read_file(path), HasSubstr("complex128.npy"));
  }
}

TEST_F(NpzTest, CompressionShrinksRepetitiveData) {
  std::map<std::string, Array> arrays{{"zeros", zeros({256, 256}).array()}};
  save_npz(dir_ / "s.npz", arrays);
  save_npz(dir_ / "c.npz", arrays, /*compress=*/true);
  EXPECT_GT(fs::file_size(dir_ / "s.npz"), 256u * 256u * 4u);
  EXPECT_LT(fs::file_size(dir_ / "c.npz"), 10000u);
}

TEST_F(NpzTest, EmptyMapWritesAnEmptyArchive) {
  save_npz(dir_ / "e.npz", {});
  EXPECT_EQ(read_file(dir_ / "e.npz"), read_file(kData / "empty.npz"));  // numpy.savez's bytes
  EXPECT_TRUE(load_npz(dir_ / "e.npz").empty());
}

TEST_F(NpzTest, OverwritesAnExistingFile) {
  write_file(dir_ / "x.npz", "not a zip at all");
  save_npz(dir_ / "x.npz", {{"a", ones({2}).array()}});
  EXPECT_THAT(keys(load_npz(dir_ / "x.npz")), ElementsAre("a"));
}

// ---- errors ----

TEST_F(NpzTest, MissingFile) {
  fs::path missing = dir_ / "missing.npz";
  EXPECT_KILN_ERROR(load_npz(missing), NotFoundError,
                    "[load_npz] " + missing.string() + ": cannot open it as a zip archive");
}

TEST_F(NpzTest, NotAZip) {
  write_file(dir_ / "bad.npz", std::string(100, 'x'));
  EXPECT_KILN_ERROR(load_npz(dir_ / "bad.npz"), InvalidArgumentError,
                    "[load_npz] " + (dir_ / "bad.npz").string() +
                        ": cannot open it as a zip archive (.npz): Not a zip archive");
  // A .npy file is not an .npz either.
  EXPECT_KILN_ERROR(load_npz(kData / "int32.npy"), InvalidArgumentError, "Not a zip archive");
}

TEST_F(NpzTest, TruncatedArchive) {
  std::string bytes = read_file(kData / "stored.npz");
  for (size_t n : {size_t{0}, size_t{10}, bytes.size() / 2, bytes.size() - 1}) {
    SCOPED_TRACE(n);
    write_file(dir_ / "cut.npz", bytes.substr(0, n));
    EXPECT_KILN_ERROR(load_npz(dir_ / "cut.npz"), InvalidArgumentError, "[load_npz] ");
  }
}

TEST(NpzErrors, MemberThatIsNotNpy) {
  EXPECT_KILN_ERROR(
      load_npz(kData / "not_npy_member.npz"), InvalidArgumentError,
      "member 'readme.txt' is not a .npy file; an .npz archive holds only .npy members");
}

TEST(NpzErrors, DuplicateMember) {
  EXPECT_KILN_ERROR(load_npz(kData / "duplicate_member.npz"), InvalidArgumentError,
                    "the archive has two members of the same name");
}

TEST_F(NpzTest, BrokenMemberNamesTheMember) {
  save_npz(dir_ / "x.npz", {{"weights", ones({4}).array()}});
  std::string bytes = read_file(dir_ / "x.npz");
  size_t magic = bytes.find("\x93NUMPY");
  ASSERT_NE(magic, std::string::npos);
  bytes[magic + 6] = 9;  // the version byte
  write_file(dir_ / "x.npz", bytes);
  EXPECT_KILN_ERROR(load_npz(dir_ / "x.npz"), InvalidArgumentError,
                    "[load_npz] " + (dir_ / "x.npz").string() +
                        ": member 'weights.npy': unsupported .npy format version 9.0");
}

TEST_F(NpzTest, CorruptStoredDataFailsTheCrc) {
  save_npz(dir_ / "x.npz", {{"w", ones({16}).array()}});
  std::string bytes = read_file(dir_ / "x.npz");
  size_t magic = bytes.find("\x93NUMPY");
  ASSERT_NE(magic, std::string::npos);
  bytes[magic + 128 + 5] ^= 0x40;  // a data byte: still a valid float
  write_file(dir_ / "x.npz", bytes);
  EXPECT_KILN_ERROR(load_npz(dir_ / "x.npz"), InvalidArgumentError,
                    "member 'w.npy': cannot read the member: CRC error");
}

TEST_F(NpzTest, SizeBeyondWhatDeflateCanProduce) {
  // Claim 2 GiB uncompressed for a few hundred compressed bytes, in the local
  // and the central header alike.
  std::string bytes = read_file(kData / "compressed.npz");
  const std::string huge("\xff\xff\xff\x7f", 4);
  for (auto [signature, offset] :
       {std::pair<std::string, size_t>{"PK\x03\x04", 22}, {"PK\x01\x02", 24}}) {
    for (size_t at = bytes.find(signature); at != std::string::npos;
         at = bytes.find(signature, at + 1)) {
      bytes.replace(at + offset, 4, huge);
    }
  }
  write_file(dir_ / "bomb.npz", bytes);
  int64_t before = allocated_bytes();
  EXPECT_KILN_ERROR(load_npz(dir_ / "bomb.npz"), InvalidArgumentError,
                    "claims 2147483647 bytes from");
  EXPECT_EQ(allocated_bytes(), before);
}

TEST_F(NpzTest, SaveErrors) {
  EXPECT_KILN_ERROR(save_npz(dir_ / "x.npz", {{"", ones({1}).array()}}), InvalidArgumentError,
                    "[save_npz] array names must not be empty");
  write_file(dir_ / "keep.npz", "old");
  EXPECT_KILN_ERROR(
      save_npz(dir_ / "keep.npz", {{"a", ones({1}).array()}, {"b", Array::empty(bfloat16, {2})}}),
      InvalidArgumentError,
      "[save_npz] array 'b': bfloat16 has no .npy type; cast to float32 first");
  EXPECT_EQ(read_file(dir_ / "keep.npz"), "old");  // untouched
  fs::path nowhere = dir_ / "no" / "dir" / "x.npz";
  EXPECT_KILN_ERROR(save_npz(nowhere, {{"a", ones({1}).array()}}), NotFoundError,
                    "[save_npz] cannot create " + nowhere.string() + ": No such file or directory");
  EXPECT_KILN_ERROR(save_npz(nowhere, {}), NotFoundError, "[save_npz] cannot create");
}

}  // namespace
}  // namespace kiln
