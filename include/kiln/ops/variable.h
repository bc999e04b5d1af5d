// Variable ops for C++ users. Eagerly, on a kiln::Variable (kiln/variable.h):
// each returns the variable's new value. In a graph, on a VarHandleOp node
// (Graph::add_variable): each adds a node and returns its output; a Session
// holds the graph's variables, a kiln::Function the ones it captured.
#pragma once

#include "kiln/graph.h"
#include "kiln/tensor.h"
#include "kiln/variable.h"

namespace kiln {

// Eager (the same ops, and checks, as in graphs).
Tensor assign_add(Variable& v, const Tensor& delta);
Tensor assign_sub(Variable& v, const Tensor& delta);
// tf.Variable.scatter_nd_update / scatter_nd_add / scatter_nd_sub: indices
// as tensor_scatter_nd_update takes them.
Tensor scatter_nd_update(Variable& v, const Tensor& indices, const Tensor& updates);
Tensor scatter_nd_add(Variable& v, const Tensor& indices, const Tensor& updates);
Tensor scatter_nd_sub(Variable& v, const Tensor& indices, const Tensor& updates);

// Graph nodes on the variable node `handle` of `g`.
Output read_variable(Graph& g, int handle);
Output assign_variable(Graph& g, int handle, Output value);
Output assign_add_variable(Graph& g, int handle, Output delta);
Output assign_sub_variable(Graph& g, int handle, Output delta);
// A bool scalar: whether the variable has a value (in the running session).
Output var_is_initialized(Graph& g, int handle);

}  // namespace kiln
