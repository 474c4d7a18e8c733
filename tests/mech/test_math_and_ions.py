"""Special functions, Nernst and GHK: exact where NEURON is, smooth where it branches."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import braincell
from braincell._math import exprelr, vtrap
from braincell.ion import ghk, ktf, nernst


def test_exprelr_is_smooth_at_zero():
    xs = jnp.array([-1e-3, -1e-5, -1e-9, 0.0, 1e-9, 1e-5, 1e-3, 0.0999, 0.1001, 2.0, -30.0])
    exact = np.array([float(x) / np.expm1(float(x)) if x != 0 else 1.0 for x in xs])
    np.testing.assert_allclose(exprelr(xs), exact, rtol=3e-15)
    grad = jax.vmap(jax.grad(exprelr))(xs)
    assert np.all(np.isfinite(grad))
    assert float(jax.grad(exprelr)(0.0)) == pytest.approx(-0.5)
    # value and derivative are continuous across the switch to the series at |x| = 0.1
    for edge in (0.1, -0.1):
        below, above = np.nextafter(edge, 0.0), edge
        assert abs(float(exprelr(below)) - float(exprelr(above))) < 1e-15
        assert abs(float(jax.grad(exprelr)(below)) - float(jax.grad(exprelr)(above))) < 1e-13


def test_vtrap_has_no_nan_at_its_singular_voltage():
    v = jnp.array(-40.0)  # hh's m rate: vtrap(-(v + 40), 10) is 0/0 there
    assert float(vtrap(-(v + 40.0), 10.0)) == pytest.approx(10.0)
    assert np.isfinite(float(jax.grad(lambda v: vtrap(-(v + 40.0), 10.0))(v)))


# Values computed by NEURON 9.0.2 itself (h.nernst and h.ghk at celsius 6.3).
def test_nernst_matches_neuron():
    assert float(nernst(5e-5, 2.0, 2, 6.3)) == pytest.approx(127.58951061761749, abs=1e-12)
    assert float(ktf(6.3)) == pytest.approx(1000 * 8.31446261815324 * 279.45
                                            / 96485.33212331001, rel=1e-15)
    assert float(nernst(0.0, 2.0, 2, 6.3)) == 1e6
    assert float(nernst(1.0, 0.0, 2, 6.3)) == -1e6


def test_ghk_limits():
    # at v = 0 the driving force is 0.001 z F (ci - co)
    assert float(ghk(0.0, 1e-4, 2.0, 2, 6.3)) == pytest.approx(
        0.001 * 2 * 96485.33212331001 * (1e-4 - 2.0), rel=1e-12)
    assert np.isfinite(float(jax.grad(ghk)(0.0, 1e-4, 2.0, 2, 6.3)))


def test_ion_defaults_are_neurons():
    assert (braincell.ion.na.ci0, braincell.ion.na.co0, braincell.ion.na.e0) == (10, 140, 50)
    assert (braincell.ion.k.ci0, braincell.ion.k.co0, braincell.ion.k.e0) == (54.4, 2.5, -77)
    assert braincell.ion.ca.e0 == 132.4579341637009
    cl = braincell.ion.default_ion("cl", -1)
    assert (cl.ci0, cl.co0, cl.e0) == (1.0, 1.0, 0.0)
    with pytest.raises(braincell.SpecError, match="give its valence"):
        braincell.ion.default_ion("cl")
    assert braincell.ion.na.replace(ena=55).e0 == 55


def test_mechanism_parameters_are_validated():
    hh = braincell.mech.hh(gnabar=0.2)
    assert hh.defaults["gnabar"] == 0.2 and braincell.mech.hh.defaults["gnabar"] == 0.12
    with pytest.raises(braincell.SpecError, match="did you mean 'gnabar'"):
        braincell.mech.hh(gnabr=0.1)
    assert braincell.mech.IClamp(del_=3).defaults["del"] == 3
    assert braincell.mech.hh.current_names == ("ina", "ik", "il")


def test_paint_and_place_check_kinds():
    cell = braincell.SingleCompartment()
    with pytest.raises(braincell.SpecError, match="cannot paint point"):
        cell.paint(braincell.mech.IClamp)
    with pytest.raises(braincell.SpecError, match="cannot place density"):
        cell.place(braincell.mech.hh)


def test_hh_vtrap_is_hh_mods_and_smooth():
    """hh's vtrap is hh.mod's formula (NEURON's rounding), with exprelr's smooth derivative."""
    from braincell.mech._python_hh import vtrap as hh_vtrap

    xs = np.array([-25.0, -3.0, -1e-3, -2e-5, 2e-5, 1e-3, 7.5, 30.0])  # x / (exp(x/y) - 1)
    np.testing.assert_allclose(hh_vtrap(jnp.asarray(xs), 10.0), xs / (np.exp(xs / 10.0) - 1.0),
                               rtol=1e-15)  # XLA's exp and glibc's differ by an ulp or two
    for x in (0.0, 5e-6, -5e-6):  # and y (1 - x/y/2) for |x/y| < 1e-6
        assert float(hh_vtrap(jnp.asarray(x), 10.0)) == 10.0 * (1.0 - x / 10.0 / 2.0)
    xs = jnp.array([-1e-3, -1e-5, -1e-7, 0.0, 1e-7, 1e-5, 1e-3])
    np.testing.assert_allclose(hh_vtrap(xs, 10.0), vtrap(xs, 10.0), rtol=3e-10)
    slopes = jax.vmap(jax.grad(lambda x: hh_vtrap(x, 10.0)))(xs)
    exact = jax.vmap(jax.grad(lambda x: vtrap(x, 10.0)))(xs)
    np.testing.assert_allclose(slopes, exact, rtol=1e-13)
    assert float(jax.grad(lambda v: hh_vtrap(-(v + 40.0), 10.0))(-40.0)) == pytest.approx(0.5)


def test_exp_is_within_two_ulp_and_keeps_inf_zero_and_nan():
    from braincell._fastexp import _exp_polynomial
    from braincell._math import exp

    rng = np.random.default_rng(0)
    x = np.concatenate([np.linspace(-708.0, 709.78, 400_001), rng.uniform(-40.0, 40.0, 200_000),
                        [0.0, 1e-300, -1e-300, 0.5 * np.log(2.0), -0.5 * np.log(2.0), 709.78]])
    for fn in (exp, _exp_polynomial):  # exp: jnp.exp here (over 256 values)
        y = np.asarray(jax.jit(fn)(x))
        ulps = np.abs(y / np.exp(x) - 1.0) / np.finfo(float).eps
        assert ulps.max() <= 2.0
    special = jnp.array([jnp.nan,  # 7 values: the polynomial
                          jnp.inf, -jnp.inf, 709.79, 1e6, -708.01, -1e6])
    out = np.asarray(exp(special))
    assert np.isnan(out[0])
    assert np.array_equal(out[1:], [np.inf, 0.0, np.inf, np.inf, 0.0, 0.0])


def test_exp_derivative_is_itself_and_float32_uses_jnp_exp():
    from braincell._math import exp

    xs = jnp.array([-20.0, -1.0, 0.0, 0.5, 30.0])
    np.testing.assert_allclose(jax.vmap(jax.grad(exp))(xs), np.exp(np.asarray(xs)), rtol=3e-16)
    x32 = jnp.array([0.5, -3.0], dtype=jnp.float32)
    assert exp(x32).dtype == jnp.float32
    np.testing.assert_array_equal(exp(x32), jnp.exp(x32))


def test_shared_exp_equals_exp_bit_for_bit():
    """_exp_shared (an exp several expressions use: its last step is an exact division, so
    that XLA computes it once) gives _exp's values bit for bit, and its derivative."""
    from braincell._fastexp import _exp_polynomial, _exp_polynomial_shared, _exp_shared

    x = np.concatenate([np.linspace(-710.0, 710.0, 200_001), [np.nan, np.inf, -np.inf, 709.79,
                                                                 709.785, -708.0, 1e6, -1e6]])
    a = np.asarray(jax.jit(_exp_polynomial)(x))
    b = np.asarray(jax.jit(_exp_polynomial_shared)(x))
    np.testing.assert_array_equal(a.view(np.int64), b.view(np.int64))
    xs = jnp.array([-20.0, -1.0, 0.0, 0.5, 30.0])
    np.testing.assert_allclose(jax.vmap(jax.grad(_exp_shared))(xs), np.exp(np.asarray(xs)),
                               rtol=3e-16)
