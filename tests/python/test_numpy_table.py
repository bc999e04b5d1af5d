"""NumPy calls on kiln tensors, three ways, against NumPy on the same inputs
(numpy_table.py): np.<fn> on placeholders of a TF1 graph fed through
Session.run, np.<fn> inside a kiln.function, and kiln.experimental.numpy.<fn>
eagerly. dtype and shape must be NumPy's exactly; values exactly for integers
and bools, within the case's ULPs for floats. The last test enumerates the
mapping, so a function added to kiln.experimental.numpy (or to NumPy's
dispatch) without a case here fails."""

import numpy as np
import pytest

import kiln
import numpy_table
from kiln._np import _dispatch, _ufuncs

tnp = kiln.experimental.numpy
CASES = numpy_table.all_cases()
IDS = [c.id for c in CASES]

# Names of kiln.experimental.numpy that are not array functions (dtypes, constants,
# switches, dtype queries); each is tested in test_numpy_api.py.
NOT_ARRAY_FUNCTIONS = {
    "experimental_enable_numpy_behavior", "numpy_behavior", "finfo", "iinfo", "issubdtype",
    "promote_types", "result_type", "ndarray", "isscalar", "iscomplexobj", "isrealobj",
    "isdtype", "can_cast",
}
# Names of kiln.experimental.numpy that NumPy has only as an ndarray method (tested in
# test_numpy_<group>.py against the method).
NUMPY_METHODS_ONLY = {"flatten"}
# Functions whose answers are Python ints wherever shapes are known while building, as
# NumPy's: the graph test has no tensor to fetch for them, and kiln.function returns
# Python ints as int32 tensors (as tf.function does), so only their values are compared.
STATIC_ANSWERS = {"shape", "ndim", "size"}


def _flat(value):
    """Tensors and values of a result (tuples and lists flattened)."""
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in _flat(item)]
    return [value]


def _call(case, inputs, namespace):
    args = numpy_table.replace(case.args, iter(inputs))
    kwargs = numpy_table.replace(case.kwargs, iter(inputs[len(numpy_table.leaves(case.args)):]))
    return getattr(namespace, case.fn)(*args, **kwargs)


def _inputs(case):
    return numpy_table.leaves(case.args) + numpy_table.leaves(case.kwargs)


def _expected(case):
    return _flat(getattr(np, case.fn)(*case.args, **case.kwargs))


def _assert_close(got, want, case):
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype, f"dtype {got.dtype}, NumPy's {want.dtype}"
    assert got.shape == want.shape, f"shape {got.shape}, NumPy's {want.shape}"
    floating = np.issubdtype(want.dtype, np.inexact) or want.dtype.name == "bfloat16"
    if not floating or case.ulps == 0:
        np.testing.assert_array_equal(got, want)
        return
    g, w = got.astype(np.float64), want.astype(np.float64)
    assert np.array_equal(np.isnan(g), np.isnan(w)), (g, w)
    finite = np.isfinite(w)
    assert np.array_equal(g[~finite & ~np.isnan(w)], w[~finite & ~np.isnan(w)]), (g, w)
    eps = float(np.finfo(want.dtype).eps)
    magnitude = np.abs(w[finite])
    if case.scale == "largest":
        magnitude = np.full_like(magnitude, magnitude.max(initial=0.0))
    bound = case.ulps * eps * np.maximum(magnitude, np.finfo(want.dtype).tiny)
    error = np.abs(g[finite] - w[finite])
    worst = np.max(error / (eps * np.maximum(magnitude, 1e-300)), initial=0)
    assert np.all(error <= bound), f"max error {worst} ULPs > {case.ulps}"


def _check(case, results):
    expected = _expected(case)
    assert len(results) == len(expected)
    if case.unordered:
        results, expected = [np.sort(r) for r in results], [np.sort(e) for e in expected]
    for got, want in zip(results, expected):
        _assert_close(got, want, case)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_numpy_on_graph_placeholders(case):
    inputs = _inputs(case)
    graph = kiln.Graph()
    with graph.as_default():
        placeholders = [kiln.compat.v1.placeholder(
            kiln.as_dtype(a.dtype), (None,) + a.shape[1:] if case.batch_none and a.ndim else a.shape)
            for a in inputs]
        namespace = np if case.dispatches else tnp
        results = _flat(_call(case, placeholders, namespace))
        fetched = [r for r in results if kiln.is_tensor(r)]
        if case.dispatches and inputs:
            assert (fetched or case.fn in STATIC_ANSWERS) and all(kiln.is_symbolic_tensor(r) for r in fetched), results
        with kiln.compat.v1.Session(graph=graph) as session:
            values = iter(session.run(fetched, dict(zip(placeholders, inputs))))
    _check(case, [next(values) if kiln.is_tensor(r) else r for r in results])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_numpy_in_traced_function(case):
    namespace = np if case.dispatches else tnp

    @kiln.function(autograph=False)
    def traced(*xs):
        return _call(case, list(xs), namespace)
    results = _flat(traced(*[kiln.constant(a) for a in _inputs(case)]))
    if case.fn in STATIC_ANSWERS:
        results = [int(r) for r in results]
    _check(case, [r.numpy() if kiln.is_tensor(r) else r for r in results])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_experimental_numpy_eagerly(case):
    results = _flat(_call(case, [kiln.constant(a) for a in _inputs(case)], tnp))
    _check(case, [r.numpy() if kiln.is_tensor(r) else r for r in results])


def test_every_mapping_has_cases():
    """A function of kiln.experimental.numpy, a NumPy function mapped by __array_function__
    or a ufunc of __array_ufunc__'s table without a case here fails."""
    covered = {c.fn for c in CASES}
    dispatched = {c.fn for c in CASES if c.dispatches}
    functions = {n for n, v in vars(tnp).items()
                 if callable(v) and not isinstance(v, type) and not n.startswith("_")}
    assert functions - NOT_ARRAY_FUNCTIONS - NUMPY_METHODS_ONLY - covered == set()
    numpy_names = {f.__name__ for f in _dispatch.FUNCTIONS} | {
        n for n, u in vars(np).items() if isinstance(u, np.ufunc) and u in _ufuncs.UFUNCS}
    assert numpy_names - dispatched - NOT_ARRAY_FUNCTIONS == set()
    assert len(CASES) >= 80
