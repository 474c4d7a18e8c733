"""Gradients through a whole simulation agree with central differences."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import braincell


@pytest.fixture(scope="module")
def sim():
    cell = braincell.SingleCompartment(20, 20)
    cell.paint(braincell.mech.hh)
    cell.place(braincell.mech.IClamp(del_=1, dur=20, amp=0.2), label="stim")
    return cell.simulation(tstop=20.0, dt=0.025, record=["v"])


@pytest.mark.parametrize(("label", "name", "value"),
                         [("hh", "gnabar", 0.12), ("hh", "gkbar", 0.036), ("stim", "amp", 0.2)])
def test_grad_matches_central_difference(sim, label, name, value):
    target = jnp.asarray(np.asarray(sim.run_jit())[:, 0]) + 1.0

    @jax.jit
    def loss(x):
        v = sim.run(sim.params.set(label, **{name: x}))[:, 0]
        return jnp.mean((v - target) ** 2)

    grad = float(jax.grad(loss)(value))
    h = 1e-6 * value
    fd = (float(loss(value + h)) - float(loss(value - h))) / (2 * h)
    assert abs(grad - fd) <= 1e-5 * abs(fd), (grad, fd)


def test_batch_of_1000_cells(sim):
    gs = jnp.linspace(0.04, 0.2, 1000)
    short = sim.run  # vmapped over a parameter; one program for the whole batch
    traces = jax.jit(jax.vmap(lambda g: short(sim.params.set("hh", gnabar=g))))(gs)
    assert traces.shape == (1000, sim.n_steps + 1, 1)
    single = np.asarray(sim.run_jit(sim.params.set("hh", gnabar=gs[500])))
    np.testing.assert_allclose(np.asarray(traces[500]), single, rtol=0, atol=1e-9)
    peaks = np.asarray(traces[:, :, 0].max(axis=1))
    assert peaks[-1] > peaks[0] + 5  # the sweep really changes the spikes
