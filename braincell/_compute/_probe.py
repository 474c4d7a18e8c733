"""Probes: where a recorded trace comes from, and a fast gather of all of them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

import jax.numpy as jnp
import numpy as np

from ._state import CellState


@dataclass(frozen=True)
class ProbeTarget:
    """One recorded value: the voltage at a node, a mechanism variable of one instance,
    or an ion variable (``field`` in ci, co, e, i) at a node."""

    source: Literal["v", "var", "ion"]
    index: int
    group: int = -1
    name: str = ""

    def array(self, state: CellState):
        if self.source == "v":
            return state.v
        if self.source == "var":
            return state.vars[self.group][self.name]
        ion, field = self.name.split(".")
        return getattr(state.ions[ion], field)


class Recorder:
    """Gathers every probe from a state into one vector, one gather per source array.

    ``position(target)`` is where a target's value sits in its source array (default: its
    ``index``; a dense group's variables are per node, see :class:`~._system.System`).
    """

    def __init__(self, targets: tuple[ProbeTarget, ...], position=None):
        self.targets = targets
        position = position or (lambda tgt: tgt.index)
        buckets: dict[tuple, list[int]] = defaultdict(list)
        for k, tgt in enumerate(targets):
            buckets[(tgt.source, tgt.group, tgt.name)].append(k)
        self._buckets = tuple(
            (targets[ks[0]], np.array([position(targets[k]) for k in ks]), ks)
            for ks in buckets.values())
        order = [k for _, _, ks in self._buckets for k in ks]
        self._inverse = np.argsort(np.array(order, dtype=int)) if targets else np.zeros(0, int)

    def __call__(self, state: CellState):
        if not self.targets:
            return jnp.zeros(0)
        parts = [tgt.array(state)[idx] for tgt, idx, _ in self._buckets]
        return jnp.concatenate(parts)[self._inverse]
