"""A view keeps its memory alive after the tensor (and every other owner) is gone.

Each test holds the only reference to some memory through a view, churns the
allocator so freed memory would be reused, then checks the values and that
kiln's allocation count drops only when the last view is dropped.
"""

import gc
import weakref

import ml_dtypes
import numpy as np
import pytest

import kiln

N = 1 << 18  # float32 elements: 1 MB
MB = 1 << 20


def one_mb_tensor(seed=0):
    """A kiln-allocated 1 MB float32 tensor (from a writable array, so copied) and its values."""
    values = np.random.default_rng(seed).standard_normal(N).astype(np.float32)
    t = kiln.constant(values)
    assert not t._adopted
    return t, values


def churn():
    """Creates and drops many tensors and arrays of the same size, to reuse freed memory."""
    for i in range(30):
        t = kiln.constant(np.full(N, -float(i), np.float32))
        junk = np.full(N, -float(i), np.float32)
        del t, junk
    gc.collect()


VIEWS = {
    "asarray": np.asarray,
    "array_dunder": lambda t: t.__array__(),
    "array_copy_false": lambda t: np.array(t, copy=False),
    "memoryview": memoryview,
    "np_from_dlpack": np.from_dlpack,
    "kiln_from_dlpack": kiln.from_dlpack,
}


@pytest.mark.parametrize("make_view", VIEWS.values(), ids=VIEWS.keys())
def test_view_stays_valid_after_tensor_is_deleted(make_view):
    t, values = one_mb_tensor()
    view = make_view(t)
    del t
    churn()
    assert np.array_equal(np.asarray(view), values)


@pytest.mark.parametrize("make_view", VIEWS.values(), ids=VIEWS.keys())
def test_view_holds_memory_until_it_is_dropped(make_view, allocated):
    base = allocated()
    t, _ = one_mb_tensor()
    view = make_view(t)
    del t
    churn()
    assert allocated() == base + MB  # the view alone keeps the buffer
    del view
    assert allocated() == base


def test_numpy_copy_outlives_tensor_without_holding_its_memory(allocated):
    base = allocated()
    t, values = one_mb_tensor()
    copy = t.numpy()
    del t
    assert allocated() == base  # a copy, so the tensor's buffer is already gone
    churn()
    assert np.array_equal(copy, values)


def test_bfloat16_view_outlives_tensor(allocated):
    values = np.random.default_rng(1).standard_normal(N).astype(ml_dtypes.bfloat16)
    base = allocated()
    t = kiln.constant(values)
    view = np.asarray(t)
    del t
    churn()
    assert allocated() == base + N * 2
    assert view.dtype == np.dtype(ml_dtypes.bfloat16) and np.array_equal(view, values)
    del view
    assert allocated() == base


def test_views_share_memory_until_the_last_is_dropped(allocated):
    base = allocated()
    t, values = one_mb_tensor()
    first, second = np.asarray(t), memoryview(t)
    del t, first
    churn()
    assert allocated() == base + MB
    assert np.array_equal(np.asarray(second), values)
    del second
    assert allocated() == base


def test_adopted_array_stays_alive_while_tensor_lives(aligned):
    values = np.random.default_rng(2).standard_normal(N).astype(np.float32)
    array = aligned(values)
    t = kiln.constant(array)
    assert t._adopted
    alive = weakref.ref(array)
    del array
    churn()
    assert alive() is not None  # the tensor keeps the array (and its memory) alive
    assert np.array_equal(t.numpy(), values)
    del t
    gc.collect()
    assert alive() is None  # ...and lets it go with the tensor


def test_view_of_adopted_tensor_keeps_array_alive(aligned):
    values = np.arange(N, dtype=np.float32)
    array = aligned(values)
    alive = weakref.ref(array)
    t = kiln.constant(array)
    view = np.asarray(t)
    del array, t
    churn()
    assert alive() is not None
    assert np.array_equal(view, values)
    del view
    gc.collect()
    assert alive() is None


def test_chain_numpy_from_dlpack_asarray_keeps_source_alive():
    values = np.random.default_rng(3).standard_normal(N).astype(np.float32)
    source = values.copy()
    alive = weakref.ref(source)
    t = kiln.from_dlpack(source)
    view = np.asarray(t)
    assert view.ctypes.data == source.ctypes.data
    del source, t
    churn()
    assert alive() is not None
    assert np.array_equal(view, values)
    del view
    gc.collect()
    assert alive() is None


def test_chain_tensor_to_numpy_to_tensor_to_view_holds_memory(allocated):
    base = allocated()
    t, values = one_mb_tensor()
    shared = np.from_dlpack(t)
    again = kiln.from_dlpack(shared)
    view = np.asarray(again)
    assert view.ctypes.data == t._data_ptr
    del t, shared, again
    churn()
    assert allocated() == base + MB
    assert np.array_equal(view, values)
    del view
    assert allocated() == base
