"""braincell: biophysically detailed neurons in JAX, with NEURON's answer.

Importing braincell turns on JAX's float64 mode (``jax_enable_x64``); set
``BRAINCELL_FLOAT32=1`` beforehand to compute in float32 instead. On CPUs with AVX-512 it
also asks XLA for 512-bit vectors (``BRAINCELL_XLA_FLAGS=0`` leaves XLA_FLAGS alone). See
docs/first-steps.md.
"""

from ._config import configure_precision, configure_xla

configure_precision()
configure_xla()

from . import cv, filter, ion, mech, morph, quad
from ._cell import Cable, Cell
from ._compute._run import Simulation
from ._connection import Connection
from ._load import load_mod
from ._neuron import HHTypedNeuron
from ._result import RunResult
from ._single import SingleCompartment
from .errors import BraincellError, SimulationError, SpecError
from .mech import Catalogue

__version__ = "0.1.0"

__all__ = [
    "HHTypedNeuron", "SingleCompartment", "Cell", "Cable", "Connection", "cv", "filter", "morph", "RunResult", "Simulation",
    "ion", "mech", "quad", "load_mod", "Catalogue",
    "BraincellError", "SpecError", "SimulationError",
]
