"""The built-in mechanisms by NEURON name: the shipped .mod catalogue (``mechanisms/``).

NEURON's own ``hh``, ``pas`` and ``IClamp`` are lowered from the catalogue's hh.mod,
pas.mod and IClamp.mod like every other shipped mechanism, the first time they are used.
"""

from __future__ import annotations

from functools import cache

from ..errors import SpecError
from ._catalogue import Catalogue
from ._mechanism import Mechanism, did_you_mean

NEURON_BUILTINS = ("hh", "pas", "IClamp")
"""The built-ins that are also attributes of :mod:`braincell.mech` (``braincell.mech.hh``)."""


@cache
def shipped(*, tables: bool = False) -> Catalogue:
    """The shipped catalogue, one per process (so each file is lowered once)."""
    return Catalogue.builtin(tables=tables)


def builtins() -> dict[str, Mechanism]:
    """NEURON's built-in mechanisms that braincell ships: ``hh``, ``pas``, ``IClamp``."""
    return {name: shipped()[name] for name in NEURON_BUILTINS}


def builtin(name: str) -> Mechanism:
    """The built-in mechanism called ``name`` from the shipped .mod catalogue
    (``mechanisms/``). A clear error lists the valid names."""
    catalogue = shipped()
    if name in catalogue:
        return catalogue[name]
    known = sorted(catalogue)
    raise SpecError(f"unknown mechanism {name!r}{did_you_mean(name, known)}; "
                    f"known: {', '.join(known)}")
