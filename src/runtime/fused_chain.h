// FusedChain: a chain of elementwise ops that a plan runs as one step
// (built by the fuse pass, runtime/plan_fuse.cc). It streams over tiles of
// the output small enough to stay in cache: each op runs its own kernel
// (OpDef::cpu_into) on the tile, intermediates live in per-thread tile
// buffers, and only the chain's inputs and its result touch main memory.
// The kernels are the unfused ones, so every element gets the same value as
// when the ops run one by one.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "kiln/error.h"
#include "ops/op_def.h"

namespace kiln {

// Rethrows e with the node it ran for named, as every plan step's error does.
[[noreturn]] void rethrow_in_node(const Error& e, const std::string& node_name);

struct FusedChain {
  struct Op {
    const OpDef* op = nullptr;
    Attrs attrs;
    // Operand k: >= 0 is the step's input of that index; < 0 is the result
    // of op (-1 - operand) of this chain, which comes earlier.
    std::vector<int> operands;
    DType dtype = float32;  // the dtype of its result
    std::string node_name;  // errors name the node, as an unfused step would
  };
  std::vector<Op> ops;      // in order; the last op's result is the step's output

  static int result_of(int op_index) { return -1 - op_index; }
  static bool is_result(int operand) { return operand < 0; }
  static int op_of(int operand) { return -1 - operand; }

  // The output spec from the inputs' specs, through each op's inference (its
  // errors name the op's node). Partially known input shapes are allowed.
  TensorSpec infer(std::span<const TensorSpec> inputs) const;

  // Computes the chain into `out` (the inferred dtype and shape, C-contiguous;
  // it may share storage with an input of the same shape and dtype).
  void run(std::span<const Array> inputs, Array& out) const;

  // "multiply, multiply, add, subtract"
  std::string op_names() const;

 private:
  // Runs op i on its operands: `inputs` are the chain's (as this tile sees
  // them), results[j] op j's result; it writes results[i].
  void apply(size_t i, std::span<const Array> inputs, std::span<Array> results) const;
  // An output that fits one tile: no tiling, intermediates of its size.
  void run_small(std::span<const Array> inputs, Array& out) const;
};

}  // namespace kiln
