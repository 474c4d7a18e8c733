"""Connections: NEURON NetCons onto a point process's NET_RECEIVE."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import SpecError


@dataclass(frozen=True)
class Connection:
    """One NetCon onto a placed point process (or artificial cell).

    ``weight`` is a number, or a sequence for NET_RECEIVE's extra arguments (missing ones
    start at 0). ``events`` are delivery times (ms), as NEURON's ``NetCon.event(t)``.
    ``source`` names a placed artificial cell or point process whose ``net_event`` drives this
    connection after ``delay`` ms. Each connection keeps its own NET_RECEIVE arguments from
    one of its events to the next, as a NetCon does.
    """

    weight: float | Sequence[float] = 0.0
    events: Sequence[float] = ()
    source: str | None = None
    delay: float = 1.0

    def __post_init__(self):
        weights = self.weights
        if not weights:
            raise SpecError("a connection needs a weight")
        if any(not isinstance(w, (int, float)) or isinstance(w, bool) for w in weights):
            raise SpecError(f"connection weights must be numbers, got {self.weight!r}")
        events = tuple(float(t) for t in self.events)
        if any(t < 0 for t in events):
            raise SpecError(f"event times must be >= 0 ms, got {list(self.events)}")
        object.__setattr__(self, "events", tuple(sorted(events)))
        if self.delay < 0:
            raise SpecError(f"a connection delay must be >= 0 ms, got {self.delay}")

    @property
    def weights(self) -> tuple[float, ...]:
        w = self.weight
        return tuple(float(x) for x in w) if isinstance(w, (list, tuple)) else (float(w),)
