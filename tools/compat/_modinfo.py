"""What the harness needs to know about a .mod file before either simulator sees it.

A deliberately small scan of the NEURON block (comments, COMMENT ... ENDCOMMENT and VERBATIM
removed): the mechanism's name and kind, its ions, POINTERs and TABLEs. It works on files that
braincell's own front end may reject, so a rejection can be reported per file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ModInfo", "scan", "scan_text", "renamed_source", "RENAME_SUFFIX"]

RENAME_SUFFIX = "_mod"
"""Appended to a mechanism name that NEURON already defines (hh, pas, ExpSyn, IClamp...)."""

_BLOCK_COMMENT = re.compile(r"^[ \t]*COMMENT\b.*?^[ \t]*ENDCOMMENT\b", re.S | re.M)
_VERBATIM = re.compile(r"^[ \t]*VERBATIM\b.*?^[ \t]*ENDVERBATIM\b", re.S | re.M)
_LINE_COMMENT = re.compile(r"[:?].*$", re.M)
_NEURON_BLOCK = re.compile(r"\bNEURON\s*\{")
_KIND = re.compile(r"\b(SUFFIX|POINT_PROCESS|ARTIFICIAL_CELL)\s+([A-Za-z_]\w*)")
_USEION = re.compile(r"\bUSEION\s+([A-Za-z_]\w*)")
_KINDS = {"SUFFIX": "density", "POINT_PROCESS": "point", "ARTIFICIAL_CELL": "artificial"}


@dataclass(frozen=True)
class ModInfo:
    """The NEURON-block facts of one .mod file."""

    path: Path
    name: str | None            # SUFFIX / POINT_PROCESS / ARTIFICIAL_CELL name (None: none)
    kind: str | None            # "density", "point", "artificial"
    ions: tuple[str, ...] = ()
    pointers: tuple[str, ...] = ()
    has_table: bool = False
    template: bool = False      # a Jinja template, not a .mod file
    problems: tuple[str, ...] = field(default=())

    @property
    def ion_variables(self) -> frozenset[str]:
        """Names that belong to the ions (``cai``, ``ena``, ``ik``...), not the mechanism."""
        out = set()
        for ion in self.ions:
            out |= {f"{ion}i", f"{ion}o", f"e{ion}", f"i{ion}"}
        return frozenset(out)


def _strip(text: str) -> str:
    text = _BLOCK_COMMENT.sub("", text)
    text = _VERBATIM.sub("", text)
    return _LINE_COMMENT.sub("", text)


def _neuron_block(text: str) -> str | None:
    m = _NEURON_BLOCK.search(text)
    if m is None:
        return None
    depth, i = 1, m.end()
    while i < len(text) and depth:
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
    return text[m.end():i - 1]


def scan_text(text: str, path: Path = Path("<text>")) -> ModInfo:
    """The :class:`ModInfo` of ``text`` (the contents of ``path``)."""
    if "{{" in text or "{%" in text:
        return ModInfo(path, None, None, template=True)
    block = _neuron_block(_strip(text))
    if block is None:
        return ModInfo(path, None, None, problems=("no NEURON block",))
    kind = _KIND.search(block)
    ions = tuple(dict.fromkeys(_USEION.findall(block)))
    pointers = tuple(
        name
        for m in re.finditer(r"\b(?:BBCOREPOINTER|POINTER)\b([^\n]*)", block)
        for name in re.findall(r"[A-Za-z_]\w*", m.group(1))
    )
    return ModInfo(
        path=path,
        name=kind.group(2) if kind else None,
        kind=_KINDS[kind.group(1)] if kind else None,
        ions=ions,
        pointers=pointers,
        has_table=re.search(r"\bTABLE\b", _strip(text)) is not None,
    )


def scan(path: Path) -> ModInfo:
    """The :class:`ModInfo` of the .mod file at ``path`` (latin-1 tolerant)."""
    return scan_text(Path(path).read_bytes().decode("latin-1"), Path(path))


def renamed_source(text: str, old: str, new: str) -> str:
    """``text`` with the mechanism's SUFFIX/POINT_PROCESS/ARTIFICIAL_CELL ``old`` named ``new``.

    Only the declaration is rewritten: NEURON derives every other name (``gnabar_hh``,
    ``usetable_hh``) from it.
    """
    pattern = re.compile(rf"\b(SUFFIX|POINT_PROCESS|ARTIFICIAL_CELL)(\s+){re.escape(old)}\b")
    hidden = [m.span() for m in _BLOCK_COMMENT.finditer(text)]
    hidden += [m.span() for m in _VERBATIM.finditer(text)]
    for m in pattern.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        commented = re.search(r"[:?]", text[line_start:m.start()]) is not None
        if commented or any(a <= m.start() < b for a, b in hidden):
            continue
        return text[:m.start()] + f"{m.group(1)}{m.group(2)}{new}" + text[m.end():]
    raise ValueError(f"no declaration of {old!r} to rename")
