"""The multi-compartment Cell: declaration, errors, and its plumbing into the engine."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import braincell
import braincell.spec
from braincell.morph import Morphology, Section


def ball_and_stick(ncv=9, **kw):
    morph = Morphology([Section("soma", 20, 20), Section("dend", 500, 1, parent="soma")])
    cell = braincell.Cell(morph, policy=braincell.cv.FixedPerSection(ncv), **kw)
    cell.paint("soma", braincell.mech.hh)
    cell.paint("dend", braincell.mech.pas(e=-65))
    cell.place("soma(0.5)", braincell.mech.IClamp(del_=1, dur=20, amp=0.3), "stim")
    return cell


@pytest.fixture(scope="module")
def sim():
    return ball_and_stick().simulation(10.0, 0.025, ["v@soma(0.5)", "v@dend(1)", "hh.m@soma(0.5)",
                                                     "pas.i@dend(0.5)", "stim.i"])


def test_runs_and_propagates(sim):
    tr = np.asarray(sim.run_jit())
    assert tr.shape == (401, 5)
    assert tr[:, 0].max() > 20  # the soma spikes
    assert -65 < tr[:, 1].max() < tr[:, 0].max()  # attenuated at the tip


def test_regions_and_errors():
    cell = ball_and_stick()
    with pytest.raises(braincell.SpecError, match="unknown region 'dned'.*did you mean 'dend'"):
        cell.paint("dned", braincell.mech.pas)
    with pytest.raises(braincell.SpecError, match="no parameter 'gg'"):
        cell.paint("dend", braincell.mech.pas, gg=1)
    with pytest.raises(braincell.SpecError, match="no section 'axon'"):
        cell.place("axon(0.5)", braincell.mech.IClamp, "s2")
    with pytest.raises(braincell.SpecError, match="used twice"):
        cell.place("soma(0.5)", braincell.mech.IClamp, "stim")
    with pytest.raises(braincell.SpecError, match="say where"):
        cell.simulation(1.0, record=["v"])
    with pytest.raises(braincell.SpecError, match="hh is not present there"):
        cell.simulation(1.0, record=["hh.m@dend(0.5)"])


def test_values_as_functions_of_distance():
    cell = ball_and_stick(ncv=5)
    cell.paint("dend", braincell.mech.pas, g=lambda d: 1e-4 * (1 + d / 100))
    layout = cell.layout()
    group = layout.groups[layout.group("pas")]
    dist = [cell.morphology.distance_um(1, x) for x in (0.1, 0.3, 0.5, 0.7, 0.9)]
    np.testing.assert_allclose(group.params["g"], 1e-4 * (1 + np.array(dist) / 100))
    # a later paint replaces every parameter where it applies (here e back to pas's default)
    np.testing.assert_allclose(group.params["e"], -70.0)


def test_cable_properties():
    cell = ball_and_stick(ncv=3)
    cell.paint("dend", braincell.Cable(cm=2.0, Ra=150.0))
    geo = cell.geometry()
    assert geo.Ra_ohm_cm.tolist() == [35.4, 150.0]
    cm = cell.membrane_capacitance(cell.layout())
    assert cm[geo.first_node[1]] == 2.0 and cm[geo.first_node[0]] == 1.0


def test_grad_and_vmap_through_a_tree(sim):
    def tip_peak(gnabar):
        v = sim.run(sim.params.set("hh", gnabar=gnabar))[:, 1]
        return jnp.max(v)

    g = float(jax.grad(tip_peak)(0.12))
    h = 1e-5
    fd = (float(tip_peak(0.12 + h)) - float(tip_peak(0.12 - h))) / (2 * h)
    assert abs(g - fd) <= 1e-4 * abs(fd)
    batch = jax.vmap(lambda x: sim.run(sim.params.set("hh", gnabar=x)))(jnp.array([0.1, 0.2]))
    np.testing.assert_allclose(np.asarray(batch[1]),
                               np.asarray(sim.run_jit(sim.params.set("hh", gnabar=0.2))),
                               atol=1e-9)


def test_spec_with_swc_and_policy(tmp_path):
    swc = tmp_path / "cell.swc"
    swc.write_text("1 1 0 0 0 10 -1\n2 3 10 0 0 0.5 1\n3 3 210 0 0 0.5 2\n")
    spec = {
        "morphology": {"swc": "cell.swc"},
        "cv_policy": [{"max_extent": 20}],
        "tstop": 5.0,
        "paint": [{"region": "all", "mechanism": "hh"}],
        "place": [{"location": "soma(0.5)", "mechanism": "IClamp", "label": "stim",
                   "parameters": {"del": 1, "dur": 2, "amp": 0.5}}],
        "record": ["v@soma(0.5)", "v@dend[0](1)"],
    }
    res = braincell.spec.run_spec(spec, base_dir=tmp_path)
    assert res["v@soma(0.5)"].max() > 0
    bad = dict(spec, record=["v@dend[7](1)"])
    with pytest.raises(braincell.SpecError, match="record: bad location 'dend\\[7\\]\\(1\\)'"):
        braincell.spec.run_spec(bad, base_dir=tmp_path)
