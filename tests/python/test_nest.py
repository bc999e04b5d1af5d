"""kiln.nest is the one structure walker (cond, while_loop, kiln.function's
arguments and kiln.data use it): TF's answers for what is a leaf and in what
order leaves come, recorded with TF 2.21."""

import collections

import kiln


def test_dicts_flatten_by_sorted_key_and_rebuild_in_their_own_order():
    d = {"b": 1, "a": (2, [3, None])}
    assert kiln.nest.flatten(d) == [2, 3, None, 1]  # None is a leaf, as in TF
    assert list(kiln.nest.pack_sequence_as(d, [20, 30, 40, 10])) == ["b", "a"]
    point = collections.namedtuple("Point", "x y")
    assert kiln.nest.map_structure(lambda v: v * 2, point(1, {"k": 2})) == point(2, {"k": 4})


def test_a_tensor_array_is_one_leaf_even_with_expand_composites():
    # TF: tf.nest.flatten(ta, expand_composites=True) == [ta] (a TensorArray is
    # not a CompositeTensor); only kiln's control flow takes it apart.
    ta = kiln.TensorArray(kiln.float32, size=2)
    assert kiln.nest.flatten([ta, 1], expand_composites=True) == [ta, 1]
    assert kiln.nest.pack_sequence_as([ta], ["x"], expand_composites=True) == ["x"]


def test_a_tensor_array_through_while_loop_keeps_its_element_shape():
    @kiln.function
    def f():
        def body(i, t):
            return i + 1, t.write(i, kiln.fill([2], kiln.cast(i, kiln.float32)))
        _, ta = kiln.while_loop(lambda i, t: i < 3, body, [0, kiln.TensorArray(kiln.float32, 3)])
        return ta.stack()
    assert f().numpy().tolist() == [[0, 0], [1, 1], [2, 2]]
