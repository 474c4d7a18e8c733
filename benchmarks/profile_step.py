"""Time the pieces of one backward-Euler step for a workload (default W5).

``python benchmarks/profile_step.py [W2|W5]`` from the repository root prints µs per step
for the whole step and for each piece (currents, state advance, axial terms, tree solve),
each timed in its own 4,000-step compiled loop. The numbers in docs/performance.md's
"What bounds it" come from here.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import jax
import jax.numpy as jnp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.workloads import build_braincell  # noqa: E402

STEPS = 4000


def main(name: str = "W5") -> None:
    sim, n_cv = build_braincell(name)
    system, solver = sim.system, sim.solver
    params = system.prepare(sim.params)  # as a run does, once
    state0 = sim.init(params)
    dt = sim.dt

    def timed(fn):
        loop = jax.jit(lambda s: jax.lax.fori_loop(0, STEPS, lambda i, s: fn(s), s))
        jax.block_until_ready(loop(state0))
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            jax.block_until_ready(loop(state0))
            best = min(best, time.perf_counter() - t0)
        return best / STEPS * 1e6

    def currents(s):  # the outputs feed back so nothing is hoisted out of the loop
        s2, total_i, total_g = system.currents(params, s, 1.0, dt)
        return s2.replace(v=s2.v + 1e-9 * (total_i + total_g))

    def advance(s):
        return system.advance(params, s.replace(v=s.v * (1 - 1e-12)), 1.0, dt)

    def axial(s):
        return s.replace(v=s.v + 1e-9 * system.axial(params, s.v))

    d = jnp.full(system.n, 5.0)

    def tree(s):
        ax = params.axial
        return s.replace(v=system.tree_solve(d, s.v, ax.a, ax.b) * 0.5 + 1.0)

    rows = [("whole step", lambda s: solver.step(system, params, s, 1.0, dt)),
            ("currents (BREAKPOINT x2, sums)", currents), ("state advance (SOLVE)", advance),
            ("axial terms", axial)]
    if system.tree_solve is not None:
        rows.append(("tree solve", tree))
    print(f"{name}: {system.n} nodes, {n_cv} CVs with membrane")
    for label, fn in rows:
        print(f"  {label:32s} {timed(fn):8.1f} us/step")


if __name__ == "__main__":
    main(*sys.argv[1:2])
