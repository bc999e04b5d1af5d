"""Records TF 2.21's output of the training, CNN and data pipeline examples in
docs/tf-reference/<name>.txt, for tests/python/test_examples.py: each
example is run unchanged but for `import kiln as tf` -> `import tensorflow as tf`.

    /path/to/tf/python docs/tf-reference/record_training_examples.py   (TF 2.21, Keras 3)
"""
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ["train_linear_regression", "train_classifier", "cnn_forward", "data_pipeline"]


def main():
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    for name in EXAMPLES:
        source = (ROOT / "examples" / f"{name}.py").read_text()
        assert source.count("import kiln as tf\n") == 1, name
        source = source.replace("import kiln as tf\n", "import tensorflow as tf\n")
        # From a file, not `python -c`: TF's AutoGraph reads a function's source
        # (without it, a `for` over a dataset in a tf.function never ends).
        with tempfile.NamedTemporaryFile("w", suffix=".py") as program:
            program.write(source)
            program.flush()
            out = subprocess.run([sys.executable, program.name, os.devnull], capture_output=True,
                                 text=True, check=True, env=env)
        path = ROOT / "docs" / "tf-reference" / f"{name}.txt"
        path.write_text(out.stdout)
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
