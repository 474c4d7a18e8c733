"""``braincell compile-mech --emit json`` against NEURON's ``MechanismStandard``.

The JSON fields read here (what the lowering emits, one object per mechanism)::

    {"name": "hh", "kind": "density" | "point" | "artificial",
     "parameters": [{"name": "gnabar", "default": 0.12, "unit": "S/cm2",
                     "scope": "range" | "global"}, ...],
     "states":   [{"name": "m"}, ...],
     "assigned": [{"name": "gna"}, ...]}

The output may be that object, a list of them, ``{"mechanisms": [...]}``, on stdout or as
``*.json`` files in the ``-o`` folder. The comparison (:func:`compare_standard`):

* PARAMETER: NEURON's vartype 1 names (RANGE parameters; the ``_<suffix>`` of a density
  mechanism removed) equal the names of the parameters whose ``scope`` (or ``kind``) is
  ``"range"`` (neither given counts as range), and their defaults agree to 1e-12 (relative);
* STATE: NEURON's vartype 3 names (and array sizes) equal the ``states`` names; an array
  may be emitted as one entry (with ``size``) or one per element (``ca[0]``...). Both sides
  leave out ion variables (``cai`` as a STATE of CaDynamics_E2): NEURON does not list them.
* ASSIGNED is not compared (NEURON lists only RANGE ones, and the acceptance asks for
  parameters and states).
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["EmitUnavailable", "compile_mech_json", "pick_mechanism", "compare_standard"]

_CLI = "import sys; from braincell.cli import main; sys.exit(main(sys.argv[1:]))"


class EmitUnavailable(Exception):
    """``braincell compile-mech --emit json`` does not exist or does not produce JSON yet."""


def _objects(data) -> list[dict]:
    if isinstance(data, dict) and "mechanisms" in data:
        data = data["mechanisms"]
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        return [d for d in data if isinstance(d, dict)]
    return []


def compile_mech_json(path: Path, timeout: float = 300.0) -> tuple[int, list[dict], str]:
    """Run ``braincell compile-mech PATH --emit json -o TMP``: exit status, the mechanism
    objects found (stdout or TMP/*.json), and stderr."""
    with tempfile.TemporaryDirectory(prefix="braincell-emit-") as tmp:
        proc = subprocess.run(
            [sys.executable, "-c", _CLI, "compile-mech", str(path), "--emit", "json", "-o", tmp],
            capture_output=True, text=True, errors="replace", timeout=timeout)
        objects = []
        try:
            objects = _objects(json.loads(proc.stdout)) if proc.stdout.strip() else []
        except json.JSONDecodeError:
            pass
        for file in sorted(Path(tmp).rglob("*.json")):
            try:
                objects += _objects(json.loads(file.read_text()))
            except json.JSONDecodeError:
                continue
        return proc.returncode, objects, proc.stderr


def pick_mechanism(objects: list[dict], name: str) -> dict | None:
    """The object for mechanism ``name`` (the only one when there is just one)."""
    for obj in objects:
        if obj.get("name") == name:
            return obj
    return objects[0] if len(objects) == 1 else None


def _scope(param: dict) -> str:
    """``"range"`` or ``"global"``: the ``kind`` field, or ``scope`` (what the emitter
    writes); range when neither is given."""
    return str(param.get("kind", param.get("scope", "range")))


def _default(value) -> float:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else 0.0
    return float(value)


def compare_standard(neuron: dict, emitted: dict, ion_variables=frozenset()) -> list[str]:
    """Differences (empty when they agree) between ``neuron`` (``mechanism_standard``'s
    output) and one emitted JSON object."""
    problems = []
    nrn_params = {p["name"]: p["default"] for p in neuron["parameters"]}
    bc_params = {}
    for p in emitted.get("parameters", []):  # arrays: the first element's default
        m = _ELEMENT.match(p["name"])
        if _scope(p) == "range" and (m is None or m["index"] == "0"):
            bc_params[m["base"] if m else p["name"]] = _default(p.get("default", math.nan))
    missing = sorted(set(nrn_params) - set(bc_params))
    extra = sorted(set(bc_params) - set(nrn_params))
    if missing:
        problems.append(f"RANGE parameters NEURON has but the JSON lacks: {missing}")
    if extra:
        problems.append(f"RANGE parameters in the JSON that NEURON does not list: {extra}")
    for name in sorted(set(nrn_params) & set(bc_params)):
        a, b = nrn_params[name], bc_params[name]
        if not math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0):
            problems.append(f"parameter {name}: default {b!r} in the JSON, {a!r} in NEURON")
    nrn_states = {s["name"]: s.get("size", 1) for s in neuron["states"]
                  if s["name"] not in ion_variables}
    bc_states = _sizes(s if isinstance(s, dict) else {"name": str(s)}
                       for s in emitted.get("states", []))
    bc_states = {k: v for k, v in bc_states.items() if k not in ion_variables}
    if nrn_states != bc_states:
        problems.append(f"states: {_show(bc_states)} in the JSON, {_show(nrn_states)} in NEURON")
    return problems


_ELEMENT = re.compile(r"^(?P<base>[A-Za-z_]\w*)\[(?P<index>\d+)\]$")


def _sizes(entries) -> dict[str, int]:
    """``{name: size}``; an array may be one entry with ``size`` or one entry per element
    (``ca[0]``, ``ca[1]``...)."""
    out: dict[str, int] = {}
    for entry in entries:
        m = _ELEMENT.match(entry["name"])
        if m:
            out[m["base"]] = max(out.get(m["base"], 0), int(m["index"]) + 1)
        else:
            out[entry["name"]] = int(entry.get("size", 1))
    return out


def _show(sizes: dict[str, int]) -> list[str]:
    return sorted(name if n == 1 else f"{name}[{n}]" for name, n in sizes.items())
