"""Time the tree solves (levels, contraction, the compiled CPU kernel) on trees of several
shapes and sizes.

``python benchmarks/bench_tree.py`` from the repository root prints µs per solve (each
timed in a 2,000-solve compiled loop, best of 3), the depth and the number of contraction
rounds. The rule ``method="auto"`` follows in ``braincell._compute._tree`` (levels for short
unbranched chains, contraction otherwise) comes from this table.

The matrix's off-diagonals ``a``/``b`` are constants of the compiled loop by default; with
``--traced`` they are its arguments, as in a simulation (where they follow ``params.Ra``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import braincell  # noqa: E402,F401  (float64)
from braincell._compute._tree import PointTree, solve  # noqa: E402

SOLVES = 2000


def shapes(rng):
    for n in (64, 128, 256, 512, 1024, 4096):
        yield f"chain {n}", np.arange(-1, n - 1)
        yield f"random {n}", np.array([-1] + [int(rng.integers(0, i)) for i in range(1, n)])
        # a neuron-like tree: unbranched runs of 10 nodes that split in two
        parent = [-1]
        for i in range(1, n):
            parent.append(i - 1 if i % 10 else int(rng.integers(max(0, i - 30), i)))
        yield f"branched {n}", np.array(parent)


def time_solve(tree, n, traced=False):
    rng = np.random.default_rng(0)
    d = jnp.asarray(rng.uniform(6, 7, n))
    a = jnp.asarray(-rng.uniform(0.1, 1, n))
    b = jnp.asarray(-rng.uniform(0.1, 1, n))

    def loop(r, a_arg, b_arg):
        a_, b_ = (a_arg, b_arg) if traced else (a, b)
        return jax.lax.fori_loop(0, SOLVES, lambda i, r: solve(tree, d, r, a_, b_) * 0.5 + 1.0, r)

    loop = jax.jit(loop)
    r0 = jnp.asarray(rng.normal(size=n))
    jax.block_until_ready(loop(r0, a, b))
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        jax.block_until_ready(loop(r0, a, b))
        best = min(best, time.perf_counter() - t0)
    return best / SOLVES * 1e6


def main() -> None:
    traced = "--traced" in sys.argv[1:]
    from braincell._compute import _native

    native = _native.available()
    print(f"compiled kernel: {_native.native_status()}")
    print(f"{'tree':>16} {'depth':>6} {'rounds':>6} {'levels µs':>10} {'contract µs':>12} "
          f"{'kernel µs':>10}")
    for name, parent in shapes(np.random.default_rng(1)):
        levels = PointTree.from_parent(parent, method="levels")
        contract = PointTree.from_parent(parent, method="contract")
        n = parent.size
        kernel = f"{time_solve(PointTree.from_parent(parent, method='native'), n, traced):>10.2f}" \
            if native else f"{'-':>10}"
        print(f"{name:>16} {levels.depth:>6} {len(contract.schedule.rounds):>6} "
              f"{time_solve(levels, n, traced):>10.2f} {time_solve(contract, n, traced):>12.2f} "
              f"{kernel}")


if __name__ == "__main__":
    main()
