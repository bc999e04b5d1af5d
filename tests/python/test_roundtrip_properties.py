"""Property tests: any NumPy array of a kiln dtype, with any layout, survives
every way into and out of kiln with its values intact."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import kiln

DTYPES = st.sampled_from([np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16,
                          np.uint32, np.uint64, np.float16, np.float32, np.float64, np.complex64,
                          np.complex128])


@st.composite
def arrays_with_layouts(draw):
    """An array, then a view of it: reversed, stepped, transposed or byte-swapped."""
    dtype = np.dtype(draw(DTYPES))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5))
    a = draw(hnp.arrays(dtype, shape))
    if a.ndim:
        steps = tuple(draw(st.sampled_from([1, 2, -1, -2])) for _ in range(a.ndim))
        a = a[tuple(slice(None, None, s) for s in steps)]
        if draw(st.booleans()):
            a = a.transpose(draw(st.permutations(range(a.ndim))))
    if draw(st.booleans()) and dtype.itemsize > 1:
        a = a.astype(dtype.newbyteorder(">"))
    if draw(st.booleans()):
        a.flags.writeable = False
    return a


def same(got, expected):
    np.testing.assert_array_equal(got, expected)
    assert got.shape == expected.shape


@settings(max_examples=300, deadline=None)
@given(arrays_with_layouts())
def test_constant_then_numpy_and_asarray(a):
    t = kiln.constant(a)
    assert t.dtype == kiln.as_dtype(a.dtype)
    assert t.shape.as_list() == list(a.shape)
    same(t.numpy(), a)
    same(np.asarray(t), a)
    same(np.from_dlpack(t), a)


@settings(max_examples=150, deadline=None)
@given(arrays_with_layouts())
def test_from_dlpack(a):
    if not a.dtype.isnative:
        a = a.astype(a.dtype.newbyteorder("="))
    same(kiln.from_dlpack(a).numpy(), a)


@settings(max_examples=100, deadline=None)
@given(arrays_with_layouts())
def test_npy_files(tmp_path_factory, a):
    path = tmp_path_factory.mktemp("npy") / "a.npy"
    kiln.io.save_npy(path, kiln.constant(a))
    same(np.load(path), a)
    same(kiln.io.load_npy(path).numpy(), a)
