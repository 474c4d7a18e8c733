"""Neurolucida ASC files, read as NEURON's ``Import3d_Neurolucida3`` reads them.

* A ``(CellBody)`` contour becomes the soma: NEURON's ``contour2centroid`` resamples the
  contour at 101 points, finds its principal axis and writes 21 points along it whose
  diameters are the contour's width across the axis (ported here step by step).
* Each tree (``(Axon)``, ``(Dendrite)``, ``(Apical)``) starting inside the soma's bounding box
  connects to soma(0.5) by a wire (its first 3D point is its own first point).
* After a split ``( ... | ... )`` each child starts with a copy of the parent's last point
  (with the child's first diameter) unless its first point is exactly that point.
* Markers, names, colours, spines and words such as ``Normal`` are ignored.

Supported: one soma contour (no contour stacks) and trees inside its bounding box; anything
else raises MorphologyError naming the line.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from braincell.morph._errors import MorphologyError
from braincell.morph._import3d import RawSection, instantiate
from braincell.morph._morphology import Morphology

_TOK = re.compile(
    r"(?P<ws>[ \t\r,]+)|(?P<nl>\n)|(?P<comment>;[^\n]*)|(?P<open>\()|(?P<close>\))"
    r'|(?P<bar>\|)|(?P<str>"[^"]*")|(?P<lt><)|(?P<gt>>)|(?P<word>[^\s(),;|"<>]+)'
)
_TREE_TYPES = {"Axon": 2, "Dendrite": 3, "Apical": 4}


class _List(list):
    line: int = 0


def read_asc(path: str | Path) -> Morphology:
    """Read a Neurolucida ASC file into a Morphology with Import3d's sections and names."""
    path = Path(path)
    try:
        text = path.read_text(errors="replace")
    except OSError as err:
        raise MorphologyError(f"cannot read ASC file: {err.strerror}", path=path) from None
    return parse_asc(text, source=str(path))


def _tokens(text: str, source: str):
    line = 1
    spine = 0
    for m in _TOK.finditer(text):
        kind = m.lastgroup
        if kind == "nl":
            line += 1
        elif kind in ("ws", "comment"):
            continue
        elif kind == "lt":
            spine += 1
        elif kind == "gt":
            spine = max(0, spine - 1)
        elif not spine:
            yield kind, m.group(), line


def _parse(text: str, source: str) -> list:
    stack: list[_List] = [_List()]
    for kind, tok, line in _tokens(text, source):
        if kind == "open":
            new = _List()
            new.line = line
            stack[-1].append(new)
            stack.append(new)
        elif kind == "close":
            if len(stack) == 1:
                raise MorphologyError("unbalanced ')'", path=source, line=line)
            stack.pop()
        elif kind == "bar":
            stack[-1].append("|")
        elif kind == "str":
            stack[-1].append(("str", tok[1:-1]))
        else:
            try:
                stack[-1].append(float(tok))
            except ValueError:
                stack[-1].append(tok)
    if len(stack) != 1:
        raise MorphologyError(
            f"missing ')' for the list opened at line {stack[-1].line}", path=source
        )
    return stack[0]


def _is_point(item) -> bool:
    return (
        isinstance(item, _List) and len(item) >= 3 and all(isinstance(v, float) for v in item[:3])
    )


def _is_property(item) -> bool:
    return isinstance(item, _List) and bool(item) and isinstance(item[0], str) and item[0] != "|"


def _point(item) -> list[float]:
    d = item[3] if len(item) > 3 and isinstance(item[3], float) else 0.0
    return [item[0], item[1], item[2], d]


def parse_asc(text: str, source: str = "<asc>") -> Morphology:
    top = _parse(text, source)
    contours: list[RawSection] = []
    trees: list[tuple[int, _List]] = []
    for item in top:
        if not isinstance(item, _List):
            continue
        heads = {sub[0] for sub in item if _is_property(sub)}
        if "CellBody" in heads:
            pts = [_point(p) for p in item if _is_point(p)]
            if len(pts) < 3:
                raise MorphologyError(
                    "a soma contour needs at least 3 points", path=source, line=item.line
                )
            contours.append(RawSection(np.array(pts), 1, iscontour=True, line=item.line))
        else:
            kinds = [h for h in heads if h in _TREE_TYPES]
            if kinds:
                trees.append((_TREE_TYPES[kinds[0]], item))
    if len(contours) != 1:
        raise MorphologyError(
            f"found {len(contours)} soma contours; this reader supports exactly one "
            f"(CellBody) contour (contour stacks are not supported yet)",
            path=source,
        )
    secs: list[RawSection] = [contours[0]]
    soma = contours[0].points
    xmin, xmax = soma[:, 0].min() - 0.5, soma[:, 0].max() + 0.5
    ymin, ymax = soma[:, 1].min() - 0.5, soma[:, 1].max() + 0.5
    for typ, item in trees:
        first = next((p for p in item if _is_point(p)), None)
        if first is None:
            continue
        if not (xmin <= first[0] <= xmax and ymin <= first[1] <= ymax):
            raise MorphologyError(
                "this tree starts outside the soma's bounding box; NEURON would connect it "
                "to the nearest section (opt_connect), which this reader does not do",
                path=source,
                line=item.line,
            )
        _branch(item, typ, parent=0, secs=secs, source=source, root=True)
    return instantiate(secs, source, contour2centroid=contour2centroid)


def _branch(items: _List, typ: int, parent: int, secs, source, root=False) -> None:
    pts: list[list[float]] = []
    splits: list[_List] = []
    for it in items:
        if _is_point(it):
            if splits:
                raise MorphologyError("points after a split", path=source, line=it.line)
            pts.append(_point(it))
        elif isinstance(it, _List) and not _is_property(it):
            splits.append(it)
    line = getattr(items, "line", None)
    if pts:
        raw = np.array(pts)
        if not root:
            plast = secs[parent].points[-1]
            if not np.array_equal(plast[:3], raw[0, :3]):
                raw = np.vstack([[plast[0], plast[1], plast[2], raw[0, 3]], raw])
        sec = RawSection(raw, typ, parent=parent, parentx=0.5 if root else 1.0, line=line)
        secs.append(sec)
        me = len(secs) - 1
    else:
        me = parent
    for sp in splits:
        alts: list[_List] = [_List()]
        alts[0].line = sp.line
        for it in sp:
            if it == "|":
                alts.append(_List())
                alts[-1].line = sp.line
            else:
                alts[-1].append(it)
        for alt in alts:
            _branch(alt, typ, me, secs, source, root=root and not pts)


def _contourcenter(x, y, z):
    """NEURON's Import3d_Section.contourcenter: 101 points uniform in xy perimeter, and mean."""
    n = len(x)
    dx = np.diff(np.append(x, x[0]))
    dy = np.diff(np.append(y, y[0]))
    perim = np.zeros(n)
    for i in range(1, n):
        perim[i] = perim[i - 1] + np.sqrt(dx[i - 1] * dx[i - 1] + dy[i - 1] * dy[i - 1] + 0.0)
    step = perim[n - 1] / 100
    d = np.array([float(i) * step + 0.0 for i in range(101)])
    xs, ys, zs = (_interpolate(d, perim, v) for v in (x, y, z))
    mean = np.array([_mean(v) for v in (xs, ys, zs)])
    return mean, xs, ys, zs


def _sum(v):
    s = 0.0
    for e in v:
        s += e
    return s


def _mean(v):
    return _sum(v) / len(v)


def _interpolate(xd, xs, ys):
    """NEURON's Vector.interpolate (linear, flat outside the source range)."""
    nd, ns = len(xd), len(xs)
    yd = np.zeros(nd)
    i = 0
    while i < nd and xd[i] <= xs[0]:
        yd[i] = ys[0]
        i += 1
    s = 1
    while s < ns and i < nd:
        if xs[s] > xs[s - 1]:
            while xd[i] <= xs[s]:
                th = (xd[i] - xs[s - 1]) / (xs[s] - xs[s - 1])
                yd[i] = (1.0 - th) * ys[s - 1] + th * ys[s]
                i += 1
                if i >= nd:
                    break
        s += 1
    while i < nd:
        yd[i] = ys[ns - 1]
        i += 1
    return yd


def _dot(a, b):
    s = 0.0
    for u, v in zip(a, b):
        s += u * v
    return s


def contour2centroid(pts: np.ndarray) -> np.ndarray:
    """NEURON's Import3d_GUI.contour2centroid: a contour (n, 4) to centroid points (21, 4)."""
    mean, x, y, z = _contourcenter(pts[:, 0], pts[:, 1], pts[:, 2])
    P = np.vstack([x - mean[0], y - mean[1], z - mean[2]])
    m = np.zeros((3, 3))
    for i in range(3):
        for j in range(i, 3):
            m[i, j] = m[j, i] = _sum(P[i] * P[j])
    evals, evecs = np.linalg.eigh(m)
    imax, imin = int(np.argmax(evals)), int(np.argmin(evals))
    major = evecs[:, imax].copy()
    if major[int(np.argmax(np.abs(major)))] < 0:
        major = -major
    minor = evecs[:, 3 - imin - imax].copy()
    minor[2] = 0.0
    mag = np.sqrt(_dot(minor, minor))
    if mag / (np.sqrt(_dot(major, major)) + 1e-100) < 1e-6:
        raise MorphologyError("failed to compute the soma centroid from its contour")
    minor = minor / mag
    d = np.array([_dot(P[:, i], major) for i in range(P.shape[1])])
    rad = np.array([_dot(P[:, i], minor) for i in range(P.shape[1])])
    k = int(np.argmax(d))
    d, rad = np.roll(d, -k), np.roll(rad, -k)
    k = int(np.argmin(d))
    side2, rad2 = list(d[k:]), list(rad[k:])
    d1, r1 = list(d[:k][::-1]), list(rad[:k][::-1])
    for dv, rv in ((d1, r1), (side2, rad2)):
        j = len(dv) - 1
        while j > 0:
            if dv[j] <= dv[j - 1]:
                del dv[j]
                del rv[j]
                if j != len(dv):
                    j += 1
            j -= 1
    t = sorted(d1 + side2)
    lo, hi = t[1], t[-2]
    step = (hi - lo) / 20
    nn = int(np.floor((hi - lo) / step + 1e-9) + 1.0)
    grid = np.array([float(i) * step + lo for i in range(nn)])
    ra = _interpolate(grid, np.array(d1), np.array(r1))
    rb = _interpolate(grid, np.array(side2), np.array(rad2))
    out = np.zeros((nn, 4))
    for i in range(nn):
        out[i, :3] = major * grid[i] + mean
        out[i, 3] = abs(ra[i] - rb[i])
    out[0, 3] = (out[0, 3] + out[1, 3]) / 2
    out[-1, 3] = (out[-1, 3] + out[-2, 3]) / 2
    return out
