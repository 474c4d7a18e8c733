"""The static layout of a discretized cell, built once in numpy outside of jit.

A :class:`Layout` says which mechanism instances sit on which nodes (CVs), which ions exist
and how NEURON's ``ion_style`` rules treat them at each node, and the node geometry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .._constants import RA
from ..errors import SpecError
from ..ion import Ion, default_ion
from ..mech import Mechanism


@dataclass(frozen=True, eq=False)
class Geometry:
    """Node geometry. ``parent[i] < i``; ``-1`` marks a root. ``a``/``b`` are NEURON's
    NODEA/NODEB axial coefficients (zero for a single node), computed with the resistivity
    ``Ra_ohm_cm`` of each node's CV (its section's Ra). ``ri_half_MOhm`` (shape ``(n, 2)``)
    splits the resistance between a node and its parent into the part in the parent's CV
    and the part in the node's own (``NodeGeometry.ri_half_MOhm``); with it a run can change
    Ra per CV. Both may be None for a single node."""

    area_um2: np.ndarray
    diam_um: np.ndarray
    node_area_um2: np.ndarray
    parent: np.ndarray
    a: np.ndarray
    b: np.ndarray
    labels: tuple[str, ...]
    Ra_ohm_cm: np.ndarray | None = None
    ri_half_MOhm: np.ndarray | None = None

    def __post_init__(self):
        if self.n > 1 and (self.Ra_ohm_cm is None or self.ri_half_MOhm is None):
            raise SpecError("a Geometry of several nodes needs Ra_ohm_cm and ri_half_MOhm")
        if self.Ra_ohm_cm is not None and np.shape(self.Ra_ohm_cm) != (self.n,):
            raise SpecError(f"Geometry.Ra_ohm_cm has shape {np.shape(self.Ra_ohm_cm)}, "
                            f"not ({self.n},)")
        if self.ri_half_MOhm is not None and np.shape(self.ri_half_MOhm) != (self.n, 2):
            raise SpecError(f"Geometry.ri_half_MOhm has shape {np.shape(self.ri_half_MOhm)}, "
                            f"not ({self.n}, 2)")

    @property
    def n(self) -> int:
        return len(self.area_um2)

    @staticmethod
    def single(length_um: float, diam_um: float, label: str = "soma",
               Ra_ohm_cm: float = RA) -> Geometry:
        """One cylinder of ``length_um`` x ``diam_um`` (lateral area, as NEURON)."""
        if length_um <= 0 or diam_um <= 0:
            raise SpecError(f"length and diam must be > 0 (got {length_um}, {diam_um})")
        area = np.array([np.pi * diam_um * length_um])
        zero = np.zeros(1)
        return Geometry(area, np.array([float(diam_um)]), area.copy(), np.array([-1]),
                        zero, zero.copy(), (label,), np.array([float(Ra_ohm_cm)]),
                        np.zeros((1, 2)))


@dataclass(frozen=True, eq=False)
class Group:
    """One mechanism on a set of nodes, with per-instance parameter values.

    ``label`` names it in records (``hh`` for a density mechanism, the user's label for a
    point process).
    """

    label: str
    mech: Mechanism
    nodes: np.ndarray
    params: Mapping[str, np.ndarray]
    connections: tuple = ()

    @property
    def size(self) -> int:
        return len(self.nodes)


@dataclass(frozen=True, eq=False)
class IonLayout:
    """An ion species and NEURON's ion_style decisions per node.

    ``nernst_init``: e from Nernst at initialisation (a concentration is read or written);
    ``nernst_step``: e from Nernst every step (a concentration is written);
    ``conc_reset``: concentrations reset to ci0/co0 at initialisation (written).
    """

    ion: Ion
    nernst_init: np.ndarray
    nernst_step: np.ndarray
    conc_reset: np.ndarray


@dataclass(frozen=True, eq=False)
class Layout:
    geometry: Geometry
    groups: tuple[Group, ...]
    ions: Mapping[str, IonLayout] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return self.geometry.n

    def group(self, label: str) -> int:
        for i, g in enumerate(self.groups):
            if g.label == label:
                return i
        raise KeyError(label)


def _ion_layouts(n: int, groups: Sequence[Group], ions: Mapping[str, Ion]) -> dict[str, IonLayout]:
    used: dict[str, Ion] = {}
    for g in groups:
        for use in g.mech.ions:
            ion = ions.get(use.ion) or used.get(use.ion) or default_ion(use.ion, use.valence)
            if use.valence is not None and use.valence != ion.valence:
                raise SpecError(
                    f"mechanism {g.mech.name!r} says ion {use.ion!r} has valence {use.valence}, "
                    f"but it is declared with valence {ion.valence}"
                )
            used[use.ion] = ion
    out = {}
    for name, ion in used.items():
        reads_conc = np.zeros(n, bool)
        writes_conc = np.zeros(n, bool)
        writes_rev = np.zeros(n, bool)
        for g in groups:
            for use in g.mech.ions:
                if use.ion == name:
                    reads_conc[g.nodes] |= use.reads_conc
                    writes_conc[g.nodes] |= bool(use.writes_conc)
                    writes_rev[g.nodes] |= use.writes_rev
        out[name] = IonLayout(
            ion,
            nernst_init=(reads_conc | writes_conc) & ~writes_rev,
            nernst_step=writes_conc & ~writes_rev,
            conc_reset=writes_conc,
        )
    return out


def _check_concentration_writers(groups: Sequence[Group]) -> None:
    for g1_index, g1 in enumerate(groups):
        for g2 in groups[g1_index + 1:]:
            shared = set(n for u in g1.mech.ions for n in u.writes_conc) & set(
                n for u in g2.mech.ions for n in u.writes_conc)
            if shared and np.intersect1d(g1.nodes, g2.nodes).size:
                raise SpecError(
                    f"mechanisms {g1.label!r} and {g2.label!r} both write "
                    f"{', '.join(sorted(shared))} on the same CVs; only one may"
                )


def build_layout(geometry: Geometry, groups: Sequence[Group],
                 ions: Mapping[str, Ion] | None = None) -> Layout:
    """Order the groups as NEURON does (concentration writers first) and derive ion styles."""
    writers = [g for g in groups if any(u.writes_conc for u in g.mech.ions)]
    others = [g for g in groups if g not in writers]
    ordered = tuple(writers + others)
    _check_concentration_writers(ordered)
    return Layout(geometry, ordered, _ion_layouts(geometry.n, ordered, dict(ions or {})))
