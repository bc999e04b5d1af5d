"""kiln.optimizers (TF2/Keras 3) and kiln.compat.v1.train's optimizers against
TF 2.21's trajectories, recorded by docs/tf-reference/record_optimizers.py in
docs/tf-reference/optimizers.json: the same cases, fixed gradients and
elementwise losses, step by step.

Tolerance: with the recorded gradients, float32 values agree within
FIXED_ULPS units in the last place (the update rules alone: a 1-ULP difference
in pow or sqrt moves a result by an ULP). With gradients of a loss, kiln's
gradients themselves may differ from TF's by an ULP or two (b's gradient is a
sum, in another order), which momentum carries on: there values agree within
ULPS, or within ATOL for values near 0 after cancellation (terms of size ~1).
"""

import builtins
import json
import pathlib
import sys
import warnings

import numpy as np
import pytest

import kiln as tf

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference"))
import record_optimizers as rec  # noqa: E402 - the cases, problems and gradients TF ran

REF = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference" /
                  "optimizers.json").read_text())
FIXED_ULPS = 2
ULPS = 8
ATOL = 1e-6
v1 = tf.compat.v1


def assert_close(actual, expected, what, ulps=None):
    actual = np.asarray(actual, dtype=np.float32)
    expected = np.asarray(expected, dtype=np.float32)
    assert actual.shape == expected.shape, what
    diff = np.abs(actual.view(np.int32).astype(np.int64) - expected.view(np.int32).astype(np.int64))
    if ulps is None:
        ok = (diff <= ULPS) | (np.abs(actual - expected) <= ATOL)
    else:
        ok = diff <= ulps
    assert ok.all(), f"{what}: kiln {actual.tolist()} TF {expected.tolist()} ({diff.max()} ULPs)"


def keras_optimizer(expr):
    return eval(expr, vars(tf.keras.optimizers))  # noqa: S307 - the recorded cases


def variables():
    return tf.Variable(rec.W0, name="w"), tf.Variable(rec.B0, name="b")


def loss_fn(w, b):
    return tf.square(w * tf.constant(rec.X) + b - tf.constant(rec.Y))


def run_fixed(opt, w, b, apply=None):
    out = []
    for step in range(rec.STEPS):
        gw, gb = rec.fixed_grads(step)
        (apply or opt.apply_gradients)([(tf.constant(gw), w), (tf.constant(gb), b)])
        out.append([w.numpy(), b.numpy()])
    return out


def check_trajectory(actual, expected, case, ulps=None):
    assert len(actual) == len(expected)
    for step, ((w, b), (tw, tb)) in enumerate(zip(actual, expected)):
        assert_close(w, tw, f"{case} step {step + 1} w", ulps)
        assert_close(b, tb, f"{case} step {step + 1} b", ulps)


# ---- Keras optimizers ----

@pytest.mark.parametrize("case", rec.KERAS_CASES)
def test_keras_fixed_gradients_follow_tf(case):
    ref = REF["keras"][case]
    opt = keras_optimizer(case)
    w, b = variables()
    check_trajectory(run_fixed(opt, w, b), ref["fixed"], case, FIXED_ULPS)
    assert int(opt.iterations.numpy()) == ref["iterations"]
    names = [v.name.split(":")[0] for v in opt.variables]
    assert names == [name for name, _ in ref["variables"]]
    for v, (name, value) in zip(opt.variables, ref["variables"]):
        assert_close(v.numpy(), value, f"{case} variable {name}", FIXED_ULPS)
    if ref["config"] is not None:
        config = {k: v for k, v in opt.get_config().items() if k != "name"}
        assert config == ref["config"]


@pytest.mark.parametrize("case", rec.KERAS_CASES)
def test_keras_minimize_of_a_loss_follows_tf(case):
    opt = keras_optimizer(case)
    w, b = variables()
    out = []
    for _ in range(rec.STEPS):
        opt.minimize(lambda: loss_fn(w, b), [w, b])
        out.append([w.numpy(), b.numpy()])
    check_trajectory(out, REF["keras"][case]["loss"], case)


def test_tape_and_apply_gradients_equal_minimize():
    opt, (w, b) = tf.optimizers.Adam(0.1), variables()
    for _ in range(rec.STEPS):
        with tf.GradientTape() as tape:
            loss = loss_fn(w, b)
        assert opt.apply_gradients(zip(tape.gradient(loss, [w, b]), [w, b])) is opt.iterations
    check_trajectory([[w.numpy(), b.numpy()]], REF["keras"]["Adam(learning_rate=0.1)"]["loss"][-1:],
                     "Adam tape")


def test_minimize_with_a_tape_and_a_tensor_loss():
    opt, (w, b) = tf.optimizers.SGD(0.1), variables()
    with tf.GradientTape() as tape:
        loss = loss_fn(w, b)
    opt.minimize(loss, [w, b], tape=tape)
    check_trajectory([[w.numpy(), b.numpy()]], REF["keras"]["SGD(learning_rate=0.1)"]["loss"][:1],
                     "SGD tensor loss")
    with pytest.raises(ValueError, match="`tape` is required when a `Tensor` loss is passed"):
        opt.minimize(loss, [w, b])


@pytest.mark.parametrize("case", ["SGD(learning_rate=0.1, momentum=0.9)", "Adam(learning_rate=0.1)",
                                  "RMSprop(learning_rate=0.01, centered=True)"])
def test_apply_gradients_inside_kiln_function_follows_tf(case):
    opt = keras_optimizer(case)
    w, b = variables()

    @tf.function
    def step(gw, gb):
        opt.apply_gradients([(gw, w), (gb, b)])

    out = []
    for i in range(rec.STEPS):
        gw, gb = rec.fixed_grads(i)
        step(tf.constant(gw), tf.constant(gb))
        out.append([w.numpy(), b.numpy()])
    check_trajectory(out, REF["keras"][case]["fixed"], case, FIXED_ULPS)
    assert int(opt.iterations.numpy()) == rec.STEPS


def test_keras_optimizers_is_kiln_optimizers():
    assert tf.keras.optimizers is tf.optimizers
    assert tf.keras.optimizers.Adam is tf.optimizers.Adam
    assert isinstance(tf.keras.optimizers.get("adam"), tf.optimizers.Adam)


def test_defaults_match_tf():
    assert tf.optimizers.SGD().get_config()["learning_rate"] == pytest.approx(0.01)
    adam = tf.optimizers.Adam().get_config()
    assert (adam["beta_1"], adam["beta_2"], adam["epsilon"], adam["amsgrad"]) == (0.9, 0.999,
                                                                                   1e-7, False)
    assert tf.optimizers.AdamW().weight_decay == 0.004
    rms = tf.optimizers.RMSprop()
    assert (rms.rho, rms.momentum, rms.epsilon, rms.centered) == (0.9, 0.0, 1e-7, False)
    assert tf.optimizers.Adagrad().initial_accumulator_value == 0.1


def test_learning_rate_is_assignable_and_may_be_a_callable_or_a_schedule():
    opt, (w, b) = tf.optimizers.SGD(0.1), variables()
    opt.learning_rate = 0.5
    assert float(opt.learning_rate.numpy()) == 0.5
    opt.apply_gradients([(tf.constant([1.0, 1.0, 1.0]), w)])
    np.testing.assert_array_equal(w.numpy(), np.float32(rec.W0) - 0.5)
    rate = [0.25]
    opt.learning_rate = lambda: rate[0]
    assert len(opt.variables) == 1  # the learning rate variable is no longer the optimizer's
    opt.apply_gradients([(tf.constant([1.0, 1.0, 1.0]), w)])
    np.testing.assert_array_equal(w.numpy(), np.float32(rec.W0) - 0.75)
    schedule = tf.optimizers.schedules.ExponentialDecay(1.0, decay_steps=1, decay_rate=0.5)
    opt = tf.optimizers.SGD(schedule)
    v = tf.Variable(0.0)
    for _ in range(3):
        opt.apply_gradients([(tf.constant(1.0), v)])
    assert float(v.numpy()) == -(1.0 + 0.5 + 0.25)
    with pytest.raises(TypeError, match="hence its learning rate is not settable"):
        opt.learning_rate = 0.1


def test_get_config_and_from_config_round_trip():
    opt = tf.optimizers.RMSprop(0.01, rho=0.8, momentum=0.5, centered=True, name="r")
    again = tf.optimizers.RMSprop.from_config(opt.get_config())
    assert again.get_config() == opt.get_config()
    sched = tf.optimizers.SGD(tf.optimizers.schedules.ExponentialDecay(0.1, 10, 0.9))
    assert tf.optimizers.SGD.from_config(sched.get_config()).get_config() == sched.get_config()


def test_none_gradients_are_skipped_with_keras_warning():
    opt, (w, b) = tf.optimizers.SGD(0.1), variables()
    with pytest.warns(UserWarning, match=r"Gradients do not exist for variables \['b:0'\]"):
        opt.apply_gradients([(tf.constant([1.0, 1.0, 1.0]), w), (None, b)])
    assert float(b.numpy()) == np.float32(rec.B0)
    np.testing.assert_allclose(w.numpy(), np.float32(rec.W0) - np.float32(0.1), rtol=1e-7)


# ---- errors: TF's types and messages ----

def tf_error(key):
    return REF["errors"][key]


def raises(key, fn):
    kind, message = tf_error(key)
    with pytest.raises(getattr(builtins, kind)) as info:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn()
    assert type(info.value).__name__ == kind
    return str(info.value), message


def test_all_none_gradients_raise_as_tf():
    got, want = raises("all_none", lambda: tf.optimizers.SGD().apply_gradients(
        [(None, tf.Variable([1.0, 2.0]))]))
    assert got == want


@pytest.mark.parametrize("key, make", [
    ("unknown_argument", lambda: tf.optimizers.Adam(foo=1)),
    ("int_learning_rate", lambda: tf.optimizers.SGD(learning_rate=1)),
    ("momentum_range", lambda: tf.optimizers.SGD(momentum=1.5)),
    ("adamw_none", lambda: tf.optimizers.AdamW(weight_decay=None)),
    ("two_clips", lambda: tf.optimizers.SGD(clipnorm=1.0, clipvalue=1.0)),
])
def test_constructor_errors_match_tf(key, make):
    got, want = raises(key, make)
    assert got == want


def test_unknown_variable_raises_as_tf():
    def apply():
        opt = tf.optimizers.SGD()
        opt.apply_gradients([(tf.constant([1.0, 1.0]), tf.Variable([1.0, 2.0], name="w"))])
        opt.apply_gradients([(tf.constant(1.0), tf.Variable(1.0, name="other"))])
    got, want = raises("unknown_variable", apply)
    assert got.startswith("Unknown variable: ")
    assert got.split(">", 1)[1] == want.split(">", 1)[1]


def test_unsupported_keras_arguments_say_so():
    with pytest.raises(NotImplementedError, match="use_ema or gradient_accumulation_steps"):
        tf.optimizers.Adam(use_ema=True)


# ---- checkpoints ----

def test_checkpoint_saves_and_restores_the_slots(tmp_path):
    def train(opt, w, b, steps):
        for _ in range(steps):
            opt.minimize(lambda: loss_fn(w, b), [w, b])

    opt, (w, b) = tf.optimizers.Adam(0.1), variables()
    train(opt, w, b, 2)
    path = tf.train.Checkpoint(model=[w, b], optimizer=opt).save(str(tmp_path / "ckpt"))
    train(opt, w, b, 3)
    # A new model and optimizer restored before their first step: the slots are
    # made by the first step and take the checkpoint's values then.
    opt2, (w2, b2) = tf.optimizers.Adam(0.1), variables()
    tf.train.Checkpoint(model=[w2, b2], optimizer=opt2).restore(path)
    assert int(opt2.iterations.numpy()) == 2
    train(opt2, w2, b2, 3)
    np.testing.assert_array_equal(w2.numpy(), w.numpy())
    np.testing.assert_array_equal(b2.numpy(), b.numpy())
    check_trajectory([[w2.numpy(), b2.numpy()]],
                     REF["keras"]["Adam(learning_rate=0.1)"]["loss"][-1:], "restored Adam")


# ---- TF1 optimizers ----

@pytest.mark.parametrize("case", rec.V1_CASES)
def test_v1_optimizer_in_a_session_follows_tf(case):
    ref = REF["v1_session"][case]
    with tf.Graph().as_default():
        w = v1.get_variable("w", initializer=tf.constant(rec.W0))
        b = v1.get_variable("b", initializer=tf.constant(rec.B0))
        opt = eval(case, vars(v1.train))  # noqa: S307 - the recorded cases
        step = v1.train.get_or_create_global_step()
        train = opt.minimize(tf.square(w * rec.X + b - rec.Y), global_step=step)
        assert opt.get_slot_names() == ref["slot_names"]
        slots = [opt.get_slot(w, n) for n in opt.get_slot_names()]
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for i, want in enumerate(ref["steps"]):
                sess.run(train)
                wv, bv, sv, *slot_values = sess.run([w, b, step] + slots)
                assert_close(wv, want["w"], f"{case} step {i + 1} w")
                assert_close(bv, want["b"], f"{case} step {i + 1} b")
                assert sv == want["global_step"]
                for name, got, expected in zip(ref["slot_names"], slot_values, want["slots"]):
                    assert_close(got, expected, f"{case} step {i + 1} slot {name}")


@pytest.mark.parametrize("case", rec.V1_CASES)
def test_v1_optimizer_eagerly_follows_tf(case):
    opt = eval(case, vars(v1.train))  # noqa: S307
    w, b = variables()
    out = []
    for _ in range(rec.STEPS):
        opt.minimize(lambda: loss_fn(w, b), var_list=[w, b])
        out.append([w.numpy(), b.numpy()])
    check_trajectory(out, REF["v1_eager"][case], case)


def test_v1_linear_regression_converges_in_a_session():
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [None])
        y = v1.placeholder(tf.float32, [None])
        w, b = tf.Variable(0.0), tf.Variable(0.0)
        step = v1.train.get_or_create_global_step()
        assert v1.train.get_global_step() is step
        grads_and_vars = v1.train.GradientDescentOptimizer(0.05).compute_gradients(
            tf.square(w * x + b - y))
        assert [v for _, v in grads_and_vars] == [w, b]
        train = v1.train.GradientDescentOptimizer(0.05).apply_gradients(grads_and_vars, step)
        xs = np.linspace(-1, 1, 8, dtype=np.float32)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for _ in range(300):
                sess.run(train, {x: xs, y: 3 * xs - 1})
            wv, bv, sv = sess.run([w, b, step])
    assert (round(float(wv), 3), round(float(bv), 3), int(sv)) == (3.0, -1.0, 300)


def test_v1_eager_loss_must_be_callable_as_tf():
    got, want = raises("v1_eager_tensor_loss", lambda: v1.train.GradientDescentOptimizer(
        0.1).minimize(tf.constant(1.0), var_list=[tf.Variable([1.0, 2.0])]))
    assert got == want


def test_v1_minimize_without_gradients_raises():
    with tf.Graph().as_default():
        w = tf.Variable(1.0)
        other = tf.Variable(2.0)
        with pytest.raises(ValueError, match="No gradients provided for any variable"):
            v1.train.GradientDescentOptimizer(0.1).minimize(w * 2.0, var_list=[other])


def test_v1_global_step_eagerly():
    step = v1.train.get_or_create_global_step()
    assert v1.train.get_or_create_global_step() is step and step.dtype == tf.int64
    with pytest.raises(ValueError, match='"global_step" already exists'):
        v1.train.create_global_step()
    before = int(step.numpy())
    opt, (w, b) = v1.train.MomentumOptimizer(0.05, 0.9), variables()
    opt.minimize(lambda: loss_fn(w, b), global_step=step, var_list=[w, b])
    assert int(step.numpy()) == before + 1
    assert opt.get_slot_names() == ["momentum"] and opt.get_slot(w, "momentum").shape == (3,)
    assert opt.get_slot(w, "nope") is None
    check_trajectory([[w.numpy(), b.numpy()]], REF["v1_eager"]["MomentumOptimizer(0.05, 0.9)"][:1],
                     "Momentum, global step")
