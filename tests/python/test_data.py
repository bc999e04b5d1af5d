"""kiln.data's behaviour beyond TF's recorded statements (test_dataset_tf.py):
errors in the middle of a stream, determinism of shuffles and parallel maps,
map vectorization (batch after an elementwise map), memory (writable
batches, no aliasing of the caller's arrays, caches) and text files. Errors'
messages: test_data_errors.py; threads and Ctrl-C: test_data_threads.py."""

import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kiln as tf
from kiln import errors
from kiln.data import _functions

PYTHON_PATH = os.path.dirname(os.path.dirname(tf.__file__))


def drain(iterator, limit=100):
    """The values an iterator gives, with each error as (class name, message), until the end."""
    out = []
    for _ in range(limit):
        try:
            x = next(iterator)
        except StopIteration:
            return out
        except errors.OpError as e:
            out.append((type(e).__name__, str(e)))
            continue
        out.append(x.numpy().item() if hasattr(x, "numpy") else x)
    raise AssertionError(f"no end after {limit} elements: {out[:10]}...")


# ---- errors in the middle of a stream ----

@pytest.mark.parametrize("prefetch", [False, True])
def test_generator_raising_at_element_k_delivers_the_elements_before_it(prefetch):
    def gen():
        yield from range(3)
        raise KeyError("no element 3")
    ds = tf.data.Dataset.from_generator(gen, output_signature=tf.TensorSpec((), tf.int64))
    if prefetch:
        ds = ds.map(lambda x: x * 10, num_parallel_calls=2).prefetch(2)
    it = iter(ds)
    got = []
    with pytest.raises(errors.InvalidArgumentError) as raised:
        for x in it:
            got.append(int(x))
    assert got == ([0, 10, 20] if prefetch else [0, 1, 2])
    assert "KeyError" in str(raised.value) and "no element 3" in str(raised.value)
    # A generator that raised is finished, as Python's are.
    assert next(it, "end") == "end"


@pytest.mark.parametrize("num_parallel_calls", [None, 1, 4])
def test_map_failing_for_one_element_fails_there_and_goes_on(num_parallel_calls):
    ds = tf.data.Dataset.range(6).map(
        lambda x: tf.debugging.check_numerics(1.0 / tf.cast(x - 2, tf.float32), "bad"),
        num_parallel_calls=num_parallel_calls)
    got = drain(iter(ds))
    assert got[:2] == [-0.5, -1.0] and got[3:] == [1.0, 0.5, float(np.float32(1 / 3))]
    name, message = got[2]
    assert name == "InvalidArgumentError" and "bad : Tensor had Inf values" in message


def test_a_file_deleted_after_list_files_is_not_found_then_the_next_files_lines(tmp_path):
    for i in range(3):
        (tmp_path / f"f{i}.txt").write_text(f"a{i}\nb{i}\n")
    ds = tf.data.TextLineDataset(tf.data.Dataset.list_files(str(tmp_path / "*.txt"),
                                                            shuffle=False))
    os.remove(tmp_path / "f1.txt")
    got = drain(iter(ds))
    assert got == [b"a0", b"b0",
                   ("NotFoundError",
                    f"TextLineDataset: {tmp_path / 'f1.txt'}; No such file or directory"),
                   b"a2", b"b2"]


# ---- determinism ----

SHUFFLES = """
import kiln as tf
{setup}
ds = tf.data.Dataset.range(20).shuffle(20, {args})
print([[int(x) for x in ds] for _ in range(3)])
"""


def run_python(code):
    env = dict(os.environ, PYTHONPATH=PYTHON_PATH)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("setup, args, reshuffles", [
    ("", "seed=7", True),
    ("", "seed=7, reshuffle_each_iteration=False", False),
    ("tf.random.set_seed(3)", "", True),
    ("tf.random.set_seed(3)", "reshuffle_each_iteration=False", False),
])
def test_seeded_shuffle_orders_are_the_same_in_every_run(setup, args, reshuffles):
    code = SHUFFLES.format(setup=setup, args=args)
    first, second = run_python(code), run_python(code)
    assert first == second
    epochs = eval(first)  # noqa: S307 - our own subprocess's list of lists
    assert all(sorted(e) == list(range(20)) for e in epochs)
    assert epochs[0] != list(range(20))
    assert (len({tuple(e) for e in epochs}) == 3) == reshuffles
    if not reshuffles:
        assert epochs[0] == epochs[1] == epochs[2]


def test_unseeded_shuffle_differs_between_runs():
    code = SHUFFLES.format(setup="", args="")
    assert run_python(code) != run_python(code)


def slow_in_reverse(x):
    # Later elements finish sooner, so an unordered map reorders them.
    return tf.numpy_function(lambda v: (__import__("time").sleep(0.002 * (40 - int(v))), v)[1],
                             [x], tf.int64)


def test_parallel_map_deterministic_false_yields_each_element_exactly_once():
    ds = tf.data.Dataset.range(40)
    unordered = ds.map(slow_in_reverse, num_parallel_calls=8, deterministic=False)
    got = [int(x) for x in unordered]
    assert sorted(got) == list(range(40))
    options = tf.data.Options()
    options.deterministic = False
    by_options = ds.map(slow_in_reverse, num_parallel_calls=8).with_options(options)
    assert sorted(int(x) for x in by_options) == list(range(40))


def test_parallel_map_deterministic_true_keeps_input_order_with_8_workers():
    ds = tf.data.Dataset.range(40).map(slow_in_reverse, num_parallel_calls=8, deterministic=True)
    assert [int(x) for x in ds] == list(range(40))
    options = tf.data.Options()
    options.deterministic = False
    # The map's own argument wins over the options (TF's rule).
    assert [int(x) for x in ds.with_options(options)] == list(range(40))


# ---- map vectorization (python/kiln/data/_functions.py trace_batched) ----

def no_vectorizing():
    options = tf.data.Options()
    options.experimental_optimization.map_vectorization = False
    return options


def both_ways(ds, fn, batch, drop):
    fast = ds.map(fn).batch(batch, drop_remainder=drop)
    slow = ds.map(fn).batch(batch, drop_remainder=drop).with_options(no_vectorizing())
    return list(fast.as_numpy_iterator()), list(slow.as_numpy_iterator())


def batched_plan(fn, spec):
    traced = _functions.trace(fn, [spec], "test")
    return _functions.trace_batched(fn, spec, traced, "test")


ELEMENTWISE = {
    "float32": lambda x: tf.sqrt(tf.abs(x)) * 2.0 - tf.exp(-x * x) / 3.0,
    "float64": lambda x: tf.tanh(x) + tf.maximum(x, 0.5) * x,
    "int32": lambda x: x * 3 - tf.abs(x) + tf.minimum(x, 7),
    "bool": lambda x: tf.logical_and(x > 0, tf.logical_not(x > 5)),
}


@settings(max_examples=30, deadline=None)
@given(kind=st.sampled_from(sorted(ELEMENTWISE)),
       shape=st.lists(st.integers(1, 3), min_size=0, max_size=2),
       n=st.integers(1, 9), batch=st.integers(1, 4), drop=st.booleans(),
       seed=st.integers(0, 2**16))
def test_vectorized_map_then_batch_gives_the_unvectorized_values(kind, shape, n, batch, drop,
                                                                 seed):
    dtype = {"bool": "int32"}.get(kind, kind)
    values = np.random.default_rng(seed).uniform(-8, 8, size=[n] + shape).astype(dtype)
    fn = ELEMENTWISE[kind]
    ds = tf.data.Dataset.from_tensor_slices(values)
    assert batched_plan(fn, ds.element_spec) is not None  # it is vectorized
    fast, slow = both_ways(ds, fn, batch, drop)
    assert len(fast) == len(slow) == (n // batch if drop else -(-n // batch))
    for a, b in zip(fast, slow):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)


def test_tuple_elements_of_one_shape_are_vectorized_too():
    x = np.arange(12, dtype=np.float32).reshape(6, 2)
    ds = tf.data.Dataset.from_tensor_slices((x, -x))
    fn = lambda a, b: (a * b, a + 1.0)  # noqa: E731
    assert batched_plan(fn, ds.element_spec) is not None
    fast = list(ds.map(fn).batch(4).as_numpy_iterator())
    slow = list(ds.map(fn).batch(4).with_options(no_vectorizing()).as_numpy_iterator())
    for (a, b), (c, d) in zip(fast, slow):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)


NOT_VECTORIZED = [
    # (why, dataset maker, function); each would give other values on a whole batch.
    # Datasets are made in the test: a module-level one lives until the process ends.
    ("a reduction", lambda: tf.data.Dataset.from_tensor_slices(np.arange(12.0).reshape(4, 3)),
     lambda x: x - tf.reduce_sum(x)),
    ("integer floordiv",
     lambda: tf.data.Dataset.from_tensor_slices(np.array([5, 7, 9, 11], np.int32)),
     lambda x: x // 2),
    ("a non-scalar constant that broadcasts",
     lambda: tf.data.Dataset.from_tensor_slices(np.arange(4, dtype=np.float32)),
     lambda x: x + tf.constant([1.0, 2.0])),
    ("components of different shapes",
     lambda: tf.data.Dataset.from_tensor_slices((np.ones((4, 3), np.float32),
                                                 np.arange(4, dtype=np.float32))),
     lambda a, b: a * b),
    ("a random op", lambda: tf.data.Dataset.from_tensor_slices(np.zeros(4, np.float32)),
     lambda x: x + tf.random.uniform([])),
]


@pytest.mark.parametrize("why, make, fn", NOT_VECTORIZED, ids=[c[0] for c in NOT_VECTORIZED])
def test_functions_that_must_not_be_vectorized_are_not(why, make, fn):
    ds = make()
    assert batched_plan(fn, ds.element_spec) is None
    fast, slow = both_ways(ds, fn, 4, False)
    if why == "a random op":  # one draw per element, not one per batch
        assert len(set(fast[0].tolist())) == 4
        return
    for a, b in zip(fast, slow):
        np.testing.assert_array_equal(a, b)


# ---- memory ----

def test_batches_from_as_numpy_iterator_are_writable_and_independent():
    batches = list(tf.data.Dataset.range(10).batch(4).as_numpy_iterator())
    for b in batches:
        assert b.flags.writeable
        b[0] = -1
    assert [b.tolist() for b in tf.data.Dataset.range(10).batch(4).as_numpy_iterator()] == \
        [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


def test_from_tensor_slices_does_not_alias_the_callers_array():
    source = np.arange(6, dtype=np.float32).reshape(3, 2)
    ds = tf.data.Dataset.from_tensor_slices(source)
    batched = tf.data.Dataset.from_tensor_slices(source).batch(3)
    source[:] = 100
    assert [x.tolist() for x in ds.as_numpy_iterator()] == [[0, 1], [2, 3], [4, 5]]
    got = next(batched.as_numpy_iterator())
    assert got.tolist() == [[0, 1], [2, 3], [4, 5]]
    got[:] = -1  # writing to a batch changes neither the dataset nor the source
    assert next(batched.as_numpy_iterator()).tolist() == [[0, 1], [2, 3], [4, 5]]
    assert (source == 100).all()


def test_memory_cache_gives_equal_values_twice_and_runs_the_source_once():
    calls = []

    def gen():
        calls.append(1)
        yield from np.random.default_rng(len(calls)).normal(size=(5, 2)).astype(np.float32)
    ds = tf.data.Dataset.from_generator(
        gen, output_signature=tf.TensorSpec((2,), tf.float32)).cache()
    first = [x.tolist() for x in ds.as_numpy_iterator()]
    second = [x.tolist() for x in ds.as_numpy_iterator()]
    assert first == second and len(first) == 5 and len(calls) == 1


def test_file_cache_is_reused_by_a_second_dataset_and_by_another_process(tmp_path):
    path = str(tmp_path / "cache")
    calls = []

    def gen():
        calls.append(1)
        yield from (np.arange(3, dtype=np.int32) * i for i in range(4))

    def make():
        return tf.data.Dataset.from_generator(
            gen, output_signature=tf.TensorSpec((3,), tf.int32)).cache(path)
    expected = [[0, 0, 0], [0, 1, 2], [0, 2, 4], [0, 3, 6]]
    assert [x.tolist() for x in make().as_numpy_iterator()] == expected
    assert os.path.exists(path) and len(calls) == 1
    assert [x.tolist() for x in make().as_numpy_iterator()] == expected
    assert len(calls) == 1  # read from the file, the generator not called again
    out = run_python(f"""
import kiln as tf
def gen():
    raise AssertionError("the source ran")
    yield
ds = tf.data.Dataset.from_generator(gen, output_signature=tf.TensorSpec((3,), tf.int32))
print([x.tolist() for x in ds.cache({path!r}).as_numpy_iterator()])
""")
    assert eval(out) == expected  # noqa: S307


# ---- text ----

def test_text_lines_endings_empty_files_and_several_files(tmp_path):
    (tmp_path / "crlf.txt").write_bytes(b"x\r\ny\r\nlast")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "plain.txt").write_bytes(b"p1\n\np3\n")
    names = [str(tmp_path / n) for n in ("crlf.txt", "empty.txt", "plain.txt")]
    assert list(tf.data.TextLineDataset(names[0]).as_numpy_iterator()) == [b"x", b"y", b"last"]
    assert list(tf.data.TextLineDataset(names[1]).as_numpy_iterator()) == []
    assert list(tf.data.TextLineDataset(names).as_numpy_iterator()) == \
        [b"x", b"y", b"last", b"p1", b"", b"p3"]
    assert [bytes(x) for x in tf.data.TextLineDataset(names[2])] == [b"p1", b"", b"p3"]
    assert len(list(tf.data.TextLineDataset(np.array(names)))) == 6


def test_text_lines_from_list_files_and_parallel_reads(tmp_path):
    for i in range(3):
        (tmp_path / f"f{i}.txt").write_text(f"a{i}\nb{i}\n")
    files = tf.data.Dataset.list_files(str(tmp_path / "*.txt"), shuffle=False)
    assert list(tf.data.TextLineDataset(files).as_numpy_iterator()) == \
        [b"a0", b"b0", b"a1", b"b1", b"a2", b"b2"]
    two = tf.data.Dataset.from_tensor_slices([str(tmp_path / "f0.txt"), str(tmp_path / "f2.txt")])
    assert list(tf.data.TextLineDataset(two, num_parallel_reads=2).as_numpy_iterator()) == \
        [b"a0", b"a2", b"b0", b"b2"]  # TF's order: one line of each file in turn
    shuffled = tf.data.Dataset.list_files(str(tmp_path / "*.txt"), seed=1)
    assert sorted(tf.data.TextLineDataset(shuffled, num_parallel_reads=3).as_numpy_iterator()) \
        == [b"a0", b"a1", b"a2", b"b0", b"b1", b"b2"]


def test_batches_of_lines_are_object_arrays_of_bytes(tmp_path):
    (tmp_path / "c.txt").write_bytes(b"x\r\ny\r\nlast")
    lines = tf.data.TextLineDataset(str(tmp_path / "c.txt"))
    for ds in (lines.batch(2), lines.padded_batch(2)):
        got = list(ds.as_numpy_iterator())
        assert [b.dtype for b in got] == [np.dtype(object)] * 2
        assert [b.tolist() for b in got] == [[b"x", b"y"], [b"last"]]
    words = tf.data.Dataset.from_generator(
        lambda: iter([["a"], ["b", "cc"]]), output_signature=tf.TensorSpec([None], tf.string))
    padded = next(words.padded_batch(2).as_numpy_iterator())
    assert padded.dtype == object and padded.tolist() == [[b"a", b""], [b"b", b"cc"]]
    padded = next(words.padded_batch(2, padded_shapes=[3], padding_values="-").as_numpy_iterator())
    assert padded.tolist() == [[b"a", b"-", b"-"], [b"b", b"cc", b"-"]]
