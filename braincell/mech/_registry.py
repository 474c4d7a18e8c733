"""The built-in mechanism catalogue, by NEURON name."""

from __future__ import annotations

from ..errors import SpecError
from ._hh import hh
from ._iclamp import IClamp
from ._mechanism import Mechanism, did_you_mean
from ._pas import pas


def builtins() -> dict[str, Mechanism]:
    """The built-in mechanisms by name."""
    return {m.name: m for m in (hh, pas, IClamp)}


def builtin(name: str) -> Mechanism:
    """The built-in mechanism called ``name``: the Python hh, pas and IClamp, then the
    shipped .mod catalogue (``mechanisms/``). A clear error lists the valid names."""
    table = builtins()
    if name in table:
        return table[name]
    from ._catalogue import Catalogue

    catalogue = Catalogue.builtin()
    if name in catalogue:
        return catalogue[name]
    known = sorted(set(table) | set(catalogue))
    raise SpecError(f"unknown mechanism {name!r}{did_you_mean(name, known)}; "
                    f"known: {', '.join(known)}")
