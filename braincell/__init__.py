"""braincell: biophysically detailed neurons in JAX, with NEURON's answer.

Importing braincell turns on JAX's float64 mode (``jax_enable_x64``); set
``BRAINCELL_FLOAT32=1`` beforehand to compute in float32 instead. See docs/first-steps.md.
"""

from ._config import configure_precision

configure_precision()

from . import cv  # noqa: E402
from . import filter, ion, mech, morph, quad  # noqa: E402
from ._cell import Cable, Cell  # noqa: E402
from ._compute._run import Simulation  # noqa: E402
from ._neuron import HHTypedNeuron  # noqa: E402
from ._result import RunResult  # noqa: E402
from ._single import SingleCompartment  # noqa: E402
from .errors import BraincellError, SimulationError, SpecError  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "HHTypedNeuron", "SingleCompartment", "Cell", "Cable", "cv", "filter", "morph", "RunResult", "Simulation",
    "ion", "mech", "quad",
    "BraincellError", "SpecError", "SimulationError",
]
