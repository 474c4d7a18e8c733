"""The one protocol every corpus mechanism is run with, and how two runs are compared.

Choices (also printed at the top of docs/compatibility.md):

* a one-segment soma, L = diam = 20 µm (area 1256.64 µm²), cm = 1 µF/cm²;
* ``pas`` with g = 3e-4 S/cm² and e = -65 mV (τ = 3.3 ms, input resistance ≈ 265 MΩ), so the
  cell rests at v_init and every run has a well-defined passive baseline;
* the mechanism with all its defaults; a point process placed at soma(0.5);
* ions at NEURON's defaults (nothing is set);
* ``celsius`` = 6.3 °C, NEURON's default. The .mod files do not set the temperature (a
  ``celsius`` PARAMETER's value is ignored by NEURON); the packages' own models set it in hoc
  or Python (bluepyopt's L5PC uses 34 °C). The comparison is about reproducing NEURON, so
  the neutral default is used for every file;
* ``usetable_<name> = 0`` for every mechanism that has a TABLE (braincell evaluates rates
  exactly, see tests/validation/NEURON_FACTS.md §4);
* an IClamp of 0.2 nA (15.9 µA/cm²) from 10 to 60 ms: the passive cell alone peaks at
  -12 mV (no 0 mV crossing, so a counted spike is a real one), while ``hh`` fires 4 spikes
  (0.1 nA with g_pas 1e-4 lifts the passive cell to +14 mV and gives hh a single spike);
* v_init = -65 mV, dt = 0.025 ms, tstop = 100 ms, NEURON's fixed step (backward Euler,
  ``secondorder = 0``): 4000 steps, 4001 samples of v at soma(0.5).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

__all__ = ["Protocol", "PROTOCOL", "spike_count", "Comparison", "compare", "TOLERANCE_MV"]

TOLERANCE_MV = 1e-3
"""max|ΔV| (mV) for a match (issue 4's acceptance)."""


@dataclass(frozen=True)
class Protocol:
    length: float = 20.0          # µm
    diam: float = 20.0            # µm
    cm: float = 1.0               # µF/cm²
    g_pas: float = 3e-4           # S/cm²
    e_pas: float = -65.0          # mV
    celsius: float = 6.3          # °C
    v_init: float = -65.0         # mV
    dt: float = 0.025             # ms
    tstop: float = 100.0          # ms
    stim_delay: float = 10.0      # ms
    stim_dur: float = 50.0        # ms
    stim_amp: float = 0.2         # nA

    @property
    def steps(self) -> int:
        return int(round(self.tstop / self.dt))

    def to_dict(self) -> dict:
        return asdict(self)

    def describe(self) -> str:
        return (
            f"soma L = diam = {self.length:g} µm, cm {self.cm:g} µF/cm², "
            f"pas g {self.g_pas:g} S/cm² e {self.e_pas:g} mV; the mechanism with its defaults "
            f"(point processes at soma(0.5)); ions at NEURON's defaults; "
            f"celsius {self.celsius:g} °C; tables off (usetable_<name> = 0); "
            f"IClamp {self.stim_amp:g} nA from {self.stim_delay:g} to "
            f"{self.stim_delay + self.stim_dur:g} ms; v_init {self.v_init:g} mV; "
            f"dt {self.dt:g} ms, tstop {self.tstop:g} ms, backward Euler (secondorder 0)"
        )


PROTOCOL = Protocol()


def spike_count(v, threshold: float = 0.0) -> int:
    """Upward crossings of ``threshold``: ``v[k] < threshold <= v[k+1]``
    (``RunResult.spike_times``'s rule)."""
    v = np.asarray(v, dtype=float)
    return int(np.count_nonzero((v[:-1] < threshold) & (v[1:] >= threshold)))


@dataclass(frozen=True)
class Comparison:
    max_dv: float             # mV, over every sample (inf when a trace is not finite)
    spikes_neuron: int
    spikes_braincell: int

    @property
    def match(self) -> bool:
        return self.max_dv <= TOLERANCE_MV and self.spikes_neuron == self.spikes_braincell


def compare(v_neuron, v_braincell) -> Comparison:
    """max|ΔV| and spike counts of two voltage traces sampled at the same times."""
    a = np.asarray(v_neuron, dtype=float)
    b = np.asarray(v_braincell, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"traces of different lengths: NEURON {a.shape}, braincell {b.shape}")
    diff = np.abs(a - b)
    max_dv = float(diff.max()) if np.all(np.isfinite(diff)) else float("inf")
    return Comparison(max_dv, spike_count(a), spike_count(b))
