"""KINETIC schemes as nocmodl writes them (kinetic.cpp): the fluxes, nocmodl's matrix and
the CONSERVE rows.

``~ A + B <-> C (kf, kb)`` has the fluxes ``f_flux = kf A B`` and ``b_flux = kb C``; it adds
``-(f_flux - b_flux)`` to the net flux of A and B and ``f_flux - b_flux`` to C's; a
stoichiometric coefficient n raises the species to the n-th power and multiplies its change
by n. Species that are not STATEs (an ion concentration, a PARAMETER) enter the fluxes with
their value and get no equation. ``~ A << (f)`` adds f to A's flux (after it ``f_flux`` is 0
and ``b_flux`` is f); ``~ A -> (k)`` is the reaction ``A -> nothing`` with rate k.

nocmodl's Newton matrix holds, for each reaction, the derivatives of the mass-action
products with the rate expressions held fixed (``_term = kf*B`` for A); a ``<<`` flux puts
nothing in it. A scheme is linear (nocmodl's ``_linmat``) when no such term has a species
factor left, i.e. every reaction side with a STATE on it has total stoichiometry 1.

A COMPARTMENT volume multiplies the time-derivative part of its species' rows (so the
change of A is ``flux/vol``). CONSERVE ``a A + b B = total`` becomes the row
``a vol_A A + b vol_B B = total`` (amounts, not concentrations) and takes the place of the
equation of the last non-array STATE it names that no later CONSERVE took (nocmodl numbers
the conservation diagonals first, going through the CONSERVE statements and their terms
from last to first).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from .ir import Assign, Compartment, Conserve, Flux, Item, Reaction

ZERO = sympy.Integer(0)


@dataclass(frozen=True)
class KineticSystem:
    """``items``: the block's code with each reaction replaced by its flux assignments, in
    order. ``flux``: net flux into each state (amount per time, not divided by a volume);
    ``jacobian``: nocmodl's ``d flux_i / d state_j`` (rates held fixed); ``volumes``: the
    COMPARTMENT sizes; ``conserve``: the laws; ``linear``: nocmodl's ``_linmat``."""

    items: tuple[Item, ...]
    flux: dict[str, sympy.Expr]
    jacobian: dict[tuple[str, str], sympy.Expr]
    volumes: dict[str, sympy.Expr]
    conserve: tuple[Conserve, ...]
    linear: bool

    def rhs(self, name: str) -> sympy.Expr:
        """``d name/dt``: the net flux divided by the volume (CONSERVE is ignored, as in
        NEURON's CVODE form of the scheme)."""
        f = self.flux.get(name, ZERO)
        return f / self.volumes[name] if name in self.volumes else f

    def volume(self, name: str) -> sympy.Expr:
        return self.volumes.get(name, sympy.Integer(1))


def kinetic_system(items: list[Item], values: dict[str, sympy.Expr]) -> KineticSystem:
    """Turn the kinetic items of a block into equations; ``values`` gives each solved
    state's symbol (the Newton iterate)."""
    flux: dict[str, sympy.Expr] = {}
    jac: dict[tuple[str, str], sympy.Expr] = {}
    volumes: dict[str, sympy.Expr] = {}
    conserve: list[Conserve] = []
    out: list[Item] = []
    linear = True

    def add(table, key, term) -> None:
        table[key] = table.get(key, ZERO) + term

    for item in items:
        if isinstance(item, Reaction):
            value = {**dict(item.fixed), **values}
            sides = (item.reactants, item.products)
            rates = (item.kf, item.kb)
            products = []
            for side, rate in zip(sides, rates):
                term = rate
                for name, n in side:
                    term = term * value[name] ** n
                products.append(term)
            out.append(Assign(item.flux_f, products[0]))
            out.append(Assign(item.flux_b, products[1]))
            net = item.flux_f - item.flux_b
            for sign, side in ((-1, item.reactants), (1, item.products)):
                for name, n in side:
                    if name in values:
                        add(flux, name, sign * n * net)
            # nocmodl's matrix: d(product)/d(state) with the rate held fixed
            for j, (side, rate) in enumerate(zip(sides, rates)):
                order = sum(n for _, n in side)
                for col in dict.fromkeys(name for name, _ in side):
                    if col not in values:
                        continue
                    if order > 1:
                        linear = False
                    x = sympy.Dummy("x")
                    term = rate
                    for name, m in side:
                        term = term * (x if name == col else value[name]) ** m
                    term = sympy.diff(term, x).xreplace({x: value[col]})
                    for k, row_side in enumerate(sides):
                        for row, m in row_side:
                            if row not in values:
                                continue
                            # flux_row gains sign(row) * m * (f - b): reactants -, products +
                            sign = (-1 if k == 0 else 1) * (1 if j == 0 else -1)
                            add(jac, (row, col), sign * m * term)
        elif isinstance(item, Flux):
            out.append(Assign(item.flux_f, ZERO))
            out.append(Assign(item.flux_b, item.rate))
            add(flux, item.name, item.flux_b)
        elif isinstance(item, Compartment):
            for name in item.names:
                volumes[name] = item.volume
        elif isinstance(item, Conserve):
            conserve.append(item)
        else:
            out.append(item)
    return KineticSystem(tuple(out), flux, jac, volumes, tuple(conserve), linear)


def conserve_rows(laws: tuple[Conserve, ...], arrays: set[str]) -> list[str | None]:
    """The state whose equation each law replaces (nocmodl's order: laws and their terms
    from last to first, skipping array elements and states already taken); None where
    nocmodl fails ("Failed to diagonalize the Kinetic matrix")."""
    taken: set[str] = set()
    rows: list[str | None] = [None] * len(laws)
    for k in range(len(laws) - 1, -1, -1):
        for name, _ in reversed(laws[k].terms):
            if name.split("[")[0] in arrays or name in taken:
                continue
            taken.add(name)
            rows[k] = name
            break
    return rows
