"""Validation of a run spec into frozen, typed data; every error names the key path."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._connection import Connection
from ..errors import SpecError
from ..mech._mechanism import did_you_mean

TOP_KEYS = ("morphology", "mechanisms", "celsius", "v_init", "dt", "tstop", "cm", "Ra", "ions",
            "paint", "place", "record", "solver", "tables", "cv_policy", "seed")
MORPHOLOGY_KEYS = ("sections", "swc", "asc")
POLICY_KINDS = ("fixed", "max_extent", "d_lambda", "single")
POLICY_KEYS = ("region", *POLICY_KINDS, "frequency")
REQUIRED = ("morphology", "tstop", "record")
SECTION_KEYS = ("name", "length", "diam", "ncv", "parent", "parent_x")
PAINT_KEYS = ("region", "mechanism", "parameters")
PLACE_KEYS = ("location", "mechanism", "label", "parameters", "connections")


@dataclass(frozen=True)
class SectionSpec:
    name: str
    length: float
    diam: float
    ncv: int = 1
    parent: str | None = None
    parent_x: float = 1.0


@dataclass(frozen=True)
class PaintSpec:
    region: str
    mechanism: str
    parameters: Mapping[str, float]
    where: str


@dataclass(frozen=True)
class PlaceSpec:
    location: str | None
    mechanism: str
    label: str | None
    parameters: Mapping[str, float]
    where: str
    connections: tuple = ()


@dataclass(frozen=True)
class PolicySpec:
    """One CV policy entry: ``kind`` in fixed/max_extent/d_lambda/single, its value, and an
    optional region it is restricted to."""

    kind: str
    value: float
    region: str | None
    frequency: float
    where: str


@dataclass(frozen=True)
class RunSpec:
    sections: tuple[SectionSpec, ...]
    tstop: float
    record: tuple[str, ...]
    mechanisms: tuple[Path, ...] = ()
    celsius: float = 6.3
    v_init: float = -65.0
    dt: float = 0.025
    cm: float = 1.0
    Ra: float = 35.4
    ions: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    paint: tuple[PaintSpec, ...] = ()
    place: tuple[PlaceSpec, ...] = ()
    solver: str = "backward_euler"
    tables: bool = False
    morphology_file: Path | None = None
    morphology_format: str | None = None
    cv_policy: tuple[PolicySpec, ...] = ()
    seed: int = 0


def _keys(obj: Any, where: str, allowed, required=()) -> Mapping[str, Any]:
    if not isinstance(obj, Mapping):
        raise SpecError(f"{where}: expected a table/object, got {type(obj).__name__}")
    for key in obj:
        if key not in allowed:
            raise SpecError(f"{where}: unknown key {key!r}{did_you_mean(key, allowed)}; "
                            f"valid keys: {', '.join(allowed)}")
    for key in required:
        if key not in obj:
            raise SpecError(f"{where}: missing required key {key!r}")
    return obj


def _number(obj: Any, where: str, *, positive=False, nonneg=False) -> float:
    if isinstance(obj, bool) or not isinstance(obj, (int, float)):
        raise SpecError(f"{where}: expected a number, got {obj!r}")
    value = float(obj)
    if not math.isfinite(value):
        raise SpecError(f"{where}: must be finite, got {obj!r}")
    if positive and value <= 0:
        raise SpecError(f"{where}: must be > 0, got {obj!r}")
    if nonneg and value < 0:
        raise SpecError(f"{where}: must be >= 0, got {obj!r}")
    return value


def _string(obj: Any, where: str) -> str:
    if not isinstance(obj, str) or not obj:
        raise SpecError(f"{where}: expected a non-empty string, got {obj!r}")
    return obj


def _list(obj: Any, where: str) -> list:
    if not isinstance(obj, list):
        raise SpecError(f"{where}: expected a list, got {type(obj).__name__}")
    return obj


def _parameters(obj: Any, where: str) -> dict[str, float]:
    if obj is None:
        return {}
    if not isinstance(obj, Mapping):
        raise SpecError(f"{where}: expected a table of name = number")
    return {str(k): _number(v, f"{where}.{k}") for k, v in obj.items()}


CONNECTION_KEYS = ("weight", "events", "source", "delay")


def _connections(obj: Any, where: str) -> tuple[Connection, ...]:
    out = []
    for i, c in enumerate(_list(obj, where)):
        w = f"{where}[{i}]"
        c = _keys(c, w, CONNECTION_KEYS, ("weight",))
        weight = c["weight"]
        weight = ([_number(x, f"{w}.weight[{k}]") for k, x in enumerate(weight)]
                  if isinstance(weight, list) else _number(weight, f"{w}.weight"))
        events = [_number(t, f"{w}.events[{k}]", nonneg=True)
                  for k, t in enumerate(_list(c.get("events", []), f"{w}.events"))]
        source = c.get("source")
        try:
            out.append(Connection(weight, events,
                                  None if source is None else _string(source, f"{w}.source"),
                                  _number(c.get("delay", 1.0), f"{w}.delay", nonneg=True)))
        except SpecError as exc:
            raise SpecError(f"{w}: {exc}") from None
    return tuple(out)


def _section(obj: Any, where: str) -> SectionSpec:
    obj = _keys(obj, where, SECTION_KEYS, ("name", "length", "diam"))
    name = _string(obj["name"], f"{where}.name")
    ncv = obj.get("ncv", 1)
    if isinstance(ncv, bool) or not isinstance(ncv, int) or ncv < 1:
        raise SpecError(f"{where}.ncv: expected a whole number >= 1, got {ncv!r}")
    parent = obj.get("parent")
    parent_x = _number(obj.get("parent_x", 1.0), f"{where}.parent_x")
    if not 0 <= parent_x <= 1:
        raise SpecError(f"{where}.parent_x: must be within [0, 1], got {parent_x}")
    return SectionSpec(name, _number(obj["length"], f"{where}.length", positive=True),
                       _number(obj["diam"], f"{where}.diam", positive=True), ncv,
                       None if parent is None else _string(parent, f"{where}.parent"), parent_x)


def validate(spec: Mapping[str, Any], base_dir: str | Path | None = None) -> RunSpec:
    """Check a spec's keys and types; return a :class:`RunSpec`. Names and locations are
    checked against the model when it is built."""
    spec = _keys(spec, "spec", TOP_KEYS, REQUIRED)
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    morph = _keys(spec["morphology"], "morphology", MORPHOLOGY_KEYS)
    given = [k for k in MORPHOLOGY_KEYS if k in morph]
    if len(given) != 1:
        raise SpecError("morphology: give exactly one of 'sections', 'swc' or 'asc'")
    sections: tuple[SectionSpec, ...] = ()
    morph_file = None
    if "sections" in morph:
        sections = tuple(_section(s, f"morphology.sections[{i}]")
                         for i, s in enumerate(_list(morph["sections"], "morphology.sections")))
        if not sections:
            raise SpecError("morphology.sections: at least one section is needed")
        names = [s.name for s in sections]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise SpecError(f"morphology.sections: duplicate section name(s): {', '.join(dup)}")
    else:
        morph_file = (base / _string(morph[given[0]], f"morphology.{given[0]}")).resolve()
    policies = []
    raw = spec.get("cv_policy", [])
    for i, entry in enumerate(raw if isinstance(raw, list) else [raw]):
        w = f"cv_policy[{i}]" if isinstance(raw, list) else "cv_policy"
        entry = _keys(entry, w, POLICY_KEYS)
        kinds = [k for k in POLICY_KINDS if k in entry]
        if len(kinds) != 1:
            raise SpecError(f"{w}: give exactly one of {', '.join(POLICY_KINDS)}")
        kind = kinds[0]
        value = 1.0 if kind == "single" else _number(entry[kind], f"{w}.{kind}", positive=True)
        if kind == "fixed" and value != int(value):
            raise SpecError(f"{w}.fixed: expected a whole number of CVs, got {value}")
        region = entry.get("region")
        policies.append(PolicySpec(kind, value,
                                   None if region is None else _string(region, f"{w}.region"),
                                   _number(entry.get("frequency", 100.0), f"{w}.frequency",
                                           positive=True), w))
    ions = {}
    for ion, values in _keys(spec.get("ions", {}), "ions", list(spec.get("ions", {}))).items():
        ions[ion] = _parameters(values, f"ions.{ion}")
    paint = []
    for i, p in enumerate(_list(spec.get("paint", []), "paint")):
        w = f"paint[{i}]"
        p = _keys(p, w, PAINT_KEYS, ("region", "mechanism"))
        paint.append(PaintSpec(_string(p["region"], f"{w}.region"),
                               _string(p["mechanism"], f"{w}.mechanism"),
                               _parameters(p.get("parameters"), f"{w}.parameters"), w))
    place = []
    for i, p in enumerate(_list(spec.get("place", []), "place")):
        w = f"place[{i}]"
        p = _keys(p, w, PLACE_KEYS, ("mechanism",))
        label = p.get("label")
        location = p.get("location")
        place.append(PlaceSpec(None if location is None else _string(location, f"{w}.location"),
                               _string(p["mechanism"], f"{w}.mechanism"),
                               None if label is None else _string(label, f"{w}.label"),
                               _parameters(p.get("parameters"), f"{w}.parameters"), w,
                               _connections(p.get("connections", []), f"{w}.connections")))
    record = tuple(_string(r, f"record[{i}]")
                   for i, r in enumerate(_list(spec["record"], "record")))
    mech_paths = tuple((base / _string(m, f"mechanisms[{i}]")).resolve()
                       for i, m in enumerate(_list(spec.get("mechanisms", []), "mechanisms")))
    tables = spec.get("tables", False)
    if not isinstance(tables, bool):
        raise SpecError(f"tables: expected true or false, got {tables!r}")
    seed = spec.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise SpecError(f"seed: expected a whole number >= 0, got {seed!r}")
    return RunSpec(
        sections=sections,
        tstop=_number(spec["tstop"], "tstop", nonneg=True),
        record=record,
        mechanisms=mech_paths,
        celsius=_number(spec.get("celsius", 6.3), "celsius"),
        v_init=_number(spec.get("v_init", -65.0), "v_init"),
        dt=_number(spec.get("dt", 0.025), "dt", positive=True),
        cm=_number(spec.get("cm", 1.0), "cm", nonneg=True),
        Ra=_number(spec.get("Ra", 35.4), "Ra", positive=True),
        ions=ions,
        paint=tuple(paint),
        place=tuple(place),
        solver=_string(spec.get("solver", "backward_euler"), "solver"),
        tables=tables,
        morphology_file=morph_file,
        morphology_format=None if morph_file is None else given[0],
        cv_policy=tuple(policies),
        seed=seed,
    )
