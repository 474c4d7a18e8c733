"""Source positions, diagnostics and the errors that carry them.

A :class:`Diagnostic` is one finding about a .mod file: an error (the file cannot be used)
or a warning (legal but suspicious). It renders like a compiler message::

    hh.mod:12:5: error[E201]: unknown name 'gnabr'; did you mean 'gnabar'?
       12 |     gna = gnabr*m*m*m*h
          |           ^~~~~

:class:`MechanismError` carries one or more diagnostics; it is a user error
(:class:`braincell.errors.BraincellError`), so the command line prints it without a
traceback.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..errors import BraincellError

__all__ = [
    "SourceSpan",
    "NO_SPAN",
    "Severity",
    "Diagnostic",
    "MechanismError",
    "MechanismSyntaxError",
    "render_diagnostics",
    "diagnostics_to_json",
]


@dataclass(frozen=True, order=True)
class SourceSpan:
    """A range of source text. Lines and columns count from 1; ``end_column`` is one past
    the last character (so a one-character token at column 5 ends at column 6)."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }

    def cover(self, other: SourceSpan) -> SourceSpan:
        """The smallest span holding both ``self`` and ``other`` (same file)."""
        if other is NO_SPAN:
            return self
        if self is NO_SPAN:
            return other
        start = min((self.line, self.column), (other.line, other.column))
        end = max((self.end_line, self.end_column), (other.end_line, other.end_column))
        return SourceSpan(self.file, start[0], start[1], end[0], end[1])


NO_SPAN = SourceSpan("<unknown>", 0, 0, 0, 0)
"""The span of a node built by hand rather than parsed."""


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One finding: ``code`` is ``E###`` for errors and ``W###`` for warnings."""

    severity: Severity
    code: str
    message: str
    span: SourceSpan = NO_SPAN
    notes: tuple[str, ...] = field(default=())

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.span.file, self.span.line, self.span.column, self.code)

    def render(self, source: str | None = None) -> str:
        """``file:line:col: error[E###]: message``, the source line and a caret underline."""
        where = f"{self.span}: " if self.span is not NO_SPAN else ""
        lines = [f"{where}{self.severity.value}[{self.code}]: {self.message}"]
        if source is not None and self.span.line > 0:
            lines.extend(_excerpt(source, self.span))
        lines.extend(f"  = note: {note}" for note in self.notes)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "span": self.span.to_dict(),
            "notes": list(self.notes),
        }


def _excerpt(source: str, span: SourceSpan) -> list[str]:
    text_lines = source.split("\n")
    if not 1 <= span.line <= len(text_lines):
        return []
    text = text_lines[span.line - 1].expandtabs(1)
    start = max(span.column, 1)
    if span.end_line == span.line:
        width = max(span.end_column - span.column, 1)
    else:
        width = max(len(text) - start + 1, 1)
    number = str(span.line)
    gutter = " " * len(number)
    underline = " " * (start - 1) + "^" + "~" * (width - 1)
    return [f" {number} | {text}", f" {gutter} | {underline}"]


def render_diagnostics(diagnostics: Iterable[Diagnostic], sources: dict[str, str] | None = None) -> str:
    """Render several diagnostics, each with its source excerpt when ``sources`` has it."""
    sources = sources or {}
    return "\n".join(d.render(sources.get(d.span.file)) for d in diagnostics)


def diagnostics_to_json(diagnostics: Iterable[Diagnostic]) -> list[dict[str, object]]:
    """The JSON form: a list of dicts (severity, code, message, span, notes)."""
    return [d.to_dict() for d in diagnostics]


class MechanismError(BraincellError):
    """A .mod file that cannot be used; carries the :class:`Diagnostic` list that says why."""

    def __init__(self, diagnostics: Sequence[Diagnostic], source: str | None = None) -> None:
        if not diagnostics:
            raise ValueError("MechanismError needs at least one diagnostic")
        self.diagnostics: tuple[Diagnostic, ...] = tuple(sorted(diagnostics, key=Diagnostic.sort_key))
        self.source = source
        super().__init__(self._summary())

    @property
    def span(self) -> SourceSpan:
        """Where the first diagnostic points."""
        return self.diagnostics[0].span

    def _summary(self) -> str:
        errors = [d for d in self.diagnostics if d.is_error] or list(self.diagnostics)
        text = render_diagnostics(errors, {errors[0].span.file: self.source} if self.source else None)
        if len(errors) > 1:
            text += f"\n{len(errors)} errors"
        return text


class MechanismSyntaxError(MechanismError):
    """The text is not NMODL that NEURON would accept (a lexing or parsing error)."""
