"""Python control flow inside traced functions: the cases kiln's AutoGraph must
convert as TensorFlow's does.

Shared by docs/tf-reference/probe_autograph.py (which records TF's results in
docs/tf-reference/autograph.json) and tests/python/test_autograph.py (which
compares kiln with them). The functions use the module global `tf`, bound by
`bind(module)` to TensorFlow or to kiln before they are traced.
"""

import numpy as np

tf = None


def bind(module):
    global tf
    tf = module


# ---- if / elif / else ----

def if_else(x):
    if x > 0:
        y = x * 2
    else:
        y = -x
    return y


def if_elif(x):
    if x > 10:
        label = 3
    elif x > 0:
        label = 2
    elif x > -10:
        label = 1
    else:
        label = 0
    return label


def if_without_else(x):
    y = x
    if x < 0:
        y = -x
    return y


def if_python_condition(x, flag):
    if flag:
        return x + 1
    return x - 1


def early_return(x):
    if x > 0:
        return x * 10
    return -x


def early_return_nested(x):
    if x > 0:
        if x > 5:
            return x * 100
        return x * 10
    return x


def bool_ops(x):
    return (x > 0 and x < 10) or not x > -5


def conditional_expression(x):
    return x * 2 if x > 0 else x * 3


# ---- while ----

def while_tensor(x):
    while tf.reduce_max(x) < 50:
        x = x * 2
    return x


def while_counter(x, n):
    i = 0
    while i < n:
        x = x + i
        i += 1
    return x


def while_python(x):
    i = 0
    while i < 3:
        x = x * 2
        i += 1
    return x


def while_break(n):
    i = tf.constant(0)
    total = tf.constant(0)
    while i < n:
        i += 1
        if i % 7 == 0:
            break
        total += i
    return total, i


# ---- for ----

def for_range(n):
    s = 0
    for i in tf.range(n):
        s += i
    return s


def for_range_continue(n):
    s = 0
    for i in tf.range(n):
        if i % 2 == 0:
            continue
        s += i
    return s


def for_range_start_stop_step(n):
    s = 0
    for i in tf.range(n, 0, -2):
        s = s * 10 + i
    return s


def for_builtin_range_of_tensor(n):
    s = 0
    for i in range(n):
        s += i * i
    return s


def for_python_range(x):
    for k in range(3):
        x = x + k
    return x


def for_python_list(x):
    for scale in [1.0, 2.0, 3.0]:
        x = x * scale
    return x


def for_over_tensor(t):
    s = 0.0
    for row in t:
        s += tf.reduce_sum(row)
    return s


def for_zero_iterations(n):
    s = tf.constant(5)
    for i in tf.range(n):
        s += i
    return s


def nested_break(n):
    s = 0
    for i in tf.range(n):
        for j in tf.range(n):
            if j > i:
                break
            s += j
    return s


def defined_in_loop(n):
    for i in tf.range(n):
        z = i * 2
    return z


def local_in_loop(n):
    s = 0
    for i in tf.range(n):
        z = i * 2
        s += z
    return s


def _helper(x):
    if x > 0:
        return x
    return -x


def calls_converted_function(n):
    s = 0
    for i in tf.range(-n, n):
        s += _helper(i)
    return s


def loop_with_shape_invariant(n):
    x = tf.constant([1])
    for i in tf.range(n):
        tf.autograph.experimental.set_loop_options(shape_invariants=[(x, tf.TensorShape([None]))])
        x = tf.concat([x, x], 0)
    return x


def loop_with_maximum_iterations(n):
    s = 0
    for i in tf.range(n):
        tf.autograph.experimental.set_loop_options(maximum_iterations=3)
        s += i
    return s


def collatz_steps(n):  # README's example
    steps = 0
    while n > 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def tensor_array_in_loop(n):
    ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
    for i in tf.range(n):
        ta = ta.write(i, i * i)
    return ta.stack()


def tensor_array_in_branch(x):
    ta = tf.TensorArray(tf.float32, size=2)
    if x > 0:
        ta = ta.write(0, x).write(1, x * 2)
    else:
        ta = ta.write(0, -x).write(1, x)
    return ta.stack()


def len_of_tensor(v):
    return len(v)


# ---- errors (TF's class; kiln's message names the variable and the line) ----

def error_one_branch(x):
    if x > 0:
        y = x * 2
    return y


def error_dtype_changes(n):
    x = tf.constant(0)
    for i in tf.range(n):
        x = tf.cast(x, tf.float32)
    return x


def error_shape_changes(n):
    x = tf.constant([1])
    for i in tf.range(n):
        x = tf.concat([x, x], 0)
    return x


def error_return_in_tensor_loop(n):
    for i in tf.range(n):
        if i > 2:
            return i
    return -1


def error_return_structures_differ(x):
    if x > 0:
        return x, x
    return x


def error_break_on_tensor_in_python_loop(x):
    for k in range(5):
        if x > k:
            break
        x = x + 1
    return x


def error_iterate_unknown_length(v):
    a, b = v
    return a


def _int(x):
    return np.int32(x)


def _i(x):
    return tf.constant(x)


def _f(x):
    return tf.constant(x, dtype=tf.float32)


# name -> (function, arguments (given tf), input_signature (given tf) or None)
CASES = {
    "if_else_pos": (if_else, lambda: [_i(3)], None),
    "if_else_neg": (if_else, lambda: [_i(-4)], None),
    "if_elif": (if_elif, lambda: [_i(5)], None),
    "if_elif_signature": (if_elif, lambda: [_i(-20)], lambda: [tf.TensorSpec([], tf.int32)]),
    "if_without_else": (if_without_else, lambda: [_i(-6)], None),
    "if_python_condition": (if_python_condition, lambda: [_i(1), True], None),
    "early_return_pos": (early_return, lambda: [_i(3)], None),
    "early_return_neg": (early_return, lambda: [_i(-3)], None),
    "early_return_nested": (early_return_nested, lambda: [_i(7)], None),
    "early_return_nested_mid": (early_return_nested, lambda: [_i(2)], None),
    "bool_ops_true": (bool_ops, lambda: [_i(3)], None),
    "bool_ops_false": (bool_ops, lambda: [_i(30)], None),
    "conditional_expression": (conditional_expression, lambda: [_i(-3)], None),
    "while_tensor": (while_tensor, lambda: [_i([1, 3])], None),
    "while_counter": (while_counter, lambda: [_i(1), _i(4)], None),
    "while_python": (while_python, lambda: [_i(1)], None),
    "while_break": (while_break, lambda: [_i(20)], None),
    "for_range": (for_range, lambda: [_i(10)], None),
    "for_range_signature": (for_range, lambda: [_i(5)], lambda: [tf.TensorSpec([], tf.int32)]),
    "for_range_continue": (for_range_continue, lambda: [_i(10)], None),
    "for_range_start_stop_step": (for_range_start_stop_step, lambda: [_i(7)], None),
    "for_builtin_range_of_tensor": (for_builtin_range_of_tensor, lambda: [_i(5)], None),
    "for_python_range": (for_python_range, lambda: [_i(1)], None),
    "for_python_list": (for_python_list, lambda: [_f(1.5)], None),
    "for_over_tensor": (for_over_tensor, lambda: [_f([[1.0, 2.0], [3.0, 4.0]])], None),
    "for_over_tensor_signature": (for_over_tensor, lambda: [_f([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])],
                                  lambda: [tf.TensorSpec([None, 2], tf.float32)]),
    "for_zero_iterations": (for_zero_iterations, lambda: [_i(0)], None),
    "nested_break": (nested_break, lambda: [_i(4)], None),
    "defined_in_loop": (defined_in_loop, lambda: [_i(5)], None),
    "local_in_loop": (local_in_loop, lambda: [_i(5)], None),
    "calls_converted_function": (calls_converted_function, lambda: [_i(3)], None),
    "loop_with_shape_invariant": (loop_with_shape_invariant, lambda: [_i(3)], None),
    "loop_with_maximum_iterations": (loop_with_maximum_iterations, lambda: [_i(10)], None),
    "collatz_steps": (collatz_steps, lambda: [_i(27)], None),
    "collatz_steps_once": (collatz_steps, lambda: [_i(1)], None),
    "tensor_array_in_loop": (tensor_array_in_loop, lambda: [_i(5)], None),
    "tensor_array_in_loop_empty": (tensor_array_in_loop, lambda: [_i(0)], None),
    "tensor_array_in_branch": (tensor_array_in_branch, lambda: [_f(-1.5)], None),
    "len_of_tensor": (len_of_tensor, lambda: [_f([1.0, 2.0])], lambda: [tf.TensorSpec([None], tf.float32)]),
}

ERROR_CASES = {
    "one_branch": (error_one_branch, lambda: [_i(1)], None),
    "dtype_changes": (error_dtype_changes, lambda: [_i(3)], None),
    "shape_changes": (error_shape_changes, lambda: [_i(3)], None),
    "return_in_tensor_loop": (error_return_in_tensor_loop, lambda: [_i(5)], None),
    "return_structures_differ": (error_return_structures_differ, lambda: [_i(1)], None),
    "break_on_tensor_in_python_loop": (error_break_on_tensor_in_python_loop, lambda: [_i(-2)], None),
    "iterate_unknown_length": (error_iterate_unknown_length, lambda: [_f([1.0, 2.0])],
                               lambda: [tf.TensorSpec([None], tf.float32)]),
}


def to_python(value):
    """A traced result as plain data (tuples as lists) for the JSON file."""
    if isinstance(value, (list, tuple)):
        return [to_python(v) for v in value]
    return np.asarray(value).tolist()
