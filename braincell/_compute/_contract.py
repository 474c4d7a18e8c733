"""The tree solve by tree contraction: few rounds of array work instead of one per level.

The Hines solve (``_tree._solve_levels``) eliminates one *level* of the tree at a time, so it
runs as many sequential steps as the tree is deep (95 for the L5PC cell at 3 CVs per
section). Gaussian elimination may take the nodes in any order, though, and a node with at
most one child can be eliminated without fill-in outside the tree:

* *rake*: a leaf ``k`` folds into its parent ``p`` (``d[p]``, ``rhs[p]`` change);
* *compress*: a node ``k`` with one child ``c`` folds into both; ``c`` becomes a child of
  ``p``, with new off-diagonal entries ``M[c, p] = -M[c, k] M[k, p] / d[k]`` and
  ``M[p, c] = -M[p, k] M[k, c] / d[k]``.

Every round eliminates a set of such nodes no two of which are neighbours (chosen greedily
from the leaves up), so their updates are independent. A chain of n nodes halves each
round, and leaves go at once, so the rounds grow like log n: 11 for the L5PC cell's 1,301
nodes, 7 for a 104-node ball and stick. Back-substitution replays the rounds in reverse.

Each round is a handful of gathers with static index arrays (built once, in numpy), with no
scatter: the survivors of round r are packed into the arrays of round r + 1. The values a
node had when it was eliminated are the arrays saved at the start of its round.

The elimination order differs from NEURON's, so results differ from the level solve only
by rounding (the matrix is diagonally dominant; both are stable).
"""

from __future__ import annotations

from dataclasses import dataclass

import jax.numpy as jnp
import numpy as np
from jax import lax

# A survivor with more eliminated children than this gets the extra ones through a
# second, smaller gather (the soma of a real cell may rake a dozen dendrites at once).
_DENSE_CHILDREN = 2


@dataclass(frozen=True, eq=False)
class Round:
    """One round of eliminations, as static index arrays into the round's node arrays.

    Forward (one entry per survivor): ``src`` its position in this round, ``par`` the
    position of its eliminated parent (``m``, the zero slot, when the parent survives),
    ``has_par`` 1.0 where it has one, ``kids`` the positions of its eliminated children
    (padded with ``m``), ``extra``/``extra_of`` the children past ``_DENSE_CHILDREN``.
    Backward (one entry per node of this round): ``emask`` eliminated here, ``take`` its
    position next round (survivors), ``up``/``down`` the next-round positions of an
    eliminated node's parent and child (``ms``, a zero slot, when it has none) and ``down_b``
    its child's position in this round.
    """

    m: int
    src: np.ndarray
    par: np.ndarray
    has_par: np.ndarray
    kids: np.ndarray
    extra: np.ndarray | None
    extra_of: np.ndarray | None
    emask: np.ndarray
    take: np.ndarray
    up: np.ndarray
    down: np.ndarray
    down_b: np.ndarray


@dataclass(frozen=True, eq=False)
class Tail:
    """The rounds after the first ``UNROLLED``, stacked for one ``lax.scan``.

    Nodes keep the positions they had at the start of the tail (``m`` of them, then the zero
    slot ``m``); an eliminated node's entries are then frozen, which is all the
    back-substitution needs. Arrays are ``[round, position]``: ``par``/``has_par`` an
    eliminated parent, ``kids`` eliminated children (padded with ``m``), ``emask``
    eliminated in this round, ``up``/``down`` an eliminated node's parent and child.
    """

    m: int
    par: np.ndarray
    has_par: np.ndarray
    kids: np.ndarray
    emask: np.ndarray
    up: np.ndarray
    down: np.ndarray


@dataclass(frozen=True, eq=False)
class Schedule:
    rounds: tuple[Round, ...]
    tail: Tail | None = None


# Rounds traced one by one (they are wide); the rest, at most 1/2**UNROLLED of the nodes, run
# as one scan, so compile time does not grow with the tree.
UNROLLED = 4


def contraction_schedule(parent: np.ndarray) -> Schedule:
    """The rounds for the tree ``parent`` (parents-first, ``parent[0] == -1``)."""
    parent = np.asarray(parent, dtype=np.int64)
    n = parent.size
    cp = parent.copy()  # current parent of each live node
    nch = np.bincount(parent[1:], minlength=n).astype(np.int64)  # live children
    order = np.arange(n)  # live nodes, ascending; the root stays first
    rounds = []
    while order.size > 1:
        m = order.size
        pos = np.full(n, m)
        pos[order] = np.arange(m)
        only_child = np.full(n, -1)
        kids_of = order[1:]
        single = nch[cp[kids_of]] == 1
        only_child[cp[kids_of][single]] = kids_of[single]
        # greedy independent set, children before parents (descending ids)
        blocked = np.zeros(n, bool)
        picked = []
        for k in order[:0:-1].tolist():
            if nch[k] <= 1 and not blocked[k]:
                picked.append(k)
                blocked[cp[k]] = True
        picked = np.array(picked[::-1], dtype=np.int64)
        elim = np.zeros(n, bool)
        elim[picked] = True
        surv = order[~elim[order]]
        ms = surv.size
        spos = np.full(n, ms)
        spos[surv] = np.arange(ms)
        # forward: survivors gather their own row, an eliminated parent and eliminated kids
        sp = cp[surv]
        par_elim = (sp >= 0) & elim[np.maximum(sp, 0)]
        par = np.where(par_elim, pos[np.maximum(sp, 0)], m)
        owner = spos[cp[picked]]  # the survivor each eliminated node folds into
        count = np.bincount(owner, minlength=ms)
        width = int(count.max()) if picked.size else 1
        dense = min(width, _DENSE_CHILDREN)
        slot = np.zeros(picked.size, np.int64)  # rank of each eliminated node among siblings
        sort = np.argsort(owner, kind="stable")
        starts = np.concatenate([[0], np.cumsum(count)[:-1]])
        slot[sort] = np.arange(picked.size) - starts[owner[sort]]
        kids = np.full((ms, max(dense, 1)), m)
        near = slot < dense
        kids[owner[near], slot[near]] = pos[picked[near]]
        extra = extra_of = None
        if width > dense:
            rows = np.flatnonzero(count > dense)
            extra = np.full((rows.size, width - dense), m)
            row_of = np.full(ms, rows.size)
            row_of[rows] = np.arange(rows.size)
            far = ~near
            extra[row_of[owner[far]], slot[far] - dense] = pos[picked[far]]
            extra_of = row_of
        # backward: each node of this round reads next round's solution
        take = np.where(elim[order], ms, spos[order])
        up = np.full(m, ms)
        down = np.full(m, ms)
        down_b = np.full(m, m)
        up[pos[picked]] = spos[cp[picked]]
        child = only_child[picked]
        has_child = (nch[picked] == 1) & (child >= 0)
        down[pos[picked[has_child]]] = spos[child[has_child]]
        down_b[pos[picked[has_child]]] = pos[child[has_child]]
        rounds.append(Round(m=m, src=_index(pos[surv]), par=_index(par),
                            has_par=par_elim.astype(np.float64), kids=_index(kids),
                            extra=_index(extra), extra_of=_index(extra_of), emask=elim[order],
                            take=_index(take), up=_index(up), down=_index(down),
                            down_b=_index(down_b)))
        # the tree after this round
        np.subtract.at(nch, cp[picked], 1)
        moved = child[has_child]
        cp[moved] = cp[picked[has_child]]
        np.add.at(nch, cp[moved], 1)
        order = surv
    head = tuple(rounds[:UNROLLED])
    return Schedule(rounds=head, tail=_stack_tail(rounds[UNROLLED:]) if rounds[UNROLLED:] else None)


def _stack_tail(rounds: list[Round]) -> Tail:
    m = rounds[0].m
    count = len(rounds)
    where = np.arange(m + 1)  # tail position of each position of the current round, + slot
    par = np.full((count, m + 1), m)
    has_par = np.zeros((count, m + 1))
    emask = np.zeros((count, m + 1), bool)
    up = np.full((count, m + 1), m)
    down = np.full((count, m + 1), m)
    kid_lists = []
    for k, r in enumerate(rounds):
        mine = where[: r.m]
        survivors = mine[r.src]
        after = np.append(survivors, m)  # next round's positions, + slot
        slot = np.append(where[: r.m], m)  # this round's positions, + slot
        par[k, survivors] = slot[r.par]
        has_par[k, survivors] = r.has_par
        emask[k, mine] = r.emask
        up[k, mine] = after[r.up]
        down[k, mine] = after[r.down]
        kids = slot[r.kids]
        if r.extra is not None:
            extra = np.vstack([slot[r.extra], np.full((1, r.extra.shape[1]), m)])
            kids = np.hstack([kids, extra[r.extra_of]])
        kid_lists.append((survivors, kids))
        where = np.append(survivors, m)
    width = max(k.shape[1] for _, k in kid_lists)
    kids = np.full((count, m + 1, width), m)
    for k, (survivors, kk) in enumerate(kid_lists):
        kids[k, survivors, : kk.shape[1]] = kk
    return Tail(m=m, par=_index(par), has_par=has_par, kids=_index(kids), emask=emask,
                up=_index(up), down=_index(down))


def _index(idx):
    """Unsigned indices: jnp skips the negative-index fix-up, which XLA would constant-fold
    (slowly) on every compile."""
    return None if idx is None else np.ascontiguousarray(idx, dtype=np.uint32)


def contract_solve(schedule: Schedule, d, rhs, a, b):
    """Solve NEURON's tree system (``_tree.solve``'s conventions) round by round."""
    dtype = d.dtype
    one = jnp.ones((1,), dtype)
    zero = jnp.zeros((1,), dtype)
    # lo[i] = M[i, parent] (NEURON's b), hi[i] = M[parent, i] (NEURON's a)
    lo = b.at[0].set(0)
    hi = a.at[0].set(0)
    saved = []
    for r in schedule.rounds:
        dd = jnp.concatenate([d, one])
        rr = jnp.concatenate([rhs, zero])
        lo_ = jnp.concatenate([lo, zero])
        hi_ = jnp.concatenate([hi, zero])
        saved.append((dd, rr, lo_, hi_))
        inv = 1.0 / dd
        fold_d = hi_ * lo_ * inv  # what an eliminated node takes off its parent's d and rhs
        fold_r = hi_ * rr * inv
        sum_d = fold_d[r.kids].sum(1)
        sum_r = fold_r[r.kids].sum(1)
        if r.extra is not None:
            sum_d = sum_d + jnp.concatenate([fold_d[r.extra].sum(1), zero])[r.extra_of]
            sum_r = sum_r + jnp.concatenate([fold_r[r.extra].sum(1), zero])[r.extra_of]
        lo_s, hi_s = lo_[r.src], hi_[r.src]
        ip = inv[r.par] * r.has_par
        has = r.has_par > 0
        d = dd[r.src] - sum_d - lo_s * hi_s * ip
        rhs = rr[r.src] - sum_r - lo_s * rr[r.par] * ip
        lo = jnp.where(has, -lo_s * lo_[r.par] * ip, lo_s)
        hi = jnp.where(has, -hi_[r.par] * hi_s * ip, hi_s)
    if schedule.tail is not None:
        x = _tail_solve(schedule.tail, d, rhs, lo, hi)
    else:
        x = rhs / d  # the root
    for r, (dd, rr, lo_, hi_) in zip(reversed(schedule.rounds), reversed(saved)):
        xx = jnp.concatenate([x, zero])
        m = r.m
        xe = (rr[:m] - lo_[:m] * xx[r.up] - hi_[r.down_b] * xx[r.down]) / dd[:m]
        x = jnp.where(r.emask, xe, xx[r.take])
    return x


def _tail_solve(tail: Tail, d, rhs, lo, hi):
    """The tail rounds as two scans (elimination, back-substitution) at fixed positions."""
    one = jnp.ones((1,), d.dtype)
    zero = jnp.zeros((1,), d.dtype)
    d, rhs = jnp.concatenate([d, one]), jnp.concatenate([rhs, zero])
    lo, hi = jnp.concatenate([lo, zero]), jnp.concatenate([hi, zero])

    def eliminate(carry, r):
        d, rhs, lo, hi, hc = carry
        par, has_par, kids, emask, down = r
        inv = 1.0 / d
        ip = inv[par] * has_par
        has = has_par > 0
        hc = jnp.where(emask, hi[down], hc)  # M[k, child] when k goes
        carry = (d - (hi * lo * inv)[kids].sum(1) - lo * hi * ip,
                 rhs - (hi * rhs * inv)[kids].sum(1) - lo * rhs[par] * ip,
                 jnp.where(has, -lo * lo[par] * ip, lo),
                 jnp.where(has, -hi[par] * hi * ip, hi), hc)
        return carry, None

    xs = (tail.par, tail.has_par, tail.kids, tail.emask, tail.down)
    (d, rhs, lo, hi, hc), _ = lax.scan(eliminate, (d, rhs, lo, hi, jnp.zeros_like(d)), xs)
    x = jnp.zeros_like(d).at[0].set(rhs[0] / d[0])  # the root

    def substitute(x, r):
        emask, up, down = r
        return jnp.where(emask, (rhs - lo * x[up] - hc * x[down]) / d, x), None

    x, _ = lax.scan(substitute, x, (tail.emask, tail.up, tail.down), reverse=True)
    return x[: tail.m]
