// Reading and writing .npy arrays. Readers stream: the header is read and
// checked first, and the array is allocated only once the input is known to
// hold all of its data, so a lying header costs nothing.
#include "kiln/npy.h"

#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "io/npy_header.h"
#include "kiln/error.h"

namespace kiln {
namespace io {
namespace {

// kiln's .npy typestrs are little-endian ('<f4'), so native data is written
// as is and only '>' data needs swapping.
static_assert(std::endian::native == std::endian::little,
              "kiln's .npy I/O assumes a little-endian host");

// Makes freshly read data native: big-endian elements are byte-swapped (a
// complex number as two separate halves) and bool bytes become 0 or 1, since
// other bytes would break kiln's bool kernels.
void make_native(Array& a, bool byteswap) {
  auto* p = static_cast<unsigned char*>(a.mutable_data());
  auto n = static_cast<size_t>(a.size());
  if (a.dtype().is_bool()) normalize_bool_bytes(p, n);
  if (!byteswap) return;
  size_t unit = a.dtype().size() / (a.dtype().is_complex() ? 2 : 1);
  size_t units = n * (a.dtype().size() / unit);
  for (size_t i = 0; i < units; ++i) std::reverse(p + i * unit, p + (i + 1) * unit);
}

// Calls read until n bytes arrived or the input ended.
size_t read_fully(const NpyReadFn& read, void* dst, size_t n) {
  size_t got = 0;
  while (got < n) {
    size_t r = read(static_cast<char*>(dst) + got, n - got);
    if (r == 0) break;
    got += r;
  }
  return got;
}

std::string truncated_message(const NpyHeader& h, uint64_t needed, uint64_t found) {
  return "the data is truncated: shape " + Shape(h.shape).to_string() + " of " +
         std::string(h.dtype.name()) + " needs " + std::to_string(needed) +
         " bytes after the header, but the input has " + std::to_string(found);
}

// The header to write and the array whose memory follows it in the file.
struct NpyPayload {
  std::string header;
  Array data;  // C-contiguous, or Fortran-contiguous when the header says so
};

NpyPayload make_payload(const Array& array, const std::string& context) {
  // As np.save: only an array that is Fortran- but not C-contiguous is
  // written in Fortran order; any other layout is copied to C order.
  bool fortran = !array.is_c_contiguous() && array.is_f_contiguous();
  NpyPayload p{format_npy_header(array.dtype(), fortran, array.dims(), context), array};
  if (!fortran && !array.is_c_contiguous()) p.data = array.contiguous();
  return p;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

}  // namespace

[[noreturn]] void throw_file_error(const std::string& context, const std::filesystem::path& path,
                                   const std::string& what, int err) {
  std::string message = context + what + " " + path.string() + ": " + std::strerror(err);
  if (err == ENOENT) throw NotFoundError(message);
  throw InvalidArgumentError(message);
}

void write_file(const std::filesystem::path& path,
                std::initializer_list<std::span<const std::byte>> parts,
                const std::string& context) {
  File f(std::fopen(path.c_str(), "wb"));
  if (!f) throw_file_error(context, path, "cannot create", errno);
  bool ok = true;
  for (auto part : parts) {
    ok = ok && (part.empty() || std::fwrite(part.data(), 1, part.size(), f.get()) == part.size());
  }
  int err = errno;
  if (std::fclose(f.release()) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (!ok) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);  // leave no half-written file behind
    throw_file_error(context, path, "cannot write", err);
  }
}

Array read_npy_from(const NpyReadFn& read, uint64_t total_size, const std::string& context) {
  std::vector<std::byte> header(
      static_cast<size_t>(std::min<uint64_t>(kNpyMaxPreambleLen, total_size)));
  header.resize(read_fully(read, header.data(), header.size()));
  size_t header_len = npy_header_length(header, context);
  size_t want = static_cast<size_t>(std::min<uint64_t>(header_len, total_size));
  if (want > header.size()) {
    size_t had = header.size();
    header.resize(want);
    header.resize(had + read_fully(read, header.data() + had, want - had));
  }
  NpyHeader h = parse_npy_header(header, context);
  // The 12-byte preamble read overshoots the header only when its dict is
  // under 2 bytes, which never parses; so the next byte read is the first
  // data byte. Checked rather than assumed, since the input is hostile.
  if (header.size() != h.header_len_total) {
    throw InvalidArgumentError(context + "the header is too short to hold a .npy dict");
  }
  uint64_t available = total_size - h.header_len_total;
  // The shape's byte count was checked for overflow when the header was parsed.
  auto needed = static_cast<uint64_t>(Shape(h.shape).num_elements()) * h.dtype.size();
  if (available < needed) {
    throw InvalidArgumentError(context + truncated_message(h, needed, available));
  }
  Array a = Array::empty(h.dtype, Shape(h.shape),
                         h.fortran_order ? MemoryOrder::kFortran : MemoryOrder::kC);
  size_t got = read_fully(read, a.mutable_data(), static_cast<size_t>(needed));
  if (got < needed) throw InvalidArgumentError(context + truncated_message(h, needed, got));
  make_native(a, h.byteswap);
  return a;
}

std::vector<std::byte> write_npy_bytes(const Array& array, const std::string& context) {
  NpyPayload p = make_payload(array, context);
  auto n = static_cast<size_t>(p.data.nbytes());
  std::vector<std::byte> out(p.header.size() + n);
  std::memcpy(out.data(), p.header.data(), p.header.size());
  if (n > 0) std::memcpy(out.data() + p.header.size(), p.data.data(), n);
  return out;
}

}  // namespace io

Array read_npy(std::span<const std::byte> bytes) {
  size_t pos = 0;
  auto read = [&](void* dst, size_t n) {
    n = std::min(n, bytes.size() - pos);
    if (n > 0) std::memcpy(dst, bytes.data() + pos, n);
    pos += n;
    return n;
  };
  return io::read_npy_from(read, bytes.size(), "[load_npy] ");
}

Array load_npy_array(const std::filesystem::path& path) {
  const std::string context = "[load_npy] ";
  io::File f(std::fopen(path.c_str(), "rb"));
  if (!f) io::throw_file_error(context, path, "cannot open", errno);
  struct stat st {};
  if (fstat(fileno(f.get()), &st) != 0) io::throw_file_error(context, path, "cannot stat", errno);
  if (!S_ISREG(st.st_mode)) {
    throw InvalidArgumentError(context + path.string() + " is not a regular file");
  }
  auto read = [&](void* dst, size_t n) {
    size_t r = std::fread(dst, 1, n, f.get());
    if (r < n && std::ferror(f.get())) io::throw_file_error(context, path, "cannot read", errno);
    return r;
  };
  return io::read_npy_from(read, static_cast<uint64_t>(st.st_size), context + path.string() + ": ");
}

std::vector<std::byte> write_npy(const Array& array) {
  return io::write_npy_bytes(array, "[save_npy] ");
}

void save_npy(const std::filesystem::path& path, const Array& array) {
  io::NpyPayload p = io::make_payload(array, "[save_npy] ");
  io::write_file(
      path,
      {std::as_bytes(std::span(p.header)),
       {static_cast<const std::byte*>(p.data.data()), static_cast<size_t>(p.data.nbytes())}},
      "[save_npy] ");
}

}  // namespace kiln
