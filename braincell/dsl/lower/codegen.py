"""Pass 6: a :class:`~.ir.MechanismIR` as the source of a standalone Python module.

The module needs only ``jax``; it defines the mechanism's declarations (``NAME``,
``PARAMETERS``...) and the functions of the :class:`braincell.mech.Mechanism` interface
plus the NET_RECEIVE functions. Its text is built from validated identifiers, numbers and
fixed templates only (see :mod:`.printer`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import sympy

from .ir import Assign, Loop, MechanismIR, Newton, Program, Send, SparseSolve
from .printer import print_expr, symbol_code

_FASTEXP = Path(__file__).resolve().parents[2] / "_fastexp.py"

PRELUDE = '''\
import jax
import jax.numpy as jnp
import jax.scipy.special
from jax import lax


{fastexp}

def _exprelr(x):
    """x/(exp(x) - 1), equal to 1 - x/2 near 0 (smooth, no NaN in value or gradient)."""
    small = jnp.abs(x) < 1e-5
    safe = jnp.where(small, 1.0, x)
    return jnp.where(small, 1.0 - x / 2.0, safe / jnp.expm1(safe))


def _draw(env, kind, site, *params):
    """Call site ``site``'s random draw, one per instance (the shape of ``env.v``), from the
    key the engine gives the block: 0 uniform on [0, 1), 1 standard normal, 2 exponential of
    mean 1, 3 Poisson of mean ``params[0]``, 4 an integer uniform on [0, 2**32 - 1]."""
    if env.key is None:
        raise ValueError("this mechanism draws random numbers, but no random key reached it; "
                         "give the Env a key (a Simulation gives each step one, from its seed)")
    key = jax.random.fold_in(env.key, site)
    shape, dtype = jnp.shape(env.v), jnp.result_type(float)
    if kind == 0:
        return jax.random.uniform(key, shape, dtype)
    if kind == 1:
        return jax.random.normal(key, shape, dtype)
    if kind == 2:
        return jax.random.exponential(key, shape, dtype)
    if kind == 3:
        mean = jnp.broadcast_to(jnp.asarray(params[0], dtype), shape)
        return jax.random.poisson(key, mean, shape).astype(dtype)
    return jax.random.bits(key, shape, jnp.uint32).astype(dtype)


def _stack(values, like):
    """Stack scalars/arrays along a new first axis, broadcast to ``like``'s shape."""
    shape = jnp.shape(like)
    if not values:
        return jnp.zeros((0,) + shape)
    return jnp.stack([jnp.broadcast_to(jnp.asarray(v, dtype=jnp.result_type(float)), shape)
                      for v in values])


def _stack_bool(values, like):
    shape = jnp.shape(like)
    if not values:
        return jnp.zeros((0,) + shape, dtype=bool)
    return jnp.stack([jnp.broadcast_to(jnp.asarray(v, dtype=bool), shape) for v in values])


def _newton(residual, guess, iterations):
    """Solve residual(x) = 0 (a tuple of equations in a tuple of unknowns) per instance by
    Newton's method with the exact Jacobian (forward mode), a fixed number of times."""
    x = tuple(jnp.asarray(g, dtype=jnp.result_type(float)) for g in guess)
    r0 = residual(x)
    shape = jnp.broadcast_shapes(*[jnp.shape(v) for v in (*x, *r0)])
    x = tuple(jnp.broadcast_to(v, shape) for v in x)
    n = len(x)

    def fix(values):
        return tuple(jnp.broadcast_to(jnp.asarray(v, dtype=x[0].dtype), shape) for v in values)

    def step(_, x):
        r = jnp.stack(fix(residual(x)), axis=-1)
        columns = []
        for k in range(n):
            tangent = tuple(jnp.ones(shape) if j == k else jnp.zeros(shape) for j in range(n))
            _, column = jax.jvp(lambda u: fix(residual(u)), (x,), (tangent,))
            columns.append(jnp.stack(column, axis=-1))
        jac = jnp.stack(columns, axis=-1)
        if n == 1:
            dx = -r / jac[..., 0]
        else:
            dx = jnp.linalg.solve(jac, -r[..., None])[..., 0]
        return tuple(x[i] + dx[..., i] for i in range(n))

    if iterations == 1:
        return step(0, x)
    return lax.fori_loop(0, iterations, step, x)


def _pack(values):
    """An array of the values (first axis), broadcast to one shape."""
    values = [jnp.asarray(v, dtype=jnp.result_type(float)) for v in values]
    return jnp.stack(jnp.broadcast_arrays(*values))


def _elem(a, i):
    """a[i] per instance, i truncated as C's (int); outside the array, the nearest element."""
    a = jnp.asarray(a)
    shape = jnp.broadcast_shapes(a.shape[1:], jnp.shape(i))
    i = jnp.clip(jnp.broadcast_to(jnp.trunc(i), shape).astype(jnp.int32), 0, a.shape[0] - 1)
    a = jnp.broadcast_to(a, a.shape[:1] + shape)
    return jnp.take_along_axis(a, i[None], axis=0)[0]


def _store(a, i, value, where):
    """a with a[i] = value where ``where`` holds; nothing is written outside the array."""
    a = jnp.asarray(a, dtype=jnp.result_type(float))
    n = a.shape[0]
    shape = jnp.broadcast_shapes(a.shape[1:], jnp.shape(i), jnp.shape(value), jnp.shape(where))
    i = jnp.broadcast_to(jnp.trunc(i), shape).astype(jnp.int32)
    i = jnp.where(jnp.broadcast_to(where, shape) & (i >= 0) & (i < n), i, n)
    flat = jnp.broadcast_to(a, (n,) + shape).reshape(n, -1)
    value = jnp.broadcast_to(value, shape).reshape(-1)
    flat = flat.at[i.reshape(-1), jnp.arange(flat.shape[1])].set(value, mode="drop")
    return flat.reshape((n,) + shape)


def _loop(body, start, stop, step, trips, init, masked, chunk=16):
    """A FROM loop with run-time bounds: k = start, start + step, ... while k <= stop
    (k >= stop for a negative step), at most ``trips`` iterations; ``body(k, carried)``
    returns the new carried values, kept only for active iterations where ``masked``.
    Chunks of iterations in which no instance is active are skipped."""
    start = jnp.trunc(jnp.asarray(start, dtype=jnp.result_type(float)))
    stop = jnp.asarray(stop, dtype=jnp.result_type(float))
    carried = tuple(jnp.asarray(v, dtype=jnp.result_type(float)) for v in init)
    for _ in range(2):  # the shapes the body gives the carried values
        out = jax.eval_shape(lambda c: body(start, c), carried)
        carried = tuple(jnp.broadcast_to(v, jnp.broadcast_shapes(
            v.shape, o.shape, jnp.shape(start), jnp.shape(stop))) for v, o in zip(carried, out))

    def active(j):
        k = start + j * step
        return ((k <= stop) if step > 0 else (k >= stop)) & (j < trips)

    def one(j, c):
        new = body(start + j * step, c)
        on = active(j)
        return tuple(jnp.broadcast_to(jnp.where(on, n, o) if m else n, o.shape)
                     for n, o, m in zip(new, c, masked))

    def block(b, c):
        first = b * chunk

        def run(c):
            return lax.fori_loop(0, chunk, lambda jj, c: one(first + jj, c), c)

        return lax.cond(jnp.any(active(first)), run, lambda c: c, c)

    return lax.fori_loop(0, -(-trips // chunk), block, carried)


def _scopmath_newton(residual, guess, chunk=5):
    """scopmath's newton() (newton.hpp), per instance, as NEURON solves a NONLINEAR block:
    a central finite-difference Jacobian (step max(|0.02 x|, 1e-6)), recomputed while the
    largest relative change exceeds 0.05; stop when that change is at most 1e-6 and every
    residual at most 1e-8, or after 50 iterations."""
    x = tuple(jnp.asarray(g, dtype=jnp.result_type(float)) for g in guess)
    shape = jnp.broadcast_shapes(*[jnp.shape(v) for v in (*x, *residual(x))])
    n = len(x)

    def f(xs):
        return jnp.stack([jnp.broadcast_to(v, shape) for v in residual(
            tuple(xs[..., k] for k in range(n)))], axis=-1)

    def jacobian(xs):
        columns = []
        for j in range(n):  # x[j] += h; x[j] -= 2h; x[j] += h, in place as in C
            h = jnp.maximum(jnp.abs(0.02 * xs[..., j]), 1e-6)
            high = xs.at[..., j].set(xs[..., j] + h)
            low = high.at[..., j].set(high[..., j] - 2.0 * h)
            columns.append((f(high) - f(low)) / (2.0 * h)[..., None])
            xs = low.at[..., j].set(low[..., j] + h)
        return jnp.stack(columns, axis=-1), xs

    def iteration(_, c):
        xs, jac, change, done = c
        new_jac, moved = jacobian(xs)
        rebuild = (change > 0.05)[..., None]
        jac = jnp.where(rebuild[..., None], new_jac, jac)
        xs_now = jnp.where(rebuild, moved, xs)
        dx = jnp.linalg.solve(jac, -f(xs_now)[..., None])[..., 0]
        big = jnp.abs(xs_now) > 1e-8
        rel = jnp.where(big, jnp.abs(dx / jnp.where(big, xs_now, 1.0)), 0.0)
        change_new = jnp.max(rel, axis=-1)
        xs_new = xs_now + dx
        ok = (change_new <= 1e-6) & (jnp.max(jnp.abs(f(xs_new)), axis=-1) <= 1e-8)
        keep = done[..., None]
        return jnp.where(keep, xs, xs_new), jac, jnp.where(done, change, change_new), done | ok

    def block(b, c):
        def run(c):
            return lax.fori_loop(0, chunk, iteration, c)

        return lax.cond(jnp.all(c[3]), lambda c: c, run, c)

    xs = jnp.stack([jnp.broadcast_to(v, shape) for v in x], axis=-1)
    carry = (xs, jnp.zeros(shape + (n, n), dtype=xs.dtype), jnp.ones(shape, dtype=xs.dtype),
             jnp.zeros(shape, dtype=bool))
    xs = lax.fori_loop(0, 50 // chunk, block, carry)[0]
    return tuple(xs[..., k] for k in range(n))


_CONVERGE = 1e-6  # scopmath's CONVERGE and MAXSTEPS (errcodes.hpp)
_MAXSTEPS = 20


def _kinetic_step(fun, x, old, entries, clamp):
    """One iteration of scopmath's sparse(): solve M dx = -r at the iterate x (the states on
    the last axis); returns (x + dx, sum |dx|), negative states set to 0 if ``clamp``."""
    n = x.shape[-1]
    shape = x.shape[:-1]
    r, m = fun(tuple(x[..., k] for k in range(n)), tuple(old[..., k] for k in range(n)))
    rows = [[0.0] * n for _ in range(n)]
    for (i, j), value in zip(entries, m):
        rows[i][j] = value
    mat = jnp.stack([jnp.stack([jnp.broadcast_to(v, shape) for v in row], axis=-1)
                     for row in rows], axis=-2)
    rhs = -jnp.stack([jnp.broadcast_to(v, shape) for v in r], axis=-1)
    if n == 1:
        dx = rhs / mat[..., 0]
    else:
        dx = jnp.linalg.solve(mat, rhs[..., None])[..., 0]
    new = x + dx
    if clamp:
        new = jnp.where(new < 0.0, 0.0, new)
    return new, jnp.sum(jnp.abs(dx), axis=-1)


def _kinetic_iterate(fun, x, old, entries):
    """scopmath's sparse() for a nonlinear scheme, per instance: iterate until the summed
    change is at most _CONVERGE (at most _MAXSTEPS + 1 iterations), clamping at 0."""
    x, err = _kinetic_step(fun, x, old, entries, True)
    done = err <= _CONVERGE

    def more(carry):
        def body(_, c):
            x, done = c
            new, err = _kinetic_step(fun, x, old, entries, True)
            return jnp.where(done[..., None], x, new), done | (err <= _CONVERGE)

        return lax.fori_loop(1, _MAXSTEPS + 1, body, carry)

    x, _ = lax.cond(jnp.all(done), lambda c: c, more, (x, done))
    return x


def _sparse(fun, start, entries, linear, steadystate):
    """A KINETIC block solved as NEURON does: sparse() for a step, _ss_sparse() for
    STEADYSTATE (then ``fun`` has dt = 1e9). ``start``: the states before; returns them
    after."""
    start = tuple(jnp.asarray(v, dtype=jnp.result_type(float)) for v in start)
    r, m = fun(start, start)
    shape = jnp.broadcast_shapes(*[jnp.shape(v) for v in (*start, *r, *m)])
    x = jnp.stack([jnp.broadcast_to(v, shape) for v in start], axis=-1)
    if not steadystate:
        if linear:
            x = _kinetic_step(fun, x, x, entries, False)[0]
        else:
            x = _kinetic_iterate(fun, x, x, entries)
    elif linear:
        x = _kinetic_iterate(fun, x, x, entries)
    else:
        def attempt(_, c):  # up to 7 times: a linear step; if no state < -1e-6, iterate
            x, done = c
            y, _ = _kinetic_step(fun, x, x, entries, False)
            negative = y < -1e-6
            bad = jnp.any(negative, axis=-1)
            y = jnp.where(negative, 0.0, y)
            z = _kinetic_iterate(fun, y, y, entries)
            new = jnp.where(bad[..., None], y, z)
            return jnp.where(done[..., None], x, new), done | ~bad

        x, _ = lax.fori_loop(0, 7, attempt, (x, jnp.zeros(shape, dtype=bool)))
    return tuple(x[..., k] for k in range(x.shape[-1]))
'''


@cache
def prelude() -> str:
    """PRELUDE with the code of :mod:`braincell._fastexp` (below its imports) in place."""
    code = _FASTEXP.read_text(encoding="utf-8").split("from jax import lax\n", 1)[1].strip()
    return PRELUDE.replace("{fastexp}", code + "\n")


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)

    def program(self, prog: Program, indent: int, sends: list[Send]) -> None:
        for item in prog.items:
            if isinstance(item, Assign):
                value = print_expr(item.value, item.guard)
                self.emit(indent, f"{item.target.name} = {value}")
            elif isinstance(item, Newton):
                self.newton(item, indent, sends)
            elif isinstance(item, SparseSolve):
                self.sparse(item, indent, sends)
            elif isinstance(item, Loop):
                self.loop(item, indent, sends)
            elif isinstance(item, Send):
                sends.append(item)
            else:
                raise TypeError(f"{type(item).__name__} left in a program for the printer")

    def newton(self, item: Newton, indent: int, sends: list[Send]) -> None:
        self.count += 1
        name = f"_residual{self.count}"
        self.emit(indent, f"def {name}(u):")
        unpack = ", ".join(u.name for u in item.unknowns)
        self.emit(indent + 1, f"{unpack}, = u")
        self.program(item.residual, indent + 1, sends)
        values = ", ".join(print_expr(v) for _, v in item.residual.results)
        self.emit(indent + 1, f"return ({values},)")
        guess = ", ".join(print_expr(g) for g in item.guess)
        targets = ", ".join(t.name for t in item.targets)
        if item.scopmath:
            self.emit(indent, f"{targets}, = _scopmath_newton({name}, ({guess},))")
        else:
            self.emit(indent, f"{targets}, = _newton({name}, ({guess},), {item.iterations})")


    def sparse(self, item: SparseSolve, indent: int, sends: list[Send]) -> None:
        self.count += 1
        name = f"_kinetic{self.count}"
        n = len(item.unknowns)
        self.emit(indent, f"def {name}(u, o):")
        self.emit(indent + 1, f"{', '.join(u.name for u in item.unknowns)}, = u")
        self.emit(indent + 1, f"{', '.join(o.name for o in item.olds)}, = o")
        self.program(item.system, indent + 1, sends)
        values = [print_expr(v) for _, v in item.system.results]
        residual = ", ".join(values[:n])
        matrix = ", ".join(values[n:])
        self.emit(indent + 1, f"return ({residual},), ({matrix}{',' if matrix else ''})")
        start = ", ".join(print_expr(g) for g in item.start)
        targets = ", ".join(t.name for t in item.targets)
        self.emit(indent, f"{targets}, = _sparse({name}, ({start},), {item.entries!r}, "
                          f"{item.linear}, {item.steadystate})")


    def loop(self, item: Loop, indent: int, sends: list[Send]) -> None:
        self.count += 1
        name = f"_body{self.count}"
        self.emit(indent, f"def {name}({item.index.name}, c):")
        self.emit(indent + 1, f"{', '.join(c.name for c in item.carried)}, = c")
        self.program(item.body, indent + 1, sends)
        values = ", ".join(print_expr(v) for _, v in item.body.results)
        self.emit(indent + 1, f"return ({values},)")
        init = ", ".join(print_expr(v) for v in item.init)
        targets = ", ".join(t.name for t in item.targets)
        self.emit(indent, f"{targets}, = _loop({name}, {print_expr(item.start)}, "
                          f"{print_expr(item.stop)}, {item.step}, {item.trips}, ({init},), "
                          f"{item.masked!r})")


def _dict(results) -> str:
    body = ", ".join(f"{name!r}: {print_expr(value)}" for name, value in results)
    return "{" + body + "}"


def _like(w: _Writer, indent: int, fallback: str) -> None:
    w.emit(indent, f"_like = {fallback}")


def _sends_code(sends: list[Send], watches=()) -> str:
    out, events = [s for s in sends if s.kind == "send"], [s for s in sends if s.kind == "event"]

    def vals(items, attr):
        return "[" + ", ".join(print_expr(getattr(s, attr)) for s in items) + "]"

    guards_s = "[" + ", ".join(print_expr(s.guard) for s in out) + "]"
    guards_e = "[" + ", ".join(print_expr(s.guard) for s in events) + "]"
    return ("{'delay': _stack(" + vals(out, "delay") + ", _like), "
            "'flag': _stack(" + vals(out, "flag") + ", _like), "
            "'valid': _stack_bool(" + guards_s + ", _like), "
            "'event_t': _stack(" + vals(events, "delay") + ", _like), "
            "'event_valid': _stack_bool(" + guards_e + ", _like)" + _watch_code(watches) + "}")


def _watch_code(watches) -> str:
    """The WATCH arming of a NET_RECEIVE (results ``watch.arm.w``/``watch.above.w``)."""
    if not watches:
        return ""
    values = dict(watches)
    count = len(values) // 2

    def stack(what):
        return "[" + ", ".join(print_expr(values[f"watch.{what}.{w}"]) for w in range(count)) + "]"

    return (", 'watch_arm': _stack_bool(" + stack("arm") + ", _like), "
            "'watch_above': _stack_bool(" + stack("above") + ", _like)")


def _function(w: _Writer, header: str, prog: Program, ret: str, doc: str) -> list[Send]:
    w.emit(0, f"def {header}:")
    w.emit(1, f'"""{doc}"""')
    sends: list[Send] = []
    w.program(prog, 1, sends)
    w.emit(1, ret.format(results=_dict(prog.results)))
    w.emit(0, "")
    w.emit(0, "")
    return sends


def generate(ir: MechanismIR) -> str:
    """The Python source of the lowered mechanism ``ir``."""
    w = _Writer()
    title = (ir.title or ir.name).replace('"""', "'''").replace("\\", "/")
    w.emit(0, f'"""{ir.name}: lowered by braincell from {ir.file!r}.')
    w.emit(0, "")
    w.emit(0, title)
    w.emit(0, '"""')
    w.emit(0, "")
    w.lines.extend(prelude().splitlines())
    w.emit(0, "")
    w.emit(0, f"NAME = {ir.name!r}")
    w.emit(0, f"KIND = {ir.kind!r}")
    w.emit(0, "PARAMETERS = (")
    for prm in ir.parameters:
        w.emit(1, f"({prm.name!r}, {float(prm.default)!r}, {prm.unit!r}, {prm.scope!r}, "
                  f"{tuple(float(x) for x in prm.limits) if prm.limits else None!r}),")
    w.emit(0, ")")
    w.emit(0, f"STATES = {tuple((v.name, v.unit) for v in ir.states)!r}")
    w.emit(0, f"ASSIGNED = {tuple((v.name, v.unit) for v in ir.assigned)!r}")
    w.emit(0, f"IONS = {tuple((d.ion, d.read, d.write, d.valence) for d in ir.ions)!r}")
    w.emit(0, f"NONSPECIFIC_CURRENTS = {ir.nonspecific_currents!r}")
    w.emit(0, f"ELECTRODE_CURRENTS = {ir.electrode_currents!r}")
    w.emit(0, f"NET_RECEIVE_ARGS = {ir.net_receive_args!r}")
    w.emit(0, f"WATCH_FLAGS = {tuple(float(f) for f in ir.watch_flags)!r}")
    w.emit(0, f"USES_RANDOM = {bool(ir.uses_random)!r}")
    w.emit(0, "")
    w.emit(0, "")

    # INITIAL, with the events it sends
    w.emit(0, "def initial(p, env):")
    w.emit(1, '"""INITIAL: (initial STATE and ASSIGNED values, events sent)."""')
    sends: list[Send] = []
    w.program(ir.initial, 1, sends)
    w.emit(1, "_like = env.v")
    w.emit(1, f"return {_dict(ir.initial.results)}, {_sends_code(sends)}")
    w.emit(0, "")
    w.emit(0, "")
    w.emit(0, "def init(p, env):")
    w.emit(1, "return initial(p, env)[0]")
    w.emit(0, "")
    w.emit(0, "")
    _function(w, "breakpoint(p, s, env)", ir.breakpoint, "return {results}",
              "BREAKPOINT (without SOLVE): currents and ASSIGNED values at env.v.")
    _function(w, "advance(p, s, env)", ir.advance, "return {results}",
              "The SOLVE blocks: values after one step env.dt, at the new env.v.")
    if ir.derivative is not None:
        _function(w, "derivative(p, s, env)", ir.derivative, "return {results}",
                  "d state/dt of the solved DERIVATIVE and KINETIC blocks.")
    if ir.net_receive is not None:
        _net_function(w, "net_receive(p, s, args, env, flag)", ir.net_receive, True)
    if ir.net_receive_init is not None:
        _net_function(w, "net_receive_init(p, s, args, env)", ir.net_receive_init, False)
    if ir.watch is not None:
        _function(w, "watch_values(p, s, env)", ir.watch,
                  ("return _stack([" + ", ".join(print_expr(v) for _, v in ir.watch.results)
                   + "], env.v)").replace("{", "{{").replace("}", "}}"),
                  "The WATCH conditions' values (> 0: true), one row per condition.")
    return "\n".join(w.lines).rstrip() + "\n"


def _net_function(w: _Writer, header: str, prog: Program, with_sends: bool) -> None:
    w.emit(0, f"def {header}:")
    w.emit(1, '"""NET_RECEIVE: (updated variables, updated arguments, events sent)."""'
           if with_sends else '"""The INITIAL block of NET_RECEIVE: (variables, arguments)."""')
    sends: list[Send] = []
    w.program(prog, 1, sends)
    svars = [(n, v) for n, v in prog.results if not n.startswith(("arg.", "watch."))]
    args = [(n[4:], v) for n, v in prog.results if n.startswith("arg.")]
    watches = [(n, v) for n, v in prog.results if n.startswith("watch.")]
    w.emit(1, "_like = env.v")
    tail = f", {_sends_code(sends, watches)}" if with_sends else ""
    w.emit(1, f"return {_dict(svars)}, {_dict(args)}{tail}")
    w.emit(0, "")
    w.emit(0, "")


__all__ = ["generate", "PRELUDE", "symbol_code", "sympy"]
