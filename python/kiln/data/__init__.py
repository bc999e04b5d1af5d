"""``kiln.data``: input pipelines, as ``tf.data`` (see docs/data.md).

    ds = kiln.data.Dataset.from_tensor_slices((x, y))
    ds = ds.shuffle(1000, seed=0).map(f, num_parallel_calls=kiln.data.AUTOTUNE)
    ds = ds.batch(256).prefetch(kiln.data.AUTOTUNE)
    for xb, yb in ds.as_numpy_iterator(): ...

The pipeline runs in C++ (src/data): map, filter, scan and reduce functions
are traced once into plans; parallel map and prefetch run on worker threads
with bounded buffers while Python waits without the GIL."""

import types as _types

from ._dataset import AUTOTUNE, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY, Dataset
from ._iterators import NumpyIterator, OwnedIterator as Iterator
from ._options import Options
from ._structure import DatasetSpec
from ._text import TFRecordDataset, TextLineDataset


def _cardinality(dataset):
    return dataset.cardinality()


def _assert_cardinality(expected_cardinality):
    def apply(dataset):
        n = dataset._c.cardinality()
        if n != int(expected_cardinality):
            from .. import errors
            raise errors.FailedPreconditionError(
                None, None, f"Input dataset was expected to contain {int(expected_cardinality)} "
                f"elements but contained {n}.")
        return dataset
    return apply


def _scan(initial_state, scan_func):
    return lambda dataset: dataset.scan(initial_state, scan_func)


experimental = _types.SimpleNamespace(
    AUTOTUNE=AUTOTUNE, INFINITE_CARDINALITY=INFINITE_CARDINALITY,
    UNKNOWN_CARDINALITY=UNKNOWN_CARDINALITY, cardinality=_cardinality,
    assert_cardinality=_assert_cardinality, DatasetSpec=DatasetSpec, scan=_scan)

__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "Dataset", "DatasetSpec",
           "Iterator", "NumpyIterator", "Options", "TextLineDataset", "TFRecordDataset",
           "experimental"]
