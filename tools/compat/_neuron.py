"""The NEURON side: compile a folder of .mod files with nrnivmodl, run the protocol, and read
``MechanismStandard``.

:func:`build` runs in the harness process (nrnivmodl is a subprocess). :func:`run_protocol`
and :func:`mechanism_standard` import NEURON and must run in a fresh process per call
(``python -m tools.compat._worker``): a NEURON process can load a mechanism name only once,
and a crash must not stop the harness.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ._modinfo import RENAME_SUFFIX, ModInfo, renamed_source

__all__ = ["BuildResult", "build", "nrnivmodl_path", "run_protocol", "mechanism_standard",
           "builtin_names"]


def nrnivmodl_path() -> str | None:
    return shutil.which("nrnivmodl")


@dataclass
class BuildResult:
    """One folder's build: the shared library and, per source file, what happened."""

    folder: Path
    library: Path | None = None
    names: dict[Path, str] = field(default_factory=dict)     # source -> name NEURON sees
    copies: dict[Path, Path] = field(default_factory=dict)   # source -> compiled copy
    renamed: dict[Path, str] = field(default_factory=dict)   # source -> note
    errors: dict[Path, str] = field(default_factory=dict)    # source -> first error line


_ERROR_LINE = re.compile(r"\berror\b|\bundefined\b|\billegal\b|\bnot defined\b|\bunknown\b",
                         re.I)
_NOISE = ("make", "NOTE:", "Traceback", "CalledProcessError", "subprocess", "Leaving directory",
          "Entering directory", "***")


def _first_error(output: str) -> str:
    """The first line of nrnivmodl's output that names an error (paths shortened)."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    line = next((x for x in lines if _ERROR_LINE.search(x)
                 and not any(x.startswith(n) or n in x[:12] for n in _NOISE)),
                lines[-1] if lines else "nrnivmodl failed without output")
    line = re.sub(r"/\S*/([^/\s]+)", r"\1", line)  # /tmp/.../x86_64/pattern.cpp -> pattern.cpp
    return line[:300]


def _nrnivmodl(folder: Path, timeout: float) -> tuple[bool, str]:
    try:
        proc = subprocess.run([nrnivmodl_path() or "nrnivmodl"], cwd=folder, capture_output=True,
                              text=True, errors="replace", timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, f"nrnivmodl timed out after {timeout:g} s"
    libs = sorted(folder.glob("*/libnrnmech.so")) + sorted(folder.glob("*/.libs/libnrnmech.so"))
    ok = proc.returncode == 0 and bool(libs)
    return ok, proc.stdout + proc.stderr


def _library(folder: Path) -> Path | None:
    libs = sorted(folder.glob("*/libnrnmech.so")) + sorted(folder.glob("*/.libs/libnrnmech.so"))
    return libs[0] if libs else None


def build(infos: list[ModInfo], workdir: Path, reserved: set[str],
          timeout: float = 600.0) -> BuildResult:
    """Compile ``infos`` (one source folder) in ``workdir`` with nrnivmodl.

    A mechanism whose name NEURON already defines (``reserved``: hh, pas, IClamp, ExpSyn...)
    is compiled from a copy whose declaration is renamed ``<name>_mod``. When the folder as a
    whole fails, each file is compiled alone to find the ones NEURON rejects, and the folder
    is rebuilt from the others.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    result = BuildResult(folder=workdir)
    used = set(reserved)
    for info in infos:
        text = info.path.read_bytes().decode("latin-1")
        name = info.name or info.path.stem
        if name in used and info.name is not None:
            new = name + RENAME_SUFFIX
            k = 2
            while new in used:
                new, k = f"{name}{RENAME_SUFFIX}{k}", k + 1
            text = renamed_source(text, name, new)
            why = "a NEURON built-in" if name in reserved else "declared twice in this folder"
            result.renamed[info.path] = f"renamed {name} -> {new} for NEURON ({name} is {why})"
            name = new
        used.add(name)
        copy = workdir / info.path.name
        copy.write_bytes(text.encode("latin-1"))
        result.names[info.path] = name
        result.copies[info.path] = copy
    ok, output = _nrnivmodl(workdir, timeout)
    if ok:
        result.library = _library(workdir)
        return result
    # find the culprits one file at a time
    good = []
    for source, copy in result.copies.items():
        single = workdir / "single" / copy.stem
        single.mkdir(parents=True, exist_ok=True)
        shutil.copy(copy, single / copy.name)
        ok1, out1 = _nrnivmodl(single, timeout)
        if ok1:
            good.append(source)
        else:
            result.errors[source] = _first_error(out1)
    if not good:
        return result
    rebuild = workdir / "rebuild"
    rebuild.mkdir(exist_ok=True)
    for source in good:
        shutil.copy(result.copies[source], rebuild / result.copies[source].name)
    ok, output = _nrnivmodl(rebuild, timeout)
    if ok:
        result.library = _library(rebuild)
    else:  # files that compile alone but not together
        for source in good:
            result.errors[source] = "compiles alone but not with its folder: " + _first_error(output)
    return result


# -- in a fresh process ---------------------------------------------------------------------

def _h():
    from neuron import h

    return h


def builtin_names() -> list[str]:
    """The mechanism names a bare NEURON defines (density, point processes, ions)."""
    h = _h()
    names = []
    for t in (0, 1):
        mt = h.MechanismType(t)
        s = h.ref("")
        for i in range(int(mt.count())):
            mt.select(i)
            mt.selected(s)
            names.append(s[0])
    return names


def _load(library: str | None):
    h = _h()
    if library:
        h.nrn_load_dll(str(library))
    return h


def run_protocol(library: str | None, name: str, kind: str, protocol: dict) -> dict:
    """Run the protocol in NEURON; returns ``{"v": [...], "notes": [...]}``."""
    h = _load(library)
    notes = []
    soma = h.Section(name="soma")
    soma.L, soma.diam, soma.nseg, soma.cm = protocol["length"], protocol["diam"], 1, protocol["cm"]
    soma.insert("pas")
    soma(0.5).pas.g = protocol["g_pas"]
    soma(0.5).pas.e = protocol["e_pas"]
    keep = []
    if kind == "density":
        soma.insert(name)
    elif kind == "point":
        keep.append(getattr(h, name)(soma(0.5)))
    else:
        raise ValueError(f"cannot run a {kind} mechanism in a soma")
    table = f"usetable_{name}"
    if hasattr(h, table):
        setattr(h, table, 0)
        notes.append(f"{table} = 0")
    stim = h.IClamp(soma(0.5))
    stim.delay = protocol["stim_delay"]
    stim.dur = protocol["stim_dur"]
    stim.amp = protocol["stim_amp"]
    h.celsius = protocol["celsius"]
    h.secondorder = 0
    h.dt = protocol["dt"]
    v = h.Vector()
    v.record(soma(0.5)._ref_v)
    h.finitialize(protocol["v_init"])
    for _ in range(int(round(protocol["tstop"] / protocol["dt"]))):
        h.fadvance()
    return {"v": list(v), "notes": notes}


def mechanism_standard(library: str | None, name: str, kind: str) -> dict:
    """NEURON's ``MechanismStandard`` for ``name``: PARAMETER (vartype 1, with defaults),
    ASSIGNED (2) and STATE (3) names, with the ``_<name>`` suffix of density mechanisms
    removed; arrays as ``{"name", "size"}``."""
    h = _load(library)
    out = {}
    suffix = f"_{name}" if kind == "density" else ""
    for vartype, key in ((1, "parameters"), (2, "assigned"), (3, "states")):
        ms = h.MechanismStandard(name, vartype)
        s = h.ref("")
        entries = []
        for i in range(int(ms.count())):
            size = int(ms.name(s, i))
            full = s[0]
            short = full[: -len(suffix)] if suffix and full.endswith(suffix) else full
            entry = {"name": short, "size": size}
            if vartype == 1:
                entry["default"] = float(ms.get(full, 0))
            entries.append(entry)
        out[key] = entries
    return out
