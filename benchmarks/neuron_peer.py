"""The workloads built in NEURON (PyPI ``neuron``), with tables off, for timing and traces."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from .workloads import DT, STIM, WORKLOADS, ball_and_stick_morphology, l5pc_morphology, policy

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "cv"))
from nrn_ref import build_in_neuron  # noqa: E402  (the tests' NEURON model builder)


def build_neuron(name: str):
    """(run: () -> None, traces: () -> (n_steps+1,) soma voltage, n_cv) for NEURON."""
    from neuron import h


    h.load_file("stdrun.hoc")
    h.usetable_hh = 0
    h.celsius = 6.3
    h.dt = DT
    w = WORKLOADS[name]
    delay, dur, amp = STIM[name]
    keep = []
    if name in ("W1", "W3"):
        gnabar = np.linspace(0.04, 0.20, w.n_cells) if name == "W3" else [0.12]
        for g in gnabar:
            sec = h.Section(name=f"cell{len(keep)}")
            sec.L = sec.diam = 20
            sec.insert("hh")
            sec.gnabar_hh = float(g)
            stim = h.IClamp(sec(0.5))
            stim.delay, stim.dur, stim.amp = delay, dur, amp
            keep.append((sec, stim))
        probe = keep[len(keep) // 2 if name == "W3" else 0][0](0.5)
        n_cv = len(keep)
    else:
        morph = ball_and_stick_morphology() if name in ("W2", "W4") else l5pc_morphology()
        nseg = policy(name).nseg(morph, Ra=100.0)
        secs = build_in_neuron(h, morph, nseg, 100.0)
        for sec in secs.values():
            sec.insert("hh")
        soma = secs["soma"] if "soma" in secs else secs["soma[0]"]
        stim = h.IClamp(soma(0.5))
        stim.delay, stim.dur, stim.amp = delay, dur, amp
        keep.append((secs, stim))
        probe = soma(0.5)
        n_cv = int(sum(nseg))
    vec = h.Vector().record(probe._ref_v)

    h.steps_per_ms = 1.0 / DT
    h.tstop = w.tstop

    def run():  # the stdrun loop in hoc: no Python call per step
        h.finitialize(-65.0)
        h.continuerun(w.tstop)
        if abs(h.t - w.tstop) > DT / 2:
            raise RuntimeError(f"NEURON stopped at t = {h.t}, not {w.tstop}")

    return run, (lambda: np.asarray(vec)), n_cv, keep
