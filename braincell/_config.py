"""Numerical precision and XLA's CPU code generation.

braincell computes in float64 by default, as NEURON does. Importing braincell therefore
turns on JAX's ``jax_enable_x64`` flag (this affects other JAX code in the same process).
Set the environment variable ``BRAINCELL_FLOAT32=1`` before importing braincell to leave the
flag alone and compute in float32.

Importing braincell also sets two of XLA's CPU options in ``XLA_FLAGS``:

* ``--xla_cpu_prefer_vector_width=512`` where the CPU has 512-bit vectors: XLA prefers
  256-bit vectors by default, and a step of ``hh`` is bound by the arithmetic of its
  ``exp`` per compartment, which then runs at close to half the cost. The results do not
  change (the same operations, eight lanes at a time instead of four).
* ``xla_cpu_small_while_loop_byte_threshold`` (in ``--xla_backend_extra_options``) raised
  from 1 KiB to 4 MiB: XLA compiles a loop whose body touches less than this many bytes
  per iteration as one function, and runs a larger one operation by operation, paying a
  dispatch of ~100 ns for each (a step of a 104-CV cable has about ten). A simulation's
  time loop of up to a few hundred CVs then runs as one function; the tree solve of an
  unbranched cable is then done in JAX (``_compute/_chain.py``), as the compiled kernel's
  custom call would stop XLA from doing so. Larger loops (thousands of CVs or cells) still
  run operation by operation, where XLA can spread an operation over several threads.

Each is skipped when ``XLA_FLAGS`` already sets it (any ``--xla_backend_extra_options``
counts for the second), when ``BRAINCELL_XLA_FLAGS=0``, and when JAX has already started
its backends (the flags are read once, at that point): import braincell before running any
JAX code to get them. :func:`whole_loops` says whether the second is in effect.
"""

from __future__ import annotations

import os

import jax
import jax.numpy as jnp

_VECTOR_WIDTH = "--xla_cpu_prefer_vector_width"
_EXTRA_OPTIONS = "--xla_backend_extra_options"
_SMALL_LOOP = "xla_cpu_small_while_loop_byte_threshold"
SMALL_LOOP_BYTES = 4 * 1024 * 1024


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
    try:
        from jax._src import xla_bridge

        if xla_bridge.backends_are_initialized():
            return
    except (ImportError, AttributeError):  # a JAX without it: the flags may come too late
        pass
    flags = os.environ.get("XLA_FLAGS", "")
    added = []
    if _VECTOR_WIDTH not in flags and _cpu_has_avx512():
        added.append(f"{_VECTOR_WIDTH}=512")
    if _EXTRA_OPTIONS not in flags:
        added.append(f"{_EXTRA_OPTIONS}={_SMALL_LOOP}={SMALL_LOOP_BYTES}")
    if added:
        os.environ["XLA_FLAGS"] = " ".join([flags, *added]).strip()


def whole_loops() -> bool:
    """Whether XLA compiles loops of up to :data:`SMALL_LOOP_BYTES` (or the user's own
    threshold) per iteration as one function: the small-loop threshold is in ``XLA_FLAGS``
    (braincell put it there, or the user did)."""
    return _SMALL_LOOP in os.environ.get("XLA_FLAGS", "")


def float_dtype():
    """The floating-point dtype braincell computes in (float64 unless float32 was asked)."""
    return jnp.result_type(float)
