"""A compiled simulation: initialise, scan the solver over the steps, record probes."""

from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from ..errors import SimulationError, SpecError
from ._events import deliver
from ._probe import ProbeTarget, Recorder
from ._state import CellParams
from ._system import System


def step_start_times(dt: float, n_steps: int) -> np.ndarray:
    """The time at the start of each step, accumulated in two half steps per step exactly
    as NEURON does (``t += dt/2`` twice), so event and clamp edges fall where NEURON's do."""
    out = np.empty(n_steps)
    t, half = 0.0, 0.5 * dt
    for k in range(n_steps):
        out[k] = t
        t = (t + half) + half
    return out


@dataclass(frozen=True, eq=False)
class Simulation:
    """A model plus a protocol, ready to run as a pure function of its parameters.

    ``run(params)`` returns the traces as an array ``(steps + 1, probes)`` and may be
    ``jax.jit``-ed, ``jax.grad``-ed and ``jax.vmap``-ed. ``params`` holds the defaults.
    """

    system: System
    solver: object
    dt: float
    tstop: float
    names: tuple[str, ...]
    targets: tuple[ProbeTarget, ...]
    params: CellParams

    def __post_init__(self):
        if not self.dt > 0:
            raise SpecError(f"dt must be > 0 (got {self.dt})")
        if not self.tstop >= 0:
            raise SpecError(f"tstop must be >= 0 (got {self.tstop})")
        object.__setattr__(self, "_recorder", Recorder(self.targets))
        object.__setattr__(self, "_jit_run", jax.jit(self.run))
        object.__setattr__(self, "_jit_checked",
                           jax.jit(lambda p: self._scan(p, with_flags=True)))

    @property
    def n_steps(self) -> int:
        return int(round(self.tstop / self.dt))

    @property
    def t(self) -> np.ndarray:
        """Recording times: 0, dt, ..., tstop (``round(tstop/dt) + 1`` points)."""
        return np.arange(self.n_steps + 1) * self.dt

    def init(self, params: CellParams):
        return self.system.init(params, self.dt)

    def run(self, params: CellParams | None = None):
        """Traces ``(n_steps + 1, len(names))``; pure and differentiable."""
        return self._scan(self.params if params is None else params, with_flags=False)

    def _scan(self, params: CellParams, with_flags: bool):
        dt = self.dt
        state = self.init(params)

        def record(st):
            rec = self._recorder(st)
            return (rec, self._finite_flags(st)) if with_flags else rec

        # Rematerialised under reverse mode: the backward pass keeps one state per step
        # and recomputes the step's intermediates (no effect on a forward run).
        @jax.checkpoint
        def body(st, t):
            if self.system.events is not None:
                st = deliver(self.system, params, st, t, dt)
            st = self.solver.step(self.system, params, st, t, dt)
            return st, record(st)

        _, rec = jax.lax.scan(body, state, jnp.asarray(step_start_times(dt, self.n_steps)))
        return jax.tree_util.tree_map(lambda a, b: jnp.concatenate([a[None], b]),
                                      record(state), rec)

    def _finite_flags(self, state):
        """One flag per group (are its STATEs finite?), one for v, one for the event queue.

        ASSIGNED values are not checked: a .mod file may leave an unused one at inf or NaN
        (NEURON does not mind either), and any that matters reaches a state or v."""
        flags = []
        for group, vars_ in zip(self.system.layout.groups, state.vars):
            names = [v.name for v in group.mech.states if v.name in vars_]
            flags.append(jnp.all(jnp.array([jnp.all(jnp.isfinite(vars_[n])) for n in names]))
                         if names else jnp.array(True))
        ok_events = jnp.array(True) if state.events is None else ~state.events.overflow
        return jnp.stack([*flags, jnp.all(jnp.isfinite(state.v)), ok_events])

    def run_jit(self, params: CellParams | None = None):
        """``run`` compiled once per Simulation."""
        return self._jit_run(self.params if params is None else params)

    def run_batch(self, params: CellParams, devices=None):
        """A batch of parameter sets (a leading axis on every leaf), sharded over all
        devices; see :mod:`braincell._compute._batch`."""
        from ._batch import run_batch

        return run_batch(self, params, devices)

    def run_checked(self, params: CellParams | None = None) -> np.ndarray:
        """Run (compiled once) and raise :class:`SimulationError` if anything went
        non-finite, naming the first trace, the mechanism and the time."""
        traces, flags = self._jit_checked(self.params if params is None else params)
        traces, flags = np.asarray(traces), np.asarray(flags)
        bad = ~np.isfinite(traces)
        if bad.any() or not flags.all():
            raise SimulationError(self._describe_nonfinite(bad, flags))
        return traces

    def _describe_nonfinite(self, bad: np.ndarray, flags: np.ndarray) -> str:
        step = int(np.argmax(~flags.all(axis=1)))
        which = int(np.argmax(~flags[step]))
        labels = [g.label for g in self.system.layout.groups]
        if which == len(labels) + 1:
            return (f"the event queue overflowed at t = {step * self.dt:g} ms (more pending "
                    f"events than it holds); this is a limit of braincell, please report it")
        what = (f"mechanism {labels[which]!r}" if which < len(labels) else "the membrane voltage")
        text = f"the simulation became non-finite at t = {step * self.dt:g} ms in {what}"
        if bad.any():
            first = int(np.argmax(bad.any(axis=1)))
            trace = self.names[int(np.argmax(bad[first]))]
            text += f"; the first non-finite trace is {trace!r} at t = {first * self.dt:g} ms"
        return text + "; try a smaller dt or check the mechanisms' parameters"
