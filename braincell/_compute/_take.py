"""Gathers with static indices whose reverse-mode derivative is a gather too.

``x[idx]`` differentiates, in JAX, to a scatter-add of the cotangent into ``x``'s shape.
XLA's CPU backend does not compile a loop containing a scatter as one function
(``braincell._config``), so a gradient's backward time loop would fall back to running
each operation on its own (several times slower for a small cell). ``StaticTake`` knows its
indices at build time, so it keeps, for every source element, the list of positions that
read it (``inverse``), and its derivative sums the cotangent over that list with a gather.

Used for the per-step neighbour sums of the cable equation (``_system.py``): each node's
parent voltage and the sum over each node's children.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np


@dataclass(frozen=True, eq=False)
class StaticTake:
    """``y[i] = x[index[i]]`` for an ``x`` of ``size`` elements; ``index[i] == size`` reads
    0. ``inverse[j]`` lists the ``i`` with ``index[i] == j``, padded with ``len(index)``."""

    size: int
    index: np.ndarray
    inverse: np.ndarray
    padded: bool

    @staticmethod
    def build(index, size: int) -> StaticTake:
        index = np.asarray(index, dtype=np.int64).reshape(-1)
        if index.size and (index.min() < 0 or index.max() > size):
            raise ValueError(f"indices must lie in [0, {size}]")
        real = index < size
        count = np.bincount(index[real], minlength=size)
        width = max(int(count.max()) if size else 0, 1)
        inverse = np.full((size, width), index.size, dtype=np.int64)
        order = np.argsort(index, kind="stable")
        order = order[real[order]]
        rank = np.arange(order.size) - np.repeat(np.cumsum(count) - count, count)
        inverse[index[order], rank] = order
        return StaticTake(size=size, index=index.astype(np.uint32),
                          inverse=inverse.astype(np.uint32), padded=bool((~real).any()))

    def __call__(self, x):
        return _take(self, x)


def _gather(t: StaticTake, x):
    if t.padded:
        x = jnp.concatenate([x, jnp.zeros((1,), x.dtype)])
    return x[t.index]


@functools.partial(jax.custom_vjp, nondiff_argnums=(0,))
def _take(t: StaticTake, x):
    return _gather(t, x)


def _take_fwd(t, x):
    return _gather(t, x), None


def _take_bwd(t, _, g):
    g = jnp.concatenate([g, jnp.zeros((1,), g.dtype)])
    return (g[t.inverse].sum(axis=1),)


_take.defvjp(_take_fwd, _take_bwd)
