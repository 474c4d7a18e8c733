"""From a validated run spec to a cell, a simulation and a result."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._cell import Cell
from .._compute._run import Simulation
from .._cv import DLambda, FixedPerSection, MaxExtent, Single
from .._neuron import HHTypedNeuron
from .._result import RunResult
from .._single import SingleCompartment
from ..errors import SpecError
from ..filter import Branch
from ..mech import Catalogue, Mechanism, builtin
from ..mech._catalogue import mechanism_name
from ..mech._mechanism import did_you_mean
from ..mech._registry import shipped
from ..morph import Morphology, Section, read_asc, read_swc
from ..quad import solver_by_name
from ._schema import RunSpec, validate


def _prefixed(where: str, fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except SpecError as exc:
        raise SpecError(f"{where}: {exc}") from None


def _mechanism(name: str, parameters: Mapping[str, float], where: str,
               user: Mapping[str, Mechanism] | None = None) -> Mechanism:
    if user is not None and name in user:
        mech = user[name]
    else:
        mech = _prefixed(f"{where}.mechanism", builtin, name)
    return _prefixed(f"{where}.parameters", mech, **parameters)


def user_mechanisms(paths) -> Catalogue | None:
    """The mechanisms of the spec's ``mechanisms`` key (files and folders of .mod files).

    Two files that define one name are an error naming both; a user mechanism with a
    built-in's name takes precedence, with a warning naming both (none for the shipped
    file itself)."""
    if not paths:
        return None
    files: dict[str, Path] = {}
    for i, path in enumerate(paths):
        if path.is_dir():
            found = sorted(path.glob("*.mod"))
            if not found:
                raise SpecError(f"mechanisms[{i}]: no .mod files in {path}")
        elif path.is_file():
            found = [path]
        else:
            raise SpecError(f"mechanisms[{i}]: no such file or folder {path}")
        for f in found:
            name = mechanism_name(f.read_text(encoding="latin-1"))
            if name is None:
                raise SpecError(f"{f}: no SUFFIX, POINT_PROCESS or ARTIFICIAL_CELL name")
            if name in files and files[name] != f:
                raise SpecError(f"mechanism {name!r} is defined twice: {files[name]} and {f}")
            files[name] = f
    for name, f in files.items():
        shadowed = _shadowed(name, f)
        if shadowed:
            warnings.warn(f"mechanism {name!r} from {f} replaces the built-in {shadowed}",
                          UserWarning, stacklevel=3)
    return Catalogue(files)


def _shadowed(name: str, file: Path) -> str | None:
    """The built-in that ``file`` replaces, or None (also when it is the shipped file)."""
    catalogue = shipped()
    if name not in catalogue or file.resolve() == catalogue.path(name).resolve():
        return None
    return f"{name!r} ({catalogue.path(name)})"


def _policy(spec: RunSpec, cell: Cell):
    """The CV policy: spec entries (later ones win), then each section's ``ncv``."""
    parts = []
    for entry in spec.cv_policy:
        if entry.kind == "fixed":
            pol = FixedPerSection(int(entry.value))
        elif entry.kind == "max_extent":
            pol = MaxExtent(entry.value)
        elif entry.kind == "d_lambda":
            pol = DLambda(freq_hz=entry.frequency, d_lambda=entry.value)
        else:
            pol = Single()
        if entry.region is not None:
            pol = pol.on(_prefixed(f"{entry.where}.region", cell.region, entry.region))
        parts.append(pol)
    if not spec.cv_policy:
        parts += [FixedPerSection(s.ncv).on(Branch(s.name)) for s in spec.sections
                  if s.ncv != 1]
    policy = FixedPerSection(1)
    for part in parts:
        policy = policy | part
    return policy


def _morphology(spec: RunSpec) -> Morphology:
    if spec.morphology_file is not None:
        key = f"morphology.{spec.morphology_format}"
        if not spec.morphology_file.is_file():
            raise SpecError(f"{key}: no such file {spec.morphology_file}")
        reader = read_swc if spec.morphology_format == "swc" else read_asc
        return _prefixed(key, reader, spec.morphology_file)
    names = {s.name for s in spec.sections}
    for i, s in enumerate(spec.sections):
        if s.parent is not None and s.parent not in names:
            raise SpecError(f"morphology.sections[{i}].parent: no section {s.parent!r}"
                            f"{did_you_mean(s.parent, names)}")
    sections = [Section(s.name, s.length, s.diam, parent=s.parent, parent_x=s.parent_x)
                for s in spec.sections]
    return _prefixed("morphology.sections", Morphology, sections)


def _single_compartment(spec: RunSpec) -> bool:
    return (spec.morphology_file is None and len(spec.sections) == 1
            and spec.sections[0].ncv == 1 and not spec.cv_policy)


def build_cell(spec: RunSpec) -> HHTypedNeuron:
    """The cell a spec describes, with its mechanisms painted and placed.

    One section with one CV gives a :class:`SingleCompartment`; anything else a
    :class:`Cell` discretized as NEURON would.
    """
    user = user_mechanisms(spec.mechanisms)
    common = dict(celsius=spec.celsius, v_init=spec.v_init, cm=spec.cm, Ra=spec.Ra)
    if _single_compartment(spec):
        sec = spec.sections[0]
        if sec.parent is not None:
            raise SpecError(f"morphology.sections[0].parent: no section {sec.parent!r}")
        cell: HHTypedNeuron = SingleCompartment(sec.length, sec.diam, name=sec.name, **common)
    else:
        cell = Cell(_morphology(spec), **common)
        cell.policy = _policy(spec, cell)
    for ion, values in spec.ions.items():
        values = dict(values)
        valence = values.pop("valence", None)
        _prefixed(f"ions.{ion}", cell.set_ion, ion,
                  None if valence is None else int(valence), **values)
    for p in spec.paint:
        mech = _tabled(_mechanism(p.mechanism, p.parameters, p.where, user), spec.tables)
        if isinstance(cell, Cell):
            _prefixed(f"{p.where}.region", cell.region, p.region)
            cell.paint(p.region, mech)
        else:
            _prefixed(f"{p.where}.region", cell.paint, mech, p.region)
    for p in spec.place:
        mech = _tabled(_mechanism(p.mechanism, p.parameters, p.where, user), spec.tables)
        if p.location is None and mech.kind != "artificial":
            raise SpecError(f"{p.where}: missing required key 'location' ({mech.name} is a "
                            f"point process)")
        if isinstance(cell, Cell):
            _prefixed(f"{p.where}.location", cell.place, p.location, mech, p.label,
                      p.connections)
        else:
            _prefixed(f"{p.where}.location", cell.place, mech, p.label, p.location,
                      p.connections)
    return cell


def _tabled(mech: Mechanism, tables: bool) -> Mechanism:
    """With ``tables: true``, a .mod mechanism uses NEURON's TABLE interpolation."""
    if tables and hasattr(mech, "with_tables"):
        return mech.with_tables(True)
    return mech


def _as_spec(spec: RunSpec | Mapping[str, Any], base_dir) -> RunSpec:
    return spec if isinstance(spec, RunSpec) else validate(spec, base_dir)


def simulation_from_spec(spec: RunSpec | Mapping[str, Any],
                         base_dir: str | Path | None = None) -> Simulation:
    spec = _as_spec(spec, base_dir)
    cell = build_cell(spec)
    solver = _prefixed("solver", solver_by_name, spec.solver)
    return _prefixed("record", cell.simulation, spec.tstop, spec.dt, spec.record, solver,
                     spec.seed)


def run_spec(spec: RunSpec | Mapping[str, Any], base_dir: str | Path | None = None,
             progress=None) -> RunResult:
    """Validate, build and run a spec; the result's traces are keyed as in ``record``.

    ``progress`` is as for :meth:`Simulation.run_checked` (default: a bar on a terminal).
    """
    sim = simulation_from_spec(spec, base_dir)
    traces = sim.run_checked(progress=progress)
    return RunResult(sim.t, {n: traces[:, k] for k, n in enumerate(sim.names)})
