"""HHTypedNeuron: what SingleCompartment and Cell share (ions, records, running)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np

from ._compute import Layout, System
from ._compute._probe import ProbeTarget
from ._compute._run import Simulation
from ._constants import CELSIUS, CM, RA, V_INIT
from ._result import RunResult
from .errors import SpecError
from .ion import Ion, default_ion
from .mech import Mechanism
from .mech._mechanism import did_you_mean
from .quad import Solver, solver_by_name


class HHTypedNeuron(ABC):
    """A neuron whose membrane is a sum of Hodgkin-Huxley-type mechanisms.

    Subclasses say how the cell is discretized (:meth:`layout`) and where a recorded name
    points (:meth:`probe`). Everything else -- ions, solvers, running, batching,
    gradients -- is shared.
    """

    def __init__(self, *, celsius: float = CELSIUS, v_init: float = V_INIT, cm: float = CM,
                 Ra: float = RA):
        self.celsius = float(celsius)
        self.v_init = float(v_init)
        self.cm = float(cm)
        self.Ra = float(Ra)
        self._ions: dict[str, Ion] = {}

    # -- declaration -----------------------------------------------------------------------
    def set_ion(self, ion: Ion | str, valence: int | None = None, **values: float):
        """Declare an ion or override its initial values: ``set_ion("na", ena=55)``,
        ``set_ion("ca", cai=1e-4, cao=2)``, ``set_ion(Ion("cl", -1, 5, 110, -65))``."""
        if isinstance(ion, str):
            ion = self._ions.get(ion) or default_ion(ion, valence)
        self._ions[ion.name] = ion.replace(**values) if values else ion
        return self

    @property
    def ions(self) -> dict[str, Ion]:
        return dict(self._ions)

    @abstractmethod
    def layout(self) -> Layout:
        """Discretize the declaration into a :class:`~braincell._compute.Layout`."""

    @abstractmethod
    def probe(self, name: str, layout: Layout) -> ProbeTarget:
        """Resolve a record name (``"v"``, ``"hh.m"``, ``"ina"``, ``"stim.i"``...)."""

    def membrane_capacitance(self, layout: Layout):
        """cm (µF/cm²): one value, or one per node."""
        return self.cm

    def tree_solver(self, layout: Layout):
        """The tree solver for layouts with several nodes (none for one node):
        ``(d, rhs, a, b) -> x``, see :func:`braincell._compute._tree.solve`."""
        return None

    # -- running ---------------------------------------------------------------------------
    def simulation(self, tstop: float, dt: float = 0.025, record: Sequence[str] = ("v",),
                   solver: Solver | str = "backward_euler", seed: int = 0) -> Simulation:
        """Build (once) a :class:`~braincell.Simulation` whose ``run(params)`` is a pure,
        jit-able, differentiable function returning the recorded traces. ``seed`` seeds
        the random numbers of mechanisms that draw them."""
        layout = self.layout()
        system = System(layout, self.tree_solver(layout))
        names = tuple(record)
        if len(set(names)) != len(names):
            raise SpecError("a trace is recorded twice: " + ", ".join(
                sorted({n for n in names if names.count(n) > 1})))
        targets = tuple(self.probe(n, layout) for n in names)
        params = system.default_params(celsius=self.celsius, v_init=self.v_init,
                                       cm=self.membrane_capacitance(layout))
        return Simulation(system, solver_by_name(solver), float(dt), float(tstop), names,
                          targets, params, seed=seed)

    def run(self, tstop: float, dt: float = 0.025, record: Sequence[str] = ("v",),
            solver: Solver | str = "backward_euler", params=None,
            progress=None, seed: int = 0) -> RunResult:
        """Simulate from ``finitialize(v_init)`` to ``tstop`` and return the traces.

        ``progress``: a progress bar on stderr when it is a terminal (``None``), always
        (``True``), never (``False``), or on a given stream. ``seed``: the seed of the
        random numbers of mechanisms that draw them (``normrand``, ``exprand``...); the
        same seed gives the same run.
        """
        sim = self.simulation(tstop, dt, record, solver, seed)
        traces = sim.run_checked(params, progress=progress)
        return RunResult(sim.t, {n: traces[:, k] for k, n in enumerate(sim.names)})

    # -- shared probe resolution -----------------------------------------------------------
    @staticmethod
    def resolve_variable(layout: Layout, name: str, node: int | None,
                         instance_of=None) -> ProbeTarget:
        """Resolve ``v``, ``<ion var>``, ``<mech>.<var>`` at ``node`` (or a point label)."""
        if name == "v":
            return ProbeTarget("v", node)
        for ion_name in layout.ions:
            fields = {f"i{ion_name}": "i", f"e{ion_name}": "e", f"{ion_name}i": "ci",
                      f"{ion_name}o": "co"}
            if name in fields:
                return ProbeTarget("ion", node, name=f"{ion_name}.{fields[name]}")
        if "." in name:
            label, var = name.split(".", 1)
            labels = [g.label for g in layout.groups]
            if label not in labels:
                raise SpecError(f"cannot record {name!r}: no mechanism or label {label!r}"
                                f"{did_you_mean(label, labels)}; have: {', '.join(labels)}")
            g = labels.index(label)
            group = layout.groups[g]
            if var not in group.mech.variable_names:
                raise SpecError(
                    f"cannot record {name!r}: {group.mech.name} has no variable {var!r}"
                    f"{did_you_mean(var, group.mech.variable_names)}; valid: "
                    f"{', '.join(group.mech.variable_names)}")
            if group.mech.kind == "density":
                where = np.nonzero(group.nodes == node)[0]
                if where.size == 0:
                    raise SpecError(f"cannot record {name!r}: {label} is not present there")
                return ProbeTarget("var", int(where[0]), group=g, name=var)
            return ProbeTarget("var", 0, group=g, name=var)
        ion_vars = [f"{p}{i}" for i in layout.ions for p in ("i", "e")] + \
                   [f"{i}{s}" for i in layout.ions for s in ("i", "o")]
        raise SpecError(f"cannot record {name!r}; valid: v, {', '.join(ion_vars + ['<mechanism>.<variable>', '<label>.<variable>'])}")


def check_mechanism(mech, kind: str) -> Mechanism:
    if not isinstance(mech, Mechanism):
        raise SpecError(f"expected a braincell mechanism, got {type(mech).__name__}")
    if (kind == "density") != (mech.kind == "density"):  # point and artificial are placed
        verb = "paint" if kind == "density" else "place"
        raise SpecError(f"cannot {verb} {mech.kind} mechanism {mech.name!r}; density "
                        f"mechanisms are painted, point processes are placed")
    return mech
