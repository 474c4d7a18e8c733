"""``python -m benchmarks run [--only W1,W2] [--peers] [--json PATH]`` from the repository root.

Prints one table. braincell always runs; NEURON also runs when installed, for the reference
trace (``max_dv_mV``, spike agreement) and, with ``--peers``, its own timing row.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from .workloads import WORKLOADS

COLUMNS = ("workload", "system", "import_s", "build_s", "compile_s", "run_s", "peak_rss_mb",
           "comp_steps_per_s", "max_dv_mV", "spikes", "vs_neuron")


def _run_worker(name: str, system: str, tmp: Path) -> tuple[dict, np.ndarray] | None:
    trace = tmp / f"{name}-{system}.npy"
    proc = subprocess.run([sys.executable, "-m", "benchmarks.worker", name, system, str(trace)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"{name}/{system} failed:\n{proc.stderr[-2000:]}", file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1]), np.load(trace)


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1e4 else f"{value:.3e}"
    return str(value)


def run(only: list[str], peers: bool, json_path: str | None) -> int:
    have_neuron = importlib.util.find_spec("neuron") is not None
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in only:
            ref = _run_worker(name, "neuron", Path(tmp)) if have_neuron and name != "W4" else None
            ours = _run_worker(name, "braincell", Path(tmp))
            if ours is not None:
                row, trace = ours
                if ref is not None:
                    row["max_dv_mV"] = float(np.max(np.abs(trace - ref[1])))
                    row["vs_neuron"] = row["run_s"] / ref[0]["run_s"]
                rows.append(row)
            if peers and ref is not None:
                ref[0]["max_dv_mV"] = 0.0
                rows.append(ref[0])
    widths = [max(len(c), *(len(_fmt(r.get(c, "-"))) for r in rows)) if rows else len(c)
              for c in COLUMNS]
    print("  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths)))
    for r in rows:
        print("  ".join(_fmt(r.get(c, "-")).ljust(w) for c, w in zip(COLUMNS, widths)))
    if json_path:
        Path(json_path).write_text(json.dumps(rows, indent=2))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run the workloads and print a table")
    r.add_argument("--only", default=",".join(WORKLOADS), help="comma-separated workloads")
    r.add_argument("--peers", action="store_true", help="also time NEURON (when installed)")
    r.add_argument("--json", dest="json_path", help="write the rows as JSON")
    args = parser.parse_args()
    only = [w.strip() for w in args.only.split(",") if w.strip()]
    unknown = [w for w in only if w not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workloads {unknown}; known: {', '.join(WORKLOADS)}")
    return run(only, args.peers, args.json_path)


if __name__ == "__main__":
    sys.exit(main())
