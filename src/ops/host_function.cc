#include "ops/host_function.h"

#include <atomic>
#include <string>

#include "kiln/error.h"

namespace kiln {
namespace {
std::atomic<HostFunctionRunner> g_runner{nullptr};
}  // namespace

void set_host_function_runner(HostFunctionRunner runner) { g_runner.store(runner); }

Arrays call_host_function(int64_t id, std::span<const Array> inputs,
                          std::span<const TensorSpec> outputs) {
  HostFunctionRunner runner = g_runner.load();
  if (!runner) {
    throw FailedPreconditionError("[numpy_function] no host language is attached to run function " +
                                  std::to_string(id) + "; numpy_function graphs run from Python.");
  }
  Arrays out = runner(id, inputs, outputs);
  if (out.size() != outputs.size()) {
    throw InvalidArgumentError("[numpy_function] the function returned " + std::to_string(out.size()) +
                               " values where Tout has " + std::to_string(outputs.size()) + ".");
  }
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i].dtype() != outputs[i].dtype) {
      throw InvalidArgumentError("[numpy_function] value " + std::to_string(i) + " returned is " +
                                 std::string(out[i].dtype().name()) + ", but Tout[" +
                                 std::to_string(i) + "] is " + std::string(outputs[i].dtype.name()) + ".");
    }
  }
  return out;
}

}  // namespace kiln
