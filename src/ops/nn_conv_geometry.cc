// Checking and resolving a call of a convolution op (nn_conv_geometry.h).
// Error texts are TF 2.21's (its CPU kernels' and attribute checks'), with
// the shapes and the fix added; docs/tf-reference/nn_conv.json records TF's.
#include "ops/nn_conv_geometry.h"


#include <iterator>
#include <limits>
#include <string>

#include "kiln/error.h"
#include "ops/shape_common.h"
#include "ops/window_size.h"

namespace kiln {
namespace {

using i128 = __int128;
// Strides, dilations, paddings and dilated filter extents beyond this are
// refused: oneDNN's kernels index windows with 32-bit integers.
constexpr int64_t kMaxWindow = (int64_t{1} << 31) - 1;

std::string prefix(const OpDef& op) { return "[" + std::string(op.name) + "] "; }
[[noreturn]] void invalid(const OpDef& op, const std::string& message) {
  throw InvalidArgumentError(prefix(op) + message);
}
[[noreturn]] void unimplemented(const OpDef& op, const std::string& message) {
  throw UnimplementedError(prefix(op) + message);
}
std::string str(int64_t v) { return std::to_string(v); }
std::string text(const std::vector<int64_t>& v) { return list_text(std::span(v.data(), v.size())); }

enum class Padding { kSame, kValid, kExplicit };

struct Parsed {
  int spatial = 2, rank = 4;
  bool depthwise = false, channels_last = true;
  ConvRole role = ConvRole::kForward;
  Padding padding = Padding::kValid;
  std::array<int64_t, 3> stride{1, 1, 1}, dilation{1, 1, 1}, pad_before{}, pad_after{};
  int channel_axis() const { return channels_last ? rank - 1 : 1; }
  int spatial_axis(int i) const { return channels_last ? 1 + i : 2 + i; }
};

void parse_format(const OpDef& op, Parsed& p, const std::string& format) {
  const char* last = p.spatial == 2 ? "NHWC" : "NDHWC";
  const char* first = p.spatial == 2 ? "NCHW" : "NCDHW";
  if (format == last || format == first) {
    p.channels_last = format == last;
    return;
  }
  invalid(op, "Value for attr 'data_format' of \"" + format + "\" is not in the list of allowed "
              "values: \"" + last + "\", \"" + first + "\" (channels last or channels first).");
}

void parse_padding(const OpDef& op, Parsed& p, const std::string& padding,
                   const std::vector<int64_t>& pads) {
  if (padding == "SAME") {
    p.padding = Padding::kSame;
  } else if (padding == "VALID") {
    p.padding = Padding::kValid;
  } else if (padding == "EXPLICIT") {
    p.padding = Padding::kExplicit;
  } else {
    invalid(op, "Value for attr 'padding' of \"" + padding + "\" is not in the list of allowed "
                "values: \"SAME\", \"VALID\", \"EXPLICIT\" (EXPLICIT takes explicit_paddings).");
  }
  if (p.padding != Padding::kExplicit) {
    if (!pads.empty()) {
      invalid(op, "explicit_paddings attribute must be empty if the padding attribute is not "
                  "EXPLICIT; got " + text(pads) + " with padding \"" + padding + "\".");
    }
    return;
  }
  if (pads.size() != static_cast<size_t>(2 * p.rank)) {
    invalid(op, "explicit_paddings attribute must contain " + str(2 * p.rank) + " values, but "
                "got: " + str(static_cast<int64_t>(pads.size())) + " (a (before, after) pair for "
                "each axis of the input).");
  }
  for (int64_t v : pads) {
    if (v < 0) invalid(op, "All elements of explicit_paddings must be nonnegative: " + text(pads));
    if (v > kMaxWindow) {
      invalid(op, "explicit_paddings " + text(pads) + " has a padding beyond 2^31 - 1, more "
                  "than kiln's convolutions support.");
    }
  }
  auto pair_is_zero = [&](int axis) { return pads[2 * axis] == 0 && pads[2 * axis + 1] == 0; };
  if (!pair_is_zero(0) || !pair_is_zero(p.channel_axis())) {
    invalid(op, "Nonzero explicit padding in the batch or depth dimensions is not supported: "
                "explicit_paddings " + text(pads) + "; pad only the spatial axes.");
  }
  for (int i = 0; i < p.spatial; ++i) {
    p.pad_before[static_cast<size_t>(i)] = pads[static_cast<size_t>(2 * p.spatial_axis(i))];
    p.pad_after[static_cast<size_t>(i)] = pads[static_cast<size_t>(2 * p.spatial_axis(i) + 1)];
  }
}

// strides or dilations: one per axis, 1 on the batch and channel axes,
// positive on the spatial ones.
void parse_window(const OpDef& op, const Parsed& p, const std::vector<int64_t>& v,
                  const char* field, std::array<int64_t, 3>& out) {
  const bool strides = std::string(field) == "strides";
  if (v.size() != static_cast<size_t>(p.rank)) {
    invalid(op, std::string("Sliding window ") + field + " field must specify " + str(p.rank) +
                " dimensions, got " + text(v) + " (one per axis of the input; 1 for the batch "
                "and channel axes).");
  }
  if (v[0] != 1 || v[static_cast<size_t>(p.channel_axis())] != 1) {
    unimplemented(op, std::string("Current implementation does not yet support ") + field +
                      " in the batch and depth dimensions: " + field + " " + text(v) +
                      "; give 1 for the batch and channel axes.");
  }
  for (int i = 0; i < p.spatial; ++i) {
    int64_t s = v[static_cast<size_t>(p.spatial_axis(i))];
    if (s <= 0) {
      invalid(op, strides ? (p.spatial == 2 ? "Row and column strides should be larger than 0: "
                                            : "Spatial strides should be larger than 0: ") +
                                text(v) + "."
                          : "Dilated rates should be larger than 0: dilations " + text(v) + ".");
    }
    if (s > kMaxWindow) {
      invalid(op, std::string(field) + " " + text(v) + " has a value beyond 2^31 - 1, more than "
                  "kiln's convolutions support.");
    }
    out[static_cast<size_t>(i)] = s;
  }
}

Parsed parse(const OpDef& op, const Attrs& attrs) {
  Parsed p;
  p.spatial = conv_spatial(op);
  p.rank = p.spatial + 2;
  p.depthwise = conv_depthwise(op);
  p.role = conv_role(op);
  const size_t at = p.role == ConvRole::kForward ? 0 : 1;
  parse_format(op, p, attr<std::string>(attrs, at + 3));
  parse_padding(op, p, attr<std::string>(attrs, at + 1), attr<std::vector<int64_t>>(attrs, at + 2));
  parse_window(op, p, attr<std::vector<int64_t>>(attrs, at), "strides", p.stride);
  parse_window(op, p, attr<std::vector<int64_t>>(attrs, at + 4), "dilations", p.dilation);
  return p;
}

// The names of the two inputs, per ConvRole (indexed by it).
constexpr const char* kRoleInputs[][2] = {
    {"input", "filter"}, {"filter", "out_backprop"}, {"input", "out_backprop"}};
static_assert(std::size(kRoleInputs) == static_cast<size_t>(ConvRole::kBackpropFilter) + 1,
              "one row per ConvRole");

DType check_dtypes(const OpDef& op, const Parsed& p, std::span<const TensorSpec> in) {
  const auto& names = kRoleInputs[static_cast<int>(p.role)];
  DType d = in[0].dtype;
  if (in[1].dtype != d) {
    invalid(op, std::string(names[1]) + " is " + std::string(in[1].dtype.name()) + " but " +
                names[0] + " is " + std::string(d.name()) + "; both must have one dtype: cast "
                "one to the other's, e.g. kiln.cast(" + names[1] + ", " + names[0] + ".dtype).");
  }
  if (d != float32 && d != float64 && d != float16 && d != bfloat16) {
    invalid(op, "got " + std::string(d.name()) + " tensors, but " + std::string(op.name) +
                " supports float16, bfloat16, float32 and float64; cast them first, e.g. "
                "kiln.cast(x, kiln.float32).");
  }
  return d;
}

// A shape of the op's rank, all unknown when its rank is.
Dims with_rank(const OpDef& op, const Parsed& p, const Shape& s, const char* what) {
  if (!s.has_known_rank()) return Dims(static_cast<size_t>(p.rank), kUnknownDim);
  if (s.rank() != p.rank) {
    invalid(op, std::string(what) + " must be " + str(p.rank) + "-dimensional, got shape " +
                s.to_string() + ".");
  }
  return s.dims();
}

// input_sizes / filter_sizes: the gradient's shape, elements possibly unknown
// while a graph is built. Conv2DBackpropInput also takes the two spatial sizes
// alone; then `spatial_only` is set and batch and channels are left unknown.
Dims sizes_dims(const OpDef& op, const Parsed& p, const std::vector<int64_t>& v,
                bool& spatial_only) {
  const bool input = p.role == ConvRole::kBackpropInput;
  const char* name = input ? "input_sizes" : "filter_sizes";
  spatial_only = false;
  if (is_unknown_length(v)) return Dims(static_cast<size_t>(p.rank), kUnknownDim);
  const bool short_form = input && p.spatial == 2 && !p.depthwise;
  if (short_form && v.size() == 2) {
    spatial_only = true;
  } else if (v.size() != static_cast<size_t>(p.rank)) {
    invalid(op, std::string(name) + " must contain " + str(p.rank) + " values" +
                (short_form ? " or 2 values" : "") + ", but got: " +
                str(static_cast<int64_t>(v.size())) + " (" + text(v) + "): the " +
                (input ? "input" : "filter") + "'s shape.");
  }
  for (int64_t d : v) {
    if (is_known(d) && d < 0) {
      invalid(op, "Dimension " + str(d) + " must be >= 0 (" + name + " " + text(v) + ").");
    }
  }
  Dims dims(static_cast<size_t>(p.rank), kUnknownDim);
  for (size_t i = 0; i < v.size(); ++i) {
    size_t axis = spatial_only ? static_cast<size_t>(p.spatial_axis(static_cast<int>(i))) : i;
    dims[axis] = is_known(v[i]) ? v[i] : kUnknownDim;
  }
  return dims;
}

bool known(int64_t d) { return d != kUnknownDim; }
int64_t either(int64_t a, int64_t b) { return known(a) ? a : b; }

struct Window {
  int64_t out, before, after;
};

// TF's GetWindowedOutputSizeVerbose.
Window window(const OpDef& op, const Parsed& p, int i, int64_t in, int64_t k) {
  const size_t a = static_cast<size_t>(i);
  const int64_t s = p.stride[a];
  const i128 eff = static_cast<i128>(k - 1) * p.dilation[a] + 1;
  if (eff > kMaxWindow) {
    invalid(op, "the filter, dilated, spans more than 2^31 - 1 elements along spatial axis " +
                str(i) + " (filter size " + str(k) + ", dilation " + str(p.dilation[a]) +
                "), more than kiln's convolutions support.");
  }
  const bool explicit_pads = p.padding == Padding::kExplicit;
  const WindowSize ws = windowed_output_size(in, static_cast<int64_t>(eff), s,
                                             p.padding == Padding::kSame,
                                             explicit_pads ? p.pad_before[a] : 0,
                                             explicit_pads ? p.pad_after[a] : 0);
  if (ws.out < 0) {
    invalid(op, "Computed output size would be negative: " + str(ws.out) + " [input_size: " +
                str(in) + ", effective_filter_size: " + str(static_cast<int64_t>(eff)) +
                ", stride: " + str(s) + "]: the filter, dilated, is larger than the padded "
                "input along spatial axis " + str(i) + ".");
  }
  return {ws.out, ws.before, ws.after};
}

Shape data_shape(const Parsed& p, int64_t batch, int64_t channels,
                 const std::array<int64_t, 3>& sizes) {
  Dims d(static_cast<size_t>(p.rank));
  d[0] = batch;
  d[static_cast<size_t>(p.channel_axis())] = channels;
  for (int i = 0; i < p.spatial; ++i) {
    d[static_cast<size_t>(p.spatial_axis(i))] = sizes[static_cast<size_t>(i)];
  }
  return Shape(std::move(d));
}

}  // namespace

ConvCall resolve_conv(const OpDef& op, std::span<const TensorSpec> in, const Attrs& attrs) {
  const Parsed p = parse(op, attrs);
  const DType dtype = check_dtypes(op, p, in);

  // The three shapes of the convolution: input x, filter f, output y.
  Dims x, f, y;
  bool spatial_only = false;
  switch (p.role) {
    case ConvRole::kForward:
      x = with_rank(op, p, in[0].shape, "input");
      f = with_rank(op, p, in[1].shape, "filter");
      y = Dims(static_cast<size_t>(p.rank), kUnknownDim);
      break;
    case ConvRole::kBackpropInput:
      x = sizes_dims(op, p, attr<std::vector<int64_t>>(attrs, 0), spatial_only);
      f = with_rank(op, p, in[0].shape, "filter");
      y = with_rank(op, p, in[1].shape, "out_backprop");
      break;
    case ConvRole::kBackpropFilter:
      x = with_rank(op, p, in[0].shape, "input");
      f = sizes_dims(op, p, attr<std::vector<int64_t>>(attrs, 0), spatial_only);
      y = with_rank(op, p, in[1].shape, "out_backprop");
      break;
  }
  const size_t cx = static_cast<size_t>(p.channel_axis());
  const size_t sp = static_cast<size_t>(p.spatial);
  const int64_t fc = f[sp], fo = f[sp + 1];
  if (spatial_only) {  // TF: batch from out_backprop, depth from the filter
    x[0] = y[0];
    x[cx] = fc;
  }

  // The filter.
  for (size_t i = 0; i < sp; ++i) {
    if (f[i] == 0) {
      invalid(op, "filter must not have zero elements (i.e. all dimensions must be non-zero): "
                  "its spatial dimensions are " + list_text(std::span(f.data(), sp)) + ".");
    }
  }
  if (!p.depthwise && fc == 0) {
    invalid(op, "filter depth must be strictly positive, got 0: the filter's shape is " +
                Shape(f).to_string() + ".");
  }

  // Channels and groups.
  const int64_t c = x[cx], yc = y[cx];
  int64_t groups = 1, out_c = kUnknownDim;
  if (p.depthwise) {
    if (known(c) && known(fc) && c != fc) {
      invalid(op, "input and filter must have the same depth: " + str(c) + " vs " + str(fc) +
                  " (a depthwise filter is (height, width, in_channels, channel_multiplier)).");
    }
    const int64_t depth = either(c, fc);
    if (known(depth) && known(fo)) {
      if (static_cast<i128>(depth) * fo > std::numeric_limits<int64_t>::max()) {
        invalid(op, "in_channels * channel_multiplier overflows int64.");
      }
      out_c = depth * fo;
    }
    if (known(yc) && known(out_c) && yc != out_c) {
      invalid(op, "depth_multiplier * in_depth not equal to out_depth: " + str(fo) + " * " +
                  str(depth) + " vs " + str(yc) + " channels of out_backprop.");
    }
    groups = known(depth) ? std::max<int64_t>(depth, 1) : 1;
  } else {
    if (known(c) && known(fc) && c > 0) {
      if (c % fc != 0) {
        invalid(op, "input depth must be evenly divisible by filter depth: " + str(c) + " vs " +
                    str(fc) + " (the filter is (spatial..., in_channels / groups, "
                    "out_channels)).");
      }
      groups = c / fc;
      if (known(fo) && fo % groups != 0) {
        invalid(op, "output depth must be evenly divisible by number of groups: " + str(fo) +
                    " vs " + str(groups) + ".");
      }
    }
    out_c = fo;
    if (known(yc) && known(fo) && yc != fo) {
      invalid(op, "filter and out_backprop must have the same out_depth: the filter has " +
                  str(fo) + " output channels, out_backprop " + str(yc) + ".");
    }
  }
  out_c = either(out_c, yc);

  if (known(x[0]) && known(y[0]) && x[0] != y[0]) {
    invalid(op, "input and out_backprop must have the same batch size: " + str(x[0]) + " vs " +
                str(y[0]) + ".");
  }
  const int64_t batch = either(x[0], y[0]);

  // Spatial sizes, and the paddings they imply.
  cpu::ConvGeometry g;
  g.spatial = p.spatial;
  g.channels_last = p.channels_last;
  g.batch = batch;
  g.in_channels = c;
  g.out_channels = out_c;
  g.groups = groups;
  g.stride = p.stride;
  g.dilation = p.dilation;
  for (int i = 0; i < p.spatial; ++i) {
    const size_t a = static_cast<size_t>(i), axis = static_cast<size_t>(p.spatial_axis(i));
    const int64_t size = x[axis], k = f[a], given = y[axis];
    g.in[a] = size;
    g.kernel[a] = k;
    g.out[a] = given;
    if (!known(size) || !known(k)) continue;
    Window w = window(op, p, i, size, k);
    if (p.role != ConvRole::kForward && known(given) && given != w.out) {
      invalid(op, "Size of out_backprop doesn't match computed: actual = " + str(given) +
                  ", computed = " + str(w.out) +
                  " spatial_dim: " + str(static_cast<int64_t>(axis)) +
                  " input: " + str(size) + " filter: " + str(k) + " output: " + str(given) +
                  " stride: " + str(p.stride[a]) + " dilation: " + str(p.dilation[a]) +
                  " (out_backprop must have the shape of the convolution's output).");
    }
    g.out[a] = w.out;
    g.pad_before[a] = w.before;
    g.pad_after[a] = w.after;
  }

  switch (p.role) {
    case ConvRole::kForward:
      return {{dtype, data_shape(p, batch, out_c, g.out)}, g};
    case ConvRole::kBackpropInput:
      return {{dtype, Shape(x)}, g};
    case ConvRole::kBackpropFilter:
      break;
  }
  return {{dtype, Shape(f)}, g};
}

}  // namespace kiln
