"""Records TF 2.21's optimizers on small deterministic problems in
docs/tf-reference/optimizers.json, for tests/python/test_optimizers.py:

* ``keras``: each ``tf.keras.optimizers`` case (an expression over the class
  names, as kiln.keras.optimizers evaluates it too) applied for STEPS steps to
  a fixed sequence of gradients, then to the gradients of an elementwise loss;
  the variables after every step, the optimizer's variables (names, values)
  and its config.
* ``v1``: each ``tf.compat.v1.train`` optimizer minimizing an elementwise
  linear regression in a Session (variables, global step and slots per step),
  and eagerly with a callable loss.
* ``errors``: the type and message of misuses.

    /path/to/tf/python docs/tf-reference/record_optimizers.py   (TF 2.21, Keras 3)

The tests import this module for its cases and problem (TF is imported by main only).
"""
import json
import os
import pathlib
import warnings

import numpy as np

tf = None  # TensorFlow, imported by main()

STEPS = 5
W0, B0 = [1.0, -2.0, 0.5], 0.3
X, Y = [1.0, 2.0, -1.0], [2.0, 3.5, -1.5]  # the regression: w * X + b ~ Y

KERAS_CASES = [
    "SGD()", "SGD(learning_rate=0.1)", "SGD(learning_rate=0.1, momentum=0.9)",
    "SGD(learning_rate=0.1, momentum=0.5, nesterov=True)",
    "SGD(learning_rate=0.1, weight_decay=0.05)", "SGD(learning_rate=0.1, clipvalue=0.5)",
    "SGD(learning_rate=0.1, clipnorm=1.0)", "SGD(learning_rate=0.1, global_clipnorm=1.0)",
    "SGD(learning_rate=lambda: 0.05)",
    "Adam()", "Adam(learning_rate=0.1)", "Adam(learning_rate=0.1, amsgrad=True)",
    "Adam(learning_rate=0.05, beta_1=0.8, beta_2=0.99, epsilon=1e-3)",
    "AdamW()", "AdamW(learning_rate=0.1, weight_decay=0.1)",
    "AdamW(learning_rate=0.1, weight_decay=0.01, amsgrad=True)",
    "RMSprop()", "RMSprop(learning_rate=0.01, momentum=0.9)",
    "RMSprop(learning_rate=0.01, centered=True)",
    "RMSprop(learning_rate=0.01, rho=0.8, momentum=0.5, centered=True, epsilon=1e-4)",
    "Adagrad()", "Adagrad(learning_rate=0.1, initial_accumulator_value=0.5, epsilon=1e-3)",
]

V1_CASES = [
    "GradientDescentOptimizer(0.05)", "MomentumOptimizer(0.05, 0.9)",
    "MomentumOptimizer(0.05, 0.9, use_nesterov=True)", "AdamOptimizer(0.1)",
    "AdamOptimizer(0.05, beta1=0.8, beta2=0.99, epsilon=1e-4)", "AdagradOptimizer(0.1)",
    "AdagradOptimizer(0.1, initial_accumulator_value=0.5)", "RMSPropOptimizer(0.01)",
    "RMSPropOptimizer(0.01, decay=0.8, momentum=0.5, centered=True)",
]


def fixed_grads(step):
    """The gradients of step `step` (0-based) for (w, b); one element of w's is 0."""
    return ([0.1 * (step + 1), -0.5, 2.0 - step] if step != 2 else [0.0, -0.5, 1.0],
            0.2 * (-1) ** step)


def regression_loss(w, b):
    """An elementwise loss (the tape sums it): the squared residual of w * X + b."""
    return tf.square(w * tf.constant(X) + b - tf.constant(Y))


def floats(x):
    return np.asarray(x, dtype=np.float64).tolist()


def run_keras(expr):
    opt = eval(expr, vars(tf.keras.optimizers))  # noqa: S307 - the cases above
    w, b = tf.Variable(W0, name="w"), tf.Variable(B0, name="b")
    fixed = []
    for step in range(STEPS):
        gw, gb = fixed_grads(step)
        opt.apply_gradients([(tf.constant(gw), w), (tf.constant(gb), b)])
        fixed.append([floats(w), floats(b)])
    try:
        config = {k: v for k, v in opt.get_config().items() if k != "name"}
    except OSError:  # a lambda learning rate: Keras serializes its source, which eval lacks
        config = None
    variables = [[v.name, floats(v.numpy())] for v in opt.variables]
    # A fresh optimizer of the same case minimizing the loss (through a tape).
    opt = eval(expr, vars(tf.keras.optimizers))  # noqa: S307
    w, b = tf.Variable(W0, name="w"), tf.Variable(B0, name="b")
    loss = []
    for _ in range(STEPS):
        with tf.GradientTape() as tape:
            value = regression_loss(w, b)
        opt.apply_gradients(zip(tape.gradient(value, [w, b]), [w, b]))
        loss.append([floats(w), floats(b)])
    return {"fixed": fixed, "loss": loss, "config": config, "variables": variables,
            "iterations": int(opt.iterations.numpy())}


def run_v1_session(expr):
    with tf.Graph().as_default():
        v1 = tf.compat.v1
        w = v1.get_variable("w", initializer=tf.constant(W0))
        b = v1.get_variable("b", initializer=tf.constant(B0))
        opt = eval(expr, vars(v1.train))  # noqa: S307
        step = v1.train.get_or_create_global_step()
        train = opt.minimize(tf.square(w * X + b - Y), global_step=step)
        names = opt.get_slot_names()
        slots = [opt.get_slot(w, n) for n in names]
        out = []
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for _ in range(STEPS):
                sess.run(train)
                wv, bv, sv, *slot_values = sess.run([w, b, step] + slots)
                out.append({"w": floats(wv), "b": floats(bv), "global_step": int(sv),
                            "slots": [floats(s) for s in slot_values]})
        return {"slot_names": names, "steps": out}


def run_v1_eager(expr):
    opt = eval(expr, vars(tf.compat.v1.train))  # noqa: S307
    w, b = tf.Variable(W0, name="w"), tf.Variable(B0, name="b")
    out = []
    for _ in range(STEPS):
        opt.minimize(lambda: regression_loss(w, b), var_list=[w, b])
        out.append([floats(w), floats(b)])
    return out


def error(fn):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn()
    except Exception as e:  # noqa: BLE001 - recording what TF raises
        return [type(e).__name__, str(e)]
    return None


def errors():
    k = tf.keras.optimizers
    w = tf.Variable([1.0, 2.0], name="w")

    def all_none():
        k.SGD().apply_gradients([(None, w)])

    def unknown_variable():
        opt = k.SGD()
        opt.apply_gradients([(tf.constant([1.0, 1.0]), w)])
        opt.apply_gradients([(tf.constant(1.0), tf.Variable(1.0, name="other"))])

    def v1_eager_tensor_loss():
        tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(tf.constant(1.0), var_list=[w])

    return {
        "all_none": error(all_none),
        "unknown_argument": error(lambda: k.Adam(foo=1)),
        "int_learning_rate": error(lambda: k.SGD(learning_rate=1)),
        "momentum_range": error(lambda: k.SGD(momentum=1.5)),
        "adamw_none": error(lambda: k.AdamW(weight_decay=None)),
        "two_clips": error(lambda: k.SGD(clipnorm=1.0, clipvalue=1.0)),
        "unknown_variable": error(unknown_variable),
        "v1_eager_tensor_loss": error(v1_eager_tensor_loss),
    }


def main():
    global tf
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow
    tf = tensorflow
    result = {"tensorflow": tf.__version__, "keras_version": tf.keras.__version__,
        "steps": STEPS,
        "keras_has_minimize": hasattr(tf.keras.optimizers.SGD(), "minimize"),
        "keras": {e: run_keras(e) for e in KERAS_CASES},
        "v1_session": {e: run_v1_session(e) for e in V1_CASES},
        "v1_eager": {e: run_v1_eager(e) for e in V1_CASES},
        "errors": errors()}
    path = pathlib.Path(__file__).resolve().parent / "optimizers.json"
    path.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
