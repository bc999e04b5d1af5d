"""GradientTape, tf.gradients and custom_gradient as TF programs use them, and
TF1 training around them (an optimizer in a Session, learning-rate decays):
statements run in order in one namespace; TF's results are recorded in
docs/tf-reference/tape.json (docs/tf-reference/probe_tape.py) and
tests/python/test_gradients.py compares kiln's with them.

A case that is an expression gives its result as text (values to 6
significant digits, with the dtype); a statement gives "ok"; an error gives
"error: Class: message".
"""

import numpy as np

SETUP = [
    "x = tf.constant([1.0, 2.0, 3.0])",
    "v = tf.Variable([0.5, -1.0])",
    "w = tf.Variable(2.0, trainable=False)",
    "i = tf.constant([1, 2])",
]

CASES = SETUP + [
    # watching and basic values
    "with tf.GradientTape() as t:\n t.watch(x)\n y = x * x * x\ng = t.gradient(y, x)", "g",
    "with tf.GradientTape() as t:\n y = x * x\nt.gradient(y, x)",
    "with tf.GradientTape() as t:\n y = tf.reduce_sum(v * v)\nt.gradient(y, v)",
    "with tf.GradientTape() as t:\n y = w * w\nt.gradient(y, w)",
    "with tf.GradientTape(watch_accessed_variables=False) as t:\n y = v * v\nt.gradient(y, v)",
    "with tf.GradientTape(watch_accessed_variables=False) as t:\n t.watch(v)\n y = v * v\n"
    "g = t.gradient(y, v)", "g",
    "[u.name for u in t.watched_variables()]",
    "with tf.GradientTape() as t:\n y = v * 3.0 + w\n[u.name for u in t.watched_variables()]",
    # integer sources and targets
    "with tf.GradientTape() as t:\n t.watch(i)\n y = i * i\nt.gradient(y, i)",
    "with tf.GradientTape() as t:\n t.watch(x)\n y = tf.cast(x, tf.int32)\nt.gradient(y, x)",
    # structures, unconnected gradients, output gradients
    "with tf.GradientTape() as t:\n t.watch(x)\n y = tf.exp(x)\n"
    "g = t.gradient(y, {'a': x, 'b': [v]})", "g['a']", "g['b']",
    "with tf.GradientTape() as t:\n y = v * 2.0\n"
    "g = t.gradient(y, [v, w], unconnected_gradients=tf.UnconnectedGradients.ZERO)", "g[1]",
    "with tf.GradientTape() as t:\n t.watch(x)\n y = x * x\n"
    "g = t.gradient(y, x, output_gradients=tf.constant([1.0, 0.0, -1.0]))", "g",
    "with tf.GradientTape() as t:\n t.watch(x)\n y = [x * 2.0, tf.sin(x)]\nt.gradient(y, x)",
    "with tf.GradientTape() as t:\n t.watch(x)\nt.gradient(x, x)",
    # persistence, reuse and reset
    "with tf.GradientTape() as t:\n t.watch(x)\n y = x * x\ng = t.gradient(y, x)",
    "t.gradient(y, x)",
    "with tf.GradientTape(persistent=True) as t:\n t.watch(x)\n y = x * x\n z = y * x\n"
    "g1 = t.gradient(y, x)\ng2 = t.gradient(z, x)", "g1", "g2",
    "with tf.GradientTape(persistent=True) as t:\n t.watch(x)\n y = x * x\n t.reset()\n"
    " z = x * 4.0\ng = t.gradient(z, x)", "g", "t.gradient(y, x)",
    "with tf.GradientTape() as t:\n t.watch(x)\n with t.stop_recording():\n  y = x * x\n"
    " z = y + x\ng = t.gradient(z, x)", "g",
    "with tf.GradientTape() as t:\n t.watch(x)\n y = tf.stop_gradient(x * x) + x\nt.gradient(y, x)",
    "t = tf.GradientTape()\nt.stop_recording().__enter__()",
    # higher order
    "with tf.GradientTape() as t2:\n t2.watch(x)\n with tf.GradientTape() as t1:\n  t1.watch(x)\n"
    "  y = x * x * x\n dy = t1.gradient(y, x)\nd2 = t2.gradient(dy, x)", "d2",
    "with tf.GradientTape(persistent=True) as t:\n t.watch(x)\n y = tf.sin(x)\n"
    " dy = t.gradient(y, x)\nt.gradient(dy, x)",
    # jacobians
    "with tf.GradientTape() as t:\n t.watch(x)\n y = x * x\nt.jacobian(y, x)",
    "m = tf.constant([[1.0, 2.0], [3.0, 4.0]])",
    "with tf.GradientTape() as t:\n t.watch(m)\n y = tf.matmul(m, m)\nt.jacobian(y, m).shape",
    "with tf.GradientTape() as t:\n t.watch(m)\n y = m * m\nt.batch_jacobian(y, m)",
    "with tf.GradientTape() as t:\n t.watch(m)\n y = tf.sin(m)\nt.jacobian(y, [m, x])[1]",
    # errors
    "with tf.GradientTape() as t:\n t.watch(3.0)",
    "with tf.GradientTape() as t:\n t.watch(x)\n y = x * 2.0\nt.gradient(y, 3.0)",
    "with tf.GradientTape() as t:\n t.watch(x)\n y = x * 2.0\nt.gradient(y, x, "
    "unconnected_gradients='maybe')",
    "tf.gradients(x * 2.0, x)",
    # custom_gradient
    "@tf.custom_gradient\ndef clip_grad(a):\n def grad(dy):\n  return tf.clip_by_value(dy, -0.5, 0.5)\n"
    " return a * 1.0, grad",
    "with tf.GradientTape() as t:\n t.watch(x)\n y = clip_grad(x) * x\nt.gradient(y, x)",
    "@tf.custom_gradient\ndef log1pexp(a):\n e = tf.exp(a)\n def grad(dy):\n"
    "  return dy * (1 - 1 / (1 + e))\n return tf.math.log(1 + e), grad",
    "with tf.GradientTape() as t:\n t.watch(x)\n y = log1pexp(x * 10.0)\nt.gradient(y, x)",
    "@tf.custom_gradient\ndef scale_v(a):\n def grad(dy, variables=None):\n"
    "  return dy * v[0], [tf.reduce_sum(dy * a) * tf.constant([1.0, 0.0])]\n"
    " return a * v[0], grad",
    "with tf.GradientTape() as t:\n t.watch(x)\n y = scale_v(x)\ng = t.gradient(y, [x, v])", "g[0]",
    "g[1]",
    # inside tf.function, with control flow and variables
    "@tf.function\ndef step(a):\n with tf.GradientTape() as t:\n  t.watch(a)\n"
    "  y = tf.cond(tf.reduce_sum(a) > 0, lambda: tf.reduce_sum(a * v[0]), lambda: tf.reduce_sum(a * a))\n"
    " return t.gradient(y, [a, v])",
    "step(x)[0]", "step(x)[1]", "step(-x)[0]", "step(-x)[1]",
    # TF1: tf.gradients in a graph
    "g1 = tf.Graph()",
    "with g1.as_default():\n p = tf.compat.v1.placeholder(tf.float32, [None])\n"
    " q = tf.reduce_sum(tf.tanh(p) * p)\n dp = tf.gradients(q, p)\n"
    " with tf.compat.v1.Session() as s:\n  r = s.run(dp, {p: [0.0, 1.0, -2.0]})", "r",
    "with g1.as_default():\n u = tf.compat.v1.placeholder(tf.float32, [])\n"
    " none = tf.gradients(q, u)", "none",
    "with g1.as_default():\n dq = tf.gradients([q, q * 2.0], [p], grad_ys=[1.0, 0.5])\n"
    " with tf.compat.v1.Session() as s:\n  r2 = s.run(dq, {p: [1.0]})", "r2",
    "with g1.as_default():\n a = p * 2.0\n b = a * a\n"
    " db = tf.gradients(b, p, stop_gradients=[a])\n"
    " with tf.compat.v1.Session() as s:\n  r3 = s.run(db, {p: [1.0, 2.0]})", "r3",
    # TF1 softmax regression trained with AdamOptimizer in a Session
    "rs = np.random.RandomState(0)\nXS = rs.randn(64, 20).astype(np.float32)\n"
    "YS = np.eye(3)[rs.randint(0, 3, 64)].astype(np.float32)",
    "g2 = tf.Graph()\nwith g2.as_default():\n xp = tf.compat.v1.placeholder(tf.float32, [None, 20])\n"
    " yp = tf.compat.v1.placeholder(tf.float32, [None, 3])\n"
    " W = tf.Variable(tf.zeros([20, 3]))\n b = tf.Variable(tf.zeros([3]))\n"
    " logits = tf.matmul(xp, W) + b\n"
    " loss = tf.reduce_mean(tf.compat.v1.nn.softmax_cross_entropy_with_logits_v2(labels=yp, "
    "logits=logits))\n train = tf.compat.v1.train.AdamOptimizer(0.01).minimize(loss)\n"
    " with tf.compat.v1.Session() as s:\n  s.run(tf.compat.v1.global_variables_initializer())\n"
    "  for _ in range(100):\n   _, final = s.run([train, loss], {xp: XS, yp: YS})",
    "round(float(final), 4)",
    # TF1 learning-rate decays: tensors in a graph, functions eagerly
    "g3 = tf.Graph()",
    "with g3.as_default():\n gs = tf.compat.v1.train.get_or_create_global_step()\n"
    " d = [tf.compat.v1.train.exponential_decay(0.1, gs, 10, 0.5),\n"
    "      tf.compat.v1.train.exponential_decay(0.1, gs, 10, 0.5, staircase=True),\n"
    "      tf.compat.v1.train.natural_exp_decay(0.1, gs, 10, 0.5),\n"
    "      tf.compat.v1.train.inverse_time_decay(0.1, gs, 10, 0.5, staircase=True),\n"
    "      tf.compat.v1.train.polynomial_decay(0.1, gs, 10, 0.01, power=2.0),\n"
    "      tf.compat.v1.train.polynomial_decay(0.1, gs, 10, 0.01, cycle=True),\n"
    "      tf.compat.v1.train.piecewise_constant(gs, [5, 15], [1.0, 0.5, 0.1])]\n"
    " with tf.compat.v1.Session() as s:\n  s.run(tf.compat.v1.global_variables_initializer())\n"
    "  lrs = []\n  for k in (0, 5, 7, 15, 25):\n   s.run(gs.assign(k))\n"
    "   lrs.append([round(float(v), 6) for v in s.run(d)])", "lrs",
    "step = tf.Variable(3, dtype=tf.int64)",
    "lr = tf.compat.v1.train.exponential_decay(0.1, step, 2, 0.5)",
    "[callable(lr), round(float(lr()), 6)]",
    "step.assign(6)\nround(float(lr()), 6)",
    "tf.compat.v1.train.piecewise_constant(step, [1], [1.0, 2.0, 3.0])",
    # tf.Module: variables and submodules found in attributes, in TF's order
    "class Dense(tf.Module):\n def __init__(self, i, o, name=None):\n  super().__init__(name=name)\n"
    "  with self.name_scope:\n   self.w = tf.Variable(tf.ones([i, o]), name='w')\n"
    "   self.b = tf.Variable(tf.zeros([o]), name='b', trainable=False)\n"
    " @tf.Module.with_name_scope\n def __call__(self, a):\n  return tf.matmul(a, self.w) + self.b",
    "class MLP(tf.Module):\n def __init__(self):\n  super().__init__()\n"
    "  self.layers = [Dense(2, 3), Dense(3, 1, name='out')]\n  self.extra = {'z': tf.Variable(1.0), "
    "'a': [tf.Variable(2.0, name='first')]}\n  self.again = self.layers[0]\n"
    " def __call__(self, a):\n  for layer in self.layers:\n   a = tf.nn.relu(layer(a))\n  return a",
    "model = MLP()",
    "[model.name, model.name_scope.name]",
    "[v.name for v in model.variables]",
    "[v.name for v in model.trainable_variables]",
    "[v.name for v in model.non_trainable_variables]",
    "[m.name for m in model.submodules]",
    "with tf.GradientTape() as t:\n out = tf.reduce_sum(model(tf.ones([4, 2])))\n"
    "mg = t.gradient(out, model.trainable_variables)", "[g.shape.as_list() for g in mg]",
    "mg[1]",
    "tf.Module(name='not valid')",
    "with tf.name_scope('outer') as scope:\n inner = Dense(1, 1)\n scope_seen = scope",
    "[scope_seen, inner.name_scope.name, inner.w.name]",
]


def _text(value):
    if hasattr(value, "numpy") and hasattr(value, "dtype"):
        return f"{np.array2string(np.asarray(value.numpy()), precision=6)} {value.dtype.name}"
    if isinstance(value, np.ndarray):
        return f"{np.array2string(value, precision=6)} {value.dtype}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    return repr(value)


def evaluate_all(tf, cases=CASES):
    """[case, result] for every case, in order, in one namespace."""
    namespace = {"tf": tf, "np": np}
    results = []
    for case in cases:
        try:
            try:
                code = compile(case, "<case>", "eval")
            except SyntaxError:
                exec(compile(case, "<case>", "exec"), namespace)
                result = "ok"
            else:
                result = _text(eval(code, namespace))
        except Exception as e:  # noqa: BLE001 - the error is the result
            result = f"error: {type(e).__name__}: {e}"
        results.append([case, result])
    return results
