"""The tree solves (levels, contraction, the compiled CPU kernel, the two-arm chain) against dense numpy, finite
differences and vmap."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from braincell._compute import _native
from braincell._compute._tree import PointTree, TreeError, dense_matrix, solve

METHODS = ["levels", "contract",
           pytest.param("native", marks=pytest.mark.skipif(
               not _native.available(), reason=f"no compiled kernel: {_native.native_status()}"))]


def random_parent(rng, n):
    return np.array([-1] + [int(rng.integers(0, i)) for i in range(1, n)])


def chain_parent(n):
    return np.arange(-1, n - 1)


def bushy_parent(n, fanout=8):
    return np.array([-1] + [(i - 1) // fanout for i in range(1, n)])


def system(rng, n):
    # diagonally dominant, like NEURON's (d = cm/dt + g - sum of the negative a, b)
    a = -rng.uniform(0.1, 1.0, n)
    b = -rng.uniform(0.1, 1.0, n)
    d = rng.uniform(1.0, 2.0, n) + 5.0
    rhs = rng.normal(size=n)
    return d, rhs, a, b


@pytest.mark.parametrize(
    "parent",
    [
        np.array([-1]),
        np.array([-1, 0]),
        random_parent(np.random.default_rng(0), 50),
        random_parent(np.random.default_rng(1), 700),
        chain_parent(1000),
        bushy_parent(1000),
        bushy_parent(500, fanout=500),
    ],
    ids=["1", "2", "random50", "random700", "chain1000", "bushy1000", "star500"],
)
@pytest.mark.parametrize("method", METHODS)
def test_matches_dense_solve(parent, method):
    rng = np.random.default_rng(len(parent))
    d, rhs, a, b = system(rng, len(parent))
    tree = PointTree.from_parent(parent, method=method)
    x = np.asarray(jax.jit(solve)(tree, d, rhs, a, b))
    ref = np.linalg.solve(dense_matrix(parent, d, a, b), rhs)
    np.testing.assert_allclose(x, ref, rtol=1e-12, atol=1e-13)


def test_levels_cover_every_node_once():
    parent = random_parent(np.random.default_rng(3), 200)
    tree = PointTree.from_parent(parent)
    nodes = tree.levels[tree.levels < tree.n]
    assert sorted(nodes.tolist()) == list(range(200))
    assert tree.depth == chain_parent(30).size or tree.depth < 200


@pytest.mark.parametrize("method", METHODS)
def test_gradient_matches_finite_differences(method):
    rng = np.random.default_rng(5)
    parent = random_parent(rng, 40)
    d, rhs, a, b = system(rng, 40)
    tree = PointTree.from_parent(parent, method=method)
    check_gradient(tree, rng, (d, rhs, a, b), (0, 7, 39))


def check_gradient(tree, rng, args, components):
    """jax.grad of a random weighting of the solution against central differences at the
    given components of d, rhs, a and b (a[0] and b[0] are unused: their gradient is 0)."""
    w = rng.normal(size=tree.n)

    def loss(d, rhs, a, b):
        return jnp.dot(w, solve(tree, d, rhs, a, b))

    grads = jax.grad(loss, argnums=(0, 1, 2, 3))(*args)
    eps = 1e-6
    for k in range(4):
        for j in components:
            up = [np.array(v) for v in args]
            dn = [np.array(v) for v in args]
            up[k][j] += eps
            dn[k][j] -= eps
            fd = (loss(*up) - loss(*dn)) / (2 * eps)
            if k >= 2 and j == 0:
                assert float(grads[k][j]) == 0.0
                continue
            np.testing.assert_allclose(float(grads[k][j]), float(fd), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("method", METHODS)
def test_vmap_over_systems(method):
    rng = np.random.default_rng(7)
    parent = random_parent(rng, 60)
    tree = PointTree.from_parent(parent, method=method)
    batch = [system(rng, 60) for _ in range(4)]
    stacked = [np.stack(col) for col in zip(*batch)]
    xs = jax.vmap(solve, in_axes=(None, 0, 0, 0, 0))(tree, *stacked)
    for k, (d, rhs, a, b) in enumerate(batch):
        ref = np.linalg.solve(dense_matrix(parent, d, a, b), rhs)
        np.testing.assert_allclose(xs[k], ref, rtol=1e-12, atol=1e-13)


def test_compile_time_does_not_grow_with_nodes():
    def compile_seconds(n):
        parent = random_parent(np.random.default_rng(n), n)
        tree = PointTree.from_parent(parent)
        args = system(np.random.default_rng(0), n)
        fn = jax.jit(lambda d, r, a, b: solve(tree, d, r, a, b))
        t0 = time.perf_counter()
        fn.lower(*args).compile()
        return time.perf_counter() - t0

    compile_seconds(50)  # warm up jax itself
    small = min(compile_seconds(100) for _ in range(2))
    large = min(compile_seconds(10_000) for _ in range(2))
    assert large < 3 * small + 0.5, (small, large)


def test_contraction_random_trees_many_shapes():
    # every shape of small tree, including a tail of rounds run by the scan
    rng = np.random.default_rng(11)
    for _ in range(6):
        n = int(rng.integers(20, 60))
        reach = int(rng.integers(1, 6))
        parent = np.array([-1] + [int(rng.integers(max(0, i - reach), i)) for i in range(1, n)])
        d, rhs, a, b = system(rng, n)
        tree = PointTree.from_parent(parent, method="contract")
        x = np.asarray(solve(tree, d, rhs, a, b))
        ref = np.linalg.solve(dense_matrix(parent, d, a, b), rhs)
        np.testing.assert_allclose(x, ref, rtol=1e-12, atol=1e-13, err_msg=str(parent))


def test_auto_method_picks_levels_for_short_chains_only():
    assert PointTree.from_parent(chain_parent(500)).schedule is None
    assert PointTree.from_parent(chain_parent(3000)).schedule is not None
    assert PointTree.from_parent(random_parent(np.random.default_rng(0), 50)).schedule is not None
    # the compiled kernel (where available, on the CPU) for every branched tree and every
    # chain longer than CHAIN_JAX_UP_TO
    assert PointTree.from_parent(chain_parent(3000)).native
    assert PointTree.from_parent(random_parent(np.random.default_rng(0), 50)).native
    assert not PointTree.from_parent(chain_parent(500), method="levels").native
    assert not PointTree.from_parent(chain_parent(1)).native


def test_auto_method_solves_short_chains_in_jax_when_loops_compile_whole():
    from braincell import _config
    from braincell._compute._tree import CHAIN_JAX_UP_TO

    short = PointTree.from_parent(chain_parent(CHAIN_JAX_UP_TO))
    long = PointTree.from_parent(chain_parent(CHAIN_JAX_UP_TO + 1))
    if _config.whole_loops():  # braincell's import set the XLA flag (tests/conftest.py)
        assert short.chain is not None and not short.native
    else:  # BRAINCELL_XLA_FLAGS=0 or the user's own XLA_FLAGS
        assert short.chain is None
    assert long.chain is None
    with pytest.raises(TreeError, match="unbranched"):
        PointTree.from_parent(random_parent(np.random.default_rng(0), 9), method="chain")


@pytest.mark.parametrize("n", [2, 3, 4, 5, 104, 105, 1000])
def test_chain_solve_matches_dense_solve(n):
    parent = chain_parent(n)
    rng = np.random.default_rng(n)
    d, rhs, a, b = system(rng, n)
    tree = PointTree.from_parent(parent, method="chain")
    x = np.asarray(jax.jit(solve)(tree, d, rhs, a, b))
    ref = np.linalg.solve(dense_matrix(parent, d, a, b), rhs)
    np.testing.assert_allclose(x, ref, rtol=1e-12, atol=1e-13)


def test_chain_solve_gradient_and_vmap():
    rng = np.random.default_rng(17)
    n = 41
    parent = chain_parent(n)
    tree = PointTree.from_parent(parent, method="chain")
    check_gradient(tree, rng, system(rng, n), (1, 20, 40))
    batch = [system(rng, n) for _ in range(3)]
    stacked = [np.stack(col) for col in zip(*batch)]
    xs = jax.vmap(solve, in_axes=(None, 0, 0, 0, 0))(tree, *stacked)
    for k, (d, rhs, a, b) in enumerate(batch):
        ref = np.linalg.solve(dense_matrix(parent, d, a, b), rhs)
        np.testing.assert_allclose(xs[k], ref, rtol=1e-12, atol=1e-13)


def test_kernel_rooting_halves_a_chain():
    from braincell._compute._tree import _kernel_rooting

    parent, order, src, flip = _kernel_rooting(chain_parent(101))
    root = int(order[0])
    assert root == 50 and parent[root] == root
    depth = np.zeros(101, int)
    for i in order[1:]:
        depth[i] = depth[parent[i]] + 1
    assert depth.max() == 50 and np.all(np.diff(depth[order]) >= 0)
    # edges below the new root point the other way: their a/b come from the old child
    assert flip[10] and src[10] == 11 and not flip[80] and src[80] == 80
    with pytest.raises(TreeError, match="method must be"):
        PointTree.from_parent(chain_parent(5), method="fast")


def test_bad_parents_are_rejected():
    with pytest.raises(TreeError, match="exactly one root"):
        PointTree.from_parent([-1, -1])
    with pytest.raises(TreeError, match="parents-first"):
        PointTree.from_parent([-1, 2, 0])
    tree = PointTree.from_parent([-1, 0])
    with pytest.raises(TreeError, match="nodes"):
        solve(tree, np.ones(3), np.ones(3), np.ones(3), np.ones(3))


def test_native_kernel_float32_and_status():
    if not _native.available():
        pytest.skip(f"no compiled kernel: {_native.native_status()}")
    assert _native.native_status().startswith("compiled kernel")
    rng = np.random.default_rng(13)
    parent = random_parent(rng, 80)
    d, rhs, a, b = (v.astype(np.float32) for v in system(rng, 80))
    tree = PointTree.from_parent(parent, method="native")
    x = jax.jit(solve)(tree, d, rhs, a, b)
    assert x.dtype == jnp.float32
    ref = np.linalg.solve(dense_matrix(parent, d, a, b).astype(np.float64), rhs)
    np.testing.assert_allclose(np.asarray(x), ref, rtol=1e-5, atol=1e-6)


def test_native_kernel_can_be_turned_off():
    code = ("import braincell\nfrom braincell._compute import _native\n"
            "print(_native.available(), _native.native_status())")
    env = dict(os.environ, BRAINCELL_NATIVE="0")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "False off (BRAINCELL_NATIVE=0)"
