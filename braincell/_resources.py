"""Locate the data folders shipped with braincell (``grammar/``, ``mechanisms/``, ``examples/``).

In a source checkout (editable install) they sit at the repository root, next to the
``braincell`` package. In a built wheel they are copied to ``braincell/_data/``.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder ``name`` (``"grammar"``, ``"mechanisms"`` or ``"examples"``)."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"braincell's data folder {name!r} is missing from the installation "
        f"(looked in {_PACKAGE / '_data'} and {_PACKAGE.parent}); reinstall braincell"
    )


def cache_dir(sub: str) -> Path | None:
    """A writable folder ``sub`` of braincell's disk cache, or None when it is turned off
    (``BRAINCELL_CACHE_DIR=off``) or nothing is writable.

    The cache is ``$BRAINCELL_CACHE_DIR/braincell``, else ``$XDG_CACHE_HOME/braincell``,
    else ``~/.cache/braincell``, else a ``braincell-cache`` folder in the temporary folder."""
    base = os.environ.get("BRAINCELL_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    if os.environ.get("BRAINCELL_CACHE_DIR") == "off":
        return None
    folder = Path(base) / "braincell" if base else Path.home() / ".cache" / "braincell"
    for candidate in (folder / sub, Path(tempfile.gettempdir()) / "braincell-cache" / sub):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(candidate, os.W_OK):
            return candidate
    return None
