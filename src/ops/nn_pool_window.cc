#include "ops/nn_pool_window.h"


#include <algorithm>
#include <limits>
#include <string>

#include "kiln/error.h"
#include "ops/shape_common.h"
#include "ops/window_size.h"

namespace kiln {
namespace {

std::string prefix(const OpDef& op) { return "[" + std::string(op.name) + "] "; }

[[noreturn]] void unimplemented(const OpDef& op, const std::string& message) {
  throw UnimplementedError(prefix(op) + message);
}

// "1,0,2,1", as TF's kernels list attribute values.
std::string joined(const std::vector<int64_t>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s;
}

// TF's shape text "[2,2,3,6]" (unknown dimensions "?").
std::string bracketed(const Shape& s) {
  std::string t = "[";
  for (int64_t i = 0; i < s.rank(); ++i) {
    int64_t d = s.dims()[static_cast<size_t>(i)];
    t += (i ? "," : "") + (d == kUnknownDim ? std::string("?") : std::to_string(d));
  }
  return t + "]";
}

const char* format_names(int spatial) {
  return spatial == 3 ? "\"NDHWC\", \"NCDHW\"" : "\"NHWC\", \"NCHW\"";
}

// The window sizes or strides: one per input axis, positive int32 values
// (TF's attributes are int32 in its kernels).
std::vector<int64_t> read_window(const OpDef& op, const Attrs& attrs, int index, const char* name,
                                 int rank) {
  const auto& v = attr<std::vector<int64_t>>(attrs, static_cast<size_t>(index));
  std::string field = std::string(name) == "ksize" ? "ksize" : "stride";
  if (static_cast<int>(v.size()) != rank) {
    throw InvalidArgumentError(prefix(op) + "Sliding window " + field + " field must specify " +
                               std::to_string(rank) + " dimensions, got " + list_text(v) +
                               ". Give one value per axis of the input (batch and channels "
                               "included, e.g. [1, 2, 2, 1]); kiln.nn." + std::string(op.name) +
                               " also takes 1 or " + std::to_string(rank - 2) + " values.");
  }
  for (int64_t x : v) {
    if (x > std::numeric_limits<int32_t>::max()) {
      throw InvalidArgumentError(prefix(op) + "Attr " + name + " has value " + std::to_string(x) +
                                 " out of range for an int32; windows and strides must be below "
                                 "2^31.");
    }
    if (x <= 0 && std::string(name) == "ksize") {
      throw InvalidArgumentError(prefix(op) + "Sliding window ksize must be positive. The "
                                 "specified or inferred ksize is: " + joined(v));
    }
    if (x <= 0) {
      throw InvalidArgumentError(prefix(op) + "Stride must be > 0, but got " + std::to_string(x) +
                                 " (strides " + list_text(v) + ").");
    }
  }
  return v;
}

}  // namespace

PoolSpec read_pool_spec(const OpDef& op, const Attrs& attrs, const PoolAttrIndex& at, int spatial,
                        PoolKind kind) {
  PoolSpec s;
  s.spatial = spatial;
  const int rank = spatial + 2;

  if (at.data_format >= 0) {
    const auto& f = attr<std::string>(attrs, static_cast<size_t>(at.data_format));
    if (f == (spatial == 3 ? "NDHWC" : "NHWC")) {
      s.channels_last = true;
    } else if (f == (spatial == 3 ? "NCDHW" : "NCHW")) {
      s.channels_last = false;
    } else {
      throw InvalidArgumentError(prefix(op) + "Value for attr 'data_format' of \"" + f +
                                 "\" is not in the list of allowed values: " +
                                 format_names(spatial) + " (kiln has no NCHW_VECT_C).");
    }
  }

  const auto& pad = attr<std::string>(attrs, static_cast<size_t>(at.padding));
  bool explicit_ok = at.explicit_paddings >= 0;
  if (pad == "SAME") {
    s.padding = PoolPadding::kSame;
  } else if (pad == "VALID") {
    s.padding = PoolPadding::kValid;
  } else if (pad == "EXPLICIT" && explicit_ok) {
    s.padding = PoolPadding::kExplicit;
  } else {
    throw InvalidArgumentError(prefix(op) + "Value for attr 'padding' of \"" + pad +
                               "\" is not in the list of allowed values: \"SAME\", \"VALID\"" +
                               (explicit_ok ? ", \"EXPLICIT\"" : "") + ".");
  }

  s.ksize = read_window(op, attrs, at.ksize, "ksize", rank);
  s.strides = read_window(op, attrs, at.strides, "strides", rank);
  if (s.ksize[0] != 1 || s.strides[0] != 1) {
    unimplemented(op, "Pooling is not yet supported on the batch dimension: ksize " +
                          list_text(s.ksize) + " and strides " + list_text(s.strides) +
                          " must be 1 on the batch axis.");
  }

  const int c = s.channel_axis();
  bool spatial_window = false;
  for (int i = 0; i < rank; ++i) {
    if (i != 0 && i != c && s.ksize[static_cast<size_t>(i)] != 1) spatial_window = true;
  }
  int64_t depth_k = s.ksize[static_cast<size_t>(c)], depth_s = s.strides[static_cast<size_t>(c)];
  if (spatial == 3 && (depth_k != 1 || depth_s != 1)) {
    unimplemented(op, "Pooling is not yet supported on the depth dimension: ksize and strides "
                      "must be 1 on the channel axis.");
  }
  if (depth_k != 1) {
    if (spatial_window) {
      unimplemented(op, "MaxPooling supports exactly one of pooling across depth or pooling "
                        "across width/height: ksize " + list_text(s.ksize) + " pools both.");
    }
    if (kind == PoolKind::kAvg) {
      unimplemented(op, "Non-spatial pooling is not yet supported: average pooling cannot pool "
                        "across channels (ksize " + list_text(s.ksize) + ").");
    }
    if (kind == PoolKind::kMaxGrad) {
      unimplemented(op, "MaxPoolingGrad is not yet supported on the depth dimension: max "
                        "pooling across channels has no gradient in TF either.");
    }
    if (kind == PoolKind::kArgmax) {
      unimplemented(op, "max_pool_with_argmax does not pool across channels (ksize " +
                            list_text(s.ksize) + "); pool over height and width.");
    }
    if (depth_k != depth_s) {
      unimplemented(op, "Depthwise max pooling requires the depth window to equal the depth "
                        "stride (ksize " + list_text(s.ksize) + ", strides " +
                        list_text(s.strides) + ").");
    }
    if (s.padding == PoolPadding::kExplicit) {
      unimplemented(op, "Depthwise max pooling does not support explicit padding.");
    }
    s.across_channels = true;
  }

  if (s.padding == PoolPadding::kExplicit) {
    const auto& p = attr<std::vector<int64_t>>(attrs, static_cast<size_t>(at.explicit_paddings));
    if (static_cast<int>(p.size()) != 2 * rank) {
      throw InvalidArgumentError(prefix(op) + "explicit_paddings attribute must contain " +
                                 std::to_string(2 * rank) + " values, but got: " +
                                 std::to_string(p.size()) + " (a (before, after) pair per axis).");
    }
    for (int64_t v : p) {
      if (v < 0) {
        throw InvalidArgumentError(prefix(op) + "All elements of explicit_paddings must be "
                                   "nonnegative, got " + list_text(p) + ".");
      }
    }
    if (p[0] || p[1] || p[2 * static_cast<size_t>(c)] || p[2 * static_cast<size_t>(c) + 1]) {
      throw InvalidArgumentError(prefix(op) + "Nonzero explicit padding in the batch or depth "
                                 "dimensions is not supported: explicit_paddings " + list_text(p) +
                                 " pads the batch or channel axis.");
    }
    static const char* kSides[][2] = {{"Top", "Bottom"}, {"Left", "Right"}};
    for (int i = 1, side = 0; i < rank; ++i) {
      if (i == c) continue;
      for (int j = 0; j < 2; ++j) {
        int64_t v = p[2 * static_cast<size_t>(i) + static_cast<size_t>(j)];
        int64_t k = s.ksize[static_cast<size_t>(i)];
        if (v >= k) {
          throw InvalidArgumentError(prefix(op) + kSides[side][j] + " padding " +
                                     std::to_string(v) + " needs to be smaller than the window "
                                     "size " + std::to_string(k));
        }
      }
      ++side;
    }
    s.explicit_paddings = p;
  }
  return s;
}

namespace {

// The input axis of spatial dimension i (0-based).
int spatial_axis(const PoolSpec& s, int i) { return s.channels_last ? i + 1 : i + 2; }

// TF's GetWindowedOutputSize: the output size along one axis, or
// InvalidArgumentError when it would be negative.
int64_t output_size(const OpDef& op, const PoolSpec& s, int axis, int64_t in) {
  int64_t k = s.ksize[static_cast<size_t>(axis)], st = s.strides[static_cast<size_t>(axis)];
  int64_t before = 0, after = 0;
  if (s.padding == PoolPadding::kExplicit) {
    before = s.explicit_paddings[2 * static_cast<size_t>(axis)];
    after = s.explicit_paddings[2 * static_cast<size_t>(axis) + 1];
  }
  const int64_t out =
      windowed_output_size(in, k, st, s.padding == PoolPadding::kSame, before, after).out;
  if (out < 0) {
    throw InvalidArgumentError(prefix(op) + "Computed output size would be negative: " +
                               std::to_string(out) + " [input_size: " + std::to_string(in) +
                               ", effective_filter_size: " + std::to_string(k) + ", stride: " +
                               std::to_string(st) + "]. The window is larger than the (padded) "
                               "input: use a smaller ksize or padding='SAME'.");
  }
  return out;
}

}  // namespace

Shape pooled_shape(const OpDef& op, const PoolSpec& s, const Shape& in) {
  const int rank = s.rank();
  if (!in.has_known_rank()) return Shape(Dims(static_cast<size_t>(rank), kUnknownDim));
  if (in.rank() != rank) {
    throw InvalidArgumentError(
        prefix(op) + "input must be " + std::to_string(rank) + "-dimensional (batch, " +
        std::to_string(s.spatial) + " spatial dimensions and channels), got shape " +
        in.to_string() + "; add a batch dimension for a single example (x[None]).");
  }
  Dims out = in.dims();
  const int c = s.channel_axis();
  if (s.across_channels) {
    int64_t depth = in.dims()[static_cast<size_t>(c)], k = s.ksize[static_cast<size_t>(c)];
    if (depth != kUnknownDim && depth % k != 0) {
      unimplemented(op, "Depthwise max pooling requires the depth window to evenly divide the "
                        "input depth: " + std::to_string(k) + " does not divide " +
                        std::to_string(depth) + " channels.");
    }
    if (depth != kUnknownDim) out[static_cast<size_t>(c)] = depth / k;
    return Shape(out);  // spatial dimensions unchanged (TF ignores spatial strides here)
  }
  for (int i = 0; i < s.spatial; ++i) {
    int a = spatial_axis(s, i);
    int64_t d = in.dims()[static_cast<size_t>(a)];
    out[static_cast<size_t>(a)] = d == kUnknownDim ? kUnknownDim : output_size(op, s, a, d);
  }
  Shape result(out);
  if (result.is_fully_defined() && !result.try_num_elements()) {
    throw InvalidArgumentError(prefix(op) + "the pooled shape " + result.to_string() +
                               " has more elements than fit in 64 bits.");
  }
  return result;
}

cpu::PoolWindow pool_window(const PoolSpec& s, const Shape& in) {
  cpu::PoolWindow w;
  const Dims& d = in.dims();
  const int c = s.channel_axis();
  if (s.across_channels) {
    // Pooling across channels is pooling along an axis of size C with
    // channels-last layout: [positions][C][1] for NHWC, [N][C][H*W] for NCHW.
    int64_t k = s.ksize[static_cast<size_t>(c)], depth = d[static_cast<size_t>(c)];
    int64_t positions = 1;
    for (int i = 0; i < s.rank(); ++i) {
      if (i != c && i != 0) positions *= d[static_cast<size_t>(i)];
    }
    w.channels_last = true;
    w.batch = s.channels_last ? d[0] * positions : d[0];
    w.channels = s.channels_last ? 1 : positions;
    w.in = {1, 1, depth};
    w.out = {1, 1, depth / k};
    w.size = {1, 1, k};
    w.stride = {1, 1, k};
    return w;
  }
  w.channels_last = s.channels_last;
  w.batch = d[0];
  w.channels = d[static_cast<size_t>(c)];
  const int first = 3 - s.spatial;  // a 2-D problem leaves depth at its defaults
  for (int i = 0; i < s.spatial; ++i) {
    int a = spatial_axis(s, i);
    size_t j = static_cast<size_t>(first + i), ua = static_cast<size_t>(a);
    int64_t n = d[ua], k = s.ksize[ua], st = s.strides[ua];
    w.in[j] = n;
    w.size[j] = k;
    w.stride[j] = st;
    int64_t before = 0, after = 0;
    if (s.padding == PoolPadding::kExplicit) {
      before = s.explicit_paddings[2 * ua];
      after = s.explicit_paddings[2 * ua + 1];
    }
    const WindowSize ws =
        windowed_output_size(n, k, st, s.padding == PoolPadding::kSame, before, after);
    w.out[j] = std::max<int64_t>(ws.out, 0);
    w.pad_before[j] = ws.before;
  }
  return w;
}

void check_shape_is(const OpDef& op, const char* what, const Shape& got, const Shape& want) {
  if (!got.has_known_rank() || !want.has_known_rank()) return;
  bool ok = got.rank() == want.rank();
  for (int64_t i = 0; ok && i < got.rank(); ++i) {
    int64_t a = got.dims()[static_cast<size_t>(i)], b = want.dims()[static_cast<size_t>(i)];
    ok = a == kUnknownDim || b == kUnknownDim || a == b;
  }
  if (!ok) {
    throw InvalidArgumentError(prefix(op) + "Expected " + what + " shape to be " +
                               bracketed(want) + ", but got " + bracketed(got) +
                               " (the pooled shape of the original input for these ksize, "
                               "strides and padding).");
  }
}

void check_pool_dtype(const OpDef& op, DType d, std::initializer_list<DType> allowed) {
  for (DType a : allowed) {
    if (a == d) return;
  }
  auto tf_name = [](DType t) -> std::string {
    if (t == float16) return "half";
    if (t == float32) return "float";
    if (t == float64) return "double";
    return std::string(t.name());
  };
  std::string names;
  for (DType a : allowed) names += (names.empty() ? "" : ", ") + tf_name(a);
  throw InvalidArgumentError(prefix(op) + "Value for attr 'T' of " + tf_name(d) +
                             " is not in the list of allowed values: " + names +
                             "; cast the input first, e.g. kiln.cast(x, kiln.float32).");
}

}  // namespace kiln
