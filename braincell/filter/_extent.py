"""Concrete regions: sets of closed intervals [x0, x1] per branch, and path distances.

An ``Extent`` is what a region becomes against a morphology: sorted, merged ``(branch, x0,
x1)`` triples. Intervals are closed; a zero-length interval is a single point.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from braincell.morph import Morphology

Interval = tuple[int, float, float]


def _merge(segs: Iterable[Interval]) -> tuple[Interval, ...]:
    out: list[list] = []
    for b, x0, x1 in sorted((int(b), float(x0), float(x1)) for b, x0, x1 in segs):
        if x1 < x0:
            continue
        if out and out[-1][0] == b and x0 <= out[-1][2]:
            out[-1][2] = max(out[-1][2], x1)
        else:
            out.append([b, x0, x1])
    return tuple((b, x0, x1) for b, x0, x1 in out)


@dataclass(frozen=True)
class Extent:
    """A concrete region: merged closed intervals ``(branch, x0, x1)``."""

    segments: tuple[Interval, ...]

    @staticmethod
    def of(segs: Iterable[Interval]) -> Extent:
        return Extent(_merge(segs))

    @property
    def empty(self) -> bool:
        return not self.segments

    def branches(self) -> set[int]:
        return {b for b, _, _ in self.segments}

    def length_um(self, morph: Morphology) -> float:
        return float(sum((x1 - x0) * morph.sections[b].length for b, x0, x1 in self.segments))

    def contains(self, branch: int, x: float) -> bool:
        return any(b == branch and x0 <= x <= x1 for b, x0, x1 in self.segments)

    def union(self, other: Extent) -> Extent:
        return Extent.of(self.segments + other.segments)

    def intersect(self, other: Extent) -> Extent:
        out = []
        for b, a0, a1 in self.segments:
            for c, b0, b1 in other.segments:
                if b == c and max(a0, b0) <= min(a1, b1):
                    out.append((b, max(a0, b0), min(a1, b1)))
        return Extent.of(out)

    def minus(self, other: Extent) -> Extent:
        """Set difference; boundaries stay (closed), zero-length leftovers are dropped."""
        out = []
        for b, a0, a1 in self.segments:
            pieces = [(a0, a1)]
            for c, b0, b1 in other.segments:
                if c != b:
                    continue
                nxt = []
                for p0, p1 in pieces:
                    if b1 < p0 or b0 > p1:
                        nxt.append((p0, p1))
                        continue
                    if b0 > p0:
                        nxt.append((p0, b0))
                    if b1 < p1:
                        nxt.append((b1, p1))
                pieces = nxt
            out.extend((b, p0, p1) for p0, p1 in pieces if p1 > p0 or a1 == a0)
        return Extent.of(out)


def whole(morph: Morphology, branches: Iterable[int]) -> Extent:
    return Extent.of((b, 0.0, 1.0) for b in branches)


def ancestors(morph: Morphology, b: int) -> list[int]:
    """Branches from ``b`` up to the root, ``b`` first."""
    out = [b]
    while morph.parent[out[-1]] >= 0:
        out.append(int(morph.parent[out[-1]]))
    return out


def subtree(morph: Morphology, branch: int, x: float) -> Extent:
    """Everything distal to (branch, x): the rest of the branch and the children beyond x."""
    segs = [(branch, x, 1.0)]
    stack = [c for c in morph.children[branch] if morph.sections[c].parent_x >= x]
    while stack:
        c = stack.pop()
        segs.append((c, 0.0, 1.0))
        stack.extend(morph.children[c])
    return Extent.of(segs)


def path_to_root(morph: Morphology, branch: int, x: float) -> Extent:
    segs = [(branch, 0.0, x)]
    b = branch
    while morph.parent[b] >= 0:
        px = morph.sections[b].parent_x
        b = int(morph.parent[b])
        segs.append((b, 0.0, px))
    return Extent.of(segs)


def distance_profile(morph: Morphology, loc: tuple[int, float], c: int):
    """Path distance from ``loc`` along branch ``c`` as breakpoints (x, dist), piecewise linear."""
    b0, x0 = loc
    L0 = morph.sections[b0].length
    Lc = morph.sections[c].length
    start = morph.start_distance_um
    d_loc = start[b0] + x0 * L0
    anc_c = ancestors(morph, c)
    anc_b = ancestors(morph, b0)
    if c in anc_b:  # c is b0 or an ancestor of b0: V-shape with vertex at the meeting point
        if c == b0:
            xm = x0
        else:
            child = anc_b[anc_b.index(c) - 1]
            xm = morph.sections[child].parent_x
        meet = start[c] + xm * Lc
        d_meet = d_loc - meet
        return [(0.0, d_meet + xm * Lc), (xm, d_meet), (1.0, d_meet + (1 - xm) * Lc)]
    # c is elsewhere: the distance grows linearly along c from its 0-end
    common = next(a for a in anc_c if a in anc_b)
    child_c = anc_c[anc_c.index(common) - 1]
    xc = morph.sections[child_c].parent_x
    if common == b0:
        xb = x0
    else:
        xb = morph.sections[anc_b[anc_b.index(common) - 1]].parent_x
    meet = start[common] + min(xc, xb) * morph.sections[common].length
    d0 = (d_loc - meet) + (start[c] - meet)
    return [(0.0, d0), (1.0, d0 + Lc)]


def level_set(profile, threshold: float, below: bool) -> list[tuple[float, float]]:
    """Intervals of x where the piecewise-linear profile is <= (below) or >= threshold."""
    out = []
    for (xa, fa), (xb, fb) in zip(profile[:-1], profile[1:]):
        if xb <= xa:
            continue
        ok_a = fa <= threshold if below else fa >= threshold
        ok_b = fb <= threshold if below else fb >= threshold
        if ok_a and ok_b:
            out.append((xa, xb))
        elif ok_a or ok_b:
            xs = xa + (threshold - fa) * (xb - xa) / (fb - fa)
            xs = float(np.clip(xs, xa, xb))
            out.append((xa, xs) if ok_a else (xs, xb))
    return out
