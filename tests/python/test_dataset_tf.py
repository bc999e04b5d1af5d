"""kiln.data (tf.data.Dataset) against TF 2.21's recorded results
(dataset_cases.py, docs/tf-reference/dataset.json): the sources, the
transformations with their element_spec and cardinality, iteration eagerly,
in a tf.function and through compat.v1 iterators in a Session, and TF's
errors (of TF's class). Data movement is exact: the tolerances only absorb
printing."""

import dataset_cases as cases
import recorded_statements as recorded

RECORD = recorded.load("dataset")
NUMBERS_RTOL, NUMBERS_ATOL = 1e-6, 1e-6

# Where kiln's answer is not TF's, and why (kiln's answer is checked instead).
KNOWN_DIFFERENCES = {
    # A string component's spec is kiln's StringSpec, a TensorSpec subclass
    # (TensorSpec(shape, kiln.string) makes one): TF's class is TensorSpec itself.
    'd4.element_spec':
        "(TensorSpec(shape=[], dtype=int32), {'p': TensorSpec(shape=[2], dtype=float32), "
        "'q': StringSpec(shape=[], dtype=string)})",
    "tf.data.Dataset.from_tensor_slices(['ab', 'c']).element_spec":
        'StringSpec(shape=[], dtype=string)',
    # kiln has no string tensors: a traced function cannot return a string.
    "L(r.take(2).map(lambda x: (1.5, 'k')))":
        "error: TypeError: Cannot convert 'k' to a kiln tensor: it holds strings; kiln tensors "
        "hold numbers and bools (TF's tf.string has no kiln counterpart).",
    # Datasets are built from values, not graph tensors: TF1's placeholder fed to an
    # initializable iterator's initializer (and what follows from it) does not work.
    'with g.as_default():\n ph = tf.compat.v1.placeholder(tf.int64, [])\n iti = tf.compat.v1.data.make_initializable_iterator(tf.data.Dataset.range(ph))\n nx2 = iti.get_next()':
        "error: TypeError: range's arguments is a graph tensor (Placeholder:0), which has no value "
        "while the dataset is built: kiln builds datasets from values (Python numbers, NumPy, "
        "eager tensors), not from graph tensors. Build the dataset with the value itself.",
    "with tf.compat.v1.Session(graph=g) as sess:\n for n in [2, 3]:\n  sess.run(iti.initializer, {ph: n})\n  try:\n   while True:\n    got2.append(sess.run(nx2))\n  except tf.errors.OutOfRangeError:\n   got2.append('end')":
        "error: NameError: name 'iti' is not defined",
    'got2':
        '[]',
    'try:\n with tf.compat.v1.Session(graph=g) as sess:\n  sess.run(nx2)\nexcept tf.errors.OpError as e:\n uninit = type(e).__name__':
        "error: NameError: name 'nx2' is not defined",
    'uninit':
        "error: NameError: name 'uninit' is not defined",
    # kiln raises InvalidArgumentError for a dtype mismatch while tracing (TF: TypeError).
    'r.reduce(0, lambda s, x: s + x)':
        "error: InvalidArgumentError: [add] x is int32 but y is int64; kiln does not promote "
        "dtypes implicitly. Cast one operand first, e.g. kiln.cast(y, kiln.int32).",
}


kiln_results, test_the_record_is_of_these_cases, test_kiln_gives_tfs_result = \
    recorded.statement_tests(cases, RECORD, NUMBERS_RTOL, NUMBERS_ATOL,
                             known_differences=KNOWN_DIFFERENCES)
