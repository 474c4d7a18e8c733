"""Locate the data folders shipped with braincell (``grammar/``, ``mechanisms/``, ``examples/``).

In a source checkout (editable install) they sit at the repository root, next to the
``braincell`` package. In a built wheel they are copied to ``braincell/_data/``.
"""

from __future__ import annotations

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
