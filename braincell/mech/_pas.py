"""NEURON's ``pas``: a passive leak, ``i = g (v - e)``."""

from __future__ import annotations

from dataclasses import dataclass

from ._mechanism import Mechanism
from ._types import Param


@dataclass(frozen=True)
class Pas(Mechanism):
    name: str = "pas"
    parameters: tuple[Param, ...] = (
        Param("g", 0.001, "S/cm2", limits=(0.0, 1e9)),
        Param("e", -70.0, "mV"),
    )
    nonspecific_currents: tuple[str, ...] = ("i",)

    def init(self, p, env):
        return {}

    def breakpoint(self, p, s, env):
        return {"i": p["g"] * (env.v - p["e"])}

    def advance(self, p, s, env):
        return {}


pas = Pas()
