"""``kiln.compat.v1``: the TF1 API — graphs, placeholders and sessions — next
to every op of ``kiln`` (as ``tf.compat.v1`` holds TF's ops too)."""

import sys as _sys
import types as _types

import kiln as _kiln

from .. import _checkpoint, _example_proto
from . import _v1_learning_rate, _v1_optimizers
from .._graph import (Graph, disable_eager_execution, enable_eager_execution, get_default_graph,
                      placeholder, reset_default_graph)
from .._session import InteractiveSession, Session, get_default_session
from .._graph_build_ops import placeholder_with_default
from ._v1_aliases import *  # noqa: F401,F403 - TF1's names
from ._v1_variables import *  # noqa: F401,F403 - TF1's variable API
from .. import _gfile, _tf_logging
from .._ops import is_op_family as _is_op_family
from .._app import app, flags  # noqa: F401
from .._summary import summary_v1 as summary  # noqa: F401


def _module(name, doc, names):
    import sys
    import types
    module = types.ModuleType(f"{__name__}.{name}", doc)
    for key, value in names.items():
        setattr(module, key, value)
    sys.modules[module.__name__] = module
    return module


gfile = _module("gfile", "TF1's file API (tf.compat.v1.gfile).", _gfile.V1_NAMES)
logging = _module("logging", _tf_logging.__doc__,
                  {name: getattr(_tf_logging, name) for name in _tf_logging.NAMES})


def _export_ops():
    for name in dir(_kiln):
        value = getattr(_kiln, name)
        if (not name.startswith("_") and name not in globals() and name not in ("compat",)
                and not _is_op_family(value)):
            globals()[name] = value


_export_ops()

# TF1's tf.nn: TF2's ops and the names TF2 dropped.
nn = _module("nn", "TF1's tf.compat.v1.nn: kiln.nn and TF1's names.",
             {name: getattr(_kiln.nn, name) for name in dir(_kiln.nn) if not name.startswith("_")})
nn.softmax_cross_entropy_with_logits_v2 = _kiln.nn.softmax_cross_entropy_with_logits
for _family in _kiln._FAMILIES:  # TF1's signatures where they differ from TF2's (e.g. max_pool)
    for _name, _value in getattr(_family, "COMPAT_V1_NN", {}).items():
        setattr(nn, _name, _value)

train = _types.ModuleType("kiln.compat.v1.train", "TF1's tf.compat.v1.train: checkpoints, Example's messages.")
train.Saver = _checkpoint.Saver
train.Checkpoint = _checkpoint.Checkpoint
train.CheckpointManager = _checkpoint.CheckpointManager
train.latest_checkpoint = _checkpoint.latest_checkpoint
_example_proto.install(train)  # the same classes as kiln.train's
for _name, _value in {**_v1_optimizers.NAMES, **_v1_learning_rate.NAMES}.items():
    setattr(train, _name, _value)
_sys.modules[train.__name__] = train
executing_eagerly = _kiln.executing_eagerly
