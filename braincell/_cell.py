"""Cell: a morphology decorated with mechanisms by paint and place, discretized like NEURON."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ._compute import Geometry, Group, Layout, build_layout
from ._compute._probe import ProbeTarget
from ._compute._tree import PointTree, solve
from ._connection import Connection
from ._cv import CVPolicy, FixedPerSection, NodeGeometry, discretize
from ._neuron import HHTypedNeuron, check_mechanism
from .errors import SpecError
from .filter import Branch, LabelDict, Locset, Region, all_, parse_locset, parse_region, tag
from .filter import Location as LocationLs
from .filter._location import parse_location
from .mech import Mechanism
from .mech._mechanism import did_you_mean
from .morph import TAG_NAMES, Morphology

Value = float | Callable[[float], float]
_INDEXED = re.compile(r"^(?P<label>\w+)\[(?P<k>\d+)\]$")


@dataclass(frozen=True)
class Cable:
    """Cable properties painted on a region: ``cm`` (µF/cm²) per segment, ``Ra`` (Ω·cm) per
    section (NEURON's Ra belongs to a whole section)."""

    cm: float | None = None
    Ra: float | None = None


@dataclass(frozen=True)
class _Paint:
    region: Region
    mech: Mechanism
    values: Mapping[str, Value]


class Cell(HHTypedNeuron):
    """A multi-compartment cell.

    ::

        cell = braincell.Cell(morph, policy=braincell.cv.FixedPerSection(9))
        cell.paint("soma", braincell.mech.hh)
        cell.paint("dend", braincell.mech.pas(e=-65))
        cell.place("soma(0.5)", braincell.mech.IClamp(del_=5, dur=80, amp=0.2), label="stim")
        result = cell.run(50, record=["v@soma(0.5)", "v@dend(1)"])

    Regions are :mod:`braincell.filter` objects or strings: a section name (``"soma"``,
    ``"dend[3]"``), a tag (``"dend"``, ``"apic"`` when no section has that name), ``"all"``,
    a label, or an s-expression (``"(distance-le 100 (root))"``). Locations are locsets or
    ``"name(x)"`` strings.
    """

    def __init__(self, morphology: Morphology, *, policy: CVPolicy | int | None = None,
                 labels: LabelDict | Mapping | None = None, **kw):
        super().__init__(**kw)
        if not isinstance(morphology, Morphology):
            raise SpecError(f"Cell needs a braincell.morph.Morphology, got "
                            f"{type(morphology).__name__}")
        self.morphology = morphology
        self.policy = FixedPerSection(policy) if isinstance(policy, int) else (
            policy or FixedPerSection(1))
        self.labels = labels if isinstance(labels, LabelDict) else LabelDict(labels or {})
        self._paints: list[_Paint] = []
        self._cable: list[tuple[Region, Cable]] = []
        self._points: dict[str, tuple[Locset | None, Mechanism, tuple]] = {}
        self._geometry: NodeGeometry | None = None

    # -- selection -------------------------------------------------------------------------
    def region(self, region: Region | str) -> Region:
        """Turn a region or its string form into a :class:`~braincell.filter.Region`."""
        if isinstance(region, Region):
            return region
        if not isinstance(region, str) or not region:
            raise SpecError(f"a region must be a Region or a string, got {region!r}")
        names = self.morphology.names
        if region == "all":
            return all_
        if region in names or f"{region}[0]" in names and region not in TAG_NAMES.values():
            return Branch(region)
        if region in TAG_NAMES.values():
            return tag(region)
        if region in self.labels:
            return self.labels.region(region)
        if region.startswith("("):
            return parse_region(region)
        choices = ["all", *sorted(set(TAG_NAMES.values())), *names[:10]]
        raise SpecError(f"unknown region {region!r}{did_you_mean(region, names)}; valid: "
                        f"{', '.join(choices)}{', ...' if len(names) > 10 else ''}")

    def locset(self, where: Locset | str) -> Locset:
        if isinstance(where, Locset):
            return where
        if isinstance(where, str) and where.startswith("("):
            return parse_locset(where)
        if isinstance(where, str) and where in self.labels:
            return self.labels[where]
        loc = parse_location(where)
        self._section(loc.section, where)
        return LocationLs(loc.section, loc.x)

    def _section(self, name: str, text: str) -> int:
        try:
            return self.morphology.index(name)
        except Exception:
            names = self.morphology.names
            raise SpecError(f"bad location {text!r}: no section {name!r}"
                            f"{did_you_mean(name, names)}; sections: "
                            f"{', '.join(names[:10])}{', ...' if len(names) > 10 else ''}") from None

    # -- declaration -----------------------------------------------------------------------
    def paint(self, region: Region | str, what: Mechanism | Cable, **values: Value) -> Cell:
        """Paint a density mechanism (or :class:`Cable` properties) on a region.

        ``values`` override parameters; each may be a number or a function of the distance
        (µm) from the root to the segment centre: ``cell.paint("apic", hh, gkbar=lambda d:
        0.036 * np.exp(-d / 200))``. Where regions overlap, a later paint of the same
        mechanism replaces *all* its parameters there (given values, else the mechanism's
        own defaults), as in Arbor.
        """
        reg = self.region(region)
        if isinstance(what, Cable):
            if values:
                raise SpecError("Cable properties take no extra values")
            self._cable.append((reg, what))
        else:
            mech = check_mechanism(what, "density")
            known = mech.defaults
            for k in values:
                if k not in known:
                    raise SpecError(f"mechanism {mech.name!r} has no parameter {k!r}"
                                    f"{did_you_mean(k, known)}; valid: {', '.join(known)}")
            self._paints.append(_Paint(reg, mech, dict(values)))
        self._geometry = None
        return self

    def place(self, where: Locset | str | None, mechanism: Mechanism, label: str | None = None,
              connections: Sequence[Connection] = ()) -> Cell:
        """Place a point process at every location of a locset, under ``label``; an
        artificial cell (NetStim) takes ``where=None``. ``connections`` drive NET_RECEIVE
        (one NetCon per connection and location)."""
        mech = check_mechanism(mechanism, "point")
        if (where is None) != (mech.kind == "artificial"):
            raise SpecError(f"{mech.name}: an artificial cell takes no location, a point "
                            f"process needs one")
        label = label or f"{mech.name}{len(self._points)}"
        if not label.isidentifier():
            raise SpecError(f"label {label!r} must be an identifier")
        if label in self._points or any(p.mech.name == label for p in self._paints):
            raise SpecError(f"label {label!r} is used twice")
        self._points[label] = (None if where is None else self.locset(where), mech,
                               tuple(connections))
        return self

    # -- discretization --------------------------------------------------------------------
    def _section_values(self, attr: str, default: float) -> np.ndarray:
        out = np.full(len(self.morphology), default)
        for reg, cable in self._cable:
            value = getattr(cable, attr)
            if value is None:
                continue
            for b, x0, x1 in reg.thingify(self.morphology, self.labels).segments:
                if attr == "Ra" and (x0 > 0 or x1 < 1):
                    raise SpecError(f"Ra is a property of whole sections; region {reg} covers "
                                    f"part of {self.morphology.names[b]}")
                out[b] = value
        return out

    def geometry(self) -> NodeGeometry:
        """NEURON's node geometry for this cell (cached until the declaration changes)."""
        if self._geometry is None:
            ra = self._section_values("Ra", self.Ra)
            cm = self._section_values("cm", self.cm)
            self._geometry = discretize(self.morphology, self.policy, Ra=ra, cm=cm)
        return self._geometry

    def nodes(self, region: Region | str) -> np.ndarray:
        """The CVs (segment nodes) a region paints, as indices into the per-node arrays of a
        Simulation's parameters (``params.cm``, ``params.Ra``, ``params.v_init``)::

            cm = sim.params.cm.at[cell.nodes("dend")].set(2.0)
        """
        nodes, _ = self.geometry().region_nodes(self.morphology, self.region(region))
        return nodes

    def instances(self, label: str, region: Region | str = "all") -> np.ndarray:
        """Where a mechanism's values for ``region`` sit in a Simulation's parameters: the
        indices into ``params.get(label, name)`` of the instances of ``label`` (a density
        mechanism's name or a point process's label) on the region's CVs::

            g = sim.params.get("hh", "gnabar")
            params = sim.params.set("hh", gnabar=g.at[cell.instances("hh", "dend")].set(0.05))
        """
        layout = self.layout()
        labels = [g.label for g in layout.groups]
        if label not in labels:
            raise SpecError(f"no mechanism {label!r}{did_you_mean(label, labels)}; "
                            f"have: {', '.join(labels)}")
        group = layout.groups[layout.group(label)]
        return np.flatnonzero(np.isin(group.nodes, self.nodes(region)))

    def _cm_per_node(self, geo: NodeGeometry) -> np.ndarray:
        cm = np.full(geo.n, self.cm)
        for reg, cable in self._cable:
            if cable.cm is not None:
                nodes, _ = geo.region_nodes(self.morphology, reg)
                cm[nodes] = cable.cm
        return cm

    def _distance(self, geo: NodeGeometry, nodes: np.ndarray) -> np.ndarray:
        return np.array([self.morphology.distance_um(int(geo.section_of_node[k]),
                                                     float(geo.x_of_node[k])) for k in nodes])

    def _density_groups(self, geo: NodeGeometry) -> list[Group]:
        mechs: dict[str, Mechanism] = {}
        values: dict[str, dict[str, dict[int, float]]] = {}
        for paint in self._paints:
            nodes, _ = geo.region_nodes(self.morphology, paint.region)
            if nodes.size == 0:
                raise SpecError(f"painting {paint.mech.name} on {paint.region}: the region "
                                f"selects no segment")
            name = paint.mech.name
            mechs[name] = paint.mech
            table = values.setdefault(name, {"": {}})
            table[""].update(dict.fromkeys(nodes.tolist(), 0.0))  # the nodes it covers
            dist = None
            for pname, default in paint.mech.defaults.items():
                value = paint.values.get(pname, default)
                if callable(value):
                    dist = self._distance(geo, nodes) if dist is None else dist
                    vals = [float(value(d)) for d in dist]
                else:
                    vals = [float(value)] * nodes.size
                table.setdefault(pname, {}).update(zip(nodes.tolist(), vals))
        groups = []
        for name, mech in mechs.items():
            table = values[name]
            node_list = sorted(table.pop(""))
            params = {}
            for pname, default in mech.defaults.items():
                given = table.get(pname, {})
                params[pname] = np.array([given.get(n, default) for n in node_list])
            groups.append(Group(name, mech, np.array(node_list, dtype=np.int64), params))
        return groups

    def _point_groups(self, geo: NodeGeometry) -> list[Group]:
        groups = []
        for label, (locset, mech, connections) in self._points.items():
            if locset is None:  # an artificial cell: no membrane, one instance
                nodes = np.zeros(1, dtype=np.int64)
            else:
                locs = locset.select(self.morphology, self.labels)
                nodes = np.array([geo.node_of(int(b), float(x)) for b, x in locs],
                                 dtype=np.int64)
            params = {k: np.full(nodes.size, v) for k, v in mech.defaults.items()}
            groups.append(Group(label, mech, nodes, params, connections))
        return groups

    def layout(self) -> Layout:
        geo = self.geometry()
        geometry = Geometry(area_um2=geo.area_um2, diam_um=geo.diam_um,
                            node_area_um2=geo.node_area_um2, parent=geo.parent, a=geo.a, b=geo.b,
                            labels=tuple(f"{geo.section_names[s]}({x:g})" for s, x in
                                         zip(geo.section_of_node, geo.x_of_node)),
                            Ra_ohm_cm=geo.Ra_ohm_cm[geo.section_of_node],
                            ri_half_MOhm=geo.ri_half_MOhm)
        return build_layout(geometry, self._density_groups(geo) + self._point_groups(geo),
                            self._ions)

    def tree_solver(self, layout: Layout):
        tree = PointTree.from_parent(layout.geometry.parent)
        return lambda d, rhs, a, b: solve(tree, d, rhs, a, b)

    def membrane_capacitance(self, layout: Layout) -> np.ndarray:
        return self._cm_per_node(self.geometry())

    # -- records ---------------------------------------------------------------------------
    def probe(self, name: str, layout: Layout) -> ProbeTarget:
        var, _, where = name.partition("@")
        if not where:
            label, _, rest = var.partition(".")
            m = _INDEXED.match(label)
            if m and rest:
                target = self.resolve_variable(layout, f"{m['label']}.{rest}", None)
                group = layout.groups[target.group]
                k = int(m["k"])
                if k >= group.size:
                    raise SpecError(f"cannot record {name!r}: {m['label']} has {group.size} "
                                    f"instances")
                return ProbeTarget("var", k, group=target.group, name=target.name)
            if rest and label in self._points:
                return self.resolve_variable(layout, var, None)
            raise SpecError(f"cannot record {name!r}: say where, e.g. '{var}@soma(0.5)'")
        loc = parse_location(where)
        b = self._section(loc.section, where)
        geo = self.geometry()
        # v lives on every node (x = 0 and 1 are the end nodes); mechanism and ion variables
        # belong to segments, so x = 0 and 1 read the first and last segment (as NEURON).
        node = geo.node_of(b, loc.x) if var == "v" else geo.segment_node_of(b, loc.x)
        return self.resolve_variable(layout, var, node)
