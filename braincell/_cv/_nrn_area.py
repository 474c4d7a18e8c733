"""Segment area, diameter and axial resistance, computed exactly as NEURON computes them.

These are line-by-line ports of ``nrn_area_ri`` and ``diam_from_list`` in NEURON's
``src/nrnoc/treeset.cpp``, keeping the order of floating-point operations so the results agree
with NEURON to the last bit in most cases (and to ~1e-15 relative always). They run once per
section at build time, in plain Python floats.
"""

from __future__ import annotations

import math

import numpy as np

from braincell.morph import Section

PI = 3.14159265358979323846


def section_area_ri(
    sec: Section, nseg: int, ra_ohm_cm: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-node area (um2), 1/ri (uS), diameter (um) and the two halves of ri (MOhm) of one
    section's nseg+1 nodes.

    Node ``j < nseg`` is the centre of segment ``j``; node ``nseg`` is the zero-area x=1 node
    (area 0 here; NEURON stores 100 there as a unit trick). ``rinv[j]`` is the conductance
    between node ``j`` and the node before it in the section (for ``j = 0``: the half segment
    from the section's 0-end, i.e. NEURON's ``NODERINV``). That resistance is the sum of two
    half segments, ``halves[j] = (r_before, r_own)``: the upper half of segment ``j - 1``
    (0 for ``j = 0``) and the lower half of segment ``j`` (0 for the x=1 node), each
    proportional to its segment's resistivity.
    """
    if sec.points is not None and len(sec.points) > 1:
        return _diam_from_list(sec.arc_um, sec.points_f32[:, 3], nseg, ra_ohm_cm)
    return _cylinder(sec.length, sec.diam_um, nseg, ra_ohm_cm)


def _cylinder(length: float, diam: float, nseg: int, ra: float):
    area = np.zeros(nseg + 1)
    rinv = np.zeros(nseg + 1)
    halves = np.zeros((nseg + 1, 2))
    diams = np.full(nseg + 1, float(diam))
    dx = length / float(nseg)
    rright = 0.0
    for j in range(nseg):
        area[j] = PI * diam * dx
        rleft = 1e-2 * ra * (dx / 2) / (PI * diam * diam / 4.0)
        rinv[j] = 1.0 / (rleft + rright)
        halves[j] = rright, rleft
        rright = rleft
    rinv[nseg] = 1.0 / rright
    halves[nseg] = rright, 0.0
    return area, rinv, diams, halves


def _diam_from_list(arc: np.ndarray, d: np.ndarray, nseg: int, ra: float):
    """Trapezoidal integration over the 3D points (frustums), split at segment half-points."""
    arc = [float(v) for v in arc]
    dd = [abs(float(v)) for v in d]
    npt = len(arc)
    area_out = np.zeros(nseg + 1)
    rinv = np.zeros(nseg + 1)
    halves = np.zeros((nseg + 1, 2))
    diams = np.zeros(nseg + 1)
    j = 0
    x1 = arc[0]
    y1 = dd[0]
    ds = arc[npt - 1] / float(nseg)
    rparent = 0.0
    for inode in range(nseg):
        si = float(inode) * ds
        diam = 0.0
        area = 0.0
        rleft = 0.0
        ri = 0.0
        for ihalf in range(2):
            ri = 0.0
            sip = si + ds / 2.0
            while True:
                jp = j + 1
                xj = arc[j]
                xjp = arc[jp]
                if xjp > sip or jp == npt - 1:
                    if math.fabs(xjp - xj) < 1e-10:
                        frac = 1.0
                    else:
                        frac = (sip - xj) / (xjp - xj)
                    x2 = sip
                    y2 = (1.0 - frac) * dd[j] + frac * dd[jp]
                    jnext = j
                else:
                    x2 = xjp
                    y2 = dd[jp]
                    jnext = jp
                delta = x2 - x1
                diam += (y2 + y1) * delta
                if delta < 1e-15:
                    delta = 1e-15
                temp = y2 * y1 / delta
                if temp == 0:
                    temp = 1e-15
                ri += 1 / temp
                temp = 0.5 * (y2 - y1)
                temp = math.sqrt(delta * delta + temp * temp)
                area += (y2 + y1) * temp
                x1 = x2
                y1 = y2
                if j == jnext:
                    break
                j = jnext
            if ihalf == 0:
                rleft = ri * ra / PI * (4.0 * 0.01)
            else:
                ri = ri * ra / PI * (4.0 * 0.01)
            si = sip
        rinv[inode] = 1.0 / (rparent + rleft)
        halves[inode] = rparent, rleft
        diams[inode] = diam * (0.5 / ds)
        area_out[inode] = area * 0.5 * PI
        rparent = ri
    rinv[nseg] = 1.0 / rparent
    halves[nseg] = rparent, 0.0
    diams[nseg] = diams[nseg - 1]
    return area_out, rinv, diams, halves
