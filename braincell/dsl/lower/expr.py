"""NMODL expressions to sympy: numbers, operators, built-in functions.

Booleans and numbers mix in NMODL as in C: :func:`as_bool` and :func:`as_num` convert.
Functions that sympy would rewrite or that need a special printed form are
:class:`sympy.Function` subclasses here (``exprelr``, ``fmod``).
"""

from __future__ import annotations

import math

import sympy
from sympy.logic.boolalg import BooleanAtom, BooleanFunction

from ..._constants import FARADAY, R_GAS


class exprelr(sympy.Function):  # noqa: N801 - NMODL's name
    """``x/(exp(x) - 1)``, 1 at 0 (printed as a smooth, NaN-free helper)."""

    nargs = 1

    def fdiff(self, argindex=1):
        x = self.args[0]
        return (sympy.exp(x) - 1 - x * sympy.exp(x)) / (sympy.exp(x) - 1) ** 2


class shared_exp(sympy.Function):  # noqa: N801 - an exp, printed as another helper
    """``exp(x)`` computed once for several uses (``shareexp.py``; printed as
    ``_exp_shared``, which XLA does not copy into each use)."""

    nargs = 1

    def fdiff(self, argindex=1):
        return self

    def _eval_evalf(self, prec):
        return sympy.exp(self.args[0])._eval_evalf(prec)


class fmod(sympy.Function):  # noqa: N801 - C's name
    nargs = 2

    def fdiff(self, argindex=1):
        a, b = self.args
        return sympy.Integer(1) if argindex == 1 else -sympy.floor(a / b)


def number(text: str) -> sympy.Expr:
    """A literal: integers stay exact, everything else is the nearest double."""
    if text.isdigit():
        return sympy.Integer(int(text))
    return sympy.Float(float(text))


def is_boolean(e) -> bool:
    """A truth value (sympy's Symbol is also a Boolean, so test the specific classes)."""
    return isinstance(e, (BooleanFunction, BooleanAtom)) or bool(getattr(e, "is_Relational", False))


def as_bool(e):
    return e if is_boolean(e) else sympy.Ne(e, 0)


def as_num(e) -> sympy.Expr:
    if isinstance(e, BooleanAtom):
        return sympy.Integer(1 if bool(e) else 0)
    if is_boolean(e):
        return sympy.Piecewise((sympy.Integer(1), e), (sympy.Integer(0), True))
    return e


_RELATIONS = {"<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge,
              "==": sympy.Eq, "!=": sympy.Ne}


def binary(op: str, a, b):
    if op in _RELATIONS:
        return _RELATIONS[op](as_num(a), as_num(b), evaluate=False)
    if op == "&&":
        return sympy.And(as_bool(a), as_bool(b))
    if op == "||":
        return sympy.Or(as_bool(a), as_bool(b))
    a, b = as_num(a), as_num(b)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return a / b
    if op == "^":
        return sympy.Pow(a, b)
    raise ValueError(op)


def _ghk(v, ci, co, z, celsius):
    """NEURON's ``nrn_ghk`` (eion.cpp): mA/cm2 per cm/s."""
    ktf = 1000 * sympy.Float(R_GAS) * (celsius + sympy.Float(273.15)) / sympy.Float(FARADAY)
    temp = z * v / ktf

    def efun(x):
        return sympy.Piecewise((1 - x / 2, sympy.Abs(x) < sympy.Float(1e-4)),
                               (x / (sympy.exp(x) - 1), True))

    return sympy.Float(0.001) * z * sympy.Float(FARADAY) * (ci * efun(-temp) - co * efun(temp))


_ONE_ARG = {
    "exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt, "sin": sympy.sin, "cos": sympy.cos,
    "tan": sympy.tan, "asin": sympy.asin, "acos": sympy.acos, "atan": sympy.atan,
    "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh, "fabs": sympy.Abs,
    "floor": sympy.floor, "ceil": sympy.ceiling, "erf": sympy.erf, "exprelr": exprelr,
    "log10": lambda x: sympy.log(x) / sympy.log(10),
}
_TWO_ARG = {"pow": sympy.Pow, "atan2": sympy.atan2, "fmod": fmod, "min": sympy.Min,
            "max": sympy.Max}
RANDOM_FUNCTIONS = {"scop_random", "normrand", "exprand", "poisrand", "random_uniform",
                    "random_negexp", "random_normal", "random_ipick", "random_dpick", "setseed",
                    "set_seed", "random_setseq", "random_setids", "nrn_random_play"}
"""Calls that draw or seed random numbers (:mod:`.randoms` lowers all but
``nrn_random_play``). scoplib's ``gauss`` and ``poisson`` are densities, not draws."""
IGNORED_CALLS = {"printf", "prterr", "state_discontinuity_dummy"}


def builtin(name: str, args: list, celsius) -> sympy.Expr | None:
    """The value of built-in ``name`` at ``args``; None if braincell does not know it."""
    args = [as_num(a) for a in args]
    if name in _ONE_ARG and len(args) == 1:
        return _ONE_ARG[name](args[0])
    if name in _TWO_ARG and len(args) == 2:
        return _TWO_ARG[name](*args)
    if name == "nrn_ghk" and len(args) == 4:
        return _ghk(*args, celsius)
    if name == "at_time":
        return sympy.Integer(0)  # fixed step: NEURON's at_time is always 0 there
    return None


PI = sympy.Float(math.pi)
