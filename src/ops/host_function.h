// Functions of the host language that a graph calls while it runs: the
// numpy_function op calls one by id. The Python bindings install the runner
// (python/src/host_function.cc); without one, calling raises. The hook is
// part of the ops layer, where the op's kernel calls it: the bindings, the
// top layer, fill it in, so no layer reaches up for it.
#pragma once

#include <cstdint>
#include <span>

#include "ops/op_def.h"

namespace kiln {

// Runs host function `id` on `inputs`; must return one array per output spec
// with its dtype (shapes are checked against the specs by the caller).
using HostFunctionRunner = Arrays (*)(int64_t id, std::span<const Array> inputs,
                                      std::span<const TensorSpec> outputs);

void set_host_function_runner(HostFunctionRunner runner);
Arrays call_host_function(int64_t id, std::span<const Array> inputs,
                          std::span<const TensorSpec> outputs);

}  // namespace kiln
