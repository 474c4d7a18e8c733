"""The axial coefficients follow ``params.Ra``: the build's values bit for bit at the build's
resistivities, and a resistivity set per CV in the parameters gives what a cell built with
it gives."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np
import pytest

import braincell
from braincell.morph import Morphology, Section


def _cell(ra_dend: float = 100.0):
    morph = Morphology([
        Section("soma", length_um=20, diam_um=20),
        Section("dend", length_um=200, diam_um=1.0, parent="soma", parent_x=1.0),
        Section("obl", points=np.array([[0, 0, 0, 2.0], [30, 5, 0, 1.2], [60, 0, 4, 0.8]]),
                parent="dend", parent_x=0.5),
        Section("axon", length_um=40, diam_um=0.8, parent="soma", parent_x=0.0),
    ])
    cell = braincell.Cell(morph, policy=braincell.cv.FixedPerSection(3), Ra=100.0)
    cell.paint("dend", braincell.Cable(Ra=ra_dend))
    cell.paint("obl", braincell.Cable(Ra=250.0))
    cell.paint("all", braincell.mech.hh)
    cell.place("soma(0.5)", braincell.mech.IClamp(del_=0.2, dur=2, amp=0.3), "stim")
    return cell


@pytest.fixture(scope="module")
def cell():
    return _cell()


def test_build_resistivities_give_the_build_coefficients_bit_for_bit(cell):
    sim = cell.simulation(1.0, record=["v@soma(0.5)"])
    geo = cell.geometry()
    ax = sim.system.axial_terms(sim.params)
    assert np.array_equal(np.asarray(ax.a), geo.a)
    assert np.array_equal(np.asarray(ax.b), geo.b)
    np.testing.assert_array_equal(sim.params.Ra[cell.nodes("obl")], 250.0)
    np.testing.assert_array_equal(sim.params.Ra[cell.nodes("axon")], 100.0)


def test_uniform_scaling_scales_the_coefficients(cell):
    sim = cell.simulation(1.0, record=["v@soma(0.5)"])
    ax = sim.system.axial_terms(sim.params.replace(Ra=2.5 * sim.params.Ra))
    geo = cell.geometry()
    np.testing.assert_allclose(ax.a, geo.a / 2.5, rtol=1e-15, atol=0)
    np.testing.assert_allclose(ax.b, geo.b / 2.5, rtol=1e-15, atol=0)


def test_ra_per_cv_in_the_parameters_equals_a_cell_built_with_it(cell):
    """Ra of the dendrite's CVs set in the parameters = a cell whose dendrite is painted
    with it: the same coefficients and the same traces."""
    record = ["v@soma(0.5)", "v@dend(0.9)", "v@obl(0.5)"]
    built = _cell(ra_dend=180.0)
    sim_built = built.simulation(3.0, record=record)
    sim = cell.simulation(3.0, record=record)
    params = sim.params.replace(Ra=sim.params.Ra.at[cell.nodes("dend")].set(180.0))
    ax, ax_built = (s.system.axial_terms(p) for s, p in
                    ((sim, params), (sim_built, sim_built.params)))
    for x, y in ((ax.a, ax_built.a), (ax.b, ax_built.b)):
        np.testing.assert_allclose(x, y, rtol=1e-14, atol=0)
    traces = np.asarray(sim.run_jit(params))
    # the two coefficient sets differ in rounding only (the scaled ones are computed as
    # built * Ra0/Ra): about 1e-15 relative, which the spike amplifies to about 1e-11 mV
    np.testing.assert_allclose(traces, np.asarray(sim_built.run_jit()), rtol=0, atol=1e-9)
    assert np.ptp(traces[:, 0]) > 10  # the clamp drives the cell


def test_only_membrane_nodes_have_a_resistivity(cell):
    """A node without membrane (the root, a section's x=1 end) has no segment, so its Ra
    changes nothing; the Ra of a CV changes the resistances on both of its sides."""
    sim = cell.simulation(1.0, record=["v@soma(0.5)"])
    geo = cell.geometry()
    base = sim.system.axial_terms(sim.params)
    for k in np.flatnonzero(geo.area_um2 == 0):
        ax = sim.system.axial_terms(sim.params.replace(Ra=sim.params.Ra.at[k].set(1e3)))
        assert np.array_equal(np.asarray(ax.a), np.asarray(base.a))
    # The dendrite's middle CV: the resistances to its neighbours in the section change;
    # the oblique, attached at dend(0.5) (this CV's centre), starts there and does not.
    k = int(cell.nodes("dend")[1])
    assert geo.parent[cell.nodes("obl")[0]] == k
    ax = sim.system.axial_terms(sim.params.replace(Ra=sim.params.Ra.at[k].set(1e3)))
    changed = np.flatnonzero(np.asarray(ax.a) != np.asarray(base.a))
    assert changed.tolist() == [k, k + 1]
    assert jnp.all(ax.b[changed] > base.b[changed])  # b < 0: a larger Ra, a weaker coupling


def test_axial_currents_match_a_dense_sum_and_differentiate_without_scatter(cell):
    """The per-step neighbour sums (parent voltage, sum over children: branch points here
    have several) equal a dense matrix product, and their gradient has no scatter, so that
    XLA can compile a gradient's backward time loop as one function."""
    import jax

    sim = cell.simulation(1.0, record=["v@soma(0.5)"])
    system, params = sim.system, sim.params
    n = system.n
    v = jnp.asarray(np.random.default_rng(3).normal(-60.0, 5.0, n))
    ax = system.axial_terms(params)
    a, b = np.asarray(ax.a), np.asarray(ax.b)
    parent = np.asarray(system.parent)
    dense = np.zeros((n, n))  # axial current into i = sum over neighbours j of g_ij (v_j - v_i)
    for i in range(1, n):
        p = parent[i]
        dense[i, p] -= b[i]
        dense[i, i] += b[i]
        dense[p, i] -= a[i]
        dense[p, p] += a[i]
    assert (np.bincount(parent[1:]) > 1).any()  # branch points
    np.testing.assert_allclose(system.axial(params, v), dense @ np.asarray(v), rtol=1e-12,
                               atol=1e-12)
    hlo = jax.jit(jax.grad(lambda v: system.axial(params, v).sum())).lower(v).as_text()
    assert "scatter" not in hlo
