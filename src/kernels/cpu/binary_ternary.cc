// Ternary elementwise kernels of the binary family (where, clip_by_value):
// three operands broadcast to the output, walked by the same loop.
#include <cstdint>
#include <string>

#include "kernels/cpu/binary.h"
#include "kernels/cpu/binary_functors.h"
#include "kernels/cpu/binary_loop.h"
#include "kiln/error.h"
#include "core/broadcast.h"

namespace kiln::cpu {
namespace {

// Calls out[i] = f(a[i], b[i], c[i]) over the broadcast operands. Inner loops
// read through load_value (memcpy), which compilers vectorise for dense rows
// and which is safe for unaligned foreign memory.
template <class A, class B, class C, class Out, class F>
void ternary_apply(const Array& x, const Array& y, const Array& z, Array& out, F f) {
  const Dims& dims = out.dims();
  Loop<4> loop = make_loop<4>(dims, {out.strides(), broadcast_strides(x, dims),
                                     broadcast_strides(y, dims), broadcast_strides(z, dims)});
  const int64_t s1 = loop.inner_stride(1), s2 = loop.inner_stride(2), s3 = loop.inner_stride(3);
  char* o = static_cast<char*>(out.mutable_data());
  const char* a = static_cast<const char*>(x.data());
  const char* b = static_cast<const char*>(y.data());
  const char* c = static_cast<const char*>(z.data());
  run_loop(loop, [&](const std::array<int64_t, 4>& off, int64_t n) {
    Out* po = reinterpret_cast<Out*>(o + off[0]);
    const char* pa = a + off[1];
    const char* pb = b + off[2];
    const char* pc = c + off[3];
    for (int64_t i = 0; i < n; ++i) {
      po[i] = f(load_value<A>(pa + i * s1), load_value<B>(pb + i * s2), load_value<C>(pc + i * s3));
    }
  });
}

}  // namespace

void select(const Array& condition, const Array& x, const Array& y, Array& out) {
  visit_dtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    ternary_apply<bool, T, T, T>(condition, x, y, out,
                                 [](bool c, T a, T b) { return c ? a : b; });
  });
}

// TF's order: minimum with the upper bound first, then maximum with the
// lower one (so lo > hi gives lo, and NaN anywhere stays NaN).
void clip(const Array& t, const Array& lo, const Array& hi, Array& out) {
  visit_dtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (fn::kReal<T>) {
      ternary_apply<T, T, T, T>(t, lo, hi, out, [](T v, T l, T h) {
        return fn::Maximum{}(fn::Minimum{}(v, h), l);
      });
    } else {
      throw InternalError("clip kernel: unsupported dtype " + std::string(out.dtype().name()));
    }
  });
}

}  // namespace kiln::cpu
