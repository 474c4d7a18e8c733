"""NEURON's ``hh``: the Hodgkin-Huxley squid axon channels, with exact rate functions.

Same names, parameters, defaults and units as NEURON's built-in hh.mod. Rates are evaluated
exactly (NEURON with ``usetable_hh = 0``); gates advance with the cnexp exponential update.
"""

from __future__ import annotations

from dataclasses import dataclass

import jax.numpy as jnp

from .._math import vtrap
from ._mechanism import Mechanism
from ._types import IonUse, Param, Var

_GATES = ("m", "h", "n")


def hh_rates(v, celsius):
    """``(inf, tau)`` for m, h and n at voltage ``v`` (mV) and ``celsius``."""
    q10 = 3.0 ** ((celsius - 6.3) / 10.0)
    alpha = 0.1 * vtrap(-(v + 40.0), 10.0)
    beta = 4.0 * jnp.exp(-(v + 65.0) / 18.0)
    m = (alpha / (alpha + beta), 1.0 / (q10 * (alpha + beta)))
    alpha = 0.07 * jnp.exp(-(v + 65.0) / 20.0)
    beta = 1.0 / (jnp.exp(-(v + 35.0) / 10.0) + 1.0)
    h = (alpha / (alpha + beta), 1.0 / (q10 * (alpha + beta)))
    alpha = 0.01 * vtrap(-(v + 55.0), 10.0)
    beta = 0.125 * jnp.exp(-(v + 65.0) / 80.0)
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


hh = HH()
