// The C++ API of segment reductions (src/ops/segment_ops.cc).
// Each function runs its registry op eagerly: this layer sits above the ops
// (which only declare and run ops on arrays) and the runtime's eager
// execution, so the op files stay free of runtime includes (the build
// enforces it: docs/layers.md).
#include <optional>
#include <string>
#include <vector>

#include "kiln/ops/segment.h"
#include "ops/registry.h"
#include "runtime/eager.h"

namespace kiln {
namespace {

Tensor run(std::string_view name, const Tensor& data, const Tensor& ids, const Attrs& attrs) {
  const OpDef& op = Registry::get().at(name);
  Tensor in[] = {data, ids};
  return execute1(op, in, attrs);
}

}  // namespace

Tensor segment_sum(const Tensor& data, const Tensor& segment_ids) {
  return run("segment_sum", data, segment_ids, {});
}
Tensor segment_mean(const Tensor& data, const Tensor& segment_ids) {
  return run("segment_mean", data, segment_ids, {});
}
Tensor segment_max(const Tensor& data, const Tensor& segment_ids) {
  return run("segment_max", data, segment_ids, {});
}
Tensor segment_min(const Tensor& data, const Tensor& segment_ids) {
  return run("segment_min", data, segment_ids, {});
}
Tensor segment_prod(const Tensor& data, const Tensor& segment_ids) {
  return run("segment_prod", data, segment_ids, {});
}

Tensor unsorted_segment_sum(const Tensor& data, const Tensor& segment_ids, int64_t num_segments) {
  return run("unsorted_segment_sum", data, segment_ids, {num_segments});
}
Tensor unsorted_segment_max(const Tensor& data, const Tensor& segment_ids, int64_t num_segments) {
  return run("unsorted_segment_max", data, segment_ids, {num_segments});
}
Tensor unsorted_segment_min(const Tensor& data, const Tensor& segment_ids, int64_t num_segments) {
  return run("unsorted_segment_min", data, segment_ids, {num_segments});
}
Tensor unsorted_segment_prod(const Tensor& data, const Tensor& segment_ids, int64_t num_segments) {
  return run("unsorted_segment_prod", data, segment_ids, {num_segments});
}

}  // namespace kiln
