"""The NMODL syntax tree: frozen dataclasses, one per block, statement and expression kind.

Every node has a ``span`` (:class:`~braincell.dsl.diagnostics.SourceSpan`) that says where
it came from. Spans take no part in equality, so ``parse(print_module(m)) == m`` holds.
Numbers keep the text they were written with (``Number("1e-3")``); the ``value`` property
gives the float. Names are plain strings where the grammar only allows a name (block
names, declarations) and :class:`Name` nodes where they are expressions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields

from .diagnostics import NO_SPAN, SourceSpan

node = dataclass(frozen=True)


@node
class Node:
    """Base class of every syntax-tree node."""

    span: SourceSpan = field(default=NO_SPAN, compare=False, repr=False, kw_only=True)


# ----------------------------------------------------------------------------- expressions
@node
class Unit(Node):
    """A unit annotation: the text between the parentheses, e.g. ``mA/cm2``."""

    text: str


@node
class Number(Node):
    """A number as written (``"-70"``, ``".5"``, ``"1e-3"``), with an optional unit."""

    text: str
    unit: Unit | None = None

    @property
    def value(self) -> float:
        return float(self.text)


@node
class Name(Node):
    """A reference to a variable (or a DEFINEd constant)."""

    id: str


@node
class Prime(Node):
    """A derivative reference such as ``m'`` (order 1) or ``x''`` (order 2)."""

    id: str
    order: int = 1


@node
class Indexed(Node):
    """An array element: ``target[index]``."""

    target: Name | Prime
    index: Expr


@node
class String(Node):
    """A string argument (only allowed in calls, such as ``printf("...")``)."""

    value: str


@node
class Call(Node):
    func: str
    args: tuple[Expr | String, ...] = ()


@node
class UnaryOp(Node):
    op: str  # "-" or "!"
    operand: Expr


@node
class BinaryOp(Node):
    op: str  # one of + - * / ^ < <= > >= == != && ||
    left: Expr
    right: Expr


Expr = Number | Name | Prime | Indexed | Call | UnaryOp | BinaryOp
VarRef = Name | Prime | Indexed


# ----------------------------------------------------------------------------- statements
@node
class LocalVar(Node):
    name: str
    size: str | None = None  # array size: an integer or a DEFINEd name


@node
class Local(Node):
    variables: tuple[LocalVar, ...]


@node
class Block(Node):
    """``{ statements }``."""

    statements: tuple[Stmt, ...] = ()


@node
class Assign(Node):
    """``target = value``; a :class:`Prime` target makes it a differential equation."""

    target: VarRef
    value: Expr


@node
class Protect(Node):
    assign: Assign


@node
class CallStmt(Node):
    call: Call


@node
class Equation(Node):
    """``~ lhs = rhs`` in a LINEAR or NONLINEAR block (``~+`` when ``add``)."""

    lhs: Expr
    rhs: Expr
    add: bool = False


@node
class Species(Node):
    """One term of a reaction: an optional integer stoichiometry and a variable."""

    target: VarRef
    coefficient: str | None = None


@node
class Reaction(Node):
    """``~ reactants <-> products (forward, backward)``."""

    reactants: tuple[Species, ...]
    products: tuple[Species, ...]
    forward: Expr
    backward: Expr


@node
class Flux(Node):
    """``~ species << (rate)`` (``direction="<<"``) or ``~ species -> (rate)``."""

    species: tuple[Species, ...]
    direction: str
    rate: Expr


@node
class Conserve(Node):
    species: tuple[Species, ...]
    value: Expr


@node
class Compartment(Node):
    """``COMPARTMENT [index,] volume { species }``."""

    index: str | None
    volume: Expr
    species: tuple[str, ...]


@node
class LongitudinalDiffusion(Node):
    """``LONGITUDINAL_DIFFUSION [index,] rate { species }``."""

    index: str | None
    rate: Expr
    species: tuple[str, ...]


@node
class Solve(Node):
    """``SOLVE block [METHOD m | STEADYSTATE m]``."""

    block: str
    method: str | None = None
    steadystate: bool = False


@node
class Table(Node):
    """``TABLE [names] [DEPEND names] FROM start TO stop WITH steps``."""

    names: tuple[str, ...]
    depend: tuple[str, ...]
    start: Expr
    stop: Expr
    steps: str


@node
class ElseIf(Node):
    condition: Expr
    body: Block


@node
class If(Node):
    condition: Expr
    body: Block
    elifs: tuple[ElseIf, ...] = ()
    orelse: Block | None = None


@node
class While(Node):
    condition: Expr
    body: Block


@node
class FromLoop(Node):
    """``FROM i = start TO stop [BY step] { ... }``."""

    variable: str
    start: Expr
    stop: Expr
    step: Expr | None
    body: Block


@node
class WatchItem(Node):
    left: Expr
    op: str  # ">" or "<"
    right: Expr
    flag: Number


@node
class Watch(Node):
    items: tuple[WatchItem, ...]


@node
class Param(Node):
    """A FUNCTION/PROCEDURE/NET_RECEIVE parameter with an optional unit."""

    name: str
    unit: Unit | None = None


@node
class ForNetcons(Node):
    params: tuple[Param, ...]
    body: Block


@node
class InitialStmt(Node):
    """The ``INITIAL { }`` nested in a NET_RECEIVE block."""

    body: Block


@node
class Lag(Node):
    name: str
    by: str


@node
class Conductance(Node):
    name: str
    ion: str | None = None


@node
class MutexLock(Node):
    pass


@node
class MutexUnlock(Node):
    pass


@node
class UnitsSwitch(Node):
    """``UNITSON`` (``on``) or ``UNITSOFF``."""

    on: bool


@node
class Comment(Node):
    """``COMMENT ... ENDCOMMENT``: ``text`` is everything between the two keywords' lines."""

    text: str


@node
class Verbatim(Node):
    """``VERBATIM ... ENDVERBATIM``: raw C text, kept but never executed."""

    text: str


Stmt = (
    Local | Block | Assign | Protect | CallStmt | Equation | Reaction | Flux | Conserve
    | Compartment | LongitudinalDiffusion | Solve | Table | If | While | FromLoop | Watch
    | ForNetcons | InitialStmt | Lag | Conductance | MutexLock | MutexUnlock | UnitsSwitch
    | Comment | Verbatim
)


# ----------------------------------------------------------------------------- NEURON block
@node
class Suffix(Node):
    """``SUFFIX``, ``POINT_PROCESS`` or ``ARTIFICIAL_CELL`` (the ``kind``) and a name."""

    kind: str
    name: str


@node
class UseIon(Node):
    ion: str
    read: tuple[str, ...] = ()
    write: tuple[str, ...] = ()
    valence: Number | None = None
    represents: str | None = None


@node
class NameList(Node):
    """RANGE, GLOBAL, POINTER, BBCOREPOINTER, EXTERNAL, NONSPECIFIC_CURRENT,
    ELECTRODE_CURRENT or RANDOM (the ``kind``) and its names."""

    kind: str
    names: tuple[str, ...]


@node
class ThreadSafe(Node):
    pass


@node
class Represents(Node):
    ontology: str


@node
class NeuronBlock(Node):
    statements: tuple[Suffix | UseIon | NameList | ThreadSafe | Represents, ...] = ()


# ----------------------------------------------------------------------------- declarations
@node
class UnitDef(Node):
    """``(name) = (definition)`` in a UNITS block."""

    name: Unit
    definition: Unit


@node
class UnitFactor(Node):
    """``F = 96485 (coulomb)``, ``R = (k-mole) (joule/degC)`` or ``x = (foot) -> (inch)``."""

    name: str
    value: Number | None
    units: tuple[Unit, ...]
    arrow: bool = False


@node
class UnitsBlock(Node):
    definitions: tuple[UnitDef | UnitFactor, ...] = ()


@node
class Limits(Node):
    low: Number
    high: Number


@node
class Parameter(Node):
    name: str
    value: Number | None = None
    unit: Unit | None = None
    limits: Limits | None = None
    size: str | None = None


@node
class ParameterBlock(Node):
    parameters: tuple[Parameter, ...] = ()


@node
class Variable(Node):
    """An ASSIGNED or STATE declaration."""

    name: str
    size: str | None = None
    low: Number | None = None  # FROM low TO high
    high: Number | None = None
    start: Number | None = None
    unit: Unit | None = None
    abstol: Number | None = None


@node
class AssignedBlock(Node):
    variables: tuple[Variable, ...] = ()


@node
class StateBlock(Node):
    variables: tuple[Variable, ...] = ()


@node
class Constant(Node):
    name: str
    value: Number
    unit: Unit | None = None


@node
class ConstantBlock(Node):
    constants: tuple[Constant, ...] = ()


@node
class Independent(Node):
    name: str
    low: Number
    high: Number
    steps: str
    start: Number | None = None
    unit: Unit | None = None
    sweep: bool = False


@node
class IndependentBlock(Node):
    variables: tuple[Independent, ...] = ()


@node
class Title(Node):
    text: str


@node
class Include(Node):
    path: str


@node
class Define(Node):
    name: str
    value: str


# ----------------------------------------------------------------------------- procedures
@node
class InitialBlock(Node):
    body: Block


@node
class BreakpointBlock(Node):
    body: Block


@node
class DerivativeBlock(Node):
    name: str
    body: Block


@node
class KineticBlock(Node):
    name: str
    solvefor: tuple[str, ...]
    body: Block


@node
class LinearBlock(Node):
    name: str
    solvefor: tuple[str, ...]
    body: Block


@node
class NonlinearBlock(Node):
    name: str
    solvefor: tuple[str, ...]
    body: Block


@node
class ProcedureBlock(Node):
    name: str
    params: tuple[Param, ...]
    unit: Unit | None
    body: Block


@node
class FunctionBlock(Node):
    name: str
    params: tuple[Param, ...]
    unit: Unit | None
    body: Block


@node
class FunctionTableBlock(Node):
    name: str
    params: tuple[Param, ...]
    unit: Unit | None = None


@node
class NetReceiveBlock(Node):
    params: tuple[Param, ...]
    body: Block


@node
class BeforeBlock(Node):
    when: str  # BREAKPOINT, SOLVE, INITIAL or STEP
    body: Block


@node
class AfterBlock(Node):
    when: str
    body: Block


@node
class ConstructorBlock(Node):
    body: Block


@node
class DestructorBlock(Node):
    body: Block


@node
class Module(Node):
    """A whole .mod file: its top-level items in order."""

    items: tuple[Node, ...] = ()
    file: str = field(default="<string>", compare=False)


# ----------------------------------------------------------------------------- traversal
def children(n: Node) -> Iterator[Node]:
    """The direct child nodes of ``n``, in field order."""
    for f in fields(n):
        if f.name == "span":
            continue
        value = getattr(n, f.name)
        if isinstance(value, Node):
            yield value
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, Node):
                    yield item


def walk(n: Node) -> Iterator[Node]:
    """Every node under ``n`` (``n`` first), depth first, without recursion."""
    stack = [n]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(children(current))))


def depth(n: Node) -> tuple[int, Node]:
    """The nesting depth of the tree under ``n`` and its deepest node (no recursion)."""
    best, deepest = 0, n
    stack = [(n, 1)]
    while stack:
        current, level = stack.pop()
        if level > best:
            best, deepest = level, current
        stack.extend((child, level + 1) for child in children(current))
    return best, deepest
