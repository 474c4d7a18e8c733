"""Errors of the discretization layer."""

from __future__ import annotations

from braincell.errors import BraincellError


class DiscretizationError(BraincellError):
    """A CV policy or a discretization request that cannot be honoured."""
