"""The tree solve of an unbranched cable in JAX, from both ends toward the centre.

A chain of ``n`` nodes (node 0 at one end, ``parent[i] == i - 1``) has a tridiagonal matrix.
Rooting it at its centre node ``c`` (as the compiled kernel of ``_native.py`` does) makes
the elimination two independent chains: the *left arm* ``0, 1, ..., c - 1`` folds toward
``c`` and the *right arm* ``n - 1, ..., c + 1`` folds toward ``c`` too. Both arms run side
by side as the two lanes of one ``lax.scan`` (the shorter arm padded at its far end with
identity rows), then the centre is solved and back-substitution walks both arms outward.

Every step reads one column of static ``(2, K)`` tables and updates two-element arrays:
there is no scatter, so XLA can compile a simulation's whole time loop, this solve
included, as one function (``braincell._config``: ``xla_cpu_small_while_loop_byte_threshold``),
where the per-step dispatch of the compiled kernel's custom call would cost more than the
solve. ``PointTree.from_parent`` chooses it (``_tree.py``).

Elimination of node ``j`` into its successor ``s`` (the next node toward the centre)::

    d'[s] = d[s] - M[s, j] M[j, s] / d'[j]        r'[s] = r[s] - M[s, j] r'[j] / d'[j]

and back-substitution ``x[j] = (r'[j] - M[j, s] x[s]) / d'[j]``, the same arithmetic as the
kernel's in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass

import jax.numpy as jnp
import numpy as np
from jax import lax

# scan iterations emitted per loop trip: 4 measured best for a 104-node chain (W2)
_UNROLL = 4


@dataclass(frozen=True, eq=False)
class ChainPlan:
    """Static tables of a chain rooted at its centre node ``c``.

    ``arm[0, k]`` and ``arm[1, k]`` are the nodes at step ``k`` of the left and right arm
    (``n``, an identity row, where an arm is shorter). ``succ`` holds, per step and arm, the
    node whose ``a``/``b`` entries couple a node with its successor: ``j + 1`` on the left
    (``M[j, s] = a[j+1]``, ``M[s, j] = b[j+1]``), ``j`` itself on the right (``M[j, s] =
    b[j]``, ``M[s, j] = a[j]``); ``n`` is an appended zero. ``out`` is the position of each
    node in the flattened arm solution followed by the centre.
    """

    c: int
    arm: np.ndarray
    succ: tuple[np.ndarray, np.ndarray]
    out: np.ndarray


def chain_plan(n: int) -> ChainPlan:
    """The plan for a chain of ``n >= 2`` nodes with ``parent[i] == i - 1``."""
    c = n // 2
    left = np.arange(c)  # 0 ... c-1, successor j + 1
    right = np.arange(n - 1, c, -1)  # n-1 ... c+1, successor j - 1
    k = max(left.size, right.size)
    arm = np.full((2, k), n, dtype=np.int64)
    arm[0, k - left.size:] = left
    arm[1, k - right.size:] = right
    succ = (np.where(arm[0] < n, arm[0] + 1, n), arm[1])
    pos = np.full(n, 2 * k, dtype=np.int64)  # the centre's slot after the arms
    flat = arm.reshape(-1)
    real = flat < n
    pos[flat[real]] = np.flatnonzero(real)
    return ChainPlan(c=c, arm=_u32(arm), succ=tuple(_u32(x) for x in succ), out=_u32(pos))


def _u32(idx):
    return np.ascontiguousarray(idx, dtype=np.uint32)


def chain_solve(plan: ChainPlan, d, rhs, a, b):
    """Solve the chain's system (``_tree.solve``'s conventions for ``d``, ``rhs``, ``a``,
    ``b``; ``a[0]`` and ``b[0]`` are not read)."""
    dtype = d.dtype
    zero = jnp.zeros((1,), dtype)
    dx = jnp.concatenate([d, jnp.ones((1,), dtype)])
    rx = jnp.concatenate([rhs, zero])
    ax = jnp.concatenate([a, zero])
    bx = jnp.concatenate([b, zero])
    left, right = plan.succ
    to_succ = jnp.stack([ax[left], bx[right]], axis=1)  # M[j, s], (K, 2)
    from_succ = jnp.stack([bx[left], ax[right]], axis=1)  # M[s, j]
    arm = plan.arm.T  # (K, 2)

    def eliminate(carry, col):
        fold_d, fold_r = carry  # what the previous node takes off this one
        d_k, r_k, m_out, m_in = col
        dk = d_k - fold_d
        rk = r_k - fold_r
        inv = 1.0 / dk
        f = m_in * inv
        return (f * m_out, f * rk), (inv, rk)

    zero2 = jnp.zeros((2,), dtype)
    (fold_d, fold_r), (inv, rr) = lax.scan(
        eliminate, (zero2, zero2), (dx[arm], rx[arm], to_succ, from_succ), unroll=_UNROLL)
    xc = (rx[plan.c] - fold_r.sum()) / (dx[plan.c] - fold_d.sum())

    def substitute(x_next, col):
        inv_k, r_k, m_out = col
        x = (r_k - m_out * x_next) * inv_k
        return x, x

    _, xs = lax.scan(substitute, jnp.stack([xc, xc]), (inv, rr, to_succ), reverse=True,
                     unroll=_UNROLL)
    return jnp.concatenate([xs.T.reshape(-1), xc[None]])[plan.out]
