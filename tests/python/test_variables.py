"""kiln.Variable: TF1 and TF2 programs compared with TF's recorded results
(tests/python/variable_cases.py, docs/tf-reference/variables.json), the
error messages, thread safety, and checkpoints across processes."""

import json
import os
import pathlib
import subprocess
import sys
import threading

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kiln
import variable_cases as cases

v1 = kiln.compat.v1
REFERENCE = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference" /
                        "variables.json").read_text())["cases"]


@pytest.mark.parametrize("case", cases.CASES, ids=lambda c: c.__name__)
def test_program_gives_tfs_result(case):
    assert json.loads(json.dumps(cases.run(kiln, case))) == REFERENCE[case.__name__]


# ---- messages ----

def test_uninitialized_read_names_the_variable_and_the_fix():
    g = kiln.Graph()
    with g.as_default():
        v = v1.Variable([1.0], name="weights")
        with v1.Session() as sess:
            with pytest.raises(kiln.errors.FailedPreconditionError,
                               match=r"uninitialized value weights.*global_variables_initializer"):
                sess.run(v * 2)


def test_assign_errors_say_what_fits():
    v = kiln.Variable([1.0, 2.0], name="w")
    with pytest.raises(ValueError, match=r"Shape mismatch.*\(2,\).*\(3,\).*TensorShape\(None\)"):
        v.assign([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"Cannot assign value .* to variable w:0 of dtype float32"):
        v.assign(kiln.constant([1, 2]))
    g = kiln.Graph()
    with g.as_default():
        w = v1.Variable([1.0, 2.0], name="w")
        with pytest.raises(kiln.errors.InvalidArgumentError,
                           match="variable is float32 but the value is float64"):
            g._add(kiln._core.op_names().index("assign_variable"),
                   [kiln.constant([1.0, 2.0], kiln.float64)], (w._handle, kiln.float32._code, [2]), None)
    with pytest.raises(ValueError, match="initial_value must be specified"):
        kiln.Variable()
    with pytest.raises(ValueError, match=r"not compatible with the explicitly supplied `shape`"):
        kiln.Variable([1.0, 2.0], shape=[3])
    with pytest.raises(TypeError, match="ref\\(\\)"):
        hash(v)


def test_a_function_that_creates_a_variable_on_every_trace_is_refused():
    @kiln.function
    def f(x):
        return x + kiln.Variable(1.0)
    with pytest.raises(ValueError, match="singleton tf.Variables created on the first call"):
        f(kiln.constant(1.0))


def test_initial_value_in_a_function_must_not_depend_on_arguments():
    made = []

    @kiln.function
    def f(x):
        if not made:
            made.append(kiln.Variable(x * 2))
        return made[0].read_value()
    with pytest.raises(ValueError, match="does not depend on the function's arguments"):
        f(kiln.constant(1.0))


def test_get_variable_errors_say_what_to_set():
    g = kiln.Graph()
    with g.as_default():
        with v1.variable_scope("s"):
            v1.get_variable("k", shape=[1])
            with pytest.raises(ValueError, match=r"Variable s/k already exists.*reuse=True"):
                v1.get_variable("k", shape=[1])
        with v1.variable_scope("s", reuse=True):
            with pytest.raises(ValueError, match="Variable s/q does not exist"):
                v1.get_variable("q")
            with pytest.raises(ValueError, match=r"specified shape \(2,\) and found shape \(1,\)"):
                v1.get_variable("k", shape=[2])
        with pytest.raises(ValueError, match="must be fully defined"):
            v1.get_variable("noshape")


def test_variable_ops_outside_a_graph_say_where_they_run():
    with pytest.raises(kiln.errors.FailedPreconditionError, match="acts on a variable"):
        kiln._core.execute(kiln._core.op_names().index("read_variable"), (), (0, 1, []))


# ---- versioned values ----

def test_a_numpy_view_taken_before_an_assign_keeps_its_values():
    v = kiln.Variable(np.arange(6.0))
    view = np.asarray(v)
    held = v.numpy()
    v.assign(np.zeros(6))
    v.assign_add(np.ones(6))
    v.scatter_nd_update([[0]], [9.0])
    assert view.tolist() == held.tolist() == list(range(6))
    assert not view.flags.writeable
    assert v.numpy().tolist() == [9, 1, 1, 1, 1, 1]


def test_scatter_nd_updates_match_numpy_eagerly_and_traced():
    """scatter_nd_update / add / sub write at the indices; repeated indices
    accumulate for add and sub (update's order for them is undefined in TF)."""
    start = np.arange(12.0).reshape(4, 3)
    updates = np.array([[1.0, 2, 3], [4, 5, 6], [7, 8, 9]])
    want = {name: start.copy() for name in ("scatter_nd_update", "scatter_nd_add", "scatter_nd_sub")}
    want["scatter_nd_update"][[0, 2, 3]] = updates
    np.add.at(want["scatter_nd_add"], [0, 2, 0], updates)
    np.subtract.at(want["scatter_nd_sub"], [0, 2, 0], updates)
    for method, expected in want.items():
        indices = [[0], [2], [3]] if method == "scatter_nd_update" else [[0], [2], [0]]
        eager = kiln.Variable(start)
        getattr(eager, method)(indices, updates)
        traced = kiln.Variable(start)
        kiln.function(lambda: getattr(traced, method)(indices, updates))()
        np.testing.assert_array_equal(eager.numpy(), expected, err_msg=method)
        np.testing.assert_array_equal(traced.numpy(), expected, err_msg=method)


# ---- threads ----

def test_function_assigning_from_four_threads_ends_with_the_exact_sum():
    counter = kiln.Variable(0, dtype=kiln.int64)
    total = kiln.Variable(0.0, dtype=kiln.float64)

    @kiln.function
    def step(x):
        counter.assign_add(1)
        total.assign_add(x)

    step(kiln.constant(0.0, kiln.float64))
    counter.assign(0)

    def work(k):
        for i in range(2500):
            step(kiln.constant(float(k), kiln.float64))
    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert int(counter) == 10_000
    assert float(total) == 2500.0 * (0 + 1 + 2 + 3)


def test_reads_never_see_a_torn_value():
    v = kiln.Variable(np.zeros(50_000))
    stop = threading.Event()
    seen = []

    def writer():
        i = 0
        while not stop.is_set():
            i += 1
            v.assign(np.full(50_000, float(i)))

    def reader():
        for _ in range(300):
            a = v.numpy()
            seen.append(bool(np.all(a == a[0])))
    w = threading.Thread(target=writer)
    w.start()
    readers = [threading.Thread(target=reader) for _ in range(2)]
    for r in readers:
        r.start()
    for r in readers:
        r.join()
    stop.set()
    w.join()
    assert len(seen) == 600 and all(seen)


def test_one_tf1_program_in_two_sessions_at_once_keeps_two_values():
    g = kiln.Graph()
    with g.as_default():
        v = v1.get_variable("count", shape=[], dtype=kiln.int64, initializer=v1.zeros_initializer())
        inc = v.assign_add(1)
        init = v1.global_variables_initializer()
    sessions = [v1.Session(graph=g) for _ in range(2)]
    for s in sessions:
        s.run(init)

    def work(sess, n):
        for _ in range(n):
            sess.run(inc)
    threads = [threading.Thread(target=work, args=(s, n)) for s, n in zip(sessions, (300, 500))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [int(s.run(v)) for s in sessions] == [300, 500]


# ---- checkpoints ----

def test_checkpoint_survives_a_process_restart(tmp_path):
    program = (
        "import sys, numpy as np, kiln\n"
        "v = kiln.Variable(np.zeros(3, np.float32)); step = kiln.Variable(0)\n"
        "ckpt = kiln.train.Checkpoint(weights=v, step=step)\n"
        "if sys.argv[1] == 'save':\n"
        "    v.assign([1.5, 2.5, 3.5]); step.assign(42); print(ckpt.save(sys.argv[2] + '/ckpt'))\n"
        "else:\n"
        "    ckpt.restore(kiln.train.latest_checkpoint(sys.argv[2])).assert_consumed()\n"
        "    print(v.numpy().tolist(), int(step))\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    saved = subprocess.run([sys.executable, "-c", program, "save", str(tmp_path)], env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert saved == str(tmp_path / "ckpt-1")
    assert sorted(np.load(saved + ".npz").files) == ["step", "weights"]
    restored = subprocess.run([sys.executable, "-c", program, "load", str(tmp_path)], env=env,
                              capture_output=True, text=True, check=True).stdout.strip()
    assert restored == "[1.5, 2.5, 3.5] 42"


def test_checkpoint_errors_name_the_mismatch(tmp_path):
    path = kiln.train.Checkpoint(w=kiln.Variable([1.0, 2.0])).save(str(tmp_path / "c"))
    other = kiln.train.Checkpoint(w=kiln.Variable([1.0, 2.0, 3.0]))
    with pytest.raises(kiln.errors.InvalidArgumentError, match=r"'w' is float32 of shape \(2,\)"):
        other.restore(path)
    with pytest.raises(kiln.errors.NotFoundError, match="no checkpoint file"):
        other.restore(str(tmp_path / "missing"))
    status = kiln.train.Checkpoint(v=kiln.Variable(1.0)).restore(path)
    with pytest.raises(AssertionError, match=r"without a saved value \['v'\]"):
        status.assert_consumed()
    g = kiln.Graph()
    with g.as_default():
        x = v1.get_variable("x", shape=[2])
        with v1.Session() as sess:
            with pytest.raises(kiln.errors.NotFoundError, match=r"Key x not found in checkpoint"):
                v1.train.Saver().restore(sess, path)


def test_checkpoint_files_are_written_whole(tmp_path):
    ckpt = kiln.train.Checkpoint(w=kiln.Variable(np.ones(1000)))
    manager = kiln.train.CheckpointManager(ckpt, str(tmp_path), max_to_keep=2)
    paths = [manager.save() for _ in range(3)]
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "ckpt-2.npz", "ckpt-3.npz"]
    assert manager.latest_checkpoint == paths[-1]
    assert (tmp_path / "checkpoint").read_text().startswith('model_checkpoint_path: "ckpt-3"')


# ---- hostile scatter input ----

@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-3, 8), min_size=0, max_size=6), st.integers(1, 6))
def test_scatter_updates_match_numpy_or_fail_cleanly(indices, size):
    v = kiln.Variable(np.arange(size, dtype=np.int64))
    updates = np.arange(100, 100 + len(indices), dtype=np.int64)
    expected = np.arange(size, dtype=np.int64)
    in_range = all(0 <= i < size for i in indices)
    if in_range:
        np.add.at(expected, indices, updates)
    try:
        v.scatter_add(kiln.IndexedSlices(updates, np.array(indices, np.int64)))
    except kiln.errors.InvalidArgumentError as e:
        assert not in_range and "index" in str(e).lower()
        assert v.numpy().tolist() == list(range(size))  # nothing changed
    else:
        assert in_range and v.numpy().tolist() == expected.tolist()


def test_reads_and_assigns_are_chained_in_program_order_even_after_a_caught_error():
    v = kiln.Variable(1)

    @kiln.function
    def f():
        a = v.read_value()
        try:
            v.assign([1, 2])  # wrong shape: refused while tracing, and the trace goes on
        except ValueError:
            pass
        v.assign_add(5)
        return a, v.read_value()
    assert [int(t) for t in f()] == [1, 6]
    graph = f.get_concrete_function().graph
    ops = {op.type: op for op in graph.get_operations()}
    assert ops["AssignAddVariableOp"].control_inputs == [
        op for op in graph.get_operations() if op.type == "ReadVariableOp"][:1]


def test_a_function_reads_variables_in_lists_and_numpy_builds_ops_on_them():
    w = kiln.Variable([5.0, 6.0])

    @kiln.function
    def mean_of_list():
        return kiln.reduce_mean([w, w * 2])

    assert float(mean_of_list()) == pytest.approx(8.25)
    w.assign([1.0, 1.0])
    assert float(mean_of_list()) == pytest.approx(1.5)  # read when called, not baked in

    # NumPy's functions on a variable inside a function build ops on its read (TF raises
    # NotImplementedError here; docs/numpy.md), read when called, not baked in.
    @kiln.function
    def numpy_inside():
        return np.add(w, 1)
    np.testing.assert_array_equal(numpy_inside(), [2.0, 2.0])
    w.assign([3.0, 4.0])
    np.testing.assert_array_equal(numpy_inside(), [4.0, 5.0])

    @kiln.function
    def unmapped_numpy_inside():
        return np.median(w)
    with pytest.raises(NotImplementedError, match=r"np\.median has no kiln mapping"):
        unmapped_numpy_inside()
