#include "kernels/cpu/unary.h"

#include <string>

#include "kernels/cpu/unary_impl.h"
#include "kiln/error.h"

namespace kiln::cpu {

void unary(UnaryCode code, const Array& x, Array& out, double alpha) {
  if (x.dtype().is_complex()) {
    if (unary_complex(code, x, out)) return;
  } else if (unary_exact(code, x, out) || unary_floating(code, x, out, alpha)) {
    return;
  }
  throw InternalError("unary kernel: op code " + std::to_string(static_cast<int>(code)) +
                      " has no kernel for " + std::string(x.dtype().name()) +
                      " (inference should have refused it)");
}

}  // namespace kiln::cpu
