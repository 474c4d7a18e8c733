"""From a validated run spec to a cell, a simulation and a result."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._compute._run import Simulation
from .._neuron import HHTypedNeuron
from .._result import RunResult
from .._single import SingleCompartment
from ..errors import SpecError
from ..mech import Mechanism, builtin
from ..quad import solver_by_name
from ._schema import RunSpec, validate


def _prefixed(where: str, fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except SpecError as exc:
        raise SpecError(f"{where}: {exc}") from None


def _mechanism(name: str, parameters: Mapping[str, float], where: str) -> Mechanism:
    mech = _prefixed(f"{where}.mechanism", builtin, name)
    return _prefixed(f"{where}.parameters", mech, **parameters)


def build_cell(spec: RunSpec) -> HHTypedNeuron:
    """The cell a spec describes, with its mechanisms painted and placed."""
    if spec.mechanisms:
        raise SpecError("mechanisms: loading .mod files is not supported yet in this version "
                        "(only the built-in hh, pas and IClamp are available)")
    if spec.tables:
        raise SpecError("tables: NEURON's rate-table interpolation is not supported yet; "
                        "braincell evaluates rate functions exactly (NEURON with usetable = 0)")
    if len(spec.sections) != 1 or spec.sections[0].ncv != 1:
        raise SpecError("morphology.sections: this version simulates one section with ncv = 1 "
                        "(multi-compartment cells are not supported yet)")
    sec = spec.sections[0]
    if sec.parent is not None:
        raise SpecError(f"morphology.sections[0].parent: no section {sec.parent!r} to attach to")
    cell = SingleCompartment(sec.length, sec.diam, name=sec.name, celsius=spec.celsius,
                             v_init=spec.v_init, cm=spec.cm, Ra=spec.Ra)
    for ion, values in spec.ions.items():
        values = dict(values)
        valence = values.pop("valence", None)
        _prefixed(f"ions.{ion}", cell.set_ion, ion,
                  None if valence is None else int(valence), **values)
    for p in spec.paint:
        mech = _mechanism(p.mechanism, p.parameters, p.where)
        _prefixed(f"{p.where}.region", cell.paint, mech, p.region)
    for p in spec.place:
        mech = _mechanism(p.mechanism, p.parameters, p.where)
        _prefixed(f"{p.where}.location", cell.place, mech, p.label, p.location)
    return cell


def _as_spec(spec: RunSpec | Mapping[str, Any], base_dir) -> RunSpec:
    return spec if isinstance(spec, RunSpec) else validate(spec, base_dir)


def simulation_from_spec(spec: RunSpec | Mapping[str, Any],
                         base_dir: str | Path | None = None) -> Simulation:
    spec = _as_spec(spec, base_dir)
    cell = build_cell(spec)
    solver = _prefixed("solver", solver_by_name, spec.solver)
    return _prefixed("record", cell.simulation, spec.tstop, spec.dt, spec.record, solver)


def run_spec(spec: RunSpec | Mapping[str, Any], base_dir: str | Path | None = None) -> RunResult:
    """Validate, build and run a spec; the result's traces are keyed as in ``record``."""
    sim = simulation_from_spec(spec, base_dir)
    traces = sim.run_checked()
    return RunResult(sim.t, {n: traces[:, k] for k, n in enumerate(sim.names)})
