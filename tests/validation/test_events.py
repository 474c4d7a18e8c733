"""Event delivery against NEURON: ExpSyn driven by NetCon event lists (stored reference
data/catalogue/expsyn_events.npz), with two connections and simultaneous events."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import braincell

sys.path.insert(0, str(Path(__file__).parent))
from catalogue_protocols import BUILTIN_PROTOCOLS  # noqa: E402
from python_mechanisms import ExpSynTwin  # noqa: E402

DATA = Path(__file__).parent / "data" / "catalogue"


def test_expsyn_event_lists_match_neuron():
    spec = BUILTIN_PROTOCOLS["expsyn_events"]
    ref = np.load(DATA / "expsyn_events.npz")
    place = spec["place"][0]
    cell = braincell.SingleCompartment(20, 20)
    cell.paint(braincell.mech.pas(g=0.0001, e=-70.0))
    cell.place(ExpSynTwin()(**place["parameters"]), "syn",
               connections=[braincell.Connection(**c) for c in place["connections"]])
    result = cell.run(spec["tstop"], spec["dt"], ["v", "syn.g", "syn.i"])
    assert np.max(np.abs(result["v"] - ref["v@soma(0.5)"])) <= 1e-9
    assert np.max(np.abs(result["syn.g"] - ref["syn.g"])) <= 1e-12
    # the conductance jumps one recorded point after each event time, as in NEURON
    jumps = np.nonzero(np.diff(result["syn.g"]) > 0)[0] + 1
    np.testing.assert_allclose(result.t[jumps], [5.025, 10.525, 20.025, 33.325], atol=1e-9)


def test_connection_validation():
    with pytest.raises(braincell.SpecError, match="event times must be >= 0"):
        braincell.Connection(0.1, events=[-1.0])
    cell = braincell.SingleCompartment().paint(braincell.mech.pas)
    cell.place(braincell.mech.IClamp, "stim", connections=[braincell.Connection(0.1, [1.0])])
    with pytest.raises(braincell.SpecError, match="has connections but no NET_RECEIVE"):
        cell.simulation(1.0)
