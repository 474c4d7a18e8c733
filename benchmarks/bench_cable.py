"""Time a whole simulation of an HH cable (W2's ball and stick with N dendrite CVs) with its
tree solve by the two-arm chain in JAX against the compiled kernel.

``python benchmarks/bench_cable.py [N ...]`` from the repository root prints µs per step of
a 50 ms run (best of 7, compiled once) for each N (default 50 100 200 300 400 600) and both
solves, in one process. The chain runs where XLA compiles the time loop whole
(``braincell._config.whole_loops``, set by importing braincell); the kernel's custom call
keeps the loop operation by operation. ``CHAIN_JAX_UP_TO`` in ``braincell._compute._tree``
(the largest cable ``method="auto"`` solves by the chain) comes from this table.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import jax

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import braincell  # noqa: E402
from braincell._compute import _tree  # noqa: E402
from braincell.morph import Morphology, Section  # noqa: E402

TSTOP, DT = 50.0, 0.025


def step_us(ncv: int, chain_up_to: int) -> float:
    _tree.CHAIN_JAX_UP_TO = chain_up_to  # read when the cell builds its tree
    morph = Morphology([Section("soma", 20, 20), Section("dend", 1000, 1, parent="soma")])
    policy = braincell.cv.by_region(
        {braincell.filter.Branch("dend"): braincell.cv.FixedPerSection(ncv)},
        braincell.cv.FixedPerSection(1))
    cell = braincell.Cell(morph, policy=policy, Ra=100.0)
    cell.paint("all", braincell.mech.hh)
    cell.place("soma(0.5)", braincell.mech.IClamp(del_=5.0, dur=40.0, amp=0.5), "stim")
    sim = cell.simulation(TSTOP, DT, ["v@soma(0.5)"])
    run = jax.jit(sim.run).lower(sim.params).compile()
    jax.block_until_ready(run(sim.params))
    best = float("inf")
    for _ in range(7):
        t0 = time.perf_counter()
        jax.block_until_ready(run(sim.params))
        best = min(best, time.perf_counter() - t0)
    return best / round(TSTOP / DT) * 1e6


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [50, 100, 200, 300, 400, 600]
    print(f"whole loops: {braincell._config.whole_loops()}")
    print(f"{'dendrite CVs':>12}  {'chain µs/step':>13}  {'kernel µs/step':>14}")
    default = _tree.CHAIN_JAX_UP_TO
    for n in sizes:
        chain = step_us(n, 1 << 30)
        kernel = step_us(n, 0)
        print(f"{n:>12}  {chain:>13.2f}  {kernel:>14.2f}")
    _tree.CHAIN_JAX_UP_TO = default


if __name__ == "__main__":
    main(sys.argv[1:])
