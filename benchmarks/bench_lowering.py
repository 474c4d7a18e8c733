"""Time .mod lowering and compare the lowered hh with the hand-written Python one.

    python benchmarks/bench_lowering.py [--repeat N] [--only W1,W3] [FILE.mod ...]

Prints two tables. The first: the time to lower (parse, check, lower, generate and load the
JAX module) the catalogue's hh and bk and the largest files of the public NMODL corpus (when
the test cache holds it; the first file's time includes importing sympy and lark), and the
time to load the same file again from the lowering cache (a new process's ``load_mod``). The second: the run time of the workloads W1 (one
compartment, 1 s), W2 (101 CVs, 200 ms) and W3 (1,000 compartments under vmap, 100 ms) of
benchmarks/workloads.py with ``braincell.mech.hh`` (lowered from mechanisms/hh.mod) and with
``braincell.mech.python_hh`` (written by hand), jitted; the two alternate, N times each
(default 5), and the best of each is shown, so that load on a shared machine falls on both.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]


def _corpus_files(n: int = 3) -> list[Path]:
    root = ROOT / ".cache" / "test-data" / "nmodl-corpus"
    files = sorted(root.rglob("*.mod"), key=lambda p: p.stat().st_size, reverse=True) \
        if root.is_dir() else []
    return files[:n]


def lowering_table(paths: list[Path]) -> None:
    from braincell import _modcache, load_mod
    from braincell._load import lower_to_mechanism
    from braincell.dsl import MechanismError
    from braincell.dsl.front import check_file

    print(f"{'file':<40} {'bytes':>7} {'lower (s)':>10} {'cached (s)':>11}  result")
    for path in paths:
        start = time.perf_counter()
        try:
            mech = lower_to_mechanism(check_file(path))
            outcome = f"{mech.kind} {mech.name}"
        except MechanismError as exc:
            outcome = f"error {exc.diagnostics[0].code} at line {exc.diagnostics[0].span.line}"
            mech = None
        elapsed = time.perf_counter() - start
        cached = float("nan")
        if mech is not None and not mech.diagnostics:
            load_mod(path)  # stores it
            _modcache._memory.clear()  # as a new process: from disk
            start = time.perf_counter()
            load_mod(path)
            cached = time.perf_counter() - start
        print(f"{path.name:<40} {path.stat().st_size:>7} {elapsed:>10.3f} {cached:>11.4f}  "
              f"{outcome}")


def _runner(name: str, hh):
    """A jitted function and its arguments, as benchmarks/worker.py runs workload ``name``."""
    import jax
    import jax.numpy as jnp

    from benchmarks.workloads import WORKLOADS, build_braincell

    sim, _ = build_braincell(name, hh)
    if name == "W3":
        fn = jax.jit(jax.vmap(lambda g: sim.run(sim.params.set("hh", gnabar=g))[:, 0]))
        args = (jnp.linspace(0.04, 0.20, WORKLOADS["W3"].n_cells),)
    else:
        fn = jax.jit(lambda p: sim.run(p)[:, 0])
        args = (sim.params,)
    compiled = fn.lower(*args).compile()
    return lambda: jax.block_until_ready(compiled(*args))


def runtime_table(names: list[str], repeat: int) -> None:
    import numpy as np

    import braincell

    variants = (("lowered braincell.mech.hh", braincell.mech.hh),
                ("hand-written braincell.mech.python_hh", braincell.mech.python_hh))
    print(f"\n{'workload':<9} {'hh':<40} {'run (s)':>9} {'lowered/hand':>13}")
    for name in names:
        runs = [_runner(name, mech) for _, mech in variants]
        outs = [np.asarray(run()) for run in runs]  # warm, and the two must agree
        dv = float(np.max(np.abs(outs[0] - outs[1])))
        best = [float("inf")] * len(runs)
        for _ in range(repeat):
            for k, run in enumerate(runs):
                start = time.perf_counter()
                run()
                best[k] = min(best[k], time.perf_counter() - start)
        for k, (label, _) in enumerate(variants):
            ratio = f"{best[0] / best[1]:>13.3f}" if k == 0 else ""
            print(f"{name:<9} {label:<40} {best[k]:>9.4f} {ratio}")
        print(f"{'':<9} max |v_lowered - v_hand| = {dv:.2e} mV")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="W1,W2,W3")
    parser.add_argument("--no-lowering", action="store_true", help="skip the first table")
    args = parser.parse_args(argv)
    if not args.no_lowering:
        lowering_table(args.files or [ROOT / "mechanisms" / "hh.mod",
                                      ROOT / "mechanisms" / "bk.mod", *_corpus_files()])
    runtime_table([n for n in args.only.split(",") if n], args.repeat)


if __name__ == "__main__":
    main(sys.argv[1:])
