import pytest

import kiln
from kiln import TensorShape


def test_known_shape():
    s = TensorShape([2, 3])
    assert s.rank == 2 and s.ndims == 2
    assert s.as_list() == [2, 3]
    assert s[0] == 2 and s[-1] == 3
    assert s[1:] == TensorShape([3])
    assert len(s) == 2 and list(s) == [2, 3]
    assert s.num_elements() == 6
    assert s.is_fully_defined()
    assert repr(s) == "TensorShape([2, 3])"
    assert str(s) == "(2, 3)"
    assert str(TensorShape([5])) == "(5,)"
    assert str(TensorShape([])) == "()"
    assert s == [2, 3] and s == (2, 3)
    assert s.concatenate([4]) == [2, 3, 4]


def test_partial_and_unknown_shapes():
    p = TensorShape([None, 3])
    assert repr(p) == "TensorShape([None, 3])"
    assert str(p) == "(None, 3)"
    assert not p.is_fully_defined() and p.num_elements() is None
    assert p.is_compatible_with([7, 3]) and not p.is_compatible_with([7, 4])
    assert p.merge_with([7, None]) == [7, 3]
    u = TensorShape(None)
    assert u.rank is None and repr(u) == "TensorShape(None)" and str(u) == "<unknown>"
    assert u.is_compatible_with([1, 2, 3])
    with pytest.raises(ValueError, match="as_list\\(\\) is not defined on an unknown TensorShape"):
        u.as_list()
    with pytest.raises(ValueError, match="unknown rank"):
        len(u)


def test_bad_dimensions():
    with pytest.raises(ValueError, match="Dimension -1 must be >= 0"):
        TensorShape([-1])
    with pytest.raises(TypeError, match="Dimension value must be an integer or None"):
        TensorShape([1.5])
    with pytest.raises(ValueError, match="are not compatible"):
        TensorShape([2]).merge_with([3])


def test_tensor_shape_is_a_tensor_shape():
    t = kiln.zeros([2, 0, 3])
    assert isinstance(t.shape, TensorShape)
    assert t.shape.as_list() == [2, 0, 3]
    assert t.shape.num_elements() == 0
    assert t.get_shape() == t.shape
