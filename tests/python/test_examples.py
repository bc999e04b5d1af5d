"""The examples print what TensorFlow prints for the same programs.

docs/tf-reference/*.txt hold TensorFlow 2.21's output of each example,
recorded by running it with `import tensorflow as tf` (the training examples'
by docs/tf-reference/record_training_examples.py).
"""

import pathlib
import re
import subprocess
import sys

import numpy as np
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
    assert run_example(example) == (ROOT / reference).read_text()


def run_example(example, *args):
    return subprocess.run([sys.executable, str(ROOT / example), *args], capture_output=True,
                          text=True, check=True, cwd=ROOT).stdout


NUMBER = re.compile(r"-?\d+\.\d*(?:e[-+]?\d+)?|-?\d+(?:e[-+]?\d+)?")

# The training examples run float32 matmuls and reductions, which kiln and TF
# sum in different orders: each op's result may differ in its last bits
# (float32's epsilon is 1.2e-7), and the differences carry through the training
# steps (200 of gradient descent, 50 of Adam). Both problems are well
# conditioned, so they stay small: measured, at most 2.1e-7 relative. rtol 1e-4
# leaves room for other CPUs' vector widths while a wrong gradient, a missed
# update or a wrong optimizer constant moves the printed numbers by far more
# (one Adam step at lr 1e-3 already changes the weights by ~1e-3 relative).
# atol only covers numbers that pass through zero.
RTOL, ATOL = 1e-4, 1e-7


@pytest.mark.parametrize("example, reference", [
    ("examples/train_linear_regression.py", "docs/tf-reference/train_linear_regression.txt"),
    ("examples/train_classifier.py", "docs/tf-reference/train_classifier.txt"),
    ("examples/data_pipeline.py", "docs/tf-reference/data_pipeline.txt"),
])
def test_training_example_prints_tensorflows_numbers(example, reference):
    source = (ROOT / example).read_text()
    assert source.count("import kiln as tf\n") == 1  # TF's program but for the import
    ours, theirs = run_example(example), (ROOT / reference).read_text()
    # The same lines with the numbers taken out, then the numbers within RTOL.
    assert NUMBER.sub("#", ours) == NUMBER.sub("#", theirs)
    got, expected = (np.array([float(n) for n in NUMBER.findall(t)]) for t in (ours, theirs))
    assert len(expected) >= 10  # the losses and the weights (or their summaries) were parsed
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL)


def test_cnn_forward_prints_tensorflows_logits_and_saves_them(tmp_path):
    """The CNN example's three runs (Session, tf.function, eager) agree, its
    printed logits are TF's (float32 convolutions sum in another order than
    TF's: the same RTOL as the training examples), and the .npy file holds the
    logits it printed."""
    source = (ROOT / "examples/cnn_forward.py").read_text()
    assert source.count("import kiln as tf\n") == 1
    out = tmp_path / "logits.npy"
    ours = run_example("examples/cnn_forward.py", str(out))
    theirs = (ROOT / "docs/tf-reference/cnn_forward.txt").read_text()
    assert "session == function: True" in ours and "eager == function: True" in ours
    assert NUMBER.sub("#", ours) == NUMBER.sub("#", theirs)
    got, expected = (np.array([float(n) for n in NUMBER.findall(t)]) for t in (ours, theirs))
    # Logits pass through zero: atol covers ~100 float32 roundings of 0.1-sized terms.
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=1e-5)
    logits = np.load(out)
    assert logits.shape == (8, 10) and logits.dtype == np.float32
    first_row = [float(v) for v in ours.split("logits: ", 2)[2].split("\n")[0].split()]
    np.testing.assert_allclose(logits[0], first_row, atol=1e-6)


def test_numpy_on_symbolic_example_agrees_with_numpy():
    """examples/numpy_on_symbolic.py: the np.* function's results in a TF1 graph (None batch)
    and in a traced function are NumPy's on the same array (float32: a few ULPs)."""
    ours = run_example("examples/numpy_on_symbolic.py")
    assert "In a TF1 graph: Tensor(" in ours and "shape=(None, 4), dtype=float32" in ours
    blocks = ours.split("In a traced function:")
    head, rest = blocks[0], blocks[1]
    numpy_part, graph_part = head.split("In a TF1 graph:")
    numbers = [np.array([float(n) for n in NUMBER.findall(part)])
               for part in (numpy_part, graph_part.split("dtype=float32)", 1)[1],
                            rest.split("kiln.")[0])]
    assert len(numbers[0]) == 12
    for got in numbers[1:]:
        np.testing.assert_allclose(got, numbers[0], rtol=1e-5, atol=1e-6)
    sums = np.array([float(n) for n in NUMBER.findall(rest.split("eagerly:")[1])])
    np.testing.assert_allclose(sums, np.ones(3), rtol=1e-6)
