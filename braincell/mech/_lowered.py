"""Mechanisms lowered from NMODL: :class:`LoweredMechanism`.

``braincell.load_mod("hh.mod")`` parses and checks the file, lowers it to sympy programs
(:mod:`braincell.dsl.lower`), prints them as a Python module over ``jax.numpy`` and wraps
that module in a :class:`LoweredMechanism`. Its ``source`` is the generated module (the
same text ``braincell compile-mech --emit python`` writes); nothing from the .mod file is
executed, only code printed from validated names and numbers.

The four functions of :class:`~braincell.mech.Mechanism` follow NEURON:

* ``init(p, env)``: INITIAL, with states starting at 0 (a concentration STATE at the ion's
  value), after ``SOLVE ... STEADYSTATE``;
* ``breakpoint(p, s, env)``: BREAKPOINT without its SOLVEs (currents in mA/cm², nA for
  point processes; every ASSIGNED it writes is returned and so stored and recordable);
* ``advance(p, s, env)``: the SOLVE statements, in order, with the new ``env.v``;
* ``derivative(p, s, env)``: ``d state/dt`` of the solved DERIVATIVE/KINETIC blocks.

Parameters that a block assigns (``tau1`` in Exp2Syn's INITIAL) are also ASSIGNED
variables of the same name, so that the value assigned persists per instance; every block
after INITIAL reads that variable, not the parameter.

Events (the contract of the engine's event delivery)
----------------------------------------------------
``initial(p, env) -> (vars, sends)``
    INITIAL as ``init`` does, plus the events it sends (NetStim's ``net_send`` at start).

``net_receive(p, s, args, env, flag) -> (s_new, args_new, sends)``
    One delivery of an event to the instances (all arrays broadcast together; deliver to a
    subset by masking the results with ``jnp.where``). ``args`` maps the NET_RECEIVE
    parameter names, in order (``self.net_receive_args``: the weight first, then the
    per-connection variables), to arrays; ``flag`` is the event's flag (0 for a NetCon
    event, the second argument of ``net_send`` for a self-event); ``env.t`` is the
    delivery time. ``s_new`` holds the variables the block assigned (merge it into the
    stored ``s``); ``args_new`` holds every argument's new value (store those of
    per-connection variables back on the connection).
    ``sends`` is a dict of arrays whose first axis enumerates the ``net_send``/
    ``net_event`` calls in the block's text (a fixed number per mechanism, whether or
    not they execute):

    * ``delay``, ``flag``, ``valid`` -- shape ``(K, *batch)``: ``net_send(delay, flag)``
      calls; deliver a self-event at ``t + delay`` with that flag where ``valid``;
    * ``event_t``, ``event_valid`` -- shape ``(E, *batch)``: ``net_event(t)`` calls; the
      instance spikes at ``event_t`` where ``event_valid`` (its NetCons fire);
    * ``watch_arm``, ``watch_above`` -- shape ``(W, *batch)``, one row per WATCH condition
      (``self.watch_flags``): the WATCH statements the delivery ran. Where any row of
      ``watch_arm`` holds, the instance's conditions are disarmed and those rows armed, each
      true or false according to ``watch_above`` (see :mod:`braincell.dsl.lower.watch`).

``net_receive_init(p, s, args, env) -> (s_new, args_new)``
    The INITIAL block nested in NET_RECEIVE, run once per connection at initialisation.

``watch_values(p, s, env) -> values``
    The WATCH conditions' values from the stored variables, shape ``(W, *batch)``; the
    engine tests them at the start of each step and sends ``watch_flags[w]`` to the
    instances where condition ``w`` is armed and has become positive.

Random numbers
--------------
A mechanism with ``uses_random`` draws them (``normrand``, ``exprand``, ``random_negexp``...
in its .mod file; :mod:`braincell.dsl.lower.randoms`) from ``env.key``, one per instance and
call site: the engine gives every step, group and event delivery its own key, derived from
the run's seed. Called without a key, such a function raises an error.

FOR_NETCONS is not supported yet (lowering reports E506).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..errors import SpecError
from ._mechanism import Mechanism
from ._types import Array, Env, IonUse, Param, Var


@dataclass(frozen=True)
class LoweredMechanism(Mechanism):
    """A mechanism whose functions were generated from an NMODL file."""

    source: str = field(default="", repr=False, compare=False)
    file: str = field(default="<string>", compare=False)
    solve_methods: tuple[tuple[str, str, str], ...] = ()  # (block, kind, method)
    net_receive_args: tuple[str, ...] = ()
    watch_flags: tuple[float, ...] = ()  # the flag of each WATCH condition, in order
    uses_random: bool = False  # draws random numbers (needs env.key)
    tables: bool = False
    diagnostics: tuple = field(default=(), repr=False, compare=False)
    namespace: Mapping = field(default_factory=dict, repr=False, compare=False, hash=False)

    # -- construction -----------------------------------------------------------------------
    @classmethod
    def from_source(cls, source: str, *, file: str = "<string>", solve_methods=(),
                    tables: bool = False, diagnostics=()) -> LoweredMechanism:
        """Wrap generated module ``source`` (from :func:`braincell.dsl.lower.codegen.generate`)."""
        namespace: dict = {"__name__": "braincell_lowered"}
        exec(compile(source, f"<braincell lowered {file}>", "exec"), namespace)  # noqa: S102
        ions = tuple(IonUse(ion, tuple(read), tuple(write), valence)
                     for ion, read, write, valence in namespace["IONS"])
        params = tuple(Param(n, d, u, k, tuple(lim) if lim else None)
                       for n, d, u, k, lim in namespace["PARAMETERS"])
        return cls(
            name=namespace["NAME"], kind=namespace["KIND"], parameters=params,
            states=tuple(Var(n, u) for n, u in namespace["STATES"]),
            assigned=tuple(Var(n, u) for n, u in namespace["ASSIGNED"]), ions=ions,
            nonspecific_currents=tuple(namespace["NONSPECIFIC_CURRENTS"]),
            electrode_currents=tuple(namespace["ELECTRODE_CURRENTS"]), source=source,
            file=file, solve_methods=tuple(solve_methods),
            net_receive_args=tuple(namespace["NET_RECEIVE_ARGS"]),
            watch_flags=tuple(namespace.get("WATCH_FLAGS", ())),
            uses_random=bool(namespace.get("USES_RANDOM", False)), tables=tables,
            diagnostics=tuple(diagnostics), namespace=MappingProxyType(namespace),
        )

    def _fn(self, name: str):
        fn = self.namespace.get(name)
        if fn is None:
            raise SpecError(f"mechanism {self.name!r} ({self.file}) has no {name}() "
                            f"(its .mod file has no block for it)")
        return fn

    # -- the Mechanism interface ------------------------------------------------------------
    def init(self, p: Mapping[str, Array], env: Env):
        return self._fn("init")(p, env)

    def initial(self, p: Mapping[str, Array], env: Env):
        """INITIAL: ``(vars, sends)`` (see the module docstring)."""
        return self._fn("initial")(p, env)

    def breakpoint(self, p, s, env):
        return self._fn("breakpoint")(p, s, env)

    def advance(self, p, s, env):
        return self._fn("advance")(p, s, env)

    def derivative(self, p, s, env):
        if "derivative" not in self.namespace:
            return super().derivative(p, s, env) if self._has_ode_states() else {}
        return self._fn("derivative")(p, s, env)

    def _has_ode_states(self) -> bool:
        return any(kind in ("DERIVATIVE", "KINETIC") for _, kind, _ in self.solve_methods)

    # -- events -----------------------------------------------------------------------------
    @property
    def has_net_receive(self) -> bool:
        return "net_receive" in self.namespace

    def net_receive(self, p, s, args, env, flag):
        """One event: ``(s_new, args_new, sends)`` (see the module docstring)."""
        return self._fn("net_receive")(p, s, args, env, flag)

    def net_receive_init(self, p, s, args, env):
        """NET_RECEIVE's INITIAL: ``(s_new, args_new)``; identity if there is none."""
        if "net_receive_init" not in self.namespace:
            return {}, dict(args)
        return self._fn("net_receive_init")(p, s, args, env)

    def watch_values(self, p, s, env):
        """The WATCH conditions' values, shape ``(len(watch_flags), *batch)`` (> 0: true)."""
        return self._fn("watch_values")(p, s, env)

    def with_tables(self, tables: bool = True) -> LoweredMechanism:
        """The same file lowered with NEURON's TABLE interpolation on (or off)."""
        if tables == self.tables:
            return self
        from .._load import load_mod

        mech = load_mod(self.file, tables=tables)
        return dataclasses.replace(mech, parameters=self.parameters)
