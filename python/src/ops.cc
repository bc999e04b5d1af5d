// The ops of include/kiln/ops.h, for Python. Large ops release the GIL.
#include "bindings.h"
#include "kiln/ops.h"

namespace kiln::python {
namespace {
// Below this many elements the GIL round trip costs more than it frees.
constexpr int64_t kReleaseGilElements = 1 << 15;
}  // namespace

void bind_ops(nb::module_& m) {
  m.def("add", [](const Tensor& x, const Tensor& y) {
    if (std::max(x.size(), y.size()) < kReleaseGilElements) return add(x, y);
    nb::gil_scoped_release unlocked;
    return add(x, y);
  }, nb::arg("x"), nb::arg("y"));
}

}  // namespace kiln::python
