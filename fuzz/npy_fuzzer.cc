// .npy reader: kiln::read_npy on arbitrary bytes (the same reader that
// load_npy streams a file through). A successful read must also survive a
// round trip: written back with write_npy and read again, the array must come
// back with the same dtype, shape, order and bytes.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "fuzz_common.h"
#include "kiln/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kiln::fuzz::expect_kiln_errors_only([&] {
    kiln::Array a = kiln::read_npy(std::as_bytes(std::span(data, size)));
    KILN_FUZZ_CHECK(a.is_c_contiguous() || a.is_f_contiguous());
    KILN_FUZZ_CHECK(a.nbytes() >= 0 && static_cast<size_t>(a.nbytes()) <= size);
    KILN_FUZZ_CHECK(a.offset() >= 0 &&
                    a.offset() + a.nbytes() <= static_cast<int64_t>(a.buffer().size()));
    std::vector<std::byte> again = kiln::write_npy(a);
    kiln::Array b = kiln::read_npy(again);
    KILN_FUZZ_CHECK(b.dtype() == a.dtype());
    KILN_FUZZ_CHECK(b.dims() == a.dims());
    KILN_FUZZ_CHECK(b.is_c_contiguous() == a.is_c_contiguous());
    KILN_FUZZ_CHECK(b.nbytes() == a.nbytes());
    KILN_FUZZ_CHECK(a.nbytes() == 0 ||
                    std::memcmp(a.data(), b.data(), static_cast<size_t>(a.nbytes())) == 0);
  });
  return 0;
}
