"""Dependencies between the SSA values of a program (which temporaries depend on which
symbols), and substitution of the temporaries that carry a dependency."""

from __future__ import annotations

import sympy

from .ir import Assign, Item


def dependent_targets(items: list[Item], roots: set[sympy.Symbol]) -> set[sympy.Symbol]:
    """The targets of the assignments in ``items`` that depend on ``roots`` (transitively)."""
    dep = set(roots)
    for item in items:
        if isinstance(item, Assign) and item.value.free_symbols & dep:
            dep.add(item.target)
    return dep - set(roots)


def expand(expr, items: list[Item], roots: set[sympy.Symbol], limit: int = 4000):
    """``expr`` with every temporary that depends on ``roots`` replaced by its definition
    (so that ``diff`` with respect to a root is complete). None if it grows past ``limit``
    operations."""
    dep = dependent_targets(items, roots)
    defs = {i.target: i.value for i in items if isinstance(i, Assign) and i.target in dep}
    for _ in range(len(defs) + 1):
        hit = expr.free_symbols & dep
        if not hit:
            return expr
        expr = expr.xreplace({s: defs[s] for s in hit})
        if sympy.count_ops(expr, visual=False) > limit:
            return None
    return expr


def split(items: list[Item], roots: set[sympy.Symbol]) -> tuple[list[Item], list[Item]]:
    """``items`` divided into those that do not depend on ``roots`` and those that do."""
    dep = set(roots)
    free, bound = [], []
    for item in items:
        symbols = _symbols(item)
        if symbols & dep:
            bound.append(item)
            if isinstance(item, Assign):
                dep.add(item.target)
        else:
            free.append(item)
    return free, bound


def _symbols(item: Item) -> set:
    out = set()
    for value in item.__dict__.values():
        if isinstance(value, sympy.Basic):
            out |= value.free_symbols
        elif isinstance(value, tuple):
            for v in value:
                if isinstance(v, sympy.Basic):
                    out |= v.free_symbols
                elif isinstance(v, tuple):
                    out |= {x for w in v if isinstance(w, sympy.Basic) for x in w.free_symbols}
    return out
