// ScalarFn: one element of an elementwise op, on raw values of dtypes fixed
// when the function is chosen. A plan's steps on single values (loop
// counters, scalars in traced functions) call it without arrays; the kernels
// that offer one (binary_scalar, cast_scalar) and OpDef::cpu_scalar share
// this one type.
#pragma once

namespace kiln {

using ScalarFn = void (*)(const void* const* inputs, void* output);

}  // namespace kiln
