"""Lowering corners checked against NEURON itself (nrnivmodl + neuron 9.0.2): small .mod
files written for these tests, each run in both simulators with the same protocol.

* ``kpump``: a nonlinear KINETIC scheme as NEURON's sparse solves it: COMPARTMENT volumes
  (one per array element), CONSERVE of amounts, species that are not STATEs (``cao``, the
  PARAMETER ``cres``), a ``<<`` flux of the ion's total current read with ``READ ica``,
  ``~ x -> (rate)``, ``f_flux`` after a reaction, a STATE started from its PARAMETER
  ``pump0``, and ``STEADYSTATE sparse`` in INITIAL;
* ``lin``, ``nonlin``: LINEAR (one exact solve, ``~+``) and NONLINEAR blocks (scopmath's
  newton, whose finite-difference Jacobian and tolerances decide the last digits);
* ``pdef``: PARAMETER defaults, which nocmodl prints into the C code with ``%g``;
* ``qsyn``: FROM loops with run-time bounds and arrays indexed at run time (a queue of
  events in NET_RECEIVE, shifted in BREAKPOINT), the queue overflowing;
* ``WatchIF``: WATCH in NET_RECEIVE, armed from a self-event of INITIAL and re-armed in
  the handlers: two conditions in one statement, a condition armed while it is already
  true, the first WATCH of a delivery disarming the others; each upward crossing adds a
  conductance that pulls v back down, so v oscillates while the clamp is on.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import braincell

pytestmark = pytest.mark.neuron

KPUMP = """
NEURON {
    SUFFIX kpump
    USEION ca READ cao, cai, ica WRITE cai, ica
    RANGE ipump, pump0
    GLOBAL kf, kb, kr
}
UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
    PI = (pi) (1)
}
PARAMETER {
    kf = 50 (/mM-ms)
    kb = 0.1 (/ms)
    kr = 0.3 (/ms)
    kd = 0.2 (/ms)
    cres = 1e-4 (mM)
    pump0 = 1e-3 (mM)
    ptot = 2e-3 (mM)
}
ASSIGNED { diam (um) ipump (mA/cm2) ilast (mA/cm2) vol[2] cao (mM) cai (mM) ica (mA/cm2) }
STATE { ca[2] (mM) pump (mM) pumpca (mM) buf (mM) }
INITIAL {
    vol[0] = PI*diam*diam/4*0.3
    vol[1] = PI*diam*diam/4*0.7
    FROM i = 0 TO 1 { ca[i] = cai }
    buf = 0.5*cai
    ilast = 0
    ipump = 0
    SOLVE scheme STEADYSTATE sparse
}
BREAKPOINT {
    SOLVE scheme METHOD sparse
    ilast = ipump
    ica = ipump
}
KINETIC scheme {
    COMPARTMENT i, vol[i] {ca}
    COMPARTMENT vol[0] {pump pumpca buf}
    ~ ca[0] + pump <-> pumpca (kf, kb)
    ~ pumpca <-> pump + cao (kr, kr*1e-3)
    ipump = 2e-4*FARADAY*(f_flux - b_flux)/(PI*diam)
    ~ ca[0] << (-(ica - ilast)*PI*diam/(2*FARADAY)*1e4)
    ~ ca[0] <-> ca[1] (0.5, 0.5)
    ~ cres <-> buf (kd, kd)
    ~ buf -> (0.01)
    CONSERVE pump + pumpca = ptot*vol[0]
    cai = ca[0]
}
"""

CADRIVE = """
NEURON { SUFFIX cadrive USEION ca READ eca WRITE ica RANGE g }
PARAMETER { g = 2e-5 (S/cm2) }
ASSIGNED { v (mV) eca (mV) ica (mA/cm2) }
BREAKPOINT { ica = g*(v - eca) }
"""

QSYN = """
NEURON {
    POINT_PROCESS QSyn
    RANGE tau, i, q
    NONSPECIFIC_CURRENT i
}
DEFINE N 6
PARAMETER { tau = 2 (ms) }
ASSIGNED { i (nA) q t0[N] (ms) w[N] (nA) }
INITIAL { i = 0 q = 0 }
BREAKPOINT {
    LOCAL k, x, n
    i = 0
    n = 0
    FROM k = 0 TO q - 1 {
        x = (t - t0[k])/tau
        if (x > 3) { n = n + 1 } else { i = i - w[k]*exp(-x) }
    }
    shift(n)
}
PROCEDURE shift(n) {
    LOCAL k
    FROM k = 0 TO q - n - 1 {
        t0[k] = t0[k + n]
        w[k] = w[k + n]
    }
    q = q - n
}
NET_RECEIVE(weight (nA)) {
    t0[q] = t
    w[q] = weight
    if (q < N - 1) { q = q + 1 }
}
"""

PDEF = """
NEURON { SUFFIX pdef RANGE a, b GLOBAL c }
PARAMETER { a = 0.123456789 b = 1.23456789e-7 c = 123456789.123 d = 2.718281828459045 }
"""

LIN = """
NEURON { SUFFIX lin RANGE g, xa, yb NONSPECIFIC_CURRENT i }
PARAMETER { g = 1e-4 (S/cm2) k = 2 }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { xa yb }
INITIAL { SOLVE eqs }
BREAKPOINT {
    SOLVE eqs
    i = g*(xa - yb)
}
LINEAR eqs {
    LOCAL a
    a = k + 1
    ~ xa + a*yb = v + 70
    ~ 3*xa - k*yb = 1
    ~+ yb = 0.5
}
"""

NONLIN = """
NEURON { SUFFIX nonlin RANGE g, xa, yb NONSPECIFIC_CURRENT i }
PARAMETER { g = 1e-4 (S/cm2) b = 0.5 }
ASSIGNED { v (mV) i (mA/cm2) }
STATE { xa yb }
INITIAL { xa = 1 yb = 1 SOLVE nl }
BREAKPOINT {
    SOLVE nl
    i = g*(xa*xa - yb)*(v + 60)
}
NONLINEAR nl {
    ~ xa*xa + yb = 2 + 0.01*(v + 65)
    ~ xa - yb*yb*yb = b
}
"""

WATCHIF = """
NEURON {
    POINT_PROCESS WatchIF
    NONSPECIFIC_CURRENT i
    RANGE vth, vlow, gmax, tau, erev, g, nup, ndown, tlast
}
UNITS { (mV) = (millivolt) (nA) = (nanoamp) (uS) = (microsiemens) }
PARAMETER { vth = -55 (mV) vlow = -62 (mV) gmax = 0.02 (uS) tau = 3 (ms) erev = -80 (mV) }
ASSIGNED { v (mV) i (nA) nup ndown tlast (ms) }
STATE { g (uS) }
INITIAL {
    g = 0
    nup = 0
    ndown = 0
    tlast = -1
    net_send(0, 1)
}
BREAKPOINT {
    SOLVE states METHOD cnexp
    i = g*(v - erev)
}
DERIVATIVE states { g' = -g/tau }
NET_RECEIVE(w) {
    if (flag == 1) {
        WATCH (v > vth) 2, (v < vlow) 4
    } else if (flag == 2) {
        nup = nup + 1
        tlast = t
        g = g + gmax
        net_event(t)
        WATCH (v < vlow) 4
    } else if (flag == 4) {
        ndown = ndown + 1
        WATCH (v > vth) 2, (vlow > v) 4
    }
}
"""

FILES = {"kpump.mod": KPUMP, "cadrive.mod": CADRIVE, "qsyn.mod": QSYN, "pdef.mod": PDEF,
         "lin.mod": LIN, "nonlin.mod": NONLIN, "watchif.mod": WATCHIF}
EVENTS = [2, 3, 3.5, 10, 11, 20, 20.5, 21, 21.5, 22, 22.5, 23, 23.5, 40]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    pytest.importorskip("neuron")
    if shutil.which("nrnivmodl") is None:
        pytest.skip("nrnivmodl not found")
    folder = tmp_path_factory.mktemp("nrnmod")
    for name, text in FILES.items():
        (folder / name).write_text(text)
    proc = subprocess.run(["nrnivmodl"], cwd=folder, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return folder


def run_neuron(folder: Path, body: str) -> dict:
    """Run ``body`` (NEURON code that fills ``rec``, a dict of name -> Vector) in a fresh
    process in ``folder`` (where NEURON loads the compiled mechanisms)."""
    code = ("import json\nfrom neuron import h\nrec = {}\n" + body +
            "\nprint(json.dumps({k: list(x) for k, x in rec.items()}))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_soma(folder: Path, tstop: float, setup: str) -> dict:
    """``run_neuron`` for a 20 x 20 um soma with pas (g 3e-4, e -65): ``setup`` adds the
    mechanisms, stimuli and recordings, then it runs from -65 mV to ``tstop``."""
    return run_neuron(folder, f"""
soma = h.Section(name="soma"); soma.L = soma.diam = 20
soma.insert("pas"); soma(0.5).pas.g = 3e-4; soma(0.5).pas.e = -65
{setup}
h.finitialize(-65)
while h.t < {tstop} - 1e-9:
    h.fadvance()
""")


def close(neuron: dict, ours, names: dict, rtol: float = 1e-11) -> None:
    for key, name in names.items():
        a, b = np.asarray(neuron[key]), np.asarray(ours[name])
        scale = max(np.abs(a).max(), 1e-300)
        assert np.abs(a - b).max() <= rtol * scale, (key, np.abs(a - b).max(), scale)


def test_nonlinear_kinetic_scheme_matches_neuron(built):
    nrn = run_soma(built, 40, """
soma.insert("kpump"); soma.insert("cadrive")
stim = h.IClamp(soma(0.5)); stim.delay = 5; stim.dur = 20; stim.amp = 0.2
h.dt = 0.025; h.secondorder = 0; h.celsius = 6.3
seg = soma(0.5)
for n, ref in [("v", seg._ref_v), ("cai", seg._ref_cai), ("ca1", seg.kpump._ref_ca[1]),
               ("pump", seg.kpump._ref_pump), ("pumpca", seg.kpump._ref_pumpca),
               ("buf", seg.kpump._ref_buf), ("ipump", seg.kpump._ref_ipump)]:
    rec[n] = h.Vector(); rec[n].record(ref)
""")
    cell = braincell.SingleCompartment(20.0, 20.0, v_init=-65.0, celsius=6.3)
    cell.paint(braincell.mech.pas(g=3e-4, e=-65.0))
    cell.paint(braincell.load_mod(built / "kpump.mod"))
    cell.paint(braincell.load_mod(built / "cadrive.mod"))
    cell.place(braincell.mech.IClamp(del_=5.0, dur=20.0, amp=0.2), label="stim")
    names = {"v": "v", "cai": "cai", "ca1": "kpump.ca[1]", "pump": "kpump.pump",
             "pumpca": "kpump.pumpca", "buf": "kpump.buf", "ipump": "kpump.ipump"}
    ours = cell.run(40.0, 0.025, record=list(names.values()))
    assert np.ptp(nrn["cai"]) > 1e-3 and np.ptp(nrn["pump"]) > 1e-5  # the scheme moves
    assert nrn["pump"][0] > 1.9e-3  # started from pump0, then the steady state
    close(nrn, ours, names)


def test_runtime_loops_and_arrays_match_neuron(built):
    nrn = run_soma(built, 50, f"""
syn = h.QSyn(soma(0.5))
nc = h.NetCon(None, syn); nc.weight[0] = -0.05
h.dt = 0.025; h.secondorder = 0
for n, ref in [("v", soma(0.5)._ref_v), ("i", syn._ref_i), ("q", syn._ref_q)]:
    rec[n] = h.Vector(); rec[n].record(ref)
fih = h.FInitializeHandler(lambda: [nc.event(t) for t in {EVENTS!r}])
""")
    cell = braincell.SingleCompartment(20.0, 20.0, v_init=-65.0)
    cell.paint(braincell.mech.pas(g=3e-4, e=-65.0))
    cell.place(braincell.load_mod(built / "qsyn.mod"), label="syn",
               location=f"{cell.name}(0.5)",
               connections=[braincell.Connection(weight=-0.05, events=EVENTS)])
    ours = cell.run(50.0, 0.025, record=["v", "syn.i", "syn.q"])
    assert max(nrn["q"]) == 5  # the queue fills up (N - 1) and drains
    close(nrn, ours, {"v": "v", "i": "syn.i", "q": "syn.q"})


def test_parameter_defaults_are_neurons(built):
    nrn = run_neuron(built, """
soma = h.Section(name="soma"); soma.insert("pdef")
seg = soma(0.5)
for n, value in [("a", seg.pdef.a), ("b", seg.pdef.b), ("c", h.c_pdef), ("d", h.d_pdef)]:
    rec[n] = h.Vector([value])
""")
    defaults = braincell.load_mod(built / "pdef.mod").defaults
    assert {k: v[0] for k, v in nrn.items()} == {k: defaults[k] for k in "abcd"}
    assert defaults["a"] == 0.123457


def test_linear_and_nonlinear_blocks_match_neuron(built):
    nrn = run_soma(built, 40, """
soma.insert("lin"); soma.insert("nonlin")
stim = h.IClamp(soma(0.5)); stim.delay = 5; stim.dur = 20; stim.amp = 0.2
h.dt = 0.025; h.secondorder = 0
seg = soma(0.5)
for n, ref in [("v", seg._ref_v), ("lx", seg.lin._ref_xa), ("ly", seg.lin._ref_yb),
               ("nx", seg.nonlin._ref_xa), ("ny", seg.nonlin._ref_yb)]:
    rec[n] = h.Vector(); rec[n].record(ref)
""")
    cell = braincell.SingleCompartment(20.0, 20.0, v_init=-65.0)
    cell.paint(braincell.mech.pas(g=3e-4, e=-65.0))
    cell.paint(braincell.load_mod(built / "lin.mod"))
    cell.paint(braincell.load_mod(built / "nonlin.mod"))
    cell.place(braincell.mech.IClamp(del_=5.0, dur=20.0, amp=0.2), label="stim")
    names = {"v": "v", "lx": "lin.xa", "ly": "lin.yb", "nx": "nonlin.xa", "ny": "nonlin.yb"}
    ours = cell.run(40.0, 0.025, record=list(names.values()))
    assert np.ptp(nrn["nx"]) > 1e-2  # the solution follows v
    close(nrn, ours, names)


def test_watch_matches_neuron(built):
    nrn = run_soma(built, 80, """
w = h.WatchIF(soma(0.5))
stim = h.IClamp(soma(0.5)); stim.delay = 5; stim.dur = 60; stim.amp = 0.1
h.dt = 0.025; h.secondorder = 0
for n, ref in [("v", soma(0.5)._ref_v), ("g", w._ref_g), ("nup", w._ref_nup),
               ("ndown", w._ref_ndown), ("tlast", w._ref_tlast)]:
    rec[n] = h.Vector(); rec[n].record(ref)
""")
    cell = braincell.SingleCompartment(20.0, 20.0, v_init=-65.0)
    cell.paint(braincell.mech.pas(g=3e-4, e=-65.0))
    cell.place(braincell.load_mod(built / "watchif.mod"), label="w",
               location=f"{cell.name}(0.5)")
    cell.place(braincell.mech.IClamp(del_=5.0, dur=60.0, amp=0.1), label="stim")
    names = {"v": "v", "g": "w.g", "nup": "w.nup", "ndown": "w.ndown", "tlast": "w.tlast"}
    ours = cell.run(80.0, 0.025, record=list(names.values()))
    assert nrn["nup"][-1] >= 3 and nrn["ndown"][-1] >= 3  # it oscillates
    for key in ("nup", "ndown", "tlast"):
        np.testing.assert_array_equal(ours[names[key]], nrn[key])
    assert np.abs(np.asarray(ours["v"]) - nrn["v"]).max() <= 1e-6
    close(nrn, ours, names)
