// Internal to src/io: the .npy preamble and header dict, and the pieces that
// npy.cc and npz.cc share (a byte-source reader, the writer, I/O errors).
//
// A .npy file is: magic "\x93NUMPY", major and minor version bytes, the
// header length (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0), the
// header — a Python dict literal padded with spaces and ended by '\n' — and
// then the raw data. Everything here treats the bytes as hostile.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include "kiln/array.h"

namespace kiln::io {

inline constexpr size_t kNpyMagicLen = 6;              // "\x93NUMPY"
inline constexpr size_t kNpyMaxPreambleLen = 12;       // magic, version, 4-byte length
inline constexpr size_t kNpyMaxHeaderDictLen = 10000;  // numpy.lib.format._MAX_HEADER_SIZE

struct NpyHeader {
  DType dtype = float32;
  bool byteswap = false;  // the data is big-endian
  bool fortran_order = false;
  Dims shape;
  size_t header_len_total = 0;  // preamble + dict + padding: where the data starts
};

// Checks magic, version and header length in the first bytes of a file (at
// least kNpyMaxPreambleLen bytes, or all of them when the file is shorter) and
// returns header_len_total. `context` starts every error message, e.g.
// "[load_npy] " or "[load_npz] member 'a.npy': ".
size_t npy_header_length(std::span<const std::byte> prefix, const std::string& context);

// Parses the whole header; `bytes` may extend past it (into the data). Checks
// the shape's byte count for overflow but not the data length.
NpyHeader parse_npy_header(std::span<const std::byte> bytes, const std::string& context);

// The complete header NumPy's np.save writes for this array: preamble, dict,
// growth padding, alignment padding to 64 bytes and '\n'. Throws
// InvalidArgumentError when dtype has no .npy type (bfloat16).
std::string format_npy_header(DType dtype, bool fortran_order, const Dims& shape,
                              const std::string& context);

// ---- shared by npy.cc and npz.cc ----

// Fills dst with up to n bytes and returns how many it gave (fewer only at the
// end of the input); throws on a read error.
using NpyReadFn = std::function<size_t(void* dst, size_t n)>;

// Reads one .npy from a source of `total_size` bytes. Sizes are checked before
// the array is allocated.
Array read_npy_from(const NpyReadFn& read, uint64_t total_size, const std::string& context);

// The .npy bytes of an array.
std::vector<std::byte> write_npy_bytes(const Array& array, const std::string& context);

// Writes parts one after another to a new file (replacing an old one);
// removes the file again when a write fails.
void write_file(const std::filesystem::path& path,
                std::initializer_list<std::span<const std::byte>> parts,
                const std::string& context);

// Throws NotFoundError (for ENOENT) or InvalidArgumentError naming the path.
[[noreturn]] void throw_file_error(const std::string& context, const std::filesystem::path& path,
                                   const std::string& what, int err);

}  // namespace kiln::io
