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
    """The built-in mechanism called ``name`` (a clear error lists the valid names)."""
    table = builtins()
    if name not in table:
        raise SpecError(
            f"unknown mechanism {name!r}{did_you_mean(name, table)}; "
            f"known: {', '.join(sorted(table))}"
        )
    return table[name]
