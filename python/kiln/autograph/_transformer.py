"""The source rewrite of AutoGraph: a function's AST in, an AST out whose
control flow calls the operators in operators.py (``ag__.if_stmt``, ...).

Four passes, in order, each a small ``ast.NodeTransformer``:
1. expressions: ``and``/``or``/``not``, ``x if c else y``, ``assert``, and
   calls (through ``ag__.converted_call``, which converts user functions too);
2. returns inside compound statements become a flag and a value, and what
   follows a statement that may return runs only if it did not;
3. ``break``/``continue`` become flags in the same way; a loop that may break
   tests its flag;
4. ``if``/``while``/``for`` become functions of the variables they assign
   (their "state"), called by the operator that picks Python or graph control
   flow when the condition is known.

Generated names start with ``__kiln_``: ``__kiln_fn_`` for the generated
functions (never state), the others are flags that are state like any variable.
"""

import ast
import itertools

AG = "ag__"
FN_PREFIX = "__kiln_fn_"
DO_RETURN, RETVAL = "__kiln_do_return", "__kiln_retval"
# Calls left alone: they need the caller's own frame.
_FRAME_BUILTINS = {"super", "locals", "globals", "vars", "eval", "exec"}


def _ag(attr):
    return ast.Attribute(value=ast.Name(id=AG, ctx=ast.Load()), attr=attr, ctx=ast.Load())


def _call(attr, *args):
    return ast.Call(func=_ag(attr), args=list(args), keywords=[])


def _lambda(body):
    return ast.Lambda(args=ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[],
                                         kw_defaults=[], kwarg=None, defaults=[]), body=body)


def _name(n, store=False):
    return ast.Name(id=n, ctx=ast.Store() if store else ast.Load())


def _assign(n, value):
    return ast.Assign(targets=[_name(n, True)], value=value)


def _not(n):
    return _call("not_", _name(n))


def _where(node):
    return ast.Constant(getattr(node, "lineno", 0))


# ---- 1. expressions ----

class ExpressionTransformer(ast.NodeTransformer):
    def __init__(self, first_argument=None):
        self._first = first_argument  # `self` of a method, for super()

    def visit_BoolOp(self, node):
        self.generic_visit(node)
        result = node.values[-1]
        op = "and_" if isinstance(node.op, ast.And) else "or_"
        for value in reversed(node.values[:-1]):
            result = _call(op, _lambda(value), _lambda(result))
        return ast.copy_location(result, node)

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Not):
            return ast.copy_location(_call("not_", node.operand), node)
        return node

    def visit_IfExp(self, node):
        self.generic_visit(node)
        return ast.copy_location(
            _call("if_exp", node.test, _lambda(node.body), _lambda(node.orelse)), node)

    def visit_Assert(self, node):
        self.generic_visit(node)
        message = _lambda(node.msg) if node.msg is not None else ast.Constant(None)
        return ast.copy_location(ast.Expr(_call("assert_stmt", node.test, message, _where(node))), node)

    def visit_Call(self, node):
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id in _FRAME_BUILTINS:
            if node.func.id == "super" and not node.args and self._first:
                # Zero-argument super() reads its frame's first argument, and the
                # code around it may move into a generated function: name both.
                node.args = [_name("__class__"), _name(self._first)]
            return node
        keywords = ast.Dict(keys=[ast.Constant(k.arg) if k.arg else None for k in node.keywords],
                            values=[k.value for k in node.keywords])
        return ast.copy_location(
            _call("converted_call", node.func, ast.Tuple(elts=node.args, ctx=ast.Load()),
                  keywords, _where(node)), node)

    def visit_Lambda(self, node):
        return node  # a lambda is called as written (its source is not its own)

    def visit_FunctionDef(self, node):
        return node  # converted on its own (transform)

    visit_AsyncFunctionDef = visit_FunctionDef


# ---- shared: which statements return, or set a flag ----

def _sets(node, flag):
    """Whether `node` assigns the flag `flag` (not inside a nested function)."""
    if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == flag
                                            for t in node.targets):
        return True
    return any(_sets(c, flag) for c in ast.iter_child_nodes(node)
               if not isinstance(c, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)))


def _returns(node):
    """Whether `node` is or contains a return (not inside a nested function)."""
    if isinstance(node, ast.Return):
        return True
    return any(_returns(c) for c in ast.iter_child_nodes(node)
               if not isinstance(c, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)))


def _guard_rest(body, holds, flag):
    """Statements after one that may set `flag` run only if it is not set."""
    for i, stmt in enumerate(body):
        if holds(stmt) and i + 1 < len(body):
            rest = _guard_rest(body[i + 1:], holds, flag)
            guard = ast.If(test=_not(flag), body=rest, orelse=[])
            ast.copy_location(guard, body[i + 1])
            return body[:i + 1] + [guard]
    return body


# ---- 2. returns ----

class ReturnLowering(ast.NodeTransformer):
    """``return x`` inside compound statements: set the value and the flag, skip the rest."""

    def lower(self, fn):
        nested = any(_returns(s) for s in fn.body
                     if not isinstance(s, ast.Return))
        if not nested:
            return fn
        self.generic_visit(fn)
        fn.body = ([_assign(DO_RETURN, ast.Constant(False)),
                    _assign(RETVAL, _call("UndefinedReturnValue"))]
                   + self._block(fn.body) + [ast.Return(value=_call("retval", _name(RETVAL)))])
        return fn

    @staticmethod
    def _block(body):
        return _guard_rest(body, lambda s: _sets(s, DO_RETURN), DO_RETURN)

    def visit_Return(self, node):
        value = node.value if node.value is not None else ast.Constant(None)
        return [ast.copy_location(_assign(RETVAL, value), node),
                ast.copy_location(_assign(DO_RETURN, ast.Constant(True)), node)]

    def _visit_compound(self, node):
        self.generic_visit(node)
        for field in ("body", "orelse", "finalbody"):
            if hasattr(node, field):
                setattr(node, field, self._block(getattr(node, field)))
        if isinstance(node, (ast.For, ast.While)) and any(_sets(s, DO_RETURN) for s in node.body):
            node.kiln_stops_on = [DO_RETURN]  # the loop stops once returned (BreakContinueLowering)
        return node

    visit_If = visit_With = visit_Try = visit_For = visit_While = _visit_compound

    def visit_FunctionDef(self, node):
        return node  # a nested function returns for itself

    visit_AsyncFunctionDef = visit_Lambda = visit_FunctionDef


# ---- 3. break and continue ----

class BreakContinueLowering(ast.NodeTransformer):
    def __init__(self):
        self._ids = itertools.count()
        self._flags = []  # (break flag, continue flag) of the loops being visited

    def _loop(self, node):
        n = next(self._ids)
        brk, cont = f"__kiln_break_{n}", f"__kiln_continue_{n}"
        self._flags.append((brk, cont))
        node.body = [self.visit(s) for s in node.body]
        node.body = [x for s in node.body for x in (s if isinstance(s, list) else [s])]
        self._flags.pop()
        node.orelse = [x for s in node.orelse for x in _as_list(self.visit(s))]
        breaks = any(_sets(s, brk) for s in node.body)
        continues = any(_sets(s, cont) for s in node.body)
        before, after = [], []
        if continues:
            node.body = ([_assign(cont, ast.Constant(False))]
                         + _guard_rest(node.body, lambda s: _sets(s, cont), cont))
            before.append(_assign(cont, ast.Constant(False)))  # a loop variable from the start
        stop_flags = []
        if breaks:
            node.body = _guard_rest(node.body, lambda s: _sets(s, brk), brk)
            before.append(_assign(brk, ast.Constant(False)))
            stop_flags.append(brk)
        stop_flags += getattr(node, "kiln_stops_on", [])
        node.kiln_stops_on = stop_flags
        if node.orelse:  # runs when the loop was not broken (nor returned from)
            after = ([ast.If(test=_stopped_test(stop_flags, negate=True), body=node.orelse, orelse=[])]
                     if stop_flags else node.orelse)
            node.orelse = []
        for s in before + after:
            ast.copy_location(s, node)
        return before + [node] + after

    visit_For = visit_While = _loop

    def visit_Break(self, node):
        return ast.copy_location(_assign(self._flags[-1][0], ast.Constant(True)), node)

    def visit_Continue(self, node):
        return ast.copy_location(_assign(self._flags[-1][1], ast.Constant(True)), node)

    def visit_FunctionDef(self, node):
        return node  # converted on its own (transform)

    visit_AsyncFunctionDef = visit_FunctionDef


def _as_list(x):
    return x if isinstance(x, list) else [x]


def _stopped_test(flags, negate):
    """``not (f1 or f2 ...)`` as operator calls (negate), else ``f1 or f2``."""
    test = _name(flags[-1])
    for f in reversed(flags[:-1]):
        test = _call("or_", _lambda(_name(f)), _lambda(test))
    return _call("not_", test) if negate else test


# ---- 4. if, while, for ----

def assigned_names(stmts):
    """Names a block binds, not counting nested functions' own (but their names)."""
    names = set()

    def visit(node):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            return
        elif isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
                               ast.GeneratorExp)):
            return
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for a in node.names:
                names.add((a.asname or a.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        for child in ast.iter_child_nodes(node):
            visit(child)

    for s in stmts:
        visit(s)
    return {n for n in names if not n.startswith(FN_PREFIX)}


class ControlFlowTransformer(ast.NodeTransformer):
    """An if or loop passes on only the variables read outside it (or flags): a
    variable used only inside (a loop's index, a temporary) is no loop variable
    and no cond output, as with TF's liveness analysis."""

    def __init__(self, fn_node):
        self._ids = itertools.count()
        self._loads = {}  # name -> ids of the Name nodes that read it
        for node in ast.walk(fn_node):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                self._loads.setdefault(node.id, set()).add(id(node))

    def _live(self, names, statement, carried=()):
        inside = {id(n) for n in ast.walk(statement)}
        return sorted(n for n in names if n.startswith("__kiln_") or n in carried
                      or self._loads.get(n, set()) - inside)

    @staticmethod
    def _carried(body, tests, first_assigned=()):
        """Names a loop reads before an iteration assigns them: in its test, or in its
        body before a plain assignment at the body's top level (conservatively)."""
        assigned, carried = set(first_assigned), set()
        for test in tests:
            carried |= {n.id for n in ast.walk(test) if isinstance(n, ast.Name)}
        for stmt in body:
            reads = {n.id for n in ast.walk(stmt)
                     if isinstance(n, ast.Name) and (isinstance(n.ctx, ast.Load)
                                                     or isinstance(stmt, ast.AugAssign))}
            carried |= reads - assigned
            if isinstance(stmt, ast.Assign):
                assigned |= assigned_names([stmt])
        return carried

    def visit_FunctionDef(self, node):
        return node  # converted on its own (transform)

    visit_AsyncFunctionDef = visit_FunctionDef

    def _def(self, name, params, body, returns):
        args = ast.arguments(posonlyargs=[], args=[ast.arg(arg=p) for p in params], vararg=None,
                             kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])
        body = list(body) or [ast.Pass()]
        if returns is not None:
            body.append(ast.Return(value=returns))
        return ast.FunctionDef(name=name, args=args, body=body, decorator_list=[], returns=None,
                               type_comment=None)

    @staticmethod
    def _state(names):
        return ast.Tuple(elts=[_name(n) for n in names], ctx=ast.Load())

    @staticmethod
    def _current(names):
        """The variables' values now (an unbound one reads as undefined)."""
        return ast.Tuple(elts=[_call("ld", _lambda(_name(n)), ast.Constant(n)) for n in names],
                         ctx=ast.Load())

    @staticmethod
    def _strings(names):
        return ast.Tuple(elts=[ast.Constant(n) for n in names], ctx=ast.Load())

    def _result(self, names, call, node):
        if names:
            stmt = ast.Assign(targets=[ast.Tuple(elts=[_name(n, True) for n in names],
                                                 ctx=ast.Store())], value=call)
        else:
            stmt = ast.Expr(call)
        return ast.copy_location(stmt, node)

    def visit_If(self, node):
        self.generic_visit(node)
        n = next(self._ids)
        true_names, false_names = assigned_names(node.body), assigned_names(node.orelse)
        names = self._live(true_names | false_names, node)
        true_fn, false_fn = f"{FN_PREFIX}if_true_{n}", f"{FN_PREFIX}if_false_{n}"
        defs = [self._def(true_fn, names, node.body, self._state(names)),
                self._def(false_fn, names, node.orelse, self._state(names))]
        call = _call("if_stmt", node.test, _name(true_fn), _name(false_fn), self._current(names),
                     self._strings(names), self._strings(sorted(true_names)),
                     self._strings(sorted(false_names)), _where(node))
        return [ast.copy_location(d, node) for d in defs] + [self._result(names, call, node)]

    def _loop_options(self, node):
        """set_loop_options(...) as the loop body's first statement: its arguments, evaluated
        before the loop (shape invariants name the variables' values there)."""
        first = node.body[0] if node.body else None
        if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Call)
                and isinstance(first.value.func, ast.Attribute)
                and first.value.func.attr == "converted_call"
                and isinstance(first.value.args[0], ast.Attribute | ast.Name)):
            target = first.value.args[0]
            name = target.attr if isinstance(target, ast.Attribute) else target.id
            if name == "set_loop_options":  # converted_call(set_loop_options, (), {...})
                node.body = node.body[1:]
                return first.value.args[2]
        return ast.Constant(None)

    def visit_While(self, node):
        self.generic_visit(node)
        n = next(self._ids)
        options = self._loop_options(node)
        names = self._live(assigned_names(node.body), node, self._carried(node.body, [node.test]))
        stop = getattr(node, "kiln_stops_on", [])
        test = node.test
        if stop:  # a loop that may break (or return) stops first on its flags
            test = _call("and_", _lambda(_stopped_test(stop, negate=True)), _lambda(test))
        test_fn, body_fn = f"{FN_PREFIX}while_test_{n}", f"{FN_PREFIX}while_body_{n}"
        defs = [self._def(test_fn, names, [], test),
                self._def(body_fn, names, node.body, self._state(names))]
        call = _call("while_stmt", _name(test_fn), _name(body_fn), self._current(names),
                     self._strings(names), options, _where(node))
        return [ast.copy_location(d, node) for d in defs] + [self._result(names, call, node)]

    def visit_For(self, node):
        self.generic_visit(node)
        n = next(self._ids)
        options = self._loop_options(node)
        names = self._live(assigned_names(node.body) | assigned_names([node.target]), node,
                           self._carried(node.body, [], assigned_names([node.target])))
        stop = getattr(node, "kiln_stops_on", [])
        item = f"__kiln_item_{n}"
        body_fn = f"{FN_PREFIX}for_body_{n}"
        bind = ast.Assign(targets=[node.target], value=_name(item))
        ast.copy_location(bind, node)
        defs = [self._def(body_fn, [item] + names, [bind] + node.body, self._state(names))]
        test = ast.Constant(None)
        if stop:
            test_fn = f"{FN_PREFIX}for_test_{n}"
            defs.append(self._def(test_fn, names, [], _stopped_test(stop, negate=True)))
            test = _name(test_fn)
        call = _call("for_stmt", node.iter, test, _name(body_fn), self._current(names),
                     self._strings(names), options, _where(node))
        return [ast.copy_location(d, node) for d in defs] + [self._result(names, call, node)]


class ReturnValueCheck(ast.NodeTransformer):
    """``return x`` → ``return ag__.retval(x)``: a value undefined on this path raises
    the error that says why (not the caller's "cannot convert")."""

    def visit_Return(self, node):
        if node.value is not None:
            node.value = ast.copy_location(_call("retval", node.value), node.value)
        return node

    def visit_FunctionDef(self, node):
        return node  # nested functions are converted on their own

    visit_AsyncFunctionDef = visit_Lambda = visit_FunctionDef


class _NestedFunctions(ast.NodeVisitor):
    """Converts each function defined inside the one being converted, on its own."""

    def visit_FunctionDef(self, node):
        transform(node, keep_decorators=True)
        # Marked converted, so that calling it does not convert its source again.
        node.decorator_list.append(_ag("converted"))

    def visit_Lambda(self, node):
        pass


def transform(fn_node, keep_decorators=False):
    """The converted FunctionDef of `fn_node` (changed in place); the functions it
    defines are converted first, each as a function of its own."""
    if not keep_decorators:
        fn_node.decorator_list = []  # the function object was decorated already
    for stmt in fn_node.body:
        _NestedFunctions().visit(stmt)
    args = fn_node.args.posonlyargs + fn_node.args.args
    first = args[0].arg if args else None
    fn_node.body = [ExpressionTransformer(first).visit(s) for s in fn_node.body]
    fn_node = ReturnLowering().lower(fn_node)
    if not any(isinstance(s, ast.Assign) and _sets(s, DO_RETURN) for s in fn_node.body):
        fn_node.body = [ReturnValueCheck().visit(s) for s in fn_node.body]
    fn_node.body = [x for s in fn_node.body for x in _as_list(BreakContinueLowering().visit(s))]
    cf = ControlFlowTransformer(fn_node)
    fn_node.body = [x for s in fn_node.body for x in _as_list(cf.visit(s))]
    return ast.fix_missing_locations(fn_node)
