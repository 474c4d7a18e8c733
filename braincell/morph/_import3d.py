"""The last step of NEURON's Import3d, shared by the SWC and ASC readers.

NEURON's ``Import3d_GUI.instantiate`` turns the reader's raw sections into NEURON sections:

* drops one-point sections and two-point sections of zero length (``chk_valid``), attaching
  their children to their parent;
* names sections by type in order: ``soma[0]``, ``dend[3]``, ``apic[0]``, ``axon[1]``
  (``dend_5[0]`` for custom type 5, ``minus_2[0]`` for negative types);
* skips the first ``first`` points (a "wire" to the parent);
* turns a soma contour into a centroid line with diameters (``contour2centroid``) and a
  single-point root into a 3-point cylinder of length = diameter (``sphere_rep``);
* writes every coordinate with ``%.8g`` (8 significant digits), which we reproduce.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from braincell.morph._errors import MorphologyError
from braincell.morph._morphology import Morphology, Section


@dataclass
class RawSection:
    """An Import3d_Section: raw points (x, y, z, d), topology, and Import3d's flags."""

    points: np.ndarray  # (n, 4)
    type: int
    parent: int | None = None  # index into the raw section list
    parentx: float = 1.0
    first: int = 0
    id: int = 0  # index of its first own point in the reader's point list
    iscontour: bool = False
    line: int | None = None
    extra: dict = field(default_factory=dict)


def type2name(t: int) -> str:
    t = int(t)
    if t == 1:
        return "soma"
    if t == 2:
        return "axon"
    if t == 3:
        return "dend"
    if t == 4:
        return "apic"
    if t < 0:
        return f"minus_{-t}"
    return f"dend_{t}"


def g8(v: float) -> float:
    """A number as NEURON's ``sprint("%.8g")`` writes it and hoc reads it back."""
    return float(f"{float(v):.8g}")


def chk_valid(secs: list[RawSection]) -> list[RawSection]:
    """Remove one-point and zero-length two-point non-root sections (Import3d chk_valid)."""
    secs = list(secs)
    ids = list(range(len(secs)))  # keep identities while removing
    for i in range(len(secs) - 1, -1, -1):
        s = secs[i]
        if s.parent is None:
            continue
        n = len(s.points) - s.first
        drop = n <= 1 or (
            n <= 2 and np.array_equal(s.points[s.first, :3], s.points[s.first + 1, :3])
        )
        if drop:
            gone = ids[i]
            del secs[i]
            del ids[i]
            for c in secs[i:]:
                if c.parent == gone:
                    c.parent = s.parent
                    c.parentx = s.parentx
    # re-index parents to positions in the shortened list
    pos = {old: new for new, old in enumerate(ids)}
    for s in secs:
        if s.parent is not None:
            s.parent = pos[s.parent]
    return secs


def sphere_rep(pts: np.ndarray) -> np.ndarray:
    """A single point (x, y, z, d) as a 3-point cylinder along x with length d."""
    x, y, z, d = pts[0]
    return np.array([[x - d / 2, y, z, d], [x, y, z, d], [x + d / 2, y, z, d]])


def instantiate(secs: list[RawSection], source: str | None, contour2centroid=None) -> Morphology:
    """Raw Import3d sections to a Morphology, named and rounded as NEURON's instantiate."""
    secs = chk_valid(secs)
    counts: dict[int, int] = {}
    names = []
    for s in secs:
        k = counts.get(s.type, 0)
        counts[s.type] = k + 1
        names.append(f"{type2name(s.type)}[{k}]")
    out = []
    for s, name in zip(secs, names):
        pts = np.array(s.points[s.first :], dtype=np.float64)
        if s.iscontour:
            pts = contour2centroid(pts)
        if len(pts) == 1:
            pts = sphere_rep(pts)
        pts = np.vectorize(g8)(pts)
        if np.any(pts[:, 3] <= 0):
            k = int(np.flatnonzero(pts[:, 3] <= 0)[0])
            raise MorphologyError(
                f"section {name} (starting at line {s.line}) has a point of diameter "
                f"{pts[k, 3]} (point {k}); radii must be > 0",
                path=source,
                line=s.line,
            )
        out.append(
            Section(
                name,
                points=pts,
                parent=None if s.parent is None else names[s.parent],
                parent_x=s.parentx,
                tag=s.type,
            )
        )
    return Morphology(out, source=source)
