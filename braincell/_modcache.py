"""A cache of lowered .mod files: the generated module, in the process and on disk.

Lowering a file (parse, check, sympy passes, code generation) takes from 0.1 s to seconds;
loading the generated module takes milliseconds and needs neither sympy nor lark. So
:func:`braincell.load_mod` keeps what it generated, keyed by a hash of

* the file's bytes, the name it was loaded under and ``tables``;
* the source of the lowering itself (every ``braincell/dsl`` module, ``_fastexp.py``, which
  every generated module embeds, and the grammar) and
  the versions of sympy and lark, so that a changed lowering never reuses old code.

Only lowerings without diagnostics are kept (a file whose lowering warns is lowered, and
warns, every time). The folder is ``lowered/`` in braincell's cache
(:func:`braincell._resources.cache_dir`); ``BRAINCELL_CACHE_DIR=off`` turns the disk cache
off. A damaged or unreadable entry is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from functools import cache
from importlib import metadata
from pathlib import Path

from ._resources import cache_dir, data_dir

_FORMAT = 1
_PACKAGE = Path(__file__).resolve().parent
_memory: dict[str, object] = {}
_lock = threading.Lock()


@cache
def _fingerprint() -> bytes:
    """A hash of everything that decides the generated code."""
    h = hashlib.sha256(f"format {_FORMAT}\n".encode())
    for dist in ("sympy", "lark"):
        try:
            h.update(f"{dist} {metadata.version(dist)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist} ?\n".encode())
    files = sorted((_PACKAGE / "dsl").rglob("*.py"))
    files.append(_PACKAGE / "_fastexp.py")  # embedded in every generated module
    files.append(data_dir("grammar") / "nmodl.lark")
    for path in files:
        h.update(f"{path.relative_to(path.parents[1]).as_posix()}\n".encode())
        h.update(path.read_bytes())
    return h.digest()


def key(data: bytes, file: str, tables: bool) -> str:
    """The cache key of ``data`` (a .mod file's bytes) loaded as ``file``."""
    h = hashlib.sha256(_fingerprint())
    h.update(f"\n{file}\n{bool(tables)}\n".encode())
    h.update(data)
    return h.hexdigest()[:32]


@cache
def _folder() -> Path | None:
    return cache_dir("lowered")


def recall(k: str):
    """The mechanism kept under ``k`` in this process, or None."""
    return _memory.get(k)


def remember(k: str, mechanism) -> None:
    with _lock:
        _memory[k] = mechanism


def load(k: str) -> dict | None:
    """The entry stored on disk under ``k`` (``source`` and ``solves``), or None."""
    folder = _folder()
    if folder is None:
        return None
    try:
        entry = json.loads((folder / f"{k}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != k or not isinstance(
            entry.get("source"), str):
        return None
    return entry


def store(k: str, source: str, solves) -> None:
    """Write the entry atomically; a folder that cannot be written is skipped."""
    folder = _folder()
    if folder is None:
        return
    entry = {"key": k, "source": source, "solves": [list(s) for s in solves]}
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{k}.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(entry, out)
        os.replace(tmp, folder / f"{k}.json")
    except OSError:
        Path(tmp).unlink(missing_ok=True)
