"""SWC files, read as NEURON's ``Import3d_SWC_read`` reads them, and written back.

Soma conventions follow Import3d exactly:

* a multi-point soma (contiguous type-1 points) is one section through those points;
* the NeuroMorpho 3-point soma (middle point root, two children at +-r with the same
  diameter, length = diameter within 1%) becomes a sphere, i.e. a 3-point cylinder of
  length and diameter d along x;
* a single-point soma becomes that same 3-point cylinder; dendrites attach at soma(0.5)
  through a "wire" (their copy of the soma point is dropped);
* a dendrite attached to the soma gets a copy of the soma point with its *own* diameter
  (not the soma's) as first 3D point, other children get a copy of the parent point.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from braincell.morph._errors import MorphologyError
from braincell.morph._import3d import RawSection, instantiate
from braincell.morph._morphology import Morphology


def read_swc(path: str | Path) -> Morphology:
    """Read an SWC file into a Morphology with Import3d's sections, names and points."""
    path = Path(path)
    try:
        text = path.read_text()
    except OSError as err:
        raise MorphologyError(f"cannot read SWC file: {err.strerror}", path=path) from None
    return parse_swc(text, source=str(path))


def parse_swc(text: str, source: str = "<swc>") -> Morphology:
    rows, lines = [], []
    for lineno, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        parts = s.split()
        try:
            vals = [float(v) for v in parts[:7]]
        except ValueError:
            vals = []
        if len(parts) < 7 or len(vals) < 7:
            raise MorphologyError(
                f"could not parse {line.strip()!r}; an SWC line is 'id type x y z radius "
                f"parent_id'",
                path=source,
                line=lineno,
            )
        if vals[1] != int(vals[1]):
            raise MorphologyError(
                f"unknown type {parts[1]!r}: SWC types are integers (1 soma, 2 axon, 3 dend, "
                f"4 apic, others custom)",
                path=source,
                line=lineno,
            )
        if vals[5] <= 0:
            raise MorphologyError(
                f"point {parts[0]} has radius {parts[5]}; radii must be > 0",
                path=source,
                line=lineno,
            )
        rows.append(vals)
        lines.append(lineno)
    if not rows:
        raise MorphologyError("no points in SWC file", path=source)
    a = np.array(rows)
    ids, typ, pid = a[:, 0], a[:, 1].astype(int), a[:, 6]
    xyz, d = a[:, 2:5], a[:, 5] * 2
    iline = np.array(lines)
    order = np.argsort(ids, kind="stable")
    if np.any(np.diff(ids) <= 0):
        ids, typ, pid, xyz, d, iline = (v[order] for v in (ids, typ, pid, xyz, d, iline))
    dup = np.flatnonzero(np.diff(ids) == 0)
    if dup.size:
        raise MorphologyError(
            f"duplicate id {int(ids[dup[0]])} (also at line {iline[dup[0]]})",
            path=source,
            line=int(iline[dup[0] + 1]),
        )
    index = {float(v): i for i, v in enumerate(ids)}
    roots = np.flatnonzero(pid < 0)
    if roots.size != 1:
        raise MorphologyError(
            f"an SWC file must hold one tree; found {roots.size} roots (parent -1) at lines "
            f"{iline[roots][:5].tolist()}",
            path=source,
            line=int(iline[roots[1]]) if roots.size > 1 else None,
        )
    for i in range(len(ids)):
        if pid[i] >= 0 and pid[i] not in index:
            raise MorphologyError(
                f"point {int(ids[i])} has parent {int(pid[i])}, which does not exist (an orphan)",
                path=source,
                line=int(iline[i]),
            )
        if pid[i] >= ids[i]:
            raise MorphologyError(
                f"point {int(ids[i])} has parent {int(pid[i])} >= its own id; SWC parents "
                f"must come first (a cycle or a forward reference)",
                path=source,
                line=int(iline[i]),
            )
    pix = np.array([-1 if p < 0 else index[float(p)] for p in pid])
    return instantiate(_sections(typ, pix, xyz, d, iline), source)


def _sections(typ, pix, xyz, d, iline) -> list[RawSection]:
    """Port of Import3d_SWC_read's mark_branch, sectionify and mksection."""
    n = len(typ)
    pix = pix.copy()
    nchild = np.zeros(n)
    connect2prox = np.zeros(n, bool)
    for i in range(n):  # mark_branch
        p = pix[i]
        if p < 0:
            continue
        nchild[p] += 1
        if p != i - 1:
            nchild[p] += 0.01
            if p > 1:
                if typ[p] != 1 and typ[pix[p]] == 1:
                    connect2prox[i] = True
                    nchild[p] = 1
            elif p == 0 and typ[p] != 1:
                connect2prox[i] = True
                nchild[p] = 1
        if typ[p] != typ[i]:
            nchild[p] += 0.01
    nchild_soma = np.zeros(n)
    nsoma = int(typ[0] == 1)
    for i in range(1, n):
        if typ[i] == 1:
            nsoma += 1
            if pix[i] >= 0 and typ[pix[i]] == 1:
                nchild_soma[pix[i]] += 1
    soma3geom = False
    if nsoma == 3 and n >= 3 and pix[1] == 0 and pix[2] == 0:
        if nchild[1] == 0 and nchild[2] == 0 and d[1] == d[0] and d[2] == d[0]:
            length = sum(float(np.sqrt(np.sum((xyz[i] - xyz[0]) ** 2))) for i in (1, 2))
            if abs(length / d[0] - 1) < 0.01:
                soma3geom = True
                pix[2] = 1
    for i in range(n - 1):
        if typ[i] == 1 and typ[i + 1] == 1 and pix[i + 1] == i:
            if not (i != 0 and nchild_soma[i] > 1):
                nchild[i] = 1
    sec_end = np.flatnonzero(nchild != 1)
    point2sec = np.zeros(n, np.int64)
    si = 0
    for i in range(1, n):
        if i > sec_end[si]:
            si += 1
        point2sec[i] = si

    secs: list[RawSection] = []

    def pt2sec(p):
        return int(point2sec[p])

    def mksection(isec, first, i):
        if isec == 0:
            if soma3geom:
                i = 1
            pts = np.column_stack([xyz[first:i], d[first:i]])
            sec = RawSection(pts, int(typ[first]), id=first, line=int(iline[first]))
        else:
            pp = pix[first]
            ps = pt2sec(pp)
            psec = secs[ps]
            pts = np.vstack(
                [np.append(xyz[pp], d[pp]), np.column_stack([xyz[first:i], d[first:i]])]
            )
            sec = RawSection(pts, int(typ[first]), parent=ps, id=first, line=int(iline[first]))
            den_con_soma = psec.type == 1 and typ[first] != 1
            con_soma = psec.type == 1
            handled = False
            if ps == 0:
                handled = True
                if den_con_soma and len(psec.points) == 1:
                    sec.parentx = 0.5
                    if i - first > 1:
                        sec.first = 1
                elif pp == psec.id:
                    sec.parentx = 0.0
                    if typ[first] != 1 and nchild_soma[pp] > 1:
                        sec.first = 1
                else:
                    handled = False
            if not handled and con_soma:
                offset = -1 if psec.id == 0 else -2
                if pp < psec.id + len(psec.points) + offset:
                    sec.parentx = 0.5
                    if den_con_soma and i - first > 1:
                        sec.first = 1
                elif i - first > 1 and nchild_soma[pp] > 1 and typ[first] != 1:
                    sec.first = 1
            if psec.type == 1 and sec.type != 1:
                sec.points[0, 3] = sec.points[1, 3]
            if connect2prox[first]:
                sec.parentx = 0.0
        secs.append(sec)

    isec, first = 0, 0
    for i in range(n):
        if point2sec[i] > isec:
            mksection(isec, first, i)
            isec += 1
            first = i
    mksection(isec, first, n)
    return secs


def write_swc(morph: Morphology, path: str | Path | None = None) -> str:
    """SWC text for a morphology with 3D points (returned, and written to ``path`` if given).

    Each section's points follow its parent's; a child's first point, when it repeats the
    attachment point, is not written again. Sections without 3D points cannot be written.
    """
    lines = [f"# written by braincell from {morph.source or 'a Morphology'}"]
    last_id: dict[int, int] = {}
    nid = 0
    for i, sec in enumerate(morph.sections):
        if sec.points is None:
            raise MorphologyError(
                f"section {sec.name} has no 3D points, so it cannot be written to SWC; "
                f"build it with points=..."
            )
        p = int(morph.parent[i])
        parent_id = -1
        pts = sec.points
        if p >= 0:
            parent_id = _attach_id(morph, p, sec.parent_x, last_id)
            ppt = morph.sections[p].xyz_at(sec.parent_x)
            if np.allclose(pts[0, :3], ppt) and len(pts) > 1:
                pts = pts[1:]
        for x, y, z, dd in pts:
            nid += 1
            lines.append(f"{nid} {sec.tag} {x:.8g} {y:.8g} {z:.8g} {dd / 2:.8g} {parent_id}")
            parent_id = nid
        last_id[i] = nid
        morph_first = nid - len(pts) + 1
        last_id[-(i + 1)] = morph_first
    text = "\n".join(lines) + "\n"
    if path is not None:
        Path(path).write_text(text)
    return text


def _attach_id(morph: Morphology, p: int, x: float, last_id: dict[int, int]) -> int:
    if x >= 1.0 or morph.parent[p] < 0 and x > 0:
        return last_id[p]
    if x <= 0.0:
        return last_id[-(p + 1)]
    return last_id[p]
