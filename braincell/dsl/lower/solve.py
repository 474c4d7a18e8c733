"""Pass 3: SOLVE methods, run inside the executor of the block that SOLVEs.

* ``cnexp``: each ``x' = f`` must be linear in x; with ``a = df/dx`` and ``b = f(x=0)``,
  ``x += (1 - exp(a dt)) (-b/a - x)`` in place (later equations see the new x), as nocmodl
  writes it. ``a = 0`` gives ``x += f dt``. A nonlinear equation makes the whole block
  fall back to derivimplicit, with warning W502 (nocmodl does the same).
* ``derivimplicit``: backward Euler, ``x - x_old - dt f(x) = 0`` by Newton's method.
* ``euler``: ``x += dt f`` for all states at once.
* ``sparse`` (KINETIC): nocmodl's equations and matrix (:mod:`.kinetic`), solved as
  scopmath's sparse does (:class:`~.ir.SparseSolve`): one Newton step for a linear scheme;
  for a nonlinear one, Newton steps until the summed change is at most 1e-6, negative
  states set to 0 after each. The statements of the block run in the order written, at
  each iterate, and once more at the solution.
* ``STEADYSTATE sparse``: scopmath's _ss_sparse, backward-Euler steps with dt = 1e9.
* LINEAR: the ``~`` equations solved exactly (one Newton step); NONLINEAR: scopmath's
  ``newton`` (finite-difference Jacobian, NEURON's tolerances).
* a PROCEDURE (``after_cvode`` or no method): called with the new v.
"""

from __future__ import annotations

import sympy

from .. import ast as A
from ._report import Abort
from .depend import dependent_targets, expand, split
from .expr import as_num
from .inline import Executor
from .ir import Assign, Newton, Prime, Program, SolveDecl, SparseSolve, env, sym
from .kinetic import conserve_rows, kinetic_system

NEWTON_ITERATIONS = 8
STEADYSTATE_DT = 1e9


def block_states(block, states: set[str] | None = None) -> list[str]:
    """States a DERIVATIVE/KINETIC block solves for, in order of appearance: the primed
    names, and the species of reactions, fluxes and CONSERVE that are STATEs (``states``;
    other species are values in the scheme)."""
    names: dict[str, None] = {}
    for n in A.walk(block.body):
        if isinstance(n, A.Assign):
            t = n.target.target if isinstance(n.target, A.Indexed) else n.target
            if isinstance(t, A.Prime):
                names[t.id] = None
        elif isinstance(n, A.Species):
            t = n.target.target if isinstance(n.target, A.Indexed) else n.target
            if states is None or t.id in states:
                names[t.id] = None
    return list(names)


def _state_names(ex: Executor) -> set[str]:
    return {v.name.split("[")[0] for v in ex.iface.states}


def _expand_arrays(ex: Executor, names: list[str]) -> list[str]:
    out = []
    for n in names:
        size = ex.iface.arrays.get(n)
        out += [n] if size is None else [f"{n}[{k}]" for k in range(size)]
    return out


def method_for(kind: str, stmt: A.Solve) -> str:
    if kind == "KINETIC":
        return "sparse"
    if kind == "PROCEDURE":
        return "procedure"
    if kind in ("LINEAR", "NONLINEAR"):
        return kind.lower()
    return stmt.method or "derivimplicit"


def solve(ex: Executor, stmt: A.Solve, steadystate: bool = False) -> SolveDecl:
    """Emit the code of ``SOLVE stmt.block`` into ``ex``; return what was done."""
    block = ex.iface.blocks.get(stmt.block)
    if block is None:
        ex.report.fatal("E301", f"no block named '{stmt.block}' to SOLVE", stmt.span)
    kind = {A.DerivativeBlock: "DERIVATIVE", A.KineticBlock: "KINETIC",
            A.LinearBlock: "LINEAR", A.NonlinearBlock: "NONLINEAR",
            A.ProcedureBlock: "PROCEDURE"}[type(block)]
    method = method_for(kind, stmt)
    if kind in ("LINEAR", "NONLINEAR"):
        _algebraic(ex, block, kind == "LINEAR")
        return SolveDecl(stmt.block, kind, method, stmt.method, stmt.span)
    if kind == "PROCEDURE":
        ex.inline(block, [])
        return SolveDecl(stmt.block, kind, "procedure", stmt.method, stmt.span)
    if method == "cnexp" and not steadystate:
        snapshot = ex._snapshot(), len(ex.items)
        try:
            _run(ex, block, on_prime=_cnexp_prime)
            return SolveDecl(stmt.block, kind, "cnexp", stmt.method, stmt.span)
        except _Nonlinear as exc:
            ex._restore(snapshot[0])
            del ex.items[snapshot[1]:]
            ex.report.warning("W502", f"'{exc.name}' = ... is not linear in {exc.name}, so "
                              "cnexp cannot integrate it exactly; using derivimplicit (as "
                              "NEURON does)", exc.span)
            method = "derivimplicit"
    if method == "euler" and not steadystate:
        _euler(ex, block)
        return SolveDecl(stmt.block, kind, "euler", stmt.method, stmt.span)
    if method not in ("derivimplicit", "sparse", "cnexp", "euler", "runge"):
        ex.report.fatal("E513", f"METHOD {method} is not supported", stmt.span)
    if kind == "KINETIC":
        _sparse(ex, block, steadystate)
    else:
        _implicit(ex, block, kind, steadystate)
    return SolveDecl(stmt.block, kind, method, stmt.method, stmt.span)


class _Nonlinear(Exception):
    def __init__(self, name, span):
        self.name, self.span = name, span


def _run(ex: Executor, block, on_prime=None) -> None:
    old = ex.on_prime
    ex.on_prime = on_prime
    try:
        if isinstance(block, A.KineticBlock):
            # nocmodl evaluates the COMPARTMENT sizes at the top of the block, then runs
            # the statements and reactions in the order written
            ex.scopes[-1].append({})
            try:
                for st in block.body.statements:
                    if isinstance(st, (A.Local, A.Compartment)):
                        ex.stmt(st)
                for st in block.body.statements:
                    if not isinstance(st, A.Compartment):
                        ex.stmt(st)
            finally:
                ex.scopes[-1].pop()
        else:
            ex.block(block.body)
    finally:
        ex.on_prime = old
        ex.last_flux = None


def _cnexp_prime(ex: Executor, name: str, f, span) -> None:
    x = ex.read(name, span)
    if not x.is_Symbol:
        raise _Nonlinear(name, span)
    fx = expand(f, ex.items, {x})
    if fx is None:
        raise _Nonlinear(name, span)
    a = sympy.diff(fx, x)
    if x in a.free_symbols or any(x in c.free_symbols for c in a.atoms(sympy.Piecewise)):
        raise _Nonlinear(name, span)
    dt = ex.read("dt", span)
    if a == 0:
        ex.write(name, x + dt * f, span)
        return
    # nocmodl computes a and b, then -b/a. Here -b/a and a dt are formed as expressions, so
    # that sympy cancels what they share: for x' = (xinf - x)/xtau the steady state is xinf
    # itself, not (xinf/xtau)/(-1/xtau), and a dt is -dt/xtau (two divisions and a product
    # fewer per state; the same numbers up to rounding).
    steady = ex.bind(-fx.xreplace({x: sympy.Integer(0)}) / a)
    ex.write(name, x + (1 - sympy.exp(dt * a)) * (steady - x), span)


def _euler(ex: Executor, block) -> None:
    primes: list[Prime] = []
    _run(ex, block, on_prime=lambda e, n, f, span: primes.append(Prime(n, f, span)))
    dt = ex.read("dt", block.span)
    new = {p.name: ex.read(p.name, p.span) + dt * p.value for p in primes}
    for p in primes:
        ex.write(p.name, new[p.name], p.span)


def _implicit(ex: Executor, block, kind: str, steadystate: bool) -> None:
    """Backward Euler for the states of ``block`` (a DERIVATIVE or KINETIC block)."""
    names = _expand_arrays(ex, block_states(block))
    if not names:
        _run(ex, block)
        return
    old = {n: ex.bind(ex.read(n, block.span)) for n in names}
    unknowns = {n: ex.temps.new("_u") for n in names}
    saved_dt = ex.globals.get("dt")
    if steadystate:
        ex.globals["dt"] = sympy.Float(STEADYSTATE_DT)
    dt = ex.read("dt", block.span)
    start = len(ex.items)
    for n in names:
        ex.globals[n] = unknowns[n]
    primes: dict[str, sympy.Expr] = {}
    _run(ex, block, on_prime=lambda e, n, f, span: primes.__setitem__(n, f))
    body = ex.items[start:]
    del ex.items[start:]
    residual = {n: unknowns[n] - old[n] - dt * primes.get(n, sympy.Integer(0)) for n in names}
    roots = set(unknowns.values())
    free, bound = split(body, roots)
    ex.items.extend(free)
    linear = _is_linear(list(residual.values()), bound, roots)
    targets = tuple(ex.temps.new("_x") for _ in names)
    res_program = Program(tuple(bound), tuple((f"r{k}", residual[n]) for k, n in enumerate(names)))
    ex.items.append(Newton(targets, tuple(unknowns[n] for n in names),
                           tuple(old[n] for n in names), res_program,
                           1 if linear else NEWTON_ITERATIONS * (3 if steadystate else 1)))
    _bind_solution(ex, names, unknowns, targets, bound, roots)
    _restore_dt(ex, steadystate, saved_dt)


def _bind_solution(ex: Executor, names, unknowns, targets, bound, roots) -> None:
    """Bind the solved states, and recompute at the solution the values that the block
    wrote and that depend on the unknowns (nocmodl calls the block once more there)."""
    mapping = {unknowns[n]: t for n, t in zip(names, targets)}
    dep = dependent_targets(bound, roots)
    for item in bound:
        if isinstance(item, Assign):
            new = ex.temps.new()
            mapping[item.target] = new
            ex.items.append(Assign(new, item.value.xreplace(mapping), item.guard.xreplace(mapping)))
    for name, value in list(ex.globals.items()):
        if value in mapping and value in dep | roots:
            ex.globals[name] = mapping[value]
    for n, t in zip(names, targets):
        ex.globals[n] = t
        ex.written[n] = None


def _restore_dt(ex: Executor, steadystate: bool, saved_dt) -> None:
    if steadystate:
        if saved_dt is None:
            del ex.globals["dt"]
        else:
            ex.globals["dt"] = saved_dt


def _equation_states(ex: Executor, block) -> list[str]:
    """The STATEs a LINEAR/NONLINEAR block solves for: its SOLVEFOR list, else the STATEs
    its equations mention, in order (array elements expanded)."""
    if block.solvefor:
        return _expand_arrays(ex, list(block.solvefor))
    states = _state_names(ex)
    names: dict[str, None] = {}
    for eq in (n for n in A.walk(block.body) if isinstance(n, A.Equation)):
        for n in A.walk(eq):
            target = n.target if isinstance(n, A.Indexed) else n
            if isinstance(target, A.Name) and target.id in states:
                names[target.id] = None
    return _expand_arrays(ex, list(names))


def _algebraic(ex: Executor, block, linear: bool) -> None:
    """LINEAR (``simeq``: one exact solve, the block's statements run once with the old
    states) and NONLINEAR (scopmath's ``newton``, the block evaluated at every iterate and
    at the solution) blocks: ``~ lhs = rhs`` rows (``~+`` adds to the row before)."""
    names = _equation_states(ex, block)
    old = {n: ex.bind(ex.read(n, block.span)) for n in names}
    unknowns = {n: ex.temps.new("_u") for n in names}
    rows: list[sympy.Expr] = []

    def equation(e: Executor, st: A.Equation) -> None:
        if linear:  # only the equations see the states as unknowns (matrix columns)
            e.scopes[-1].append({n: unknowns[n] for n in names})
        try:
            row = as_num(e.expr(st.lhs)) - as_num(e.expr(st.rhs))
        finally:
            if linear:
                e.scopes[-1].pop()
        if st.add:
            if not rows:
                e.report.fatal("E513", "'~+' needs an equation before it", st.span)
            rows[-1] = rows[-1] + row
        else:
            rows.append(row)

    start = len(ex.items)
    if not linear:
        for n in names:
            ex.globals[n] = unknowns[n]
    saved = ex.on_equation
    ex.on_equation = equation
    try:
        _run(ex, block)
    finally:
        ex.on_equation = saved
    if len(rows) != len(names):
        ex.report.fatal("E513", f"{len(rows)} equations for {len(names)} unknowns "
                        f"({', '.join(names)}): a {'LINEAR' if linear else 'NONLINEAR'} block "
                        "needs one equation per STATE it solves for", block.span)
    body = ex.items[start:]
    del ex.items[start:]
    roots = set(unknowns.values())
    free, bound = split(body, roots)
    ex.items.extend(free)
    if linear and not _is_linear(rows, bound, roots):
        ex.report.fatal("E513", "the equations of this LINEAR block are not linear in "
                        f"{', '.join(names)}; write it as a NONLINEAR block", block.span)
    targets = tuple(ex.temps.new("_x") for _ in names)
    ex.items.append(Newton(targets, tuple(unknowns[n] for n in names),
                           tuple(old[n] for n in names),
                           Program(tuple(bound), tuple((f"r{k}", r) for k, r in enumerate(rows))),
                           1, scopmath=not linear))
    _bind_solution(ex, names, unknowns, targets, bound, roots)


def _sparse(ex: Executor, block, steadystate: bool) -> None:
    """A KINETIC block as nocmodl and scopmath's sparse solve it (:class:`SparseSolve`)."""
    names = _expand_arrays(ex, block_states(block, _state_names(ex)))
    if not names:
        _run(ex, block)
        return
    start = {n: ex.bind(ex.read(n, block.span)) for n in names}
    unknowns = {n: ex.temps.new("_u") for n in names}
    olds = {n: ex.temps.new("_o") for n in names}
    saved_dt = ex.globals.get("dt")
    if steadystate:
        ex.globals["dt"] = sympy.Float(STEADYSTATE_DT)
    dt = ex.read("dt", block.span)
    begin = len(ex.items)
    for n in names:
        ex.globals[n] = unknowns[n]
    _run(ex, block)
    body = ex.items[begin:]
    del ex.items[begin:]
    system = kinetic_system(body, unknowns)
    body = list(system.items)
    index = {n: k for k, n in enumerate(names)}
    residual = [system.volume(n) * (unknowns[n] - olds[n]) / dt - system.flux.get(n, sympy.Integer(0))
                for n in names]
    matrix: dict[tuple[int, int], sympy.Expr] = {(k, k): system.volume(n) / dt
                                                 for k, n in enumerate(names)}
    for (row, col), d in system.jacobian.items():
        key = (index[row], index[col])
        matrix[key] = matrix.get(key, sympy.Integer(0)) - d
    rows = conserve_rows(system.conserve, set(ex.iface.arrays))
    for law, row in zip(system.conserve, rows):
        if row is None or row not in index:
            ex.report.fatal("E513", "CONSERVE names no STATE of the scheme whose equation it "
                            "can replace (NEURON: failed to diagonalize the kinetic matrix)",
                            block.span)
        k = index[row]
        residual[k] = sum((c * system.volume(n) * unknowns[n] for n, c in law.terms),
                          sympy.Integer(0)) - law.total
        matrix = {key: v for key, v in matrix.items() if key[0] != k}
        for n, c in law.terms:
            key = (k, index[n])
            matrix[key] = matrix.get(key, sympy.Integer(0)) + c * system.volume(n)
    roots = set(unknowns.values()) | set(olds.values())
    free, bound = split(body, roots)
    ex.items.extend(free)
    entries = tuple(sorted(key for key, v in matrix.items() if v != 0))
    results = tuple((f"r{k}", r) for k, r in enumerate(residual))
    results += tuple((f"m{i}_{j}", matrix[i, j]) for i, j in entries)
    targets = tuple(ex.temps.new("_x") for _ in names)
    ex.items.append(SparseSolve(
        targets, tuple(unknowns[n] for n in names), tuple(olds[n] for n in names),
        tuple(start[n] for n in names), Program(tuple(bound), results), entries,
        system.linear, steadystate))
    _bind_solution(ex, names, unknowns, targets, bound, set(unknowns.values()))
    _restore_dt(ex, steadystate, saved_dt)


def _is_linear(residuals, bound, roots) -> bool:
    for r in residuals:
        full = expand(r, bound, roots, limit=2000)
        if full is None:
            return False
        if full.atoms(sympy.Piecewise) and any(
                c.free_symbols & roots for p in full.atoms(sympy.Piecewise) for _, c in p.args):
            return False
        for u in roots & full.free_symbols:
            d = sympy.diff(full, u)
            if d.free_symbols & roots:
                return False
    return True


def derivative_program(ex: Executor, blocks) -> Program:
    """``d state/dt`` of every solved DERIVATIVE/KINETIC block (for rk4), at the stored
    state values."""
    results: dict[str, sympy.Expr] = {}
    for block in blocks:
        primes: dict[str, sympy.Expr] = {}
        start = len(ex.items)
        _run(ex, block, on_prime=lambda e, n, f, span, primes=primes: primes.__setitem__(n, f))
        if isinstance(block, A.KineticBlock):
            body = ex.items[start:]
            del ex.items[start:]
            names = _expand_arrays(ex, block_states(block, _state_names(ex)))
            system = kinetic_system(body, {n: ex.read(n, block.span) for n in names})
            ex.items.extend(system.items)
            primes.update({n: system.rhs(n) for n in names})
        results.update(primes)
    return Program(tuple(ex.items), tuple(results.items()))


__all__ = ["solve", "derivative_program", "block_states", "Abort", "env", "sym"]
