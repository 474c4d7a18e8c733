"""Run one (workload, system) pair and print a JSON row: ``python -m benchmarks.worker W2 braincell``.

Timing: ``build_s`` is the Python model construction, ``compile_s`` tracing plus XLA
compilation (braincell only), ``run_s`` the median of at least 3 steady-state runs.
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


def _median_time(fn, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


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
    t0 = time.perf_counter()
    compiled = fn.lower(*args).compile()
    compile_s = time.perf_counter() - t0
    out = compiled(*args)
    jax.block_until_ready(out)
    run_s = _median_time(lambda: jax.block_until_ready(compiled(*args)))
    trace = np.asarray(out if name != "W3" else out[w.n_cells // 2])
    if name == "W4":
        trace = np.asarray(sim.run_jit())[:, 0]
    return build, compile_s, run_s, n_cv, trace


def _neuron(name: str):
    from .neuron_peer import build_neuron

    t0 = time.perf_counter()
    run, traces, n_cv, _keep = build_neuron(name)
    build = time.perf_counter() - t0
    run()
    run_s = _median_time(run)
    return build, 0.0, run_s, n_cv, traces()


def main(argv: list[str]) -> int:
    name, system, trace_path = argv[0], argv[1], Path(argv[2])
    t0 = time.perf_counter()
    if system == "braincell":
        import braincell  # noqa: F401
    else:
        import neuron  # noqa: F401
    import_s = time.perf_counter() - t0
    w = WORKLOADS[name]
    build, compile_s, run_s, n_cv, trace = (_braincell if system == "braincell" else _neuron)(name)
    np.save(trace_path, trace)
    steps = round(w.tstop / DT)
    row = {
        "workload": name, "system": system, "import_s": import_s, "build_s": build,
        "compile_s": compile_s,
        "run_s": run_s,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "comp_steps_per_s": n_cv * steps / run_s,
        "spikes": int(np.count_nonzero((trace[:-1] < 0) & (trace[1:] >= 0))),
    }
    print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
