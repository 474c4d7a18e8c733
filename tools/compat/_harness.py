"""Run the whole corpus: compile with NEURON, run both simulators, compare, one row per file."""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from ._modinfo import ModInfo, scan
from ._neuron import BuildResult, build, nrnivmodl_path
from ._protocol import PROTOCOL, Protocol, compare, spike_count
from ._worker import REPO_ROOT, call

__all__ = ["Row", "STATUSES", "ACCEPTANCE_PACKAGES", "load_corpus", "corpus_files", "neuron_builtin_names",
           "run_corpus", "run_files"]

ACCEPTANCE_PACKAGES = ("neuron", "bluepyopt", "nmodl", "dendrotweaks", "lfpy")
"""The NEURON-dialect packages of issue 4's acceptance (``tests/corpus.py`` also lists arbor,
whose .mod files are in Arbor's dialect and are not part of this comparison)."""

STATUSES = {
    "match": "max|ΔV| ≤ 1e-3 mV and the same spike count",
    "differs": "braincell runs, but the traces differ (numbers in the row), or its run stops "
               "(a SimulationError, max|ΔV| inf) where NEURON's does not",
    "unsupported": "braincell rejects the file with a located error (first line in the note)",
    "pending": "the braincell side cannot run yet: braincell.load_mod is missing",
    "neuron-rejects": "NEURON's nrnivmodl does not compile the file",
    "neuron-error": "NEURON compiles the file but cannot run the protocol with it",
    "not-applicable": "not a membrane mechanism (ARTIFICIAL_CELL) or not a .mod file",
    "crash": "braincell failed with something other than a BraincellError: a bug",
}


@dataclass
class Row:
    package: str
    file: str                    # relative to the unpacked package
    mechanism: str | None        # name declared in the file
    kind: str | None             # density / point / artificial
    status: str = "crash"
    max_dv: float | None = None  # mV
    spikes_neuron: int | None = None
    spikes_braincell: int | None = None
    note: str = ""
    stand_in: bool = False       # braincell side ran a hand-written mechanism, not load_mod
    neuron_name: str | None = None
    compiled_copy: str | None = None

    @property
    def in_scope(self) -> bool:
        """Counts towards the acceptance: NEURON compiles it, and it is density or point."""
        return self.status not in ("neuron-rejects", "not-applicable")

    def to_dict(self) -> dict:
        return asdict(self)


def load_corpus():
    """``tests/corpus.py`` (imported by path; it is the single source of the corpus)."""
    name = "_braincell_tests_corpus"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "tests" / "corpus.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def corpus_files(packages: Iterable[str] = ACCEPTANCE_PACKAGES) -> dict[str, tuple[Path, list[Path]]]:
    """``{package spec: (unpacked root, .mod files)}`` (downloads on first use; empty lists
    when offline without a cache)."""
    corpus = load_corpus()
    wanted = set(packages)
    out = {}
    for package in corpus.PACKAGES:
        if package.name in wanted:
            files = corpus.mod_files(package)
            root = corpus.corpus_dir() / f"{package.name}-{package.version}" / "unpacked"
            out[package.spec] = (root, files)
    return out


def neuron_builtin_names(timeout: float = 120.0) -> set[str]:
    result = call({"side": "builtins"}, timeout)
    if not result["ok"]:
        raise RuntimeError(f"cannot start NEURON: {result['message']}")
    return set(result["names"])


def run_files(entries: list[tuple[str, Path, Path]], *, protocol: Protocol = PROTOCOL,
              jobs: int = 2, timeout: float = 900.0, workdir: Path | None = None,
              progress: Callable[[str], None] = lambda s: None) -> list[Row]:
    """Run ``(package, root, path)`` entries; one :class:`Row` per entry, in input order."""
    from ._braincell import STAND_INS, has_load_mod

    if nrnivmodl_path() is None:
        raise RuntimeError("nrnivmodl not found: install neuron==9.0.2 (pip install neuron)")
    own_tmp = None
    if workdir is None:
        own_tmp = tempfile.TemporaryDirectory(prefix="braincell-compat-")
        workdir = Path(own_tmp.name)
    try:
        lowering = has_load_mod()
        reserved = neuron_builtin_names(timeout)
        rows: list[Row] = []
        infos: dict[int, ModInfo] = {}
        folders: dict[tuple[str, Path], list[int]] = defaultdict(list)
        for package, root, path in entries:
            info = scan(path)
            rel = str(path.relative_to(root)) if path.is_relative_to(root) else path.name
            row = Row(package, rel, info.name, info.kind)
            if info.template:
                row.status, row.note = "not-applicable", "a Jinja template, not a .mod file"
            elif info.kind is None:
                info = ModInfo(path, path.stem, "density", info.ions, info.pointers, info.has_table)
                row.mechanism, row.kind = path.stem, "density"
                row.note = "no SUFFIX: NEURON names it after the file"
            rows.append(row)
            infos[len(rows) - 1] = info
            if not info.template:
                folders[(package, path.parent)].append(len(rows) - 1)

        # 1. NEURON builds, one folder each (files in a folder may depend on each other)
        def build_folder(item) -> tuple[list[int], BuildResult]:
            n, ((package, folder), indices) = item
            tag = "-".join([f"{n:03d}", package.split("==")[0], *folder.parts[-2:]])
            progress(f"nrnivmodl {package} {folder.name}/ ({len(indices)} files)")
            return indices, build([infos[i] for i in indices], workdir / tag, reserved,
                                  timeout=max(timeout, 600.0))

        ordered = sorted(folders.items(), key=lambda kv: str(kv[0]))
        with ThreadPoolExecutor(max(1, jobs)) as pool:
            builds = list(pool.map(build_folder, enumerate(ordered)))

        tasks = []
        for indices, result in builds:
            for i in indices:
                row, info = rows[i], infos[i]
                path = info.path
                row.neuron_name = result.names.get(path)
                copy = result.copies.get(path)
                row.compiled_copy = str(copy) if copy else None
                notes = [result.renamed[path]] if path in result.renamed else []
                if path in result.errors or result.library is None:
                    row.status = "neuron-rejects"
                    row.note = result.errors.get(path, "the folder does not compile")
                    continue
                if info.kind == "artificial":
                    row.status = "not-applicable"
                    row.note = "ARTIFICIAL_CELL: no membrane current to compare"
                    continue
                if info.pointers:
                    notes.append(f"declares POINTER {', '.join(info.pointers)} (left unset)")
                row.note = "; ".join(notes)
                tasks.append((i, str(result.library)))

        # 2. both simulators, one process per file and side
        def run_one(task) -> None:
            i, library = task
            row, info = rows[i], infos[i]
            progress(f"run {row.package} {row.file}")
            nrn = call({"side": "neuron", "library": library, "name": row.neuron_name,
                        "kind": info.kind, "protocol": protocol.to_dict()}, timeout)
            if not nrn["ok"]:
                row.status = "neuron-error"
                row.note = _join(row.note, "NEURON: " + nrn["message"])
                return
            row.spikes_neuron = spike_count(nrn["v"])
            if not lowering and STAND_INS.get(info.name) != info.kind:
                row.status = "pending"
                row.note = _join(row.note, "braincell.load_mod is not available yet")
                return
            bc = call({"side": "braincell", "path": row.compiled_copy, "original": info.name,
                       "name": row.neuron_name, "kind": info.kind,
                       "protocol": protocol.to_dict()}, timeout)
            if not bc["ok"]:
                row.status = {"braincell": "unsupported", "pending": "pending",
                              "simulation": "differs"}.get(bc["error"], "crash")
                if bc["error"] == "simulation":  # NEURON ran it: braincell's run went wrong
                    row.max_dv = float("inf")
                # messages cite the compiled copy: name the file instead
                message = bc["message"].replace(row.compiled_copy, info.path.name)
                row.note = _join(row.note, message)
                return
            row.stand_in = bool(bc.get("stand_in"))
            if row.stand_in:
                row.note = _join(row.note, f"stand-in: hand-written braincell.mech.{info.name}")
            try:
                cmp = compare(nrn["v"], bc["v"])
            except ValueError as exc:
                row.status, row.note = "crash", _join(row.note, str(exc))
                return
            row.max_dv = cmp.max_dv
            row.spikes_braincell = cmp.spikes_braincell
            row.status = "match" if cmp.match else "differs"

        with ThreadPoolExecutor(max(1, jobs)) as pool:
            list(pool.map(run_one, tasks))
        return rows
    finally:
        if own_tmp is not None:
            own_tmp.cleanup()


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a else b


def run_corpus(packages: Iterable[str] = ACCEPTANCE_PACKAGES, **kw) -> tuple[list[Row], dict]:
    """Every file of ``packages``; returns the rows and ``{package spec: note}`` for packages
    that could not be fetched."""
    entries, missing = [], {}
    for spec, (root, files) in corpus_files(packages).items():
        if not files:
            missing[spec] = "cannot download it (offline?) and no cached copy"
        entries += [(spec, root, f) for f in files]
    return run_files(entries, **kw), missing
