"""Running a batch of parameter sets, sharded over every available device.

``run_batch(sim, params)`` takes a :class:`CellParams` whose leaves carry a leading batch
axis (build one with ``jax.vmap(lambda g: sim.params.set("hh", gnabar=g))(values)``), and
runs ``vmap(sim.run)`` with that axis split over all devices of a 1-D mesh. The model does
not change; on one device it is simply the vmapped run. A batch that does not divide evenly
is padded with copies of its last member, and the padding is dropped from the result.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
from jax.sharding import Mesh, NamedSharding, PartitionSpec

from ..errors import SpecError


def batch_size(params) -> int:
    sizes = {leaf.shape[0] for leaf in jax.tree_util.tree_leaves(params) if jnp.ndim(leaf)}
    if len(sizes) != 1:
        raise SpecError("run_batch needs parameters with one leading batch axis on every "
                        "array; build them with jax.vmap(lambda x: sim.params.set(...))(xs)")
    return sizes.pop()


def run_batch(sim, params, devices=None):
    """Traces ``(batch, steps + 1, records)`` for a batch of parameter sets, sharded over
    ``devices`` (default: all of ``jax.devices()``)."""
    devices = list(jax.devices() if devices is None else devices)
    size = batch_size(params)
    pad = (-size) % len(devices)
    if pad:
        params = jax.tree_util.tree_map(
            lambda x: jnp.concatenate([x, jnp.repeat(x[-1:], pad, axis=0)]), params)
    mesh = Mesh(np.array(devices), ("batch",))
    spread = NamedSharding(mesh, PartitionSpec("batch"))
    params = jax.device_put(params, spread)
    fn = sim.__dict__.get("_sharded")
    if fn is None or fn[0] != tuple(devices):
        fn = (tuple(devices), jax.jit(jax.vmap(sim.run), out_shardings=spread))
        object.__setattr__(sim, "_sharded", fn)
    return fn[1](params)[:size]
