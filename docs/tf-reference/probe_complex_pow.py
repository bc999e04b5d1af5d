"""TF's complex power at special bases: x ** 0 for NaN, 0, NaN-imaginary, 2 and inf
(complex64). Writes docs/tf-reference/complex_pow.json; tests/python/test_binary_ops.py
compares kiln's. TF computes exp(y * log(x)), so x ** 0 is NaN where NumPy gives 1."""
import json
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

nan, inf = float("nan"), float("inf")
bases = [complex(nan, 0), 0j, complex(0, nan), complex(2, 0), complex(inf, 0)]
got = tf.pow(tf.constant(np.array(bases, np.complex64)), tf.constant(np.zeros(5, np.complex64)))
out = {"tensorflow": tf.__version__, "bases": [repr(b) for b in bases],
       "results": [repr(complex(v)) for v in got.numpy()]}
path = pathlib.Path(__file__).resolve().parent / "complex_pow.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}")
