"""A real morphology against NEURON: the L5PC cell (bluepyopt's C060114A7.asc), hh in every
segment, d_lambda discretization, loaded by braincell and by NEURON's Import3d.

Needs the network (the morphology comes from the bluepyopt sdist, never committed) and the
neuron package; it runs in CI, where both are available.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import braincell
from braincell.cv import DLambda

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "morph"))
sys.path.insert(0, str(ROOT))
from nrn_import import delete_imported, fetch_l5pc, import3d  # noqa: E402

from tests.conftest import CACHE_DIR  # noqa: E402

pytestmark = [pytest.mark.neuron, pytest.mark.network]
TSTOP = 50.0


@pytest.fixture(scope="module")
def l5pc_path():
    path = fetch_l5pc(CACHE_DIR)
    if path is None:
        pytest.skip("offline: cannot download the bluepyopt sdist for the L5PC morphology")
    return path


def _braincell(path):
    cell = braincell.Cell(braincell.morph.read_asc(path), policy=DLambda(), Ra=100.0)
    cell.paint("all", braincell.mech.hh)
    cell.place("soma[0](0.5)", braincell.mech.IClamp(del_=2, dur=40, amp=1.5), "stim")
    return cell


def _distal(cell):
    morph = cell.morphology
    ends = [(morph.distance_um(i, 1.0), name) for i, name in enumerate(morph.names)
            if name.startswith("apic")]
    return max(ends)[1]


def test_l5pc_matches_neuron(l5pc_path):
    neuron = pytest.importorskip("neuron")
    h = neuron.h
    cell = _braincell(l5pc_path)
    geo = cell.geometry()
    distal = _distal(cell)
    record = ["v@soma[0](0.5)", f"v@{distal}(0.5)", f"v@{distal}(1)"]
    ours = cell.run(TSTOP, 0.025, record)

    ref = import3d(h, l5pc_path, "asc")
    try:
        nseg = dict(zip(geo.section_names, geo.nseg))
        for name, entry in ref.items():
            sec = entry["sec"]
            sec.Ra = 100.0
            sec.nseg = int(nseg[name])
            sec.insert("hh")
        h.usetable_hh = 0
        h.celsius = 6.3
        h.dt = 0.025
        secs = {name: entry["sec"] for name, entry in ref.items()}
        area = sum(seg.area() for s in secs.values() for seg in s)
        assert abs(area - geo.total_area_um2) <= 1e-9 * area
        stim = h.IClamp(secs["soma[0]"](0.5))
        stim.delay, stim.dur, stim.amp = 2, 40, 1.5
        vecs = []
        for key in record:
            sec, x = key[2:].rsplit("(", 1)
            vec = h.Vector()
            vec.record(secs[sec](float(x[:-1]))._ref_v)
            vecs.append(vec)
        h.finitialize(-65)
        for _ in range(round(TSTOP / 0.025)):
            h.fadvance()
        for key, vec in zip(record, vecs):
            err = np.max(np.abs(np.asarray(vec) - ours[key]))
            print(f"L5PC {key}: max |dv| vs NEURON = {err:.3g} mV")
            assert err <= 1e-6, f"{key}: braincell differs from NEURON by {err:.3g} mV"
        spikes = ours.spike_times("v@soma[0](0.5)")
        assert len(spikes) >= 1  # the comparison is not vacuous
    finally:
        h.usetable_hh = 1
        delete_imported(h, ref)
