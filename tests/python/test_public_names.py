"""kiln's namespaces hold only public names: each name of ``dir()`` of kiln and
of every namespace under it (found by walking kiln, so new namespaces are
checked too) is either in TF's ``dir()`` of the same namespace
(docs/tf-reference/public_names.json, docs/tf-reference/probe_public_names.py)
or in KILN_ONLY below, with the reason. An imported module or helper that
leaks into a namespace (``kiln.array_ops``, ``kiln.io.os``) fails here."""

import json
import pathlib
import types

import kiln

TF = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference" /
                 "public_names.json").read_text())["namespaces"]

# kiln's names that TF's namespace of the same path lacks, each with the reason.
# kiln.compat.v1.X holds kiln.X's names (kiln.compat.v1 shares kiln's TF2
# namespaces, as it holds every op of kiln), so they are allowed there too.
KILN_ONLY = {
    "kiln": {
        "EagerTensor", "SymbolicTensor",  # kiln's two tensor classes (TF's are internal)
        "Function",  # what kiln.function returns (TF's is tf.types.experimental.PolymorphicFunction)
        "dlpack", "from_dlpack",  # also at tf.experimental.dlpack, which kiln has too
    },
    "kiln.io": {"load_npy", "save_npy", "load_npz", "save_npz"},  # NumPy files (docs/conversion.md)
    "kiln.dlpack": {"from_dlpack", "to_dlpack"},  # kiln.dlpack is tf.experimental.dlpack
    # NumPy's ufuncs that kiln's registry computes and TF's tnp lacks (np.X maps to them on
    # symbolic tensors; docs/numpy.md), and the with-block form of NumPy behaviour.
    "kiln.experimental.numpy": {"copysign", "degrees", "fmax", "fmin", "invert", "left_shift",
                                "modf", "radians", "right_shift", "rint", "trunc",
                                "numpy_behavior",
                                # the Array API standard's names, as NumPy 2's namespace has
                                # them (docs/array-api.md)
                                "concat", "permute_dims", "astype", "matrix_transpose", "vecdot",
                                "cumulative_sum", "cumulative_prod", "unique_values",
                                "unique_counts", "unique_inverse", "unique_all", "isdtype",
                                "can_cast", "acos", "acosh", "asin", "asinh", "atan", "atan2",
                                "atanh", "pow", "bitwise_invert", "bitwise_left_shift",
                                "bitwise_right_shift"},
}
# tf.keras is not recorded (probe_public_names.py skips Keras); kiln.keras holds only
# optimizers, the module kiln.optimizers is, as tf.keras.optimizers is tf.optimizers.
KILN_ONLY["kiln.keras"] = {"optimizers"}
TF_PATH_OF = {"kiln.keras.optimizers": "tf.optimizers",
              "kiln.keras.optimizers.schedules": "tf.optimizers.schedules"}
DEPTH = 4  # TF's record goes down to tf.a.b.c (probe_public_names.py); deeper paths are not checked


def _namespaces(obj, path):
    """(path, namespace) for obj and every kiln namespace below it, to DEPTH."""
    yield path, obj
    if path.count(".") + 1 >= DEPTH:
        return
    for name in dir(obj):
        try:
            value = getattr(obj, name)
        except ImportError:  # a name of a missing optional package (kiln.train.Example
            continue         # without protobuf): its name is still checked, from dir()
        if (not name.startswith("_") and isinstance(value, types.ModuleType)
                and value.__name__.startswith("kiln")):
            yield from _namespaces(value, f"{path}.{name}")


def _public(obj):
    return {n for n in dir(obj) if not n.startswith("_")}


def _allowed(path):
    """TF's names at `path` and kiln's documented extras (see KILN_ONLY)."""
    tf_path = TF_PATH_OF.get(path, "tf" + path[len("kiln"):])
    allowed = set(TF.get(tf_path, ())) | KILN_ONLY.get(path, set())
    if path.startswith("kiln.compat.v1."):
        shared = "kiln." + path[len("kiln.compat.v1."):]
        allowed |= set(TF.get("tf" + shared[len("kiln"):], ())) | KILN_ONLY.get(shared, set())
    elif path == "kiln.compat.v1":
        allowed |= set(TF["tf"]) | KILN_ONLY["kiln"]
    return allowed


def test_every_public_name_is_tfs_or_a_documented_kiln_name():
    unexpected = {}
    for path, namespace in _namespaces(kiln, "kiln"):
        extra = _public(namespace) - _allowed(path)
        if extra:
            unexpected[path] = sorted(extra)
    assert not unexpected, (
        f"names in kiln's namespaces that TF's lack: {unexpected}. Make implementation "
        f"modules and helpers private (a leading _, or `import x as _x`), or add a kiln-only "
        f"name to KILN_ONLY with the reason.")


def test_the_walk_reaches_kilns_namespaces():
    paths = {path for path, _ in _namespaces(kiln, "kiln")}
    assert {"kiln.math", "kiln.nn", "kiln.io.gfile", "kiln.compat.v1.gfile",
            "kiln.config.threading"} <= paths


def test_kiln_only_names_exist_and_are_not_tfs():
    """The allowlist holds no stale names, and none that TF has (those need no entry)."""
    for path, names in KILN_ONLY.items():
        namespace = kiln
        for part in path.split(".")[1:]:
            namespace = getattr(namespace, part)
        assert names <= _public(namespace), f"{path}: {sorted(names - _public(namespace))}"
        assert not names & set(TF.get("tf" + path[len("kiln"):], ())), path
