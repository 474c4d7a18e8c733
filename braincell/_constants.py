"""Physical constants with the values NEURON 9 uses (CODATA 2018, see nrnunits.lib)."""

from __future__ import annotations

import math

FARADAY = 96485.33212331001  # C/mol
R_GAS = 8.31446261815324  # J/(mol K)
PI = math.pi
ZERO_CELSIUS_K = 273.15

# NEURON's finite-difference step for dI/dv (mV).
DV_FD = 0.001

# NEURON's defaults (read off neuron 9.0.2).
CELSIUS = 6.3
V_INIT = -65.0
DT = 0.025
CM = 1.0
RA = 35.4
