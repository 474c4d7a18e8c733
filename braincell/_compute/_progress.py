"""A one-line progress bar for long runs, drawn once per chunk of the time loop.

On a terminal the line is redrawn in place (at most ten times a second); on any other
stream a new line is written at every tenth of the run, so logs stay readable.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager

_WIDTH = 24


def progress_stream(progress):
    """The stream to draw on for the ``progress`` option, or None for no bar.

    ``None``: stderr when it is a terminal; ``True``: stderr; ``False``: none; anything
    with a ``write`` method: that stream.
    """
    if progress is None:
        stream = sys.stderr
        isatty = getattr(stream, "isatty", None)
        return stream if isatty is not None and isatty() else None
    if progress is True:
        return sys.stderr
    if progress is False:
        return None
    if hasattr(progress, "write"):
        return progress
    raise TypeError(f"progress must be None, True, False or a stream, not {progress!r}")


class ProgressBar:
    """``simulating  42% |██████████              | 42/100 ms  0.8 s``"""

    def __init__(self, total_ms: float, stream, label: str = "simulating"):
        self.total = float(total_ms)
        self.stream = stream
        self.label = label
        isatty = getattr(stream, "isatty", None)
        self.tty = bool(isatty is not None and isatty())
        self._start = time.perf_counter()
        self._last_draw = -1.0
        self._last_tenth = -1
        self._t = 0.0
        self._shown = False

    def start(self) -> None:
        self._start = time.perf_counter()
        self.update(0.0)

    def update(self, t_ms: float) -> None:
        self._t = t_ms
        now = time.perf_counter()
        fraction = 1.0 if self.total <= 0 else min(max(t_ms / self.total, 0.0), 1.0)
        if self.tty:
            if now - self._last_draw < 0.1 and fraction < 1.0:
                return
            self._last_draw = now
            self._write("\r" + self._line(fraction, now))
        else:
            tenth = int(fraction * 10)
            if tenth == self._last_tenth:
                return
            self._last_tenth = tenth
            self._write(self._line(fraction, now) + "\n")

    def close(self, done: bool = True) -> None:
        if done:
            self.update(self.total)
        if self.tty and self._shown:
            self._write("\n")

    def _line(self, fraction: float, now: float) -> str:
        filled = fraction * _WIDTH
        full = int(filled)
        bar = "█" * full + (" ▏▎▍▌▋▊▉"[int((filled - full) * 8)] if full < _WIDTH else "")
        return (f"{self.label} {fraction:4.0%} |{bar.ljust(_WIDTH)}| "
                f"{self._t:g}/{self.total:g} ms  {now - self._start:.1f} s")

    def _write(self, text: str) -> None:
        self._shown = True
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken stream must not stop the run
            pass


class ProgressSlot:
    """Where a compiled loop's per-chunk callback finds the bar of the run in progress:
    the callback is compiled once, the bar changes from run to run."""

    def __init__(self):
        self._bar = None
        self._to_ms = None

    @contextmanager
    def showing(self, bar: ProgressBar, to_ms):
        """Route chunk callbacks to ``bar``; ``to_ms(index)`` is the time a chunk ends at."""
        self._bar, self._to_ms = bar, to_ms
        bar.start()
        done = False
        try:
            yield bar
            done = True
        finally:
            self._bar, self._to_ms = None, None
            bar.close(done=done)

    def chunk_done(self, index) -> None:
        if self._bar is not None:
            self._bar.update(self._to_ms(int(index)))
