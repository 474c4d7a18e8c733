"""Locsets: lazy sets of locations ``(branch, x)``, made concrete with ``thingify``.

A concrete locset is a sorted tuple of unique ``(branch, x)`` pairs. Locsets compose with
``|`` (union), ``&`` (intersection) and ``-`` (difference) and print as s-expressions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from braincell.filter._errors import RegionError
from braincell.filter._region import Region, branch_index
from braincell.filter._sexpr import fmt_num, fmt_str
from braincell.morph import Morphology

Loc = tuple[int, float]


def _canon(locs) -> tuple[Loc, ...]:
    return tuple(sorted({(int(b), float(x)) for b, x in locs}))


class Locset:
    """Base class of locset expressions."""

    def thingify(self, morph: Morphology, labels=None) -> tuple[Loc, ...]:
        raise NotImplementedError

    def select(self, morph: Morphology, labels=None) -> tuple[Loc, ...]:
        """``thingify`` that raises RegionError when there is no location."""
        locs = self.thingify(morph, labels)
        if not locs:
            raise RegionError(f"locset {self} has no location on {morph!r}")
        return locs

    def __or__(self, other):
        return LsJoin(self, _locset(other))

    def __and__(self, other):
        return LsIntersect(self, _locset(other))

    def __sub__(self, other):
        return LsDifference(self, _locset(other))


def _locset(x) -> Locset:
    if not isinstance(x, Locset):
        raise RegionError(f"expected a Locset, got {type(x).__name__}: {x!r}")
    return x


@dataclass(frozen=True)
class Location(Locset):
    """One location: section (name or branch index) and normalized position x in [0, 1]."""

    branch: int | str
    x: float

    def __post_init__(self):
        if not 0.0 <= float(self.x) <= 1.0:
            raise RegionError(f"location ({self.branch}, {self.x}): x must be in [0, 1]")

    def thingify(self, morph, labels=None):
        return ((branch_index(morph, self.branch), float(self.x)),)

    def __str__(self):
        b = fmt_str(self.branch) if isinstance(self.branch, str) else str(int(self.branch))
        return f"(location {b} {fmt_num(float(self.x))})"


@dataclass(frozen=True)
class Root(Locset):
    """The 0-end of the root section."""

    def thingify(self, morph, labels=None):
        return ((int(np.flatnonzero(morph.parent < 0)[0]), 0.0),)

    def __str__(self):
        return "(root)"


@dataclass(frozen=True)
class Terminals(Locset):
    """The x=1 end of every section that has no child attached at x=1."""

    def thingify(self, morph, labels=None):
        out = []
        for i in range(len(morph)):
            if not any(morph.sections[c].parent_x == 1.0 for c in morph.children[i]):
                out.append((i, 1.0))
        return _canon(out)

    def __str__(self):
        return "(terminal)"


@dataclass(frozen=True)
class OnBranches(Locset):
    """Position ``x`` on every section."""

    x: float

    def thingify(self, morph, labels=None):
        return _canon((i, self.x) for i in range(len(morph)))

    def __str__(self):
        return f"(on-branches {fmt_num(float(self.x))})"


@dataclass(frozen=True)
class Uniform(Locset):
    """``n`` locations drawn uniformly by length over ``region``; deterministic in ``seed``."""

    region: Region
    n: int
    seed: int = 0

    def thingify(self, morph, labels=None):
        ext = self.region.thingify(morph, labels)
        lengths = np.array([(x1 - x0) * morph.sections[b].length for b, x0, x1 in ext.segments])
        total = lengths.sum() if lengths.size else 0.0
        if total <= 0:
            raise RegionError(f"{self}: the region {self.region} has zero length on {morph!r}")
        u = np.sort(np.random.default_rng(self.seed).uniform(0.0, total, int(self.n)))
        cum = np.concatenate([[0.0], np.cumsum(lengths)])
        out = []
        for v in u:
            k = int(np.clip(np.searchsorted(cum, v, side="right") - 1, 0, len(lengths) - 1))
            b, x0, x1 = ext.segments[k]
            frac = (v - cum[k]) / lengths[k] if lengths[k] > 0 else 0.0
            out.append((b, float(np.clip(x0 + frac * (x1 - x0), x0, x1))))
        return tuple(sorted(out))

    def __str__(self):
        return f"(uniform {self.region} {int(self.n)} {int(self.seed)})"


@dataclass(frozen=True)
class Nearest(Locset):
    """The location nearest to the 3D point (x, y, z), over sections that have 3D points."""

    x: float
    y: float
    z: float

    def thingify(self, morph, labels=None):
        q = np.array([self.x, self.y, self.z], dtype=np.float64)
        best = (np.inf, 0, 0.0)
        if not any(sec.points is not None for sec in morph.sections):
            raise RegionError(
                f"{self}: no section has 3D points; nearest needs a morphology read from "
                f"SWC/ASC or built with points=..."
            )
        for i, sec in enumerate(morph.sections):
            if sec.points is None:  # cylinders have no place in space; skip them
                continue
            p = sec.points_f32[:, :3]
            arc = sec.arc_um
            for k in range(len(p) - 1):
                seg = p[k + 1] - p[k]
                ll = float(seg @ seg)
                t = 0.0 if ll == 0 else float(np.clip((q - p[k]) @ seg / ll, 0, 1))
                dist = float(np.linalg.norm(p[k] + t * seg - q))
                if dist < best[0]:
                    s = arc[k] + t * (arc[k + 1] - arc[k])
                    best = (dist, i, float(s / arc[-1]) if arc[-1] > 0 else 0.0)
        return ((best[1], best[2]),)

    def __str__(self):
        return (
            f"(nearest {fmt_num(float(self.x))} {fmt_num(float(self.y))} {fmt_num(float(self.z))})"
        )


@dataclass(frozen=True)
class NamedLocset(Locset):
    """A locset defined in a ``LabelDict``."""

    name: str

    def thingify(self, morph, labels=None):
        if labels is None or self.name not in labels:
            raise RegionError(
                f"locset {self.name!r} is not defined; pass labels=LabelDict({{"
                f"{self.name!r}: ...}}) when concretizing"
            )
        return labels.locset(self.name).thingify(morph, labels)

    def __str__(self):
        return f"(locset {fmt_str(self.name)})"


@dataclass(frozen=True)
class LsJoin(Locset):
    left: Locset
    right: Locset

    def thingify(self, morph, labels=None):
        return _canon(self.left.thingify(morph, labels) + self.right.thingify(morph, labels))

    def __str__(self):
        return f"(sum {self.left} {self.right})"


@dataclass(frozen=True)
class LsIntersect(Locset):
    left: Locset
    right: Locset

    def thingify(self, morph, labels=None):
        r = set(self.right.thingify(morph, labels))
        return _canon(loc for loc in self.left.thingify(morph, labels) if loc in r)

    def __str__(self):
        return f"(intersect-locs {self.left} {self.right})"


@dataclass(frozen=True)
class LsDifference(Locset):
    left: Locset
    right: Locset

    def thingify(self, morph, labels=None):
        r = set(self.right.thingify(morph, labels))
        return _canon(loc for loc in self.left.thingify(morph, labels) if loc not in r)

    def __str__(self):
        return f"(difference-locs {self.left} {self.right})"


root = Root()
terminals = Terminals()
