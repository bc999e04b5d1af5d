// .npz archives: zip files whose members are .npy files, as numpy.savez and
// numpy.savez_compressed write them. libzip does the zip work; each member
// streams through the same reader as a .npy file.
#include <zip.h>

#include <cerrno>
#include <memory>

#include "io/npy_header.h"
#include "kiln/error.h"
#include "kiln/npy.h"

namespace kiln {
namespace {

struct ZipDiscard {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileClose {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
using Zip = std::unique_ptr<zip_t, ZipDiscard>;
using ZipFile = std::unique_ptr<zip_file_t, ZipFileClose>;

constexpr std::string_view kSuffix = ".npy";
// Deflate turns at most 258 bytes into one 2-bit code: no member can expand
// more than 1032 times. A directory claiming more is corrupt or an attack,
// and is refused before an array of the claimed size is allocated.
constexpr uint64_t kMaxDeflateRatio = 1032;

std::string zip_error_text(int code) {
  zip_error_t e;
  zip_error_init_with_code(&e, code);
  std::string text = zip_error_strerror(&e);
  zip_error_fini(&e);
  return text;
}

// Checks the member's sizes in the zip directory against what its
// compression method can produce.
void check_member_sizes(const zip_stat_t& st, const std::string& context) {
  bool stored = st.comp_method == ZIP_CM_STORE && st.size != st.comp_size;
  bool deflated = st.comp_method == ZIP_CM_DEFLATE && st.size / kMaxDeflateRatio > st.comp_size + 1;
  if (stored || deflated) {
    throw InvalidArgumentError(context + "the zip directory claims " + std::to_string(st.size) +
                               " bytes from " + std::to_string(st.comp_size) +
                               " compressed bytes, which its compression method cannot produce; "
                               "the archive is corrupt");
  }
}

Array read_member(zip_t* z, zip_uint64_t index, const zip_stat_t& st, const std::string& context) {
  check_member_sizes(st, context);
  ZipFile f(zip_fopen_index(z, index, 0));
  if (!f) throw InvalidArgumentError(context + "cannot open the member: " + zip_strerror(z));
  auto read = [&](void* dst, size_t n) -> size_t {
    zip_int64_t r = zip_fread(f.get(), dst, n);
    if (r < 0) {
      throw InvalidArgumentError(context + "cannot read the member: " + zip_file_strerror(f.get()));
    }
    return static_cast<size_t>(r);
  };
  Array a = io::read_npy_from(read, st.size, context);
  // libzip checks a member's CRC when its end is reached; reading the (rare)
  // bytes after the array gets there, so corrupt stored data is reported.
  char rest[4096];
  while (read(rest, sizeof rest) > 0) {
  }
  return a;
}

}  // namespace

std::map<std::string, Array> load_npz(const std::filesystem::path& path) {
  const std::string context = "[load_npz] " + path.string() + ": ";
  int err = 0;
  Zip z(zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err));
  if (!z) {
    // ZIP_CHECKCONS makes libzip refuse duplicate names with this code.
    std::string message =
        err == ZIP_ER_EXISTS
            ? context + "the archive has two members of the same name"
            : context + "cannot open it as a zip archive (.npz): " + zip_error_text(err);
    if (err == ZIP_ER_NOENT) throw NotFoundError(message);
    throw InvalidArgumentError(message);
  }
  std::map<std::string, Array> arrays;
  zip_int64_t n = zip_get_num_entries(z.get(), 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    auto index = static_cast<zip_uint64_t>(i);
    zip_stat_t st;
    zip_stat_init(&st);
    constexpr zip_uint64_t kNeeded =
        ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD;
    if (zip_stat_index(z.get(), index, 0, &st) != 0 || (st.valid & kNeeded) != kNeeded) {
      throw InvalidArgumentError(context + "cannot read entry " + std::to_string(i) +
                                 " of the zip directory: " + zip_strerror(z.get()));
    }
    std::string name = st.name;
    if (name.size() <= kSuffix.size() || !name.ends_with(kSuffix)) {
      throw InvalidArgumentError(context + "member '" + name +
                                 "' is not a .npy file; an .npz archive holds only .npy members");
    }
    std::string key = name.substr(0, name.size() - kSuffix.size());
    Array a = read_member(z.get(), index, st, context + "member '" + name + "': ");
    if (!arrays.emplace(key, std::move(a)).second) {
      throw InvalidArgumentError(context + "the archive has two members of the same name, '" +
                                 name + "'");
    }
  }
  return arrays;
}

void save_npz(const std::filesystem::path& path, const std::map<std::string, Array>& arrays,
              bool compress) {
  const std::string context = "[save_npz] ";
  // Every member is encoded before the archive is touched, so a bad array
  // leaves an existing file as it was. zip_source_buffer borrows the bytes
  // until zip_close.
  std::vector<std::vector<std::byte>> members;
  for (const auto& [name, array] : arrays) {
    if (name.empty()) {
      throw InvalidArgumentError(context + "array names must not be empty; name each array");
    }
    members.push_back(io::write_npy_bytes(array, context + "array '" + name + "': "));
  }
  if (arrays.empty()) {
    // libzip deletes an archive that would be empty instead of writing one;
    // numpy.savez() writes the 22-byte end-of-central-directory record alone.
    static constexpr std::byte kEmptyZip[22] = {std::byte{'P'}, std::byte{'K'}, std::byte{5},
                                                std::byte{6}};
    io::write_file(path, {std::span(kEmptyZip)}, context);
    return;
  }
  // libzip reports a missing directory only at zip_close, as a failure to
  // create its temporary file; say it plainly, as save_npy does.
  std::error_code ec;
  if (path.has_parent_path() && !std::filesystem::is_directory(path.parent_path(), ec)) {
    io::throw_file_error(context, path, "cannot create", ENOENT);
  }
  int err = 0;
  Zip z(zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err));
  if (!z) {
    throw InvalidArgumentError(context + "cannot create " + path.string() + ": " +
                               zip_error_text(err));
  }
  auto fail = [&](const std::string& what) {
    throw InvalidArgumentError(context + what + " " + path.string() + ": " + zip_strerror(z.get()));
  };
  size_t i = 0;
  for (const auto& [name, array] : arrays) {
    const std::vector<std::byte>& bytes = members[i++];
    zip_source_t* src = zip_source_buffer(z.get(), bytes.data(), bytes.size(), 0);
    if (!src) fail("cannot add '" + name + "' to");
    std::string member = name + std::string(kSuffix);
    zip_int64_t index = zip_file_add(z.get(), member.c_str(), src, ZIP_FL_ENC_GUESS);
    if (index < 0) {
      zip_source_free(src);
      fail("cannot add '" + name + "' to");
    }
    if (zip_set_file_compression(z.get(), static_cast<zip_uint64_t>(index),
                                 compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) != 0) {
      fail("cannot set the compression of '" + name + "' in");
    }
  }
  if (zip_close(z.get()) != 0) fail("cannot write");
  (void)z.release();  // zip_close freed it
}

}  // namespace kiln
