"""The workloads built in NEURON (PyPI ``neuron``), with tables off, for timing and traces.

W1-W5 use NEURON's built-in hh. W6 compiles the catalogue's .mod files with nrnivmodl (once,
into ``.cache/benchmarks/``) and builds the run spec with the validation suite's NEURON
runner; the catalogue's pas.mod and IClamp.mod load as renamed twins (``pas_bc``,
``IClamp_bc``), since NEURON already defines those names.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys

import numpy as np

from .workloads import (
    CATALOGUE,
    DT,
    REPO,
    SINGLE_COMPARTMENT,
    STIM,
    W6_MOD_FILES,
    WORKLOADS,
    ball_and_stick_morphology,
    catalogue_spec,
    l5pc_morphology,
    policy,
)

sys.path.insert(0, str(REPO / "tests" / "cv"))
sys.path.insert(0, str(REPO / "tests" / "validation"))
from catalogue_protocols import BUILTIN_NAMES, twin_mod_texts, twin_spec  # noqa: E402
from nrn_ref import build_in_neuron  # noqa: E402  (the tests' NEURON model builder)

MOD_CACHE = REPO / ".cache" / "benchmarks"


def catalogue_library(files=W6_MOD_FILES) -> str:
    """nrnivmodl's libnrnmech.so for ``files`` of the catalogue (those with built-in names as
    twins), compiled once per content into ``.cache/benchmarks/nrnmech-<hash>/``."""
    twins = twin_mod_texts()
    texts = {}
    for name in files:
        if name in BUILTIN_NAMES:
            twin = f"{BUILTIN_NAMES[name]}_bc.mod"
            texts[twin] = twins[twin]
        else:
            texts[name] = (CATALOGUE / name).read_text()
    digest = hashlib.sha256("".join(f"{k}\0{v}\0" for k, v in sorted(texts.items())).encode())
    folder = MOD_CACHE / f"nrnmech-{digest.hexdigest()[:16]}"
    libs = sorted(folder.glob("*/libnrnmech.so")) + sorted(folder.glob("*/.libs/libnrnmech.so"))
    if libs:
        return str(libs[0])
    nrnivmodl = shutil.which("nrnivmodl")
    if nrnivmodl is None:
        raise RuntimeError("nrnivmodl not found on PATH (pip install neuron==9.0.2)")
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name, text in texts.items():
        (tmp / name).write_text(text)
    proc = subprocess.run([nrnivmodl], cwd=tmp, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"nrnivmodl failed in {tmp}:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    tmp.rename(folder)
    return catalogue_library(files)


def _build_catalogue(h):
    """W6 from its run spec, with the validation runner's builders (the spec's meaning for
    NEURON is defined there). Returns (probe pointer, objects to keep alive, CVs)."""
    from neuron_runner import _apply_ions, _build_sections, _paint, _place, _set_tables

    h.nrn_load_dll(catalogue_library())
    spec, _ = twin_spec(catalogue_spec(), [])
    sections = _build_sections(h, spec)
    mechanisms = _paint(h, spec["paint"], sections)
    points = _place(h, spec["place"], sections)
    mechanisms |= {mech for mech, _ in points.values()}
    _set_tables(h, mechanisms, False)
    _apply_ions(h, spec["ions"], sections)
    h.celsius = spec["celsius"]
    n_cv = sum(s["ncv"] for s in spec["morphology"]["sections"])
    return sections["soma"](0.5), [sections, points], n_cv


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
    v_init = -65.0
    if name == "W6":
        probe, keep, n_cv = _build_catalogue(h)
        v_init = catalogue_spec()["v_init"]
    elif name in SINGLE_COMPARTMENT:
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
        h.finitialize(v_init)
        h.continuerun(w.tstop)
        if abs(h.t - w.tstop) > DT / 2:
            raise RuntimeError(f"NEURON stopped at t = {h.t}, not {w.tstop}")

    return run, (lambda: np.asarray(vec)), n_cv, keep
