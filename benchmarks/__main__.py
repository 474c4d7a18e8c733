"""``python -m benchmarks run [--only W1,W2] [--peers] [--json PATH]`` from the repository root.

Prints one table. braincell always runs; NEURON also runs when installed, for the reference
trace (``max_dv_mV``, spike agreement) and, with ``--peers``, its own timing row. ``--peers``
also runs Jaxley and Arbor where installed, in the interpreter of :func:`peer_python`, and
gives braincell's run time divided by each peer's (``vs_neuron``, ``vs_jaxley``,
``vs_arbor``) and each peer's agreement with NEURON's trace.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from .workloads import DEFAULT_WORKLOADS, REPO, WORKLOADS

COLUMNS = ("workload", "system", "import_s", "build_s", "compile_s", "run_s", "peak_rss_mb",
           "comp_steps_per_s", "max_dv_mV", "spikes", "vs_neuron", "vs_jaxley", "vs_arbor",
           "grad_fd_rel_err")
PEERS = ("jaxley", "arbor")
# The workloads each peer runs. W6 is .mod files: Jaxley reads no NMODL, and Arbor's modcc
# rejects the catalogue's NEURON-dialect files (UNITS ``FARADAY = (faraday)``, ``v`` declared
# ASSIGNED). Arbor has no gradients (W4).
SUPPORTED = {
    "braincell": set(WORKLOADS),
    "neuron": set(WORKLOADS) - {"W4"},
    "jaxley": {"W0", "W1", "W2", "W3", "W4", "W5"},
    "arbor": {"W0", "W1", "W2", "W3", "W5"},
}
PEER_PYTHON_ENV = "BRAINCELL_BENCH_PEER_PYTHON"
PEER_VENV = REPO / ".cache" / "peers-venv"
WORKER_TIMEOUT_S = 3600


def peer_python() -> str:
    """The interpreter for Jaxley and Arbor: ``$BRAINCELL_BENCH_PEER_PYTHON``, else the venv
    ``.cache/peers-venv`` when it exists, else this one."""
    if os.environ.get(PEER_PYTHON_ENV):
        return os.environ[PEER_PYTHON_ENV]
    venv = PEER_VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    return str(venv) if venv.exists() else sys.executable


def _installed(python: str, modules: tuple[str, ...]) -> set[str]:
    code = ("import importlib.util, sys; print(' '.join(m for m in sys.argv[1:] "
            "if importlib.util.find_spec(m) is not None))")
    proc = subprocess.run([python, "-c", code, *modules], capture_output=True, text=True)
    return set(proc.stdout.split()) if proc.returncode == 0 else set()


def _best_of(n: int, name: str, system: str, python: str,
             tmp: Path) -> tuple[dict, np.ndarray] | None:
    """The result with the smallest ``run_s`` of ``n`` fresh worker processes (on a shared
    machine other load only ever slows a run down)."""
    results = [r for r in (_run_worker(name, system, python, tmp) for _ in range(n)) if r]
    return min(results, key=lambda r: r[0]["run_s"]) if results else None


def _run_worker(name: str, system: str, python: str, tmp: Path) -> tuple[dict, np.ndarray] | None:
    trace = tmp / f"{name}-{system}.npy"
    try:
        proc = subprocess.run([python, "-m", "benchmarks.worker", name, system, str(trace)],
                              capture_output=True, text=True, cwd=REPO,
                              timeout=WORKER_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        print(f"{name}/{system} timed out after {WORKER_TIMEOUT_S} s", file=sys.stderr)
        return None
    if proc.returncode != 0:
        print(f"{name}/{system} failed:\n{proc.stderr[-2000:]}", file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1]), np.load(trace)


def max_dv(trace: np.ndarray, ref: np.ndarray) -> float | None:
    """max |trace - ref| over the samples both have (Arbor's trace ends one step early)."""
    n = min(trace.size, ref.size)
    if n == 0:
        return None
    return float(np.max(np.abs(trace[:n] - ref[:n])))


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1e4 else f"{value:.3e}"
    return str(value)


def run(only: list[str], peers: bool, json_path: str | None, best_of: int = 1) -> list[dict]:
    systems = {"braincell": sys.executable}
    if importlib.util.find_spec("neuron") is not None:
        systems["neuron"] = sys.executable
    if peers:
        python = peer_python()
        for peer in sorted(_installed(python, PEERS), key=PEERS.index):
            systems[peer] = python
        missing = [p for p in PEERS if p not in systems]
        if missing:
            print(f"peers not installed for {python}: {', '.join(missing)} "
                  f"(see docs/performance.md)", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in only:
            results = {system: _best_of(best_of, name, system, python, Path(tmp))
                       for system, python in systems.items() if name in SUPPORTED[system]}
            ref = results.get("neuron")
            for system, result in results.items():
                if result is None or (system != "braincell" and not peers):
                    continue
                row, trace = result
                if ref is not None:
                    dv = max_dv(trace, ref[1])
                    if dv is not None:
                        row["max_dv_mV"] = dv
                if system == "braincell":
                    for peer in ("neuron", *PEERS):
                        if results.get(peer) is not None:
                            row[f"vs_{peer}"] = row["run_s"] / results[peer][0]["run_s"]
                rows.append(row)
    widths = [max(len(c), *(len(_fmt(r.get(c, "-"))) for r in rows)) if rows else len(c)
              for c in COLUMNS]
    print("  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths)))
    for r in rows:
        print("  ".join(_fmt(r.get(c, "-")).ljust(w) for c, w in zip(COLUMNS, widths)))
    if json_path:
        Path(json_path).write_text(json.dumps(rows, indent=2))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run the workloads and print a table")
    r.add_argument("--only", default=",".join(DEFAULT_WORKLOADS),
                   help=f"comma-separated workloads (default {','.join(DEFAULT_WORKLOADS)}; "
                        f"W0 is a 10 ms smoke test)")
    r.add_argument("--peers", action="store_true",
                   help="also time NEURON, Jaxley and Arbor (where installed)")
    r.add_argument("--json", dest="json_path", help="write the rows as JSON")
    r.add_argument("--best-of", type=int, default=1, metavar="N",
                   help="run each pair in N fresh processes and keep the fastest (default 1)")
    args = parser.parse_args()
    only = [w.strip() for w in args.only.split(",") if w.strip()]
    unknown = [w for w in only if w not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workloads {unknown}; known: {', '.join(WORKLOADS)}")
    if args.best_of < 1:
        parser.error("--best-of must be >= 1")
    run(only, args.peers, args.json_path, args.best_of)
    return 0


if __name__ == "__main__":
    sys.exit(main())
