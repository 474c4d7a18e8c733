"""Numerically safe special functions used by channels.

Singular points are handled exactly and smoothly, so values *and gradients* are finite
everywhere (never a 0/0 at one voltage, and never a silent clip).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from ._fastexp import _exp as exp  # noqa: F401  (e**x for channel code, re-exported)

# Below this |x| the Taylor series is used; above it ``x / (exp(x) - 1)``. The switch sits
# where both have a relative error of about 1e-15: the series' truncation (the x**10 term)
# grows with |x|, the cancellation in ``exp(x) - 1`` shrinks (NEURON's own vtrap uses
# ``exp(x) - 1`` down to |x| = 1e-6). ``exp`` costs half of ``expm1`` in XLA's CPU code.
_SMALL = 0.1


@jax.custom_jvp
def exprelr(x):
    """``x / (exp(x) - 1)``, equal to 1 at ``x = 0`` and smooth there.

    For ``|x| < 0.1`` the Taylor series ``1 - x/2 + x^2/12 - x^4/720 + x^6/30240 -
    x^8/1209600`` is used; elsewhere ``x / (exp(x) - 1)``. The relative error is below
    3e-15 everywhere.
    """
    x = jnp.asarray(x)
    small = jnp.abs(x) < _SMALL
    safe_x = jnp.where(small, 1.0, x)
    x2 = x * x
    series = 1.0 - x / 2.0 + x2 * (1.0 / 12.0 + x2 * (-1.0 / 720.0 + x2 * (
        1.0 / 30240.0 - x2 / 1209600.0)))
    return jnp.where(small, series, safe_x / (jnp.exp(safe_x) - 1.0))


@exprelr.defjvp
def _exprelr_jvp(primals, tangents):
    (x,), (dx,) = primals, tangents
    y = exprelr(x)
    # d/dx [x/(e^x-1)] = y/x - y*e^x/(e^x-1) = y * (1/x - 1 - 1/(e^x-1)); near 0, the
    # derivative of the series: -1/2 + x/6 - x^3/180 + x^5/5040 - x^7/151200
    small = jnp.abs(x) < _SMALL
    safe_x = jnp.where(small, 1.0, x)
    slope_far = y * (1.0 / safe_x - 1.0) - y * y / safe_x
    x2 = x * x
    slope_near = -0.5 + x * (1.0 / 6.0 + x2 * (-1.0 / 180.0 + x2 * (
        1.0 / 5040.0 - x2 / 151200.0)))
    return y, jnp.where(small, slope_near, slope_far) * dx


def vtrap(x, y):
    """``x / (exp(x/y) - 1)`` (the classic HH "vtrap"), smooth at ``x = 0``."""
    return y * exprelr(x / y)

