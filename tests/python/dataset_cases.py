"""tf.data.Dataset as TF programs use it: the sources (from_tensor_slices of
arrays, tuples, dicts, nested structures, Python lists and NumPy arrays of
several dtypes; from_tensors; range with one to three arguments and
output_type; zip; concatenate; from_generator with output_signature and with
the TF1 output_types / output_shapes), the transformations (map with unpacked
tuple and dict elements and num_parallel_calls, filter, batch and padded_batch
with and without drop_remainder, unbatch, shuffle (only what does not depend on
the seeded order: sorted values, length, element_spec), repeat, take, skip,
prefetch, cache, enumerate, flat_map, interleave, window + flat_map, reduce,
scan, apply, take_while, with_options), element_spec and cardinality after
each (INFINITE -1, UNKNOWN -2), iteration (as_numpy_iterator, iter / next,
for loops, len, a tf.function looping over or reducing a dataset built
outside it), TF1 iterators (make_one_shot_iterator and
make_initializable_iterator in a tf.Graph + compat.v1 Session until
OutOfRangeError), and TF's errors, some raised building the dataset and some
only when it is iterated (a generator that raises mid-way keeps the elements
before it). TF's results are recorded in docs/tf-reference/dataset.json
(docs/tf-reference/probe_dataset.py); test_dataset_tf.py compares.

Statements run in order in one namespace (tape_cases.evaluate_all's rules: an
expression gives its result as text, a statement "ok", an error
"error: Class: message"); results print with this module's _text: tensors and
NumPy values with their dtype, tuples as (...), lists as [...], dicts in their
own key order, TensorSpec / DatasetSpec / TensorShape / DType spelt the same
whichever module made them.
"""

import linecache

import numpy as np

SETUP = [
    "L = lambda d: list(d.as_numpy_iterator())",
    "C = lambda d: int(d.cardinality())",
    "a = np.arange(12, dtype=np.float32).reshape(4, 3)",
    "r = tf.data.Dataset.range(6)",
]

SLICES = [
    "d1 = tf.data.Dataset.from_tensor_slices(a)", "L(d1)", "d1.element_spec", "C(d1)",
    "d1.cardinality()",
    "d2 = tf.data.Dataset.from_tensor_slices((a, np.array([1, 2, 3, 4])))", "L(d2)",
    "d2.element_spec", "C(d2)",
    "d3 = tf.data.Dataset.from_tensor_slices({'x': [1., 2.], 'y': [[1, 2], [3, 4]]})", "L(d3)",
    "d3.element_spec",
    "d3b = tf.data.Dataset.from_tensor_slices({'b': [1, 2], 'a': [3, 4]})", "L(d3b)",
    "d3b.element_spec",
    "d4 = tf.data.Dataset.from_tensor_slices(([1, 2], {'p': [[1., 2.], [3., 4.]], "
    "'q': ['s', 't']}))", "L(d4)", "d4.element_spec",
    "L(tf.data.Dataset.from_tensor_slices([1, 2, 3]))",
    "tf.data.Dataset.from_tensor_slices([1, 2, 3]).element_spec",
    "L(tf.data.Dataset.from_tensor_slices([1.5, 2.5]))",
    "tf.data.Dataset.from_tensor_slices([1.5, 2.5]).element_spec",
    "L(tf.data.Dataset.from_tensor_slices([True, False]))",
    "L(tf.data.Dataset.from_tensor_slices(np.array([1.5, 2.5])))",
    "tf.data.Dataset.from_tensor_slices(np.array([1.5, 2.5])).element_spec",
    "L(tf.data.Dataset.from_tensor_slices(np.array([1, 2])))",
    "tf.data.Dataset.from_tensor_slices(np.array([1, 2], np.int32)).element_spec",
    "L(tf.data.Dataset.from_tensor_slices(np.array([[1, 2]], np.uint8)))",
    "L(tf.data.Dataset.from_tensor_slices(np.array([True, False])))",
    "L(tf.data.Dataset.from_tensor_slices(['ab', 'c']))",
    "tf.data.Dataset.from_tensor_slices(['ab', 'c']).element_spec",
    "L(tf.data.Dataset.from_tensor_slices(tf.constant([[1, 2], [3, 4]])))",
    "L(tf.data.Dataset.from_tensor_slices((np.array([1, 2]), [3., 4.])))",
    "C(tf.data.Dataset.from_tensor_slices(np.zeros([0, 2])))",
    "tf.data.Dataset.from_tensor_slices(np.zeros([0, 2])).element_spec",
]

TENSORS_AND_RANGE = [
    "d5 = tf.data.Dataset.from_tensors([1, 2, 3])", "L(d5)", "d5.element_spec", "C(d5)",
    "L(tf.data.Dataset.from_tensors((1, 'a')))",
    "tf.data.Dataset.from_tensors({'k': 1.0, 'm': [[1, 2]]}).element_spec",
    "tf.data.Dataset.from_tensors(np.float64(5)).element_spec",
    "L(tf.data.Dataset.range(5))", "L(tf.data.Dataset.range(2, 5))",
    "L(tf.data.Dataset.range(1, 10, 3))", "L(tf.data.Dataset.range(5, 0, -2))",
    "L(tf.data.Dataset.range(0))", "L(tf.data.Dataset.range(3, 1))",
    "tf.data.Dataset.range(3).element_spec",
    "tf.data.Dataset.range(3, output_type=tf.int32).element_spec",
    "L(tf.data.Dataset.range(3, output_type=tf.float32))",
    "C(tf.data.Dataset.range(1, 10, 3))", "C(tf.data.Dataset.range(5, 0, -2))",
    "C(tf.data.Dataset.range(3, 1))",
]

ZIP_CONCAT = [
    "z = tf.data.Dataset.zip((tf.data.Dataset.range(3), tf.data.Dataset.range(10, 14)))",
    "L(z)", "C(z)", "z.element_spec",
    "z2 = tf.data.Dataset.zip((d1, (tf.data.Dataset.range(4), d3)))", "L(z2)", "C(z2)",
    "z2.element_spec",
    "L(tf.data.Dataset.zip({'a': tf.data.Dataset.range(2), 'b': tf.data.Dataset.range(5, 7)}))",
    "L(tf.data.Dataset.zip(tf.data.Dataset.range(2), tf.data.Dataset.range(3)))",
    "cc = tf.data.Dataset.range(3).concatenate(tf.data.Dataset.range(10, 12))", "L(cc)", "C(cc)",
    "cc.element_spec",
    "cv = tf.data.Dataset.from_tensors([1, 2]).concatenate(tf.data.Dataset.from_tensors([3]))",
    "L(cv)", "cv.element_spec",
    "L(z.concatenate(z))",
]

GENERATORS = [
    "def gen():\n for i in range(3):\n  yield i",
    "g1 = tf.data.Dataset.from_generator(gen, output_signature=tf.TensorSpec((), tf.int32))",
    "L(g1)", "g1.element_spec", "C(g1)", "L(g1.repeat(2))",
    "def gen2():\n for i in range(3):\n  yield i, [i] * i",
    "g2 = tf.data.Dataset.from_generator(gen2, output_signature=(tf.TensorSpec((), tf.int64), "
    "tf.TensorSpec((None,), tf.float32)))", "L(g2)", "g2.element_spec",
    "g3 = tf.data.Dataset.from_generator(gen, output_types=tf.float32)", "L(g3)",
    "g3.element_spec",
    "g4 = tf.data.Dataset.from_generator(gen2, output_types=(tf.int32, tf.int32), "
    "output_shapes=((), (None,)))", "L(g4)", "g4.element_spec",
    "L(tf.data.Dataset.from_generator(lambda: iter([[1, 2], [3, 4]]), "
    "output_signature=tf.TensorSpec([2], tf.int64)))",
    "L(tf.data.Dataset.from_generator(lambda: iter([{'a': 1, 'b': 2.0}]), "
    "output_signature={'a': tf.TensorSpec((), tf.int32), 'b': tf.TensorSpec((), tf.float32)}))",
    "L(tf.data.Dataset.from_generator(lambda n: range(n), args=(2,), "
    "output_signature=tf.TensorSpec((), tf.int64)))",
    "L(tf.data.Dataset.from_generator(lambda: iter(['x', 'yz']), "
    "output_signature=tf.TensorSpec((), tf.string)))",
    "L(g2.padded_batch(3))",
]

MAP_FILTER = [
    "L(r.map(lambda x: x * 2))", "r.map(lambda x: x * 2).element_spec",
    "L(r.map(lambda x: tf.cast(x, tf.float32) / 2))",
    "L(z.map(lambda x, y: x + y))",
    "L(d3.map(lambda e: e['x'] * 2))",
    "L(d3.map(lambda e: {'s': e['x'] + 1, 'y': e['y']}))",
    "L(r.take(3).map(lambda x: (x, -x)))", "r.map(lambda x: (x, -x)).element_spec",
    "L(r.take(2).map(lambda x: {'v': x, 'sq': x * x}))",
    "L(r.take(2).map(lambda x: 7))", "r.map(lambda x: 7).element_spec",
    "L(r.take(2).map(lambda x: (1.5, 'k')))",
    "L(r.map(lambda x: x + 1, num_parallel_calls=tf.data.AUTOTUNE))",
    "L(r.map(lambda x: x + 1, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True))",
    "L(r.map(lambda x: x + 1, num_parallel_calls=2))",
    "C(r.map(lambda x: x))",
    "L(d2.map(lambda f, l: (tf.reduce_sum(f), l)))",
    "L(r.take(4).map(lambda x: tf.fill([x], x)))",
    "r.map(lambda x: tf.fill([x], x)).element_spec",
    "L(r.take(2).map(lambda x: tf.reshape(x, [1, 1])))",
    "[tf.data.AUTOTUNE, tf.data.experimental.AUTOTUNE]",
    "[tf.data.INFINITE_CARDINALITY, tf.data.UNKNOWN_CARDINALITY]",
    "[tf.data.experimental.INFINITE_CARDINALITY, tf.data.experimental.UNKNOWN_CARDINALITY]",
    "L(r.filter(lambda x: x % 2 == 0))", "C(r.filter(lambda x: x % 2 == 0))",
    "r.filter(lambda x: x % 2 == 0).element_spec",
    "L(z.filter(lambda x, y: y > 11))",
    "L(d3.filter(lambda e: e['x'] > 1.5))",
    "L(r.filter(lambda x: tf.constant(False)))",
]

BATCH = [
    "b = r.batch(4)", "L(b)", "b.element_spec", "C(b)",
    "bd = r.batch(4, drop_remainder=True)", "L(bd)", "bd.element_spec", "C(bd)",
    "L(z.batch(2))", "z.batch(2).element_spec",
    "L(d3.batch(2))", "d3.batch(2, drop_remainder=True).element_spec",
    "L(r.batch(10))", "L(r.batch(10, drop_remainder=True))", "C(r.batch(10, drop_remainder=True))",
    "L(r.batch(2, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True))",
    "L(d1.batch(3))",
    "L(r.batch(2).batch(2))", "r.batch(2).batch(2).element_spec",
    "C(r.repeat().batch(2))", "C(r.filter(lambda x: x > 1).batch(2))",
    "v = r.take(4).map(lambda x: tf.fill([x], x))",
    "L(v.padded_batch(2))", "v.padded_batch(2).element_spec",
    "L(v.padded_batch(2, padded_shapes=[4]))", "v.padded_batch(2, padded_shapes=[4]).element_spec",
    "L(v.padded_batch(3, padded_shapes=[None], padding_values=tf.constant(-1, tf.int64)))",
    "L(v.padded_batch(3, drop_remainder=True))",
    "v.padded_batch(3, drop_remainder=True).element_spec",
    "L(v.map(lambda x: (x, tf.size(x))).padded_batch(2, padded_shapes=([None], []), "
    "padding_values=(tf.constant(9, tf.int64), 0)))",
    "L(r.take(3).padded_batch(2))",
    "L(v.padded_batch(2, padding_values=np.int64(7)))",
    "L(b.unbatch())", "b.unbatch().element_spec", "C(b.unbatch())",
    "L(tf.data.Dataset.from_tensors(a).unbatch())",
    "L(z.batch(2).unbatch())",
    "L(d3.batch(2).unbatch())",
]

SHUFFLE_REPEAT_TAKE = [
    "sorted(L(r.shuffle(6, seed=1)))",
    "len(L(r.shuffle(3)))", "r.shuffle(3).element_spec", "C(r.shuffle(3))",
    "sorted(L(r.shuffle(2, reshuffle_each_iteration=False)))",
    "sorted(L(r.shuffle(100).batch(4).unbatch()))",
    "sorted(L(r.repeat(2).shuffle(12)))",
    "sorted(int(x) for x, y in z.shuffle(3))",
    "L(r.take(2).repeat(3))", "C(r.take(2).repeat(3))", "C(r.repeat())",
    "L(r.repeat().take(8))", "C(r.repeat().take(8))", "L(r.repeat(0))", "C(r.repeat(0))",
    "C(r.repeat(-1))", "L(r.take(0).repeat())", "C(r.take(0).repeat())",
    "L(r.take(3))", "L(r.take(10))", "C(r.take(10))", "L(r.take(-1))", "C(r.take(-1))",
    "L(r.take(0))", "L(r.take(tf.constant(2, tf.int64)))",
    "L(r.skip(2))", "L(r.skip(10))", "C(r.skip(10))", "L(r.skip(-1))", "C(r.skip(-1))",
    "L(r.skip(0))", "C(r.repeat().skip(3))", "C(r.repeat().take(3).skip(1))",
    "L(r.repeat().skip(4).take(4))",
    "L(r.prefetch(2))", "L(r.prefetch(tf.data.AUTOTUNE))", "C(r.prefetch(1))",
    "r.prefetch(1).element_spec",
    "cch = r.map(lambda x: x * 3).cache()", "L(cch)", "L(cch)", "C(cch)",
    "L(cch.take(2))",
]

STRUCTURE_OPS = [
    "L(tf.data.Dataset.from_tensor_slices([7, 8]).enumerate())",
    "L(tf.data.Dataset.from_tensor_slices(['a', 'b']).enumerate(start=5))",
    "tf.data.Dataset.from_tensor_slices([7, 8]).enumerate().element_spec",
    "L(z.enumerate())",
    "L(r.take(4).flat_map(lambda x: tf.data.Dataset.range(x)))",
    "L(b.flat_map(tf.data.Dataset.from_tensor_slices))",
    "C(b.flat_map(tf.data.Dataset.from_tensor_slices))",
    "L(z.flat_map(lambda x, y: tf.data.Dataset.from_tensors(x + y).repeat(2)))",
    "il = tf.data.Dataset.range(1, 4)",
    "L(il.interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(3), cycle_length=2))",
    "L(il.interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(3), cycle_length=2, "
    "block_length=2))",
    "L(il.interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(x), cycle_length=3))",
    "L(il.interleave(lambda x: tf.data.Dataset.range(x), cycle_length=1))",
    "L(il.interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(2), cycle_length=3, "
    "num_parallel_calls=tf.data.AUTOTUNE, deterministic=True))",
    "il.interleave(lambda x: tf.data.Dataset.range(x)).element_spec",
    "C(il.interleave(lambda x: tf.data.Dataset.range(x)))",
    "w = r.window(3)", "w.element_spec", "C(w)", "[L(x) for x in w]",
    "L(w.flat_map(lambda x: x.batch(3)))",
    "L(r.window(3, shift=1).flat_map(lambda x: x.batch(3)))",
    "L(r.window(3, shift=2, drop_remainder=True).flat_map(lambda x: x.batch(3)))",
    "C(r.window(3, shift=2, drop_remainder=True))",
    "L(r.window(2, shift=1, stride=2, drop_remainder=True).flat_map(lambda x: x.batch(2)))",
    "L(r.window(4, shift=3, stride=1).flat_map(lambda x: x.batch(4)))",
    "L(z.window(2).flat_map(lambda x, y: tf.data.Dataset.zip((x.batch(2), y.batch(2)))))",
    "z.window(2).element_spec",
    "r.reduce(np.int64(0), lambda s, x: s + x)",
    "r.reduce(0, lambda s, x: s + 1)",
    "r.reduce(tf.constant(0, tf.int64), lambda s, x: s + x)",
    "z.reduce(np.int64(0), lambda s, e: s + e[0] * e[1])",
    "d3.reduce(0., lambda s, e: s + e['x'])",
    "r.take(0).reduce(np.int64(5), lambda s, x: s + x)",
    "r.reduce((np.int64(0), np.int64(1)), lambda s, x: (s[0] + x, s[1] * (x + 1)))",
    "L(r.scan(tf.constant(0, tf.int64), lambda s, x: (s + x, s)))",
    "L(r.take(4).scan(np.int64(1), lambda s, x: (s * (x + 1), (x, s * (x + 1)))))",
    "r.scan(np.int64(0), lambda s, x: (s + x, tf.cast(s, tf.float32))).element_spec",
    "C(r.scan(np.int64(0), lambda s, x: (s + x, s)))",
    "L(r.apply(lambda d: d.take(2)))",
    "L(r.apply(tf.data.experimental.scan(np.int64(0), lambda s, x: (s + x, s + x))))",
    "L(r.take_while(lambda x: x < 3))", "C(r.take_while(lambda x: x < 3))",
    "L(r.repeat().take_while(lambda x: x < 4))",
    "int(tf.data.experimental.cardinality(r))",
    "tf.data.experimental.cardinality(r.repeat())",
    "tf.data.experimental.cardinality(r.filter(lambda x: True))",
]

OPTIONS = [
    "o = tf.data.Options()", "o.deterministic", "o.deterministic = False",
    "ro = r.with_options(o)", "ro.options().deterministic", "r.options().deterministic",
    "L(ro)", "C(ro)", "ro.element_spec",
    "L(r.map(lambda x: x * x, num_parallel_calls=2, deterministic=True).with_options(o))",
    "ro.map(lambda x: x).options().deterministic",
    "type(ro.options()).__name__",
]

ITERATION = [
    "it = iter(r)", "e = next(it)", "e", "e.numpy()", "e.dtype.name", "next(it)",
    "next(iter(d2))", "next(iter(d3))", "next(iter(d1)).shape",
    "nit = r.as_numpy_iterator()", "next(nit)", "next(nit)",
    "it2 = iter(r.take(1))", "next(it2)", "next(it2)",
    "next(iter(r.take(0)))",
    "acc = []", "for x in r.take(3):\n acc.append(int(x))", "acc",
    "for x, y in z:\n acc.append((int(x), int(y)))", "acc",
    "[sorted(el) for el in d3b]",
    "len(r)", "len(b)", "len(bd)", "len(z2)",
    "len(r.repeat())", "len(r.filter(lambda x: x > 2))",
    "len(tf.data.Dataset.range(5).batch(2, drop_remainder=True))",
    "@tf.function\ndef loop_sum():\n total = tf.constant(0, tf.int64)\n for x in r:\n"
    "  total += x\n return total", "loop_sum()",
    "@tf.function\ndef total_of(ds):\n total = tf.constant(0, tf.int64)\n for x in ds:\n"
    "  total += x\n return total", "total_of(r)", "total_of(r.take(3))",
    "@tf.function\ndef reduced():\n return r.reduce(tf.constant(0, tf.int64), lambda s, x: s + x)",
    "reduced()",
    "tf.function(lambda: tf.data.Dataset.range(4).map(lambda x: x * 2).reduce(np.int64(0), "
    "lambda s, x: s + x))()",
    "@tf.function\ndef loop_pairs():\n total = tf.constant(0, tf.int64)\n for x, y in z:\n"
    "  total += x * y\n return total", "loop_pairs()",
]

TF1 = [
    "g = tf.Graph()",
    "with g.as_default():\n nxt = tf.compat.v1.data.make_one_shot_iterator("
    "tf.data.Dataset.range(3).map(lambda x: x * 10)).get_next()",
    "[nxt.shape, nxt.dtype]",
    "got = []",
    "with tf.compat.v1.Session(graph=g) as sess:\n try:\n  while True:\n"
    "   got.append(sess.run(nxt))\n except tf.errors.OutOfRangeError as e:\n"
    "  got.append(type(e).__name__)",
    "got",
    "with g.as_default():\n nt = tf.compat.v1.data.make_one_shot_iterator(tf.data.Dataset.zip(("
    "tf.data.Dataset.range(2), tf.data.Dataset.from_tensor_slices([[1., 2.], [3., 4.]])))"
    ").get_next()",
    "[t.shape for t in nt]",
    "with tf.compat.v1.Session(graph=g) as sess:\n got_t = [sess.run(nt), sess.run(nt)]",
    "got_t",
    "with g.as_default():\n ph = tf.compat.v1.placeholder(tf.int64, [])\n"
    " iti = tf.compat.v1.data.make_initializable_iterator(tf.data.Dataset.range(ph))\n"
    " nx2 = iti.get_next()",
    "got2 = []",
    "with tf.compat.v1.Session(graph=g) as sess:\n for n in [2, 3]:\n"
    "  sess.run(iti.initializer, {ph: n})\n  try:\n   while True:\n"
    "    got2.append(sess.run(nx2))\n  except tf.errors.OutOfRangeError:\n   got2.append('end')",
    "got2",
    "try:\n with tf.compat.v1.Session(graph=g) as sess:\n  sess.run(nx2)\n"
    "except tf.errors.OpError as e:\n uninit = type(e).__name__", "uninit",
    "with g.as_default():\n nd = tf.compat.v1.data.make_one_shot_iterator("
    "tf.data.Dataset.from_tensor_slices({'a': [1, 2], 'b': [3., 4.]})).get_next()",
    "sorted(nd)",
    "with tf.compat.v1.Session(graph=g) as sess:\n got_d = sess.run(nd)", "got_d",
]

ERRORS = [
    "r.batch(0)", "r.batch(-1)", "r.shuffle(0)", "r.take('a')", "r.skip('a')",
    "r.window(0)", "r.padded_batch(0)",
    "tf.data.Dataset.range(0, 5, 0)",
    "def boom(x):\n raise ValueError('no map for you')", "r.map(boom)",
    "try:\n r.map(boom)\nexcept ValueError as e:\n boom_text = str(e)",
    "'no map for you' in boom_text",
    "r.map(lambda x, y: x)", "z.map(lambda x: x)",
    "r.filter(lambda x: x)",
    "L(r.map(lambda x: tf.debugging.check_numerics(1. / tf.cast(x - 2, tf.float32), 'bad')))",
    "kept0 = []",
    "try:\n for x in r.map(lambda x: tf.debugging.check_numerics(1. / tf.cast(x - 2, tf.float32),"
    " 'bad')):\n  kept0.append(float(x))\nexcept Exception as e:\n kept0.append(type(e).__name__)",
    "kept0",
    "def bad_gen():\n yield 1\n yield 2\n raise ValueError('generator broke')",
    "bg = tf.data.Dataset.from_generator(bad_gen, output_signature=tf.TensorSpec((), tf.int32))",
    "kept = []",
    "try:\n for x in bg:\n  kept.append(int(x))\nexcept Exception as e:\n"
    " kept.append(type(e).__name__)\n broke_text = str(e)",
    "kept", "'generator broke' in broke_text",
    # (TF casts a yielded 1.5 to the int32 1 as NumPy does, without an error)
    "L(tf.data.Dataset.from_generator(lambda: iter([1.5]), "
    "output_signature=tf.TensorSpec((), tf.int32)))",
    "L(tf.data.Dataset.from_generator(lambda: iter([[1, 2]]), "
    "output_signature=tf.TensorSpec([3], tf.int32)))",
    "L(tf.data.Dataset.from_generator(lambda: iter([[1, 2]]), "
    "output_signature=tf.TensorSpec((), tf.int32)))",
    "L(tf.data.Dataset.from_generator(lambda: iter(['s']), output_types=tf.int32))",
    "L(tf.data.Dataset.from_generator(lambda: iter(['s']), "
    "output_signature=tf.TensorSpec((), tf.int32)))",
    "L(tf.data.Dataset.from_generator(lambda: iter([1, 'x']), "
    "output_signature=tf.TensorSpec((), tf.int64)))",
    "L(tf.data.Dataset.from_generator(lambda: iter([(1, 2)]), "
    "output_signature=tf.TensorSpec((), tf.int32)))",
    "tf.data.Dataset.from_generator(gen)",
    "tf.data.Dataset.from_generator(gen, output_types=tf.int32, "
    "output_signature=tf.TensorSpec((), tf.int32))",
    "tf.data.Dataset.from_generator(gen, output_signature=tf.int32)",
    "tf.data.Dataset.from_tensor_slices(([1, 2], [1, 2, 3]))",
    "tf.data.Dataset.from_tensor_slices({'a': [1], 'b': [1, 2]})",
    "tf.data.Dataset.from_tensor_slices(1.0)",
    "tf.data.Dataset.from_tensor_slices([[1, 2], [3]])",
    # (which of the two elements TF's message names first varies: the class and
    # the words are recorded)
    "try:\n L(v.batch(2))\nexcept Exception as e:\n ragged = [type(e).__name__, "
    "'Cannot add tensor to the batch' in str(e)]",
    "ragged",
    "kept2 = []",
    "try:\n for x in v.skip(1).batch(1):\n  kept2.append(x.numpy().tolist())\n"
    " for x in v.batch(2):\n  kept2.append(x.numpy().tolist())\nexcept Exception as e:\n"
    " kept2.append(type(e).__name__)",
    "kept2",
    "L(v.padded_batch(2, padded_shapes=[2]))",
    "r.padded_batch(2, padded_shapes=[2])",
    "v.padded_batch(2, padding_values='x')",
    "r.unbatch()",
    "tf.data.Dataset.zip((r, [1, 2]))",
    "tf.data.Dataset.zip(r, 3)",
    "r.concatenate(z)",
    "r.concatenate(tf.data.Dataset.from_tensor_slices([1.0]))",
    "d3.concatenate(tf.data.Dataset.from_tensor_slices({'x': [1.], 'z': [[1, 2]]}))",
    "r.reduce(0, lambda s, x: s + x)",
    "r.reduce(np.int64(0), lambda s, x: (s, x))",
    "r.scan(np.int64(0), lambda s, x: s + x)",
    "r.scan(0, lambda s, x: (tf.cast(s, tf.int64) + x, x))",
    "r.take_while(lambda x: x)",
    "tf.data.Dataset.range('a')",
]

CASES = (SETUP + SLICES + TENSORS_AND_RANGE + ZIP_CONCAT + GENERATORS + MAP_FILTER + BATCH +
         SHUFFLE_REPEAT_TAKE + STRUCTURE_OPS + OPTIONS + ITERATION + TF1 + ERRORS)


def _shape_text(shape):
    return "None" if shape.rank is None else repr(shape.as_list())


def _text(value):
    """A result as text that reads the same whichever module (tf or kiln) made it."""
    kind = type(value).__name__
    if hasattr(value, "numpy") and hasattr(value, "dtype"):
        return f"{np.array2string(np.asarray(value.numpy()), precision=6)} {value.dtype.name}"
    if isinstance(value, (np.ndarray, np.generic)):
        return f"{np.array2string(np.asarray(value), precision=6)} {value.dtype}"
    if kind == "DatasetSpec":
        return f"DatasetSpec({_text(value.element_spec)})"
    if kind == "TensorShape":
        return f"TensorShape({_shape_text(value)})"
    if kind == "DType":
        return f"tf.{value.name}"
    if hasattr(value, "shape") and hasattr(value, "dtype") and kind.endswith("Spec"):
        return f"{kind}(shape={_shape_text(value.shape)}, dtype={value.dtype.name})"
    if hasattr(value, "element_spec") and hasattr(value, "as_numpy_iterator"):
        return f"Dataset({_text(value.element_spec)})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_text(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    return repr(value)


def evaluate_all(tf, cases=CASES):
    """[case, result] for every case, in order, in one namespace."""
    namespace = {"tf": tf, "np": np}
    results = []
    for index, case in enumerate(cases):
        # Each case's source is in linecache, so AutoGraph can read the
        # functions it defines (a dataset loop left unconverted never ends).
        name = f"<dataset case {index}>"
        linecache.cache[name] = (len(case), None, case.splitlines(True), name)
        try:
            try:
                code = compile(case, name, "eval")
            except SyntaxError:
                exec(compile(case, name, "exec"), namespace)
                result = "ok"
            else:
                result = _text(eval(code, namespace))
        except Exception as e:  # noqa: BLE001 - the error is the result
            # (a Python error inside a generator: TF's message quotes its
            # traceback, whose file names depend on the installation)
            result = f"error: {type(e).__name__}: {str(e).split('Traceback (most recent')[0]}"
        results.append([case, result])
    # The namespace's datasets hold its functions (generators, flat_map
    # functions) from C++, and the functions hold the namespace: a cycle the
    # garbage collector cannot see. Emptying it frees them now.
    namespace.clear()
    return results
