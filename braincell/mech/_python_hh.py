"""NEURON's ``hh`` written by hand in Python: the documented example of a Python channel.

``braincell.mech.hh`` is lowered from ``mechanisms/hh.mod``; this module is the same
channel written directly against the :class:`~braincell.mech.Mechanism` interface
(docs/python-channels.md), kept as the worked example and as a reference for the lowering
(the tests compare the two). ``braincell.mech.python_hh`` has NEURON's name ``hh``, its
parameters, defaults and units, so it can stand in for the lowered one. Rates are evaluated
exactly (NEURON with ``usetable_hh = 0``); gates advance with the cnexp exponential update.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp

from .._math import exprelr
from ._mechanism import Mechanism
from ._types import IonUse, Param, Var

_GATES = ("m", "h", "n")


@partial(jax.custom_jvp, nondiff_argnums=(1,))
def vtrap(x, y: float):
    """hh.mod's ``vtrap(x, y)``: ``x / (exp(x/y) - 1)``, and ``y (1 - x/y/2)`` where
    ``|x/y| < 1e-6`` (relative error below 3e-10 there). The derivative is that of
    :func:`braincell._math.exprelr`: smooth, and exact to 1e-13 at any ``x``."""
    small = jnp.abs(x) < 1e-6 * abs(y)
    safe_x = jnp.where(small, y, x)
    return jnp.where(small, y - 0.5 * x, safe_x / (jnp.exp(safe_x * (1.0 / y)) - 1.0))


@vtrap.defjvp
def _vtrap_jvp(y, primals, tangents):
    (x,), (dx,) = primals, tangents
    _, slope = jax.jvp(exprelr, (x / y,), (jnp.ones_like(x / y),))
    return vtrap(x, y), slope * dx


def hh_rates(v, celsius):
    """``(inf, tau)`` for m, h and n at voltage ``v`` (mV) and ``celsius``.

    hh.mod's formulas, written to need few operations: ``-(v + 65)`` as ``-65 - v`` (the
    same number), and hh.mod's own vtrap rather than the longer series of
    :func:`braincell._math.vtrap`. This keeps each gate's XLA fusion at most one operation
    per byte it moves, which XLA's CPU cost model treats as memory-bound and does not split
    over threads; split, each gate of each step waits for a thread hand-off, which on two
    shared cores costs more than the gate (W3 ran twice as slow under load).
    """
    q10 = 3.0 ** ((celsius - 6.3) / 10.0)
    alpha = 0.1 * vtrap(-40.0 - v, 10.0)
    beta = 4.0 * jnp.exp((-65.0 - v) / 18.0)
    m = (alpha / (alpha + beta), 1.0 / (q10 * (alpha + beta)))
    alpha = 0.07 * jnp.exp((-65.0 - v) / 20.0)
    beta = 1.0 / (jnp.exp((-35.0 - v) / 10.0) + 1.0)
    h = (alpha / (alpha + beta), 1.0 / (q10 * (alpha + beta)))
    alpha = 0.01 * vtrap(-55.0 - v, 10.0)
    beta = 0.125 * jnp.exp((-65.0 - v) / 80.0)
    n = (alpha / (alpha + beta), 1.0 / (q10 * (alpha + beta)))
    return {"m": m, "h": h, "n": n}


@dataclass(frozen=True)
class HH(Mechanism):
    name: str = "hh"
    parameters: tuple[Param, ...] = (
        Param("gnabar", 0.12, "S/cm2", limits=(0.0, 1e9)),
        Param("gkbar", 0.036, "S/cm2", limits=(0.0, 1e9)),
        Param("gl", 0.0003, "S/cm2", limits=(0.0, 1e9)),
        Param("el", -54.3, "mV"),
    )
    states: tuple[Var, ...] = (Var("m"), Var("h"), Var("n"))
    assigned: tuple[Var, ...] = (Var("gna", "S/cm2"), Var("gk", "S/cm2"))
    ions: tuple[IonUse, ...] = (
        IonUse("na", read=("ena",), write=("ina",)),
        IonUse("k", read=("ek",), write=("ik",)),
    )
    nonspecific_currents: tuple[str, ...] = ("il",)

    def init(self, p, env):
        rates = hh_rates(env.v, env.celsius)
        return {g: rates[g][0] for g in _GATES}

    def breakpoint(self, p, s, env):
        gna = p["gnabar"] * s["m"] ** 3 * s["h"]
        gk = p["gkbar"] * s["n"] ** 4
        return {
            "gna": gna,
            "gk": gk,
            "ina": gna * (env.v - env.ions["ena"]),
            "ik": gk * (env.v - env.ions["ek"]),
            "il": p["gl"] * (env.v - p["el"]),
        }

    def advance(self, p, s, env):
        rates = hh_rates(env.v, env.celsius)
        return {
            g: s[g] + (1.0 - jnp.exp(-env.dt / rates[g][1])) * (rates[g][0] - s[g])
            for g in _GATES
        }

    def derivative(self, p, s, env):
        rates = hh_rates(env.v, env.celsius)
        return {g: (rates[g][0] - s[g]) / rates[g][1] for g in _GATES}


python_hh = HH()
