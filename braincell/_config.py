"""Numerical precision.

braincell computes in float64 by default, as NEURON does. Importing braincell therefore
turns on JAX's ``jax_enable_x64`` flag (this affects other JAX code in the same process).
Set the environment variable ``BRAINCELL_FLOAT32=1`` before importing braincell to leave the
flag alone and compute in float32.
"""

from __future__ import annotations

import os

import jax
import jax.numpy as jnp


def configure_precision() -> None:
    if os.environ.get("BRAINCELL_FLOAT32", "") not in ("1", "true", "yes"):
        jax.config.update("jax_enable_x64", True)


def float_dtype():
    """The floating-point dtype braincell computes in (float64 unless float32 was asked)."""
    return jnp.result_type(float)
