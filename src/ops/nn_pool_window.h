// The attributes every pooling op shares (ksize, strides, padding,
// explicit_paddings, data_format), checked once with TF's errors, and what
// follows from them: the pooled shape (with unknown dimensions in graphs)
// and the kernels' PoolWindow. Used by nn_pool_ops.cc.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/cpu/pool_loops.h"
#include "ops/op_def.h"

namespace kiln {

enum class PoolPadding { kSame, kValid, kExplicit };

// Where an op keeps the shared attributes (-1: it has none: no explicit
// padding; data_format always NHWC).
struct PoolAttrIndex {
  int ksize, strides, padding, explicit_paddings, data_format;
};

// Which pooling an op does, for the checks that differ between TF's ops.
enum class PoolKind {
  kMax,          // MaxPool: may pool across channels instead of space
  kMaxGrad,      // MaxPoolGrad, MaxPoolGradGrad: spatial only
  kAvg,          // AvgPool(Grad)
  kArgmax,       // MaxPoolWithArgmax and its gradient: NHWC, SAME or VALID
};

struct PoolSpec {
  int spatial = 2;  // 2 or 3 spatial dimensions
  bool channels_last = true;
  std::vector<int64_t> ksize, strides;  // one per input axis
  PoolPadding padding = PoolPadding::kValid;
  std::vector<int64_t> explicit_paddings;  // 2 per input axis (kExplicit only)
  // MaxPool across channels (ksize 1 in space): TF's depthwise max pooling.
  bool across_channels = false;

  int rank() const { return spatial + 2; }
  int channel_axis() const { return channels_last ? spatial + 1 : 1; }
};

// Reads and checks the attributes (InvalidArgumentError or, where TF's
// kernels say a case is not implemented, UnimplementedError).
PoolSpec read_pool_spec(const OpDef& op, const Attrs& attrs, const PoolAttrIndex& at, int spatial,
                        PoolKind kind);

// The pooled shape of an input of shape `in` (unknown dimensions stay
// unknown; an unknown rank gives rank() unknown dimensions). Checks the
// input's rank and that the output size is not negative, as TF.
Shape pooled_shape(const OpDef& op, const PoolSpec& s, const Shape& in);

// The kernels' description of pooling a (fully known) input of shape `in`.
cpu::PoolWindow pool_window(const PoolSpec& s, const Shape& in);

// The shape `what` must have, or InvalidArgumentError in TF's words
// ("Expected grad shape to be [2,2,3,6], but got [1,2,3,6]"); unknown
// dimensions on either side match.
void check_shape_is(const OpDef& op, const char* what, const Shape& got, const Shape& want);

// x's dtype must be one of `allowed`, named in the message as TF names them.
void check_pool_dtype(const OpDef& op, DType d, std::initializer_list<DType> allowed);

}  // namespace kiln
