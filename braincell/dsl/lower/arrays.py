"""Arrays indexed at run time.

While every index is a constant, an array is held element by element (``x[0]``, ``x[1]``...,
each a variable of its own). An index that is not a constant (``x[q]`` with ``q`` a
variable, or the index of a FROM loop whose bounds are known only at run time) needs the
array as one value, of shape ``(size, *instances)`` in the generated code:

* :class:`Pack` ``(e0, e1, ...)`` makes that value from the elements' values;
* :class:`Elem` ``(a, i)`` reads element ``i`` (``a[i]``);
* :class:`Store` ``(a, i, value)`` is ``a`` with element ``i`` replaced where the guard of
  its assignment holds (so a store in a branch, or in a loop iteration past the end,
  changes nothing);
* after a store, the element variables are bound to ``Elem(new, k)``.

NMODL index expressions are C integer expressions: nocmodl casts each variable in an index
(or a FROM bound) to ``int`` and divides as integers. :func:`int_expr` evaluates them so,
with :class:`trunc` (C's truncation towards 0). An index outside the array reads the
nearest element and writes nothing (C's behaviour there is undefined).
"""

from __future__ import annotations

import sympy

from .. import ast as A
from .expr import as_num, binary, number
from .ir import Assign


class Elem(sympy.Function):
    """``a[i]``: element ``i`` of the array value ``a``."""

    nargs = 2

    def _eval_is_real(self):
        return True


class Store(sympy.Function):
    """The array ``a`` with element ``i`` set to ``value`` (where the guard holds)."""

    nargs = 3


class Pack(sympy.Function):
    """The array whose elements are the arguments."""


class trunc(sympy.Function):  # noqa: N801 - C's name
    """Truncation towards 0 (C's conversion of a double to int)."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_Number:
            return sympy.Integer(int(x))
        if x.is_integer:
            return x
        return None

    def _eval_is_integer(self):
        return True

    def _eval_is_real(self):
        return True


def is_array_function(e) -> bool:
    return isinstance(e, (Store, Pack))


def int_expr(ex, node: A.Node) -> sympy.Expr:
    """``node`` as nocmodl's integer expression: names truncated, ``/`` an integer division."""
    if isinstance(node, A.Number):
        return number(node.text)
    if isinstance(node, A.UnaryOp) and node.op == "-":
        return -int_expr(ex, node.operand)
    if isinstance(node, A.BinaryOp) and node.op in ("+", "-", "*", "/"):
        a, b = int_expr(ex, node.left), int_expr(ex, node.right)
        if node.op == "/":
            return trunc(a / b)
        return binary(node.op, a, b)
    return trunc(as_num(ex.expr(node)))


def array_value(ex, base: str, size: int) -> sympy.Symbol:
    """The array ``base`` as one value: the array its elements come from, if they are the
    elements ``0..size-1`` of one array value, else a new :class:`Pack` of them."""
    values = [ex.read(f"{base}[{k}]", A.NO_SPAN) for k in range(size)]
    first = values[0]
    if isinstance(first, Elem):
        arr = first.args[0]
        if all(isinstance(v, Elem) and v.args == (arr, sympy.Integer(k))
               for k, v in enumerate(values)):
            return arr
    target = ex.temps.new("_a")
    ex.items.append(Assign(target, Pack(*[as_num(v) for v in values])))
    return target


def read(ex, base: str, size: int, index) -> sympy.Expr:
    """``base[index]`` for an index that is not a constant."""
    return Elem(array_value(ex, base, size), index)


def write(ex, base: str, size: int, index, value, span) -> None:
    """``base[index] = value`` for an index that is not a constant."""
    arr = array_value(ex, base, size)
    new = ex.temps.new("_a")
    ex.items.append(Assign(new, Store(arr, index, ex.bind(value)), ex.guard))
    for k in range(size):
        ex.rebind(f"{base}[{k}]", Elem(new, sympy.Integer(k)), span)


def store_chain(items, new: sympy.Symbol, old: sympy.Symbol) -> bool:
    """Whether the array value ``new`` is ``old`` changed only by :class:`Store` assignments
    of ``items`` (each applied under its own guard, so no further masking is needed)."""
    defs = {i.target: i.value for i in items if isinstance(i, Assign)}
    while new != old:
        value = defs.get(new)
        if not isinstance(value, Store):
            return False
        new = value.args[0]
    return True
