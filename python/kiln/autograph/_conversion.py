"""Converting a Python function: its source (``inspect``), rewritten
(transformer.py), compiled under the function's own file name and line
numbers, so that tracebacks and errors point at the user's source, and
bound to the function's globals and closure.

Which calls are converted (``call``): functions of user code — not kiln's
own, not the standard library or installed packages, not functions marked
``do_not_convert``, not lambdas (their source line is not theirs alone).
"""

import ast
import functools
import inspect
import os
import sysconfig
import textwrap
import threading
import types
import warnings

from . import _operators as operators, _transformer as transformer

_CACHE = {}  # code object -> (factory, generated source)
_WARNED = set()  # code objects whose conversion failed (warned once)
_LOCK = threading.Lock()
_KILN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_LIBRARY_DIRS = tuple({os.path.abspath(p) for p in (
    sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"],
    sysconfig.get_paths()["platlib"]) if p} | {_KILN_DIR})
_DO_NOT_CONVERT = "__kiln_do_not_convert__"


class ConversionError(Exception):
    """The function's source cannot be read or compiled."""


def do_not_convert(func=None):
    """Marks `func` to be called as written inside converted code (a decorator)."""
    if func is None:
        return do_not_convert
    try:
        setattr(func, _DO_NOT_CONVERT, True)
    except AttributeError:
        pass
    return func


def is_user_function(f):
    """Whether `f` is a plain function of user code (converted when called)."""
    if (not inspect.isfunction(f) or f.__name__ == "<lambda>" or getattr(f, _DO_NOT_CONVERT, False)
            or getattr(f, "__kiln_converted__", False)):
        return False
    path = os.path.abspath(f.__code__.co_filename)
    if not os.path.exists(path):
        return False  # a REPL or exec: no source to read
    return not _in_library(f)


def _in_library(f):
    """kiln's own code, the standard library's or an installed package's."""
    return os.path.abspath(f.__code__.co_filename).startswith(_LIBRARY_DIRS)


def call(f, args, kwargs):
    """What ``f(*args, **kwargs)`` is in converted code."""
    override = operators.BUILTIN_OVERRIDES.get(f) if _hashable(f) else None
    if override is not None:
        return override(*args, **kwargs)
    if inspect.ismethod(f) and is_user_function(f.__func__):
        return convert(f.__func__)(f.__self__, *args, **kwargs)
    if is_user_function(f):
        return convert(f)(*args, **kwargs)
    from .._function import Function
    if isinstance(f, Function):
        return f._call_converted(*args, **kwargs)
    return f(*args, **kwargs)


def _hashable(f):
    try:
        hash(f)
        return True
    except TypeError:
        return False


def convert(func, warn=True):
    """The converted form of `func`; `func` itself (with TF's warning) when its
    source cannot be converted."""
    if inspect.ismethod(func):
        return types.MethodType(convert(func.__func__, warn), func.__self__)
    if (not inspect.isfunction(func) or getattr(func, _DO_NOT_CONVERT, False)
            or getattr(func, "__kiln_converted__", False) or _in_library(func)):
        return func  # library code is called as written (kiln.function(kiln.exp))
    if func.__name__ == "<lambda>":
        return func  # an expression: called as written (its source line is not its own)
    try:
        factory = _factory(func)
    except ConversionError as e:
        if warn and func.__code__ not in _WARNED:  # once per function, as TF
            _WARNED.add(func.__code__)
            warnings.warn(f"AutoGraph could not transform {func!r} and will run it as-is: {e}",
                          stacklevel=3)
        return func
    cells = [c.cell_contents if _bound(c) else None for c in (func.__closure__ or ())]
    converted = factory(operators, *cells)
    converted.__defaults__ = func.__defaults__
    converted.__kwdefaults__ = func.__kwdefaults__
    functools.update_wrapper(converted, func, updated=())
    converted.__wrapped__ = func
    converted.__kiln_converted__ = True
    return converted


def _bound(cell):
    try:
        cell.cell_contents  # noqa: B018 - an empty cell raises
        return True
    except ValueError:
        return False


def to_code(func):
    """The converted source of `func`, as text."""
    func = func.__func__ if inspect.ismethod(func) else func
    _factory(func)
    return _CACHE[func.__code__][1]


def _factory(func):
    code = func.__code__
    with _LOCK:
        entry = _CACHE.get(code)
        if entry is None:
            entry = _CACHE[code] = _build(func)
    return entry[0]


def _unsupported(fn):
    """A statement whose meaning the rewrite would change (a branch becomes a function:
    its global/nonlocal declarations and yields would belong to that function)."""
    kinds = {ast.Global: "a global statement", ast.Nonlocal: "a nonlocal statement",
             ast.Yield: "yield", ast.YieldFrom: "yield", ast.Await: "await"}
    for node in ast.walk(fn):
        for kind, text in kinds.items():
            if isinstance(node, kind):
                return text
    return None


def _drop_def_time_expressions(fn):
    """Replaces the defaults and annotations of `fn`'s def by None: the factory
    runs the def where the user's local names do not exist (``def f(x, n=n)``
    inside another function), and convert() gives the converted function the
    original's __defaults__, __kwdefaults__ and __annotations__ anyway."""
    fn.args.defaults = [ast.Constant(value=None) for _ in fn.args.defaults]
    fn.args.kw_defaults = [None if d is None else ast.Constant(value=None)
                           for d in fn.args.kw_defaults]
    for arg in (fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs
                + [a for a in (fn.args.vararg, fn.args.kwarg) if a is not None]):
        arg.annotation = None
    fn.returns = None


def _build(func):
    if func.__name__ == "<lambda>":
        raise ConversionError("lambda functions are called as written")
    try:
        source = textwrap.dedent(inspect.getsource(func))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError, IndentationError) as e:
        raise ConversionError(f"its source could not be read ({e})") from None
    fn = next((n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))), None)
    if fn is None or fn.name != func.__name__:
        raise ConversionError("its source is not a def statement")
    if isinstance(fn, ast.AsyncFunctionDef):
        raise ConversionError("async functions are not converted")
    unsupported = _unsupported(fn)
    if unsupported:
        raise ConversionError(f"it uses {unsupported}, which AutoGraph does not convert")
    # getsource starts at the first decorator, as co_firstlineno does: the user's line numbers.
    ast.increment_lineno(tree, func.__code__.co_firstlineno - 1)
    fn = transformer.transform(fn)
    text = ast.unparse(fn)  # what to_code shows: the def as the user wrote it
    _drop_def_time_expressions(fn)
    freevars = list(func.__code__.co_freevars)
    factory = ast.FunctionDef(
        name="__kiln_factory",
        args=ast.arguments(posonlyargs=[], args=[ast.arg(arg=transformer.AG)] +
                           [ast.arg(arg=v) for v in freevars], vararg=None, kwonlyargs=[],
                           kw_defaults=[], kwarg=None, defaults=[]),
        body=[fn, ast.Return(value=ast.Name(id=fn.name, ctx=ast.Load()))],
        decorator_list=[], returns=None, type_comment=None)
    module = ast.Module(body=[ast.copy_location(factory, fn)], type_ignores=[])
    ast.fix_missing_locations(module)
    try:
        compiled = compile(module, func.__code__.co_filename, "exec")
    except SyntaxError as e:
        raise ConversionError(f"the converted code does not compile ({e})") from None
    factory_code = next(c for c in compiled.co_consts if isinstance(c, types.CodeType))
    built = types.FunctionType(factory_code, func.__globals__, "__kiln_factory")
    return built, text

