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


def _v1_namespace(space):
    """tf.compat.v1.<space>: this module's own, made first from kiln.<space> when
    kiln shares that module with TF 2 (kiln.image, kiln.math), so that TF1's
    names added to it stay out of TF 2's."""
    module, shared = globals().get(space), getattr(_kiln, space, None)
    if module is None or module is shared:
        names = {n: getattr(shared, n) for n in dir(shared) if not n.startswith("_")}
        module = _module(space, f"TF1's tf.compat.v1.{space}: kiln.{space} and TF1's names.",
                         names)
        globals()[space] = module
    return module


def _install_v1_names():
    """TF1's names that op families declare in V1_NAMESPACES ({namespace: {name:
    value}}, "" for tf.compat.v1 itself)."""
    for family in _kiln._FAMILIES:
        for space, names in getattr(family, "V1_NAMESPACES", {}).items():
            target = _v1_namespace(space) if space else None
            for name, value in names.items():
                if target is None:
                    globals()[name] = value
                else:
                    setattr(target, name, value)


_install_v1_names()

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


def _v1_data():
    """tf.compat.v1.data: kiln.data's names, and TF1's iterators for graphs."""
    from .. import data as _data
    from ..data import _graph_iteration as _gi
    names = {n: getattr(_data, n) for n in dir(_data) if not n.startswith("_")}
    names.update(Iterator=_gi.Iterator, make_one_shot_iterator=_gi.make_one_shot_iterator,
                 make_initializable_iterator=_gi.make_initializable_iterator,
                 get_output_types=_gi.get_output_types, get_output_shapes=_gi.get_output_shapes,
                 get_output_classes=_gi.get_output_classes)
    return _module("data", "TF1's tf.compat.v1.data: kiln.data and TF1's iterators "
                           "(make_one_shot_iterator, make_initializable_iterator).", names)


data = _v1_data()
