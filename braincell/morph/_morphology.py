"""A neuron's shape: a tree of unbranched sections, each a cylinder or a list of 3D points.

The vocabulary is NEURON's. A *section* is an unbranched cable with a name (``soma``,
``dend[3]``), a *tag* (SWC type: soma=1, axon=2, dend=3, apic=4, anything else custom), a
parent section and the position ``parent_x`` in [0, 1] on the parent where its 0-end attaches.
Its shape is either

* a cylinder (``length_um``, ``diam_um``), what NEURON uses when a section has no 3D points; or
* a polyline of 3D points with diameters (``points``: an (n, 4) array x, y, z, diam in um,
  n >= 2), what NEURON uses after ``pt3dadd``; the length is the polyline's arc length.

Sections are the "branches" of the morphology; ``Morphology.sections[i]`` is branch ``i``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from braincell.morph._errors import MorphologyError

SOMA, AXON, DEND, APIC = 1, 2, 3, 4
TAG_NAMES = {SOMA: "soma", AXON: "axon", DEND: "dend", APIC: "apic"}
_NAME_TAGS = {v: k for k, v in TAG_NAMES.items()}
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*(\[\d+\])?$")


def tag_from_name(name: str) -> int:
    """The SWC tag implied by a NEURON section name (``dend[2]`` -> 3); 0 when none is."""
    return _NAME_TAGS.get(name.split("[", 1)[0], 0)


@dataclass(frozen=True, eq=False)
class Section:
    """One unbranched section, as NEURON's ``create``/``connect``/``pt3dadd`` would declare it.

    Give either ``length_um`` and ``diam_um`` (a cylinder) or ``points`` (an (n, 4) array of
    x, y, z, diam in um with n >= 2). ``parent`` is the parent's name (None for the root),
    ``parent_x`` where on the parent this section's 0-end attaches. ``tag`` defaults to the
    one implied by the name (``soma``, ``axon``, ``dend``, ``apic``), else 0 (undefined).
    """

    name: str
    length_um: float | None = None
    diam_um: float | None = None
    parent: str | None = None
    parent_x: float = 1.0
    points: np.ndarray | None = None
    tag: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME_RE.match(self.name):
            raise MorphologyError(
                f"section name {self.name!r} is not a valid NEURON name; use letters, digits "
                f"and '_' with an optional [index], e.g. 'dend[3]'"
            )
        if self.tag is None:
            object.__setattr__(self, "tag", tag_from_name(self.name))
        if not isinstance(self.tag, (int, np.integer)):
            raise MorphologyError(f"section {self.name}: tag must be an int, got {self.tag!r}")
        object.__setattr__(self, "tag", int(self.tag))
        px = float(self.parent_x)
        if not 0.0 <= px <= 1.0:
            raise MorphologyError(
                f"section {self.name}: parent_x={px} is outside [0, 1]; it is the position on "
                f"the parent where this section attaches, e.g. parent_x=1.0 for the far end"
            )
        object.__setattr__(self, "parent_x", px)
        if self.points is not None:
            if self.length_um is not None or self.diam_um is not None:
                raise MorphologyError(
                    f"section {self.name}: give either points or length_um/diam_um, not both "
                    f"(with points, length and diameters come from the 3D points)"
                )
            pts = np.array(self.points, dtype=np.float64)
            if pts.ndim != 2 or pts.shape[1] != 4 or pts.shape[0] < 2:
                raise MorphologyError(
                    f"section {self.name}: points must be an (n, 4) array of x, y, z, diam "
                    f"with n >= 2, got shape {pts.shape}"
                )
            if not np.all(np.isfinite(pts)):
                raise MorphologyError(f"section {self.name}: points contain NaN or inf")
            bad = np.flatnonzero(pts[:, 3] <= 0)
            if bad.size:
                raise MorphologyError(
                    f"section {self.name}: point {int(bad[0])} has diameter {pts[bad[0], 3]}; "
                    f"diameters must be > 0"
                )
            pts.setflags(write=False)
            object.__setattr__(self, "points", pts)
        else:
            if self.length_um is None or self.diam_um is None:
                raise MorphologyError(
                    f"section {self.name}: give length_um and diam_um (a cylinder) or points "
                    f"(an (n, 4) array of x, y, z, diam)"
                )
            for what in ("length_um", "diam_um"):
                v = float(getattr(self, what))
                if not (np.isfinite(v) and v > 0):
                    raise MorphologyError(f"section {self.name}: {what}={v} must be > 0")
                object.__setattr__(self, what, v)

    @property
    def has_points(self) -> bool:
        return self.points is not None

    @cached_property
    def points_f32(self) -> np.ndarray | None:
        """The 3D points as NEURON stores them: single precision (``struct Pt3d`` holds
        floats), widened back to float64. All geometry is computed from these."""
        if self.points is None:
            return None
        p = self.points.astype(np.float32).astype(np.float64)
        p.setflags(write=False)
        return p

    @cached_property
    def arc_um(self) -> np.ndarray | None:
        """Cumulative arc length at each 3D point, computed as NEURON's ``arc3d`` does (in
        double precision from the single-precision points)."""
        if self.points is None:
            return None
        arc = np.zeros(len(self.points))
        # differences of floats are floats in C; the sum of squares is double
        diff = np.diff(self.points[:, :3].astype(np.float32), axis=0).astype(np.float64)
        step = [float(np.sqrt(t[0] * t[0] + t[1] * t[1] + t[2] * t[2])) for t in diff]
        for i in range(1, len(arc)):  # sequential sum, as nrn_pt3dmodified does
            arc[i] = arc[i - 1] + step[i - 1]
        arc.setflags(write=False)
        return arc

    @property
    def length(self) -> float:
        """Section length in um (``L`` in NEURON)."""
        if self.points is not None:
            return float(self.arc_um[-1])
        return float(self.length_um)

    def radius_at(self, x: float) -> float:
        """Radius (um) at normalized position ``x``, linear between 3D points."""
        if self.points is None:
            return self.diam_um / 2
        arc = self.arc_um
        return float(np.interp(x * arc[-1], arc, self.points[:, 3]) / 2)

    def xyz_at(self, x: float) -> np.ndarray:
        """3D position at normalized position ``x``; needs 3D points."""
        if self.points is None:
            raise MorphologyError(
                f"section {self.name} has no 3D points, so it has no position in space; "
                f"build it with points=... or read it from an SWC/ASC file"
            )
        arc = self.arc_um
        s = x * arc[-1]
        return np.array([np.interp(s, arc, self.points[:, k]) for k in range(3)])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Section):
            return NotImplemented
        same_pts = (self.points is None and other.points is None) or (
            self.points is not None
            and other.points is not None
            and np.array_equal(self.points, other.points)
        )
        return same_pts and (
            self.name,
            self.length_um,
            self.diam_um,
            self.parent,
            self.parent_x,
            self.tag,
        ) == (other.name, other.length_um, other.diam_um, other.parent, other.parent_x, other.tag)

    def __hash__(self) -> int:
        return hash((self.name, self.parent, self.parent_x, self.tag))


@dataclass(frozen=True, eq=False, init=False)
class Morphology:
    """A tree of sections, stored parents-before-children (section ``i`` is branch ``i``).

    Build it from sections in any order; exactly one section has no parent (the root).
    ``source`` names the file it came from, for messages.
    """

    sections: tuple[Section, ...]
    source: str | None = None
    parent: np.ndarray = field(init=False, repr=False)

    def __init__(self, sections: Iterable[Section], source: str | None = None):
        secs = list(sections)
        if not secs:
            raise MorphologyError("a morphology needs at least one section", path=source)
        names: dict[str, int] = {}
        for i, s in enumerate(secs):
            if not isinstance(s, Section):
                raise MorphologyError(f"item {i} is a {type(s).__name__}, expected a Section")
            if s.name in names:
                raise MorphologyError(f"two sections are named {s.name!r}", path=source)
            names[s.name] = i
        roots = [s.name for s in secs if s.parent is None]
        if len(roots) != 1:
            raise MorphologyError(
                f"a morphology needs exactly one root section (parent=None), found "
                f"{len(roots)}: {roots[:5]}",
                path=source,
            )
        for s in secs:
            if s.parent is not None and s.parent not in names:
                raise MorphologyError(
                    f"section {s.name!r} has parent {s.parent!r}, which does not exist "
                    f"(an orphan); known sections: {sorted(names)[:8]}",
                    path=source,
                )
        # stable topological order: keep the given order, but a child waits for its parent
        children: dict[str, list[int]] = {}
        for i, s in enumerate(secs):
            if s.parent is not None:
                children.setdefault(s.parent, []).append(i)
        order: list[int] = []
        placed = set()
        stack = [names[roots[0]]]
        while stack:  # pre-order DFS preserving sibling order
            i = stack.pop()
            order.append(i)
            placed.add(i)
            stack.extend(reversed(children.get(secs[i].name, [])))
        if len(order) != len(secs):
            cyc = [secs[i].name for i in range(len(secs)) if i not in placed]
            raise MorphologyError(
                f"sections {cyc[:5]} are not reachable from the root {roots[0]!r}: their "
                f"parents form a cycle",
                path=source,
            )
        # prefer the caller's order when it is already parents-first
        given_ok = all(s.parent is None or names[s.parent] < i for i, s in enumerate(secs))
        if given_ok:
            order = list(range(len(secs)))
        ordered = tuple(secs[i] for i in order)
        object.__setattr__(self, "sections", ordered)
        object.__setattr__(self, "source", source)
        idx = {s.name: i for i, s in enumerate(ordered)}
        parent = np.array([-1 if s.parent is None else idx[s.parent] for s in ordered], np.int64)
        parent.setflags(write=False)
        object.__setattr__(self, "parent", parent)
        object.__setattr__(self, "_index", idx)

    def __len__(self) -> int:
        return len(self.sections)

    def __iter__(self):
        return iter(self.sections)

    def __getitem__(self, key: int | str) -> Section:
        return self.sections[self.index(key)]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Morphology):
            return NotImplemented
        return self.sections == other.sections

    def __hash__(self) -> int:
        return hash(self.sections)

    def __repr__(self) -> str:
        src = f", source={self.source!r}" if self.source else ""
        return f"Morphology({len(self)} sections{src})"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.sections)

    def index(self, key: int | str) -> int:
        """Branch index of a section given by name or index. As in hoc, a bare array name
        means element 0: ``"soma"`` finds ``soma[0]`` when there is no section ``soma``."""
        if isinstance(key, (int, np.integer)):
            if not -len(self) <= key < len(self):
                raise MorphologyError(
                    f"branch index {key} is out of range; this morphology has {len(self)} "
                    f"branches (0..{len(self) - 1})"
                )
            return int(key) % len(self)
        try:
            return self._index[key]
        except KeyError:
            if isinstance(key, str) and "[" not in key and f"{key}[0]" in self._index:
                return self._index[f"{key}[0]"]  # hoc: `soma` means `soma[0]`
            close = [n for n in self._index if n.split("[")[0] == str(key).split("[")[0]][:6]
            hint = f"; similar names: {close}" if close else f"; names: {list(self._index)[:6]}"
            raise MorphologyError(f"no section named {key!r}{hint}") from None

    @cached_property
    def children(self) -> tuple[tuple[int, ...], ...]:
        kids: list[list[int]] = [[] for _ in self.sections]
        for i, p in enumerate(self.parent):
            if p >= 0:
                kids[p].append(i)
        return tuple(tuple(k) for k in kids)

    @cached_property
    def tags(self) -> np.ndarray:
        t = np.array([s.tag for s in self.sections], np.int64)
        t.setflags(write=False)
        return t

    @cached_property
    def lengths_um(self) -> np.ndarray:
        v = np.array([s.length for s in self.sections])
        v.setflags(write=False)
        return v

    @cached_property
    def start_distance_um(self) -> np.ndarray:
        """Path distance from the root's 0-end to each section's 0-end."""
        d = np.zeros(len(self))
        for i, s in enumerate(self.sections):
            p = self.parent[i]
            if p >= 0:
                d[i] = d[p] + s.parent_x * self.sections[p].length
        d.setflags(write=False)
        return d

    def distance_um(self, branch: int | str, x: float) -> float:
        """Path distance from the root's 0-end to ``(branch, x)``."""
        i = self.index(branch)
        return float(self.start_distance_um[i] + x * self.sections[i].length)

    @property
    def has_points(self) -> bool:
        return all(s.has_points for s in self.sections)

    def with_sections(self, sections: Sequence[Section]) -> Morphology:
        return Morphology(sections, source=self.source)
