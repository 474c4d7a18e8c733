"""Regions and locsets: composable, printable descriptions of parts of a morphology.

>>> from braincell.filter import soma, dend, distance_le, parse_region
>>> r = dend & distance_le(100.0)
>>> parse_region(str(r)) == r
True
"""

from braincell.filter._errors import ExpressionSyntaxError, RegionError
from braincell.filter._extent import Extent
from braincell.filter._labels import LabelDict
from braincell.filter._location import SectionLocation, parse_location
from braincell.filter._locset import (
    Location,
    Locset,
    LsDifference,
    LsIntersect,
    LsJoin,
    NamedLocset,
    Nearest,
    OnBranches,
    Root,
    Terminals,
    Uniform,
    root,
    terminals,
)
from braincell.filter._parse import parse_expression, parse_locset, parse_region
from braincell.filter._region import (
    All,
    Branch,
    Difference,
    DistalInterval,
    Distance,
    Intersect,
    Join,
    Named,
    Nil,
    ProximalInterval,
    Radius,
    Region,
    Segment,
    Tag,
    all_,
    apic,
    axon,
    dend,
    distance_ge,
    distance_le,
    soma,
    tag,
)

__all__ = [
    "All", "Branch", "Difference", "DistalInterval", "Distance", "Extent",
    "ExpressionSyntaxError", "Intersect", "Join", "LabelDict", "Location", "Locset",
    "LsDifference", "LsIntersect", "LsJoin", "Named", "NamedLocset", "Nearest", "Nil",
    "OnBranches", "ProximalInterval", "Radius", "Region", "RegionError", "Root",
    "SectionLocation", "Segment", "Tag", "Terminals", "Uniform", "all_", "apic", "axon",
    "dend", "distance_ge", "distance_le", "parse_expression", "parse_locset",
    "parse_location", "parse_region", "root", "soma", "tag", "terminals",
]  # fmt: skip
