"""The lowered mechanism: frozen data with sympy expressions, handed from pass to pass.

A block of NMODL becomes a :class:`Program`: straight-line items (SSA assignments, state
derivatives, reactions, Newton solves, event sends) followed by named results. Symbols name
where a value comes from, so that a printer can map them to code and a test can build the
expected equations by hand:

=================  ==================================================
symbol name        meaning
=================  ==================================================
``p.g``            PARAMETER ``g`` (one value per instance)
``s.m``            STATE or persistent ASSIGNED ``m`` (the value before the block)
``ion.ena``        ion variable ``ena`` as the engine provides it
``env.v``          ``v``, ``t``, ``dt``, ``celsius``, ``diam``, ``area``
``arg.weight``     a NET_RECEIVE argument; ``flag`` the event flag
``_t3``            a temporary (one SSA value)
=================  ==================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from ..diagnostics import NO_SPAN, Diagnostic, SourceSpan

TRUE = sympy.true
ENV_NAMES = ("v", "t", "dt", "celsius", "diam", "area")


def sym(name: str) -> sympy.Symbol:
    """The (real) symbol called ``name``; all symbols of the IR are made here."""
    return sympy.Symbol(name, real=True)


def param(name: str) -> sympy.Symbol:
    return sym(f"p.{name}")


def state(name: str) -> sympy.Symbol:
    return sym(f"s.{name}")


def ion(name: str) -> sympy.Symbol:
    return sym(f"ion.{name}")


def env(name: str) -> sympy.Symbol:
    return sym(f"env.{name}")


def arg(name: str) -> sympy.Symbol:
    return sym(f"arg.{name}")


FLAG = sym("flag")


# ----------------------------------------------------------------------------- program items
@dataclass(frozen=True)
class Assign:
    """``target = value``; ``guard`` is the condition under which the value is used (the
    printer protects divisions, logarithms and exponentials of unused branches with it)."""

    target: sympy.Symbol
    value: sympy.Expr
    guard: sympy.Basic = TRUE


@dataclass(frozen=True)
class Prime:
    """``name' = value`` in a DERIVATIVE block (``value`` in terms of the values there)."""

    name: str
    value: sympy.Expr
    span: SourceSpan = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class Reaction:
    """``~ A + 2 B <-> C (kf, kb)``: species as (name, stoichiometry); ``kb`` is 0 for
    ``->``. ``flux_f``/``flux_b`` are the symbols that ``f_flux``/``b_flux`` after it read.
    Species that are not STATEs (``fixed``, e.g. an ion concentration) enter the rates with
    their value and get no equation."""

    reactants: tuple[tuple[str, int], ...]
    products: tuple[tuple[str, int], ...]
    kf: sympy.Expr
    kb: sympy.Expr
    flux_f: sympy.Symbol | None = None
    flux_b: sympy.Symbol | None = None
    fixed: tuple[tuple[str, sympy.Expr], ...] = ()  # species that are not STATEs


@dataclass(frozen=True)
class Flux:
    """``~ A << (rate)``: a flux into ``A`` (amount per time, not divided by a volume).
    After it, ``f_flux`` reads 0 and ``b_flux`` reads the rate (``flux_f``/``flux_b``)."""

    name: str
    rate: sympy.Expr
    flux_f: sympy.Symbol | None = None
    flux_b: sympy.Symbol | None = None


@dataclass(frozen=True)
class Conserve:
    """``CONSERVE a A + b B = total``; replaces the equation of the last state named."""

    terms: tuple[tuple[str, sympy.Expr], ...]
    total: sympy.Expr


@dataclass(frozen=True)
class Compartment:
    """``COMPARTMENT volume { names }``: the right-hand sides of ``names`` are divided by
    ``volume``."""

    names: tuple[str, ...]
    volume: sympy.Expr


@dataclass(frozen=True)
class Newton:
    """Solve ``residual(unknowns) = 0`` by Newton's method from ``guess``; bind the solution
    to ``targets``. ``residual`` is a Program over the ``unknowns`` (and outer symbols)
    whose results are the equations in order. ``iterations`` steps with the exact
    Jacobian (derivimplicit; LINEAR with one step), or, with ``scopmath``, scopmath's
    ``newton()`` as NEURON runs a NONLINEAR block: central finite-difference Jacobian,
    refreshed while the relative change exceeds 0.05, until the relative change is at most
    1e-6 and every residual at most 1e-8 (at most 50 iterations)."""

    targets: tuple[sympy.Symbol, ...]
    unknowns: tuple[sympy.Symbol, ...]
    guess: tuple[sympy.Expr, ...]
    residual: Program
    iterations: int
    scopmath: bool = False


@dataclass(frozen=True)
class SparseSolve:
    """A KINETIC block advanced as NEURON's ``sparse`` does (scopmath's sparse.cpp): Newton
    iterations on backward Euler, ``M dx = -r``, with

    * ``r_i = vol_i (u_i - o_i)/dt - flux_i(u)`` (a CONSERVE row: ``sum c_j vol_j u_j - total``),
    * ``M`` nocmodl's matrix: the mass-action derivatives with the rate expressions held
      fixed, no entry for ``<<`` fluxes.

    ``system`` is a Program over ``unknowns`` (the iterate) and ``olds`` (the values at the
    start of the step) whose results are the n residuals, then the matrix entries at the
    positions ``entries``. ``linear`` (nocmodl's ``_linmat``): one iteration, no clamping;
    otherwise iterate until ``sum |dx| <= 1e-6``, setting negative states to 0 after each
    iteration. ``steadystate``: scopmath's ``_ss_sparse`` (``dt`` is then 1e9 in ``system``).
    The solution is bound to ``targets``."""

    targets: tuple[sympy.Symbol, ...]
    unknowns: tuple[sympy.Symbol, ...]
    olds: tuple[sympy.Symbol, ...]
    start: tuple[sympy.Expr, ...]
    system: Program
    entries: tuple[tuple[int, int], ...]
    linear: bool
    steadystate: bool = False


@dataclass(frozen=True)
class Loop:
    """A FROM loop with run-time bounds: for ``j`` in ``range(trips)``, ``index = start +
    j*step`` while ``index <= stop`` (``>=`` for a negative step), ``carried = body(index,
    carried)``; the final values are bound to ``targets``. ``body`` is a Program over
    ``index`` and the placeholders ``carried`` whose results are the new carried values, in
    order; ``init`` their values before the loop. ``masked[k]``: the k-th value must be
    selected (``where(index <= stop, new, old)``) at the end of an iteration; an array
    changed only by guarded stores needs no selection. (:mod:`.loops`)"""

    index: sympy.Symbol
    start: sympy.Expr
    stop: sympy.Expr
    step: int
    trips: int
    carried: tuple[sympy.Symbol, ...]
    init: tuple[sympy.Expr, ...]
    body: Program
    masked: tuple[bool, ...]
    targets: tuple[sympy.Symbol, ...]


@dataclass(frozen=True)
class Send:
    """``net_send(delay, flag)`` (``kind="send"``) or ``net_event(t)`` (``kind="event"``,
    ``delay`` holds the time), valid where ``guard`` holds."""

    kind: str
    delay: sympy.Expr
    flag: sympy.Expr
    guard: sympy.Basic = TRUE


Item = (Assign | Prime | Reaction | Flux | Conserve | Compartment | Newton | SparseSolve | Loop
        | Send)


@dataclass(frozen=True)
class Program:
    """Items in order, then ``results``: (variable name, expression) pairs."""

    items: tuple[Item, ...] = ()
    results: tuple[tuple[str, sympy.Expr], ...] = ()

    @property
    def result_map(self) -> dict[str, sympy.Expr]:
        return dict(self.results)

    def assigns(self) -> dict[sympy.Symbol, sympy.Expr]:
        return {i.target: i.value for i in self.items if isinstance(i, Assign)}

    def sends(self) -> tuple[Send, ...]:
        return tuple(i for i in self.items if isinstance(i, Send))


# ----------------------------------------------------------------------------- declarations
@dataclass(frozen=True)
class ParamDecl:
    name: str
    default: float
    unit: str = ""
    scope: str = "range"  # "range" or "global"
    limits: tuple[float, float] | None = None


@dataclass(frozen=True)
class VarDecl:
    name: str
    unit: str = ""


@dataclass(frozen=True)
class IonDecl:
    ion: str
    read: tuple[str, ...]
    write: tuple[str, ...]
    valence: int | None = None


@dataclass(frozen=True)
class SolveDecl:
    """One SOLVE statement: the block, its kind (DERIVATIVE...), the method NEURON uses
    and the method the file asked for."""

    block: str
    kind: str
    method: str
    requested: str | None
    span: SourceSpan = field(default=NO_SPAN, compare=False)


@dataclass(frozen=True)
class MechanismIR:
    """Everything the code generator needs about one mechanism."""

    name: str
    kind: str  # density | point | artificial
    parameters: tuple[ParamDecl, ...]
    states: tuple[VarDecl, ...]
    assigned: tuple[VarDecl, ...]
    ions: tuple[IonDecl, ...]
    nonspecific_currents: tuple[str, ...]
    electrode_currents: tuple[str, ...]
    solves: tuple[SolveDecl, ...] = ()
    initial: Program = Program()
    breakpoint: Program = Program()
    advance: Program = Program()
    derivative: Program | None = None
    net_receive: Program | None = None
    net_receive_args: tuple[str, ...] = ()
    net_receive_init: Program | None = None
    watch: Program | None = None  # the WATCH conditions' values (results watch.0, ...)
    watch_flags: tuple[float, ...] = ()  # the flag each WATCH condition sends
    uses_random: bool = False  # some block draws random numbers (.randoms)
    title: str = ""
    file: str = "<string>"
    tables: bool = False
    diagnostics: tuple[Diagnostic, ...] = field(default=(), compare=False)
