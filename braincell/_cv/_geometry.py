"""``discretize``: a morphology and a CV policy to NEURON's node layout and matrix coefficients.

NEURON's layout (``src/nrnoc/cabcode.cpp``, ``treeset.cpp``), which we reproduce:

* every section with ``nseg`` segments owns ``nseg + 1`` nodes: the centres of its segments
  (x = (j + 0.5)/nseg) and a zero-area node at x = 1;
* the root section also has a zero-area *root node* at x = 0;
* a child's 0-end is not a node of its own: its first segment connects to the node its
  parent location maps to (``parent_x`` 1 -> the parent's x=1 node, 0 -> the parent's 0-end
  node, otherwise the centre of the parent segment containing ``parent_x``).

So there are ``1 + sum(nseg + 1)`` nodes. Ours are numbered root node first, then section by
section (branch order, which is parents first) and within a section from x=0 to x=1, so
``parent[i] < i``. NEURON orders sections breadth-first instead; only rounding depends on it.

Units are NEURON's: um, um2, MOhm, and ``a``, ``b`` such that ``b[i] * (v[parent]-v[i])`` is
the axial current density into node ``i`` in mA/cm2 (for a zero-area node, in 100 * nA:
NEURON's ``NODEAREA`` is 100 there, the "dimensionless" unit trick).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from braincell._cv._errors import DiscretizationError
from braincell._cv._nrn_area import section_area_ri
from braincell._cv._policy import CVPolicy, FixedPerSection, per_section
from braincell.morph import Morphology

ZERO_AREA_NODEAREA = 100.0


@dataclass(frozen=True, eq=False)
class NodeGeometry:
    """NEURON's nodes for one cell: topology, areas, and the tree-matrix coefficients.

    Per node (``n`` of them):

    ``parent``          parent node index, -1 for the root node; ``parent[i] < i``.
    ``section_of_node`` branch index of the section the node belongs to (the root node
                        belongs to the root section).
    ``x_of_node``       normalized position: 0 (root node), (j+0.5)/nseg (segment centres),
                        1 (a section's end node).
    ``area_um2``        membrane area of the segment (frustums over the 3D points, with taper,
                        as NEURON's ``seg.area()``); 0 for zero-area nodes.
    ``node_area_um2``   NEURON's ``NODEAREA``: ``area_um2``, or 100 for zero-area nodes. Scale
                        a point current ``i_nA`` to the node's density as
                        ``i_nA * 100 / node_area_um2`` (mA/cm2, or nA*100 at zero-area nodes).
    ``ri_MOhm``         ``seg.ri()``: resistance between the node and its parent node (the two
                        half segments); inf for the root node (NEURON reports 1e30).
    ``a``, ``b``        NEURON's ``NODEA``/``NODEB`` (``connection_coef``):
                        ``a[i] = -100 / (ri_MOhm[i] * node_area_um2[parent[i]])`` (the child's
                        effect on the parent row), ``b[i] = -100 / (ri_MOhm[i] *
                        node_area_um2[i])`` (the parent's effect on row i); 0 at the root.
                        NEURON's matrix: ``d[i] -= b[i]; d[parent] -= a[i]``, off-diagonals
                        ``A[i, parent] = b[i]``, ``A[parent, i] = a[i]``.
    ``diam_um``         ``seg.diam`` (the length-averaged 3D diameter over the segment); zero-
                        area nodes repeat the diameter of the adjacent segment.
    ``ri_half_MOhm``    shape ``(n, 2)``: the two half segments ``ri_MOhm`` adds up (before
                        rounding), ``[:, 0]`` the upper half of the parent node's segment (0
                        when the parent is in another section or has no membrane) and
                        ``[:, 1]`` the lower half of the node's own segment (0 at an x=1
                        node); each is proportional to the resistivity of its segment, which
                        is what lets ``Ra`` vary per CV (``System.axial_terms``). 0 at the
                        root.

    Per section (branch order): ``nseg``, ``Ra_ohm_cm``, ``first_node`` (node of segment 0;
    segment j is ``first_node + j``, the x=1 node is ``first_node + nseg``), and
    ``start_node`` (the node of the section's 0-end, i.e. the node its parent location maps
    to). ``section_names`` gives the names.
    """

    n: int
    parent: np.ndarray
    section_of_node: np.ndarray
    x_of_node: np.ndarray
    area_um2: np.ndarray
    node_area_um2: np.ndarray
    ri_MOhm: np.ndarray
    a: np.ndarray
    b: np.ndarray
    diam_um: np.ndarray
    ri_half_MOhm: np.ndarray
    nseg: np.ndarray
    Ra_ohm_cm: np.ndarray
    first_node: np.ndarray
    start_node: np.ndarray
    section_names: tuple[str, ...]

    def __post_init__(self):
        for name in (
            "parent", "section_of_node", "x_of_node", "area_um2", "node_area_um2", "ri_MOhm",
            "a", "b", "diam_um",
        ):  # fmt: skip
            arr = getattr(self, name)
            if arr.shape != (self.n,):
                raise DiscretizationError(f"NodeGeometry.{name} has shape {arr.shape}")
            arr.setflags(write=False)
        if self.ri_half_MOhm.shape != (self.n, 2):
            raise DiscretizationError(f"NodeGeometry.ri_half_MOhm has shape "
                                      f"{self.ri_half_MOhm.shape}")
        self.ri_half_MOhm.setflags(write=False)
        if not np.all(self.parent[1:] < np.arange(1, self.n)) or self.parent[0] != -1:
            raise DiscretizationError("NodeGeometry: nodes are not parents-first")

    @property
    def has_area(self) -> np.ndarray:
        """True at segment-centre nodes (the ones with membrane)."""
        return self.area_um2 > 0

    @property
    def total_area_um2(self) -> float:
        return float(self.area_um2.sum())

    def section_index(self, section: int | str) -> int:
        if isinstance(section, (int, np.integer)):
            if not 0 <= section < len(self.section_names):
                raise DiscretizationError(
                    f"branch {section} is out of range (0..{len(self.section_names) - 1})"
                )
            return int(section)
        try:
            return self.section_names.index(section)
        except ValueError:
            raise DiscretizationError(
                f"no section named {section!r}; sections: {list(self.section_names[:8])}"
            ) from None

    def node_of(self, section: int | str, x: float) -> int:
        """The node NEURON uses for ``section(x)``: x=0 -> the 0-end node, x=1 -> the end
        node, otherwise the centre of the segment containing x (``int(nseg*x)``)."""
        i = self.section_index(section)
        x = float(x)
        if not 0.0 <= x <= 1.0:
            raise DiscretizationError(f"x={x} is outside [0, 1] for {self.section_names[i]}")
        if x == 0.0:
            return int(self.start_node[i])
        nseg = int(self.nseg[i])
        if x == 1.0:
            return int(self.first_node[i] + nseg)
        return int(self.first_node[i] + segment_index(nseg, x))

    def segment_node_of(self, section: int | str, x: float) -> int:
        """The segment-centre node whose segment contains x (x=0 and 1 included), where NEURON
        puts a density mechanism's value for ``section(x)``."""
        i = self.section_index(section)
        return int(self.first_node[i] + segment_index(int(self.nseg[i]), float(x)))

    def region_nodes(self, morph: Morphology, region) -> tuple[np.ndarray, np.ndarray]:
        """Segment nodes a region paints, and the fraction of each segment inside it.

        NEURON paints whole segments: a segment belongs to the region when its centre lies
        in it (``for seg in sec: if inside(seg.x)``), and so here. ``fraction`` reports how
        much of that segment's length the region really covers (1 for whole segments), for
        callers that want to scale; NEURON itself ignores it.
        """
        extent = region.thingify(morph)
        nodes: dict[int, float] = {}
        for bi, x0, x1 in extent.segments:
            nseg = int(self.nseg[bi])
            for j in range(nseg):
                c = (j + 0.5) / nseg
                if x0 <= c <= x1:
                    lo, hi = j / nseg, (j + 1) / nseg
                    cover = (min(hi, x1) - max(lo, x0)) * nseg
                    k = int(self.first_node[bi] + j)
                    nodes[k] = min(1.0, nodes.get(k, 0.0) + max(cover, 0.0))
        idx = np.array(sorted(nodes), dtype=np.int64)
        frac = np.array([nodes[k] for k in idx])
        return idx, frac


def segment_index(nseg: int, x: float) -> int:
    """NEURON's ``node_index``: ``int(nseg * x)``, clipped to ``nseg - 1``."""
    i = int(float(nseg) * x)
    return nseg - 1 if i >= nseg else i


def discretize(
    morph: Morphology,
    policy: CVPolicy | None = None,
    Ra: float | object = 35.4,
    cm: float | object = 1.0,
) -> NodeGeometry:
    """NEURON's nodes for ``morph`` with ``nseg`` from ``policy`` (default one per section).

    ``Ra`` is the axial resistivity in ohm cm (NEURON's default 35.4): one number, one per
    section, or ``{section name: value}``. ``cm`` (uF/cm2) only matters to ``DLambda``.
    """
    if not isinstance(morph, Morphology):
        raise DiscretizationError(f"discretize needs a Morphology, got {type(morph).__name__}")
    policy = FixedPerSection(1) if policy is None else policy
    if isinstance(policy, (int, np.integer)):
        policy = FixedPerSection(int(policy))
    nseg = policy.nseg(morph, Ra=Ra, cm=cm)
    ra = per_section(morph, Ra, "Ra")
    if np.any(~(ra > 0)):
        raise DiscretizationError(f"Ra must be > 0 ohm cm, got {ra[~(ra > 0)][:3]}")

    n = 1 + int(np.sum(nseg + 1))
    parent = np.full(n, -1, np.int64)
    sec_of = np.zeros(n, np.int64)
    x_of = np.zeros(n)
    area = np.zeros(n)
    rinv = np.zeros(n)
    halves = np.zeros((n, 2))
    diam = np.zeros(n)
    first = np.zeros(len(morph), np.int64)
    start = np.zeros(len(morph), np.int64)

    k = 1
    for i, sec in enumerate(morph.sections):
        p = int(morph.parent[i])
        if p < 0:
            start[i] = 0
        elif sec.parent_x == 0.0:
            start[i] = start[p]
        elif sec.parent_x == 1.0:
            start[i] = first[p] + nseg[p]
        else:
            start[i] = first[p] + segment_index(int(nseg[p]), sec.parent_x)
        ns = int(nseg[i])
        first[i] = k
        a_i, rinv_i, d_i, h_i = section_area_ri(sec, ns, float(ra[i]))
        sl = slice(k, k + ns + 1)
        area[sl], rinv[sl], diam[sl], halves[sl] = a_i, rinv_i, d_i, h_i
        sec_of[sl] = i
        x_of[k : k + ns] = (np.arange(ns) + 0.5) / ns
        x_of[k + ns] = 1.0
        parent[k] = start[i]
        parent[k + 1 : k + ns + 1] = np.arange(k, k + ns)
        k += ns + 1
    diam[0] = diam[first[0]]
    root_sec = int(np.flatnonzero(morph.parent < 0)[0])
    sec_of[0] = root_sec

    node_area = np.where(area > 0, area, ZERO_AREA_NODEAREA)
    node_area[0] = ZERO_AREA_NODEAREA
    area[0] = 0.0
    a = np.zeros(n)
    b = np.zeros(n)
    nz = np.arange(1, n)
    a[nz] = -1.0e2 * rinv[nz] / node_area[parent[nz]]
    b[nz] = -1.0e2 * rinv[nz] / node_area[nz]
    with np.errstate(divide="ignore"):
        ri = np.where(rinv > 0, 1.0 / np.where(rinv > 0, rinv, 1.0), np.inf)
    ri[0] = np.inf
    nseg.setflags(write=False)
    ra.setflags(write=False)
    first.setflags(write=False)
    start.setflags(write=False)
    return NodeGeometry(
        n=n,
        parent=parent,
        section_of_node=sec_of,
        x_of_node=x_of,
        area_um2=area,
        node_area_um2=node_area,
        ri_MOhm=ri,
        a=a,
        b=b,
        diam_um=diam,
        ri_half_MOhm=halves,
        nseg=nseg,
        Ra_ohm_cm=ra,
        first_node=first,
        start_node=start,
        section_names=morph.names,
    )
