"""StaticTake: a gather with static indices whose gradient is a gather (no scatter)."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from braincell._compute._take import StaticTake


@pytest.mark.parametrize("index", [[2, 0, 0, 4, 1], [5, 5, 1], [0, 1, 2, 3, 4], []])
def test_values_and_gradient_match_plain_indexing(index):
    x = jnp.arange(1.0, 6.0) ** 2
    take = StaticTake.build(index, 5)
    padded = jnp.concatenate([x, jnp.zeros(1)])
    np.testing.assert_array_equal(take(x), padded[np.asarray(index, dtype=int)])
    w = jnp.linspace(-1.0, 2.0, len(index))

    def ours(x):
        return jnp.dot(w, take(x))

    def plain(x):
        return jnp.dot(w, jnp.concatenate([x, jnp.zeros(1)])[np.asarray(index, dtype=int)])

    np.testing.assert_allclose(jax.grad(ours)(x), jax.grad(plain)(x), rtol=0, atol=1e-15)


def test_vmap_and_no_scatter_in_the_gradient():
    take = StaticTake.build([3, 3, 0, 1], 4)
    xs = jnp.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(jax.vmap(take)(xs), xs[:, [3, 3, 0, 1]])
    hlo = jax.jit(jax.grad(lambda x: take(x).sum())).lower(xs[0]).as_text()
    assert "scatter" not in hlo


def test_out_of_range_indices_are_rejected():
    with pytest.raises(ValueError, match="indices"):
        StaticTake.build([0, 5], 4)
