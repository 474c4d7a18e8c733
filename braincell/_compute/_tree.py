"""NEURON's tree matrix and its Hines solve, level by level in JAX.

The matrix of a cell's cable equation (NEURON's ``triang``/``bksub``, ``src/nrnoc/solve.cpp``)
has, for every node ``i`` with parent ``p = parent[i]``:

* ``d[i]`` on the diagonal,
* ``b[i]`` at (row i, column p): the parent's effect on node i,
* ``a[i]`` at (row p, column i): the child's effect on its parent.

Gaussian elimination without fill-in goes from the leaves to the root (each node folds into its
parent) and back-substitution from the root to the leaves. Nodes at the same depth are
independent, so ``PointTree`` groups them into *levels* (built once, in numpy) and ``solve``
runs one ``lax.scan`` step per level with a gather and a scatter-add. The traced program has a
fixed size whatever the number of nodes, so compile time does not grow with the cell; run time
grows with the depth. ``solve`` is differentiable (reverse and forward mode) and vmappable.

Padding: each level is padded to the widest level with a dummy node (index ``n``) whose row is
the identity and which is its own parent, so padded work is ``depth * width``.

A level of one node runs in a few nanoseconds, but a wider level's gather and scatter-add
cost over 100 ns, so a branched tree (a real cell: depth 95 for the L5PC at 3 CVs per
section) is solved instead by tree contraction (``_contract.py``): about log n rounds of
gathers, 5 to 8 times faster there. ``PointTree.from_parent`` picks the method
(``method="auto"``): levels for an unbranched chain shorter than ``CHAIN_CONTRACT_FROM``
nodes, contraction otherwise.

On the CPU, ``"auto"`` and ``"native"`` run the same elimination as a compiled kernel
(``_native.py``, an XLA FFI custom call), with the JAX schedule above kept for other
platforms and for machines where the kernel cannot be built. The kernel roots the tree at
the centre of its longest path (a chain becomes two independent halves) and visits the
nodes level by level, so that the CPU overlaps the divisions of independent nodes. ``python benchmarks/bench_tree.py`` measures
all three.

An unbranched chain of up to ``CHAIN_JAX_UP_TO`` nodes is the exception, where XLA compiles
small loops whole (``braincell._config.whole_loops``, set by importing braincell): ``"auto"``
then solves it in JAX by the same centre-rooted elimination (``_chain.py``), because the
kernel's custom call would keep XLA from compiling the time loop as one function, and the
per-operation dispatch this saves is worth more than the kernel (W2, a 104-CV cable: 3.4 to
2.6 µs per step). ``method="chain"`` asks for it explicitly.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from braincell.errors import BraincellError

from .. import _config
from . import _native
from ._chain import ChainPlan, chain_plan, chain_solve
from ._contract import Schedule, contract_solve, contraction_schedule

# "auto" solves an unbranched chain by levels below this many nodes, by contraction above
# (benchmarks/bench_tree.py on the 2-core CI-class CPU: 16 vs 18 µs at 1,024, 96 vs 66 µs
# at 4,096); a branched tree always by contraction.
CHAIN_CONTRACT_FROM = 2048
# "auto" solves an unbranched chain of up to this many nodes in JAX from both ends
# (``_chain.py``) where XLA compiles small loops whole (``braincell._config.whole_loops``)
CHAIN_JAX_UP_TO = 384


class TreeError(BraincellError):
    """A parent array that is not a single tree in parents-first order."""


@dataclass(frozen=True, eq=False)
class PointTree:
    """The level schedule of a tree of ``n`` nodes given by ``parent`` (``parent[0] == -1``).

    ``levels[k]`` lists the nodes at depth ``k`` (the root is level 0), padded with ``n``.
    ``parent_ext`` is ``parent`` with the root and the dummy node ``n`` pointing at ``n``.
    ``schedule`` is the tree-contraction schedule when ``solve`` uses it, else None.
    ``kernel`` holds the compiled kernel's rooting of the tree (``_kernel_rooting``) when
    ``solve`` uses the kernel on the CPU (where it is available), else None.
    """

    n: int = field(metadata=dict(static=True))
    parent_ext: np.ndarray
    levels: np.ndarray
    schedule: Schedule | None = None
    kernel: tuple[np.ndarray, ...] | None = None
    chain: ChainPlan | None = None

    @staticmethod
    def from_parent(parent, method: str = "auto") -> PointTree:
        """The schedule for ``parent``; ``method`` is ``"levels"``, ``"contract"``,
        ``"native"`` or ``"auto"`` (see the module docstring). ``"native"`` and ``"auto"``
        differ only where the kernel is unavailable or off the CPU: both then use auto's JAX
        schedule."""
        if method not in ("auto", "levels", "contract", "native", "chain"):
            raise TreeError("method must be 'auto', 'levels', 'contract', 'native' or "
                            f"'chain', not {method!r}")
        parent = np.asarray(parent, dtype=np.int64)
        if parent.ndim != 1 or parent.size == 0:
            raise TreeError(f"parent must be a non-empty 1-D int array, got shape {parent.shape}")
        n = parent.size
        roots = np.flatnonzero(parent < 0)
        if roots.tolist() != [0]:
            raise TreeError(
                f"the tree must have exactly one root, node 0 (parent -1); roots found at "
                f"{roots[:5].tolist()}"
            )
        bad = np.flatnonzero(parent[1:] >= np.arange(1, n)) + 1
        if bad.size:
            i = int(bad[0])
            raise TreeError(
                f"node {i} has parent {int(parent[i])} >= {i}; nodes must be numbered "
                f"parents-first (NodeGeometry.parent already is)"
            )
        depth = np.zeros(n, np.int64)
        for i in range(1, n):  # build time, once
            depth[i] = depth[parent[i]] + 1
        order = np.argsort(depth, kind="stable")
        counts = np.bincount(depth)
        width = int(counts.max())
        levels = np.full((counts.size, width), n, np.int64)
        start = 0
        for k, c in enumerate(counts):
            levels[k, :c] = order[start : start + c]
            start += c
        parent_ext = np.append(np.where(parent < 0, n, parent), n)
        contract = method == "contract" or (
            method in ("auto", "native") and (width > 1 or n >= CHAIN_CONTRACT_FROM))
        schedule = contraction_schedule(parent) if contract and n > 1 else None
        if method == "chain" and width > 1:
            raise TreeError("method 'chain' needs an unbranched tree (a chain)")
        chain = n > 1 and width == 1 and (method == "chain" or (
            method == "auto" and n <= CHAIN_JAX_UP_TO and _config.whole_loops()))
        native = n > 1 and not chain and method in ("auto", "native")
        return PointTree(n=n, parent_ext=parent_ext, levels=levels, schedule=schedule,
                         kernel=_kernel_rooting(parent) if native else None,
                         chain=chain_plan(n) if chain else None)

    @property
    def native(self) -> bool:
        """Whether ``solve`` uses the compiled kernel on the CPU (where available)."""
        return self.kernel is not None

    @property
    def depth(self) -> int:
        """Number of levels (1 for a single node)."""
        return int(self.levels.shape[0])

    @property
    def width(self) -> int:
        return int(self.levels.shape[1])


def _bfs(n: int, start: int, nbr_start: np.ndarray, nbrs: np.ndarray):
    """Breadth-first order from ``start`` and each node's predecessor (build time)."""
    pred = np.full(n, -1, np.int64)
    seen = np.zeros(n, bool)
    seen[start] = True
    order = [start]
    for i in order:  # grows while it is read: a queue
        for j in nbrs[nbr_start[i]:nbr_start[i + 1]]:
            if not seen[j]:
                seen[j] = True
                pred[j] = i
                order.append(int(j))
    return np.asarray(order, np.int64), pred


def _kernel_rooting(parent: np.ndarray) -> tuple[np.ndarray, ...]:
    """The compiled kernel's rooting of the tree: at the centre of its longest path, where
    its depth is least (a chain of n nodes: depth n/2, two independent halves).

    Returns int32 arrays ``(parent, order, src, flip)``: each node's parent in that rooting
    (the root's is itself), the nodes in breadth-first order (by depth, the root first), and
    for each node the node of the original (node-0) rooting whose ``a``/``b`` belong to the
    edge to its new parent, with ``flip`` 1 where that edge is reversed (``a`` and ``b``
    swap). Built once, in numpy."""
    n = parent.size
    child = np.arange(1, n)
    ends = np.concatenate([child, parent[1:]])
    others = np.concatenate([parent[1:], child])
    by = np.argsort(ends, kind="stable")
    nbrs = others[by]
    nbr_start = np.searchsorted(ends[by], np.arange(n + 1))
    far, _ = _bfs(n, 0, nbr_start, nbrs)
    u = int(far[-1])  # one end of a longest path
    far, pred = _bfs(n, u, nbr_start, nbrs)
    path = [int(far[-1])]  # the other end, back to u
    while path[-1] != u:
        path.append(int(pred[path[-1]]))
    root = path[len(path) // 2]
    order, new_parent = _bfs(n, root, nbr_start, nbrs)
    new_parent[root] = root
    idx = np.arange(n)
    flip = (idx != root) & (parent != new_parent)  # new parent is an old child
    src = np.where(flip, new_parent, idx)
    return tuple(x.astype(np.int32) for x in (new_parent, order, src, flip))


# Static under jit: the schedule is build-time data (numpy), hashed by identity.
jax.tree_util.register_static(PointTree)


@functools.partial(jax.custom_vjp, nondiff_argnums=(0,))
def solve(tree: PointTree, d, rhs, a, b):
    """Solve NEURON's tree system for x (length ``n`` arrays; see the module docstring).

    Its reverse-mode derivative is one more tree solve with the transposed matrix (``a`` and
    ``b`` swapped), not the reverse of the level loop: cheap in time and memory.

    Equivalent to ``np.linalg.solve(M, rhs)`` with ``M[i, i] = d[i]``,
    ``M[i, parent[i]] = b[i]`` and ``M[parent[i], i] = a[i]``; ``a[0]`` and ``b[0]`` are
    ignored. Works under ``jit``, ``grad`` and ``vmap``.
    """
    return _solve(tree, d, rhs, a, b)


def _solve_fwd(tree, d, rhs, a, b):
    x = _solve(tree, d, rhs, a, b)
    return x, (x, d, a, b)


def _solve_bwd(tree, residuals, g):
    x, d, a, b = residuals
    lam = _solve(tree, d, g, b, a)  # M^T lam = g
    parent = jnp.asarray(np.maximum(tree.parent_ext[: tree.n], 0))
    nonroot = jnp.arange(tree.n) > 0
    grad_d = -lam * x
    grad_b = jnp.where(nonroot, -lam * x[parent], 0.0)  # M[i, parent] = b[i]
    grad_a = jnp.where(nonroot, -lam[parent] * x, 0.0)  # M[parent, i] = a[i]
    return grad_d, lam, grad_a, grad_b


solve.defvjp(_solve_fwd, _solve_bwd)


def _solve(tree: PointTree, d, rhs, a, b):
    n = tree.n
    d = jnp.asarray(d)
    if d.shape != (n,):
        raise TreeError(f"d has shape {d.shape}, but the tree has {n} nodes")
    dtype = jnp.result_type(d, rhs, a, b)
    if tree.chain is not None:
        cpu = functools.partial(chain_solve, tree.chain)
    elif tree.native and np.dtype(dtype) in (np.float32, np.float64) and _native.available():
        cpu = functools.partial(_native.hines_solve, tree.kernel)
    else:
        cpu = None
    if cpu is not None:
        args = (d.astype(dtype), jnp.asarray(rhs, dtype), jnp.asarray(a, dtype),
                jnp.asarray(b, dtype))
        return lax.platform_dependent(
            *args, cpu=cpu, default=lambda *xs: _solve_jax(tree, *xs).astype(dtype))
    return _solve_jax(tree, d, rhs, a, b)


def _solve_jax(tree: PointTree, d, rhs, a, b):
    n = tree.n
    dtype = jnp.result_type(d, rhs, a, b)
    if tree.schedule is not None:
        return contract_solve(tree.schedule, d.astype(dtype), jnp.asarray(rhs, dtype),
                              jnp.asarray(a, dtype), jnp.asarray(b, dtype))
    one = jnp.ones((1,), dtype)
    zero = jnp.zeros((1,), dtype)
    d = jnp.concatenate([d.astype(dtype), one])
    rhs = jnp.concatenate([jnp.asarray(rhs, dtype), zero])
    a = jnp.concatenate([jnp.asarray(a, dtype).at[0].set(0), zero])
    b = jnp.concatenate([jnp.asarray(b, dtype).at[0].set(0), zero])
    parent = jnp.asarray(tree.parent_ext)
    levels = jnp.asarray(tree.levels)

    def triang(carry, idx):
        dd, rr = carry
        p = parent[idx]
        f = a[idx] / dd[idx]
        dd = dd.at[p].add(-f * b[idx])
        rr = rr.at[p].add(-f * rr[idx])
        return (dd, rr), None

    (d, rhs), _ = lax.scan(triang, (d, rhs), levels[:0:-1])
    rhs = rhs.at[0].set(rhs[0] / d[0])  # the root is node 0

    def bksub(rr, idx):
        p = parent[idx]
        rr = rr.at[idx].set((rr[idx] - b[idx] * rr[p]) / d[idx])
        return rr, None

    rhs, _ = lax.scan(bksub, rhs, levels[1:])
    return rhs[:n]


def dense_matrix(parent, d, a, b) -> np.ndarray:
    """The dense matrix ``solve`` inverts, for tests and small debugging cases."""
    parent = np.asarray(parent)
    n = parent.size
    m = np.diag(np.asarray(d, dtype=np.float64))
    for i in range(1, n):
        m[i, parent[i]] = b[i]
        m[parent[i], i] = a[i]
    return m
