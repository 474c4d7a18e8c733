"""Test-wide settings: float64, strict warnings (see pyproject), and a shared cache folder."""

from __future__ import annotations

import os
from pathlib import Path

import jax

jax.config.update("jax_enable_x64", True)

import braincell  # noqa: E402,F401  (its XLA flags must come before any JAX backend starts)

REPO_ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = Path(os.environ.get("BRAINCELL_TEST_CACHE", REPO_ROOT / ".cache" / "test-data"))
