"""Location strings of the run spec: ``"soma(0.5)"``, ``"dend[3](0.9)"``, ``"dend(1)"``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from braincell.filter._errors import ExpressionSyntaxError, RegionError

_LOC = re.compile(
    r"^\s*(?P<name>[A-Za-z_][A-Za-z0-9_.]*)\s*(?:\[\s*(?P<index>\d+)\s*\])?\s*"
    r"\(\s*(?P<x>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*\)\s*$"
)


@dataclass(frozen=True)
class SectionLocation:
    """A section name as NEURON writes it (``dend[3]``) and a position ``x`` in [0, 1]."""

    section: str
    x: float

    def __str__(self) -> str:
        return f"{self.section}({self.x:g})"

    def to_locset(self):
        from braincell.filter._locset import Location

        return Location(self.section, self.x)


def parse_location(text: str) -> SectionLocation:
    """Parse ``"soma(0.5)"``, ``"dend[3](0.9)"`` or ``"dend(1)"``.

    ``"dend(1)"`` names the section ``dend`` (a section that is not an array), exactly as in
    NEURON; whether it exists is checked when it is looked up in a morphology.
    """
    if not isinstance(text, str):
        raise RegionError(f"a location must be a string like 'soma(0.5)', got {text!r}")
    m = _LOC.match(text)
    if not m:
        pos = _first_bad(text)
        raise ExpressionSyntaxError(
            f"bad location {text!r}; write section(x), e.g. 'soma(0.5)' or 'dend[3](0.9)'",
            text,
            pos,
        )
    name = m.group("name")
    if m.group("index") is not None:
        name = f"{name}[{int(m.group('index'))}]"
    x = float(m.group("x"))
    if not 0.0 <= x <= 1.0:
        raise ExpressionSyntaxError(
            f"location {text!r}: x={x} is outside [0, 1]", text, m.start("x")
        )
    return SectionLocation(name, x)


def _first_bad(text: str) -> int:
    m = re.match(r"\s*[A-Za-z_][A-Za-z0-9_.]*", text)
    if not m:
        return len(text) - len(text.lstrip())
    pos = m.end()
    m2 = re.match(r"\s*\[\s*\d+\s*\]", text[pos:])
    if m2:
        pos += m2.end()
    m3 = re.match(r"\s*\(", text[pos:])
    if not m3:
        return pos
    return min(pos + m3.end(), len(text))
