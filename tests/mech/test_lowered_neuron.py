"""Lowered .mod files against NEURON's stored traces (no NEURON needed to run this).

* the catalogue's ``hh.mod`` (NEURON's hh interface) on the hh_soma protocols;
* ``tests/validation/mod/cadecay.mod`` + ``caleak.mod`` on the calcium protocols;
* every catalogue protocol of ``tests/validation/catalogue_protocols.py`` whose mechanisms
  need no events, with *every* mechanism (IClamp and SEClamp too) lowered from its file.

The event protocols (ExpSyn, Exp2Syn, NetStim) need the engine's event delivery, which is
not there yet; their NET_RECEIVE functions are tested directly in test_lowered_events.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import braincell

REPO = Path(__file__).resolve().parents[2]
VALIDATION = REPO / "tests" / "validation"
sys.path.insert(0, str(VALIDATION))
from catalogue_protocols import PROTOCOLS as CATALOGUE  # noqa: E402
from protocols import PROTOCOLS  # noqa: E402

EVENT_PROTOCOLS = {"expsyn_events", "exp2syn_events", "netstim_expsyn"}
TOL = {"v": 1e-6}


@pytest.fixture(scope="module")
def mechanisms():
    out = dict(braincell.Catalogue.from_dir(REPO / "mechanisms"))
    for name in ("cadecay", "caleak"):
        out[name] = braincell.load_mod(VALIDATION / "mod" / f"{name}.mod")
    return out


def build(spec: dict, mechanisms) -> braincell.SingleCompartment:
    sec = spec["morphology"]["sections"][0]
    cell = braincell.SingleCompartment(sec["length"], sec["diam"], name=sec["name"],
                                       celsius=spec["celsius"], v_init=spec["v_init"])
    for ion, values in spec.get("ions", {}).items():
        cell.set_ion(ion, **values)
    for item in spec["paint"]:
        cell.paint(mechanisms[item["mechanism"]](**item.get("parameters", {})))
    for item in spec.get("place", []):
        cell.place(mechanisms[item["mechanism"]](**item.get("parameters", {})), item["label"])
    return cell


def compare(spec: dict, mechanisms, reference) -> None:
    result = build(spec, mechanisms).run(spec["tstop"], spec["dt"], spec["record"],
                                         spec["solver"])
    for key in spec["record"]:
        var = key.split("@")[0].split(".")[-1]
        scale = max(1.0, float(np.max(np.abs(reference[key]))))
        tol = TOL.get(var, 1e-8 * scale)
        err = float(np.max(np.abs(result[key] - reference[key])))
        assert err <= tol, f"{key} differs from NEURON by {err:.3g}"


@pytest.mark.parametrize("name", ["hh_soma", "hh_soma_celsius16", "hh_soma_cn",
                                  "pas_soma", "pas_soma_cn", "ca_accumulation",
                                  "ca_accumulation_cn"])
def test_validation_protocols(name, mechanisms):
    compare(PROTOCOLS[name], mechanisms, np.load(VALIDATION / "data" / f"{name}.npz"))


@pytest.mark.parametrize("name", sorted(set(CATALOGUE) - EVENT_PROTOCOLS))
def test_catalogue_protocols(name, mechanisms):
    ref = np.load(VALIDATION / "data" / "catalogue" / f"{name}.npz")
    compare(CATALOGUE[name], mechanisms, ref)


def test_hh_interface(mechanisms):
    hh = mechanisms["hh"]
    assert hh.kind == "density" and [s.name for s in hh.states] == ["m", "h", "n"]
    assert hh.solve_methods == (("states", "DERIVATIVE", "cnexp"),)
