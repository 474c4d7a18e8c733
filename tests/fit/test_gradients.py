"""Gradients of a whole multi-compartment simulation agree with central differences.

One small cell (a soma and a 3-CV dendrite) carries NEURON's hh and pas and two catalogue
.mod channels (``kdr``, ``ih``). The gradient of a trace loss is checked, to 1e-5 relative,
with respect to:

* a PARAMETER of a painted mechanism per CV and per region (hand-written and .mod-lowered);
* the cable's ``cm`` and axial resistivity ``Ra`` per CV and per region;
* the initial membrane potential ``v_init`` per CV, per region and for the whole cell (the
  gates start at their steady state for it, as NEURON's ``finitialize``);
* the initial value of a STATE per CV and per region (hh's ``h`` set on the dendrite's CVs,
  left to INITIAL at the soma, where it follows ``v_init``).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import pytest

import braincell
from braincell.morph import Morphology, Section

RTOL = 1e-5
# The relative step of the finite differences. The loss carries roundoff amplified by
# NEURON's dI/dv = (I(v + 0.001) - I(v)) / 0.001, so smaller steps measure noise; with this
# one and a fourth-order stencil the differences are good to about 1e-7.
H = 1e-3


@pytest.fixture(scope="module")
def cell():
    cat = braincell.Catalogue.builtin()
    morph = Morphology([
        Section("soma", length_um=20, diam_um=20),
        Section("dend", length_um=300, diam_um=1.5, parent="soma", parent_x=1.0),
    ])
    cell = braincell.Cell(morph, policy=braincell.cv.by_region(
        {braincell.filter.Branch("dend"): braincell.cv.FixedPerSection(3)},
        default=braincell.cv.FixedPerSection(1)), Ra=120.0)
    cell.paint("all", braincell.mech.hh)
    cell.paint("dend", braincell.mech.hh(gnabar=0.04, gkbar=0.012))
    cell.paint("dend", braincell.mech.pas(g=2e-4, e=-65.0))
    cell.paint("all", cat["kdr"](gbar=0.004))
    cell.paint("dend", cat["ih"](gbar=4e-4))
    cell.place("soma(0.5)", braincell.mech.IClamp(del_=0.5, dur=3, amp=0.3), label="stim")
    return cell


@pytest.fixture(scope="module")
def sim(cell):
    return cell.simulation(tstop=6.0, dt=0.025, record=["v@soma(0.5)", "v@dend(0.9)"])


@pytest.fixture(scope="module")
def loss(sim):
    """Mean squared distance to the traces of a cell with other densities."""
    other = sim.params.set("hh", gnabar=0.1, gkbar=0.04).set("kdr", gbar=0.006)
    target = sim.run_jit(other)

    @jax.jit
    def loss(params):
        return jnp.mean((sim.run(params) - target) ** 2)

    return loss


def central_difference(f, x, index=()):
    """d f / d x[index] by fourth-order central differences with a relative step H."""
    x = jnp.asarray(x)
    h = H * abs(float(x[index]))
    f1 = float(f(x.at[index].add(h))) - float(f(x.at[index].add(-h)))
    f2 = float(f(x.at[index].add(2 * h))) - float(f(x.at[index].add(-2 * h)))
    return (8 * f1 - f2) / (12 * h)


def check(grad, fd):
    assert abs(fd) > 1e-8, f"the gradient is too small to check ({fd})"
    assert abs(grad - fd) <= RTOL * abs(fd), (grad, fd, abs(grad - fd) / abs(fd))


# -- per CV: the gradient with respect to the whole parameter pytree ------------------------

@pytest.fixture(scope="module")
def per_cv(cell, sim, loss):
    """Parameters with one v_init per node and hh's h starting at 0.45 on the dendrite's
    CVs (NaN at the soma: INITIAL's value there), and the gradient of the loss with respect
    to every leaf (every parameter of every instance, cm, Ra and v_init per node, h's
    initial values)."""
    h0 = jnp.full(len(sim.params.get("hh", "gnabar")), jnp.nan)
    params = sim.params.replace(v_init=jnp.full(sim.system.n, -65.0)).set_initial(
        "hh", h=h0.at[cell.instances("hh", "dend")].set(0.45))
    return params, jax.grad(loss)(params)


@pytest.mark.parametrize(("label", "name"), [("hh", "gnabar"), ("hh", "gkbar"), ("pas", "g"),
                                             ("kdr", "gbar"), ("ih", "gbar")])
def test_mechanism_parameter_per_cv(cell, loss, per_cv, label, name):
    params, grad = per_cv
    for k in cell.instances(label, "dend"):
        f = lambda x: loss(params.set(label, **{name: x}))  # noqa: E731
        check(float(grad.get(label, name)[k]), central_difference(f, params.get(label, name), k))


def test_cm_per_cv(cell, loss, per_cv):
    params, grad = per_cv
    for k in cell.nodes("all"):
        f = lambda x: loss(params.replace(cm=x))  # noqa: E731
        check(float(grad.cm[k]), central_difference(f, params.cm, k))


def test_ra_per_cv(cell, loss, per_cv):
    params, grad = per_cv
    for k in cell.nodes("all"):
        f = lambda x: loss(params.replace(Ra=x))  # noqa: E731
        check(float(grad.Ra[k]), central_difference(f, params.Ra, k))
    no_membrane = jnp.asarray(cell.geometry().area_um2 == 0)
    assert jnp.all(jnp.where(no_membrane, grad.Ra, 0.0) == 0.0)  # they have no segment


def test_initial_state_per_cv(cell, loss, per_cv):
    params, grad = per_cv
    for k in cell.instances("hh", "dend"):
        f = lambda x: loss(params.set_initial("hh", h=x))  # noqa: E731
        check(float(grad.get_initial("hh", "h")[k]),
              central_difference(f, params.get_initial("hh", "h"), k))
    assert float(grad.get_initial("hh", "h")[cell.instances("hh", "soma")[0]]) == 0.0  # NaN


def test_v_init_per_cv(cell, loss, per_cv):
    params, grad = per_cv
    for k in cell.nodes("all"):
        f = lambda x: loss(params.replace(v_init=x))  # noqa: E731
        check(float(grad.v_init[k]), central_difference(f, params.v_init, k))


# -- per region: one value for the region's CVs --------------------------------------------

def region_setters(cell, sim):
    """Functions ``(params, value) -> params`` that set one value on a region."""
    soma, dend = cell.nodes("soma"), cell.nodes("dend")
    per_node = lambda v: jnp.broadcast_to(v, (sim.system.n,))  # noqa: E731
    hh_dend = cell.instances("hh", "dend")
    h0 = jnp.full(len(cell.instances("hh")), jnp.nan)  # NaN: INITIAL's value (the soma)

    def mech(label, name, region):
        index = cell.instances(label, region)
        return lambda p, x: p.set(label, **{name: p.get(label, name).at[index].set(x)})

    return {
        "hh.gnabar@soma": mech("hh", "gnabar", "soma"),
        "hh.gnabar@dend": mech("hh", "gnabar", "dend"),
        "kdr.gbar@soma": mech("kdr", "gbar", "soma"),
        "kdr.gbar@dend": mech("kdr", "gbar", "dend"),
        "ih.gbar@dend": mech("ih", "gbar", "dend"),
        "cm@soma": lambda p, x: p.replace(cm=p.cm.at[soma].set(x)),
        "cm@dend": lambda p, x: p.replace(cm=p.cm.at[dend].set(x)),
        "Ra@soma": lambda p, x: p.replace(Ra=p.Ra.at[soma].set(x)),
        "Ra@dend": lambda p, x: p.replace(Ra=p.Ra.at[dend].set(x)),
        "hh.h0@dend": lambda p, x: p.set_initial("hh", h=h0.at[hh_dend].set(x)),
        "v_init": lambda p, x: p.replace(v_init=x),  # the whole cell, one number
        "v_init@dend": lambda p, x: p.replace(v_init=per_node(p.v_init).at[dend].set(x)),
    }


REGION_VALUES = {"hh.gnabar@soma": 0.12, "hh.gnabar@dend": 0.04, "kdr.gbar@soma": 0.004,
                 "kdr.gbar@dend": 0.004, "ih.gbar@dend": 4e-4, "cm@soma": 1.0, "cm@dend": 1.0,
                 "Ra@soma": 90.0, "Ra@dend": 150.0, "v_init": -65.0, "v_init@dend": -62.0,
                 "hh.h0@dend": 0.45}  # applied in this order


@pytest.fixture(scope="module")
def per_region(cell, sim, loss):
    setters = region_setters(cell, sim)

    @jax.jit
    def region_loss(values):
        params = sim.params
        for key in REGION_VALUES:  # in this order (a jitted dict comes back sorted)
            params = setters[key](params, values[key])
        return loss(params)

    values = {k: jnp.asarray(v) for k, v in REGION_VALUES.items()}
    return region_loss, values, jax.grad(region_loss)(values)


@pytest.mark.parametrize("key", list(REGION_VALUES))
def test_per_region(per_region, key):
    region_loss, values, grad = per_region
    f = lambda x: region_loss({**values, key: x})  # noqa: E731
    check(float(grad[key]), central_difference(f, values[key]))

