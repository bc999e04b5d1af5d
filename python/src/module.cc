// kiln._core: the compiled half of the kiln Python package.
#include "bindings.h"

NB_MODULE(_core, m) {
  using namespace kiln::python;
  m.doc() = "kiln's C++ core. Use the `kiln` package, not this module.";
  bind_errors(m);
  bind_tensor(m);
  bind_from_python(m);
  bind_dlpack(m);
  bind_io(m);
  bind_ops(m);
}
