"""The solver interface and the registry of solvers by name."""

from __future__ import annotations

from abc import ABC, abstractmethod

from ..errors import SpecError


class Solver(ABC):
    """Advances a :class:`~braincell._compute.System` state by one step of ``dt``."""

    name: str = ""

    @abstractmethod
    def step(self, system, params, state, t, dt):
        """The state at ``t + dt`` given the state at ``t``."""

    def __repr__(self) -> str:
        return f"braincell.quad.{self.name}"


class NeuronCompatible(Solver):
    """Marker: reproduces one of NEURON's fixed-step schemes exactly."""


def solvers() -> dict[str, Solver]:
    from . import backward_euler, crank_nicolson, exp_euler, rk4

    return {s.name: s for s in (backward_euler, crank_nicolson, exp_euler, rk4)}


def solver_by_name(name: str | Solver) -> Solver:
    """The solver called ``name`` (or ``name`` itself when it is already a solver)."""
    if isinstance(name, Solver):
        return name
    table = solvers()
    if name not in table:
        raise SpecError(f"unknown solver {name!r}; valid: {', '.join(table)}")
    return table[name]
