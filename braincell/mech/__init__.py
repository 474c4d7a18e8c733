"""Mechanism declarations: channels, ions, clamps, synapses and probes.

Every mechanism, hand-written in Python or lowered from a .mod file, is a
:class:`Mechanism`. Call one to set parameters: ``braincell.mech.hh(gnabar=0.2)``.

``hh``, ``pas`` and ``IClamp`` are NEURON's built-ins, lowered from the shipped
``mechanisms/*.mod`` the first time they are used (so ``import braincell`` stays fast).
``python_hh`` is hh written by hand in Python, the worked example of
docs/python-channels.md.
"""

from ._catalogue import Catalogue
from ._lowered import LoweredMechanism
from ._mechanism import Kind, Mechanism
from ._python_hh import HH, hh_rates, python_hh
from ._registry import NEURON_BUILTINS, builtin, builtins
from ._types import Env, IonUse, Param, Var

__all__ = [
    "Mechanism", "Kind", "Param", "Var", "IonUse", "Env",
    "hh", "pas", "IClamp", "python_hh", "HH", "hh_rates",
    "builtin", "builtins", "LoweredMechanism", "Catalogue",
]


def __getattr__(name: str):
    """``hh``, ``pas`` and ``IClamp``: lowered from the catalogue on first access."""
    if name in NEURON_BUILTINS:
        mech = builtin(name)
        globals()[name] = mech
        return mech
    raise AttributeError(f"module 'braincell.mech' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(NEURON_BUILTINS))
