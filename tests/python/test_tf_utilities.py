"""The utility names of TF programs (gfile, logging, app/flags, threading,
tensor protos, string dtype, summaries) and former divergences, compared with
TF's recorded results (tests/python/tf_utilities_cases.py,
docs/tf-reference/tf_utilities.json)."""

import builtins
import logging
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import kiln
import recorded_statements as recorded
import tf_utilities_cases as cases

RECORD = recorded.load("tf_utilities")

# Same error class as TF; kiln's message says more (which argument, what to do).
CLASS_ONLY = {
    "tf.make_tensor_proto([1.5], dtype=tf.int32)",
    "tf.make_tensor_proto([[1, 2], [3]])",
    "tf.nn.softmax(tf.constant([[1.0, 2.0]]), axis=1.5)",
    "tf.nn.log_softmax(tf.constant([[1.0, 2.0]]), axis=0.5)",
    "tf.stack(np.array([[1, 2], [3, 4]]), axis=1)",
}
# Deliberate differences (docs/semantics.md), each checked by its own test below.
DIFFERS = set(cases.STRINGS) | set(cases.CASTS) | {
    "graph_nodes(lambda x: x[0])", "graph_nodes(lambda x: x[0], scope='layer')"}


@pytest.fixture(scope="module")
def kiln_results():
    logging.getLogger("kiln").disabled = True  # the logging cases print to stderr
    try:
        results = cases.evaluate_all(kiln)
    finally:
        logging.getLogger("kiln").disabled = False
        kiln.compat.v1.logging.set_verbosity(kiln.compat.v1.logging.WARN)
        kiln.config.threading.set_inter_op_parallelism_threads(0)
    return results


def test_the_record_is_of_these_cases():
    assert [case for case, _ in RECORD] == cases.CASES


COMPARED = [i for i, case in enumerate(cases.CASES) if case not in DIFFERS]


@pytest.mark.parametrize("index", COMPARED, ids=[cases.CASES[i] for i in COMPARED])
def test_kiln_gives_tfs_result(kiln_results, index):
    case, expected = RECORD[index]
    got = kiln_results[index][1]
    if case in CLASS_ONLY:
        assert got.split(":")[:2] == expected.split(":")[:2]
    else:
        assert got == expected


# ---- strings: the name exists, every use says kiln has none ----

@pytest.mark.parametrize("use", [
    lambda: kiln.constant(1, dtype=kiln.string), lambda: kiln.zeros([2], dtype=kiln.string),
    lambda: kiln.cast(kiln.constant([1]), kiln.string),
    # A string TensorSpec exists (datasets' string components, docs/data.md) but a
    # traced function cannot take one.
    lambda: kiln.function(lambda s: s, input_signature=[kiln.TensorSpec([2], kiln.string)])
    .get_concrete_function(),
    lambda: kiln.as_dtype("string"), lambda: kiln.constant([1], dtype=str)])
def test_string_dtype_is_refused_with_the_reason(use):
    with pytest.raises(TypeError, match="string tensors are not supported: kiln has no string dtype"):
        use()


def test_string_placeholder_is_refused():
    with kiln.Graph().as_default():
        with pytest.raises(TypeError, match="string tensors are not supported"):
            kiln.compat.v1.placeholder(kiln.string, [2])


def test_every_strings_name_says_strings_are_unsupported():
    for name in ("join", "split", "length", "anything_at_all"):
        with pytest.raises(AttributeError, match=f"kiln.strings.{name}: string tensors are not "
                                                 f"supported"):
            getattr(kiln.strings, name)
    assert not hasattr(kiln.strings, "join")
    assert RECORD[cases.CASES.index("tf.strings.join(['a', 'b']).numpy()")][1] == "b'ab'"  # TF has it


# ---- float -> int casts of out-of-range values: kiln saturates ----

def _saturated(values, dtype):
    info = np.iinfo(dtype)
    clipped = np.clip(np.nan_to_num(np.asarray(values, np.float64), nan=0.0), info.min, info.max)
    return np.trunc(clipped).astype(np.float64)


@pytest.mark.parametrize("case", [c for c in cases.CASTS if "CAST_VALUES" in c])
def test_out_of_range_float_to_int_casts_saturate(case):
    dst = case.split("tf.")[-1].split(")")[0]
    got = np.asarray(eval(case, {"tf": kiln, "CAST_VALUES": cases.CAST_VALUES}))  # noqa: S307
    want = _saturated(cases.CAST_VALUES, np.dtype(dst))
    # In-range values agree with TF; saturation is exact for all but the int64/uint64 bounds,
    # which float64 rounds (compared after the same rounding).
    assert got.astype(np.float64).tolist() == want.tolist()


def test_tfs_out_of_range_casts_depend_on_array_length():
    """Why kiln does not copy TF: the same value casts differently in TF by path."""
    short = RECORD[cases.CASES.index("tf.cast(tf.constant(CAST_VALUES, tf.float32), tf.uint8)")][1]
    long = RECORD[cases.CASES.index(
        f"tf.cast(tf.constant(CAST_VALUES * 100, tf.float32), tf.uint8)[:{len(cases.CAST_VALUES)}]")][1]
    assert short.startswith("[44,") and long.startswith("[255,")  # 300.0 -> uint8
    assert kiln.cast(kiln.constant(300.0), kiln.uint8).numpy() == 255
    assert kiln.cast(kiln.constant([300.0] * 1000), kiln.uint8).numpy().tolist() == [255] * 1000


# ---- graph names: as TF, without strided_slice's bound constants ----

@pytest.mark.parametrize("scope", [None, "layer"])
def test_strided_slice_node_is_named_as_tfs_without_its_bound_constants(kiln_results, scope):
    case = "graph_nodes(lambda x: x[0])" if scope is None else \
        "graph_nodes(lambda x: x[0], scope='layer')"
    tf_nodes = eval(RECORD[cases.CASES.index(case)][1])  # noqa: S307
    got = eval(kiln_results[cases.CASES.index(case)][1])  # noqa: S307
    assert got == [(name, kind) for name, kind in tf_nodes if kind != "Const"]


def test_constant_operand_names_survive_a_session_run():
    g = kiln.Graph()
    with g.as_default():
        x = kiln.compat.v1.placeholder(kiln.float32, [2], name="x")
        y = (x * 2 + 1) * 3
    assert y.name == "mul_1:0"
    assert g.get_tensor_by_name("mul/y:0").op.type == "Const"
    with kiln.compat.v1.Session(graph=g) as sess:
        assert sess.run(y, {x: [1.0, 2.0]}).tolist() == [9.0, 15.0]
        assert sess.run("add/y:0").tolist() == 1.0


# ---- gfile: errors say which path ----

def test_gfile_errors_name_the_path(tmp_path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(kiln.errors.NotFoundError, match=f"{missing}; No such file or directory"):
        kiln.io.gfile.GFile(missing).read()
    with pytest.raises(kiln.errors.NotFoundError, match="Could not find directory"):
        kiln.io.gfile.listdir(missing)
    with pytest.raises(TypeError, match="gfile path must be a string, bytes or os.PathLike"):
        kiln.io.gfile.exists(3)


def test_gfile_text_and_binary_round_trip(tmp_path):
    path = str(tmp_path / "f.bin")
    with kiln.io.gfile.GFile(path, "wb") as f:
        f.write(b"\x00\xffab")
    with kiln.io.gfile.GFile(path, "rb") as f:
        assert f.read() == b"\x00\xffab" and f.tell() == 4
        f.seek(1)
        assert f.read(1) == b"\xff"
    with kiln.io.gfile.GFile(path, "w") as f:
        f.write("é\n")
    assert kiln.io.gfile.GFile(path).readlines() == ["é\n"] and kiln.io.gfile.stat(path).length == 3


# ---- logging ----

def test_logging_prints_tfs_format_to_stderr_at_the_verbosity_set():
    script = textwrap.dedent("""
        import kiln as tf
        L = tf.compat.v1.logging
        L.info("hidden")
        L.set_verbosity(L.INFO)
        L.info("shown %d", 1)
        for i in range(5):
            L.log_every_n(L.INFO, "every %d", 2, i)
            L.log_first_n(L.WARN, "first %d", 2, i)
        L.log_if(L.ERROR, "if", True)
        L.vlog(1, "vlog below DEBUG")
        L.flush()
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, env=_env())
    assert out.stderr.splitlines() == [
        "INFO:kiln:shown 1", "INFO:kiln:every 0", "WARNING:kiln:first 0", "WARNING:kiln:first 1",
        "INFO:kiln:every 2", "INFO:kiln:every 4", "ERROR:kiln:if"]


def test_log_every_n_rejects_a_bad_n():
    with pytest.raises(ValueError, match="n must be a positive integer, got 0"):
        kiln.compat.v1.logging.log_every_n(kiln.compat.v1.logging.INFO, "x", 0)


def _env():
    import os
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


# ---- app.run and flags (absl) ----

def test_app_run_parses_flags_calls_main_and_exits_with_its_result():
    pytest.importorskip("absl")
    script = textwrap.dedent("""
        import kiln as tf
        flags = tf.compat.v1.flags
        flags.DEFINE_integer("steps", 3, "how many")
        assert tf.compat.v1.app.flags is flags
        def main(argv):
            print(flags.FLAGS.steps, argv[1:])
            return 7
        tf.compat.v1.app.run(main, argv=["prog", "--steps=5", "--undefined=1", "rest"])
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=_env())
    assert out.returncode == 7, out.stderr
    assert out.stdout.strip() == "5 ['--undefined=1', 'rest']"  # TF 2.21's output of this script


def test_app_run_uses_main_of_the_main_module_and_sys_argv():
    pytest.importorskip("absl")
    script = "import kiln as tf\ndef main(argv):\n    print(argv)\ntf.compat.v1.app.run()\n"
    out = subprocess.run([sys.executable, "-c", script, "x", "--foo"], capture_output=True,
                         text=True, env=_env())
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['-c', 'x', '--foo']"  # as TF: undefined flags stay


def test_flags_without_absl_say_how_to_install_it_and_app_run_still_runs_main(monkeypatch):
    real_import = builtins.__import__

    def no_absl(name, *args, **kwargs):
        if name == "absl" or name.startswith("absl."):
            raise ImportError("No module named 'absl'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_absl)
    with pytest.raises(ImportError, match="absl is not installed: pip install absl-py"):
        kiln.compat.v1.flags.DEFINE_integer("n", 1, "")
    with pytest.raises(ImportError, match="pip install absl-py"):
        kiln.compat.v1.app.flags.FLAGS  # noqa: B018
    # No flags can exist then: app.run calls main with argv and exits with its result.
    with pytest.raises(SystemExit) as exit_:
        kiln.compat.v1.app.run(lambda argv: len(argv), argv=["p", "--x=1", "y"])
    assert exit_.value.code == 3


# ---- summaries: refused, naming the alternative ----

@pytest.mark.parametrize("call", [
    lambda: kiln.summary.scalar("loss", 0.5, step=1), lambda: kiln.summary.create_file_writer("d"),
    lambda: kiln.compat.v1.summary.FileWriter("d"), lambda: kiln.compat.v1.summary.scalar("l", 1.0),
    lambda: kiln.compat.v1.summary.merge_all()])
def test_summaries_are_refused_with_the_alternative(call):
    with pytest.raises(NotImplementedError, match="kiln does not write TensorBoard event files. "
                                                  "Log values with kiln.print"):
        call()


# ---- threading ----

def test_intra_op_threads_size_kilns_pool_and_results_stay_right():
    threading = kiln.config.threading
    default = kiln._core._num_threads()
    x = kiln.random.uniform([1 << 20], seed=1)
    want = np.sum(np.asarray(x), dtype=np.float64)
    try:
        threading.set_intra_op_parallelism_threads(1)
        assert threading.get_intra_op_parallelism_threads() == 1
        assert kiln._core._num_threads() == 1
        assert float(kiln.reduce_sum(x)) == pytest.approx(want, rel=1e-6)
        threading.set_intra_op_parallelism_threads(3)
        assert kiln._core._num_threads() == 3
        assert float(kiln.reduce_sum(x)) == pytest.approx(want, rel=1e-6)
    finally:
        threading.set_intra_op_parallelism_threads(0)
    assert threading.get_intra_op_parallelism_threads() == 0
    assert kiln._core._num_threads() == default  # 0: back to one thread per core


def test_thread_counts_are_checked():
    with pytest.raises(ValueError, match="must be 0 \\(one per core\\) or a positive number"):
        kiln.config.threading.set_intra_op_parallelism_threads(-1)
    with pytest.raises(TypeError, match="must be an integer number of threads, got 1.5"):
        kiln.config.threading.set_inter_op_parallelism_threads(1.5)


def test_session_config_sets_the_pool_size():
    v1 = kiln.compat.v1
    try:
        with v1.Session(config=v1.ConfigProto(intra_op_parallelism_threads=2)):
            assert kiln._core._num_threads() == 2
    finally:
        kiln.config.threading.set_intra_op_parallelism_threads(0)


# ---- tensor protos ----

def test_tensor_proto_errors_and_round_trip():
    proto = kiln.make_tensor_proto(np.arange(6, dtype=np.uint16).reshape(2, 3))
    array = kiln.make_ndarray(proto)
    assert array.dtype == np.uint16 and array.tolist() == [[0, 1, 2], [3, 4, 5]]
    array[0, 0] = 9  # a copy: the proto is unchanged
    assert kiln.make_ndarray(proto)[0, 0] == 0
    assert hash(proto) == hash(kiln.make_tensor_proto(np.arange(6, dtype=np.uint16).reshape(2, 3)))
    with pytest.raises(TypeError, match="make_ndarray needs a TensorProto"):
        kiln.make_ndarray([1, 2])
    with pytest.raises(TypeError, match="Expected Tensor's shape: \\(3,\\), but got \\(2,\\)"):
        kiln.make_tensor_proto([1, 2], shape=[3], verify_shape=True)
