"""Batches shard over devices with no change to the model: 4 CPU host devices, in a fresh
process (XLA reads the device count at start-up), give the unsharded results."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import jax, jax.numpy as jnp, numpy as np
    import braincell
    assert len(jax.devices()) == 4, jax.devices()
    cell = braincell.SingleCompartment(20, 20).paint(braincell.mech.hh)
    cell.place(braincell.mech.IClamp(del_=1, dur=5, amp=0.3), label="stim")
    sim = cell.simulation(tstop=8.0, dt=0.025, record=["v", "hh.m"])
    gs = jnp.linspace(0.05, 0.2, 6)            # 6 does not divide by 4: padded and trimmed
    batch = jax.vmap(lambda g: sim.params.set("hh", gnabar=g))(gs)
    sharded = sim.run_batch(batch)
    assert sharded.shape == (6, 321, 2), sharded.shape
    assert len(sharded.sharding.device_set) == 4
    plain = jax.jit(jax.vmap(sim.run))(batch)
    np.testing.assert_allclose(np.asarray(sharded), np.asarray(plain), rtol=0, atol=1e-12)
    one = np.asarray(sim.run_jit(sim.params.set("hh", gnabar=gs[3])))
    np.testing.assert_allclose(np.asarray(sharded[3]), one, rtol=0, atol=1e-12)
    print("ok")
""")


def test_batch_shards_over_four_host_devices():
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=4",
               JAX_PLATFORMS="cpu")
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().endswith("ok")
