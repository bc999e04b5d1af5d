#include "runtime/fused_chain.h"

#include <algorithm>

#include "core/broadcast.h"
#include "core/parallel.h"
#include "kiln/error.h"

namespace kiln {
namespace {

// Elements per tile: as many as keep the chain's intermediate tiles within
// kScratchBytes (a core's L2 holds them while the inputs stream past), a
// power of two from 4,096 to 32,768. Longer tiles mean longer streams for
// the hardware prefetcher: a*b + c*d - e on 16M float32 took 2.4-2.5 copies'
// worth of time with 32,768 and 2.6-2.8 with 8,192 (docs/plans.md).
constexpr int64_t kScratchBytes = 384 << 10;
constexpr int64_t kMinTile = 4096, kMaxTile = 32768;

int64_t tile_elements(const std::vector<FusedChain::Op>& ops) {
  int64_t bytes = 0;  // per element, over the intermediates (all but the last op's result)
  for (size_t i = 0; i + 1 < ops.size(); ++i) bytes += static_cast<int64_t>(ops[i].dtype.size());
  int64_t tile = kMaxTile;
  while (tile > kMinTile && tile * bytes > kScratchBytes) tile /= 2;
  return tile;
}

// The output's axes after dropping those of size 1 and merging neighbours
// that every operand walks as one (for same-shaped contiguous operands: one
// axis). strides[k] are operand k's byte strides: the inputs, then the output.
struct Layout {
  Dims dims;
  std::vector<Strides> strides;
};

Layout merge_axes(std::span<const Array> inputs, const Array& out) {
  const Dims& dims = out.dims();
  std::vector<Strides> given;
  for (const Array& a : inputs) given.push_back(broadcast_strides(a, dims));
  given.push_back(out.strides());
  Layout l;
  l.strides.resize(given.size());
  for (size_t axis = 0; axis < dims.size(); ++axis) {
    const int64_t d = dims[axis];
    if (d == 1) continue;
    bool merge = !l.dims.empty();
    for (size_t k = 0; merge && k < given.size(); ++k) {
      merge = l.strides[k].back() == given[k][axis] * d;
    }
    if (merge) {
      l.dims.back() *= d;
      for (size_t k = 0; k < given.size(); ++k) l.strides[k].back() = given[k][axis];
      continue;
    }
    l.dims.push_back(d);
    for (size_t k = 0; k < given.size(); ++k) l.strides[k].push_back(given[k][axis]);
  }
  return l;
}

// Tiles cut the merged output into blocks of at most `tile` elements: whole
// trailing axes that fit ("inner"), times a chunk of the axis before them,
// at each index of the axes further out.
struct Tiling {
  int split = -1;          // the axis cut into chunks; -1: one tile holds everything
  int64_t chunk = 1;       // its elements per tile
  int64_t chunks_per = 1;  // tiles along it
  int64_t count = 1;       // tiles in all

  Tiling(const Dims& dims, int64_t tile) {
    auto axis = static_cast<int>(dims.size());
    int64_t inner = 1;
    while (axis > 0 && inner * dims[static_cast<size_t>(axis - 1)] <= tile) {
      inner *= dims[static_cast<size_t>(--axis)];
    }
    if (axis == 0) return;
    split = axis - 1;
    const int64_t n = dims[static_cast<size_t>(split)];
    chunk = std::max<int64_t>(1, tile / inner);
    chunks_per = (n + chunk - 1) / chunk;
    count = chunks_per;
    for (int a = 0; a < split; ++a) count *= dims[static_cast<size_t>(a)];
  }
};

}  // namespace

void rethrow_in_node(const Error& e, const std::string& node_name) {
  throw_error(e.code(), std::string(e.what()) + " (while running node '" + node_name + "')");
}

TensorSpec FusedChain::infer(std::span<const TensorSpec> inputs) const {
  std::vector<TensorSpec> results;
  boost::container::small_vector<TensorSpec, 3> specs;
  for (const Op& o : ops) {
    specs.clear();
    for (int k : o.operands) {
      specs.push_back(is_result(k) ? results[static_cast<size_t>(op_of(k))]
                                   : inputs[static_cast<size_t>(k)]);
    }
    try {
      Specs out = o.op->infer(*o.op, as_span(specs), o.attrs);
      results.push_back(out.at(0));
    } catch (const Error& e) {
      rethrow_in_node(e, o.node_name);
    }
  }
  return results.back();
}

void FusedChain::run_small(std::span<const Array> inputs, Array& out) const {
  // One tile: inputs of the output's shape are read as they are; others are
  // seen broadcast (a unary kernel needs its input at its output's shape).
  boost::container::small_vector<Array, 4> views;
  for (const Array& a : inputs) {
    views.push_back(a.dims() == out.dims()
                        ? a
                        : Array::view_of(a.buffer(), a.dtype(), out.shape(),
                                         broadcast_strides(a, out.dims()), a.offset()));
  }
  boost::container::small_vector<Array, 4> results(ops.size());
  for (size_t i = 0; i < ops.size(); ++i) {
    results[i] = i + 1 == ops.size() ? out : Array::empty(ops[i].dtype, out.shape());
    apply(i, as_span(views), {results.data(), results.size()});
  }
}

void FusedChain::apply(size_t i, std::span<const Array> inputs, std::span<Array> results) const {
  const Op& o = ops[i];
  boost::container::small_vector<Array, 3> operands;
  for (int k : o.operands) {
    operands.push_back(is_result(k) ? results[static_cast<size_t>(op_of(k))]
                                    : inputs[static_cast<size_t>(k)]);
  }
  try {
    o.op->cpu_into(*o.op, as_span(operands), o.attrs, results[i]);
  } catch (const Error& e) {
    rethrow_in_node(e, o.node_name);
  }
}

void FusedChain::run(std::span<const Array> inputs, Array& out) const {
  if (out.size() == 0) return;
  const int64_t tile = tile_elements(ops);
  if (out.size() <= tile) return run_small(inputs, out);
  const Layout layout = merge_axes(inputs, out);
  const Tiling tiling(layout.dims, tile);
  const size_t num_inputs = inputs.size();
  const int64_t capacity = std::min<int64_t>(out.size(), tile);

  auto run_tiles = [&](int64_t first, int64_t last) {
    // This task's tile buffers, one per intermediate result.
    std::vector<Buffer> scratch;
    for (size_t i = 0; i + 1 < ops.size(); ++i) {
      scratch.push_back(Buffer::allocate(static_cast<size_t>(capacity) * ops[i].dtype.size()));
    }
    std::vector<int64_t> offsets(num_inputs + 1);
    std::vector<Array> results(ops.size());
    std::vector<Array> views(num_inputs);
    for (int64_t t = first; t < last; ++t) {
      // This tile's dims and each operand's offset into it.
      Dims dims;
      std::fill(offsets.begin(), offsets.end(), 0);
      size_t from = 0;
      if (tiling.split >= 0) {
        const auto split = static_cast<size_t>(tiling.split);
        int64_t outer = t / tiling.chunks_per;
        const int64_t start = (t % tiling.chunks_per) * tiling.chunk;
        for (size_t a = split; a-- > 0;) {  // unravel the outer index, innermost first
          const int64_t i = outer % layout.dims[a];
          outer /= layout.dims[a];
          for (size_t k = 0; k < offsets.size(); ++k) offsets[k] += i * layout.strides[k][a];
        }
        for (size_t k = 0; k < offsets.size(); ++k) offsets[k] += start * layout.strides[k][split];
        dims.push_back(std::min(tiling.chunk, layout.dims[split] - start));
        from = split + 1;
      }
      for (size_t a = from; a < layout.dims.size(); ++a) dims.push_back(layout.dims[a]);
      const Shape shape(dims);
      auto tile_strides = [&](size_t k) {
        Strides s;
        if (tiling.split >= 0) s.push_back(layout.strides[k][static_cast<size_t>(tiling.split)]);
        for (size_t a = from; a < layout.dims.size(); ++a) s.push_back(layout.strides[k][a]);
        return s;
      };
      for (size_t k = 0; k < num_inputs; ++k) {
        views[k] = Array::view_of(inputs[k].buffer(), inputs[k].dtype(), shape, tile_strides(k),
                                  inputs[k].offset() + offsets[k]);
      }
      for (size_t i = 0; i < ops.size(); ++i) {
        const Op& o = ops[i];
        if (i + 1 == ops.size()) {
          results[i] = Array::view_of(out.buffer(), out.dtype(), shape, tile_strides(num_inputs),
                                      out.offset() + offsets[num_inputs]);
        } else {
          results[i] = Array::view_of(scratch[i], o.dtype, shape,
                                      Array::contiguous_strides(o.dtype, shape));
        }
        apply(i, views, results);
      }
    }
  };
  // Tiles are independent: split them over the pool once there is enough work.
  const int64_t grain = std::max<int64_t>(1, kParallelThreshold / tile);
  if (tiling.count <= grain) run_tiles(0, tiling.count);
  else parallel_for(tiling.count, grain, run_tiles);
}

std::string FusedChain::op_names() const {
  std::string names;
  for (const Op& o : ops) names += (names.empty() ? "" : ", ") + std::string(o.op->name);
  return names;
}

}  // namespace kiln
