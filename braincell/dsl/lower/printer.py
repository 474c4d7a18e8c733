"""sympy expressions to Python source over ``jax.numpy``.

Only validated names reach the source: symbols of the IR are printed from a fixed table
(``p.g`` -> ``p["g"]``, ``ion.ena`` -> ``env.ions["ena"]``...) after checking that the
variable name is an NMODL identifier, temporaries are ``_t12``-style identifiers, numbers
are printed with ``repr(float)``. Anything else is an internal error.

Code in an ``if`` branch runs for every instance (both branches are evaluated and one is
selected with ``jnp.where``). So that the unused branch cannot produce inf or NaN -- and a
NaN gradient through ``where`` -- every division, logarithm, square root, power and
exponential printed under a guard ``g`` protects its argument: ``1/where(g, d, 1)``,
``exp(where(g, x, 0))`` (the "double where" rule). One exception: a denominator whose every
variable part is inside ``exp`` is a number where ``g`` fails; if that number is not 0 with
the exponentials' arguments at 1 (``1 - exp(-x/k)`` is ``1 - e``), those are the fills and
the denominator needs no ``where`` of its own (hh's ``x/(1 - exp(-x/k))``: one operation
per instance fewer).
"""

from __future__ import annotations

import re

import sympy
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from ._report import InternalLoweringError
from .arrays import Elem, Pack, Store, trunc
from .expr import exprelr, fmod, shared_exp
from .randoms import draw

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[\d+\])?$")
_TEMP = re.compile(r"^_(t|u|o|x|ff|fb|r|a|c|k)\d+$")
_ENV = {"v", "t", "dt", "celsius", "diam", "area"}
_NEGATED = {">=", ">", "!="}  # guards printed as the negation of <, <= and ==
_FUNCS = {
    sympy.sin: "jnp.sin", sympy.cos: "jnp.cos", sympy.tan: "jnp.tan", sympy.asin: "jnp.arcsin",
    sympy.acos: "jnp.arccos", sympy.atan: "jnp.arctan", sympy.sinh: "jnp.sinh",
    sympy.cosh: "jnp.cosh", sympy.tanh: "jnp.tanh", sympy.Abs: "jnp.abs",
    sympy.floor: "jnp.floor", sympy.ceiling: "jnp.ceil", sympy.erf: "jax.scipy.special.erf",
    exprelr: "_exprelr", fmod: "jnp.fmod", sympy.atan2: "jnp.arctan2",
}


def symbol_code(name: str) -> str:
    """The source for the IR symbol ``name`` (validated)."""
    if _TEMP.match(name):
        return name
    if name == "flag":
        return "flag"
    head, _, var = name.partition(".")
    if not _NAME.match(var):
        raise InternalLoweringError(f"invalid variable name {var!r} reached the printer")
    if head == "p":
        return f"p[{var!r}]"
    if head == "s":
        return f"s[{var!r}]"
    if head == "ion":
        return f"env.ions[{var!r}]"
    if head == "arg":
        return f"args[{var!r}]"
    if head == "env" and var in _ENV:
        return f"env.{var}"
    raise InternalLoweringError(f"unknown symbol {name!r} reached the printer")


def _nonzero_constant(expr) -> bool:
    if not expr.is_number:
        return False
    try:
        value = complex(expr.evalf())
    except (TypeError, ValueError):
        return False
    return value.imag == 0 and value.real != 0 and abs(value.real) != float("inf")


class Printer:
    """Prints one expression; ``guard`` (a sympy boolean) protects branch code."""

    def __init__(self) -> None:
        self.exp_fill = "0.0"  # exp's argument where its guard fails

    def __call__(self, expr, guard=sympy.true) -> str:
        return self.p(expr, guard)

    # -- helpers -------------------------------------------------------------------------
    def safe(self, text: str, guard, fill: str, *, shared: bool = True) -> str:
        """``text`` where ``guard`` holds, else ``fill``.

        A relational guard is printed with ``<``, ``<=`` or ``==`` (``x >= c`` as
        ``where(x < c, fill, text)``) when ``shared``: the guard of an else branch is the
        negated condition, so that its compare is the one the branch's own ``jnp.where``
        makes and XLA computes it once (denominators). The argument of a transcendental
        (exp, log, sqrt, power) is guarded with ``>``, ``>=`` or ``!=`` instead, a mask of
        its own: XLA's CPU code for hh's ``x/(1 - exp(-x/k))`` ran 25% slower per step
        when the select before the exp shared its mask with the branch's other selects.
        """
        if guard is sympy.true:
            return text
        if guard.is_Relational and (guard.rel_op in _NEGATED) == shared:
            return f"jnp.where({self.cond(guard.negated)}, {fill}, {text})"
        return f"jnp.where({self.cond(guard)}, {text}, {fill})"

    def cond(self, c) -> str:
        return self.p(c, sympy.true)

    def atom(self, expr, guard) -> str:
        text = self.p(expr, guard)
        if expr.is_Symbol or (expr.is_Number and expr >= 0 and not expr.is_Rational) \
                or (expr.is_Integer and expr >= 0) or expr.is_Function:
            return text
        return f"({text})"

    # -- dispatch ------------------------------------------------------------------------
    def p(self, e, g) -> str:
        if isinstance(e, BooleanTrue):
            return "True"
        if isinstance(e, BooleanFalse):
            return "False"
        if e.is_Symbol:
            return symbol_code(e.name)
        if e.is_Integer:
            return repr(float(e)) if abs(int(e)) < 2**53 else repr(float(int(e)))
        if e.is_Rational:
            return f"({float(e.p)!r}/{float(e.q)!r})"
        if e.is_Float:
            return repr(float(e))
        if e is sympy.pi:
            return repr(3.141592653589793)
        if e is sympy.E:
            return repr(2.718281828459045)
        if e in (sympy.zoo, sympy.oo):  # 1/0: C gives inf (e.g. an ASSIGNED read before set)
            return "jnp.inf"
        if e == -sympy.oo:
            return "(-jnp.inf)"
        if e is sympy.nan:
            return "jnp.nan"
        if e.is_Add:
            return self.add(e, g)
        if e.is_Mul:
            return self.mul(e, g)
        if e.is_Pow:
            return self.pow(e.base, e.exp, g)
        if isinstance(e, (sympy.exp, shared_exp)):
            arg = self.safe(self.p(e.args[0], g), g, self.exp_fill, shared=False)
            return f"_exp({arg})" if isinstance(e, sympy.exp) else f"_exp_shared({arg})"
        if isinstance(e, sympy.log):
            return f"jnp.log({self.safe(self.p(e.args[0], g), g, '1.0', shared=False)})"
        if isinstance(e, sympy.Piecewise):
            return self.piecewise(e.args, g)
        if isinstance(e, (sympy.Min, sympy.Max)):
            fn = "jnp.minimum" if isinstance(e, sympy.Min) else "jnp.maximum"
            out = self.p(e.args[0], g)
            for a in e.args[1:]:
                out = f"{fn}({out}, {self.p(a, g)})"
            return out
        if e.is_Relational:
            op = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "==", "!=": "!="}[e.rel_op]
            return f"({self.p(e.lhs, g)} {op} {self.p(e.rhs, g)})"
        if isinstance(e, sympy.And | sympy.Or):
            fn = "jnp.logical_and" if isinstance(e, sympy.And) else "jnp.logical_or"
            out = self.p(e.args[0], g)
            for a in e.args[1:]:
                out = f"{fn}({out}, {self.p(a, g)})"
            return out
        if isinstance(e, sympy.Not):
            return f"jnp.logical_not({self.p(e.args[0], g)})"
        if isinstance(e, Elem):
            arr, index = e.args
            if index.is_Integer:
                return f"{self.p(arr, g)}[{int(index)}]"
            return f"_elem({self.p(arr, g)}, {self.p(index, g)})"
        if isinstance(e, Store):
            arr, index, value = e.args
            return (f"_store({self.p(arr, g)}, {self.p(index, g)}, {self.p(value, g)}, "
                    f"{self.cond(g)})")
        if isinstance(e, Pack):
            return f"_pack([{', '.join(self.p(a, g) for a in e.args)}])"
        if isinstance(e, draw):
            kind, site, *params = e.args
            args = "".join(f", {self.p(a, g)}" for a in params)
            return f"_draw(env, {int(kind)}, {int(site)}{args})"
        if isinstance(e, trunc):
            return f"jnp.trunc({self.p(e.args[0], g)})"
        if e.func in _FUNCS:
            return f"{_FUNCS[e.func]}({', '.join(self.p(a, g) for a in e.args)})"
        raise InternalLoweringError(f"cannot print {type(e).__name__}: {e}")

    def add(self, e, g) -> str:
        terms = sorted(e.args, key=lambda a: a.could_extract_minus_sign())
        out = self.atom(terms[0], g)
        for a in terms[1:]:
            if a.could_extract_minus_sign():
                out += f" - {self.atom(-a, g)}"
            else:
                out += f" + {self.atom(a, g)}"
        return out

    def mul(self, e, g) -> str:
        num, den = [], []
        for f in e.args:
            if f.is_Pow and f.exp.is_Integer and f.exp < 0:
                den.append(f.base ** -f.exp)
            elif f.is_Rational and not f.is_Integer:
                if f.p != 1:
                    num.append(sympy.Integer(f.p))
                den.append(sympy.Integer(f.q))
            else:
                num.append(f)
        if num and num[0] == -1:
            sign, num = "-", num[1:]
        else:
            sign = ""
        top = "*".join(self.atom(f, g) for f in num) or "1"
        if not den:
            return sign + top
        bottom = sympy.Mul(*den)
        if sign and bottom.is_Number:  # -x/10 as x/(-10.0): one operation, the same number
            return f"{top}/{self.atom(-bottom, g)}"
        return f"{sign}{top}/{self.denominator(bottom, g)}"

    def denominator(self, d, g) -> str:
        """``d`` as a divisor under guard ``g``, nonzero where ``g`` fails."""
        if g is sympy.true or d.is_Number:
            return self.atom(d, g)
        exps = d.atoms(sympy.exp)
        if exps and _nonzero_constant(d.xreplace({e: sympy.E for e in exps})):
            saved, self.exp_fill = self.exp_fill, "1.0"
            try:
                return self.atom(d, g)
            finally:
                self.exp_fill = saved
        return self.safe(self.atom(d, g), g, "1.0")

    def pow(self, base, exp, g) -> str:
        if exp.is_Integer:
            k = int(exp)
            if k >= 0:
                return f"{self.atom(base, g)}**{k}"
            return f"1/{self.denominator(base ** -k, g)}"
        if exp == sympy.Rational(1, 2):
            return f"jnp.sqrt({self.safe(self.p(base, g), g, '1.0', shared=False)})"
        if base.is_Number and base > 0:
            return f"{self.atom(base, g)}**{self.atom(exp, g)}"
        b = self.safe(self.p(base, g), g, "1.0", shared=False)
        return f"jnp.power({b}, {self.p(exp, g)})"

    def piecewise(self, pieces, g) -> str:
        (value, cond), rest = pieces[0], pieces[1:]
        if cond is sympy.true or not rest:
            return self.p(value, g)
        inside = self.p(value, sympy.And(g, cond))
        other = self.piecewise(rest, sympy.And(g, sympy.Not(cond)))
        return f"jnp.where({self.cond(cond)}, {inside}, {other})"


def print_expr(expr, guard=sympy.true) -> str:
    return Printer()(expr, guard)
