import numpy as np
import pytest

import kiln
from kiln import errors


def test_the_seed_addition():
    d = kiln.constant([[9, 10], [11, 12]], dtype=kiln.int32)
    e = kiln.constant([[13, 14], [15, 16]], dtype=kiln.int32)
    f = kiln.add(d, e)
    np.testing.assert_array_equal(f.numpy(), [[22, 24], [26, 28]])
    assert f.dtype == kiln.int32


@pytest.mark.parametrize("dtype", [np.int8, np.uint16, np.int32, np.int64, np.float16,
                                   np.float32, np.float64, np.complex64, np.complex128])
@pytest.mark.parametrize("shapes", [((3,), (3,)), ((2, 3), (3,)), ((4, 1), (1, 5)), ((), (2, 2)),
                                    ((0, 3), (1, 3)), ((2, 1, 3), (4, 1))])
def test_matches_numpy_with_broadcasting(dtype, shapes):
    rng = np.random.default_rng(0)
    x = (rng.integers(-50, 50, size=shapes[0])).astype(dtype)
    y = (rng.integers(0, 50, size=shapes[1])).astype(dtype)
    out = kiln.add(x, y).numpy()
    np.testing.assert_array_equal(out, np.add(x, y))
    assert out.dtype == np.add(x, y).dtype


def test_strided_inputs():
    a = np.arange(24, dtype=np.float32).reshape(4, 6)
    t = kiln.constant(a)
    np.testing.assert_array_equal(kiln.add(a[:, ::2], a[::-1, 1::2]).numpy(), a[:, ::2] + a[::-1, 1::2])
    np.testing.assert_array_equal(kiln.add(t, t).numpy(), a + a)


def test_python_scalars_take_the_tensor_dtype():
    t = kiln.constant([1.5, 2.5], dtype=kiln.float64)
    assert kiln.add(t, 1).dtype == kiln.float64
    assert kiln.add(2, kiln.constant([1], kiln.uint8)).dtype == kiln.uint8
    assert kiln.add(1, 2).dtype == kiln.int32
    assert kiln.math.add is kiln.add


# Operands are made inside the test: tensors held by pytest's parameters would
# still be alive at exit, which the sanitizer run's leak check reports.
@pytest.mark.parametrize("x, y, message", [
    (lambda: kiln.constant([1]), lambda: kiln.constant([1.0]), "[add] x is int32 but y is float32"),
    (lambda: kiln.zeros([2, 3]), lambda: kiln.zeros([4]), "[add] Incompatible shapes: (2, 3) and (4,)"),
    (lambda: kiln.constant([True]), lambda: kiln.constant([False]), "not defined for bool"),
])
def test_errors(x, y, message):
    with pytest.raises(errors.InvalidArgumentError) as info:
        kiln.add(x(), y())
    assert message in str(info.value)
