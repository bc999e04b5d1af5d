"""make bench: runs every kiln benchmark and prints its table."""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import autograph  # noqa: E402
import conversion  # noqa: E402
import data_pipeline  # noqa: E402
import dynamic_shapes  # noqa: E402
import function  # noqa: E402
import image_resize  # noqa: E402
import nn_conv  # noqa: E402
import nn_pool_norm  # noqa: E402
import nn_resnet_block  # noqa: E402
import numpy_api  # noqa: E402
import plan_targets  # noqa: E402
import ops  # noqa: E402
import session  # noqa: E402
import training  # noqa: E402
import variables  # noqa: E402

if __name__ == "__main__":
    conversion.run()
    ops.run()
    numpy_api.run()
    session.run()
    function.run()
    plan_targets.run()
    dynamic_shapes.run()
    autograph.run()
    variables.run()
    training.run()
    nn_conv.run()
    nn_pool_norm.run()
    nn_resnet_block.run()
    image_resize.run()
    data_pipeline.run(rows=200_000)  # bench/data_pipeline.py alone: 1M rows
