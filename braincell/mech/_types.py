"""Plain-data building blocks of a mechanism declaration."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import jax
import jax.numpy as jnp

Array = jax.Array


@dataclass(frozen=True)
class Param:
    """A PARAMETER: name, default value, unit, and whether it is per instance ("range")
    or shared by all instances ("global")."""

    name: str
    default: float
    unit: str = ""
    kind: Literal["range", "global"] = "range"
    limits: tuple[float, float] | None = None


@dataclass(frozen=True)
class Var:
    """A STATE or a persistent ASSIGNED variable of a mechanism."""

    name: str
    unit: str = ""


@dataclass(frozen=True)
class IonUse:
    """``USEION <ion> READ ... WRITE ... VALENCE z``.

    ``read``/``write`` hold NEURON variable names (``ena``, ``nai``, ``ina``, ``cai``...).
    """

    ion: str
    read: tuple[str, ...] = ()
    write: tuple[str, ...] = ()
    valence: int | None = None

    @property
    def current(self) -> str:
        return f"i{self.ion}"

    @property
    def writes_current(self) -> bool:
        return self.current in self.write

    @property
    def reads_conc(self) -> bool:
        return any(n in self.read for n in (f"{self.ion}i", f"{self.ion}o"))

    @property
    def writes_conc(self) -> tuple[str, ...]:
        return tuple(n for n in (f"{self.ion}i", f"{self.ion}o") if n in self.write)

    @property
    def writes_rev(self) -> bool:
        return f"e{self.ion}" in self.write


@jax.tree_util.register_dataclass
@dataclass(frozen=True)
class Env:
    """What a mechanism sees of the world at its instances (all arrays broadcast together).

    ``v`` (mV), ``t`` (ms), ``dt`` (ms), ``celsius`` (degC), ``diam`` (um), ``area`` (um2),
    and ``ions``: the ion variables the mechanism reads, by NEURON name (``ena``, ``nai``...).
    ``key`` is the ``jax.random`` key of this evaluation for mechanisms that draw random
    numbers (None where nothing draws): the engine gives each step, group and event
    delivery its own key.
    """

    v: Array
    t: Array
    dt: Array
    celsius: Array
    diam: Array
    area: Array
    ions: dict[str, Array] = field(default_factory=dict)
    key: Array | None = None

    def at_voltage(self, v: Array) -> Env:
        return Env(v, self.t, self.dt, self.celsius, self.diam, self.area, self.ions, self.key)

    def at_time(self, t: Array) -> Env:
        return Env(self.v, t, self.dt, self.celsius, self.diam, self.area, self.ions, self.key)


def as_array(x) -> Array:
    return jnp.asarray(x, dtype=jnp.result_type(float))
