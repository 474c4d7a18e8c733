"""The run spec: a declarative model-and-protocol file (JSON or TOML).

See docs/run-spec.md for every key. ``run_spec(spec)`` simulates one and returns a
:class:`~braincell.RunResult`; ``load_spec(path)`` reads a file.
"""

from ._build import build_cell, run_spec, simulation_from_spec
from ._load import load_spec
from ._schema import RunSpec, validate

__all__ = ["load_spec", "validate", "RunSpec", "build_cell", "simulation_from_spec", "run_spec"]
