// Reading and writing NumPy's .npy (format versions 1.0, 2.0, 3.0; C and
// Fortran order) and .npz (zip archives of .npy files, stored or deflated).
// Readers trust nothing: every malformed input is an InvalidArgumentError
// whose message says what is wrong, and sizes are checked before allocating.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "kiln/array.h"
#include "kiln/tensor.h"

namespace kiln {

// .npy from bytes in memory or from a file. The result is a new, C- or
// Fortran-contiguous array in native byte order.
Array read_npy(std::span<const std::byte> bytes);
Array load_npy_array(const std::filesystem::path& path);

// .npy to bytes or to a file. Writes version 1.0 when the header fits, else
// 2.0 (3.0 is only needed for non-latin-1 field names, which kiln never writes).
// Fortran-contiguous arrays are written with fortran_order=True without a copy.
std::vector<std::byte> write_npy(const Array& array);
void save_npy(const std::filesystem::path& path, const Array& array);
inline void save_npy(const std::filesystem::path& path, const Tensor& t) { save_npy(path, t.array()); }
inline Tensor load_npy(const std::filesystem::path& path) { return Tensor(load_npy_array(path)); }

// .npz: names map to arrays (the ".npy" suffix of each member is dropped, as
// numpy.load does). compress=true deflates members (numpy.savez_compressed).
std::map<std::string, Array> load_npz(const std::filesystem::path& path);
void save_npz(const std::filesystem::path& path, const std::map<std::string, Array>& arrays,
              bool compress = false);

}  // namespace kiln
