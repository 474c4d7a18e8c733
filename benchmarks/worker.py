"""Run one (workload, system) pair and print a JSON row: ``python -m benchmarks.worker W2 braincell
TRACE.npy``. Systems: braincell, neuron, jaxley, arbor.

Timing: ``import_s`` is importing the simulator, ``build_s`` the Python model construction,
``compile_s`` tracing plus XLA compilation (braincell, Jaxley; for NEURON's W6 the
nrnivmodl build, 0 when cached), ``run_s`` the median of 3 steady-state runs after a first
one. The soma trace is saved to TRACE.npy (an empty array when there is none, W4).
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from .workloads import DT, WORKLOADS

SYSTEMS = ("braincell", "neuron", "jaxley", "arbor")


def _median_time(fn, repeats: int = 3, budget_s: float = 0.5, most: int = 15) -> float:
    """The median of at least ``repeats`` timed runs, and of more (up to ``most``) while
    they take less than ``budget_s`` in all: a run of a few milliseconds is then the median
    of 15, less at the mercy of one disturbed run. The same for every system."""
    times = []
    while len(times) < repeats or (len(times) < most and sum(times) < budget_s):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _jitted(fn, args):
    """(compile_s, run_s, output) of a jitted function: compiled ahead, run once, then timed."""
    import jax

    t0 = time.perf_counter()
    compiled = fn.lower(*args).compile()
    compile_s = time.perf_counter() - t0
    out = jax.block_until_ready(compiled(*args))
    run_s = _median_time(lambda: jax.block_until_ready(compiled(*args)))
    return compile_s, run_s, out


def _braincell(name: str):
    import jax
    import jax.numpy as jnp

    from .workloads import build_braincell

    t0 = time.perf_counter()  # braincell is imported already (import_s is reported apart)
    sim, n_cv = build_braincell(name)
    w = WORKLOADS[name]
    if name == "W3":
        gnabar = jnp.linspace(0.04, 0.20, w.n_cells)
        fn = jax.jit(jax.vmap(lambda g: sim.run(sim.params.set("hh", gnabar=g))[:, 0]))
        args = (gnabar,)
        n_cv = w.n_cells
    elif name == "W4":
        target = jnp.asarray(np.asarray(sim.run_jit())[:, 0]) + 0.5
        base = sim.params.get("hh", "gnabar")

        def loss(g):
            return jnp.mean((sim.run(sim.params.set("hh", gnabar=g))[:, 0] - target) ** 2)

        fn = jax.jit(jax.grad(loss))
        args = (base,)
    else:
        fn = jax.jit(lambda p: sim.run(p)[:, 0])
        args = (sim.params,)
    build = time.perf_counter() - t0
    compile_s, run_s, out = _jitted(fn, args)
    trace = np.asarray(out if name != "W3" else out[w.n_cells // 2])
    if name == "W4":
        trace = np.asarray(sim.run_jit())[:, 0]
        EXTRA["grad_fd_rel_err"] = _check_gradient(jax.jit(loss), np.asarray(out),
                                                   np.asarray(base))
    return build, compile_s, run_s, n_cv, trace


EXTRA: dict = {}  # more keys for this worker's row (W4: the gradient check)


def _check_gradient(loss, grad, base, count: int = 5, h: float = 1e-3) -> float:
    """The largest relative difference between ``grad`` and fourth-order central
    differences (relative step ``h``) of ``loss`` at ``count`` random components (fixed
    seed), each relative to the largest of the checked components."""
    rng = np.random.default_rng(0)
    picks = rng.choice(base.size, size=count, replace=False)
    fd = []
    for i in picks:
        step = h * base[i]

        def at(k, i=i, step=step):
            g = base.copy()
            g[i] += k * step
            return float(loss(g))

        fd.append((-at(2) + 8 * at(1) - 8 * at(-1) + at(-2)) / (12 * step))
    fd = np.asarray(fd)
    return float(np.max(np.abs(grad[picks] - fd)) / np.max(np.abs(fd)))


def _neuron(name: str):
    from .neuron_peer import build_neuron, catalogue_library

    t0 = time.perf_counter()
    if name == "W6":
        catalogue_library()  # nrnivmodl, unless cached in .cache/benchmarks
    compile_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    run, traces, n_cv, _keep = build_neuron(name)
    build = time.perf_counter() - t0
    run()
    run_s = _median_time(run)
    return build, compile_s, run_s, n_cv, traces()


def _jaxley(name: str):
    from .jaxley_peer import build_jaxley

    t0 = time.perf_counter()
    fn, args, n_cv, trace = build_jaxley(name)
    build = time.perf_counter() - t0
    compile_s, run_s, out = _jitted(fn, args)
    return build, compile_s, run_s, n_cv, trace(out)


def _arbor(name: str):
    from .arbor_peer import build_arbor

    t0 = time.perf_counter()
    run, traces, n_cv, _keep = build_arbor(name)
    build = time.perf_counter() - t0
    run()
    run_s = _median_time(run)
    return build, 0.0, run_s, n_cv, traces()


def _import(system: str) -> None:
    if system == "braincell":
        import braincell  # noqa: F401
    elif system == "neuron":
        import neuron  # noqa: F401
    elif system == "jaxley":
        import jax

        jax.config.update("jax_enable_x64", True)
        import jaxley  # noqa: F401
    else:
        import arbor  # noqa: F401


def main(argv: list[str]) -> int:
    name, system, trace_path = argv[0], argv[1], Path(argv[2])
    if system not in SYSTEMS:
        raise SystemExit(f"unknown system {system!r}; known: {', '.join(SYSTEMS)}")
    t0 = time.perf_counter()
    _import(system)
    import_s = time.perf_counter() - t0
    w = WORKLOADS[name]
    measure = {"braincell": _braincell, "neuron": _neuron, "jaxley": _jaxley,
               "arbor": _arbor}[system]
    build, compile_s, run_s, n_cv, trace = measure(name)
    trace = np.zeros(0) if trace is None else np.asarray(trace, dtype=np.float64)
    np.save(trace_path, trace)
    steps = round(w.tstop / DT)
    row = {
        "workload": name, "system": system, "import_s": import_s, "build_s": build,
        "compile_s": compile_s,
        "run_s": run_s,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "comp_steps_per_s": n_cv * steps / run_s,
    }
    if trace.size:
        row["spikes"] = int(np.count_nonzero((trace[:-1] < 0) & (trace[1:] >= 0)))
    row.update(EXTRA)
    print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
