"""The mechanism interface that hand-written channels and lowered .mod files share.

A :class:`Mechanism` is a frozen description of one mechanism type (``hh``, ``pas``,
``IClamp``...): its parameters with defaults and units, its states, its ion reads and
writes, and four pure functions over arrays of instances:

* ``init(p, env) -> vars``: initial values of the STATEs and persistent ASSIGNED variables
  (NEURON's INITIAL block);
* ``breakpoint(p, s, env) -> vars``: the currents (and any ASSIGNED values computed with
  them) at ``env.v`` (NEURON's BREAKPOINT without its SOLVE);
* ``advance(p, s, env) -> vars``: the states after one step of ``env.dt``, with ``env.v``
  the *new* voltage (the SOLVE block);
* ``derivative(p, s, env) -> vars``: ``d state/dt``, for the non-NEURON integrators
  (``rk4``).

``p`` maps parameter names to arrays (one value per instance), ``s`` maps variable names to
arrays, ``env`` is an :class:`~braincell.mech.Env`. Every function works elementwise, so the
same code runs for one instance, for every CV of a cell, or under ``vmap``.

Currents follow NEURON: density mechanisms in mA/cm², point processes in nA. The engine
sums every written ion current (``ina``...), every NONSPECIFIC_CURRENT and, with the opposite
sign, every ELECTRODE_CURRENT; it takes dI/dv by a finite difference at ``v + 0.001``.
"""

from __future__ import annotations

import dataclasses
import difflib
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ..errors import SpecError
from ._types import Array, Env, IonUse, Param, Var

Kind = Literal["density", "point", "artificial"]
Vars = dict[str, Array]


def did_you_mean(name: str, choices) -> str:
    """`` (did you mean 'x'?)`` or the empty string."""
    close = difflib.get_close_matches(name, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass(frozen=True)
class Mechanism(ABC):
    """Base class of every mechanism type; subclasses implement the four functions."""

    name: str
    kind: Kind = "density"
    parameters: tuple[Param, ...] = ()
    states: tuple[Var, ...] = ()
    assigned: tuple[Var, ...] = ()
    ions: tuple[IonUse, ...] = ()
    nonspecific_currents: tuple[str, ...] = ()
    electrode_currents: tuple[str, ...] = ()

    # -- configuration -------------------------------------------------------------------
    def __call__(self, **values: float) -> Mechanism:
        """A copy with new parameter defaults: ``hh(gnabar=0.2)``.

        A trailing underscore stands for a name that is a Python keyword:
        ``IClamp(del_=5, dur=1, amp=0.1)``.
        """
        known = {p.name: p for p in self.parameters}
        values = {k[:-1] if k.endswith("_") and k[:-1] in known else k: v
                  for k, v in values.items()}
        for key in values:
            if key not in known:
                raise SpecError(
                    f"mechanism {self.name!r} has no parameter {key!r}"
                    f"{did_you_mean(key, known)}; valid: {', '.join(known) or '(none)'}"
                )
        params = tuple(
            dataclasses.replace(p, default=float(values[p.name])) if p.name in values else p
            for p in self.parameters
        )
        return dataclasses.replace(self, parameters=params)

    @property
    def defaults(self) -> dict[str, float]:
        return {p.name: p.default for p in self.parameters}

    # -- derived facts ---------------------------------------------------------------------
    @property
    def current_names(self) -> tuple[str, ...]:
        """Every current the engine sums: ion currents, nonspecific, electrode."""
        ion = tuple(use.current for use in self.ions if use.writes_current)
        return ion + self.nonspecific_currents + self.electrode_currents

    @property
    def variable_names(self) -> tuple[str, ...]:
        """Recordable variables: states, assigned, currents (in that order, no repeats)."""
        names = [v.name for v in self.states] + [v.name for v in self.assigned]
        names += [c for c in self.current_names if c not in names]
        return tuple(names)

    @property
    def ion_reads(self) -> tuple[str, ...]:
        return tuple(n for use in self.ions for n in use.read)

    def describe(self) -> str:
        params = ", ".join(f"{p.name}={p.default:g} {p.unit}".rstrip() for p in self.parameters)
        return f"{self.kind} mechanism {self.name}({params})"

    # -- behaviour -----------------------------------------------------------------------
    @abstractmethod
    def init(self, p: Mapping[str, Array], env: Env) -> Vars:
        """Initial STATE and persistent ASSIGNED values (NEURON's INITIAL)."""

    @abstractmethod
    def breakpoint(self, p: Mapping[str, Array], s: Mapping[str, Array], env: Env) -> Vars:
        """Currents and ASSIGNED values at ``env.v`` (NEURON's BREAKPOINT, minus SOLVE)."""

    def advance(self, p: Mapping[str, Array], s: Mapping[str, Array], env: Env) -> Vars:
        """States after one step; mechanisms without states need not override this."""
        if self.states:
            raise TypeError(f"{type(self).__name__} has states, so it must define advance()")
        return {}

    def derivative(self, p: Mapping[str, Array], s: Mapping[str, Array], env: Env) -> Vars:
        """``d state / dt``; needed only by integrators that are not NEURON's (``rk4``)."""
        if self.states:
            raise SpecError(
                f"mechanism {self.name!r} does not provide state derivatives, so it cannot "
                f"run with this solver; use solver 'backward_euler' or 'crank_nicolson'"
            )
        return {}
