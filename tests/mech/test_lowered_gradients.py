"""jax.grad through lowered .mod mechanisms agrees with central differences (1e-5 relative)
for every PARAMETER: hh (cnexp), bk (KINETIC, sparse, STEADYSTATE) and cad (a calcium
accumulation with derivimplicit)."""

from __future__ import annotations

from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import braincell

MECHANISMS = Path(__file__).resolve().parents[2] / "mechanisms"


@pytest.fixture(scope="module")
def catalogue():
    return braincell.Catalogue.from_dir(MECHANISMS)


def _hh_sim(cat, v_init=-65.0):
    cell = braincell.SingleCompartment(20, 20, v_init=v_init)
    cell.paint(cat["hh"])
    cell.place(braincell.mech.IClamp(del_=1, dur=20, amp=0.2), label="stim")
    return cell.simulation(tstop=10.0, dt=0.025, record=["v"])


def _bk_sim(cat):
    cell = braincell.SingleCompartment(20, 20, celsius=36.0)
    cell.set_ion("ca", cai=1e-4)
    for name in ("nat", "kdr", "cal", "cad", "bk"):
        cell.paint(cat[name])
    cell.paint(cat["pas"](g=1e-4, e=-70.0))
    cell.place(braincell.mech.IClamp(del_=1, dur=20, amp=0.15), label="stim")
    return cell.simulation(tstop=10.0, dt=0.025, record=["v"])


def _check_all(sim, label, values):
    """Gradient of a voltage loss w.r.t. every parameter in ``values`` (one compilation)
    against central differences."""
    target = jnp.asarray(np.asarray(sim.run_jit())[:, 0]) + 1.0

    @jax.jit
    def loss(x):
        v = sim.run(sim.params.set(label, **x))[:, 0]
        return jnp.mean((v - target) ** 2)

    x0 = {k: jnp.asarray(v) for k, v in values.items()}
    grads = jax.jit(jax.grad(loss))(x0)
    for name, value in values.items():
        grad = float(grads[name])
        h = 1e-5 * abs(value) if value else 1e-7
        fd = (float(loss({**x0, name: value + h})) - float(loss({**x0, name: value - h}))) / (2 * h)
        assert np.isfinite(grad)
        assert abs(grad - fd) <= 1e-5 * max(abs(fd), 1e-12), (name, grad, fd)


HH = {"gnabar": 0.12, "gkbar": 0.036, "gl": 0.0003, "el": -54.3}
BK = {"gbar": 0.01, "abar": 0.48, "bbar": 0.28, "k1": 0.18, "k2": 0.011, "d1": 0.84, "d2": 1.0}
CAD = {"depth": 0.1, "taur": 200.0, "cainf": 1e-4}


def test_hh_gradients(catalogue):
    _check_all(_hh_sim(catalogue), "hh", HH)


def test_hh_gradient_at_the_singular_voltage(catalogue):
    # v = -40 mV is where linoid(v + 40, 10) switches to its expansion: no NaN there
    _check_all(_hh_sim(catalogue, v_init=-40.0), "hh", {"gnabar": 0.12})


def test_kinetic_gradients(catalogue):
    _check_all(_bk_sim(catalogue), "bk", BK)


def test_calcium_accumulation_gradients(catalogue):
    _check_all(_bk_sim(catalogue), "cad", CAD)
