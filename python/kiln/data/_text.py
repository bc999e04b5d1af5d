"""``TextLineDataset``: the lines of local text files (strings components)."""

import os

from .. import _core, errors
from ._dataset import Dataset
from ._structure import StringSpec


def _names(filenames):
    if isinstance(filenames, (str, bytes, os.PathLike)):
        return [os.fsdecode(filenames)]
    import numpy as np
    return [os.fsdecode(f) for f in np.asarray(filenames, dtype=object).reshape(-1)]


class TextLineDataset(Dataset):
    """The lines of each file in ``filenames`` (a name, a list of names, or a
    dataset of names such as ``Dataset.list_files``), without line endings."""

    def __init__(self, filenames, compression_type=None, buffer_size=None,
                 num_parallel_reads=None, name=None):
        if compression_type not in (None, ""):
            raise errors.UnimplementedError(
                None, None, f"TextLineDataset: compression_type={compression_type!r} is not "
                f"supported by kiln; decompress the files first.")
        if isinstance(filenames, Dataset):
            files = filenames
            inner = files.interleave(
                lambda f: TextLineDataset(f), cycle_length=num_parallel_reads or 1,
                num_parallel_calls=num_parallel_reads)
            super().__init__(lambda cores, o: inner._c, [], StringSpec([]))
            return
        names = _names(filenames)
        super().__init__(lambda cores, o: _core.data_text_lines(names), [], StringSpec([]))


def TFRecordDataset(filenames, compression_type=None, buffer_size=None,  # noqa: N802 - TF's name
                    num_parallel_reads=None, name=None):
    """TF's TFRecord files hold serialized protocol buffers, decoded with
    tf.io.parse_example into string and numeric features: kiln has no string
    tensors or Example parsing, so it refuses them clearly."""
    raise errors.UnimplementedError(
        None, None, "TFRecordDataset is not supported by kiln: records are serialized "
        "tf.train.Example protos, which need string tensors. Convert the data to .npy/.npz "
        "(kiln.io) or text, and read it with from_tensor_slices or TextLineDataset.")
