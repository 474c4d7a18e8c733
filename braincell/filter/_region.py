"""Regions: lazy descriptions of parts of a morphology, made concrete with ``thingify``.

Regions compose with ``|`` (join), ``&`` (intersect) and ``-`` (difference), print as
s-expressions that ``parse_region`` reads back, and are concretized against a morphology into
an ``Extent`` (closed intervals per branch). ``select`` is ``thingify`` that refuses an empty
result, for places where an empty selection is surely a mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from braincell.filter._errors import RegionError
from braincell.filter._extent import (
    Extent,
    distance_profile,
    level_set,
    path_to_root,
    subtree,
    whole,
)
from braincell.filter._sexpr import fmt_num, fmt_str
from braincell.morph import TAG_NAMES, Morphology


class Region:
    """Base class of region expressions."""

    def thingify(self, morph: Morphology, labels=None) -> Extent:
        raise NotImplementedError

    def select(self, morph: Morphology, labels=None) -> Extent:
        """``thingify`` that raises RegionError when the region is empty on ``morph``."""
        ext = self.thingify(morph, labels)
        if ext.empty:
            raise RegionError(
                f"region {self} selects nothing on {morph!r}; check the tag, name or "
                f"threshold (tags present: {sorted(set(morph.tags.tolist()))})"
            )
        return ext

    def __or__(self, other: Region) -> Region:
        return Join(self, _region(other))

    def __and__(self, other: Region) -> Region:
        return Intersect(self, _region(other))

    def __sub__(self, other: Region) -> Region:
        return Difference(self, _region(other))


def _region(r) -> Region:
    if not isinstance(r, Region):
        raise RegionError(f"expected a Region, got {type(r).__name__}: {r!r}")
    return r


def branch_index(morph: Morphology, branch: int | str) -> int:
    try:
        return morph.index(branch)
    except Exception as err:
        raise RegionError(str(err)) from None


def _fmt_branch(b: int | str) -> str:
    return fmt_str(b) if isinstance(b, str) else str(int(b))


@dataclass(frozen=True)
class All(Region):
    """The whole morphology."""

    def thingify(self, morph, labels=None):
        return whole(morph, range(len(morph)))

    def __str__(self):
        return "(all)"


@dataclass(frozen=True)
class Nil(Region):
    """The empty region."""

    def thingify(self, morph, labels=None):
        return Extent(())

    def __str__(self):
        return "(nil)"


@dataclass(frozen=True)
class Tag(Region):
    """Every section with SWC tag ``tag`` (soma=1, axon=2, dend=3, apic=4)."""

    tag: int

    def thingify(self, morph, labels=None):
        return whole(morph, np.flatnonzero(morph.tags == self.tag).tolist())

    def __str__(self):
        return f"(tag {int(self.tag)})"


@dataclass(frozen=True)
class Branch(Region):
    """One whole section, by name (``"dend[3]"``) or branch index."""

    branch: int | str

    def thingify(self, morph, labels=None):
        return whole(morph, [branch_index(morph, self.branch)])

    def __str__(self):
        if isinstance(self.branch, str):
            return f"(section {fmt_str(self.branch)})"
        return f"(branch {int(self.branch)})"


@dataclass(frozen=True)
class Segment(Region):
    """The part ``x0 <= x <= x1`` of one section (``0 <= x0 <= x1 <= 1``)."""

    branch: int | str
    x0: float
    x1: float

    def __post_init__(self):
        if not 0.0 <= self.x0 <= self.x1 <= 1.0:
            raise RegionError(
                f"segment ({self.branch}, {self.x0}, {self.x1}): need 0 <= x0 <= x1 <= 1"
            )

    def thingify(self, morph, labels=None):
        return Extent.of([(branch_index(morph, self.branch), self.x0, self.x1)])

    def __str__(self):
        return f"(segment {_fmt_branch(self.branch)} {fmt_num(self.x0)} {fmt_num(self.x1)})"


@dataclass(frozen=True)
class Distance(Region):
    """Points whose path distance from ``locset`` is ``<= um`` (``op="le"``) or ``>= um``.

    The distance to a locset is the distance to its nearest location.
    """

    op: str
    um: float
    locset: object = None

    def __post_init__(self):
        from braincell.filter._locset import Root

        if self.op not in ("le", "ge"):
            raise RegionError(f"distance op must be 'le' or 'ge', got {self.op!r}")
        if self.locset is None:
            object.__setattr__(self, "locset", Root())

    def thingify(self, morph, labels=None):
        locs = self.locset.thingify(morph, labels)
        if not locs:
            raise RegionError(f"{self}: the locset {self.locset} is empty on {morph!r}")
        below = self.op == "le"
        result = None
        for loc in locs:
            segs = []
            for c in range(len(morph)):
                for x0, x1 in level_set(distance_profile(morph, loc, c), self.um, below):
                    segs.append((c, x0, x1))
            ext = Extent.of(segs)
            if result is None:
                result = ext
            else:
                result = result.union(ext) if below else result.intersect(ext)
        return result

    def __str__(self):
        return f"(distance-{self.op} {fmt_num(self.um)} {self.locset})"


@dataclass(frozen=True)
class _Interval(Region):
    """Within ``um`` of path length of each location, on one side of it (``side``)."""

    locset: object
    um: float
    keyword: ClassVar[str] = ""

    @staticmethod
    def side(morph, b, x):
        raise TypeError("an _Interval subclass says which side of a location it keeps")

    def thingify(self, morph, labels=None):
        out = Extent(())
        for b, x in self.locset.thingify(morph, labels):
            near = Distance("le", self.um, _Loc(b, x)).thingify(morph, labels)
            out = out.union(near.intersect(self.side(morph, b, x)))
        return out

    def __str__(self):
        return f"({self.keyword} {self.locset} {fmt_num(self.um)})"


class ProximalInterval(_Interval):
    """From each location towards the root, up to ``um`` of path length."""

    keyword = "proximal-interval"
    side = staticmethod(path_to_root)


class DistalInterval(_Interval):
    """From each location away from the root, everything within ``um`` of path length."""

    keyword = "distal-interval"
    side = staticmethod(subtree)


@dataclass(frozen=True)
class Radius(Region):
    """Points whose radius (linear between 3D points) is ``<= um`` (``"le"``) or ``>= um``."""

    op: str
    um: float

    def __post_init__(self):
        if self.op not in ("le", "ge"):
            raise RegionError(f"radius op must be 'le' or 'ge', got {self.op!r}")

    def thingify(self, morph, labels=None):
        segs = []
        for i, sec in enumerate(morph.sections):
            if sec.points is None:
                prof = [(0.0, sec.diam_um / 2), (1.0, sec.diam_um / 2)]
            else:
                xs = sec.arc_um / sec.length
                prof = list(zip(xs.tolist(), (sec.points_f32[:, 3] / 2).tolist()))
            for x0, x1 in level_set(prof, self.um, self.op == "le"):
                segs.append((i, x0, x1))
        return Extent.of(segs)

    def __str__(self):
        return f"(radius-{self.op} {fmt_num(self.um)})"


@dataclass(frozen=True)
class Named(Region):
    """A region defined in a ``LabelDict``, looked up when concretized."""

    name: str

    def thingify(self, morph, labels=None):
        if labels is None or self.name not in labels:
            raise RegionError(
                f"region {self.name!r} is not defined; pass labels=LabelDict({{"
                f"{self.name!r}: ...}}) when concretizing"
            )
        return labels.region(self.name).thingify(morph, labels)

    def __str__(self):
        return f"(region {fmt_str(self.name)})"


@dataclass(frozen=True)
class _Binary(Region):
    """A set operation on two regions: ``(keyword left right)``."""

    left: Region
    right: Region
    keyword: ClassVar[str] = ""
    combine: ClassVar[str] = ""  # the Extent method

    def thingify(self, morph, labels=None):
        left = self.left.thingify(morph, labels)
        return getattr(left, self.combine)(self.right.thingify(morph, labels))

    def __str__(self):
        return f"({self.keyword} {self.left} {self.right})"


class Join(_Binary):
    keyword, combine = "join", "union"


class Intersect(_Binary):
    keyword, combine = "intersect", "intersect"


class Difference(_Binary):
    keyword, combine = "difference", "minus"


@dataclass(frozen=True)
class _Loc:
    """A one-location locset, internal to the interval regions."""

    branch: int
    x: float

    def thingify(self, morph, labels=None):
        return [(self.branch, self.x)]


all_ = All()
soma = Tag(1)
axon = Tag(2)
dend = Tag(3)
apic = Tag(4)


def tag(name_or_tag: str | int) -> Tag:
    """``tag("soma")`` or ``tag(1)``."""
    if isinstance(name_or_tag, str):
        inv = {v: k for k, v in TAG_NAMES.items()}
        if name_or_tag not in inv:
            raise RegionError(f"unknown tag {name_or_tag!r}; use one of {sorted(inv)} or an int")
        return Tag(inv[name_or_tag])
    return Tag(int(name_or_tag))


def distance_le(um: float, locset=None) -> Distance:
    return Distance("le", float(um), locset)


def distance_ge(um: float, locset=None) -> Distance:
    return Distance("ge", float(um), locset)
