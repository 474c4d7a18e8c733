"""Discretization: CV policies and NEURON-identical node geometry (see docs/discretization.md)."""

from ._cv import *  # noqa: F403
from ._cv import __all__  # noqa: F401
