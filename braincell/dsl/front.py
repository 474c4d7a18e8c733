"""The whole front end in one call: read, parse and check, collecting every diagnostic."""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from . import ast as A
from .check import check
from .diagnostics import Diagnostic, MechanismError, Severity
from .parse import decode_source, normalise_newlines, parse

__all__ = ["FrontEndResult", "check_source", "check_file"]


@dataclass(frozen=True)
class FrontEndResult:
    """What the front end found: the module (None when it did not parse), the diagnostics
    (sorted by position) and the decoded source text."""

    file: str
    source: str
    module: A.Module | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def ok(self) -> bool:
        return self.module is not None and not self.errors

    def raise_for_errors(self) -> A.Module:
        """The module, or a :class:`MechanismError` carrying every diagnostic."""
        if not self.ok:
            raise MechanismError(self.errors or self.diagnostics, self.source)
        assert self.module is not None
        return self.module


def check_source(text: str | bytes, file: str = "<string>") -> FrontEndResult:
    """Parse and check ``text``; syntax errors become diagnostics instead of exceptions."""
    source = decode_source(text) if isinstance(text, bytes) else normalise_newlines(text)
    try:
        module = parse(source, file=file)
    except MechanismError as exc:
        return FrontEndResult(file, source, None, exc.diagnostics)
    return FrontEndResult(file, source, module, tuple(check(module, source)))


def check_file(path: str | PathLike[str]) -> FrontEndResult:
    """:func:`check_source` on a file; an unreadable file gives an E000 diagnostic."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        diagnostic = Diagnostic(Severity.ERROR, "E000", f"cannot read {p}: {reason}")
        return FrontEndResult(str(path), "", None, (diagnostic,))
    return check_source(data, file=str(path))
