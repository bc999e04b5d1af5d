// float64 convolutions (oneDNN has no float64): im2col and OpenBLAS's dgemm.
//
// Work is done in channels-last layout (channels-first tensors are
// transposed in and out). For each image and group, the input patches of
// every output position are gathered into a matrix col (P x K*Ipg: P output
// positions, K kernel taps, Ipg input channels of the group), and
//   forward:          out_g  = col_g  @ W_g          (P x Opg)
//   gradient input:   dcol_g = dout_g @ W_g^T,  scattered back (col2im)
//   gradient filter:  dW_g  += col_g^T @ dout_g     (summed over images)
// where W_g, the group's (K*Ipg x Opg) block of TF's filter (kernel..., Ipg,
// O), is read in place with leading dimension O. 2-D convolutions are 3-D
// ones with a depth of 1.
#include <cblas.h>

#include <cstring>
#include <vector>

#include "kernels/cpu/dnnl_conv.h"
#include "core/parallel.h"

namespace kiln::cpu {
namespace {

// The geometry with 3 spatial axes (a 2-D convolution gets depth 1 in front).
struct Geometry3 {
  int64_t batch, in_channels, out_channels, groups, ipg, opg;
  int64_t in[3], kernel[3], out[3], stride[3], dilation[3], pad[3];
  int64_t taps() const { return kernel[0] * kernel[1] * kernel[2]; }
  int64_t positions() const { return out[0] * out[1] * out[2]; }
  int64_t in_pixels() const { return in[0] * in[1] * in[2]; }
};

Geometry3 as_3d(const ConvGeometry& g) {
  Geometry3 r{g.batch, g.in_channels, g.out_channels, g.groups, g.in_per_group(),
              g.out_per_group(), {}, {}, {}, {}, {}, {}};
  const int shift = 3 - g.spatial;
  for (int i = 0; i < 3; ++i) {
    const bool real = i >= shift;
    const size_t j = static_cast<size_t>(i - shift);
    r.in[i] = real ? g.in[j] : 1;
    r.kernel[i] = real ? g.kernel[j] : 1;
    r.out[i] = real ? g.out[j] : 1;
    r.stride[i] = real ? g.stride[j] : 1;
    r.dilation[i] = real ? g.dilation[j] : 1;
    r.pad[i] = real ? g.pad_before[j] : 0;
  }
  return r;
}

// (N, C, s...) <-> (N, s..., C), as C-contiguous copies.
Array to_channels_last(const Array& x) {
  std::vector<int64_t> perm{0};
  for (int64_t i = 2; i < x.ndim(); ++i) perm.push_back(i);
  perm.push_back(1);
  return x.transpose(perm).copy();
}

Array to_channels_first(const Array& x) {
  std::vector<int64_t> perm{0, x.ndim() - 1};
  for (int64_t i = 1; i < x.ndim() - 1; ++i) perm.push_back(i);
  return x.transpose(perm).copy();
}

// Calls fn(p, k, offset) for each output position p and kernel tap k whose
// input pixel lies inside the image, offset being that pixel's index.
template <class Fn>
void for_each_tap(const Geometry3& g, int64_t p_begin, int64_t p_end, Fn&& fn) {
  for (int64_t p = p_begin; p < p_end; ++p) {
    const int64_t o0 = p / (g.out[1] * g.out[2]), o1 = (p / g.out[2]) % g.out[1],
                  o2 = p % g.out[2];
    int64_t k = 0;
    for (int64_t k0 = 0; k0 < g.kernel[0]; ++k0) {
      const int64_t i0 = o0 * g.stride[0] - g.pad[0] + k0 * g.dilation[0];
      for (int64_t k1 = 0; k1 < g.kernel[1]; ++k1) {
        const int64_t i1 = o1 * g.stride[1] - g.pad[1] + k1 * g.dilation[1];
        for (int64_t k2 = 0; k2 < g.kernel[2]; ++k2, ++k) {
          const int64_t i2 = o2 * g.stride[2] - g.pad[2] + k2 * g.dilation[2];
          if (i0 < 0 || i0 >= g.in[0] || i1 < 0 || i1 >= g.in[1] || i2 < 0 || i2 >= g.in[2]) {
            continue;
          }
          fn(p, k, (i0 * g.in[1] + i1) * g.in[2] + i2);
        }
      }
    }
  }
}

// col (P x K*Ipg) of group `group` of one channels-last image.
void im2col(const Geometry3& g, const double* image, int64_t group, double* col) {
  const int64_t row = g.taps() * g.ipg;
  const int64_t grain = std::max<int64_t>(1, kParallelThreshold / std::max<int64_t>(row, 1));
  parallel_for(g.positions(), grain, [&](int64_t begin, int64_t end) {
    std::memset(col + begin * row, 0, static_cast<size_t>((end - begin) * row) * sizeof(double));
    for_each_tap(g, begin, end, [&](int64_t p, int64_t k, int64_t pixel) {
      std::memcpy(col + p * row + k * g.ipg, image + pixel * g.in_channels + group * g.ipg,
                  static_cast<size_t>(g.ipg) * sizeof(double));
    });
  });
}

// The transpose of im2col: adds col's entries into the image's pixels
// (serially: taps of different positions hit the same pixel).
void col2im(const Geometry3& g, const double* col, int64_t group, double* image) {
  const int64_t row = g.taps() * g.ipg;
  for_each_tap(g, 0, g.positions(), [&](int64_t p, int64_t k, int64_t pixel) {
    const double* from = col + p * row + k * g.ipg;
    double* to = image + pixel * g.in_channels + group * g.ipg;
    for (int64_t i = 0; i < g.ipg; ++i) to[i] += from[i];
  });
}

int blas_int(int64_t v) { return static_cast<int>(v); }

}  // namespace

Array conv_forward_gemm(const Array& input, const Array& filter, const ConvGeometry& geometry) {
  const Geometry3 g = as_3d(geometry);
  Array x = geometry.channels_last ? input.contiguous() : to_channels_last(input);
  ConvGeometry last = geometry;
  last.channels_last = true;
  Array out = Array::empty(float64, conv_output_shape(last));
  const int64_t P = g.positions(), KI = g.taps() * g.ipg;
  std::vector<double> col(static_cast<size_t>(P * KI));
  const double* w = filter.data_as<double>();
  for (int64_t n = 0; n < g.batch; ++n) {
    const double* image = x.data_as<double>() + n * g.in_pixels() * g.in_channels;
    double* y = static_cast<double*>(out.mutable_data()) + n * P * g.out_channels;
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      im2col(g, image, grp, col.data());
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, blas_int(P), blas_int(g.opg),
                  blas_int(KI), 1.0, col.data(), blas_int(KI), w + grp * g.opg,
                  blas_int(g.out_channels), 0.0, y + grp * g.opg, blas_int(g.out_channels));
    }
  }
  return geometry.channels_last ? out : to_channels_first(out);
}

Array conv_backward_input_gemm(const Array& filter, const Array& out_grad,
                               const ConvGeometry& geometry) {
  const Geometry3 g = as_3d(geometry);
  Array dy = geometry.channels_last ? out_grad.contiguous() : to_channels_last(out_grad);
  ConvGeometry last = geometry;
  last.channels_last = true;
  Array dx = Array::empty(float64, conv_input_shape(last));
  std::memset(dx.mutable_data(), 0, static_cast<size_t>(dx.nbytes()));
  const int64_t P = g.positions(), KI = g.taps() * g.ipg;
  std::vector<double> col(static_cast<size_t>(P * KI));
  const double* w = filter.data_as<double>();
  for (int64_t n = 0; n < g.batch; ++n) {
    const double* grad = dy.data_as<double>() + n * P * g.out_channels;
    double* image = static_cast<double*>(dx.mutable_data()) + n * g.in_pixels() * g.in_channels;
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, blas_int(P), blas_int(KI),
                  blas_int(g.opg), 1.0, grad + grp * g.opg, blas_int(g.out_channels),
                  w + grp * g.opg, blas_int(g.out_channels), 0.0, col.data(), blas_int(KI));
      col2im(g, col.data(), grp, image);
    }
  }
  return geometry.channels_last ? dx : to_channels_first(dx);
}

Array conv_backward_filter_gemm(const Array& input, const Array& out_grad,
                                const ConvGeometry& geometry) {
  const Geometry3 g = as_3d(geometry);
  Array x = geometry.channels_last ? input.contiguous() : to_channels_last(input);
  Array dy = geometry.channels_last ? out_grad.contiguous() : to_channels_last(out_grad);
  Array dw = Array::empty(float64, conv_filter_shape(geometry));
  std::memset(dw.mutable_data(), 0, static_cast<size_t>(dw.nbytes()));
  const int64_t P = g.positions(), KI = g.taps() * g.ipg;
  std::vector<double> col(static_cast<size_t>(P * KI));
  double* w = static_cast<double*>(dw.mutable_data());
  for (int64_t n = 0; n < g.batch; ++n) {
    const double* image = x.data_as<double>() + n * g.in_pixels() * g.in_channels;
    const double* grad = dy.data_as<double>() + n * P * g.out_channels;
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      im2col(g, image, grp, col.data());
      cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, blas_int(KI), blas_int(g.opg),
                  blas_int(P), 1.0, col.data(), blas_int(KI), grad + grp * g.opg,
                  blas_int(g.out_channels), 1.0, w + grp * g.opg, blas_int(g.out_channels));
    }
  }
  return dw;
}

}  // namespace kiln::cpu
