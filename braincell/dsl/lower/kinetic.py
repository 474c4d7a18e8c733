"""KINETIC schemes to differential equations (mass action, as nocmodl's kinetic.c).

``~ A + B <-> C (kf, kb)`` adds ``-(kf A B - kb C)`` to A' and B' and the same with the
other sign to C'; a stoichiometric coefficient n raises the species to the n-th power and
multiplies its change by n. ``~ A << (f)`` adds f to A'. A COMPARTMENT volume divides the
right-hand sides of its species. CONSERVE replaces the equation of the last state it names
(that is done by the solver, which knows the form of the equations).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from .ir import Assign, Compartment, Conserve, Flux, Item, Reaction


@dataclass(frozen=True)
class KineticSystem:
    """Right-hand sides per state (already divided by volumes), conservation laws, and
    the flux assignments (``f_flux``/``b_flux``) that replace the reactions in the code."""

    rhs: dict[str, sympy.Expr]
    conserve: tuple[Conserve, ...]
    volumes: dict[str, sympy.Expr]
    items: tuple[Item, ...]


def kinetic_system(items: list[Item], values: dict[str, sympy.Expr]) -> KineticSystem:
    """Turn the kinetic items of a block into equations; ``values`` gives each state's
    symbol in the equations (the unknowns of the implicit solve)."""
    rhs: dict[str, sympy.Expr] = {}
    volumes: dict[str, sympy.Expr] = {}
    conserve: list[Conserve] = []
    out: list[Item] = []

    def add(name: str, term) -> None:
        rhs[name] = rhs.get(name, sympy.Integer(0)) + term

    for item in items:
        if isinstance(item, Reaction):
            value = {**dict(item.fixed), **values}
            forward = item.kf
            for name, n in item.reactants:
                forward = forward * value[name] ** n
            backward = item.kb
            for name, n in item.products:
                backward = backward * value[name] ** n
            out.append(Assign(item.flux_f, forward))
            out.append(Assign(item.flux_b, backward))
            for name, n in item.reactants:
                if name in values:
                    add(name, -n * (item.flux_f - item.flux_b))
            for name, n in item.products:
                if name in values:
                    add(name, n * (item.flux_f - item.flux_b))
        elif isinstance(item, Flux):
            add(item.name, item.rate)
        elif isinstance(item, Compartment):
            for name in item.names:
                volumes[name] = item.volume
        elif isinstance(item, Conserve):
            conserve.append(item)
        else:
            out.append(item)
    rhs = {n: (f / volumes[n] if n in volumes else f) for n, f in rhs.items()}
    return KineticSystem(rhs, tuple(conserve), volumes, tuple(out))
