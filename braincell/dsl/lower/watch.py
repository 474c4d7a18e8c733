"""WATCH in NET_RECEIVE: the conditions, their arming, and the values the engine tests.

``WATCH (left > right) flag`` (or ``<``) arms a condition of the instance; the engine tests
every armed condition at the start of each step, before delivering the step's events (as
NEURON's fixed step does in ``check_thresh``), and when one has gone from false to true it
queues a self-event with ``flag`` at that time (:mod:`braincell._compute._events`).

Each WATCH item of the NET_RECEIVE block (in the order written) is a condition ``w``. Its
value, positive when the condition holds, is ``left - right`` for ``>`` and ``right - left``
for ``<``, as nocmodl writes it. As in NEURON (``_nrn_watch_activate``), the first WATCH
executed in one delivery disarms all of the instance's conditions (and drops their events
still queued); each executed item then arms its condition, which counts as already true if
its value is at least ``-hoc_epsilon`` (1e-11) at that moment, so that it fires only on a
later crossing.

The results this adds to a NET_RECEIVE program, per condition ``w``: ``watch.arm.w`` (was it
armed in this delivery) and ``watch.above.w`` (its state when armed). The conditions' values
for the test are the program :func:`check_program` builds: they may use the mechanism's
variables (and ``v``, ``t``, ions), not NET_RECEIVE's arguments or LOCALs, since NEURON
evaluates them outside NET_RECEIVE.
"""

from __future__ import annotations

import sympy

from .. import ast as A
from ._report import Reporter
from .expr import as_bool, as_num, number
from .ir import Program

ABOVE_EPS = 1e-11
"""NEURON's ``hoc_epsilon``: a condition armed at a value >= -1e-11 counts as true."""


def items(block: A.NetReceiveBlock | None) -> tuple[A.WatchItem, ...]:
    """Every WATCH item of NET_RECEIVE (its INITIAL included), in the order written."""
    if block is None:
        return ()
    return tuple(n for n in A.walk(block.body) if isinstance(n, A.WatchItem))


def flags(block: A.NetReceiveBlock | None) -> tuple[float, ...]:
    """The flag each condition sends."""
    return tuple(float(number(item.flag.text)) for item in items(block))


def _value(ex, item: A.WatchItem) -> sympy.Expr:
    left, right = as_num(ex.expr(item.left)), as_num(ex.expr(item.right))
    return left - right if item.op == ">" else right - left


def arm(ex, item: A.WatchItem, index: int) -> None:
    """Record that ``item`` (condition ``index``) is armed where ``ex.guard`` holds."""
    ex.no_loop("WATCH", item.span)
    for node in (*A.walk(item.left), *A.walk(item.right)):
        if isinstance(node, A.Name) and any(node.id in scope for scope in ex.scopes[-1]):
            ex.report.fatal("E506", f"'{node.id}' is an argument or LOCAL of NET_RECEIVE; a "
                            "WATCH condition can use only the mechanism's variables (NEURON "
                            "tests it outside NET_RECEIVE)", node.span)
    value = ex.bind(_value(ex, item))
    ex.arms.append((index, ex.guard, sympy.Ge(value, sympy.Float(-ABOVE_EPS))))


def results(arms, count: int) -> tuple[tuple[str, sympy.Basic], ...]:
    """``watch.arm.w`` and ``watch.above.w`` for each condition (the last arming wins)."""
    out = []
    for w in range(count):
        mine = [(guard, above) for index, guard, above in arms if index == w]
        armed = sympy.Or(*[g for g, _ in mine]) if mine else sympy.false
        above = sympy.false
        for guard, value in mine:
            above = value if guard is sympy.true else sympy.Piecewise(
                (as_num(value), guard), (as_num(above), True))
        out += [(f"watch.arm.{w}", armed), (f"watch.above.{w}", as_bool(above))]
    return tuple(out)


def check_program(iface, report: Reporter, temps, block: A.NetReceiveBlock | None) -> Program | None:
    """The values of the conditions (results ``watch.w``) from the stored variables."""
    from .inline import Executor

    conditions = items(block)
    if not conditions:
        return None
    ex = Executor(iface, report, temps, "step")
    values = tuple((f"watch.{w}", ex.bind(_value(ex, item)))
                   for w, item in enumerate(conditions))
    return Program(tuple(ex.items), values)
