"""Mechanism declarations: channels, ions, clamps, synapses and probes.

Every mechanism, hand-written in Python or lowered from a .mod file, is a
:class:`Mechanism`. Call one to set parameters: ``braincell.mech.hh(gnabar=0.2)``.
"""

from ._catalogue import Catalogue
from ._hh import HH, hh, hh_rates
from ._iclamp import IClamp, IClampMechanism
from ._lowered import LoweredMechanism
from ._mechanism import Kind, Mechanism
from ._pas import Pas, pas
from ._registry import builtin, builtins
from ._types import Env, IonUse, Param, Var

__all__ = [
    "Mechanism", "Kind", "Param", "Var", "IonUse", "Env",
    "hh", "HH", "hh_rates", "pas", "Pas", "IClamp", "IClampMechanism",
    "builtin", "builtins", "LoweredMechanism", "Catalogue",
]
