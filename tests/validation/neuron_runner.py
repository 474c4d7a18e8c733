"""Build a braincell run spec in the real NEURON simulator and run it with fixed steps.

This is the reference side of the validation suite: ``run_in_neuron(spec)`` returns the
traces NEURON computes for a run spec, keyed exactly like the spec's ``record`` list, plus
``"t"``. It needs the ``neuron`` package (``pip install neuron==9.0.2``).

Spec keys understood here (all others are rejected, so a typo cannot go unnoticed)::

    morphology: {sections: [{name, length, diam, ncv, parent?, parent_x?, Ra?, cm?}]}
    celsius, v_init, dt, tstop, cm, Ra
    ions:   {na: {ena: 50, nai: 10}, ca: {cai: 5e-5, cao: 2}}
    paint:  [{region: "soma" | "all", mechanism: "hh", parameters: {gnabar: 0.12}}]
    place:  [{location: "soma(0.5)", mechanism: "IClamp", label: "stim", parameters: {...}}]
            an entry without ``location`` is an ARTIFICIAL_CELL (e.g. NetStim), made with no
            segment; any entry may have ``connections`` (see below)
    record: ["v@soma(0.5)", "hh.m@soma(0.5)", "ina@soma(0.5)", "stim.i"]
    solver: "backward_euler" | "crank_nicolson"      (NEURON: secondorder = 0 | 2)
    tables: false                                     (usetable_<mech> = 0 for each mechanism)
    mod_files: ["chan.mod"]                           (extra NMODL files, relative to spec_dir)

Events (``connections`` in a ``place`` entry; one NetCon per connection, targeting that
entry's point process)::

    place: [
      {mechanism: "NetStim", label: "ns", parameters: {start: 5, number: 3, interval: 10}},
      {location: "soma(0.5)", mechanism: "ExpSyn", label: "syn",
       connections: [
         {weight: 0.01, events: [5, 10.5, 20]},          # NetCon(None, syn)
         {source: "ns", weight: 0.01, delay: 1.0},       # NetCon(ns, syn)
       ]},
    ]

* ``weight``: a number, or a list for the extra NET_RECEIVE arguments (``nc.weight[i]``).
* ``events``: times (ms) at which the event arrives at the target, delivered exactly as
  ``nc.event(time)`` (called from an ``FInitializeHandler`` after every ``finitialize``; the
  NetCon's delay does not apply to them). Needs no ``source``.
* ``source``: the label of another ``place`` entry (an ARTIFICIAL_CELL or a point process that
  calls ``net_event``); its events arrive after ``delay`` (ms, default 1 as in NEURON).
  ``threshold`` (mV, default 10) is passed on for completeness.

NEURON keeps all of this in process-wide state. The runner deletes its sections and
restores every global it touched (celsius, dt, secondorder, usetable_*, ion defaults) when
it returns, so several specs can run one after another in the same process. NMODL files
are compiled once per distinct content into a temporary folder (never into the repo); a
mechanism name can only be loaded once per process.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

__all__ = ["run_in_neuron"]

_SPEC_KEYS = {
    "morphology",
    "celsius",
    "v_init",
    "dt",
    "tstop",
    "cm",
    "Ra",
    "ions",
    "paint",
    "place",
    "record",
    "solver",
    "tables",
    "mod_files",
    # descriptive keys that do not change the simulation
    "name",
    "description",
}
_PLACE_KEYS = {"location", "mechanism", "label", "parameters", "connections"}
_CONNECTION_KEYS = {"weight", "events", "source", "delay", "threshold"}
_SECTION_KEYS = {"name", "length", "diam", "ncv", "parent", "parent_x", "Ra", "cm"}
_SOLVERS = {"backward_euler": 0, "crank_nicolson": 2}
_LOCATION = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?:\(\s*([^)]+?)\s*\))?\s*$")
# Where NEURON's own t may drift from k*dt by accumulated rounding (t += dt/2 twice a step).
_T_TOLERANCE = 1e-9
# Compiled NMODL libraries already loaded into this process, keyed by content hash.
_LOADED_MOD_LIBRARIES: dict[str, Path] = {}


def _h():
    from neuron import h

    return h


def run_in_neuron(spec: dict, spec_dir: Path | None = None) -> dict[str, np.ndarray]:
    """Run ``spec`` in NEURON with fixed steps and return its recorded traces.

    Returns ``{"t": np.arange(n + 1) * dt, <record string>: trace, ...}`` with
    ``n = round(tstop / dt)``; every trace holds the value at t = 0 (after
    ``finitialize(v_init)``) and after each of the n steps.
    """
    unknown = set(spec) - _SPEC_KEYS
    if unknown:
        raise ValueError(f"run spec has unknown keys: {sorted(unknown)}")
    h = _h()
    if spec.get("mod_files"):
        _load_mod_files(spec["mod_files"], Path(spec_dir) if spec_dir is not None else Path.cwd())
    if any(True for _ in h.allsec()):
        raise RuntimeError("NEURON already has sections; run_in_neuron needs an empty model")

    dt = float(spec.get("dt", 0.025))
    tstop = float(spec.get("tstop", 100.0))
    n_steps = round(tstop / dt)
    if abs(n_steps * dt - tstop) > 1e-9 * max(1.0, tstop):
        raise ValueError(f"tstop {tstop} is not a whole number of steps of dt {dt}")
    solver = spec.get("solver", "backward_euler")
    if solver not in _SOLVERS:
        raise ValueError(f"solver must be one of {sorted(_SOLVERS)}, not {solver!r}")

    with _restored_globals(h):
        sections = _build_sections(h, spec)
        points: dict = {}
        vectors: dict = {}
        netcons: list = []
        try:
            mechanisms = _paint(h, spec.get("paint", []), sections)
            points.update(_place(h, spec.get("place", []), sections))
            netcons.extend(_connect(h, spec.get("place", []), points))
            mechanisms |= {mech for mech, _ in points.values()}
            _set_tables(h, mechanisms, bool(spec.get("tables", False)))
            _apply_ions(h, spec.get("ions", {}), sections)

            h.celsius = float(spec.get("celsius", 6.3))
            h.dt = dt
            h.secondorder = _SOLVERS[solver]
            h.CVode().active(0)

            vectors["t"] = h.Vector()
            vectors["t"].record(h._ref_t)
            for name in spec.get("record", []):
                if name == "t" or name in vectors:
                    raise ValueError(f"record entry {name!r} is reserved or repeated")
                vectors[name] = h.Vector()
                vectors[name].record(_reference(h, name, sections, points))

            h.finitialize(float(spec.get("v_init", -65.0)))
            for _ in range(n_steps):
                h.fadvance()

            t = np.arange(n_steps + 1) * dt
            t_neuron = np.array(vectors.pop("t"))
            if t_neuron.shape != t.shape or np.max(np.abs(t_neuron - t)) > _T_TOLERANCE:
                raise AssertionError("NEURON's t does not match arange(n + 1) * dt")
            out = {"t": t}
            for name, vec in vectors.items():
                trace = np.array(vec)
                if trace.shape != t.shape:
                    raise AssertionError(f"{name}: {trace.size} samples, expected {t.size}")
                out[name] = trace
            return out
        finally:
            vectors.clear()
            netcons.clear()
            points.clear()
            for sec in sections.values():
                h.delete_section(sec=sec)


@contextlib.contextmanager
def _restored_globals(h) -> Iterator[None]:
    names = ["celsius", "dt", "secondorder"]
    names += _ion_global_names(h)
    names += [f"usetable_{m}" for m in _mechanism_names(h) if hasattr(h, f"usetable_{m}")]
    saved = {n: getattr(h, n) for n in names}
    try:
        yield
    finally:
        for n, value in saved.items():
            setattr(h, n, value)


def _mechanism_names(h) -> list[str]:
    table = h.MechanismType(0)
    names = []
    name = h.ref("")
    for i in range(int(table.count())):
        table.select(i)
        table.selected(name)
        names.append(name[0])
    return names


def _ion_global_names(h) -> list[str]:
    names = []
    for mech in _mechanism_names(h):
        if mech.endswith("_ion"):
            ion = mech[: -len("_ion")]
            names += [f"{ion}i0_{mech}", f"{ion}o0_{mech}"]
    return names


def _build_sections(h, spec: dict) -> dict:
    morphology = spec.get("morphology", {})
    entries = morphology.get("sections", [])
    if not entries:
        raise ValueError("run spec has no morphology.sections")
    sections = {}
    for entry in entries:
        unknown = set(entry) - _SECTION_KEYS
        if unknown:
            raise ValueError(f"section {entry.get('name')!r} has unknown keys: {sorted(unknown)}")
        name = entry["name"]
        if name in sections:
            raise ValueError(f"section {name!r} declared twice")
        sec = h.Section(name=name)
        sec.L = float(entry["length"])
        sec.diam = float(entry["diam"])
        sec.nseg = int(entry.get("ncv", 1))
        sec.Ra = float(entry.get("Ra", spec.get("Ra", 35.4)))
        sec.cm = float(entry.get("cm", spec.get("cm", 1.0)))
        sections[name] = sec
    for entry in entries:
        parent = entry.get("parent")
        if parent is None:
            continue
        if parent not in sections:
            raise ValueError(f"section {entry['name']!r} has unknown parent {parent!r}")
        sections[entry["name"]].connect(sections[parent](float(entry.get("parent_x", 1.0))), 0)
    return sections


def _region(sections: dict, region: str) -> list:
    if region == "all":
        return list(sections.values())
    if region not in sections:
        raise ValueError(f"unknown region {region!r}; sections: {sorted(sections)}")
    return [sections[region]]


def _paint(h, paints: list[dict], sections: dict) -> set[str]:
    used = set()
    for item in paints:
        mech = item["mechanism"]
        for sec in _region(sections, item.get("region", "all")):
            sec.insert(mech)
            for param, value in item.get("parameters", {}).items():
                range_name = f"{param}_{mech}"
                if hasattr(sec(0.5), range_name):
                    for seg in sec:
                        setattr(seg, range_name, float(value))
                elif hasattr(h, range_name):
                    setattr(h, range_name, float(value))
                else:
                    raise ValueError(f"mechanism {mech!r} has no parameter {param!r}")
        used.add(mech)
    return used


def _segment(sections: dict, location: str):
    match = _LOCATION.match(location)
    if not match or match.group(1) not in sections:
        raise ValueError(f"bad location {location!r}; sections: {sorted(sections)}")
    x = float(match.group(2)) if match.group(2) is not None else 0.5
    return sections[match.group(1)](x)


def _place(h, places: list[dict], sections: dict) -> dict:
    points = {}
    for i, item in enumerate(places):
        mech = item["mechanism"]
        label = item.get("label", f"{mech}{i}")
        if label in points:
            raise ValueError(f"label {label!r} used twice")
        unknown = set(item) - _PLACE_KEYS
        if unknown:
            raise ValueError(f"place entry {label!r} has unknown keys: {sorted(unknown)}")
        if "location" in item:
            pp = getattr(h, mech)(_segment(sections, item["location"]))
        else:  # an ARTIFICIAL_CELL: no segment
            pp = getattr(h, mech)()
        for param, value in item.get("parameters", {}).items():
            if not hasattr(pp, param):
                raise ValueError(f"point process {mech!r} has no parameter {param!r}")
            setattr(pp, param, float(value))
        points[label] = (mech, pp)
    return points


def _connect(h, places: list[dict], points: dict) -> list:
    """One NetCon per ``connections`` entry (see the module docstring). Returns the NetCons
    and FInitializeHandlers, which must stay referenced for the run (dropping them removes
    them from NEURON)."""
    keep = []
    for i, item in enumerate(places):
        label = item.get("label", f"{item['mechanism']}{i}")
        target = points[label][1]
        for conn in item.get("connections", []):
            unknown = set(conn) - _CONNECTION_KEYS
            if unknown:
                raise ValueError(f"connection to {label!r} has unknown keys: {sorted(unknown)}")
            source = conn.get("source")
            if source is None:
                nc = h.NetCon(None, target)
            else:
                if source not in points:
                    raise ValueError(f"connection to {label!r}: unknown source {source!r}")
                nc = h.NetCon(points[source][1], target)
            weights = conn.get("weight", 0.0)
            weights = list(weights) if isinstance(weights, (list, tuple)) else [weights]
            if len(weights) > len(nc.weight):
                raise ValueError(
                    f"connection to {label!r}: {len(weights)} weights, "
                    f"NET_RECEIVE takes {len(nc.weight)}"
                )
            for j, w in enumerate(weights):
                nc.weight[j] = float(w)
            if "delay" in conn:
                nc.delay = float(conn["delay"])
            if "threshold" in conn:
                nc.threshold = float(conn["threshold"])
            keep.append(nc)
            times = [float(x) for x in conn.get("events", [])]
            if times:
                if source is not None:
                    raise ValueError(f"connection to {label!r}: give events or source, not both")

                def deliver(nc=nc, times=times):
                    for time in times:
                        nc.event(time)

                keep.append(h.FInitializeHandler(deliver))
    return keep


def _set_tables(h, mechanisms: set[str], tables: bool) -> None:
    for mech in mechanisms:
        if hasattr(h, f"usetable_{mech}"):
            setattr(h, f"usetable_{mech}", 1 if tables else 0)


def _apply_ions(h, ions: dict, sections: dict) -> None:
    """Override ion values: concentrations both as the per-segment value and as the
    ``<ion>i0_<ion>_ion`` global that ``finitialize`` copies in when a mechanism writes the
    concentration; reversal potentials per segment (NEURON overwrites them at
    ``finitialize`` / every step when the ion style computes them from concentrations)."""
    for ion, values in ions.items():
        mech = f"{ion}_ion"
        for key, value in values.items():
            if key not in (f"e{ion}", f"{ion}i", f"{ion}o"):
                raise ValueError(f"ion {ion!r} has no value {key!r}")
            if key != f"e{ion}":
                global_name = f"{key}0_{mech}"
                if hasattr(h, global_name):
                    setattr(h, global_name, float(value))
            for sec in sections.values():
                if sec.has_membrane(mech):
                    for seg in sec:
                        setattr(seg, key, float(value))


def _reference(h, name: str, sections: dict, points: dict):
    """The NEURON pointer for one record string."""
    if "@" in name:
        var, location = name.split("@", 1)
        seg = _segment(sections, location)
        if "." in var:
            mech, var = var.split(".", 1)
            attr = f"_ref_{var}_{mech}"
        else:
            attr = f"_ref_{var}"
        try:
            return getattr(seg, attr)
        except (AttributeError, NameError) as err:
            raise ValueError(f"cannot record {name!r}: {err}") from err
    label, _, var = name.partition(".")
    if label not in points or not var:
        raise ValueError(f"cannot record {name!r}: not '<var>@<loc>' or '<label>.<var>'")
    return getattr(points[label][1], f"_ref_{var}")


def _load_mod_files(mod_files: list[str], spec_dir: Path) -> None:
    h = _h()
    paths = [(spec_dir / p).resolve() for p in mod_files]
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    key = digest.hexdigest()
    if key in _LOADED_MOD_LIBRARIES:
        return
    build = Path(tempfile.mkdtemp(prefix="braincell-nrnivmodl-"))
    for path in paths:
        shutil.copy(path, build / path.name)
    nrnivmodl = shutil.which("nrnivmodl")
    if nrnivmodl is None:
        raise RuntimeError("nrnivmodl not found on PATH")
    result = subprocess.run([nrnivmodl], cwd=build, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"nrnivmodl failed:\n{result.stdout}\n{result.stderr}")
    libraries = sorted(build.glob("*/libnrnmech.so")) + sorted(build.glob("*/.libs/libnrnmech.so"))
    if not libraries:
        raise RuntimeError(f"nrnivmodl produced no libnrnmech.so in {build}")
    h.nrn_load_dll(str(libraries[0]))
    _LOADED_MOD_LIBRARIES[key] = libraries[0]
