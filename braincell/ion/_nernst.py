"""The Nernst equation with NEURON's constants."""

from __future__ import annotations

import jax.numpy as jnp

from .._constants import FARADAY, R_GAS, ZERO_CELSIUS_K


def ktf(celsius):
    """RT/F in mV at ``celsius`` (NEURON's ``ktf``)."""
    return 1000.0 * R_GAS * (celsius + ZERO_CELSIUS_K) / FARADAY


def nernst(ci, co, valence, celsius):
    """Reversal potential (mV) of an ion of ``valence`` with inner/outer concentrations.

    Follows NEURON's ``nrn_nernst``: 1e6 mV when ci <= 0 and -1e6 mV when co <= 0.
    """
    ci = jnp.asarray(ci)
    co = jnp.asarray(co)
    safe_ci = jnp.where(ci > 0, ci, 1.0)
    safe_co = jnp.where(co > 0, co, 1.0)
    e = ktf(celsius) / valence * jnp.log(safe_co / safe_ci)
    return jnp.where(ci <= 0, 1e6, jnp.where(co <= 0, -1e6, e))
