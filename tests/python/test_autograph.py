"""AutoGraph: Python control flow inside kiln.function, compared with what
TensorFlow's AutoGraph gives for the same functions (tests/python/autograph_cases.py,
recorded by docs/tf-reference/probe_autograph.py in autograph.json)."""

import inspect
import json
import pathlib
import re

import numpy as np
import pytest

import autograph_cases as cases
import kiln

REFERENCE = json.loads((pathlib.Path(__file__).resolve().parents[2] / "docs" / "tf-reference" /
                        "autograph.json").read_text())
cases.bind(kiln)


def traced(fn, signature):
    return kiln.function(fn, input_signature=None if signature is None else signature())


def test_every_case_was_recorded_from_tensorflow():
    assert set(REFERENCE["cases"]) == set(cases.CASES)
    assert set(REFERENCE["errors"]) == set(cases.ERROR_CASES)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_converted_control_flow_gives_tensorflows_result(name):
    fn, args, signature = cases.CASES[name]
    want = REFERENCE["cases"][name]
    f = traced(fn, signature)
    value = f(*args())
    flat = value if isinstance(value, (list, tuple)) else [value]
    assert [np.asarray(v).dtype.name for v in flat] == want["dtypes"]
    assert cases.to_python(value) == want["value"]
    f(*args())
    assert f.experimental_get_tracing_count() == 1


def _line_of(fn, text):
    lines, first = inspect.getsourcelines(fn)
    return first + next(i for i, line in enumerate(lines) if text in line)


# What kiln's message must say: the variable, and the line of the statement (found by its text).
ERROR_MESSAGES = {
    "one_branch": ("'y' must also be initialized in the else branch", "if x > 0"),
    "dtype_changes": ("'x' has dtype int32 before the loop, but dtype float32 after one iteration",
                      "for i in"),
    "shape_changes": (r"'x' has shape \(1,\) before the loop, but shape \(2,\) after one iteration",
                      "for i in"),
    "return_in_tensor_loop": ("a return statement cannot be placed inside this kiln loop", "for i in"),
    "return_structures_differ": ("'retval_' must have the same nested structure in the main and "
                                 "else branches", "return x\n"),
    "break_on_tensor_in_python_loop": ("break and return statements which depend on a TF condition "
                                       "are not supported in Python for loops", "for k in"),
    "iterate_unknown_length": ("Cannot iterate over symbolic tensor", None),
}


@pytest.mark.parametrize("name", sorted(cases.ERROR_CASES))
def test_errors_are_tensorflows_and_name_the_variable_and_line(name):
    fn, args, signature = cases.ERROR_CASES[name]
    want = REFERENCE["errors"][name]["error"]
    message, statement = ERROR_MESSAGES[name]
    error = getattr(kiln.errors, want, None) or getattr(__builtins__, want, None) or \
        {"ValueError": ValueError, "TypeError": TypeError,
         "NotImplementedError": NotImplementedError}[want]
    with pytest.raises(error, match=message) as info:
        traced(fn, signature)(*args())
    if statement is not None:
        assert f"line {_line_of(fn, statement)}" in str(info.value)


def test_an_error_inside_converted_code_points_at_the_users_line():
    def bad(x):
        if x > 0:
            y = x + "text"  # a TypeError raised while tracing this branch
        else:
            y = x
        return y

    with pytest.raises(TypeError) as info:
        kiln.function(bad)(kiln.constant(1))
    frames = [f for f in info.traceback if f.path == pathlib.Path(__file__)]
    line = _line_of(bad, 'y = x + "text"')
    assert any(f.lineno + 1 == line for f in frames)  # pytest counts lines from 0


def test_autograph_false_traces_the_function_as_written():
    with pytest.raises(kiln.errors.OperatorNotAllowedInGraphError, match="kiln.cond"):
        kiln.function(cases.if_else, autograph=False)(kiln.constant(1))


def test_to_code_shows_the_converted_source_and_to_graph_converts():
    code = kiln.autograph.to_code(cases.if_else)
    assert "ag__.if_stmt" in code and "def if_else(x):" in code
    converted = kiln.autograph.to_graph(cases.for_range)
    g = kiln.Graph()
    with g.as_default():
        n = kiln.compat.v1.placeholder(kiln.int32, [])
        total = converted(n)
    with kiln.compat.v1.Session(graph=g) as sess:
        assert sess.run(total, {n: 5}) == 10
        assert sess.run(total, {n: 0}) == 0


def test_do_not_convert_and_unreadable_source():
    @kiln.autograph.experimental.do_not_convert
    def plain(x):
        return 1 if x > 0 else 2  # noqa: SIM108 - a conditional expression on purpose

    def caller(x):
        return plain(x)

    with pytest.raises(kiln.errors.OperatorNotAllowedInGraphError):
        kiln.function(caller)(kiln.constant(1))
    source = "def no_source(x):\n    if x > 0:\n        return x\n    return -x\n"
    namespace = {}
    exec(compile(source, "<generated>", "exec"), namespace)  # noqa: S102 - no file behind it
    with pytest.warns(UserWarning, match="AutoGraph could not transform.*will run it as-is"):
        with pytest.raises(kiln.errors.OperatorNotAllowedInGraphError):
            kiln.function(namespace["no_source"])(kiln.constant(1))


def test_python_conditions_keep_python_semantics():
    calls = []

    def f(x, n):
        for i in range(n):  # a Python loop: unrolled at trace time
            calls.append(i)
            x = x + i
        if n > 2:  # a Python condition: only the taken branch is traced
            x = x * 10
        return x

    g = kiln.function(f)
    assert g(kiln.constant(1), 3).numpy() == 40
    assert calls == [0, 1, 2]


def test_assert_checks_a_tensor_when_the_function_runs():
    def f(x):
        assert x > 0, "x must be positive"
        return x * 2

    g = kiln.function(f)
    assert g(kiln.constant(3)).numpy() == 6
    with pytest.raises(kiln.errors.InvalidArgumentError, match=r"assertion failed: \[x must be positive\]"):
        g(kiln.constant(-3))
    assert g.experimental_get_tracing_count() == 1


def test_methods_and_nested_functions_are_converted():
    class Model:
        def __init__(self, scale):
            self.scale = scale

        def step(self, x):
            if x > 0:
                return x * self.scale
            return x

        @kiln.function
        def __call__(self, n):
            def inner(v):
                while v < 100:
                    v = v * 2
                return v
            s = 0
            for i in kiln.range(n):
                s += self.step(i)
            return inner(s)

    assert Model(3)(kiln.constant(4)).numpy() == 144  # (0 + 3 + 6 + 9) = 18 -> 144


def test_converted_functions_keep_defaults_and_keywords():
    def f(x, scale=2, *, offset=0):
        if x > 0:
            x = x * scale
        return x + offset

    g = kiln.function(f)
    assert g(kiln.constant(3)).numpy() == 6
    assert g(kiln.constant(3), 5, offset=1).numpy() == 16


def test_defaults_and_annotations_may_name_the_enclosing_functions_locals():
    # The converted def runs where `scale` and `Scale` do not exist: its defaults
    # and annotations are the original function's, not evaluated again.
    def make():
        class Scale:
            pass
        scale = 3

        def f(x: Scale, scale=scale, *, offset: Scale = scale) -> Scale:
            if x > 0:
                x = x * scale
            return x + offset
        return f

    f = make()
    g = kiln.function(f)
    assert g(kiln.constant(2)).numpy() == 9
    assert g(kiln.constant(2), 5, offset=1).numpy() == 11
    assert kiln.autograph.to_code(f).startswith("def f(x: Scale, scale=scale, *, offset: Scale=scale)")


def test_nested_functions_return_early_in_their_own_branches():
    def outer(x):
        def sign(v):
            if v > 0:
                return 1
            elif v < 0:
                return -1
            return 0
        total = 0
        for i in kiln.range(-2, 3):
            total += sign(i) * x
        return total + sign(x)

    assert kiln.function(outer)(kiln.constant(5)).numpy() == 1


COUNTER = 0


def test_functions_the_rewrite_would_change_are_traced_as_written():
    def bumps_a_global(x):
        global COUNTER
        COUNTER += 1
        return x + COUNTER

    def generator(x):
        yield x

    with pytest.warns(UserWarning, match="uses a global statement, which AutoGraph does not convert"):
        assert kiln.function(bumps_a_global)(kiln.constant(1)).numpy() == 1 + COUNTER
    with pytest.warns(UserWarning, match="uses yield"):
        kiln.autograph.to_graph(generator)


def test_methods_calling_super_are_converted():
    class Base:
        def f(self, x):
            return x + 1

    class Child(Base):
        def f(self, x):
            if x > 0:  # super() moves into the branch's generated function
                return super().f(x) * 10
            return x

        @kiln.function
        def __call__(self, n):
            total = 0
            for i in kiln.range(n):
                total += self.f(i)
            return total

    assert Child()(kiln.constant(3)).numpy() == 0 + 20 + 30
