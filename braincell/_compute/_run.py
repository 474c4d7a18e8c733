"""A compiled simulation: initialise, scan the solver over the steps, record probes.

The time loop is chunked: a scan over chunks of a scan over steps, so the compiled program
holds one copy of the step whatever the number of steps, and a long run can report its
progress once per chunk (:mod:`._progress`). Each step records the state it starts from, so
the records need no concatenation (``steps + 1`` records are ``steps + 1`` loop
iterations); the last chunk may be padded with a few steps past ``tstop`` whose results are
dropped.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Literal

import jax
import jax.numpy as jnp
import numpy as np

from ..errors import SimulationError, SpecError
from ._events import deliver
from ._probe import ProbeTarget, Recorder
from ._progress import ProgressBar, ProgressSlot, progress_stream
from ._state import CellParams
from ._system import System

Checkpoint = Literal["step", "chunk"]

# Automatic chunking: runs up to this many records are two chunks; longer runs are split
# into between _MIN_CHUNKS and _MAX_CHUNKS chunks, however many pads the last chunk least.
_SHORT = 256
_MIN_CHUNKS, _MAX_CHUNKS = 32, 64


def step_start_times(dt: float, n_steps: int) -> np.ndarray:
    """The time at the start of each step, accumulated in two half steps per step exactly
    as NEURON does (``t += dt/2`` twice), so event and clamp edges fall where NEURON's do."""
    out = np.empty(n_steps)
    t, half = 0.0, 0.5 * dt
    for k in range(n_steps):
        out[k] = t
        t = (t + half) + half
    return out


def chunking(n_records: int, chunk_steps: int | None = None) -> tuple[int, int]:
    """``(chunks, steps per chunk)`` covering ``n_records`` loop iterations.

    With ``chunk_steps``, chunks hold at most that many steps and at most ``chunks - 1``
    steps are padding. Without, runs up to 256 records are two chunks and longer ones are
    split into 32 to 64 chunks, choosing the count that pads least. There are always two
    chunks or more (one record excepted): XLA compiles a loop of one iteration away, and
    the step fused into the surrounding program may round differently, so every chunking
    then gives the same traces, bit for bit.
    """
    if n_records <= 1:
        return 1, 1
    if chunk_steps is not None:
        chunks = max(2, math.ceil(n_records / chunk_steps))
    elif n_records <= _SHORT:
        chunks = 2
    else:
        chunks = min(range(_MIN_CHUNKS, _MAX_CHUNKS + 1),
                     key=lambda c: (c * math.ceil(n_records / c) - n_records, c))
    return chunks, math.ceil(n_records / chunks)


@dataclass(frozen=True, eq=False)
class Simulation:
    """A model plus a protocol, ready to run as a pure function of its parameters.

    ``run(params)`` returns the traces as an array ``(steps + 1, probes)`` and may be
    ``jax.jit``-ed, ``jax.grad``-ed and ``jax.vmap``-ed. ``params`` holds the defaults.

    ``chunk_steps`` bounds the steps per chunk of the time loop (default: automatic, see
    :func:`chunking`). ``checkpoint`` says what reverse mode keeps: ``"step"`` (default)
    one state per step, and each step's intermediates are recomputed when it is
    differentiated (two forward passes in all); ``"chunk"`` one state per chunk, and each
    chunk is recomputed (keeping one state per step of it) when it is differentiated
    (three forward passes in all, memory for ``chunks + steps per chunk`` states instead of
    ``steps``). Neither changes the result. Change them with :meth:`replace`.

    ``seed`` seeds the random numbers of mechanisms that draw them (``normrand``,
    ``exprand``, ``random_negexp``... in a .mod file); ``run(params, seed=s)`` overrides it
    for one run, and may be traced: ``jax.vmap(lambda s: sim.run(seed=s))(seeds)`` runs
    independent trials. Each step gets the key ``fold_in(fold_in(key(seed), 1), step)``
    (the initialisation ``fold_in(key(seed), 0)``), so the numbers do not depend on the
    chunking; a model that draws nothing ignores the seed.
    """

    system: System
    solver: object
    dt: float
    tstop: float
    names: tuple[str, ...]
    targets: tuple[ProbeTarget, ...]
    params: CellParams
    chunk_steps: int | None = None
    checkpoint: Checkpoint = "step"
    seed: int = 0

    def __post_init__(self):
        if not self.dt > 0:
            raise SpecError(f"dt must be > 0 (got {self.dt})")
        if not self.tstop >= 0:
            raise SpecError(f"tstop must be >= 0 (got {self.tstop})")
        if self.chunk_steps is not None and not (isinstance(self.chunk_steps, int)
                                                 and self.chunk_steps >= 1):
            raise SpecError(f"chunk_steps must be a positive integer or None "
                            f"(got {self.chunk_steps!r})")
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)):
            raise SpecError(f"seed must be an integer (got {self.seed!r})")
        if self.checkpoint not in ("step", "chunk"):
            raise SpecError(f"checkpoint must be 'step' or 'chunk' (got {self.checkpoint!r})")
        chunks, steps = chunking(self.n_steps + 1, self.chunk_steps)
        times = step_start_times(self.dt, chunks * steps).reshape(chunks, steps)
        object.__setattr__(self, "_times", times)
        object.__setattr__(self, "_recorder", Recorder(self.targets, self._position))
        object.__setattr__(self, "_progress", ProgressSlot())
        object.__setattr__(self, "_jit_run", jax.jit(self.run))
        object.__setattr__(self, "_jit_checked",
                           jax.jit(lambda p, s: self._scan(p, with_flags=True, seed=s)))
        object.__setattr__(self, "_jit_checked_progress", jax.jit(
            lambda p, s: self._scan(p, with_flags=True, progress=True, seed=s)))

    def _position(self, target: ProbeTarget) -> int:
        if target.source == "var":
            return self.system.var_position(target.group, target.index)
        return target.index

    def replace(self, **changes) -> Simulation:
        """A copy with some fields changed: ``sim.replace(chunk_steps=200,
        checkpoint="chunk")``."""
        return dataclasses.replace(self, **changes)

    @property
    def n_steps(self) -> int:
        return int(round(self.tstop / self.dt))

    @property
    def chunks(self) -> tuple[int, int]:
        """``(chunks, steps per chunk)`` of the time loop."""
        return self._times.shape

    @property
    def t(self) -> np.ndarray:
        """Recording times: 0, dt, ..., tstop (``round(tstop/dt) + 1`` points)."""
        return np.arange(self.n_steps + 1) * self.dt

    def _keys(self, seed):
        """The random keys of the initialisation and of the steps (None: nothing draws)."""
        if not self.system.random:
            return None, None
        base = jax.random.key(self.seed if seed is None else seed)
        return jax.random.fold_in(base, 0), jax.random.fold_in(base, 1)

    def init(self, params: CellParams, seed=None):
        return self.system.init(params, self.dt, self._keys(seed)[0])

    def run(self, params: CellParams | None = None, seed=None):
        """Traces ``(n_steps + 1, len(names))``; pure and differentiable. ``seed``: the
        seed of the random numbers (default: the Simulation's)."""
        return self._scan(self.params if params is None else params, with_flags=False,
                          seed=seed)

    def _scan(self, params: CellParams, with_flags: bool, progress: bool = False, seed=None):
        dt, system = self.dt, self.system
        params = system.prepare(params)  # dense groups' parameters onto the nodes, once
        keys = self._keys(seed)[1]

        def step(st, x):
            if keys is not None:  # the step's key, from the step's number
                x, k = x
                st = st.replace(key=jax.random.fold_in(keys, k))
            t = x
            # Record the state the step starts from: record k is the state at t_k.
            rec = self._recorder(st)
            if with_flags:
                rec = (rec, self._finite_flags(st))
            if system.events is not None:
                st = deliver(system, params, st, t, dt)
            return self.solver.step(system, params, st, t, dt), rec

        def chunk(st, ts):
            return jax.lax.scan(step, st, ts)

        # Reverse mode rematerialises each step (one state kept per step) and, nested, each
        # chunk (one state kept per chunk); neither changes a forward run.
        step = jax.checkpoint(step)
        if self.checkpoint == "chunk":
            chunk = jax.checkpoint(chunk)

        def outer(st, xs):
            index, ts = xs
            st, rec = chunk(st, ts)
            if progress:
                jax.debug.callback(self._progress.chunk_done, index)
            return st, rec

        chunks, steps = self._times.shape
        ts = jnp.asarray(self._times)
        if keys is not None:
            ts = (ts, jnp.arange(chunks * steps, dtype=jnp.uint32).reshape(chunks, steps))
        xs = (jnp.arange(chunks), ts)
        _, rec = jax.lax.scan(outer, self.init(params, seed), xs)
        n = self.n_steps + 1
        return jax.tree_util.tree_map(lambda r: r.reshape(chunks * steps, *r.shape[2:])[:n],
                                      rec)

    def _finite_flags(self, state):
        """One flag per group (are its STATEs finite?), one for v, one for the event queue.

        ASSIGNED values are not checked: a .mod file may leave an unused one at inf or NaN
        (NEURON does not mind either), and any that matters reaches a state or v."""
        flags = []
        for index, (group, vars_) in enumerate(zip(self.system.layout.groups, state.vars)):
            names = [v.name for v in group.mech.states if v.name in vars_]
            absent = self.system.member_mask(index)
            absent = False if absent is None else ~absent  # a dense group's other nodes

            def finite(x, absent=absent):
                return jnp.all(jnp.isfinite(x) | absent)

            flags.append(jnp.all(jnp.array([finite(vars_[n]) for n in names]))
                         if names else jnp.array(True))
        ok_events = jnp.array(True) if state.events is None else ~state.events.overflow
        return jnp.stack([*flags, jnp.all(jnp.isfinite(state.v)), ok_events])

    def run_jit(self, params: CellParams | None = None, seed=None):
        """``run`` compiled once per Simulation."""
        return self._jit_run(self.params if params is None else params, seed)

    def run_batch(self, params: CellParams, devices=None):
        """A batch of parameter sets (a leading axis on every leaf), sharded over all
        devices; see :mod:`braincell._compute._batch`."""
        from ._batch import run_batch

        return run_batch(self, params, devices)

    def run_checked(self, params: CellParams | None = None, progress=None,
                    seed=None) -> np.ndarray:
        """Run (compiled once) and raise :class:`SimulationError` if anything went
        non-finite, naming the first trace, the mechanism and the time.

        ``progress``: ``None`` shows a progress bar when stderr is a terminal, ``True``
        always (on stderr), ``False`` never; a stream (anything with ``write``) shows it
        there. The bar is drawn once per chunk, from inside the compiled loop.
        """
        params = self.params if params is None else params
        stream = progress_stream(progress)
        if stream is None:
            traces, flags = self._jit_checked(params, seed)
        else:
            with self._progress.showing(ProgressBar(self.tstop, stream), self._chunk_end_ms):
                traces, flags = jax.block_until_ready(self._jit_checked_progress(params, seed))
        traces, flags = np.asarray(traces), np.asarray(flags)
        bad = ~np.isfinite(traces)
        if bad.any() or not flags.all():
            raise SimulationError(self._describe_nonfinite(bad, flags))
        return traces

    def _chunk_end_ms(self, index: int) -> float:
        """The time (ms) of the last record of chunk ``index``."""
        return min((index + 1) * self._times.shape[1] - 1, self.n_steps) * self.dt

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

