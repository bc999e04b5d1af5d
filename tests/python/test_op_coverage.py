"""Every registry op has a Python name and a value oracle (docs/adding-ops.md).

Names: an op whose registry row gives Python names (OpDef::python) is exported
under each of them, in each namespace the row gives, and a wrapper generated
from the row has its name, docstring and arguments and runs the op. An op of a
family that takes its names from the registry must give them; an op of another
family must be reachable as kiln.<namespace>.<op name>. Otherwise the op is
reached through a function of another name (REACHED_THROUGH) or is internal
(INTERNAL), each with its reason.

Oracles: an op has an entry in the NumPy oracle tables of test_op_oracle.py
(oracle_elementwise.py, oracle_axes.py, oracle_shapes.py), or ORACLE_ELSEWHERE
names the test file that checks its values, and that file (or a cases module it
imports) names the op or a Python name that reaches it.
"""

import inspect
import pathlib
import pydoc
import re
import types

import numpy as np
import pytest

import kiln
from kiln import _core, errors

from oracle_axes import AXIS_OPS, REDUCTIONS
from oracle_elementwise import INTEGER, MATH
from oracle_shapes import JOIN_OPS, SHAPE_OPS

OP_DEFS = {d["name"]: d for d in _core.op_defs()}
HANDLES = {name: i for i, name in enumerate(OP_DEFS)}
HERE = pathlib.Path(__file__).resolve().parent

# Ops that TF's API reaches through a function of another name: the op's name
# and the kiln attribute that runs it.
REACHED_THROUGH = {
    "where_indices": "where",  # kiln.where(condition) without x and y
    "random_uniform": "random.uniform", "random_uniform_int": "random.uniform",
    "random_normal": "random.normal", "random_shuffle": "random.shuffle",
    "multinomial": "random.categorical", "random_gamma": "random.gamma",
    "random_poisson": "random.poisson",
    "stateless_random_uniform": "random.stateless_uniform",
    "stateless_random_uniform_int": "random.stateless_uniform",
    "stateless_random_uniform_full_int": "random.stateless_uniform",  # minval=maxval=None
    "stateless_random_normal": "random.stateless_normal",
    "stateless_multinomial": "random.stateless_categorical",
    "stateless_random_gamma": "random.stateless_gamma",
    "stateless_random_poisson": "random.stateless_poisson",
    "const": "constant",  # in graphs
    "placeholder": "compat.v1.placeholder",
    "placeholder_with_default": "compat.v1.placeholder_with_default",
    "var_handle": "Variable", "read_variable": "Variable.read_value",
    "var_is_initialized": "compat.v1.is_variable_initialized",
    "assign_variable": "Variable.assign", "assign_add_variable": "Variable.assign_add",
    "assign_sub_variable": "Variable.assign_sub",
    "scatter_nd_update_variable": "Variable.scatter_nd_update",
    "scatter_nd_add_variable": "Variable.scatter_nd_add",
    "scatter_nd_sub_variable": "Variable.scatter_nd_sub",
    "conv2d_backprop_input": "nn.conv2d_transpose",
    "conv2d_backprop_filter": "compat.v1.nn.conv2d_backprop_filter",
    "conv3d_backprop_input_v2": "nn.conv3d_transpose",
    "depthwise_conv2d_native": "nn.depthwise_conv2d",
    "depthwise_conv2d_native_backprop_input": "nn.depthwise_conv2d_backprop_input",
    "depthwise_conv2d_native_backprop_filter": "nn.depthwise_conv2d_backprop_filter",
    "fused_batch_norm": "compat.v1.nn.fused_batch_norm",
}

# Ops with no Python function: only gradients and graphs build them.
INTERNAL = {
    "broadcast_gradient_args": "the reduction axes of a broadcast input's gradient, in graphs",
    "loop_var": "a while_loop body's loop variable in a graph",
    # Gradient ops: the gradients of their forward ops build them.
    "conv3d_backprop_filter_v2": "conv3d's gradient",
    "max_pool_grad": "max_pool's gradient", "max_pool_grad_grad": "max_pool_grad's gradient",
    "avg_pool_grad": "avg_pool's gradient", "max_pool3d_grad": "max_pool3d's gradient",
    "max_pool3d_grad_grad": "max_pool3d_grad's gradient",
    "avg_pool3d_grad": "avg_pool3d's gradient",
    "max_pool_grad_with_argmax": "max_pool_with_argmax's gradient",
    "fused_batch_norm_grad": "fused_batch_norm's gradient", "lrn_grad": "lrn's gradient",
    "resize_grad": "resize's gradient",
}

# Ops whose values a test file other than test_op_oracle.py checks, by file.
ORACLE_ELSEWHERE = {
    "test_creation_ops.py": ["fill", "range", "linspace"],
    "test_cast_ops.py": ["cast", "saturate_cast"],
    "test_reduction_ops.py": ["top_k"],
    "test_linalg_ops.py": ["tensordot", "einsum", "eye", "diag_part"],
    "test_linalg_lapack.py": ["inv", "det", "slogdet", "solve", "cholesky", "cholesky_solve", "qr",
                              "svd", "eigh", "matrix_solve_ls", "diag", "set_diag", "band_part"],
    "test_shape_ops.py": ["slice", "strided_slice", "split", "unstack"],
    "test_nn_composites.py": ["stop_gradient"],
    "test_dynamic_shapes.py": ["ensure_shape"],
    "test_index_ops.py": ["gather_nd", "scatter_nd", "tensor_scatter_nd_update", "one_hot",
                          "sequence_mask"],
    "test_random_ops.py": ["random_uniform", "random_uniform_int", "random_normal",
                           "stateless_random_uniform_int"],
    "test_random_sampling.py": ["stateless_random_uniform", "stateless_random_uniform_full_int",
                                "stateless_random_normal", "truncated_normal",
                                "stateless_truncated_normal", "random_shuffle",
                                "multinomial", "stateless_multinomial", "random_gamma",
                                "stateless_random_gamma", "random_poisson",
                                "stateless_random_poisson"],
    "test_graph.py": ["const", "placeholder", "placeholder_with_default"],
    "test_graph_wrappers.py": ["no_op"],
    "test_control_flow.py": ["cond", "while_loop", "loop_var"],
    "test_numpy_function.py": ["numpy_function"],
    "test_variables.py": ["var_handle", "read_variable", "var_is_initialized", "assign_variable",
                          "assign_add_variable", "assign_sub_variable",
                          "scatter_nd_update_variable", "scatter_nd_add_variable",
                          "scatter_nd_sub_variable"],
    "test_data_ops.py": ["segment_sum", "segment_mean", "segment_max", "segment_min",
                         "segment_prod", "unsorted_segment_sum", "unsorted_segment_max",
                         "unsorted_segment_min", "unsorted_segment_prod", "unique",
                         "unique_with_counts", "bincount", "histogram_fixed_width", "lower_bound",
                         "upper_bound"],
    "test_gradient_registry.py": ["broadcast_gradient_args"],
    # The nn fuzzer compares each call with a NumPy reference, gradients included.
    "test_nn_fuzz.py": ["conv2d", "conv2d_backprop_input", "conv2d_backprop_filter", "conv3d",
                        "conv3d_backprop_input_v2", "conv3d_backprop_filter_v2",
                        "depthwise_conv2d_native", "depthwise_conv2d_native_backprop_input",
                        "depthwise_conv2d_native_backprop_filter", "max_pool", "avg_pool",
                        "max_pool_grad", "max_pool_grad_grad", "avg_pool_grad", "max_pool3d",
                        "avg_pool3d", "max_pool3d_grad", "max_pool3d_grad_grad", "avg_pool3d_grad",
                        "max_pool_with_argmax", "max_pool_grad_with_argmax", "fused_batch_norm",
                        "fused_batch_norm_grad", "lrn", "lrn_grad", "resize", "resize_grad"],
}
ORACLE_TABLES = set(MATH) | set(INTEGER) | set(REDUCTIONS) | set(AXIS_OPS) | set(SHAPE_OPS) | set(
    JOIN_OPS)
# Namespaces that follow TF's names (kiln.experimental.numpy follows NumPy's,
# kiln.compat.v1 re-exports kiln's): where an op's own name is looked for.
TF_NAMESPACES = ("", "math", "nn", "linalg", "random", "bitwise", "image", "signal", "nest")


def _attribute(path):
    """kiln.<path> (dotted), or None."""
    value = kiln
    for part in filter(None, path.split(".")):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def _registry_named_families():
    return {d["family"] for d in OP_DEFS.values() if d["python"]["namespaces"]}


def _python_names(op):
    """The Python names that reach `op`: its row's, or its REACHED_THROUGH function's."""
    names = set(OP_DEFS[op]["python"]["names"]) if OP_DEFS[op]["python"]["namespaces"] else set()
    if op in REACHED_THROUGH:
        names.add(REACHED_THROUGH[op].split(".")[-1])
    return names | {op}


def test_every_op_has_a_python_name_or_is_listed():
    named_families = _registry_named_families()
    missing = []
    for name, d in OP_DEFS.items():
        if d["python"]["namespaces"] or name in REACHED_THROUGH or name in INTERNAL:
            continue
        if d["family"] in named_families:
            missing.append(f"{name} (its family takes its names from the registry: give its row "
                           f".python = {{.namespaces = ...}})")
        elif not any(hasattr(_attribute(ns), name) for ns in TF_NAMESPACES):
            missing.append(name)
    assert not missing, (
        f"registry ops without a Python name: {missing}. Give the op's registry row its Python "
        f"names (OpDef::python), or list it in REACHED_THROUGH or INTERNAL here with the reason.")


def test_registry_names_are_exported_under_each_namespace():
    for name, d in OP_DEFS.items():
        python = d["python"]
        for space in python["namespaces"]:
            namespace = kiln if space == "kiln" else getattr(kiln, space)
            for exported in python["names"]:
                fn = getattr(namespace, exported, None)
                assert fn is not None, f"{name}: kiln.{space}.{exported} is missing"
                assert fn.__name__ == python["names"][0], f"{name}: {space}.{exported}"
                if python["doc"]:  # generated: the row's docstring, one place only
                    assert fn.__doc__ == python["doc"], f"{name}: a hand-written {exported} hides " \
                                                        f"the generated wrapper"


@pytest.mark.parametrize("name", sorted(n for n, d in OP_DEFS.items() if d["python"]["doc"]))
def test_a_generated_wrapper_takes_its_rows_arguments_and_runs_its_op(name):
    python = OP_DEFS[name]["python"]
    fn = getattr(kiln if "kiln" in python["namespaces"] else getattr(kiln, python["namespaces"][0]),
                 python["names"][0])
    arity = OP_DEFS[name]["min_inputs"]
    args = python["args"] or ("x", "y")[:arity]
    assert tuple(inspect.signature(fn).parameters) == (*args, "name")
    assert python["doc"].splitlines()[0] in pydoc.render_doc(fn)  # what help() shows

    def outcome(call):
        try:
            return np.asarray(call())
        except (errors.OpError, TypeError, ValueError) as e:
            return str(e)

    for dtype in (kiln.float32, kiln.int32, kiln.bool):
        inputs = [kiln.cast(kiln.constant(v), dtype) for v in ([0.5, 1.0, 2.0], [2.0, 0.0, 1.0])]
        inputs = inputs[:arity]
        got = outcome(lambda: fn(*inputs))
        want = outcome(lambda: _core.execute(HANDLES[name], tuple(inputs), ()))
        np.testing.assert_array_equal(got, want, err_msg=f"{name} on {dtype.name}")


def test_listed_names_reach_registry_ops():
    stale = sorted((set(REACHED_THROUGH) | set(INTERNAL)) - set(OP_DEFS))
    assert not stale, f"REACHED_THROUGH / INTERNAL list ops the registry lacks: {stale}"
    unreachable = sorted(f"{op}: kiln.{path}" for op, path in REACHED_THROUGH.items()
                         if _attribute(path) is None)
    assert not unreachable, f"REACHED_THROUGH names missing functions: {unreachable}"
    both = sorted(set(REACHED_THROUGH) & set(INTERNAL))
    assert not both, f"ops both reached through a function and internal: {both}"


def test_every_op_has_an_oracle_entry():
    elsewhere = {op for ops in ORACLE_ELSEWHERE.values() for op in ops}
    missing = sorted(set(OP_DEFS) - ORACLE_TABLES - elsewhere)
    assert not missing, (
        f"registry ops with no oracle: {missing}. Add a NumPy reference to oracle_elementwise.py, "
        f"oracle_axes.py or oracle_shapes.py (test_op_oracle.py), or list the op in "
        f"ORACLE_ELSEWHERE here under the test file that checks its values.")
    stale = sorted(elsewhere - set(OP_DEFS))
    assert not stale, f"ORACLE_ELSEWHERE lists ops the registry lacks: {stale}"
    twice = sorted(elsewhere & ORACLE_TABLES)
    assert not twice, f"ops both in the oracle tables and ORACLE_ELSEWHERE: {twice}"


def _test_text(file_name):
    """A test file's text and that of the tests/python modules it imports (its cases)."""
    text = (HERE / file_name).read_text()
    imported = re.findall(r"^(?:from|import) (\w+)", text, re.MULTILINE)
    return text + "".join((HERE / f"{m}.py").read_text() for m in imported
                          if (HERE / f"{m}.py").exists())


def test_oracle_elsewhere_files_name_their_ops():
    unnamed = []
    for file_name, ops in ORACLE_ELSEWHERE.items():
        text = _test_text(file_name)
        for op in ops:
            if op in INTERNAL:
                continue  # no name of its own: its forward op's test covers it
            if not any(re.search(rf"\b{re.escape(n)}\b", text) for n in _python_names(op)):
                unnamed.append(f"{op} ({file_name})")
    assert not unnamed, f"ORACLE_ELSEWHERE files that never name their op: {unnamed}"
