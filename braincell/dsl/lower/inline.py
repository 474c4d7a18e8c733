"""Pass 2: run a block symbolically, inlining FUNCTION and PROCEDURE calls.

The :class:`Executor` walks the statements of a block the way NEURON would run them and
records straight-line code: every assignment becomes an SSA :class:`~.ir.Assign` to a new
temporary, LOCALs and arguments are bindings, ``if``/``else`` evaluates both branches and
merges the values with ``Piecewise`` (the branch condition is kept as the guard of the code
in the branch), FROM loops with constant bounds are unrolled, array elements with constant
indices are plain variables. The result is a :class:`~.ir.Program` whose ``results`` are the
mechanism variables the block wrote. Nothing in the .mod file is evaluated.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import sympy

from .. import ast as A
from ..symbols import BUILTIN_FUNCTIONS
from . import arrays, randoms
from ._report import Reporter
from .arrays import Elem, Pack, int_expr
from .expr import (
    IGNORED_CALLS,
    PI,
    RANDOM_FUNCTIONS,
    as_bool,
    as_num,
    binary,
    builtin,
    number,
)
from .interface import Interface
from .ir import (
    FLAG,
    TRUE,
    Assign,
    Compartment,
    Conserve,
    Flux,
    Item,
    Prime,
    Program,
    Reaction,
    Send,
    arg,
    env,
    ion,
    param,
    state,
    sym,
)
from .loops import runtime_loop

_IGNORED_STMTS = (A.Conductance, A.UnitsSwitch, A.Comment, A.MutexLock, A.MutexUnlock, A.Table)


class Temps:
    """Fresh temporary symbols, unique within one mechanism."""

    def __init__(self) -> None:
        self._count = itertools.count()
        self.sites = 0  # random-draw call sites numbered so far

    def new(self, prefix: str = "_t") -> sympy.Symbol:
        return sym(f"{prefix}{next(self._count)}")

    def site(self) -> int:
        """A new random-draw call site (:mod:`.randoms`)."""
        self.sites += 1
        return self.sites - 1


class Executor:
    """Symbolic execution of NMODL statements for one mechanism block.

    ``mode`` decides what a global name reads before the block writes it: ``"initial"``
    (states start at 0, or at the ion's value for concentrations), ``"step"`` (the stored
    values ``s.x``) or ``"net_receive"`` (as ``"step"``, plus arguments and ``flag``).
    ``on_solve(executor, stmt)`` handles SOLVE statements met on the way (INITIAL's
    STEADYSTATE), ``on_table`` replaces calls to functions with a TABLE (``tables=True``).
    """

    def __init__(self, iface: Interface, report: Reporter, temps: Temps, mode: str = "step",
                 on_solve: Callable | None = None, on_table: Callable | None = None,
                 on_prime: Callable | None = None, args: tuple[str, ...] = ()) -> None:
        self.iface = iface
        self.report = report
        self.temps = temps
        self.mode = mode
        self.on_solve = on_solve
        self.on_table = on_table
        self.on_prime = on_prime
        self.on_equation: Callable | None = None  # LINEAR/NONLINEAR: (executor, Equation)
        self.args = args
        self.items: list[Item] = []
        self.globals: dict[str, sympy.Expr] = {}
        self.written: dict[str, None] = {}
        self.scopes: list[list[dict[str, sympy.Expr]]] = [[{}]]
        self.guard = TRUE
        self.calls: list[str] = []
        self.last_flux: tuple[sympy.Symbol, sympy.Symbol] | None = None  # f_flux, b_flux
        self.loop_depth = 0  # > 0 inside a FROM loop with run-time bounds
        self.local_sizes: dict[str, int] = {}  # LOCAL arrays
        self.on_watch: Callable | None = None  # NET_RECEIVE: (executor, WatchItem)
        self.arms: list = []  # (condition, guard, above) of each WATCH item run (.watch)

    # ------------------------------------------------------------------ values
    def bind(self, value) -> sympy.Expr:
        """An atom for ``value``: itself if it is one, else a new temporary."""
        value = as_num(value)
        if value.is_Symbol or value.is_Number:
            return value
        target = self.temps.new()
        self.items.append(Assign(target, value, self.guard))
        return target

    def initial_value(self, name: str) -> sympy.Expr:
        iface, kind = self.iface, self.iface.kind_of(name)
        if kind == "env":
            return env(name)
        if kind == "constant":
            return sympy.Float(iface.constants[name])
        if kind == "ion" and _own_current(iface, name):
            # a current the mechanism writes but does not READ is its own variable (the
            # value its BREAKPOINT stored), not the ion's total
            return sympy.Integer(0) if self.mode == "initial" else state(name)
        if kind == "ion" or (kind == "state" and name in iface.ion_vars):
            return ion(name)
        if kind == "param":
            if self.mode != "initial" and name.split("[")[0] in iface.written_params:
                return state(name)
            return param(name)
        if kind == "state" and self.mode == "initial":
            # nocmodl starts each STATE x at x0 before INITIAL: a PARAMETER x0 where the
            # file declares one, else a hidden global that is 0
            base = name.split("[")[0]
            if any(p.name == f"{base}0" for p in iface.parameters):
                return param(f"{base}0")
            return sympy.Integer(0)
        if kind in ("state", "assigned", "current"):
            return sympy.Integer(0) if self.mode == "initial" else state(name)
        return None

    def read(self, name: str, span) -> sympy.Expr:
        for scope in reversed(self.scopes[-1]):
            if name in scope:
                return scope[name]
        if name in self.globals:
            return self.globals[name]
        if self.mode in ("net_receive", "net_receive_init"):
            if name == "flag":
                return FLAG
        value = self.initial_value(name)
        if value is None:
            if name in ("PI", "pi"):
                return PI
            if name == "secondorder":
                return sympy.Integer(0)
            if name in ("f_flux", "b_flux"):
                if self.last_flux is None:
                    self.report.fatal("E513", f"{name} before any reaction", span)
                return self.last_flux[0 if name == "f_flux" else 1]
            if name in self.iface.arrays:
                self.report.fatal("E510", f"array '{name}' is used without an index", span)
            if name in self.iface.randoms:
                self.report.fatal("E505", f"the RANDOM variable '{name}' has no value; use "
                                  "it only as the first argument of random_negexp(), "
                                  "random_uniform(), random_normal()...", span)
            self.report.fatal("E516", f"'{name}' has no value here (braincell does not know "
                              "it)", span)
        self.globals[name] = value
        return value

    def write(self, name: str, value, span) -> None:
        value = self.bind(value)
        for scope in reversed(self.scopes[-1]):
            if name in scope:
                scope[name] = value
                return
        if self.iface.kind_of(name) is None and name not in self.globals:
            self.report.fatal("E516", f"cannot assign '{name}': it is not a variable of this "
                              "mechanism", span)
        if name == "v":  # NEURON assigns the mechanism's own copy of v, not the membrane's
            self.globals[name] = value
            return
        if self.iface.kind_of(name) in ("env", "constant"):
            self.report.fatal("E517", f"cannot assign '{name}' ({self.iface.kind_of(name)})",
                              span)
        self.globals[name] = value
        self.written[name] = None

    def rebind(self, name: str, value, span) -> None:
        """``write`` without binding ``value`` to a temporary (an array element)."""
        for scope in reversed(self.scopes[-1]):
            if name in scope:
                scope[name] = value
                return
        if self.iface.kind_of(name) in ("env", "constant", None):
            self.report.fatal("E517", f"cannot assign '{name}'", span)
        self.globals[name] = value
        self.written[name] = None

    def size_of(self, name: str) -> int | None:
        return self.local_sizes.get(name, self.iface.arrays.get(name))

    def index(self, node: A.Indexed):
        """``(name, size, index)``: the index as nocmodl's integer expression."""
        name = node.target.id
        size = self.size_of(name)
        if size is None:
            self.report.fatal("E510", f"'{name}' is not an array", node.span)
        return name, size, int_expr(self, node.index)

    def element(self, node: A.Indexed) -> str:
        """The variable of an element at a constant index."""
        name, size, index = self.index(node)
        if not index.is_Number:
            self.report.fatal("E510", f"the index of '{name}' must be a constant here",
                              node.span)
        k = int(index)
        if not 0 <= k < size:
            self.report.fatal("E510", f"index {k} is outside '{name}[{size}]'", node.span)
        return f"{name}[{k}]"

    def read_element(self, node: A.Indexed):
        name, size, index = self.index(node)
        if not index.is_Number:
            return arrays.read(self, name, size, index)
        k = int(index)
        if not 0 <= k < size:
            self.report.fatal("E510", f"index {k} is outside '{name}[{size}]'", node.span)
        return self.read(f"{name}[{k}]", node.span)

    # ------------------------------------------------------------------ expressions
    def expr(self, node: A.Node):
        if isinstance(node, A.Number):
            return number(node.text)
        if isinstance(node, A.Name):
            return self.read(node.id, node.span)
        if isinstance(node, A.Indexed):
            return self.read_element(node)
        if isinstance(node, A.UnaryOp):
            value = self.expr(node.operand)
            return sympy.Not(as_bool(value)) if node.op == "!" else -as_num(value)
        if isinstance(node, A.BinaryOp):
            return binary(node.op, self.expr(node.left), self.expr(node.right))
        if isinstance(node, A.Call):
            return self.call(node)
        if isinstance(node, A.Prime):
            self.report.fatal("E513", f"{node.id}' can only be assigned", node.span)
        self.report.fatal("E513", f"{type(node).__name__} is not supported in an expression",
                          node.span)

    def call(self, node: A.Call):
        name = node.func
        block = self.iface.callables.get(name)
        if block is not None:
            return self.call_user(block, node)
        if name in randoms.NAMES:
            return randoms.lower_call(self, node)
        if name in RANDOM_FUNCTIONS:
            self.report.fatal("E515", f"{name}() is not supported (braincell draws random "
                              "numbers only with the functions listed in "
                              "docs/importing-neuron.md)", node.span)
        if name in IGNORED_CALLS:
            return sympy.Integer(0)
        if name in ("net_send", "net_event"):
            return self.net_call(node)
        if name in ("net_move", "first_time", "error"):
            self.report.fatal("E513", f"{name}() is not supported", node.span)
        args = [self.expr(a) for a in node.args if not isinstance(a, A.String)]
        value = builtin(name, args, self.read("celsius", node.span))
        if value is None:
            known = "a NEURON built-in" if name in BUILTIN_FUNCTIONS else "unknown"
            self.report.fatal("E508", f"{name}() is {known} and braincell cannot lower it",
                              node.span)
        return value

    def call_user(self, block, node: A.Call):
        if block.name in self.calls:
            chain = " -> ".join([*self.calls[self.calls.index(block.name):], block.name])
            self.report.fatal("E509", f"recursive call {chain}: braincell inlines FUNCTION and "
                              "PROCEDURE calls, so they cannot call themselves", node.span)
        if len(node.args) != len(block.params):
            self.report.fatal("E204", f"{block.name}() takes {len(block.params)} arguments",
                              node.span)
        values = [self.bind(self.expr(a)) for a in node.args]
        if self.on_table is not None:
            result = self.on_table(self, block, values, node)
            if result is not None:
                return result
        return self.inline(block, values)

    def inline(self, block, values):
        frame = {p.name: v for p, v in zip(block.params, values)}
        if isinstance(block, A.FunctionBlock):
            frame[block.name] = sympy.Integer(0)
        self.scopes.append([frame])
        self.calls.append(block.name)
        try:
            self.block(block.body)
            result = self.scopes[-1][0].get(block.name, sympy.Integer(0))
        finally:
            self.calls.pop()
            self.scopes.pop()
        return result

    def no_loop(self, what: str, span) -> None:
        if self.loop_depth:
            self.report.fatal("E510", f"{what} cannot be in a FROM loop whose bounds are known "
                              "only at run time", span)

    def net_call(self, node: A.Call):
        self.no_loop(f"{node.func}()", node.span)
        if self.mode not in ("net_receive", "initial", "net_receive_init"):
            self.report.fatal("E513", f"{node.func}() is allowed only in NET_RECEIVE and "
                              "INITIAL", node.span)
        args = [as_num(self.expr(a)) for a in node.args]
        if node.func == "net_send":
            self.items.append(Send("send", self.bind(args[0]), self.bind(args[1]), self.guard))
        else:
            self.items.append(Send("event", self.bind(args[0]), sympy.Integer(0), self.guard))
        return sympy.Integer(0)

    # ------------------------------------------------------------------ statements
    def block(self, block: A.Block) -> None:
        self.scopes[-1].append({})
        try:
            for stmt in block.statements:
                self.stmt(stmt)
        finally:
            self.scopes[-1].pop()

    def stmt(self, st: A.Node) -> None:
        if isinstance(st, A.Local):
            for var in st.variables:
                size = var.size and self.iface.constants.get(var.size, var.size)
                if size is not None:
                    self.local_sizes[var.name] = int(size)
                names = [var.name] if size is None else [f"{var.name}[{k}]" for k in range(int(size))]
                for n in names:
                    self.scopes[-1][-1][n] = sympy.Integer(0)
        elif isinstance(st, A.Assign):
            self.assign(st)
        elif isinstance(st, A.Protect):
            self.assign(st.assign)
        elif isinstance(st, A.CallStmt):
            self.expr(st.call)
        elif isinstance(st, A.Block):
            self.block(st)
        elif isinstance(st, A.If):
            self.if_(st.condition, st.body, list(st.elifs), st.orelse)
        elif isinstance(st, A.FromLoop):
            self.from_loop(st)
        elif isinstance(st, A.Solve):
            self.no_loop("SOLVE", st.span)
            if self.on_solve is None:
                self.report.fatal("E513", "SOLVE is allowed only in BREAKPOINT and INITIAL",
                                  st.span)
            self.on_solve(self, st)
        elif isinstance(st, A.Reaction):
            self.no_loop("a kinetic statement", st.span)
            self.reaction(st)
        elif isinstance(st, A.Flux):
            self.no_loop("a kinetic statement", st.span)
            self.flux(st)
        elif isinstance(st, A.Conserve):
            self.no_loop("a kinetic statement", st.span)
            terms = tuple((self.species_name(s), self.coefficient(s)) for s in st.species)
            self.items.append(Conserve(terms, self.bind(self.expr(st.value))))
        elif isinstance(st, A.Compartment):
            self.no_loop("a kinetic statement", st.span)
            self.compartment(st)
        elif isinstance(st, _IGNORED_STMTS):
            return
        elif isinstance(st, A.InitialStmt):
            if self.mode == "net_receive_init":
                self.block(st.body)
        elif isinstance(st, A.Verbatim):
            self.report.fatal("E501", "VERBATIM blocks hold C code that braincell cannot run; "
                              "rewrite it in NMODL", st.span)
        elif isinstance(st, A.While):
            self.report.fatal("E507", "WHILE loops are not supported (their trip count is not "
                              "known before the run); use FROM with constant bounds", st.span)
        elif isinstance(st, A.Watch):
            if self.on_watch is None:
                self.report.fatal("E506", "WATCH is allowed only in NET_RECEIVE", st.span)
            for item in st.items:
                self.on_watch(self, item)
        elif isinstance(st, A.Equation):
            if self.on_equation is None:
                self.report.fatal("E513", "'~' equations are solved only in LINEAR and "
                                  "NONLINEAR blocks", st.span)
            self.no_loop("a '~' equation", st.span)
            self.on_equation(self, st)
        else:
            keyword = type(st).__name__
            self.report.fatal("E513", f"{keyword} statements are not supported", st.span)

    def assign(self, st: A.Assign) -> None:
        value = self.expr(st.value)
        target = st.target
        if isinstance(target, A.Prime) or (isinstance(target, A.Indexed)
                                           and isinstance(target.target, A.Prime)):
            self.prime(target, value)
            return
        if isinstance(target, A.Indexed):
            name, size, index = self.index(target)
            if not index.is_Number:
                arrays.write(self, name, size, index, value, st.span)
                return
            name = self.element(target)
        else:
            name = target.id
        self.write(name, value, st.span)

    def prime(self, target, value) -> None:
        if isinstance(target, A.Indexed):
            name = self.element(target)
            order = target.target.order
        else:
            name, order = target.id, target.order
        if order != 1:
            self.report.fatal("E513", "higher-order derivatives are not supported", target.span)
        self.no_loop("a derivative", target.span)
        if self.on_prime is not None:
            self.on_prime(self, name, self.bind(value), target.span)
        else:
            self.items.append(Prime(name, self.bind(value), target.span))

    def if_(self, condition, body, elifs, orelse) -> None:
        cond = as_bool(self.expr(condition))
        outer = self.guard
        before = self._snapshot()
        self.guard = sympy.And(outer, cond)
        self.block(body)
        then = self._snapshot()
        self._restore(before)
        self.guard = sympy.And(outer, sympy.Not(cond))
        if elifs:
            first = elifs[0]
            self.if_(first.condition, first.body, elifs[1:], orelse)
        elif orelse is not None:
            self.block(orelse)
        other = self._snapshot()
        self.guard = outer
        self._restore(self._merge(cond, then, other, before))

    def _snapshot(self):
        return (dict(self.globals), [[dict(s) for s in chain] for chain in self.scopes],
                dict(self.written))

    def _restore(self, snap) -> None:
        globals_, scopes, written = snap
        self.globals = dict(globals_)
        self.scopes = [[dict(s) for s in chain] for chain in scopes]
        self.written = dict(written)

    def _merge(self, cond, a, b, before):
        def pick(x, y):
            if x == y:
                return x
            return self.bind(sympy.Piecewise((x, cond), (y, True), evaluate=False))

        def merge(names, get_a, get_b, get_before):
            out = {}
            groups: dict[str, list[str]] = {}
            for name in names:
                if "[" in name:
                    groups.setdefault(name.split("[")[0], []).append(name)
            done = set()
            for base, members in groups.items():
                members.sort(key=lambda n: int(n[n.index("[") + 1:-1]))
                if len(members) != self.size_of(base):
                    continue
                merged = self._merge_array(cond, [get_a(n) for n in members],
                                           [get_b(n) for n in members],
                                           [get_before(n) for n in members])
                if merged is not None:
                    out.update(zip(members, merged))
                    done.update(members)
            for name in names:
                if name not in done:
                    out[name] = pick(get_a(name), get_b(name))
            return out

        def value(snap, name):
            x = snap[0].get(name)
            return self.initial_value(name) if x is None else x

        names = list(dict.fromkeys([*a[0], *b[0]]))
        globals_ = merge(names, lambda n: value(a, n), lambda n: value(b, n),
                         lambda n: value(before, n))
        scopes = [[merge(list(sa), sa.__getitem__, sb.__getitem__,
                         lambda n, s=s0: s.get(n)) for sa, sb, s0 in zip(ca, cb, c0)]
                  for ca, cb, c0 in zip(a[1], b[1], before[1])]
        return globals_, scopes, {**a[2], **b[2]}

    def _merge_array(self, cond, xs, ys, olds):
        """The elements of an array after ``if``, merged as one array value when a branch
        changed it through run-time indices (None: merge element by element)."""
        if xs == ys or len(xs) != len(ys):
            return None

        def source(values):
            if not all(isinstance(v, Elem) for v in values):
                return None
            arr = values[0].args[0]
            if all(v.args == (arr, sympy.Integer(k)) for k, v in enumerate(values)):
                return arr
            return None

        x, y = source(xs), source(ys)
        if x is None and y is None:
            return None
        # a branch that only stored (under its guard) into the array as it was before
        for new, unchanged in ((x, ys), (y, xs)):
            if new is not None and unchanged == olds and self._stores_onto(new, olds):
                return [Elem(new, sympy.Integer(k)) for k in range(len(xs))]
        x = x if x is not None else self._pack(xs)
        y = y if y is not None else self._pack(ys)
        target = self.temps.new("_a")
        self.items.append(Assign(target, sympy.Piecewise((x, cond), (y, True), evaluate=False)))
        return [Elem(target, sympy.Integer(k)) for k in range(len(xs))]

    def _pack(self, values) -> sympy.Symbol:
        target = self.temps.new("_a")
        self.items.append(Assign(target, Pack(*[as_num(v) for v in values])))
        return target

    def _stores_onto(self, arr, olds) -> bool:
        defs = {i.target: i.value for i in self.items if isinstance(i, Assign)}
        if any(v is None for v in olds):
            return False
        base = olds[0].args[0] if isinstance(olds[0], Elem) else None
        while True:
            value = defs.get(arr)
            if base is not None and arr == base:
                return True
            if isinstance(value, Pack):
                return list(value.args) == [as_num(v) for v in olds]
            if not isinstance(value, arrays.Store):
                return False
            arr = value.args[0]

    def from_loop(self, st: A.FromLoop) -> None:
        """Unrolled when the bounds are constants, else a bounded loop (:mod:`.loops`)."""
        start, stop, step = (int_expr(self, e) if e is not None else sympy.Integer(1)
                             for e in (st.start, st.stop, st.step))
        if not step.is_Number or int(step) == 0:
            self.report.fatal("E510", "the step of a FROM loop must be a nonzero constant",
                              st.span)
        step = int(step)
        if not (start.is_Number and stop.is_Number):
            runtime_loop(self, st, start, stop, step)
            return
        start, stop = int(start), int(stop)
        for k in range(start, stop + (1 if step > 0 else -1), step):
            self.scopes[-1].append({st.variable: sympy.Integer(k)})
            try:
                self.block(st.body)
            finally:
                self.scopes[-1].pop()

    # ------------------------------------------------------------------ kinetic schemes
    def species_name(self, s: A.Species) -> str:
        t = s.target
        return self.element(t) if isinstance(t, A.Indexed) else t.id

    def fixed_species(self, species) -> tuple:
        """Species that are not STATEs (ion concentrations...): constants in the scheme."""
        states = {v.name for v in self.iface.states}
        out = []
        for s in species:
            name = self.species_name(s)
            if name not in states:
                out.append((name, self.read(name, s.span)))
        return tuple(out)

    def coefficient(self, s: A.Species) -> sympy.Expr:
        return sympy.Integer(int(s.coefficient)) if s.coefficient else sympy.Integer(1)

    def reaction(self, st: A.Reaction) -> None:
        lhs = tuple((self.species_name(s), int(s.coefficient or 1)) for s in st.reactants)
        rhs = tuple((self.species_name(s), int(s.coefficient or 1)) for s in st.products)
        kf = self.bind(self.expr(st.forward))
        kb = self.bind(self.expr(st.backward)) if st.backward is not None else sympy.Integer(0)
        ff, fb = self.temps.new("_ff"), self.temps.new("_fb")
        fixed = self.fixed_species((*st.reactants, *st.products))
        self.items.append(Reaction(lhs, rhs, kf, kb, ff, fb, fixed))
        self.last_flux = (ff, fb)

    def flux(self, st: A.Flux) -> None:
        rate = self.bind(self.expr(st.rate))
        ff, fb = self.temps.new("_ff"), self.temps.new("_fb")
        self.last_flux = (ff, fb)
        if st.direction == "->":  # ~ A -> (k): the reaction A -> nothing (nocmodl)
            lhs = tuple((self.species_name(s), int(s.coefficient or 1)) for s in st.species)
            self.items.append(Reaction(lhs, (), rate, sympy.Integer(0), ff, fb,
                                       self.fixed_species(st.species)))
            return
        if st.direction != "<<":
            self.report.fatal("E513", f"'~ x {st.direction} (rate)' is not supported; write "
                              "the reaction with '<->' or a flux with '<<'", st.span)
        states = {v.name for v in self.iface.states}
        names = [self.species_name(s) for s in st.species]
        if len(names) != 1 or names[0] not in states:
            self.report.fatal("E513", "'~ x << (rate)' needs exactly one STATE x (NEURON: "
                              "\"must be (solved) STATE in flux reaction\")", st.span)
        self.items.append(Flux(names[0], rate, ff, fb))

    def compartment(self, st: A.Compartment) -> None:
        names = []
        if st.index is None:
            volume = self.bind(self.expr(st.volume))
            for n in st.species:
                size = self.iface.arrays.get(n)
                names += [n] if size is None else [f"{n}[{k}]" for k in range(size)]
            self.items.append(Compartment(tuple(names), volume))
            return
        sizes = {self.iface.arrays.get(n) for n in st.species}
        if len(sizes) != 1 or None in sizes:
            self.report.fatal("E510", "an indexed COMPARTMENT needs array states of one size",
                              st.span)
        for k in range(sizes.pop()):
            self.scopes[-1].append({st.index: sympy.Integer(k)})
            volume = self.bind(self.expr(st.volume))
            self.scopes[-1].pop()
            self.items.append(Compartment(tuple(f"{n}[{k}]" for n in st.species), volume))

    # ------------------------------------------------------------------ result
    def program(self, names=None) -> Program:
        """The recorded items and the written variables (or ``names``) as results."""
        names = list(self.written) if names is None else names
        results = tuple((n, self.globals[n]) for n in names if n in self.globals)
        return Program(tuple(self.items), results)


def _own_current(iface: Interface, name: str) -> bool:
    return any(name == f"i{d.ion}" and name in d.write and name not in d.read for d in iface.ions)


def run_block(iface: Interface, report: Reporter, temps: Temps, body: A.Block, mode: str,
              **kw) -> Executor:
    """Execute ``body`` in a fresh executor and return it (items, globals, written)."""
    ex = Executor(iface, report, temps, mode, **kw)
    ex.block(body)
    return ex


__all__ = ["Executor", "Temps", "run_block", "arg", "param", "state", "ion", "env"]
