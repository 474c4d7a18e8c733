"""Helpers that build a braincell Morphology in the real NEURON and read back its geometry."""

from __future__ import annotations

import numpy as np


def build_in_neuron(h, morph, nseg, Ra):
    """Create NEURON sections for ``morph`` (kept alive by the returned dict)."""
    secs = {}
    for s in morph.sections:
        sec = h.Section(name=s.name.replace("[", "_").replace("]", "_"))
        if s.points is None:
            sec.L = s.length_um
            sec.diam = s.diam_um
        else:
            for x, y, z, d in s.points:
                h.pt3dadd(float(x), float(y), float(z), float(d), sec=sec)
        secs[s.name] = sec
    for s in morph.sections:
        if s.parent is not None:
            secs[s.name].connect(secs[s.parent](s.parent_x), 0)
    for i, s in enumerate(morph.sections):
        secs[s.name].nseg = int(nseg[i])
        secs[s.name].Ra = float(Ra)
    return secs


def neuron_values(h, secs, sec, x):
    seg = secs[sec](x)
    return dict(
        area=seg.area(),
        ri=seg.ri(),
        a=h.fmatrix(seg, 1),
        b=h.fmatrix(seg, 3),
        diam=seg.diam,
    )


def compare(h, morph, geom, secs):
    """Max relative errors (area, ri, a, b) over every node, matched by (section, x)."""
    h.finitialize(-65)
    err = dict(area=0.0, ri=0.0, a=0.0, b=0.0, diam=0.0)
    for k in range(1, geom.n):
        name = geom.section_names[geom.section_of_node[k]]
        x = float(geom.x_of_node[k])
        ref = neuron_values(h, secs, name, x)
        ours = dict(
            area=geom.area_um2[k],
            ri=geom.ri_MOhm[k],
            a=geom.a[k],
            b=geom.b[k],
            diam=geom.diam_um[k],
        )
        for key in err:
            r, o = ref[key], ours[key]
            e = abs(o - r) / max(abs(r), 1e-300) if r != 0 else abs(o)
            err[key] = max(err[key], e)
    return err


def total_area(h, secs):
    return float(sum(seg.area() for s in secs.values() for seg in s))


def node_count(secs):
    return 1 + sum(s.nseg + 1 for s in secs.values())


def roots(morph):
    return np.flatnonzero(morph.parent < 0)
