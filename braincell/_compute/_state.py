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
    """Everything that changes during a run: ``v`` per node, each group's variables, ions.
    ``key``: where mechanisms draw random numbers, the ``jax.random`` key of the present
    step (the time loop sets one per step; each group folds in its index)."""

    v: Array
    vars: tuple[dict[str, Array], ...]
    ions: dict[str, IonState]
    events: object = None  # an EventState when the cell has NET_RECEIVE mechanisms
    key: object = None

    def replace(self, **changes) -> CellState:
        return dataclasses.replace(self, **changes)


@jax.tree_util.register_dataclass
@dataclass(frozen=True)
class AxialTerms:
    """The cable's coupling for one run, derived from ``CellParams.Ra`` by
    :meth:`~braincell._compute._system.System.axial_terms`: NEURON's ``a`` and ``b`` per node
    and, per node, the sum of its children's ``a`` (the matrix diagonal has
    ``-b[i] - children_a[i]``)."""

    a: Array
    b: Array
    children_a: Array


@jax.tree_util.register_dataclass
@dataclass(frozen=True)
class CellParams:
    """Everything a gradient can be taken with respect to.

    ``mech[g][name]`` holds one value per instance of group ``g``; ``labels`` (static)
    names the groups. ``cm`` (µF/cm²) and ``Ra`` (Ω·cm) are per node: a node's ``Ra`` is the
    resistivity of its CV's segment (only nodes with membrane have one; the others' values
    are not used). ``ion0[ion]`` holds ``ci0, co0, e0``. ``initial[g][name]`` holds the
    initial values of STATE ``name`` of group ``g`` where they are set (:meth:`set_initial`),
    one per instance; the others start where the INITIAL block puts them.

    ``axial`` is not a parameter: ``System.prepare`` fills it, for one run, from ``Ra``.
    """

    mech: tuple[dict[str, Array], ...]
    cm: Array
    Ra: Array
    celsius: Array
    v_init: Array
    ion0: dict[str, dict[str, Array]]
    initial: tuple[dict[str, Array], ...]
    labels: tuple[str, ...] = dataclasses.field(metadata={"static": True}, default=())
    states: tuple[tuple[str, ...], ...] = dataclasses.field(metadata={"static": True},
                                                            default=())
    sizes: tuple[int, ...] = dataclasses.field(metadata={"static": True}, default=())
    axial: AxialTerms | None = None

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

    def _state_name(self, g: int, label: str, name: str) -> None:
        states = self.states[g]
        if name not in states:
            valid = ", ".join(states) if states else "none (it has no STATE)"
            raise SpecError(f"mechanism {label!r} has no STATE {name!r}"
                            f"{did_you_mean(name, states)}; valid: {valid}")

    def set_initial(self, label: str, **values) -> CellParams:
        """A copy in which STATEs of mechanism ``label`` start at the given values instead
        of where its INITIAL block puts them::

            params = sim.params.set_initial("hh", m=0.1, h=0.5)

        A value is a scalar (all instances) or an array with one value per instance (the
        order of :meth:`get`; ``cell.instances(label, region)`` finds a region's). A NaN
        entry leaves that instance to the INITIAL block. The values are parameters like any
        other: ``jax.grad`` of a loss with respect to these params differentiates them.
        """
        g = self._index(label)
        new = dict(self.initial[g])
        for name, value in values.items():
            self._state_name(g, label, name)
            new[name] = jnp.broadcast_to(jnp.asarray(value, dtype=self.cm.dtype),
                                         (self.sizes[g],))
        initial = self.initial[:g] + (new,) + self.initial[g + 1:]
        return dataclasses.replace(self, initial=initial)

    def get_initial(self, label: str, name: str) -> Array:
        """The initial values of STATE ``name`` of mechanism ``label`` set by
        :meth:`set_initial` (one per instance; NaN where INITIAL decides)."""
        g = self._index(label)
        self._state_name(g, label, name)
        if name not in self.initial[g]:
            raise SpecError(f"the initial value of {label}.{name} is not set (its INITIAL "
                            f"block gives it); set it with params.set_initial({label!r}, "
                            f"{name}=...)")
        return self.initial[g][name]
