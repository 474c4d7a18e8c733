"""The symbol table of a mechanism: what each global name is, and NEURON's built-in names.

Declarations come from PARAMETER, STATE, ASSIGNED, CONSTANT, INDEPENDENT, top-level LOCAL,
DEFINE, UNITS factors, the NEURON block (ion variables, currents, POINTER, RANDOM, EXTERNAL)
and the FUNCTION/PROCEDURE/FUNCTION_TABLE blocks. NEURON itself provides the special
variables (``v``, ``t``, ``dt``, ``celsius``, ...) and the functions of its scoplib and
C math library (``exp``, ``log``, ``fabs``, ...), listed here as nocmodl 9.0.2 knows them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from . import ast as A
from .diagnostics import NO_SPAN, Diagnostic, Severity, SourceSpan

__all__ = [
    "SymbolKind", "Symbol", "SymbolTable", "build_symbols", "SPECIAL_VARIABLES",
    "BUILTIN_FUNCTIONS", "valid_ion_variables",
]


class SymbolKind(enum.Enum):
    PARAMETER = "PARAMETER"
    STATE = "STATE"
    ASSIGNED = "ASSIGNED"
    CONSTANT = "CONSTANT"
    INDEPENDENT = "INDEPENDENT"
    GLOBAL_LOCAL = "top-level LOCAL"
    DEFINE = "DEFINE"
    UNIT_FACTOR = "UNITS factor"
    ION = "ion variable"
    CURRENT = "current"
    POINTER = "POINTER"
    RANDOM = "RANDOM"
    EXTERNAL = "EXTERNAL"
    SPECIAL = "NEURON variable"
    FUNCTION = "FUNCTION"
    PROCEDURE = "PROCEDURE"
    FUNCTION_TABLE = "FUNCTION_TABLE"
    BUILTIN = "built-in function"
    LOCAL = "LOCAL"
    ARGUMENT = "argument"
    LOOP = "loop variable"

    @property
    def is_callable(self) -> bool:
        return self in (SymbolKind.FUNCTION, SymbolKind.PROCEDURE, SymbolKind.FUNCTION_TABLE,
                        SymbolKind.BUILTIN)


@dataclass(frozen=True)
class Symbol:
    name: str
    kind: SymbolKind
    span: SourceSpan = NO_SPAN
    arity: int | None = None  # callables: the number of arguments (None: any)
    size: str | None = None  # arrays: their size


SPECIAL_VARIABLES = ("v", "t", "dt", "celsius", "diam", "area", "secondorder", "pi", "PI")
"""Variables NEURON provides to every mechanism (``PI`` comes from NEURON's C headers)."""

# Functions nocmodl knows (src/nocmodl/extdef.h, NEURON 9.0.2) with their argument counts;
# None means "any number" (variadic, or scoplib functions taking arrays and functions).
# ``exprelr`` (x/(exp(x)-1)), ``min`` and ``max`` are not in nocmodl's list but the C code it
# generates can call them, and mechanisms that NEURON runs do.
BUILTIN_FUNCTIONS: dict[str, int | None] = {
    **{f: 1 for f in (
        "exp", "log", "log10", "fabs", "sqrt", "sin", "cos", "tan", "asin", "acos", "atan",
        "sinh", "cosh", "tanh", "floor", "ceil", "erf", "factorial", "exprand", "poisrand",
        "poisson", "setseed", "set_seed", "nrn_pointing", "net_event", "net_move", "exprelr",
    )},
    **{f: 2 for f in ("atan2", "fmod", "pow", "normrand", "gauss", "net_send", "min", "max")},
    "nrn_ghk": 4,
    **{f: None for f in (
        "printf", "prterr", "first_time", "error", "f_flux", "b_flux", "threshold", "force",
        "deflate", "expfit", "derivs", "spline", "hyperbol", "revhyperbol", "sigmoid",
        "revsigmoid", "harmonic", "squarewave", "sawtooth", "revsawtooth", "ramp", "pulse",
        "perpulse", "step", "perstep", "scop_random", "boundary", "romberg", "legendre",
        "invert", "stepforce", "schedule", "state_discontinuity",
        "nrn_random_play", "at_time", "random_setseq", "random_setids", "random_uniform",
        "random_negexp", "random_normal", "random_ipick", "random_dpick",
    )},
}


def valid_ion_variables(ion: str) -> tuple[str, ...]:
    """The names USEION ``ion`` may READ or WRITE: ``ion``i, ``ion``o, i``ion``, e``ion``."""
    return (f"{ion}i", f"{ion}o", f"i{ion}", f"e{ion}")


@dataclass
class SymbolTable:
    """Global names of one module, and its named blocks (for SOLVE)."""

    symbols: dict[str, Symbol] = field(default_factory=dict)
    blocks: dict[str, tuple[str, A.Node]] = field(default_factory=dict)
    ion_reads: dict[str, A.UseIon] = field(default_factory=dict)
    ion_writes: dict[str, A.UseIon] = field(default_factory=dict)
    has_verbatim: bool = False

    def lookup(self, name: str) -> Symbol | None:
        symbol = self.symbols.get(name)
        if symbol is not None:
            return symbol
        if name in SPECIAL_VARIABLES:
            return Symbol(name, SymbolKind.SPECIAL)
        if name in BUILTIN_FUNCTIONS:
            return Symbol(name, SymbolKind.BUILTIN, arity=BUILTIN_FUNCTIONS[name])
        return None

    def names(self) -> set[str]:
        return set(self.symbols) | set(SPECIAL_VARIABLES)


_DECLARING = {
    A.ParameterBlock: SymbolKind.PARAMETER,
    A.StateBlock: SymbolKind.STATE,
    A.AssignedBlock: SymbolKind.ASSIGNED,
    A.ConstantBlock: SymbolKind.CONSTANT,
    A.IndependentBlock: SymbolKind.INDEPENDENT,
}

# Kinds that only say "NEURON knows this name"; a declaration in a block may refine them.
_SOFT = {SymbolKind.ION, SymbolKind.CURRENT, SymbolKind.POINTER, SymbolKind.EXTERNAL,
         SymbolKind.SPECIAL}

_CALLABLE_BLOCKS = {
    A.FunctionBlock: SymbolKind.FUNCTION,
    A.ProcedureBlock: SymbolKind.PROCEDURE,
    A.FunctionTableBlock: SymbolKind.FUNCTION_TABLE,
}
_SOLVABLE_BLOCKS = {
    A.DerivativeBlock: "DERIVATIVE", A.KineticBlock: "KINETIC", A.LinearBlock: "LINEAR",
    A.NonlinearBlock: "NONLINEAR", A.ProcedureBlock: "PROCEDURE",
}


def build_symbols(module: A.Module) -> tuple[SymbolTable, list[Diagnostic]]:
    """Collect the global names of ``module``; report names declared twice (E101)."""
    table = SymbolTable()
    problems: list[Diagnostic] = []

    def declare(symbol: Symbol) -> None:
        old = table.symbols.get(symbol.name)
        if old is None or old.kind in _SOFT:
            table.symbols[symbol.name] = symbol
            return
        if symbol.kind in _SOFT:
            return
        what = "function" if symbol.kind.is_callable or old.kind.is_callable else "declaration"
        where = f" (first declared at line {old.span.line})" if old.span.line else ""
        problems.append(Diagnostic(
            Severity.ERROR, "E101",
            f"'{symbol.name}' is declared twice: as {old.kind.value} and as "
            f"{symbol.kind.value}{where}; remove one {what}",
            symbol.span,
        ))

    for item in module.items:
        if isinstance(item, A.NeuronBlock):
            for stmt in item.statements:
                _declare_neuron(stmt, table, declare)
    for item in module.items:
        kind = _DECLARING.get(type(item))
        if kind is not None:
            for decl in A.children(item):
                declare(Symbol(decl.name, kind, decl.span, size=getattr(decl, "size", None)))
        elif isinstance(item, A.Local):
            for var in item.variables:
                declare(Symbol(var.name, SymbolKind.GLOBAL_LOCAL, var.span, size=var.size))
        elif isinstance(item, A.Define):
            declare(Symbol(item.name, SymbolKind.DEFINE, item.span))
        elif isinstance(item, A.UnitsBlock):
            for d in item.definitions:
                if isinstance(d, A.UnitFactor):
                    declare(Symbol(d.name, SymbolKind.UNIT_FACTOR, d.span))
        elif type(item) in _CALLABLE_BLOCKS:
            declare(Symbol(item.name, _CALLABLE_BLOCKS[type(item)], item.span, len(item.params)))
        elif isinstance(item, A.Verbatim):
            table.has_verbatim = True
        if type(item) in _SOLVABLE_BLOCKS:
            if item.name in table.blocks and not isinstance(item, A.ProcedureBlock):
                first = table.blocks[item.name][1].span.line
                problems.append(Diagnostic(
                    Severity.ERROR, "E101",
                    f"two blocks are named '{item.name}' (the first at line {first})",
                    item.span,
                ))
            table.blocks.setdefault(item.name, (_SOLVABLE_BLOCKS[type(item)], item))
    if any(isinstance(n, A.Verbatim) for n in A.walk(module)):
        table.has_verbatim = True
    return table, problems


def _declare_neuron(stmt: A.Node, table: SymbolTable, declare) -> None:
    if isinstance(stmt, A.UseIon):
        for name in stmt.read:
            table.ion_reads[name] = stmt
            declare(Symbol(name, SymbolKind.ION, stmt.span))
        for name in stmt.write:
            table.ion_writes[name] = stmt
            declare(Symbol(name, SymbolKind.ION, stmt.span))
    elif isinstance(stmt, A.NameList):
        kind = {
            "NONSPECIFIC_CURRENT": SymbolKind.CURRENT, "ELECTRODE_CURRENT": SymbolKind.CURRENT,
            "POINTER": SymbolKind.POINTER, "BBCOREPOINTER": SymbolKind.POINTER,
            "EXTERNAL": SymbolKind.EXTERNAL, "RANDOM": SymbolKind.RANDOM,
        }.get(stmt.kind)
        if kind is not None:
            for name in stmt.names:
                declare(Symbol(name, kind, stmt.span))
