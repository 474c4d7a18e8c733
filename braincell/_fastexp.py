"""``e**x`` without a division, for channel code: :func:`braincell._math.exp` and the
``_exp`` of every module :mod:`braincell.dsl.lower.codegen` generates (which embeds this
file's code after its imports, so that a generated module imports only jax).

Only jax may be imported here, and only the names below the imports are embedded.
"""

import jax
import jax.numpy as jnp
from jax import lax


def _exp_parts(x):
    """``(p, k)`` with ``e**x == 2 p 2**(k - 1)`` for -708 <= x <= 709.79: ``x = n ln2 + r``
    (Cody-Waite, ``|r| <= ln2/2``), ``p = e**r`` by a degree-11 polynomial (Chebyshev
    interpolation, 4e-18 relative) in Estrin's scheme, ``k = n`` as an integer.

    The dependent chain from ``x`` is kept short, since a single compartment's step waits
    on it: ``n`` by a rounding instruction, its integer from the bits of
    ``n + 1.5 * 2**52`` beside the polynomial, and the range checks left to the callers'
    selects at the end (no clamps at the start)."""
    c = (1.0, 1.0, 0.5000000000000019, 0.1666666666666668, 0.04166666666648795,
         0.008333333333319589, 0.0013888888952352863, 0.00019841269890076403,
         2.4801485441561313e-05, 2.755724088722987e-06, 2.763265472252779e-07,
         2.5110049204818658e-08)
    n = jnp.round(x * 1.4426950408889634)
    k = lax.bitcast_convert_type(n + 6755399441055744.0, jnp.int64) - 0x4338000000000000
    r = (x - n * 6.93147180369123816490e-01) - n * 1.90821492927058770002e-10
    r2 = r * r
    r4 = r2 * r2
    q0 = (c[0] + c[1] * r) + (c[2] + c[3] * r) * r2
    q1 = (c[4] + c[5] * r) + (c[6] + c[7] * r) * r2
    q2 = (c[8] + c[9] * r) + (c[10] + c[11] * r) * r2
    return (q0 + q1 * r4) + q2 * (r4 * r4), k


def _in_range(x, y):
    """``y`` where -708 <= x <= 709.79 (above 709.78 it overflows to inf on its own), 0
    below, inf above (where ``k`` was anything); NaN stays NaN."""
    return jnp.where(x < -708.0, 0.0, jnp.where(x > 709.79, jnp.inf, y))


def _exp_polynomial(x):
    """``e**x`` in float64 without a division (:func:`_exp_parts`), within 2 ulp of the
    correctly rounded value; inf above 709.78; results below 3.3e-308 (``x < -708``) are
    0, as XLA's CPU code flushes those below 2.2e-308 to 0 anyway; NaN stays NaN."""
    p, k = _exp_parts(x)
    # 2 e**r 2**(n - 1): n - 1 is a normal exponent for -708 <= x <= 709.79
    return _in_range(x, (p + p) * lax.bitcast_convert_type((k + 1022) << 52, jnp.float64))


def _exp_polynomial_shared(x):
    """:func:`_exp_polynomial`, bit for bit, with its last step a division by an exact
    power of two, ``4 e**r / 2**(2 - n)``, instead of a multiplication. XLA copies cheap
    operations into every fusion that uses their result, so an ``exp`` feeding the three
    gates of hh would be computed three times over; a division counts as expensive and is
    not copied, so the ``exp`` is computed once. The division is exact (2 - n is a normal
    exponent for -708 <= x <= 709.79)."""
    p, k = _exp_parts(x)
    return _in_range(x, (p * 4.0) / lax.bitcast_convert_type((1025 - k) << 52, jnp.float64))


def _pick(x, polynomial):
    x = jnp.asarray(x)
    # Above 256 instances per call the polynomial's fusions look compute-bound to XLA's CPU
    # cost model, which then splits each over threads: a hand-off per fusion and step that
    # made a 975-CV cell (W5) twice as slow on two cores. XLA's exp counts as one operation.
    if x.dtype != jnp.float64 or x.size > 256:
        return jnp.exp(x)
    return lax.platform_dependent(x, cpu=polynomial, default=jnp.exp)


@jax.custom_jvp
def _exp(x):
    """``e**x`` for channel code: in float64 on the CPU, for up to 256 values per call (per
    instance under ``vmap``), :func:`_exp_polynomial` (no division: XLA's own f64 ``exp``
    divides; this one took a single compartment's step from 113 to about 83 ns), otherwise
    ``jnp.exp``. Its derivative is itself."""
    return _pick(x, _exp_polynomial)


@jax.custom_jvp
def _exp_shared(x):
    """:func:`_exp` for an ``exp`` that several expressions use (the lowering's
    ``share_exponentials`` pass makes them): the same values, computed once
    (:func:`_exp_polynomial_shared`)."""
    return _pick(x, _exp_polynomial_shared)


def _itself_jvp(fn):
    """The JVP of a function that is its own derivative."""
    def jvp(primals, tangents):
        (x,), (dx,) = primals, tangents
        y = fn(x)
        return y, y * dx
    return jvp


_exp.defjvp(_itself_jvp(_exp))
_exp_shared.defjvp(_itself_jvp(_exp_shared))
