"""Dependencies between the SSA values of a program (which temporaries depend on which
symbols), and substitution of the temporaries that carry a dependency."""

from __future__ import annotations

import sympy

from .ir import Assign, Item, Program


def dependent_targets(items: list[Item], roots: set[sympy.Symbol]) -> set[sympy.Symbol]:
    """The values bound by ``items`` (assignments, solves, loops) that depend on ``roots``
    (transitively)."""
    dep = set(roots)
    for item in items:
        if isinstance(item, Assign):
            if item.value.free_symbols & dep:
                dep.add(item.target)
        elif item_symbols(item) & dep:
            dep |= set(getattr(item, "targets", ()))
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
        if not hit <= set(defs):  # a value of a solve or loop: no closed form
            return None
        expr = expr.xreplace({s: defs[s] for s in hit})
        if sympy.count_ops(expr, visual=False) > limit:
            return None
    return expr


def split(items: list[Item], roots: set[sympy.Symbol]) -> tuple[list[Item], list[Item]]:
    """``items`` divided into those that do not depend on ``roots`` and those that do."""
    dep = set(roots)
    free, bound = [], []
    for item in items:
        symbols = item_symbols(item)
        if symbols & dep:
            bound.append(item)
            if isinstance(item, Assign):
                dep.add(item.target)
            else:
                dep |= set(getattr(item, "targets", ()))
        else:
            free.append(item)
    return free, bound


def item_symbols(item) -> set:
    """Every symbol an item mentions (in nested programs too)."""
    out = set()
    for value in item.__dict__.values():
        out |= _value_symbols(value)
    return out


def _value_symbols(value) -> set:
    if isinstance(value, sympy.Basic):
        return set(value.free_symbols)
    if isinstance(value, tuple):
        return set().union(*(_value_symbols(v) for v in value)) if value else set()
    if isinstance(value, Program):
        return set().union(set(), *(item_symbols(i) for i in value.items),
                           *(_value_symbols(v) for _, v in value.results))
    return set()
