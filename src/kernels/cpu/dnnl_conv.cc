// Convolutions on oneDNN (float32, and float16 / bfloat16 through float32),
// and the dtype dispatch of dnnl_conv.h.
//
// Each primitive is built once per geometry (and thread count) and kept in
// dnnl_util's cache. The filter is described to oneDNN as format_tag::any,
// so oneDNN picks the blocked weights layout its fastest (JIT) implementation
// wants, and each call reorders TF's filter into it (tens of microseconds for
// 3x3x64x64; caching the reordered filter would need to know that its values
// did not change). Activations stay in kiln's layout (NHWC or NCHW, as
// given), except for the forward convolutions that blocked_activations()
// picks, which gain more from oneDNN's blocked layout than the two reorders
// cost. The gradients run on kiln's layout.
// Scratchpads are allocated per call (scratchpad_mode::user), so one cached
// primitive may run on several threads at once.
#include "kernels/cpu/dnnl_conv.h"

#include <cstring>
#include <memory>
#include <optional>
#include <unordered_map>

#include "kernels/cpu/cast.h"
#include "kernels/cpu/dnnl_context.h"

namespace kiln::cpu {
namespace {

using dnnl::memory;
namespace du = dnnl_util;

memory::dims spatial_dims(const std::array<int64_t, 3>& v, int n) {
  return memory::dims(v.begin(), v.begin() + n);
}

memory::dims data_dims(const ConvGeometry& g, int64_t channels,
                       const std::array<int64_t, 3>& sizes) {
  memory::dims d{g.batch, channels};
  for (int i = 0; i < g.spatial; ++i) d.push_back(sizes[static_cast<size_t>(i)]);
  return d;
}

memory::desc data_md(const ConvGeometry& g, int64_t channels, const std::array<int64_t, 3>& sizes,
                     memory::data_type dt) {
  using tag = memory::format_tag;
  tag t = g.spatial == 2 ? (g.channels_last ? tag::nhwc : tag::nchw)
                         : (g.channels_last ? tag::ndhwc : tag::ncdhw);
  return memory::desc(data_dims(g, channels, sizes), dt, t);
}

// TF's filter (kernel..., C / G, O) as oneDNN's weights: (O, I, kernel...)
// or, grouped, (G, O / G, I / G, kernel...), described by strides.
memory::desc weights_user_md(const ConvGeometry& g, memory::data_type dt) {
  const int64_t ipg = g.in_per_group(), opg = g.out_per_group(), o = g.out_channels;
  memory::dims dims, strides;
  if (g.groups > 1) {
    dims = {g.groups, opg, ipg};
    strides = {opg, 1, o};
  } else {
    dims = {o, ipg};
    strides = {1, o};
  }
  // Kernel axes, innermost last: the last one steps over I * O elements.
  memory::dims kstrides(static_cast<size_t>(g.spatial));
  int64_t step = ipg * o;
  for (int i = g.spatial - 1; i >= 0; --i) {
    kstrides[static_cast<size_t>(i)] = step;
    step *= g.kernel[static_cast<size_t>(i)];
  }
  for (int i = 0; i < g.spatial; ++i) {
    dims.push_back(g.kernel[static_cast<size_t>(i)]);
    strides.push_back(kstrides[static_cast<size_t>(i)]);
  }
  return memory::desc(dims, dt, strides);
}

memory::desc weights_any_md(const ConvGeometry& g, memory::data_type dt) {
  memory::desc user = weights_user_md(g, dt);
  return memory::desc(user.dims(), dt, memory::format_tag::any);
}

// Everything that decides a primitive (dnnl_util::cached adds the thread count).
du::Key conv_key(const char* kind, const ConvGeometry& g, memory::data_type dt) {
  du::Key k(kind);
  k.add(g.spatial).add(g.channels_last ? 1 : 0).add(g.batch).add(g.in_channels);
  k.add(g.out_channels).add(g.groups).add(static_cast<int64_t>(dt));
  for (const auto* v :
       {&g.in, &g.kernel, &g.out, &g.stride, &g.dilation, &g.pad_before, &g.pad_after}) {
    k.add(std::span<const int64_t>(v->data(), static_cast<size_t>(g.spatial)));
  }
  return k;
}

struct ConvParams {
  memory::dims strides, dilates, pad_l, pad_r;
};

ConvParams params(const ConvGeometry& g) {
  ConvParams p{spatial_dims(g.stride, g.spatial), spatial_dims(g.dilation, g.spatial),
               spatial_dims(g.pad_before, g.spatial), spatial_dims(g.pad_after, g.spatial)};
  for (auto& d : p.dilates) d -= 1;  // oneDNN counts the zeros between taps
  return p;
}

// A layout change of the filter, with its primitive_desc (for its scratchpad).
struct Reorder {
  dnnl::reorder::primitive_desc pd;
  dnnl::reorder prim;
};

// A reorder between two layouts, or none when they are the same.
std::optional<Reorder> reorder_between(const memory::desc& from, const memory::desc& to) {
  if (from == to) return std::nullopt;
  dnnl::reorder::primitive_desc pd(du::engine(), from, du::engine(), to, du::cached_attr());
  return Reorder{pd, dnnl::reorder(pd)};
}

void run_reorder(const Reorder& r, const memory& from, const memory& to) {
  du::execute("conv reorder", r.prim, r.pd.scratchpad_desc(),
              {{DNNL_ARG_FROM, from}, {DNNL_ARG_TO, to}});
}

// `user` as the primitive wants it: itself, or a reordered copy.
memory as_wanted(const std::optional<Reorder>& r, const memory& user, const memory::desc& wanted) {
  if (!r) return user;
  memory m(wanted, du::engine());
  run_reorder(*r, user, m);
  return m;
}

// blocked: let oneDNN choose the activations' layout too (format_tag::any).
dnnl::convolution_forward::primitive_desc forward_pd(const ConvGeometry& g, memory::data_type dt,
                                                     const dnnl::primitive_attr& attr,
                                                     bool blocked = false) {
  ConvParams p = params(g);
  auto layout = [&](const memory::desc& d) {
    return blocked ? memory::desc(d.dims(), dt, memory::format_tag::any) : d;
  };
  dnnl::convolution_forward::desc d(
      dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
      layout(data_md(g, g.in_channels, g.in, dt)), weights_any_md(g, dt),
      layout(data_md(g, g.out_channels, g.out, dt)), p.strides, p.dilates, p.pad_l, p.pad_r);
  return {d, attr, du::engine()};
}

struct Forward {
  dnnl::convolution_forward::primitive_desc pd;
  dnnl::convolution_forward prim;
  std::optional<Reorder> weights_in, src_in, dst_out;
};

// Whether the forward convolution runs on oneDNN's blocked activation
// layout (nChw8c on AVX2), reordering its input and output, rather than on
// kiln's. Measured on AVX2 (bench/nn_conv.py and the shapes of its notes):
// blocked is 13-15% faster for 3x3 convolutions of 64 or more channels
// (reorders included), but slower for 1x1 (-27%), few-channel (7x7x3:
// -14%) and depthwise or grouped ones (2.5x), where there is too little
// work per output element to pay for the two reorders.
bool blocked_activations(const ConvGeometry& g) {
  int64_t taps = 1;
  for (int i = 0; i < g.spatial; ++i) taps *= g.kernel[static_cast<size_t>(i)];
  return g.groups == 1 && taps > 1 && taps * g.in_per_group() >= 256;
}

// A temporary for the blocked input (slot 0) or output (slot 1), kept by
// the thread between calls up to kKeptBytes: touching fresh pages costs a
// fault each, which for a 25 MB activation was as long as the reorder.
constexpr size_t kKeptBytes = size_t{64} << 20;

memory temporary(const memory::desc& d, int slot) {
  struct Slot {
    std::unique_ptr<char[]> data;
    size_t size = 0;
  };
  thread_local Slot slots[2];
  const size_t need = d.get_size() + 64;
  if (need > kKeptBytes) return memory(d, du::engine());
  Slot& s = slots[slot];
  if (s.size < need) {
    s.data.reset(new char[need]);
    s.size = need;
  }
  void* p = s.data.get();
  size_t space = s.size;
  return memory(d, du::engine(), std::align(64, d.get_size(), p, space));
}

Array forward_f32(const Array& input, const Array& filter, const ConvGeometry& g) {
  const memory::data_type dt = memory::data_type::f32;
  const memory::desc src_user = data_md(g, g.in_channels, g.in, dt);
  const memory::desc dst_user = data_md(g, g.out_channels, g.out, dt);
  auto e = du::cached<Forward>(conv_key("conv_forward", g, dt), [&] {
    auto pd = forward_pd(g, dt, du::cached_attr(), blocked_activations(g));
    return std::make_shared<Forward>(Forward{
        pd, dnnl::convolution_forward(pd),
        reorder_between(weights_user_md(g, dt), pd.weights_desc()),
        reorder_between(src_user, pd.src_desc()), reorder_between(pd.dst_desc(), dst_user)});
  });
  Array out = Array::empty(float32, conv_output_shape(g));
  memory w =
      as_wanted(e->weights_in, du::wrap(filter, weights_user_md(g, dt)), e->pd.weights_desc());
  memory src = du::wrap(input, src_user);
  if (e->src_in) {
    memory blocked = temporary(e->pd.src_desc(), 0);
    run_reorder(*e->src_in, src, blocked);
    src = blocked;
  }
  memory user_dst = du::wrap(out, dst_user);
  memory dst = e->dst_out ? temporary(e->pd.dst_desc(), 1) : user_dst;
  du::execute("conv_forward", e->prim, e->pd.scratchpad_desc(),
              {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_DST, dst}});
  if (e->dst_out) run_reorder(*e->dst_out, dst, user_dst);
  return out;
}

struct BackwardData {
  dnnl::convolution_backward_data::primitive_desc pd;
  dnnl::convolution_backward_data prim;
  std::optional<Reorder> weights_in;
};

Array backward_input_f32(const Array& filter, const Array& out_grad, const ConvGeometry& g) {
  const memory::data_type dt = memory::data_type::f32;
  auto e = du::cached<BackwardData>(conv_key("conv_backward_input", g, dt), [&] {
    ConvParams p = params(g);
    dnnl::convolution_backward_data::desc d(
        dnnl::algorithm::convolution_direct, data_md(g, g.in_channels, g.in, dt),
        weights_any_md(g, dt), data_md(g, g.out_channels, g.out, dt), p.strides, p.dilates, p.pad_l,
        p.pad_r);
    auto hint = forward_pd(g, dt, dnnl::primitive_attr());
    dnnl::convolution_backward_data::primitive_desc pd(d, du::cached_attr(), du::engine(), hint);
    return std::make_shared<BackwardData>(
        BackwardData{pd, dnnl::convolution_backward_data(pd),
                     reorder_between(weights_user_md(g, dt), pd.weights_desc())});
  });
  Array dx = Array::empty(float32, conv_input_shape(g));
  memory w =
      as_wanted(e->weights_in, du::wrap(filter, weights_user_md(g, dt)), e->pd.weights_desc());
  du::execute("conv_backward_input", e->prim, e->pd.scratchpad_desc(),
              {{DNNL_ARG_DIFF_DST, du::wrap(out_grad, e->pd.diff_dst_desc())},
               {DNNL_ARG_WEIGHTS, w},
               {DNNL_ARG_DIFF_SRC, du::wrap(dx, e->pd.diff_src_desc())}});
  return dx;
}

struct BackwardWeights {
  dnnl::convolution_backward_weights::primitive_desc pd;
  dnnl::convolution_backward_weights prim;
  std::optional<Reorder> weights_out;
};

Array backward_filter_f32(const Array& input, const Array& out_grad, const ConvGeometry& g) {
  const memory::data_type dt = memory::data_type::f32;
  auto e = du::cached<BackwardWeights>(conv_key("conv_backward_filter", g, dt), [&] {
    ConvParams p = params(g);
    dnnl::convolution_backward_weights::desc d(
        dnnl::algorithm::convolution_direct, data_md(g, g.in_channels, g.in, dt),
        weights_any_md(g, dt), data_md(g, g.out_channels, g.out, dt), p.strides, p.dilates, p.pad_l,
        p.pad_r);
    auto hint = forward_pd(g, dt, dnnl::primitive_attr());
    dnnl::convolution_backward_weights::primitive_desc pd(d, du::cached_attr(), du::engine(), hint);
    return std::make_shared<BackwardWeights>(
        BackwardWeights{pd, dnnl::convolution_backward_weights(pd),
                        reorder_between(pd.diff_weights_desc(), weights_user_md(g, dt))});
  });
  Array dw = Array::empty(float32, conv_filter_shape(g));
  memory user = du::wrap(dw, weights_user_md(g, dt));
  memory got = e->weights_out ? memory(e->pd.diff_weights_desc(), du::engine()) : user;
  du::execute("conv_backward_filter", e->prim, e->pd.scratchpad_desc(),
              {{DNNL_ARG_SRC, du::wrap(input, e->pd.src_desc())},
               {DNNL_ARG_DIFF_DST, du::wrap(out_grad, e->pd.diff_dst_desc())},
               {DNNL_ARG_DIFF_WEIGHTS, got}});
  if (e->weights_out) run_reorder(*e->weights_out, got, user);
  return dw;
}

Array zeros(DType dtype, const Shape& shape) {
  Array a = Array::empty(dtype, shape);
  if (a.nbytes() > 0) std::memset(a.mutable_data(), 0, static_cast<size_t>(a.nbytes()));
  return a;  // all-zero bits are 0.0 in every floating dtype
}

Array to_dtype(const Array& a, DType dtype) {
  if (a.dtype() == dtype) return a.contiguous();
  Array out = Array::empty(dtype, a.shape());
  cast(a, out, /*saturate=*/false);
  return out;
}

// float32 runs on oneDNN, float64 on gemm, the 16-bit floats on float32
// copies (rounded once, at the end).
template <class Dnnl, class Gemm>
Array dispatch(const Array& a, const Array& b, const ConvGeometry& g, Dnnl dnnl_fn, Gemm gemm_fn) {
  DType dtype = a.dtype();
  if (dtype == float64) return gemm_fn(a.contiguous(), b.contiguous(), g);
  if (dtype == float32) return dnnl_fn(a.contiguous(), b.contiguous(), g);
  return to_dtype(dnnl_fn(to_dtype(a, float32), to_dtype(b, float32), g), dtype);
}

}  // namespace

namespace {

Shape data_shape(const ConvGeometry& g, int64_t channels, const std::array<int64_t, 3>& sizes) {
  Dims d{g.batch};
  if (!g.channels_last) d.push_back(channels);
  for (int i = 0; i < g.spatial; ++i) d.push_back(sizes[static_cast<size_t>(i)]);
  if (g.channels_last) d.push_back(channels);
  return Shape(std::move(d));
}

}  // namespace

Shape conv_input_shape(const ConvGeometry& g) { return data_shape(g, g.in_channels, g.in); }
Shape conv_output_shape(const ConvGeometry& g) { return data_shape(g, g.out_channels, g.out); }
Shape conv_filter_shape(const ConvGeometry& g) {
  Dims d;
  for (int i = 0; i < g.spatial; ++i) d.push_back(g.kernel[static_cast<size_t>(i)]);
  d.push_back(g.in_per_group());
  d.push_back(g.out_channels);
  return Shape(std::move(d));
}

// Empty operands: no primitive (oneDNN wants positive sizes). An empty
// input still gives an output of padding alone, which is zero.
Array conv_forward(const Array& input, const Array& filter, const ConvGeometry& g) {
  Shape shape = conv_output_shape(g);
  if (shape.num_elements() == 0 || input.size() == 0) return zeros(input.dtype(), shape);
  return dispatch(input, filter, g, forward_f32, conv_forward_gemm);
}

Array conv_backward_input(const Array& filter, const Array& out_grad, const ConvGeometry& g) {
  Shape shape = conv_input_shape(g);
  if (shape.num_elements() == 0 || out_grad.size() == 0) return zeros(filter.dtype(), shape);
  return dispatch(filter, out_grad, g, backward_input_f32, conv_backward_input_gemm);
}

Array conv_backward_filter(const Array& input, const Array& out_grad, const ConvGeometry& g) {
  Shape shape = conv_filter_shape(g);
  if (shape.num_elements() == 0 || out_grad.size() == 0 || input.size() == 0) {
    return zeros(input.dtype(), shape);
  }
  return dispatch(input, out_grad, g, backward_filter_f32, conv_backward_filter_gemm);
}

}  // namespace kiln::cpu
