"""Time .mod lowering and compare a lowered hh with the hand-written one.

    python benchmarks/bench_lowering.py [FILE.mod ...]

Prints two tables: the time to lower (parse, check, lower, generate and load the JAX
module) the catalogue's hh and bk and the largest files of the public NMODL corpus (when
the test cache holds it), and the run time of a 1 s hh simulation (40 000 steps, jitted,
best of 5) with the hand-written ``braincell.mech.hh`` and with ``load_mod("hh.mod")``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]


def _best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _corpus_files(n: int = 3) -> list[Path]:
    root = ROOT / ".cache" / "test-data" / "nmodl-corpus"
    files = sorted(root.rglob("*.mod"), key=lambda p: p.stat().st_size, reverse=True) \
        if root.is_dir() else []
    return files[:n]


def lowering_table(paths: list[Path]) -> None:
    from braincell import load_mod
    from braincell.dsl import MechanismError

    print(f"{'file':<40} {'bytes':>7} {'lower (s)':>10}  result")
    for path in paths:
        start = time.perf_counter()
        try:
            mech = load_mod(path)
            outcome = f"{mech.kind} {mech.name}"
        except MechanismError as exc:
            outcome = f"error {exc.diagnostics[0].code} at line {exc.diagnostics[0].span.line}"
        elapsed = time.perf_counter() - start
        print(f"{path.name:<40} {path.stat().st_size:>7} {elapsed:>10.3f}  {outcome}")


def runtime_table() -> None:
    import jax

    import braincell

    print(f"\n{'hh, 1 s at dt 0.025 ms':<40} {'run (s)':>10}")
    for label, mech in (("hand-written braincell.mech.hh", braincell.mech.hh),
                        ("lowered mechanisms/hh.mod", braincell.load_mod(ROOT / "mechanisms" / "hh.mod"))):
        cell = braincell.SingleCompartment(20, 20).paint(mech)
        cell.place(braincell.mech.IClamp(del_=5, dur=900, amp=0.2), label="stim")
        sim = cell.simulation(tstop=1000.0, dt=0.025, record=["v"])
        jax.block_until_ready(sim.run_jit())
        elapsed = _best(lambda sim=sim: jax.block_until_ready(sim.run_jit()))
        print(f"{label:<40} {elapsed:>10.4f}")


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or [ROOT / "mechanisms" / "hh.mod",
                                        ROOT / "mechanisms" / "bk.mod", *_corpus_files()]
    lowering_table(paths)
    runtime_table()


if __name__ == "__main__":
    main(sys.argv[1:])
