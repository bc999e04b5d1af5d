"""``kiln.compat.v1``: the TF1 API — graphs, placeholders and sessions — next
to every op of ``kiln`` (as ``tf.compat.v1`` holds TF's ops too)."""

import sys as _sys
import types as _types

import kiln as _kiln

from .. import checkpoint as _checkpoint
from .._graph import (Graph, disable_eager_execution, enable_eager_execution, get_default_graph,
                      placeholder, reset_default_graph)
from .._session import InteractiveSession, Session, get_default_session
from .._graph_build_ops import placeholder_with_default
from .v1_aliases import *  # noqa: F401,F403 - TF1's names
from .v1_variables import *  # noqa: F401,F403 - TF1's variable API


def _export_ops():
    for name in dir(_kiln):
        if not name.startswith("_") and name not in globals() and name not in ("compat",):
            globals()[name] = getattr(_kiln, name)


_export_ops()

train = _types.ModuleType("kiln.compat.v1.train", "TF1's tf.compat.v1.train: checkpoints.")
train.Saver = _checkpoint.Saver
train.Checkpoint = _checkpoint.Checkpoint
train.CheckpointManager = _checkpoint.CheckpointManager
train.latest_checkpoint = _checkpoint.latest_checkpoint
_sys.modules[train.__name__] = train
executing_eagerly = _kiln.executing_eagerly
