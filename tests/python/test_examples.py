"""The examples print what TensorFlow prints for the same programs.

docs/tf-reference/*.txt hold TensorFlow 2.21's output of each seed example,
recorded by running it with `import tensorflow as tf`.
"""

import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("example, reference", [
    ("examples/eager_to_numpy.py", "docs/tf-reference/seed_eager.txt"),
    ("examples/graph_to_numpy.py", "docs/tf-reference/seed_graph.txt"),
    ("examples/function_to_numpy.py", "docs/tf-reference/seed_function.txt"),
])
def test_example_prints_what_tensorflow_prints(example, reference):
    source = (ROOT / example).read_text()
    assert "import kiln as tf" in source  # the seed's code, unchanged but for the import
    out = subprocess.run([sys.executable, str(ROOT / example)], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout == (ROOT / reference).read_text()
