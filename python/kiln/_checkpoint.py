"""Checkpoints: variables saved to and restored from files, as TF's
``tf.train.Checkpoint``, ``tf.train.latest_checkpoint`` and
``tf.compat.v1.train.Saver``.

Format (docs/variables.md): a checkpoint ``PATH`` is the NumPy archive
``PATH.npz`` (``np.load(PATH + ".npz")``) holding one array per variable,
keyed by its path from the checkpoint's root objects (``model/kernel``) for
``Checkpoint``, or by the variable's name (``layer/w``) for ``Saver``. Next to
it, the text file ``checkpoint`` names the latest one, in TF's format
(``model_checkpoint_path: "ckpt-1"``), which ``latest_checkpoint`` reads.
Files are written to a temporary name and renamed, so a crash never leaves a
half-written checkpoint under the real name.
"""

import os
import re
import tempfile

import numpy as np

from . import errors
from ._variables import Variable

_STATE_FILE = "checkpoint"


# ---- files ----

def _atomic_write(path, write):
    """Calls write(file) on a temporary file next to `path`, then renames it to `path`."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-" + os.path.basename(path))
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _write_arrays(path, arrays):
    _atomic_write(path + ".npz", lambda f: np.savez(f, **arrays))


def _read_arrays(path):
    file = path + ".npz"
    if not os.path.exists(file):
        raise errors.NotFoundError(
            None, None, f"Unsuccessful TensorSliceReader constructor: Failed to find any matching "
            f"files for {path}: no checkpoint file {file}. Pass the path save() returned (or "
            f"kiln.train.latest_checkpoint(directory)).")
    with np.load(file, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}


def _update_state(path, all_paths):
    """Writes the directory's `checkpoint` file naming `path` as the latest."""
    directory = os.path.dirname(os.path.abspath(path))

    def rel(p):
        return os.path.relpath(os.path.abspath(p), directory)

    text = f'model_checkpoint_path: "{rel(path)}"\n' + "".join(
        f'all_model_checkpoint_paths: "{rel(p)}"\n' for p in all_paths)
    _atomic_write(os.path.join(directory, _STATE_FILE), lambda f: f.write(text.encode()))


def _state_paths(directory):
    """(latest, all) paths the directory's `checkpoint` file names, or (None, [])."""
    file = os.path.join(directory, _STATE_FILE)
    if not os.path.exists(file):
        return None, []
    latest, paths = None, []
    with open(file) as f:
        for line in f:
            m = re.match(r'\s*(model_checkpoint_path|all_model_checkpoint_paths):\s*"(.*)"', line)
            if m:
                p = m.group(2) if os.path.isabs(m.group(2)) else os.path.join(directory, m.group(2))
                if m.group(1) == "model_checkpoint_path":
                    latest = p
                else:
                    paths.append(p)
    return latest, paths


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The path of the latest checkpoint saved in `checkpoint_dir`, or None."""
    latest, _ = _state_paths(os.fspath(checkpoint_dir))
    if latest is None or not os.path.exists(latest + ".npz"):
        return None
    return latest


def _check_fits(variable, value, key):
    if tuple(value.shape) != tuple(variable.shape.as_list() if variable.shape.rank is not None
                                   else value.shape) or value.dtype != variable.dtype.as_numpy_dtype:
        raise errors.InvalidArgumentError(
            None, None, f"The checkpoint's value for '{key}' is {value.dtype} of shape "
            f"{tuple(value.shape)}, but the variable {variable.name} is {variable.dtype.name} of "
            f"shape {variable.shape}: restore into variables of the shapes and dtypes saved.")


# ---- tf.train.Checkpoint ----

def _variables_of(obj, prefix, out, seen):
    """Every variable reachable from `obj` (attributes, lists, dicts), by path."""
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, Variable):
        out[prefix] = obj
    elif hasattr(obj, "_kiln_checkpoint_variables"):  # an optimizer: its variables by index
        for k, v in obj._kiln_checkpoint_variables().items():
            out[f"{prefix}/{k}"] = v
    elif isinstance(obj, dict):
        for k, v in obj.items():
            _variables_of(v, f"{prefix}/{k}", out, seen)
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            _variables_of(v, f"{prefix}/{i}", out, seen)
    elif hasattr(obj, "__dict__") and not isinstance(obj, type):
        for k, v in vars(obj).items():
            if not k.startswith("_"):
                _variables_of(v, f"{prefix}/{k}", out, seen)


class _RestoreStatus:
    """What Checkpoint.restore returns: checks of what matched."""

    def __init__(self, missing, unused):
        self._missing, self._unused = missing, unused

    def assert_consumed(self):
        if self._missing or self._unused:
            raise AssertionError(f"Checkpoint not fully consumed: variables without a saved value "
                                 f"{self._missing}, saved values without a variable "
                                 f"{self._unused}.")
        return self

    def assert_existing_objects_matched(self):
        if self._missing:
            raise AssertionError(f"Variables without a saved value: {self._missing}.")
        return self

    def expect_partial(self):
        return self

    def assert_nontrivial_match(self):
        return self


class Checkpoint:
    """``Checkpoint(model=..., step=...)``: saves and restores the variables
    reachable from the given objects (eager variables)."""

    def __init__(self, root=None, **kwargs):
        self._roots = dict(kwargs)
        if root is not None:
            self._roots["root"] = root
        self.save_counter = Variable(0, dtype="int64", trainable=False, name="save_counter")
        self._paths = []

    def _variables(self):
        out, seen = {}, set()
        for name, obj in self._roots.items():
            _variables_of(obj, name, out, seen)
        return out

    def write(self, file_prefix):
        """Saves to exactly `file_prefix` (no counter); returns it."""
        path = os.fspath(file_prefix)
        _write_arrays(path, {k: v.numpy() for k, v in self._variables().items()})
        return path

    def save(self, file_prefix):
        """Saves to ``file_prefix-N`` (N counts saves) and records it as the latest."""
        self.save_counter.assign_add(1)
        path = self.write(f"{os.fspath(file_prefix)}-{int(self.save_counter.numpy())}")
        self._paths.append(path)
        _update_state(path, self._paths)
        return path

    def read(self, save_path):
        return self.restore(save_path)

    def restore(self, save_path):
        """Assigns the saved values; NotFoundError for a missing checkpoint,
        InvalidArgumentError for a value of another shape or dtype."""
        if save_path is None:
            return _RestoreStatus([], [])
        saved = _read_arrays(os.fspath(save_path))
        variables = self._variables()
        for key, v in variables.items():
            if key in saved:
                _check_fits(v, saved[key], key)
        for key, v in variables.items():
            if key in saved:
                v.assign(saved[key])
        unused = set(saved) - set(variables)
        for name, obj in self._roots.items():  # slots an optimizer makes on its first step
            if hasattr(obj, "_kiln_restore_later"):
                later = {k[len(name) + 1:]: saved[k] for k in unused if k.startswith(name + "/")}
                obj._kiln_restore_later(later)
                unused -= {f"{name}/{k}" for k in later}
        return _RestoreStatus(sorted(set(variables) - set(saved)), sorted(unused))


class CheckpointManager:
    """Keeps the latest `max_to_keep` checkpoints of a Checkpoint in a directory."""

    def __init__(self, checkpoint, directory, max_to_keep, checkpoint_name="ckpt"):
        self._checkpoint = checkpoint
        self._directory = os.fspath(directory)
        self._max_to_keep = max_to_keep
        self._prefix = os.path.join(self._directory, checkpoint_name)
        _, self._all = _state_paths(self._directory)

    @property
    def directory(self):
        return self._directory

    @property
    def latest_checkpoint(self):
        return latest_checkpoint(self._directory)

    @property
    def checkpoints(self):
        return list(self._all)

    def save(self, checkpoint_number=None):
        if checkpoint_number is None:
            self._checkpoint.save_counter.assign_add(1)
            checkpoint_number = int(self._checkpoint.save_counter.numpy())
        path = self._checkpoint.write(f"{self._prefix}-{checkpoint_number}")
        self._all = [p for p in self._all if p != path] + [path]
        if self._max_to_keep is not None:
            while len(self._all) > self._max_to_keep:
                old = self._all.pop(0)
                if os.path.exists(old + ".npz"):
                    os.remove(old + ".npz")
        _update_state(path, self._all)
        return path


# ---- tf.compat.v1.train.Saver ----

class Saver:
    """TF1's Saver: ``save(sess, path)`` writes the session's values of the
    variables; ``restore(sess, path)`` assigns them in the session."""

    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5,
                 keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False,
                 saver_def=None, builder=None, defer_build=False, allow_empty=False,
                 write_version=None, pad_step_number=False, save_relative_paths=False,
                 filename=None, save_debug_info=False):
        from .compat._v1_variables import global_variables
        if var_list is None:
            var_list = global_variables()
        if isinstance(var_list, dict):
            self._vars = dict(var_list)
        else:
            self._vars = {v.op.name if v.graph is not None else v.name.split(":")[0]: v
                          for v in var_list}
        if not self._vars and not allow_empty:
            raise ValueError("No variables to save")
        self._max_to_keep = max_to_keep
        self._paths = []
        self._restore_ops = {}  # graph variables: (placeholder, assign op) per key

    def _restore_op(self, key, variable):
        """A placeholder and the assign from it (built once, as TF's restore ops)."""
        op = self._restore_ops.get(key)
        if op is None:
            from ._graph import placeholder
            graph = variable.graph
            with graph.as_default(), graph.name_scope("save"):
                value = placeholder(variable.dtype, variable.shape, name="RestoreV2")
                assign = variable.assign(value)
            op = self._restore_ops[key] = (value, assign)
        return op

    def save(self, sess, save_path, global_step=None, latest_filename=None,
             meta_graph_suffix="meta", write_meta_graph=True, write_state=True, strip_default_attrs=False,
             save_debug_info=False):
        path = os.fspath(save_path)
        if global_step is not None:
            step = global_step if isinstance(global_step, int) else int(sess.run(global_step))
            path = f"{path}-{step}"
        keys = list(self._vars)
        graph_vars = [k for k in keys if self._vars[k].graph is not None]
        values = dict(zip(graph_vars, sess.run([self._vars[k] for k in graph_vars]))) if (
            graph_vars and sess is not None) else {}
        for k in keys:
            if k not in values:
                values[k] = self._vars[k].numpy()
        _write_arrays(path, {k: np.asarray(v) for k, v in values.items()})
        if write_state:
            self._paths = [p for p in self._paths if p != path] + [path]
            while self._max_to_keep and len(self._paths) > self._max_to_keep:
                old = self._paths.pop(0)
                if os.path.exists(old + ".npz"):
                    os.remove(old + ".npz")
            _update_state(path, self._paths)
        return path

    def restore(self, sess, save_path):
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        saved = _read_arrays(os.fspath(save_path))
        for key, v in self._vars.items():
            if key not in saved:
                raise errors.NotFoundError(
                    None, None, f"Key {key} not found in checkpoint {save_path}: it holds "
                    f"{sorted(saved)}. Save and restore the same variables (or pass var_list "
                    f"as a dict mapping the saved names to variables).")
            _check_fits(v, saved[key], key)
        feeds, ops = {}, []
        for key, v in self._vars.items():
            if v.graph is None:
                v.assign(saved[key])
                continue
            value, assign = self._restore_op(key, v)
            feeds[value] = saved[key]
            ops.append(assign)
        if ops:
            sess.run(ops, feed_dict=feeds)

    @property
    def last_checkpoints(self):
        return list(self._paths)
