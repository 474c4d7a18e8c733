"""Error classes shared by every stage.

``BraincellError`` is a *user* error: the message says what is wrong and how to fix it, and
command-line tools print it without a traceback and exit with status 1. Anything else that
escapes is a bug in braincell (``InternalError``, exit status 3).
"""

from __future__ import annotations


class BraincellError(Exception):
    """A problem with what the user gave us (a model, a spec, a file)."""


class SpecError(BraincellError):
    """An invalid run spec or model declaration."""


class SimulationError(BraincellError):
    """A simulation that cannot go on (for example it became non-finite)."""


class InternalError(Exception):
    """A bug in braincell. Please report it."""
