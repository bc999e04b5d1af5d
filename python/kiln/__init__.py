"""kiln: a tensor runtime that turns symbolic tensors into concrete ones and hands them to NumPy.

Names and semantics follow TensorFlow 2.x, so ``import kiln as tf`` runs TF
programs. See README.md and docs/ for what is implemented.
"""

import os as _os
import sys as _sys
import types as _types

# oneDNN's kernels run on an OpenMP team (libgomp, loaded with _core). By
# default its threads spin after each kernel, taking the cores from the oneTBB
# pool that runs kiln's next op (measured: relu after a conv 1.5x slower);
# passive waiting hands them back. libgomp reads this once, as it loads; a
# value the user set wins.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from . import _core
from . import errors
from . import dtypes
from .dtypes import (DType, as_dtype, bool, string, int8, int16, int32, int64, uint8,  # noqa: A004
                     uint16, uint32, uint64, float16, half, bfloat16, float32, float64, double,
                     complex64, complex128)
from ._tensor_shape import TensorShape
from ._eager_tensor import EagerTensor
from ._ops import is_op_family as _is_op_family
from ._symbolic_tensor import SymbolicTensor, Tensor, is_symbolic_tensor, is_tensor
from ._graph import (Graph, Operation, control_dependencies, executing_eagerly, name_scope,
                     get_default_graph as _get_default_graph)
from ._session import get_default_session as _get_default_session
from ._static_value import get_static_value
from ._graph_build_ops import group, no_op
from ._function import Function, function
from ._control_flow import case, cond, switch_case, while_loop
from ._variables import (IndexedSlices, Variable, VariableAggregation,
                        VariableSynchronization)
from ._initializers import (constant_initializer, ones_initializer, random_normal_initializer,
                           random_uniform_initializer, zeros_initializer)
from ._tensor_array import TensorArray
from ._functional_ops import foldl, foldr, map_fn, scan, vectorized_map
from ._numpy_function import numpy_function, print_ as print, py_function  # noqa: A004
from ._tensor_spec import TensorSpec
from ._convert import constant, convert_to_tensor
from ._array_ops import fill, ones, ones_like, zeros, zeros_like
from ._tape import GradientTape, UnconnectedGradients
from ._module import Module
from ._gradients import RegisterGradient, custom_gradient, gradients, no_gradient
from .dlpack import from_dlpack
from . import dlpack
from . import io
from . import (math_ops as _math_ops, unary_ops as _unary_ops, reduction_ops as _reduction_ops,
               linalg_ops as _linalg_ops, shape_ops as _shape_ops, index_ops as _index_ops,
               cast_ops as _cast_ops, random_ops as _random_ops, creation_ops as _creation_ops,
               stateless_random_ops as _stateless_random_ops,
               linalg_lapack_ops as _linalg_lapack_ops, linalg_diag_ops as _linalg_diag_ops,
               linalg_norm as _linalg_norm, nn_ops as _nn_ops, nn_moments as _nn_moments,
               segment_ops as _segment_ops, search_ops as _search_ops, clip_ops as _clip_ops,
               nn_conv_ops as _nn_conv_ops, nn_pool_ops as _nn_pool_ops,
               nn_norm_ops as _nn_norm_ops, image_ops as _image_ops)

from . import _tensor_operators  # noqa: F401 - installs + - * / == ... on EagerTensor

newaxis = None

__version__ = "0.1.0"

_FAMILIES = (_math_ops, _unary_ops, _reduction_ops, _linalg_ops, _shape_ops, _index_ops,
             _cast_ops, _random_ops, _stateless_random_ops, _creation_ops, _linalg_lapack_ops,
             _linalg_diag_ops, _linalg_norm, _nn_ops, _nn_moments, _segment_ops, _search_ops,
             _clip_ops, _nn_conv_ops, _nn_pool_ops, _nn_norm_ops, _image_ops)


def _namespace(name, doc):
    """A submodule (kiln.math, kiln.nn, ...) holding the ops that families list for it."""
    module = _types.ModuleType(f"{__name__}.{name}", doc)
    for family in _FAMILIES:
        for op_name in family.NAMESPACES.get(name, ()):
            setattr(module, op_name, getattr(family, op_name))
    _sys.modules[module.__name__] = module
    return module


for _family in _FAMILIES:
    for _name in _family.__all__:
        globals()[_name] = getattr(_family, _name)

math = _namespace("math", "Math ops, as tf.math.")
nn = _namespace("nn", "Neural-network ops, as tf.nn.")
linalg = _namespace("linalg", "Linear algebra, as tf.linalg.")
random = _namespace("random", "Random numbers, as tf.random.")
bitwise = _namespace("bitwise", "Bitwise ops, as tf.bitwise.")
image = _namespace("image", "Image ops, as tf.image.")

from . import compat  # noqa: E402 - after the ops, which compat.v1 re-exports
from . import autograph, debugging, nest  # noqa: E402
from . import data  # noqa: E402
from ._devices import device  # noqa: E402
from . import _devices  # noqa: E402

from . import _threading  # noqa: E402
from ._tf_logging import get_logger  # noqa: E402
from ._tensor_proto import make_ndarray, make_tensor_proto  # noqa: E402
from ._strings import strings  # noqa: E402
from ._summary import summary  # noqa: E402

config = _types.ModuleType(f"{__name__}.config", "Devices kiln can use, as tf.config.")
config.list_physical_devices = _devices.list_physical_devices
config.list_logical_devices = _devices.list_logical_devices
config.experimental = _types.SimpleNamespace(list_physical_devices=_devices.list_physical_devices,
                                             list_logical_devices=_devices.list_logical_devices)
config.threading = _types.ModuleType(f"{__name__}.config.threading", _threading.__doc__)
for _name in _threading.NAMES:
    setattr(config.threading, _name, getattr(_threading, _name))
_sys.modules[config.__name__] = config
_sys.modules[config.threading.__name__] = config.threading


from . import _checkpoint, _example_proto  # noqa: E402

from . import _optimizers  # noqa: E402
optimizers, keras = _optimizers.namespaces(__name__)

train = _types.ModuleType(f"{__name__}.train", "Checkpoints and tf.train.Example's messages, as tf.train.")
train.Checkpoint = _checkpoint.Checkpoint
train.CheckpointManager = _checkpoint.CheckpointManager
train.latest_checkpoint = _checkpoint.latest_checkpoint
_example_proto.install(train)  # Example, Features, ... (built on first use: protobuf is optional)
_sys.modules[train.__name__] = train


from . import _gradient_checker  # noqa: E402

test = _types.ModuleType(f"{__name__}.test", "Gradient checking, as tf.test.")
test.compute_gradient = _gradient_checker.compute_gradient
_sys.modules[test.__name__] = test

experimental = _types.ModuleType(f"{__name__}.experimental", "As tf.experimental.")
experimental.dlpack = dlpack
_sys.modules[experimental.__name__] = experimental

from . import _np  # noqa: E402 - the NumPy API; also installs NumPy's hooks on symbolic tensors
experimental.numpy = _types.ModuleType(f"{__name__}.experimental.numpy", _np.__doc__)
experimental.numpy.__dict__.update(_np._NAMESPACE)
_sys.modules[experimental.numpy.__name__] = experimental.numpy
_sys.modules[_np.random.__name__] = _np.random

# Python binds every submodule it imports as an attribute of kiln. Op families are
# implementation (their ops are exported above by name), so they are unbound here,
# whoever adds one; other implementation modules are named _x.py.
# tests/python/test_public_names.py checks that kiln's namespaces hold only TF's
# names and documented kiln-only ones.
for _name in [n for n, v in globals().items() if not n.startswith("_") and _is_op_family(v)]:
    del globals()[_name]
