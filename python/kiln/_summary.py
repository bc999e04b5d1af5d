"""``kiln.summary`` and ``kiln.compat.v1.summary``: the names TF programs use to
write TensorBoard event files. kiln does not write event files (that needs
TensorBoard's protobuf records, and the ``tensorboard`` package pulls in grpc,
werkzeug and protobuf), so each of these raises NotImplementedError naming
what to use instead. A writer that silently drops values would hide that
nothing was recorded.
"""

import types as _types

_ALTERNATIVE = ("kiln does not write TensorBoard event files. Log values with kiln.print or "
                "Python's logging (kiln.get_logger()), or collect them and save them with NumPy "
                "(np.save, kiln.io.save_npz).")


def _unsupported(qualified):
    def refuse(*args, **kwargs):
        raise NotImplementedError(f"{qualified}: {_ALTERNATIVE}")
    refuse.__name__ = qualified.rpartition(".")[2]
    refuse.__qualname__ = refuse.__name__
    refuse.__doc__ = f"Raises NotImplementedError: {_ALTERNATIVE}"
    return refuse


def _namespace(module_name, names):
    module = _types.ModuleType(module_name, "TensorBoard summaries: not supported by kiln "
                                            "(each name raises NotImplementedError).")
    for name in names:
        setattr(module, name, _unsupported(f"{module_name}.{name}"))
    return module


summary = _namespace("kiln.summary", ("scalar", "histogram", "image", "text", "audio", "write",
                                      "create_file_writer", "create_noop_writer", "flush",
                                      "record_if", "trace_on", "trace_export", "trace_off"))
summary_v1 = _namespace("kiln.compat.v1.summary", ("scalar", "histogram", "image", "text", "audio",
                                                   "merge", "merge_all", "tensor_summary",
                                                   "FileWriter"))
