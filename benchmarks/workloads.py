"""The workloads, built for braincell (and, in neuron_peer.py, for NEURON).

All use float64, dt = 0.025 ms and NEURON's hh at celsius 6.3 with exact rates.
"""

from __future__ import annotations

from dataclasses import dataclass

DT = 0.025


@dataclass(frozen=True)
class Workload:
    name: str
    title: str
    tstop: float
    n_cells: int = 1


WORKLOADS = {
    w.name: w
    for w in (
        Workload("W1", "one HH compartment, 1 s, IClamp", 1000.0),
        Workload("W2", "soma + 100-CV dendrite (1000 x 1 um, Ra 100), HH everywhere, 200 ms",
                 200.0),
        Workload("W3", "1,000 HH compartments, gnabar 0.04..0.20, 100 ms", 100.0, 1000),
        Workload("W4", "gradient of W2's soma-voltage MSE w.r.t. 101 per-CV gnabar", 200.0),
        Workload("W5", "L5PC morphology at ~1,000 CVs, HH everywhere, 100 ms", 100.0),
    )
}

STIM = {"W1": (5.0, 990.0, 0.2), "W2": (5.0, 190.0, 0.5), "W3": (5.0, 90.0, 0.2),
        "W4": (5.0, 190.0, 0.5), "W5": (5.0, 90.0, 2.0)}


def ball_and_stick_morphology():
    from braincell.morph import Morphology, Section

    return Morphology([Section("soma", 20, 20), Section("dend", 1000, 1, parent="soma")])


def l5pc_morphology():
    """The L5PC morphology from the bluepyopt sdist (downloaded once into .cache/)."""
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "tests" / "morph"))
    sys.path.insert(0, str(root))
    from nrn_import import fetch_l5pc

    import braincell
    from tests.conftest import CACHE_DIR

    path = fetch_l5pc(CACHE_DIR)
    if path is None:
        raise RuntimeError("the L5PC morphology could not be downloaded (offline?)")
    return braincell.morph.read_asc(path)


def policy(name: str):
    import braincell

    if name in ("W2", "W4"):
        return braincell.cv.by_region(
            {braincell.filter.Branch("dend"): braincell.cv.FixedPerSection(100)},
            braincell.cv.FixedPerSection(1))
    return braincell.cv.FixedPerSection(3)


def build_braincell(name: str):
    """(simulation, number of CVs with membrane) for workload ``name``."""
    import braincell

    w = WORKLOADS[name]
    delay, dur, amp = STIM[name]
    clamp = braincell.mech.IClamp(del_=delay, dur=dur, amp=amp)
    if name in ("W1", "W3"):
        cell = braincell.SingleCompartment(20, 20).paint(braincell.mech.hh)
        cell.place(clamp, label="stim")
        return cell.simulation(w.tstop, DT, ["v"]), 1
    morph = ball_and_stick_morphology() if name in ("W2", "W4") else l5pc_morphology()
    cell = braincell.Cell(morph, policy=policy(name), Ra=100.0)
    cell.paint("all", braincell.mech.hh)
    soma = "soma(0.5)" if name != "W5" else "soma[0](0.5)"
    cell.place(soma, clamp, "stim")
    sim = cell.simulation(w.tstop, DT, [f"v@{soma}"])
    return sim, int((cell.geometry().area_um2 > 0).sum())
