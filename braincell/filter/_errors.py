"""Errors of the region / locset layer."""

from __future__ import annotations

from braincell.errors import BraincellError


class RegionError(BraincellError):
    """A region or locset that is invalid, or empty where a selection was required."""


class ExpressionSyntaxError(RegionError):
    """A region, locset or location string that does not parse; shows the text and a caret."""

    def __init__(self, message: str, text: str, pos: int):
        self.text = text
        self.pos = pos
        super().__init__(f"{message}\n  {text}\n  {' ' * pos}^")
