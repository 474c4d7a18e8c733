"""Diagnostics collected while lowering (codes E5xx / W5xx, see docs/importing-neuron.md)."""

from __future__ import annotations

from ..diagnostics import NO_SPAN, Diagnostic, MechanismError, Severity, SourceSpan


class Abort(Exception):
    """Stop lowering: an error was recorded that makes going on pointless."""


class Reporter:
    """Collects the findings of every pass; :meth:`done` raises them as one error."""

    def __init__(self) -> None:
        self.found: list[Diagnostic] = []

    def error(self, code: str, message: str, span: SourceSpan = NO_SPAN, *notes: str) -> None:
        if not any(d.code == code and d.span == span and d.message == message for d in self.found):
            self.found.append(Diagnostic(Severity.ERROR, code, message, span, tuple(notes)))

    def fatal(self, code: str, message: str, span: SourceSpan = NO_SPAN, *notes: str):
        self.error(code, message, span, *notes)
        raise Abort

    def warning(self, code: str, message: str, span: SourceSpan = NO_SPAN, *notes: str) -> None:
        self.found.append(Diagnostic(Severity.WARNING, code, message, span, tuple(notes)))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.found if d.is_error]

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.found if not d.is_error)

    def done(self, source: str | None = None) -> None:
        """Raise a :class:`MechanismError` with every error found so far, if any."""
        if self.errors:
            raise MechanismError(self.errors, source)


class InternalLoweringError(RuntimeError):
    """A bug in braincell's lowering (not in the .mod file); please report it."""
