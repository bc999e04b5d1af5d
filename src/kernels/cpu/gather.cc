// gather and gather_nd: every output block is one block of params, found by
// index values that are all checked before anything is copied.
#include "kernels/cpu/gather.h"

#include <string>

#include "kiln/error.h"

namespace kiln::cpu {
namespace {

int64_t product(const Dims& dims, size_t begin, size_t end) {
  int64_t n = 1;
  for (size_t i = begin; i < end; ++i) n *= dims[i];
  return n;
}

// The first position whose index is outside [0, limit), or -1. One unsigned
// compare catches negative values too.
template <class I>
int64_t first_out_of_range(const I* idx, int64_t n, int64_t limit) {
  for (int64_t i = 0; i < n; ++i) {
    if (static_cast<uint64_t>(static_cast<int64_t>(idx[i])) >= static_cast<uint64_t>(limit)) return i;
  }
  return -1;
}

template <class F>
decltype(auto) visit_index(const Array& indices, F&& f) {
  if (indices.dtype() == int32) return f(indices.data_as<int32_t>());
  return f(indices.data_as<int64_t>());
}

}  // namespace

Array gather(std::string_view op, const Array& params, const Array& indices_in, int64_t axis,
             int64_t batch_dims, const TensorSpec& out_spec) {
  Array indices = index_array(indices_in);
  const Dims& pd = params.dims();
  const int64_t limit = pd[static_cast<size_t>(axis)];
  int64_t bad = visit_index(indices, [&](auto* idx) { return first_out_of_range(idx, indices.size(), limit); });
  if (bad >= 0) {
    throw InvalidArgumentError(
        "[" + std::string(op) + "] indices[" + position_text(bad, indices.dims()) +
        "] = " + std::to_string(index_at(indices, bad)) + " is not in [0, " + std::to_string(limit) +
        "): it indexes axis " + std::to_string(axis) + " of params of shape " +
        params.shape().to_string() + ". Use indices in that range (negative indices are not "
        "allowed).");
  }
  Array out = Array::empty(params.dtype(), out_spec.shape);
  const int64_t outer = product(pd, 0, static_cast<size_t>(axis));  // batch and pre-axis dims
  const int64_t per_batch = product(pd, static_cast<size_t>(batch_dims), static_cast<size_t>(axis));
  const int64_t n = product(indices.dims(), static_cast<size_t>(batch_dims), indices.dims().size());
  const Block block = Block::trailing(params, axis + 1);
  const char* src = static_cast<const char*>(params.data());
  char* dst = static_cast<char*>(out.mutable_data());
  const int64_t step = params.strides()[static_cast<size_t>(axis)];
  visit_index(indices, [&](auto* idx) {
    if (outer == 1) {  // the common case: no batch and axis 0
      copy_blocks(src, block, n, [=](int64_t t) { return idx[t] * step; }, dst);
      return;
    }
    if (n == 0) return;
    copy_blocks(src, block, outer * n, [&](int64_t t) {
      int64_t q = t / n;
      int64_t b = q / per_batch;
      return strided_offset(q, pd.data(), params.strides().data(), axis) + idx[b * n + t % n] * step;
    }, dst);
  });
  return out;
}

Array gather_nd(std::string_view op, const Array& params, const Array& indices_in, int64_t batch_dims,
                const TensorSpec& out_spec) {
  Array indices = index_array(indices_in);
  const Dims& pd = params.dims();
  const Dims& id = indices.dims();
  const size_t bd = static_cast<size_t>(batch_dims);
  const int64_t m = id.back();
  const int64_t tuples = product(id, 0, id.size() - 1);
  const int64_t n = product(id, bd, id.size() - 1);  // tuples per batch
  check_index_tuples(op, indices, params.shape(), batch_dims, "params");
  Array out = Array::empty(params.dtype(), out_spec.shape);
  const Block block = Block::trailing(params, batch_dims + m);
  const char* src = static_cast<const char*>(params.data());
  const int64_t* strides = params.strides().data();
  if (n == 0 || out.size() == 0) return out;  // nothing to copy, however many tuples
  visit_index(indices, [&](auto* idx) {
    copy_blocks(src, block, tuples, [&](int64_t t) {
      int64_t offset = strided_offset(t / n, pd.data(), strides, batch_dims);
      for (int64_t j = 0; j < m; ++j) offset += idx[t * m + j] * strides[bd + static_cast<size_t>(j)];
      return offset;
    }, static_cast<char*>(out.mutable_data()));
  });
  return out;
}

}  // namespace kiln::cpu
