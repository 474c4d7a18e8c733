"""The one error class of the morphology layer: it names the file and line when there is one."""

from __future__ import annotations

from pathlib import Path

from braincell.errors import BraincellError


class MorphologyError(BraincellError):
    """An invalid morphology: bad topology, a zero radius, an unknown type, an unreadable file.

    ``path`` and ``line`` (1-based) locate the problem in a file when it came from one; the
    message starts with ``path:line:`` so editors can jump there.
    """

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.path = None if path is None else str(path)
        self.line = line
        where = ""
        if self.path is not None:
            where = f"{self.path}:{line}: " if line is not None else f"{self.path}: "
        super().__init__(where + message)
