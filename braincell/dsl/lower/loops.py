"""FROM loops whose bounds are known only at run time (``FROM k = 0 TO q - 1`` with ``q`` a
variable), as a bounded loop (:class:`~.ir.Loop`).

The number of iterations must have a bound known when lowering: braincell takes the size
of the arrays that the loop variable indexes in the loop's body (``x[k]``, ``x[k + n]``),
since an index past the end would read or write outside the array in NEURON too. A loop
whose variable indexes no array is rejected (E510).

The body is run symbolically twice: once to find which variables it changes (they are
carried from one iteration to the next; an array changed through a run-time index is
carried whole), and once with those variables replaced by placeholders, which gives the
body as a function of the iteration's index and the carried values. Iterations past the
end (``k > stop``) leave the carried values unchanged: every assignment in the body is
guarded by ``k <= stop`` (stores into arrays write nothing, divisions and exponentials
are protected), and the scalars are selected at the end of the iteration.

Reactions, SOLVE, derivatives and ``net_send``/``net_event`` are not allowed in such a loop
(their number would not be fixed).
"""

from __future__ import annotations

import sympy

from .. import ast as A
from .arrays import Elem, Pack, array_value, store_chain
from .ir import Assign, Loop, Program


def _bindings(ex) -> dict:
    """Every variable binding visible in the current frame: ``("g", name)`` for mechanism
    variables, ``("s", depth, name)`` for LOCALs and arguments."""
    out = {("g", n): v for n, v in ex.globals.items()}
    for depth, scope in enumerate(ex.scopes[-1]):
        for n, v in scope.items():
            out[("s", depth, n)] = v
    return out


def _get(ex, key):
    if key[0] == "g":
        return ex.read(key[1], A.NO_SPAN)
    return ex.scopes[-1][key[1]][key[2]]


def _set(ex, key, value) -> None:
    if key[0] == "g":
        ex.globals[key[1]] = value
    else:
        ex.scopes[-1][key[1]][key[2]] = value


def _trips(ex, st: A.FromLoop) -> int | None:
    """The size of the largest array the loop variable indexes in the body (None: none)."""
    sizes = []
    for n in A.walk(st.body):
        if isinstance(n, A.Indexed) and any(isinstance(m, A.Name) and m.id == st.variable
                                            for m in A.walk(n.index)):
            size = ex.size_of(n.target.id)
            if size is not None:
                sizes.append(size)
    return max(sizes) if sizes else None


def _changed(ex, before: dict, after: dict) -> list:
    out = []
    for key, value in after.items():
        if key in before:
            if before[key] != value:
                out.append(key)
        elif key[0] == "g" and value != ex.initial_value(key[1]):
            out.append(key)
    return out


def runtime_loop(ex, st: A.FromLoop, start, stop, step: int) -> None:
    """Emit the :class:`~.ir.Loop` for ``st`` with run-time ``start``/``stop``."""
    trips = _trips(ex, st)
    if trips is None:
        ex.report.fatal("E510", "the bounds of this FROM loop are known only at run time, and "
                        "its variable indexes no array, so braincell cannot bound the number "
                        "of iterations; make the bounds DEFINEs or numbers", st.span)
    trips = -(-trips // abs(step))
    index = sympy.Symbol(ex.temps.new("_k").name, integer=True)
    start, stop = ex.bind(start), ex.bind(stop)
    active = (sympy.Le(index, stop, evaluate=False) if step > 0
              else sympy.Ge(index, stop, evaluate=False))

    # pass 1: what does the body change?
    before = _bindings(ex)
    snapshot, count = ex._snapshot(), len(ex.items)
    _body(ex, st, index, active)
    after = _bindings(ex)
    del ex.items[count:]
    ex._restore(snapshot)
    changed = _changed(ex, before, after)
    scalars, arrays = [], {}
    for key in changed:
        name = key[-1]
        if "[" in name and isinstance(after[key], Elem):
            base = name.split("[")[0]
            arrays[(*key[:-1], base)] = ex.size_of(base)
        else:
            scalars.append(key)
    scalars = [k for k in scalars if (*k[:-1], k[-1].split("[")[0]) not in arrays]
    bound_names = {n.id for n in A.walk(st.stop) if isinstance(n, A.Name)}
    if bound_names & {k[-1].split("[")[0] for k in changed}:
        ex.report.fatal("E510", "this FROM loop changes a variable of its own upper bound, "
                        "which C re-reads at every iteration; braincell evaluates the bounds "
                        "once", st.span)
    if not scalars and not arrays:
        return  # the loop changes nothing

    # pass 2: the body as a function of the carried values
    placeholders, init = [], []
    for key in scalars:
        init.append(ex.bind(_get(ex, key)))
        placeholders.append(ex.temps.new("_c"))
        _set(ex, key, placeholders[-1])
    for key, size in arrays.items():
        init.append(_array_at(ex, key, size))
        placeholders.append(ex.temps.new("_c"))
        for k in range(size):
            _set(ex, (*key[:-1], f"{key[-1]}[{k}]"), Elem(placeholders[-1], sympy.Integer(k)))
    outer = ex.items
    ex.items = []
    try:
        _body(ex, st, index, active)
        new = [_get(ex, key) for key in scalars]
        new += [_array_at(ex, key, size) for key, size in arrays.items()]
        body = ex.items
    finally:
        ex.items = outer
    body = _hoist_packs(ex, body, {index, *placeholders})
    masked = [True] * len(scalars) + [
        not store_chain(body, value, ph)
        for value, ph in zip(new[len(scalars):], placeholders[len(scalars):])]
    targets = tuple(ex.temps.new("_c") for _ in placeholders)
    ex.items.append(Loop(index, start, stop, step, trips, tuple(placeholders), tuple(init),
                         Program(tuple(body), tuple((f"c{k}", v) for k, v in enumerate(new))),
                         tuple(masked), targets))
    for key, target in zip(scalars, targets):
        _set(ex, key, target)
        if key[0] == "g":
            ex.written[key[1]] = None
    for (key, size), target in zip(arrays.items(), targets[len(scalars):]):
        for k in range(size):
            name = f"{key[-1]}[{k}]"
            _set(ex, (*key[:-1], name), Elem(target, sympy.Integer(k)))
            if key[0] == "g":
                ex.written[name] = None


def _array_at(ex, key, size):
    """The array value of the array binding group ``key`` (the last part is its name)."""
    if key[0] == "g":
        return array_value(ex, key[-1], size)
    scope = ex.scopes[-1][key[1]]
    values = [scope[f"{key[-1]}[{k}]"] for k in range(size)]
    if all(isinstance(v, Elem) and v.args[1] == k for k, v in enumerate(values)) and \
            len({v.args[0] for v in values}) == 1:
        return values[0].args[0]
    target = ex.temps.new("_a")
    ex.items.append(Assign(target, Pack(*values)))
    return target


def _body(ex, st: A.FromLoop, index, active) -> None:
    guard = ex.guard
    ex.guard = sympy.And(guard, active)
    ex.loop_depth += 1
    ex.scopes[-1].append({st.variable: index})
    try:
        ex.block(st.body)
    finally:
        ex.scopes[-1].pop()
        ex.loop_depth -= 1
        ex.guard = guard


def _hoist_packs(ex, body: list, roots: set) -> list:
    """Move out of the loop the :class:`Pack` assignments of values from before it (an
    array read at a run-time index in every iteration is packed once)."""
    inner = set(roots)
    keep = []
    for item in body:
        if isinstance(item, Assign) and isinstance(item.value, Pack) and not (
                item.value.free_symbols & inner):
            ex.items.append(Assign(item.target, item.value))
            continue
        keep.append(item)
        inner |= _targets(item)
    return keep


def _targets(item) -> set:
    if isinstance(item, Assign):
        return {item.target}
    return set(getattr(item, "targets", ()))
