"""Regenerate the catalogue's NEURON references:
``python tests/validation/make_catalogue_references.py [name ...] [--twins]``.

Runs every protocol of ``catalogue_protocols.py`` in NEURON and writes
``data/catalogue/<name>.npz`` in the format of ``make_references.py`` (``t``, one float64
array per record string, ``spec_json``, ``neuron_version``). Protocols with built-in names
use NEURON's own mechanisms; the others compile ``mechanisms/`` (in a temp dir).

``--twins`` also compiles the renamed twins of our built-in-named files (``hh_bc`` ...)
and prints, per protocol and trace, the largest difference from NEURON's built-in.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from catalogue_protocols import (  # noqa: E402
    BUILTIN_PROTOCOLS,
    PROTOCOLS,
    twin_mod_texts,
    twin_spec,
)
from make_references import read_traces, save_traces, summary  # noqa: E402
from neuron_runner import run_in_neuron  # noqa: E402

DATA_DIR = HERE / "data" / "catalogue"


def reference_path(name: str) -> Path:
    return DATA_DIR / f"{name}.npz"


def load_reference(name: str) -> dict[str, np.ndarray]:
    """The stored traces of catalogue protocol ``name``: ``"t"`` and one array per record."""
    return read_traces(reference_path(name))


def stored_spec(name: str) -> dict:
    with np.load(reference_path(name)) as data:
        return json.loads(str(data["spec_json"]))


def write_reference(name: str, spec: dict) -> dict[str, np.ndarray]:
    traces = run_in_neuron(spec, spec_dir=HERE)
    save_traces(reference_path(name), spec, traces)
    return traces


def write_twin_files(folder: Path) -> list[str]:
    """Write the renamed twins (``hh_bc.mod`` ...) into ``folder``; returns their names."""
    names = []
    for filename, text in twin_mod_texts().items():
        (folder / filename).write_text(text)
        names.append(filename)
    return sorted(names)


def run_twin(name: str, folder: Path, mod_files: list[str]) -> dict[str, np.ndarray]:
    """Run built-in protocol ``name`` with our twins; traces keyed like the original."""
    spec, keys = twin_spec(BUILTIN_PROTOCOLS[name], mod_files)
    traces = run_in_neuron(spec, spec_dir=folder)
    out = {"t": traces["t"]}
    out.update({original: traces[twin] for original, twin in keys.items()})
    return out


def twin_differences() -> dict[str, dict[str, float]]:
    """Max |twin - NEURON built-in| per built-in protocol and trace (against the stored
    references)."""
    result = {}
    with tempfile.TemporaryDirectory(prefix="braincell-twins-") as tmp:
        folder = Path(tmp)
        mod_files = write_twin_files(folder)
        for name in BUILTIN_PROTOCOLS:
            stored = load_reference(name)
            twin = run_twin(name, folder, mod_files)
            result[name] = {
                key: float(np.max(np.abs(twin[key] - stored[key]))) for key in stored if key != "t"
            }
    return result


def main(argv: list[str]) -> int:
    twins = "--twins" in argv
    names = [a for a in argv if a != "--twins"] or list(PROTOCOLS)
    unknown = [n for n in names if n not in PROTOCOLS]
    if unknown:
        print(f"unknown protocols: {unknown}; known: {list(PROTOCOLS)}", file=sys.stderr)
        return 2
    for name in names:
        traces = write_reference(name, PROTOCOLS[name])
        size = reference_path(name).stat().st_size
        print(f"{name} ({size / 1024:.0f} KiB): {summary(traces)}")
    total = sum(p.stat().st_size for p in DATA_DIR.glob("*.npz"))
    print(f"total {total / 1024:.0f} KiB in {DATA_DIR}")
    if twins:
        for name, diffs in twin_differences().items():
            worst = ", ".join(f"{k} {d:.2g}" for k, d in diffs.items())
            print(f"twin {name}: {worst}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
