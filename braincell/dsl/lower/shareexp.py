"""Exponentials that share one ``exp``: a pass over a program's top-level assignments.

Rate functions call ``exp`` of the same quantity shifted and scaled: hh's ``exp(-(v+40)/10)``,
``exp(-(v+35)/10)`` and ``exp(-(v+55)/10)`` differ by constant factors, and
``exp(-(v+65)/20)`` is ``exp(-(v+65)/80)**4``. This pass writes each argument (after putting
in the definitions of affine temporaries, ``_t27 = v + 40``) as ``c + b*X`` with numbers
``c``, ``b`` and a polynomial ``X``; exponentials with the same ``X`` whose ``b`` is 1 to 4
times a base's become ``E**k * exp(c - k*c_base)`` with one ``E = exp(b_base*X + c_base)``
computed first. The constant factor is a number here; the result differs from the
separate ``exp`` by a few units in the last place. hh goes from 6 to 3 rate exponentials.
``E`` is a ``shared_exp``, printed as ``_exp_shared``: the same values as ``_exp``, in a
form XLA computes once rather than copying it into each fusion that uses it.

``E`` is computed for every instance, also where a guarded statement would not have
evaluated its ``exp``. That is safe because the argument is affine in a polynomial: it is
finite wherever the inputs are, so ``E`` is never NaN (only the exponentials of guarded,
singular arguments such as ``exp(1/x)`` are left alone: ``X`` must be a polynomial).

Only assignments and results at the top level of a program are rewritten; Newton
residuals, sparse systems and loop bodies are left as they are.
"""

from __future__ import annotations

import sympy

from .expr import shared_exp
from .inline import Temps
from .ir import Assign, Program

_MAX_POWER = 4  # E**k costs k - 1 or fewer multiplications: 2 for k = 4, against one exp


def _affine(expr) -> bool:
    """Is ``expr`` a number plus numbers times symbols?"""
    for term in sympy.Add.make_args(expr):
        coeff, rest = term.as_coeff_Mul()
        if not (rest.is_Symbol or rest is sympy.S.One) or not coeff.is_number:
            return False
    return True


def _split(arg):
    """``(c, b, X)`` with ``arg == c + b*X``, numbers ``c``, ``b`` and a polynomial ``X``
    whose sign is normalised, or None."""
    const, rest = arg.as_coeff_Add()
    if rest is sympy.S.Zero or not const.is_number or not const.is_finite:
        return None
    if rest.is_Add:
        scale, base = rest.primitive()
    else:
        scale, base = rest.as_coeff_Mul()
    if base.could_extract_minus_sign():
        scale, base = -scale, -base
    if not scale.is_number or scale == 0 or not base.free_symbols \
            or not base.is_polynomial(*base.free_symbols):
        return None
    return const, scale, base


def _ratio(b, base_b) -> int | None:
    """``k`` with ``b == k*base_b`` exactly, 1 <= k <= _MAX_POWER, or None."""
    if b.is_Rational and base_b.is_Rational:
        k = b / base_b
        return int(k) if k.is_Integer and 1 <= k <= _MAX_POWER else None
    for k in range(1, _MAX_POWER + 1):
        if float(b) == k * float(base_b):
            return k
    return None


def share_exponentials(prog: Program, temps: Temps) -> Program:
    """``prog`` with exponentials of shifted and scaled copies of one argument sharing one
    ``exp`` (see the module's documentation)."""
    items = list(prog.items)
    assigned: dict = {}
    for item in items:
        if isinstance(item, Assign):
            assigned[item.target] = assigned.get(item.target, 0) + 1
    affine: dict = {}  # temporaries assigned once, unguarded, as affine expressions
    uses: list = []  # (position, exp node) in order; len(items) stands for the results
    for pos, item in enumerate(items):
        if not isinstance(item, Assign):
            continue
        uses += [(pos, e) for e in item.value.atoms(sympy.exp)]
        if item.guard is sympy.true and assigned[item.target] == 1 and _affine(item.value):
            affine[item.target] = sympy.expand(item.value.xreplace(affine))
    for _, value in prog.results:
        uses += [(len(items), e) for e in value.atoms(sympy.exp)]

    groups: dict = {}  # X -> {exp node: (first position, c, b)}
    for pos, node in uses:
        split = _split(sympy.expand(node.args[0].xreplace(affine)))
        if split is None:
            continue
        const, scale, base = split
        members = groups.setdefault(base, {})
        if node not in members:
            members[node] = (pos, const, scale)

    replace: dict = {}
    inserts: dict = {}  # position -> [Assign of a shared exp]
    for members in groups.values():
        if len(members) < 2:
            continue
        bases: list = []  # [node, const, scale, [(member node, k)]]
        for node, (_, const, scale) in sorted(members.items(),
                                              key=lambda m: (abs(float(m[1][2])), m[1][0])):
            for base in bases:
                k = _ratio(scale, base[2])
                if k is not None:
                    base[3].append((node, k))
                    break
            else:
                bases.append([node, const, scale, [(node, 1)]])
        for node, const, _, shared in bases:
            if len(shared) < 2:
                continue
            symbol = temps.new()
            first = min(members[m][0] for m, _ in shared)
            inserts.setdefault(first, []).append(Assign(symbol, shared_exp(node.args[0])))
            for member, k in shared:
                factor = float(sympy.exp(members[member][1] - k * const).evalf(20))
                power = symbol**k
                replace[member] = power if factor == 1.0 else sympy.Float(factor) * power

    if not replace:
        return prog
    out = []
    for pos, item in enumerate(items):
        out += inserts.get(pos, [])
        if isinstance(item, Assign):
            item = Assign(item.target, item.value.xreplace(replace), item.guard.xreplace(replace))
        out.append(item)
    out += inserts.get(len(items), [])
    results = tuple((name, value.xreplace(replace)) for name, value in prog.results)
    return Program(tuple(out), results)
