// The pooling loops on C-contiguous channels-last arrays ([batch, d, h, w, c])
// of one real element type (float, double or an integer type): for each
// window step, one pass over the channels, which the compiler vectorizes.
// pool_loops.cc brings every layout and dtype here; see pool_loops.h for
// what each computes. Outputs are preallocated and fully written.
#pragma once

#include "kernels/cpu/pool_loops.h"

namespace kiln::cpu::nhwc {

void max_pool(const Array& x, Array& y, const PoolWindow& w);
void avg_pool(const Array& x, Array& y, const PoolWindow& w);  // float, double
void max_pool_grad(const Array& x, const Array& dy, Array& dx, const PoolWindow& w);
void avg_pool_grad(const Array& dy, Array& dx, const PoolWindow& w);  // float, double
void max_pool_grad_grad(const Array& x, const Array& ddx, Array& out, const PoolWindow& w);
// 2-D; argmax int32 or int64.
void max_pool_with_argmax(const Array& x, Array& y, Array& argmax, const PoolWindow& w,
                          bool include_batch);
void max_pool_grad_with_argmax(const Array& dy, const Array& argmax, Array& dx,
                               const PoolWindow& w, bool include_batch);

}  // namespace kiln::cpu::nhwc
