"""Every error kiln.data raises for a user's mistake, with its class and its
message (python/kiln/data raises, src/data throws): what TF's recorded
statements (test_dataset_tf.py) cannot show, since they compare classes.
Errors that arrive mid-stream keep the elements before them (test_data.py)."""

import os

import numpy as np
import pytest

import kiln as tf
from kiln import errors

r = tf.data.Dataset.range(5)
windows = r.window(2)


def gen_of(values, spec):
    return tf.data.Dataset.from_generator(lambda: iter(values), output_signature=spec)


def unknown_rank():
    return gen_of([], tf.TensorSpec(None, tf.int32))


# (what the user wrote, the error class, a regular expression its message matches)
CONSTRUCTION = [
    # argument types
    (lambda: r.batch("a"), TypeError, r"^batch_size must be an integer, got str: 'a'\.$"),
    (lambda: r.batch(True), TypeError, r"^batch_size must be an integer, got bool: True\.$"),
    (lambda: r.shuffle(2.5), TypeError, r"^buffer_size must be an integer, got float: 2\.5\.$"),
    (lambda: r.map(lambda x: x, num_parallel_calls="4"), TypeError,
     r"^num_parallel_calls must be an integer, got str"),
    (lambda: tf.data.Dataset.range("a"), TypeError, r"^range's arguments must be an integer"),
    (lambda: tf.data.Dataset.range(1, 2, 3, 4), ValueError,
     r"^Invalid arguments to range: \(1, 2, 3, 4\)\. Give stop, start and stop, or start, stop "
     r"and step\.$"),
    (lambda: tf.data.Dataset.range(1, 2, 0), errors.InvalidArgumentError,
     r"^step must be a non-zero integer\.$"),
    (lambda: tf.data.Dataset.range(3, output_type=tf.bool), errors.InvalidArgumentError,
     r"^range: output_type must be an integer or floating dtype, got bool\.$"),
    (lambda: r.with_options(3), TypeError, r"^with_options needs a kiln\.data\.Options, got 3\.$"),
    (lambda: r.concatenate(3), TypeError, r"^concatenate takes a dataset, got int\.$"),
    (lambda: r.concatenate(tf.data.Dataset.from_tensor_slices([1.0])), TypeError,
     r"^Incompatible dataset elements:\n  TensorSpec\(shape=\(\), dtype=kiln\.int64, name=None\) "
     r"vs\.\n  TensorSpec\(shape=\(\), dtype=kiln\.float32"),
    (lambda: tf.data.Dataset.zip((r, 3)), TypeError,
     r"^zip takes datasets \(or a nest of them\), got int: 3\.$"),
    (lambda: r.apply(lambda d: 3), TypeError,
     r"^The function of apply\(\) must return a Dataset, got int\.$"),
    # non-callable functions (TF's class and words)
    *[(f, ValueError, r"^Argument `func` must be a callable\. Received func=3 \(of type "
       r"<class 'int'>\)$") for f in (
        lambda: r.map(3), lambda: r.filter(3), lambda: r.take_while(3),
        lambda: r.flat_map(3), lambda: r.interleave(3), lambda: r.reduce(np.int64(0), 3),
        lambda: r.scan(np.int64(0), 3))],
    (lambda: tf.data.Dataset.from_generator(3, output_signature=tf.TensorSpec((), tf.int32)),
     TypeError, r"^`generator` must be a Python callable\.$"),
    # what traced functions return
    (lambda: r.filter(lambda x: x), ValueError,
     r"^Invalid `predicate`\. `predicate` must return a `tf\.bool` scalar tensor, but its return "
     r"type is TensorSpec\(shape=\(\), dtype=kiln\.int64, name=None\)\.$"),
    (lambda: r.take_while(lambda x: x > [1, 2]), ValueError, r"^Invalid `predicate`"),
    (lambda: r.map(lambda x: None), TypeError,
     r"^The function of Dataset\.map\(\) returned None; it must return tensors"),
    (lambda: r.map(lambda x: tf.data.Dataset.range(2)), TypeError,
     r"^The function of Dataset\.map\(\) returned a dataset; use flat_map or interleave"),
    (lambda: r.flat_map(lambda x: x), TypeError,
     r"^The function of Dataset\.flat_map\(\) must return a Dataset, got EagerTensor: "),
    (lambda: r.interleave(lambda x: None),
     TypeError, r"^The function of Dataset\.interleave\(\) must return a Dataset, got NoneType"),
    (lambda: r.reduce(np.int64(0), lambda s, x: (s, x)), errors.InvalidArgumentError,
     r"^The function of Dataset\.reduce\(\) must return a state of the structure of its initial "
     r"state TensorSpec\(shape=\(\), dtype=kiln\.int64, name=None\), got \(TensorSpec"),
    (lambda: r.reduce(np.int64(0), lambda s, x: tf.cast(s, tf.float32)), TypeError,
     r"^The function of Dataset\.reduce\(\) changed a state's dtype from int64 to float32; cast it "
     r"back to int64 before returning it\.$"),
    (lambda: r.scan(np.int64(0), lambda s, x: s + x), TypeError,
     r"^Invalid `scan_func`\. `scan_func` should return a pair consisting of new state and the "
     r"output value but its return type is TensorSpec\(shape=\(\), dtype=kiln\.int64"),
    (lambda: r.scan(np.int64(0), lambda s, x: (s, x, x)), TypeError, r"^Invalid `scan_func`"),
    (lambda: r.scan((np.int64(0), np.int64(1)), lambda s, x: (s[0], x)), TypeError,
     r"^The function of Dataset\.scan\(\) must return a state of the structure of its initial "
     r"state"),
    # strings and windows into traced functions
    (lambda: tf.data.Dataset.from_tensor_slices(["a", "b"]).map(lambda s: s), TypeError,
     r"^Dataset\.map\(\): this dataset has a string component \(TensorSpec\(shape=\(\), "
     r"dtype=kiln\.string, name=None\)\); kiln has no string tensors, so a traced function cannot "
     r"take it\. Decode the text in Python with Dataset\.from_generator"),
    (lambda: tf.data.Dataset.from_tensor_slices(["a"]).filter(lambda s: True), TypeError,
     r"^Dataset\.filter\(\): this dataset has a string component .* kiln has no string tensors"),
    (lambda: windows.map(lambda w: w), TypeError,
     r"^Dataset\.map\(\): this dataset's elements hold datasets \(from window\(\)\); use flat_map "
     r"or interleave, whose function gets them, instead\.$"),
    (lambda: windows.as_numpy_iterator(), TypeError,
     r"^Dataset\.as_numpy_iterator\(\) is not supported for datasets that produce values of type "
     r"DatasetSpec \(from window\(\)\); iterate it with for/iter, or flat_map the windows into "
     r"tensors first\.$"),
    # from_generator's signature
    (lambda: tf.data.Dataset.from_generator(lambda: iter([]), output_types=tf.int32,
                                            output_signature=tf.TensorSpec((), tf.int32)),
     TypeError, r"^from_generator: give either output_signature or output_types \(with "
     r"output_shapes\), not both\.$"),
    (lambda: tf.data.Dataset.from_generator(lambda: iter([]), output_signature=tf.int32),
     TypeError, r"^from_generator: output_signature must hold kiln\.TensorSpec objects, got "
     r"kiln\.int32\.$"),
    (lambda: tf.data.Dataset.from_generator(lambda: iter([])), TypeError,
     r"^from_generator needs output_signature \(or the TF1 output_types\)\.$"),
    (lambda: tf.data.Dataset.from_generator(lambda: iter([]), output_types=(tf.int32, tf.int32),
                                            output_shapes=([],)), ValueError,
     r"^from_generator: output_shapes must have the structure of output_types\.$"),
    # sources
    (lambda: tf.data.Dataset.from_tensor_slices(([1, 2], [1, 2, 3])), ValueError,
     r"^Dimensions 2 and 3 are not compatible: from_tensor_slices needs every component to have "
     r"the same size in its first dimension \(component 0 has 2, component 1 has 3\)\.$"),
    (lambda: tf.data.Dataset.from_tensor_slices(1.0), ValueError,
     r"^Unbatching a tensor is only supported for rank >= 1: from_tensor_slices got a scalar "
     r"component \(shape \(\)\)"),
    (lambda: tf.data.Dataset.from_tensor_slices(()), errors.InvalidArgumentError,
     r"^from_tensor_slices needs at least one tensor\.$"),
    (lambda: tf.function(lambda: tf.data.Dataset.from_tensor_slices(tf.zeros([2]) + 1) and 0)(),
     TypeError, r"^from_tensor_slices: a symbolic tensor has no value to put in a dataset\."),
    (lambda: tf.data.Dataset.list_files("/nonexistent-kiln-dir/*.txt"),
     errors.InvalidArgumentError,
     r"^Expected 'tf\.Tensor\(False, shape=\(\), dtype=bool\)' to be true\. Summarized data: "
     r"b'No files matched pattern: /nonexistent-kiln-dir/\*\.txt'$"),
    (lambda: tf.data.TextLineDataset("x.txt.gz", compression_type="GZIP"),
     errors.UnimplementedError, r"^TextLineDataset: compression_type='GZIP' is not supported by "
     r"kiln; decompress the files first\.$"),
    (lambda: tf.data.TFRecordDataset("x.tfrecord"), errors.UnimplementedError,
     r"^TFRecordDataset is not supported by kiln: records are serialized tf\.train\.Example "
     r"protos, which need string tensors\."),
    # sizes
    (lambda: r.batch(0), errors.InvalidArgumentError,
     r"^Batch size must be greater than zero, got 0\.$"),
    (lambda: r.shuffle(0), errors.InvalidArgumentError,
     r"^buffer_size must be greater than zero, got 0\.$"),
    (lambda: r.prefetch(-5), errors.InvalidArgumentError,
     r"^prefetch: buffer_size must be >= 0 or AUTOTUNE \(-1\), got -5\.$"),
    (lambda: r.map(lambda x: x, num_parallel_calls=-5), errors.InvalidArgumentError,
     r"^num_parallel_calls must be positive or AUTOTUNE \(-1\), got -5\.$"),
    (lambda: r.interleave(lambda x: tf.data.Dataset.range(x), cycle_length=0),
     errors.InvalidArgumentError, r"^cycle_length must be greater than zero, got 0\.$"),
    (lambda: r.interleave(lambda x: tf.data.Dataset.range(x), cycle_length=2, block_length=0),
     errors.InvalidArgumentError, r"^block_length must be greater than zero, got 0\.$"),
    (lambda: r.unbatch(), ValueError,
     r"^Cannot unbatch an input with scalar components: every component needs a first dimension "
     r"to split along, but one is TensorSpec\(shape=\(\), dtype=int64\)\.$"),
    # padded_batch
    (lambda: unknown_rank().padded_batch(2), ValueError,
     r"^You must provide `padded_shapes` argument because component TensorSpec\(shape=<unknown>, "
     r"dtype=kiln\.int32, name=None\) has unknown rank\.$"),
    (lambda: tf.data.Dataset.zip((r, r)).padded_batch(2, padded_shapes=([],)), ValueError,
     r"^The two structures don't have the same sequence length: padded_shapes must have the "
     r"element's structure"),
    (lambda: r.padded_batch(2, padding_values="x"), TypeError,
     r"^Invalid `padding_values`\. `padding_values` values type <dtype: 'string'> does not match "
     r"type <dtype: 'int64'> of the corresponding input component\.$"),
    (lambda: r.padded_batch(2, padding_values=tf.constant(1.0)), TypeError,
     r"^Invalid `padding_values`\. `padding_values` values type <dtype: 'float32'> does not match"),
    (lambda: r.padded_batch(2, padding_values=np.array([1, 2])), TypeError,
     r"^padded_batch: padding_values\[0\] must be a scalar of the component's dtype "
     r"\(TensorSpec\(shape=\(\), dtype=int64\)\), got TensorSpec\(shape=\(2,\), dtype=int64\)\.$"),
    (lambda: r.padded_batch(2, padded_shapes=[2]), ValueError,
     r"^The padded shape \(2,\) is not compatible with the shape \(\) of component 0\.$"),
    (lambda: tf.data.Dataset.from_tensors([1, 2, 3]).padded_batch(2, padded_shapes=[2]),
     ValueError, r"^The padded shape \(2,\) is not compatible with the shape \(3,\) of component "
     r"0\.$"),
    (lambda: windows.padded_batch(2), TypeError,
     r"^`padded_batch` is not supported for datasets of datasets$"),
    # the rest of the surface
    (lambda: len(r.repeat()), TypeError, r"^The dataset is infinite\.$"),
    (lambda: len(r.filter(lambda x: x > 1)), TypeError, r"^The dataset length is unknown\.$"),
    (lambda: setattr(tf.data.Options(), "foo", 1), AttributeError,
     r"^Options has no option 'foo'\. Known: deterministic, threading, experimental_optimization"),
    (lambda: tf.data.Dataset.from_tensor_slices(["a"]).cache("/tmp/never-written"),
     errors.UnimplementedError, r"^cache: a file cache holds tensors only; this dataset has a "
     r"TensorSpec\(shape=\(\), dtype=string\) component\. Cache it in memory \(cache\(\)\) "
     r"instead\.$"),
    (lambda: r.take(0).get_single_element(), errors.InvalidArgumentError,
     r"^Dataset was empty\.$"),
    (lambda: r.get_single_element(), errors.InvalidArgumentError,
     r"^Dataset had more than one element\.$"),
    (lambda: r.apply(tf.data.experimental.assert_cardinality(3)), errors.FailedPreconditionError,
     r"^Input dataset was expected to contain 3 elements but contained 5\.$"),
    (lambda: r.ignore_errors(), NotImplementedError,
     r"^Dataset\.ignore_errors is not supported by kiln yet\.$"),
    (lambda: iter(r).get_next_as_optional(), NotImplementedError,
     r"^Iterator\.get_next_as_optional is not supported by kiln yet"),
    (lambda: tf.function(lambda: [x for x in iter(r)])(), TypeError,
     r"^A dataset cannot be iterated by Python while a graph is built"),
]


@pytest.mark.parametrize("case", range(len(CONSTRUCTION)))
def test_construction_error_class_and_message(case):
    make, cls, message = CONSTRUCTION[case]
    with pytest.raises(cls) as raised:
        make()
    assert raised.type is cls
    assert raised.match(message)


def spec(shape=(), dtype=tf.int32):
    return tf.TensorSpec(shape, dtype)


# Errors raised when the element is made: from_generator's checks reach the
# consumer as InvalidArgumentError naming the Python error.
ITERATION = [
    (gen_of([(1, 2)], spec()),
     r"^TypeError: `generator` yielded an element of shape \(2,\) where an element of shape \(\) "
     r"was expected\.$"),
    (gen_of([1], (spec(), spec())),
     r"^TypeError: `generator` yielded an element that did not match the expected structure\. The "
     r"expected structure was \(TensorSpec.*\), but the yielded element was 1\.$"),
    (gen_of([{"a": 1}], {"a": spec(), "b": spec()}),
     r"^TypeError: `generator` yielded an element that did not match the expected structure"),
    (gen_of(["s"], spec()),
     r"^TypeError: `generator` yielded an element that could not be converted to the expected "
     r"type\. The expected type was int32, but the yielded element was 's'\."),
    (gen_of([[1, 2]], spec([3])),
     r"^TypeError: `generator` yielded an element of shape \(2,\) where an element of shape "
     r"\(3,\) was expected\.$"),
    (gen_of([1], spec((), tf.string)),
     r"^TypeError: `generator` yielded an element that could not be converted to the expected "
     r"type\. The expected type was string, but the yielded element was 1\.$"),
    (gen_of([["a", "b"]], spec((), tf.string)),
     r"^TypeError: `generator` yielded an element of shape \(2,\) where an element of shape \(\) "
     r"was expected\.$"),
]


@pytest.mark.parametrize("case", range(len(ITERATION)))
def test_generator_yielding_a_wrong_element_is_an_invalid_argument_error(case):
    dataset, message = ITERATION[case]
    with pytest.raises(errors.InvalidArgumentError, match=message):
        list(dataset)


def test_batching_and_padding_errors_at_iteration():
    ragged = gen_of([[1], [1, 2]], spec([None]))
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"^Cannot add tensor to the batch: number of elements does not "
                             r"match\. Shapes are: \[tensor\]: \[2\], \[batch\]: \[1\] "
                             r"\(component 0, element 1 of the batch\)\."):
        list(ragged.batch(2))
    with pytest.raises(errors.DataLossError,
                       match=r"^Attempted to pad to a smaller size than the input element\. "
                             r"Component 0 of element 1 has shape \[2\], larger than padded_shapes "
                             r"\[1\]\.$"):
        list(ragged.padded_batch(2, padded_shapes=[1]))
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"^Cannot batch component 0: it is a dataset \(a window\)\. Batch "
                             r"each window with flat_map\(lambda w: w\.batch\(n\)\) instead\.$"):
        list(windows.batch(2))
    rows = tf.data.Dataset.from_tensors((tf.zeros([2]), tf.zeros([3])))
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"^unbatch: the components of an element differ in their first "
                             r"dimension \(2 and 3\)\.$"):
        list(rows.unbatch())


def test_cache_file_errors(tmp_path):
    with pytest.raises(errors.NotFoundError,
                       match=r"^cache: cannot write the cache file '.*/no-dir/c\.partial'\.$"):
        list(r.cache(str(tmp_path / "no-dir" / "c")))

    path = str(tmp_path / "c")
    assert [int(x) for x in r.cache(path)] == [0, 1, 2, 3, 4]
    size = os.path.getsize(path)
    with open(path, "r+b") as f:
        f.truncate(size - 3)
    with pytest.raises(errors.InvalidArgumentError,
                       match=rf"^cache: the cache file '{path}' is truncated; delete it to rebuild "
                             rf"it\.$"):
        list(r.cache(path))
    with open(path, "wb") as f:
        f.write(b"not a cache")  # shorter than a length prefix
    with pytest.raises(errors.InvalidArgumentError,
                       match=rf"^cache: the cache file '{path}' is truncated or not a kiln cache; "
                             rf"delete it to rebuild it\.$"):
        list(r.cache(path))
    with open(path, "wb") as f:
        f.write(b"\xff" * 16)  # a length prefix no cache has
    with pytest.raises(errors.InvalidArgumentError, match="truncated or not a kiln cache"):
        list(r.cache(path))
    os.remove(path)
    assert [int(x) for x in r.cache(path)] == [0, 1, 2, 3, 4]  # rebuilt
    # a cache file of other elements (float32 where int64 is declared)
    with pytest.raises(errors.InvalidArgumentError,
                       match=rf"^cache file '{path}': component 0 of an element is "
                             rf"TensorSpec\(shape=\(\), dtype=int64\), which does not fit the "
                             rf"declared TensorSpec\(shape=\(\), dtype=float32\)\.$"):
        list(r.map(lambda x: tf.cast(x, tf.float32)).cache(path))


def test_text_file_errors(tmp_path):
    missing = str(tmp_path / "missing.txt")
    with pytest.raises(errors.NotFoundError,
                       match=rf"^TextLineDataset: {missing}; No such file or directory$"):
        list(tf.data.TextLineDataset(missing))
    with pytest.raises(errors.InvalidArgumentError,
                       match=rf"^TextLineDataset: reading {tmp_path} failed\.$"):
        list(tf.data.TextLineDataset(str(tmp_path)))  # a directory opens but cannot be read


def test_interleave_function_giving_other_structures_fails_at_that_element():
    def f(x):
        return tf.data.Dataset.range(2) if int(x) < 2 else tf.data.Dataset.range(2).map(
            lambda v: (v, v))
    # The stand-in calls (x = 0) agree; the element 2 opens a dataset of pairs.
    ds = tf.data.Dataset.range(3).flat_map(f)
    got = []
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"^The function of flat_map/interleave returned datasets whose "
                             r"elements differ in structure or dtype from its first one's\.$"):
        for x in ds:
            got.append(int(x))
    assert got == [0, 1, 0, 1]


def test_padded_batch_of_unknown_rank_with_padded_shapes_pads_as_tf():
    ds = gen_of([[1], [2, 3]], spec(None)).padded_batch(2, padded_shapes=[2])
    assert [b.tolist() for b in ds.as_numpy_iterator()] == [[[1, 0], [2, 3]]]
