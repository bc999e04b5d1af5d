// .npz reader: kiln::load_npz on arbitrary bytes. load_npz takes a path (libzip
// opens it), so the bytes go to a memfd reopened through /proc/self/fd: no
// disk I/O per input, and nothing to clean up when the fuzzer is killed.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "fuzz_common.h"
#include "kiln/npy.h"

namespace {

// One memfd for the whole run, rewritten for every input; libzip opens it by path.
struct MemFile {
  int fd;
  std::string path;
};

const MemFile& memfile() {
  static const MemFile file = [] {
    int fd = memfd_create("kiln_fuzz_npz", 0);
    if (fd < 0) {
      std::perror("memfd_create");
      std::abort();
    }
    return MemFile{fd, "/proc/self/fd/" + std::to_string(fd)};
  }();
  return file;
}

void set_contents(const uint8_t* data, size_t size) {
  int fd = memfile().fd;
  if (ftruncate(fd, 0) != 0) std::abort();
  size_t done = 0;
  while (done < size) {
    ssize_t n = pwrite(fd, data + done, size - done, static_cast<off_t>(done));
    if (n <= 0) std::abort();
    done += static_cast<size_t>(n);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  set_contents(data, size);
  kiln::fuzz::expect_kiln_errors_only([&] {
    std::map<std::string, kiln::Array> arrays = kiln::load_npz(memfile().path);
    for (const auto& [name, a] : arrays) {
      KILN_FUZZ_CHECK(a.is_c_contiguous() || a.is_f_contiguous());
      KILN_FUZZ_CHECK(a.offset() >= 0 &&
                      a.offset() + a.nbytes() <= static_cast<int64_t>(a.buffer().size()));
    }
  });
  return 0;
}
