"""kiln.data datasets inside graphs: ``for x in ds`` in a kiln.function, ``reduce``
while a graph is built, and TF1's iterators (kiln.compat.v1.data) in Sessions.
Values are compared with TensorFlow's (data_graph_cases.py, recorded by
docs/tf-reference/probe_data_graph.py in data_graph.json); kiln's own error
messages are checked here."""

import io
import json
import pathlib
import re
import threading

import numpy as np
import pytest

import data_graph_cases as cases
import kiln
from kiln import errors
from kiln.data import _graph_iteration

v1 = kiln.compat.v1
REFERENCE = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference" /
                        "data_graph.json").read_text())["cases"]

# kiln's message where kiln says it its own way (TF's names TF's functions).
OWN_MESSAGES = {
    "loop_return_inside": r"a return statement cannot be placed inside this kiln loop",
    "reduce_dtype_changes": r"The function of Dataset.reduce\(\) changed a state's dtype from "
                            r"int32 to int64; cast it back to int32",
    "one_shot_has_no_initializer": r"The iterator does not have an initializer\. .*use "
                                   r"`kiln\.compat\.v1\.data\.make_initializable_iterator",
}


@pytest.fixture(autouse=True)
def no_iterator_left_open():
    yield
    assert _graph_iteration.open_iterators() == 0


def test_every_case_was_recorded_from_tensorflow():
    assert set(REFERENCE) == {c.__name__ for c in cases.CASES}


@pytest.mark.parametrize("case", cases.CASES, ids=lambda c: c.__name__)
def test_gives_tensorflows_result(case):
    want = REFERENCE[case.__name__]
    got = cases.evaluate(kiln, case)
    if "value" in want:
        assert got == want
        return
    assert got.get("error") == want["error"], got
    if case.__name__ in OWN_MESSAGES:
        assert re.search(OWN_MESSAGES[case.__name__], got["message"]), got
    else:  # TF's message, and the node kiln adds
        assert got["message"].startswith(want["message"]), got


# ---- for x in dataset ----

def test_each_call_reads_a_new_pass_without_retracing():
    passes = []

    def gen():
        passes.append(1)
        yield from range(4)
    ds = kiln.data.Dataset.from_generator(gen, output_signature=kiln.TensorSpec([], kiln.int64))

    @kiln.function
    def f():
        total = kiln.constant(0, kiln.int64)
        for x in ds:
            total += x
        return total
    assert [int(f()) for _ in range(3)] == [6, 6, 6]
    assert len(passes) == 3
    assert f.experimental_get_tracing_count() == 1


def test_break_closes_the_iterator_and_reads_no_further():
    pulled = []

    def gen():
        for i in range(100):
            pulled.append(i)
            yield i
    ds = kiln.data.Dataset.from_generator(gen, output_signature=kiln.TensorSpec([], kiln.int64))

    @kiln.function
    def f():
        total = kiln.constant(0, kiln.int64)
        for x in ds:
            if x >= 3:
                break
            total += x
        return total
    assert int(f()) == 3
    assert _graph_iteration.open_iterators() == 0
    assert pulled == [0, 1, 2, 3]


def test_loop_without_state_still_runs_and_closes():
    out = io.StringIO()

    @kiln.function
    def f():
        for x in kiln.data.Dataset.range(3):
            kiln.print(x, output_stream=out)
    f()
    f()
    assert out.getvalue().split() == ["0", "1", "2", "0", "1", "2"]


def test_generator_error_in_a_loop_is_the_run_error_and_closes_the_iterator():
    def gen():
        yield 1
        raise ValueError("bad record")
    ds = kiln.data.Dataset.from_generator(gen, output_signature=kiln.TensorSpec([], kiln.int64))

    @kiln.function
    def f():
        total = kiln.constant(0, kiln.int64)
        for x in ds:
            total += x
        return total
    with pytest.raises(errors.InvalidArgumentError, match="bad record"):
        f()
    assert _graph_iteration.open_iterators() == 0


def test_element_shapes_inside_the_loop_come_from_the_spec():
    shapes = []
    ds = kiln.data.Dataset.from_tensor_slices(np.zeros([4, 3], np.float32)).batch(2, drop_remainder=True)

    @kiln.function
    def f():
        total = kiln.constant(0.0)
        for b in ds:
            shapes.append(b.shape.as_list())
            total += kiln.reduce_sum(b + 1.0)
        return total
    assert float(f()) == 12.0
    assert shapes[-1] == [2, 3]


def test_parallel_map_and_prefetch_in_a_function_called_from_threads():
    ds = kiln.data.Dataset.range(50).map(lambda x: x * 2, num_parallel_calls=4).prefetch(3)

    @kiln.function
    def f():
        total = kiln.constant(0, kiln.int64)
        for x in ds:
            total += x
        return total
    f()  # trace first
    results = []

    def worker():
        for _ in range(5):
            results.append(int(f()))
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [2450] * 20


def _lines(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text("a\nbb\n")
    return kiln.data.TextLineDataset(str(path))


def test_strings_cannot_enter_a_graph_loop(tmp_path):
    ds = _lines(tmp_path)

    @kiln.function
    def f():
        n = 0
        for s in ds:
            n += 1
        return n
    with pytest.raises(TypeError, match=r"The loop over a dataset at line \d+: this dataset has a "
                                        r"string component .* Iterate it eagerly"):
        f()


def test_windows_cannot_enter_a_graph_loop():
    ds = kiln.data.Dataset.range(4).window(2)

    @kiln.function
    def f():
        n = 0
        for w in ds:
            n += 1
        return n
    with pytest.raises(TypeError, match=r"elements hold datasets \(from window\(\)\); a graph "
                                        r"cannot hold them\. Use flat_map or interleave"):
        f()


def test_python_iteration_while_a_graph_is_built_is_refused():
    ds = kiln.data.Dataset.range(3)
    message = r"A dataset cannot be iterated by Python while a graph is built"

    @kiln.function(autograph=False)
    def f():
        return list(ds)
    with pytest.raises(TypeError, match=message):
        f()
    with kiln.Graph().as_default():
        with pytest.raises(TypeError, match=message + r".*make_one_shot_iterator"):
            [x for x in ds]


def test_a_closed_handle_is_an_error():
    with pytest.raises(errors.FailedPreconditionError, match="iterator of this loop was closed"):
        _graph_iteration._advance(np.int64(10 ** 9), np.bool_(True))


# ---- reduce while a graph is built ----

def test_reduce_of_strings_in_a_graph_is_refused(tmp_path):
    ds = _lines(tmp_path)

    @kiln.function
    def f():
        return ds.reduce(0, lambda s, x: s + 1)
    with pytest.raises(TypeError, match=r"Dataset.reduce\(\): this dataset has a string component"):
        f()


def test_reduce_state_with_a_dataset_is_refused():
    @kiln.function
    def f():
        return kiln.data.Dataset.range(2).reduce(kiln.data.Dataset.range(1), lambda s, x: s)
    with pytest.raises(TypeError, match=r"a dataset cannot be part of the state while a graph"):
        f()


# ---- TF1 ----

def test_compat_v1_data_namespace():
    assert v1.data.Dataset is kiln.data.Dataset
    assert v1.data.Iterator is _graph_iteration.Iterator
    assert v1.data.AUTOTUNE == kiln.data.AUTOTUNE
    assert not hasattr(kiln.data.Dataset, "make_one_shot_iterator")  # TF2's Dataset has none
    assert hasattr(kiln.data, "Iterator") and kiln.data.Iterator is not v1.data.Iterator


def test_datasets_from_numpy_inside_a_graph():
    g = kiln.Graph()
    with g.as_default():
        ds = kiln.data.Dataset.from_tensor_slices((np.arange(3.0), np.arange(3)))
        ds = ds.padded_batch(2, padding_values=(-1.0, -1))
        x, y = v1.data.make_one_shot_iterator(ds).get_next()
        with v1.Session(graph=g) as sess:
            a, b = sess.run([x, y])
    np.testing.assert_array_equal(a, [0.0, 1.0])
    np.testing.assert_array_equal(b, [0, 1])


def test_end_of_sequence_and_make_callable():
    g = kiln.Graph()
    with g.as_default():
        nxt = v1.data.make_one_shot_iterator(kiln.data.Dataset.range(2)).get_next()
        with v1.Session(graph=g) as sess:
            step = sess.make_callable(nxt)
            assert [int(step()), int(step())] == [0, 1]
            with pytest.raises(errors.OutOfRangeError, match="End of sequence"):
                step()
            with pytest.raises(errors.OutOfRangeError, match="End of sequence"):
                sess.run(nxt)


def test_training_loop_until_out_of_range():
    g = kiln.Graph()
    with g.as_default():
        ds = kiln.data.Dataset.from_tensor_slices(np.arange(10, dtype=np.float32)).batch(4)
        x = v1.data.make_one_shot_iterator(ds).get_next()
        total = kiln.reduce_sum(x)
        seen = []
        with v1.Session(graph=g) as sess:
            while True:
                try:
                    seen.append(float(sess.run(total)))
                except errors.OutOfRangeError:
                    break
    assert seen == [6.0, 22.0, 17.0]


def test_tf1_iterator_errors(tmp_path):
    with kiln.Graph().as_default():
        it = v1.data.make_one_shot_iterator(kiln.data.Dataset.range(2))
        with pytest.raises(TypeError, match="A TF1 iterator is not a Python iterator: run "
                                            r"iterator.get_next\(\) in a Session"):
            iter(it)
        with pytest.raises(TypeError, match=r"make_one_shot_iterator takes a kiln.data.Dataset, "
                                            r"got list"):
            v1.data.make_one_shot_iterator([1, 2])
        with pytest.raises(TypeError, match=r"make_initializable_iterator takes a "
                                            r"kiln.data.Dataset, got int"):
            v1.data.make_initializable_iterator(3)
        with pytest.raises(TypeError, match=r"A TF1 dataset iterator: this dataset has a string"):
            v1.data.make_one_shot_iterator(_lines(tmp_path))
    with pytest.raises(TypeError, match="Expected a kiln.data.Dataset or a TF1 iterator, got int"):
        v1.data.get_output_types(3)


def test_initializer_is_an_operation_runnable_by_name():
    g = kiln.Graph()
    with g.as_default():
        it = v1.data.make_initializable_iterator(kiln.data.Dataset.range(3))
        nxt = it.get_next()
        assert isinstance(it.initializer, kiln.Operation)
        with v1.Session(graph=g) as sess:
            sess.run(it.initializer)
            assert int(sess.run(nxt)) == 0
            sess.run(it.initializer.name)
            assert int(sess.run(nxt)) == 0


def test_numpy_function_keeps_a_kiln_errors_class():
    def end(x):
        raise errors.OutOfRangeError(None, None, "no more")

    @kiln.function
    def f(x):
        return kiln.numpy_function(end, [x], kiln.float32)
    with pytest.raises(errors.OutOfRangeError, match="no more"):
        f(kiln.constant(1.0))
