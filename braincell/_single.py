"""SingleCompartment: one isopotential compartment (a "ball")."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ._compute import Geometry, Group, Layout, build_layout
from ._compute._probe import ProbeTarget
from ._connection import Connection
from ._neuron import HHTypedNeuron, check_mechanism
from .errors import SpecError
from .mech import Mechanism

_LOCATION = re.compile(r"^(?P<name>[A-Za-z_][\w]*)(?:\[(?P<index>\d+)\])?\((?P<x>[^)]*)\)$")


class SingleCompartment(HHTypedNeuron):
    """One compartment: a cylinder of ``length`` x ``diam`` µm (area ``pi * diam * length``,
    as NEURON's one-segment section).

    Add mechanisms with :meth:`paint` (density) and :meth:`place` (point processes), either
    on an instance or in a subclass's ``__init__``::

        cell = braincell.SingleCompartment(length=20, diam=20)
        cell.paint(braincell.mech.hh)
        cell.place(braincell.mech.IClamp(del_=5, dur=80, amp=0.2), label="stim")
        result = cell.run(tstop=100, record=["v", "hh.m", "stim.i"])
    """

    def __init__(self, length: float = 20.0, diam: float = 20.0, *, name: str = "soma", **kw):
        super().__init__(**kw)
        self.name = name
        self.geometry = Geometry.single(float(length), float(diam), name, self.Ra)
        self._density: dict[str, Mechanism] = {}
        self._points: dict[str, Mechanism] = {}
        self._connections: dict[str, tuple[Connection, ...]] = {}

    def paint(self, mechanism: Mechanism, region: str | None = None) -> SingleCompartment:
        """Insert a density mechanism (painting one already there updates its parameters)."""
        if region not in (None, "all", self.name):
            raise SpecError(f"unknown region {region!r}; valid: 'all', {self.name!r}")
        mech = check_mechanism(mechanism, "density")
        self._density[mech.name] = mech
        return self

    insert = paint

    def place(self, mechanism: Mechanism, label: str | None = None,
              location: str | None = None,
              connections: Sequence[Connection] = ()) -> SingleCompartment:
        """Place a point process (IClamp, a synapse...) or an artificial cell (NetStim, no
        location) under ``label`` (used in records). ``connections`` drive its NET_RECEIVE."""
        mech = check_mechanism(mechanism, "point")
        if location is not None:
            if mech.kind == "artificial":
                raise SpecError(f"{mech.name} is an artificial cell: it takes no location")
            self.parse_location(location)
        label = label or f"{mech.name}{len(self._points)}"
        if not label.isidentifier():
            raise SpecError(f"label {label!r} must be an identifier")
        if label in self._points or label in self._density:
            raise SpecError(f"label {label!r} is used twice")
        self._points[label] = mech
        self._connections[label] = tuple(connections)
        return self

    def parse_location(self, text: str) -> float:
        m = _LOCATION.match(text.strip())
        if not m or m["index"] is not None:
            raise SpecError(f"bad location {text!r}: write it as {self.name}(x) with 0 <= x <= 1")
        if m["name"] != self.name:
            raise SpecError(f"bad location {text!r}: no section {m['name']!r}; "
                            f"the only section is {self.name!r}")
        try:
            x = float(m["x"])
        except ValueError:
            raise SpecError(f"bad location {text!r}: {m['x']!r} is not a number") from None
        if not 0.0 <= x <= 1.0:
            raise SpecError(f"bad location {text!r}: x must be within [0, 1]")
        return x

    def layout(self) -> Layout:
        one = np.zeros(1, dtype=int)
        groups = [Group(m.name, m, one, {k: np.array([v]) for k, v in m.defaults.items()})
                  for m in self._density.values()]
        groups += [Group(label, m, one.copy(), {k: np.array([v]) for k, v in m.defaults.items()},
                         self._connections[label])
                   for label, m in self._points.items()]
        return build_layout(self.geometry, groups, self._ions)

    def probe(self, name: str, layout: Layout) -> ProbeTarget:
        var, _, where = name.partition("@")
        if where:
            self.parse_location(where)
        return self.resolve_variable(layout, var, 0)
