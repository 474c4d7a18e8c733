"""Reading run-spec files (JSON or TOML)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..errors import SpecError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def load_spec(path: str | Path) -> dict[str, Any]:
    """Read a ``.json`` or ``.toml`` run spec into a dict (not yet validated)."""
    path = Path(path)
    if not path.is_file():
        raise SpecError(f"{path}: no such spec file")
    text = path.read_text(encoding="utf-8")
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            data = json.loads(text)
        elif suffix == ".toml":
            data = tomllib.loads(text)
        else:
            raise SpecError(f"{path}: a spec must end in .json or .toml (got {suffix or 'none'!r})")
    except json.JSONDecodeError as exc:
        raise SpecError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{path}: invalid TOML: {exc}") from None
    if not isinstance(data, dict):
        raise SpecError(f"{path}: the spec must be a table/object of keys")
    return data
