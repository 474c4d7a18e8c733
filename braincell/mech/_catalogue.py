"""``Catalogue``: a folder of .mod files as mechanisms by name, lowered when first used."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from os import PathLike
from pathlib import Path

from ..errors import SpecError
from ._mechanism import Mechanism, did_you_mean

_COMMENT_BLOCK = re.compile(r"^\s*COMMENT\b.*?^\s*ENDCOMMENT\b", re.S | re.M)
_VERBATIM_BLOCK = re.compile(r"^\s*VERBATIM\b.*?^\s*ENDVERBATIM\b", re.S | re.M)
_LINE_COMMENT = re.compile(r"[:?].*$", re.M)
_NAME = re.compile(r"\b(?:SUFFIX|POINT_PROCESS|ARTIFICIAL_CELL)\s+([A-Za-z_]\w*)")


def mechanism_name(text: str) -> str | None:
    """The name a .mod file declares (SUFFIX/POINT_PROCESS/ARTIFICIAL_CELL), without
    parsing the whole file; None if there is none."""
    text = _VERBATIM_BLOCK.sub("", _COMMENT_BLOCK.sub("", text))
    m = _NAME.search(_LINE_COMMENT.sub("", text))
    return m.group(1) if m else None


class Catalogue(Mapping[str, Mechanism]):
    """Mechanisms by name from .mod files; each is lowered the first time it is used.

    >>> cat = braincell.Catalogue.from_dir("my_mechanisms/")   # doctest: +SKIP
    >>> cell.paint(cat["nat"](gbar=0.05))                      # doctest: +SKIP
    """

    def __init__(self, files: Mapping[str, Path], *, tables: bool = False) -> None:
        self._files = dict(files)
        self._tables = tables
        self._cache: dict[str, Mechanism] = {}

    @classmethod
    def from_dir(cls, path: str | PathLike, *, tables: bool = False) -> Catalogue:
        """Every ``*.mod`` file in ``path``. Two files that define one name are an error
        that names both."""
        folder = Path(path)
        if not folder.is_dir():
            raise SpecError(f"mechanism folder {folder} does not exist")
        files: dict[str, Path] = {}
        for file in sorted(folder.glob("*.mod")):
            name = mechanism_name(file.read_bytes().decode("latin-1"))
            if name is None:
                continue
            if name in files:
                raise SpecError(f"mechanism {name!r} is defined twice: in {files[name]} and in "
                                f"{file}; remove or rename one of them")
            files[name] = file
        return cls(files, tables=tables)

    @classmethod
    def builtin(cls, *, tables: bool = False) -> Catalogue:
        """braincell's shipped catalogue (the ``mechanisms/`` folder)."""
        from .._resources import data_dir

        return cls.from_dir(data_dir("mechanisms"), tables=tables)

    def path(self, name: str) -> Path:
        """The .mod file that defines ``name``."""
        self._known(name)
        return self._files[name]

    def _known(self, name: str) -> None:
        if name not in self._files:
            raise KeyError(f"no mechanism {name!r} in the catalogue{did_you_mean(name, self._files)}"
                           f"; have: {', '.join(sorted(self._files))}")

    def __getitem__(self, name: str) -> Mechanism:
        self._known(name)
        if name not in self._cache:
            from .._load import load_mod

            self._cache[name] = load_mod(self._files[name], tables=self._tables)
        return self._cache[name]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._files))

    def __len__(self) -> int:
        return len(self._files)

    def __contains__(self, name: object) -> bool:
        return name in self._files

    def __repr__(self) -> str:
        return f"Catalogue({', '.join(sorted(self._files))})"
