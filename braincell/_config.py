"""Numerical precision and XLA's CPU code generation.

braincell computes in float64 by default, as NEURON does. Importing braincell therefore
turns on JAX's ``jax_enable_x64`` flag (this affects other JAX code in the same process).
Set the environment variable ``BRAINCELL_FLOAT32=1`` before importing braincell to leave the
flag alone and compute in float32.

Importing braincell also asks XLA's CPU compiler for 512-bit vectors
(``--xla_cpu_prefer_vector_width=512`` in ``XLA_FLAGS``) where the CPU has them: XLA
prefers 256-bit vectors by default, and a step of ``hh`` is bound by the arithmetic of its
nine ``exp`` per compartment, which then runs at close to half the cost. The results do
not change (the same operations, eight lanes at a time instead of four). It is skipped when
``XLA_FLAGS`` already sets the vector width, when ``BRAINCELL_XLA_FLAGS=0``, and when JAX
has already started its backends (the flags are read once, at that point).
"""

from __future__ import annotations

import os

import jax
import jax.numpy as jnp

_VECTOR_WIDTH = "--xla_cpu_prefer_vector_width"


def configure_precision() -> None:
    if os.environ.get("BRAINCELL_FLOAT32", "") not in ("1", "true", "yes"):
        jax.config.update("jax_enable_x64", True)


def _cpu_has_avx512() -> bool:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("flags"):
                    return " avx512f" in line
    except OSError:
        pass
    return False


def configure_xla() -> None:
    """Add braincell's XLA CPU flags to ``XLA_FLAGS`` (see the module docstring)."""
    if os.environ.get("BRAINCELL_XLA_FLAGS", "") in ("0", "false", "no"):
        return
    flags = os.environ.get("XLA_FLAGS", "")
    if _VECTOR_WIDTH in flags or not _cpu_has_avx512():
        return
    try:
        from jax._src import xla_bridge

        if xla_bridge.backends_are_initialized():
            return
    except (ImportError, AttributeError):  # a JAX without it: the flag may come too late
        pass
    os.environ["XLA_FLAGS"] = f"{flags} {_VECTOR_WIDTH}=512".strip()


def float_dtype():
    """The floating-point dtype braincell computes in (float64 unless float32 was asked)."""
    return jnp.result_type(float)
