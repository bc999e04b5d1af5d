"""Records the public names (dir() without _names) of TF's namespaces, from
`tf` down three levels of submodules (tf.compat.v1.gfile), in
docs/tf-reference/public_names.json: tests/python/test_public_names.py checks
that kiln's namespaces hold only TF's names and its commented kiln-only ones.

    .venv/bin/python docs/tf-reference/probe_public_names.py   (after make bench-peers)
"""
import json
import os
import pathlib
import types

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

SKIP = {"tf.keras", "tf.compat.v1.keras", "tf.compat.v2.keras"}  # Keras: not what kiln follows
names = {}


def record(module, path, depth):
    try:
        names[path] = sorted(n for n in dir(module) if not n.startswith("_"))
    except BaseException:  # noqa: BLE001 - Keras's lazy modules fail to load without Keras
        return
    if depth == 0:
        return
    for name in names[path]:
        child = f"{path}.{name}"
        if child in SKIP or child in names:
            continue
        try:
            value = getattr(module, name)
        except BaseException:  # noqa: BLE001 - lazily loaded modules that fail to load
            continue
        if isinstance(value, types.ModuleType):
            record(value, child, depth - 1)


record(tf, "tf", 3)
path = pathlib.Path(__file__).resolve().parent / "public_names.json"
lines = [f" {json.dumps(k)}: {json.dumps(v)}" for k, v in sorted(names.items())]
path.write_text(json.dumps({"tensorflow": tf.__version__})[:-1] + ",\n \"namespaces\": {\n" +
                ",\n".join(lines) + "\n}}\n")
print(f"wrote {path}")
