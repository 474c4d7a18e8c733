"""The JAX pytrees that flow through a simulation: parameters and state."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import jax
import jax.numpy as jnp

from ..errors import SpecError
from ..mech._mechanism import did_you_mean

Array = jax.Array


@jax.tree_util.register_dataclass
@dataclass(frozen=True)
class IonState:
    """Per-node values of one ion: concentrations (mM), reversal (mV), total current
    (mA/cm²) and its derivative in v, as summed during the last current evaluation."""

    ci: Array
    co: Array
    e: Array
    i: Array
    didv: Array


@jax.tree_util.register_dataclass
@dataclass(frozen=True)
class CellState:
    """Everything that changes during a run: ``v`` per node, each group's variables, ions."""

    v: Array
    vars: tuple[dict[str, Array], ...]
    ions: dict[str, IonState]
    events: object = None  # an EventState when the cell has NET_RECEIVE mechanisms

    def replace(self, **changes) -> CellState:
        return dataclasses.replace(self, **changes)


@jax.tree_util.register_dataclass
@dataclass(frozen=True)
class CellParams:
    """Everything a gradient can be taken with respect to.

    ``mech[g][name]`` holds one value per instance of group ``g``; ``labels`` (static)
    names the groups. ``cm`` is per node (uF/cm²); ``ion0[ion]`` holds ``ci0, co0, e0``.
    """

    mech: tuple[dict[str, Array], ...]
    cm: Array
    celsius: Array
    v_init: Array
    ion0: dict[str, dict[str, Array]]
    labels: tuple[str, ...] = dataclasses.field(metadata={"static": True}, default=())

    def replace(self, **changes) -> CellParams:
        return dataclasses.replace(self, **changes)

    def _index(self, label: str) -> int:
        if label not in self.labels:
            raise SpecError(f"no mechanism {label!r}{did_you_mean(label, self.labels)}; "
                            f"have: {', '.join(self.labels)}")
        return self.labels.index(label)

    def get(self, label: str, name: str) -> Array:
        """The values of parameter ``name`` of mechanism ``label`` (one per instance)."""
        values = self.mech[self._index(label)]
        if name not in values:
            raise SpecError(f"mechanism {label!r} has no parameter {name!r}"
                            f"{did_you_mean(name, values)}; valid: {', '.join(values)}")
        return values[name]

    def set(self, label: str, **values) -> CellParams:
        """A copy with new values for parameters of mechanism ``label``.

        A value is a scalar (all instances) or an array with one value per instance. To run
        a batch, ``jax.vmap`` a function that calls ``set`` (see the batching docs).
        """
        g = self._index(label)
        old = self.mech[g]
        new = dict(old)
        for name, value in values.items():
            current = self.get(label, name)
            new[name] = jnp.broadcast_to(jnp.asarray(value, dtype=current.dtype), current.shape)
        mech = self.mech[:g] + (new,) + self.mech[g + 1:]
        return dataclasses.replace(self, mech=mech)
