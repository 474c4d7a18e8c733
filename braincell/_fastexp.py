"""``e**x`` without a division, for channel code: :func:`braincell._math.exp` and the
``_exp`` of every module :mod:`braincell.dsl.lower.codegen` generates (which embeds this
file's code after its imports, so that a generated module imports only jax).

Only jax may be imported here, and only the names below the imports are embedded.
"""

import jax
import jax.numpy as jnp
from jax import lax


def _exp_polynomial(x):
    """``e**x`` in float64 without a division: ``x = n ln2 + r`` (Cody-Waite, ``|r| <=
    ln2/2``), ``e**r`` by a degree-11 polynomial (Chebyshev interpolation, 4e-18 relative)
    evaluated in Estrin's scheme, and ``2**n`` put in the exponent bits. Within 2 ulp of
    the correctly rounded value; inf above 709.78; results below 3.3e-308 (``x < -708``) are
    0, as XLA's CPU code flushes those below 2.2e-308 to 0 anyway; NaN stays NaN."""
    c = (1.0, 1.0, 0.5000000000000019, 0.1666666666666668, 0.04166666666648795,
         0.008333333333319589, 0.0013888888952352863, 0.00019841269890076403,
         2.4801485441561313e-05, 2.755724088722987e-06, 2.763265472252779e-07,
         2.5110049204818658e-08)
    xc = jnp.clip(x, -708.0, 709.79)
    # n = round(x / ln2) from the bits of x/ln2 + 1.5 * 2**52; a float round trip would
    # be folded away
    t = xc * 1.4426950408889634 + 6755399441055744.0
    k = lax.bitcast_convert_type(t, jnp.int64) - 0x4338000000000000
    n = k.astype(jnp.float64)
    r = (xc - n * 6.93147180369123816490e-01) - n * 1.90821492927058770002e-10
    r2 = r * r
    r4 = r2 * r2
    q0 = (c[0] + c[1] * r) + (c[2] + c[3] * r) * r2
    q1 = (c[4] + c[5] * r) + (c[6] + c[7] * r) * r2
    q2 = (c[8] + c[9] * r) + (c[10] + c[11] * r) * r2
    p = (q0 + q1 * r4) + q2 * (r4 * r4)
    # 2 e**r 2**(n - 1): n - 1 stays a normal exponent up to x = 709.79
    y = (p + p) * lax.bitcast_convert_type((k + 1022) << 52, jnp.float64)
    return jnp.where(x < -708.0, 0.0, y)


@jax.custom_jvp
def _exp(x):
    """``e**x`` for channel code: in float64 on the CPU, for up to 256 values per call (per
    instance under ``vmap``), :func:`_exp_polynomial` (no division: XLA's own f64 ``exp``
    divides; this one took a single compartment's step from 113 to about 90 ns), otherwise
    ``jnp.exp``. Its derivative is itself."""
    x = jnp.asarray(x)
    # Above 256 instances per call the polynomial's fusions look compute-bound to XLA's CPU
    # cost model, which then splits each over threads: a hand-off per fusion and step that
    # made a 975-CV cell (W5) twice as slow on two cores. XLA's exp counts as one operation.
    if x.dtype != jnp.float64 or x.size > 256:
        return jnp.exp(x)
    return lax.platform_dependent(x, cpu=_exp_polynomial, default=jnp.exp)


@_exp.defjvp
def _exp_jvp(primals, tangents):
    (x,), (dx,) = primals, tangents
    y = _exp(x)
    return y, y * dx
