"""The workloads, built for braincell (and for the peers in neuron_peer.py, jaxley_peer.py and
arbor_peer.py).

All use float64 and dt = 0.025 ms. W1-W5 use NEURON's hh at celsius 6.3 with exact rates
(no tables); W6 is a run spec made only of the .mod catalogue (``mechanisms/``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
        Workload("W0", "smoke test: one HH compartment, 10 ms, IClamp", 10.0),
        Workload("W1", "one HH compartment, 1 s, IClamp", 1000.0),
        Workload("W2", "soma + 100-CV dendrite (1000 x 1 um, Ra 100), HH everywhere, 200 ms",
                 200.0),
        Workload("W3", "1,000 HH compartments, gnabar 0.04..0.20, 100 ms", 100.0, 1000),
        Workload("W4", "gradient of W2's soma-voltage MSE w.r.t. 101 per-CV gnabar", 200.0),
        Workload("W5", "L5PC morphology at ~1,000 CVs, HH everywhere, 100 ms", 100.0),
        Workload("W6", "soma + 5 dendrites (151 CVs), only .mod catalogue channels, 100 ms",
                 100.0),
    )
}

DEFAULT_WORKLOADS = tuple(w for w in WORKLOADS if w != "W0")
SINGLE_COMPARTMENT = ("W0", "W1", "W3")  # 20 x 20 um HH compartments

STIM = {"W0": (1.0, 8.0, 0.3), "W1": (5.0, 990.0, 0.2), "W2": (5.0, 190.0, 0.5), "W3": (5.0, 90.0, 0.2),
        "W4": (5.0, 190.0, 0.5), "W5": (5.0, 90.0, 2.0), "W6": (5.0, 90.0, 0.5)}

REPO = Path(__file__).resolve().parents[1]
CATALOGUE = REPO / "mechanisms"

# W6: an L5PC-style ball and sticks, every mechanism a .mod file of the catalogue: transient
# Na (nat), delayed-rectifier and M-type K (kdr, km), Ih (ih), HVA and LVA Ca (cal, cat),
# SK (sk), the calcium shell (cad), and the catalogue's own pas.mod and IClamp.mod.
_W6_SECTIONS = (
    {"name": "soma", "length": 20.0, "diam": 20.0, "ncv": 1},
    {"name": "apic", "length": 500.0, "diam": 3.0, "ncv": 50, "parent": "soma", "parent_x": 1.0},
    {"name": "tuft1", "length": 300.0, "diam": 1.5, "ncv": 30, "parent": "apic"},
    {"name": "tuft2", "length": 300.0, "diam": 1.5, "ncv": 30, "parent": "apic"},
    {"name": "basal1", "length": 200.0, "diam": 1.5, "ncv": 20, "parent": "soma",
     "parent_x": 0.0},
    {"name": "basal2", "length": 200.0, "diam": 1.5, "ncv": 20, "parent": "soma",
     "parent_x": 0.0},
)
_LEAK = {"g": 3e-5, "e": -75.0}
_W6_DENSITIES = {  # section kind -> mechanism -> parameters
    "soma": {"pas": _LEAK, "nat": {"gbar": 0.05}, "kdr": {"gbar": 0.01}, "km": {"gbar": 3e-4},
             "ih": {"gbar": 8e-5}, "cal": {"pbar": 1e-5}, "cat": {"gbar": 2e-4}, "cad": {},
             "sk": {"gbar": 5e-4}},
    "apic": {"pas": _LEAK, "nat": {"gbar": 0.005}, "kdr": {"gbar": 0.002}, "ih": {"gbar": 3e-4},
             "cal": {"pbar": 5e-6}, "cat": {"gbar": 4e-4}, "cad": {}, "sk": {"gbar": 1e-4}},
    "tuft": {"pas": _LEAK, "nat": {"gbar": 0.003}, "kdr": {"gbar": 0.001}, "ih": {"gbar": 6e-4},
             "cal": {"pbar": 5e-6}, "cat": {"gbar": 6e-4}, "cad": {}, "sk": {"gbar": 1e-4}},
    "basal": {"pas": _LEAK, "nat": {"gbar": 0.002}, "kdr": {"gbar": 0.001}, "ih": {"gbar": 8e-5}},
}
# The catalogue files W6 uses; pas and IClamp carry NEURON built-in names.
W6_MOD_FILES = ("nat.mod", "kdr.mod", "km.mod", "ih.mod", "cal.mod", "cat.mod", "cad.mod",
                "sk.mod", "pas.mod", "IClamp.mod")


def catalogue_spec() -> dict:
    """W6 as a run spec (docs/run-spec.md). ``mechanisms`` names the catalogue's pas.mod and
    IClamp.mod, braincell's built-ins ``pas`` and ``IClamp`` themselves (so it changes
    nothing in braincell); the NEURON peer compiles the same files (those two as renamed
    twins) with nrnivmodl."""
    delay, dur, amp = STIM["W6"]
    paint = [{"region": s["name"], "mechanism": mech, "parameters": dict(params)}
             for s in _W6_SECTIONS
             for mech, params in _W6_DENSITIES[s["name"].rstrip("0123456789")].items()]
    return {
        "morphology": {"sections": [dict(s) for s in _W6_SECTIONS]},
        "mechanisms": [str(CATALOGUE / "pas.mod"), str(CATALOGUE / "IClamp.mod")],
        "celsius": 34.0, "v_init": -70.0, "dt": DT, "tstop": WORKLOADS["W6"].tstop,
        "cm": 1.0, "Ra": 100.0,
        "ions": {"na": {"ena": 50.0}, "k": {"ek": -85.0}, "ca": {"cai": 1e-4}},  # cai = cainf
        "paint": paint,
        "place": [{"location": "soma(0.5)", "mechanism": "IClamp", "label": "stim",
                   "parameters": {"del": delay, "dur": dur, "amp": amp}}],
        "record": ["v@soma(0.5)"],
        "tables": False,
    }


def ball_and_stick_morphology():
    from braincell.morph import Morphology, Section

    return Morphology([Section("soma", 20, 20), Section("dend", 1000, 1, parent="soma")])


def l5pc_morphology():
    """The L5PC morphology from the bluepyopt sdist (downloaded once into the tests' cache,
    ``$BRAINCELL_TEST_CACHE`` or .cache/test-data, as tests/conftest.py does)."""
    import os
    import sys

    sys.path.insert(0, str(REPO / "tests" / "morph"))
    from nrn_import import fetch_l5pc

    import braincell

    cache = Path(os.environ.get("BRAINCELL_TEST_CACHE", REPO / ".cache" / "test-data"))
    path = fetch_l5pc(cache)
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


def build_braincell(name: str, hh=None):
    """(simulation, number of CVs with membrane) for workload ``name``; ``hh`` replaces
    ``braincell.mech.hh`` (benchmarks/bench_lowering.py runs ``braincell.mech.python_hh``)."""
    import braincell

    w = WORKLOADS[name]
    hh = braincell.mech.hh if hh is None else hh
    if name == "W6":
        import braincell.spec

        spec = catalogue_spec()
        sim = braincell.spec.simulation_from_spec(spec)
        return sim, sum(s["ncv"] for s in spec["morphology"]["sections"])
    delay, dur, amp = STIM[name]
    clamp = braincell.mech.IClamp(del_=delay, dur=dur, amp=amp)
    if name in SINGLE_COMPARTMENT:
        cell = braincell.SingleCompartment(20, 20).paint(hh)
        cell.place(clamp, label="stim")
        return cell.simulation(w.tstop, DT, ["v"]), 1
    morph = ball_and_stick_morphology() if name in ("W2", "W4") else l5pc_morphology()
    cell = braincell.Cell(morph, policy=policy(name), Ra=100.0)
    cell.paint("all", hh)
    soma = "soma(0.5)" if name != "W5" else "soma[0](0.5)"
    cell.place(soma, clamp, "stim")
    sim = cell.simulation(w.tstop, DT, [f"v@{soma}"])
    return sim, int((cell.geometry().area_um2 > 0).sum())
