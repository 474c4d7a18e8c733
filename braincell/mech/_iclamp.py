"""NEURON's ``IClamp``: a current pulse of ``amp`` nA from ``del`` for ``dur`` ms."""

from __future__ import annotations

from dataclasses import dataclass

import jax.numpy as jnp

from ._mechanism import Kind, Mechanism
from ._types import Param


@dataclass(frozen=True)
class IClampMechanism(Mechanism):
    name: str = "IClamp"
    kind: Kind = "point"
    parameters: tuple[Param, ...] = (
        Param("del", 0.0, "ms", limits=(0.0, 1e9)),
        Param("dur", 0.0, "ms", limits=(0.0, 1e9)),
        Param("amp", 0.0, "nA"),
    )
    electrode_currents: tuple[str, ...] = ("i",)

    def init(self, p, env):
        return {}

    def breakpoint(self, p, s, env):
        on = (env.t >= p["del"]) & (env.t < p["del"] + p["dur"])
        return {"i": jnp.where(on, p["amp"], 0.0 * p["amp"])}


IClamp = IClampMechanism()
