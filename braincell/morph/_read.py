"""Read a morphology file by its suffix."""

from __future__ import annotations

from pathlib import Path

from braincell.morph._asc import read_asc
from braincell.morph._errors import MorphologyError
from braincell.morph._morphology import Morphology
from braincell.morph._swc import read_swc


def read_morphology(path: str | Path) -> Morphology:
    """Read ``.swc`` or ``.asc`` (Neurolucida) with NEURON's Import3d conventions."""
    suffix = Path(path).suffix.lower()
    if suffix == ".swc":
        return read_swc(path)
    if suffix == ".asc":
        return read_asc(path)
    raise MorphologyError(
        f"unknown morphology format {suffix!r}; use an .swc or .asc file", path=path
    )
