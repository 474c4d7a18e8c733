"""The Goldman-Hodgkin-Katz current function, as NEURON's ``ghk()``."""

from __future__ import annotations

from .._constants import FARADAY
from .._math import exprelr
from ._nernst import ktf


def efun(x):
    """``x / (exp(x) - 1)``, smooth at 0 (NEURON's ``efun``)."""
    return exprelr(x)


def ghk(v, ci, co, valence, celsius):
    """GHK driving force (mA/cm² per cm/s of permeability), NEURON's ``ghk(v, ci, co, z)``.

    ``0.001 * z * F * (ci * efun(-z v / ktf) - co * efun(z v / ktf))``.
    """
    temp = valence * v / ktf(celsius)
    return 0.001 * valence * FARADAY * (ci * efun(-temp) - co * efun(temp))
