"""Regenerate the stored NEURON references: ``python tests/validation/make_references.py``.

Runs every protocol of ``protocols.py`` in NEURON (``neuron_runner.run_in_neuron``) and
writes ``data/<name>.npz``: ``t`` (``np.arange(n + 1) * dt``) and one float64 array per
recorded trace (keyed by its record string), plus ``spec_json`` (the run spec that produced
it) and ``neuron_version``. Give protocol names as arguments to regenerate only those.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from neuron_runner import run_in_neuron  # noqa: E402
from protocols import PROTOCOLS  # noqa: E402

DATA_DIR = HERE / "data"


def reference_path(name: str) -> Path:
    return DATA_DIR / f"{name}.npz"


def read_traces(path: Path) -> dict[str, np.ndarray]:
    """The traces of a stored reference file: ``"t"`` and one array per record string."""
    with np.load(path) as data:
        return {key: data[key] for key in data.files if key not in ("spec_json", "neuron_version")}


def load_reference(name: str) -> dict[str, np.ndarray]:
    """The stored traces of protocol ``name``."""
    return read_traces(reference_path(name))


def save_traces(path: Path, spec: dict, traces: dict) -> None:
    """Write a reference file: the float64 traces, the spec that made them, NEURON's version."""
    import neuron

    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = {key: np.asarray(value, dtype=np.float64) for key, value in traces.items()}
    np.savez_compressed(
        path,
        spec_json=np.array(json.dumps(spec, sort_keys=True)),
        neuron_version=np.array(neuron.__version__),
        **arrays,
    )


def summary(traces: dict[str, np.ndarray]) -> str:
    """Spike count (upward crossings of 0 mV) and min/max of every voltage trace."""
    parts = []
    for key, trace in traces.items():
        if key.startswith("v@"):
            spikes = int(np.count_nonzero((trace[:-1] < 0.0) & (trace[1:] >= 0.0)))
            parts.append(f"{key}: {spikes} spikes, min {trace.min():.4f}, max {trace.max():.4f} mV")
    return "; ".join(parts)


def write_reference(name: str, spec: dict) -> dict[str, np.ndarray]:
    traces = run_in_neuron(spec, spec_dir=HERE)
    save_traces(reference_path(name), spec, traces)
    return traces


def main(argv: list[str]) -> int:
    names = argv or list(PROTOCOLS)
    unknown = [n for n in names if n not in PROTOCOLS]
    if unknown:
        print(f"unknown protocols: {unknown}; known: {list(PROTOCOLS)}", file=sys.stderr)
        return 2
    total = 0
    for name in names:
        traces = write_reference(name, PROTOCOLS[name])
        size = reference_path(name).stat().st_size
        total += size
        print(f"{name} ({size / 1024:.0f} KiB): {summary(traces)}")
    print(f"total {total / 1024:.0f} KiB in {DATA_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
