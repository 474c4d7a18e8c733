"""Numerically safe special functions used by channels.

Singular points are handled exactly and smoothly, so values *and gradients* are finite
everywhere (never a 0/0 at one voltage, and never a silent clip).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

_SMALL = 1e-4


@jax.custom_jvp
def exprelr(x):
    """``x / (exp(x) - 1)``, equal to 1 at ``x = 0`` and smooth there.

    Near zero the Taylor series ``1 - x/2 + x^2/12 - x^4/720`` is used (its error is below
    1e-20 for ``|x| < 1e-4``); elsewhere ``x / expm1(x)``.
    """
    x = jnp.asarray(x)
    small = jnp.abs(x) < _SMALL
    safe_x = jnp.where(small, 1.0, x)
    x2 = x * x
    series = 1.0 - x / 2.0 + x2 / 12.0 - x2 * x2 / 720.0
    return jnp.where(small, series, safe_x / jnp.expm1(safe_x))


@exprelr.defjvp
def _exprelr_jvp(primals, tangents):
    (x,), (dx,) = primals, tangents
    y = exprelr(x)
    # d/dx [x/(e^x-1)] = y/x - y*e^x/(e^x-1) = y * (1/x - 1 - 1/(e^x-1)) ; near 0: -1/2 + x/6
    small = jnp.abs(x) < _SMALL
    safe_x = jnp.where(small, 1.0, x)
    slope_far = y * (1.0 / safe_x - 1.0) - y * y / safe_x
    slope_near = -0.5 + x / 6.0 - x**3 / 180.0
    return y, jnp.where(small, slope_near, slope_far) * dx


def vtrap(x, y):
    """``x / (exp(x/y) - 1)`` (the classic HH "vtrap"), smooth at ``x = 0``."""
    return y * exprelr(x / y)
