"""Ion species, reversal potentials (Nernst) and the GHK current function.

``braincell.ion.na``, ``k`` and ``ca`` are NEURON's ions with NEURON's default
concentrations; ``braincell.ion.Ion("cl", valence=-1, ...)`` declares any other one.
"""

from ._ghk import efun, ghk
from ._nernst import ktf, nernst
from ._species import Ion, ca, default_ion, k, na

__all__ = ["Ion", "na", "k", "ca", "default_ion", "nernst", "ktf", "ghk", "efun"]
