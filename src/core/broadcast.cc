#include "core/broadcast.h"

namespace kiln {

Strides broadcast_strides(const Array& a, const Dims& out) {
  Strides s(out.size(), 0);
  size_t lead = out.size() - a.dims().size();
  for (size_t i = 0; i < a.dims().size(); ++i) {
    s[lead + i] = a.dims()[i] == 1 ? 0 : a.strides()[i];
  }
  return s;
}

}  // namespace kiln
