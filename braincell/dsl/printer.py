"""Print a syntax tree as canonical NMODL text.

The canonical form: one blank line between top-level items, four-space indentation, one
statement per line, spaces around binary operators, and only the parentheses that the
precedence rules need. ``parse(print_module(m)) == m`` for every module ``m`` the parser
produces. COMMENT and VERBATIM text is printed exactly as it was read; ``:`` comments are
not part of the tree and are not printed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from . import ast as A

__all__ = ["print_module", "format", "print_expr"]

INDENT = "    "

_PRECEDENCE = {
    "||": 1, "&&": 2, "<": 3, "<=": 3, ">": 3, ">=": 3, "==": 3, "!=": 3,
    "+": 4, "-": 4, "*": 5, "/": 5, "^": 7,
}
_UNARY = 6
_ATOM = 8


def _precedence(e: A.Node) -> int:
    if isinstance(e, A.BinaryOp):
        return _PRECEDENCE[e.op]
    if isinstance(e, A.UnaryOp):
        return _UNARY
    return _ATOM


def print_expr(e: A.Node) -> str:
    """One expression as text."""
    if isinstance(e, A.BinaryOp):
        mine = _PRECEDENCE[e.op]
        left, right = print_expr(e.left), print_expr(e.right)
        if e.op == "^":  # right associative; the exponent may be a unary minus
            if _precedence(e.left) <= mine:
                left = f"({left})"
            if _precedence(e.right) < _UNARY:
                right = f"({right})"
            return f"{left}^{right}"
        if _precedence(e.left) < mine:
            left = f"({left})"
        if _precedence(e.right) <= mine:
            right = f"({right})"
        return f"{left} {e.op} {right}"
    if isinstance(e, A.UnaryOp):
        operand = print_expr(e.operand)
        if _precedence(e.operand) < _UNARY:
            operand = f"({operand})"
        return f"{e.op}{operand}"
    if isinstance(e, A.Number):
        return e.text if e.unit is None else f"{e.text} {_unit(e.unit)}"
    if isinstance(e, A.Name):
        return e.id
    if isinstance(e, A.Prime):
        return e.id + "'" * e.order
    if isinstance(e, A.Indexed):
        return f"{print_expr(e.target)}[{print_expr(e.index)}]"
    if isinstance(e, A.Call):
        return f"{e.func}({', '.join(print_expr(a) for a in e.args)})"
    if isinstance(e, A.String):
        return f'"{e.value}"'
    raise TypeError(f"not an expression node: {type(e).__name__}")


def _unit(u: A.Unit | None) -> str:
    return "" if u is None else f"({u.text})"


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def _params(params: tuple[A.Param, ...]) -> str:
    return ", ".join(_join(p.name, _unit(p.unit)) for p in params)


def _species(items: tuple[A.Species, ...]) -> str:
    return " + ".join(_join(s.coefficient, print_expr(s.target)) for s in items)


def _size(size: str | None) -> str:
    return f"[{size}]" if size is not None else ""


class _Printer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.level = 0
        self._dispatch: dict[type, Callable] = {}
        for cls in A.Node.__subclasses__():
            method = getattr(self, f"_{cls.__name__}", None)
            if method is not None:
                self._dispatch[cls] = method

    def emit(self, text: str) -> None:
        self.lines.append(INDENT * self.level + text if text else "")

    def item(self, n: A.Node) -> None:
        method = self._dispatch.get(type(n))
        if method is None:
            raise TypeError(f"cannot print a {type(n).__name__} node here")
        method(n)

    def body(self, head: str, block: A.Block) -> None:
        self.emit(f"{head} {{" if head else "{")
        self.level += 1
        for stmt in block.statements:
            self.item(stmt)
        self.level -= 1
        self.emit("}")

    def section(self, head: str, lines: list[str]) -> None:
        self.emit(f"{head} {{")
        self.level += 1
        for line in lines:
            self.emit(line)
        self.level -= 1
        self.emit("}")

    def raw_block(self, keyword: str, text: str) -> None:
        indent = INDENT * self.level
        self.lines.append(f"{indent}{keyword}{text}\n{indent}END{keyword}")

    # -------------------------------------------------------------- top level
    def _Module(self, n: A.Module) -> None:
        for index, item in enumerate(n.items):
            if index:
                self.emit("")
            self.item(item)

    def _Title(self, n: A.Title) -> None:
        self.emit(_join("TITLE", n.text))

    def _Comment(self, n: A.Comment) -> None:
        self.raw_block("COMMENT", n.text)

    def _Verbatim(self, n: A.Verbatim) -> None:
        self.raw_block("VERBATIM", n.text)

    def _Include(self, n: A.Include) -> None:
        self.emit(f'INCLUDE "{n.path}"')

    def _Define(self, n: A.Define) -> None:
        self.emit(f"DEFINE {n.name} {n.value}")

    def _UnitsSwitch(self, n: A.UnitsSwitch) -> None:
        self.emit("UNITSON" if n.on else "UNITSOFF")

    def _Local(self, n: A.Local) -> None:
        self.emit("LOCAL " + ", ".join(v.name + _size(v.size) for v in n.variables))

    def _NeuronBlock(self, n: A.NeuronBlock) -> None:
        lines = []
        for s in n.statements:
            if isinstance(s, A.Suffix):
                lines.append(f"{s.kind} {s.name}")
            elif isinstance(s, A.UseIon):
                lines.append(_join(
                    f"USEION {s.ion}",
                    "READ " + ", ".join(s.read) if s.read else None,
                    "WRITE " + ", ".join(s.write) if s.write else None,
                    f"VALENCE {s.valence.text}" if s.valence is not None else None,
                    f"REPRESENTS {s.represents}" if s.represents else None,
                ))
            elif isinstance(s, A.NameList):
                lines.append(f"{s.kind} {', '.join(s.names)}")
            elif isinstance(s, A.ThreadSafe):
                lines.append("THREADSAFE")
            elif isinstance(s, A.Represents):
                lines.append(f"REPRESENTS {s.ontology}")
            else:
                raise TypeError(f"cannot print a {type(s).__name__} in a NEURON block")
        self.section("NEURON", lines)

    def _UnitsBlock(self, n: A.UnitsBlock) -> None:
        lines = []
        for d in n.definitions:
            if isinstance(d, A.UnitDef):
                lines.append(f"{_unit(d.name)} = {_unit(d.definition)}")
            elif d.value is not None:
                lines.append(_join(f"{d.name} = {d.value.text}", *(_unit(u) for u in d.units)))
            else:
                sep = " -> " if d.arrow else " "
                lines.append(f"{d.name} = " + sep.join(_unit(u) for u in d.units))
        self.section("UNITS", lines)

    def _ParameterBlock(self, n: A.ParameterBlock) -> None:
        lines = []
        for p in n.parameters:
            limits = f"<{p.limits.low.text}, {p.limits.high.text}>" if p.limits else None
            value = f"= {p.value.text}" if p.value is not None else None
            lines.append(_join(p.name + _size(p.size), value, _unit(p.unit), limits))
        self.section("PARAMETER", lines)

    def _variables(self, head: str, variables: tuple[A.Variable, ...]) -> None:
        lines = []
        for v in variables:
            lines.append(_join(
                v.name + _size(v.size),
                f"FROM {v.low.text} TO {v.high.text}" if v.low is not None and v.high is not None else None,
                f"START {v.start.text}" if v.start is not None else None,
                _unit(v.unit),
                f"<{v.abstol.text}>" if v.abstol is not None else None,
            ))
        self.section(head, lines)

    def _AssignedBlock(self, n: A.AssignedBlock) -> None:
        self._variables("ASSIGNED", n.variables)

    def _StateBlock(self, n: A.StateBlock) -> None:
        self._variables("STATE", n.variables)

    def _ConstantBlock(self, n: A.ConstantBlock) -> None:
        self.section("CONSTANT", [
            _join(f"{c.name} = {c.value.text}", _unit(c.unit)) for c in n.constants
        ])

    def _IndependentBlock(self, n: A.IndependentBlock) -> None:
        self.section("INDEPENDENT", [
            _join(
                "SWEEP" if v.sweep else None,
                f"{v.name} FROM {v.low.text} TO {v.high.text} WITH {v.steps}",
                f"START {v.start.text}" if v.start is not None else None,
                _unit(v.unit),
            )
            for v in n.variables
        ])

    def _InitialBlock(self, n: A.InitialBlock) -> None:
        self.body("INITIAL", n.body)

    def _BreakpointBlock(self, n: A.BreakpointBlock) -> None:
        self.body("BREAKPOINT", n.body)

    def _DerivativeBlock(self, n: A.DerivativeBlock) -> None:
        self.body(f"DERIVATIVE {n.name}", n.body)

    def _solvefor(self, keyword: str, name: str, solvefor: tuple[str, ...]) -> str:
        return _join(f"{keyword} {name}", "SOLVEFOR " + ", ".join(solvefor) if solvefor else None)

    def _KineticBlock(self, n: A.KineticBlock) -> None:
        self.body(self._solvefor("KINETIC", n.name, n.solvefor), n.body)

    def _LinearBlock(self, n: A.LinearBlock) -> None:
        self.body(self._solvefor("LINEAR", n.name, n.solvefor), n.body)

    def _NonlinearBlock(self, n: A.NonlinearBlock) -> None:
        self.body(self._solvefor("NONLINEAR", n.name, n.solvefor), n.body)

    def _ProcedureBlock(self, n: A.ProcedureBlock) -> None:
        self.body(_join(f"PROCEDURE {n.name}({_params(n.params)})", _unit(n.unit)), n.body)

    def _FunctionBlock(self, n: A.FunctionBlock) -> None:
        self.body(_join(f"FUNCTION {n.name}({_params(n.params)})", _unit(n.unit)), n.body)

    def _FunctionTableBlock(self, n: A.FunctionTableBlock) -> None:
        self.emit(_join(f"FUNCTION_TABLE {n.name}({_params(n.params)})", _unit(n.unit)))

    def _NetReceiveBlock(self, n: A.NetReceiveBlock) -> None:
        self.body(f"NET_RECEIVE({_params(n.params)})", n.body)

    def _BeforeBlock(self, n: A.BeforeBlock) -> None:
        self.body(f"BEFORE {n.when}", n.body)

    def _AfterBlock(self, n: A.AfterBlock) -> None:
        self.body(f"AFTER {n.when}", n.body)

    def _ConstructorBlock(self, n: A.ConstructorBlock) -> None:
        self.body("CONSTRUCTOR", n.body)

    def _DestructorBlock(self, n: A.DestructorBlock) -> None:
        self.body("DESTRUCTOR", n.body)

    # -------------------------------------------------------------- statements
    def _Block(self, n: A.Block) -> None:
        self.body("", n)

    def _Assign(self, n: A.Assign) -> None:
        self.emit(f"{print_expr(n.target)} = {print_expr(n.value)}")

    def _Protect(self, n: A.Protect) -> None:
        self.emit(f"PROTECT {print_expr(n.assign.target)} = {print_expr(n.assign.value)}")

    def _CallStmt(self, n: A.CallStmt) -> None:
        self.emit(print_expr(n.call))

    def _Equation(self, n: A.Equation) -> None:
        tilde = "~+" if n.add else "~"
        self.emit(f"{tilde} {print_expr(n.lhs)} = {print_expr(n.rhs)}")

    def _Reaction(self, n: A.Reaction) -> None:
        self.emit(
            f"~ {_species(n.reactants)} <-> {_species(n.products)} "
            f"({print_expr(n.forward)}, {print_expr(n.backward)})"
        )

    def _Flux(self, n: A.Flux) -> None:
        self.emit(f"~ {_species(n.species)} {n.direction} ({print_expr(n.rate)})")

    def _Conserve(self, n: A.Conserve) -> None:
        self.emit(f"CONSERVE {_species(n.species)} = {print_expr(n.value)}")

    def _Compartment(self, n: A.Compartment) -> None:
        index = f"{n.index}, " if n.index else ""
        self.emit(f"COMPARTMENT {index}{print_expr(n.volume)} {{{' '.join(n.species)}}}")

    def _LongitudinalDiffusion(self, n: A.LongitudinalDiffusion) -> None:
        index = f"{n.index}, " if n.index else ""
        self.emit(
            f"LONGITUDINAL_DIFFUSION {index}{print_expr(n.rate)} {{{' '.join(n.species)}}}"
        )

    def _Solve(self, n: A.Solve) -> None:
        kind = "STEADYSTATE" if n.steadystate else "METHOD"
        self.emit(_join(f"SOLVE {n.block}", f"{kind} {n.method}" if n.method else None))

    def _Table(self, n: A.Table) -> None:
        self.emit(_join(
            "TABLE",
            ", ".join(n.names) if n.names else None,
            "DEPEND " + ", ".join(n.depend) if n.depend else None,
            f"FROM {print_expr(n.start)} TO {print_expr(n.stop)} WITH {n.steps}",
        ))

    def _If(self, n: A.If) -> None:
        self.body(f"if ({print_expr(n.condition)})", n.body)
        for elif_ in n.elifs:
            self.lines[-1] += f" else if ({print_expr(elif_.condition)}) {{"
            self._inner(elif_.body)
        if n.orelse is not None:
            self.lines[-1] += " else {"
            self._inner(n.orelse)

    def _inner(self, block: A.Block) -> None:
        self.level += 1
        for stmt in block.statements:
            self.item(stmt)
        self.level -= 1
        self.emit("}")

    def _While(self, n: A.While) -> None:
        self.body(f"while ({print_expr(n.condition)})", n.body)

    def _FromLoop(self, n: A.FromLoop) -> None:
        head = f"FROM {n.variable} = {print_expr(n.start)} TO {print_expr(n.stop)}"
        if n.step is not None:
            head += f" BY {print_expr(n.step)}"
        self.body(head, n.body)

    def _Watch(self, n: A.Watch) -> None:
        items = ", ".join(
            f"({print_expr(w.left)} {w.op} {print_expr(w.right)}) {w.flag.text}" for w in n.items
        )
        self.emit(f"WATCH {items}")

    def _ForNetcons(self, n: A.ForNetcons) -> None:
        self.body(f"FOR_NETCONS({_params(n.params)})", n.body)

    def _InitialStmt(self, n: A.InitialStmt) -> None:
        self.body("INITIAL", n.body)

    def _Lag(self, n: A.Lag) -> None:
        self.emit(f"LAG {n.name} BY {n.by}")

    def _Conductance(self, n: A.Conductance) -> None:
        self.emit(_join(f"CONDUCTANCE {n.name}", f"USEION {n.ion}" if n.ion else None))

    def _MutexLock(self, n: A.MutexLock) -> None:
        self.emit("MUTEXLOCK")

    def _MutexUnlock(self, n: A.MutexUnlock) -> None:
        self.emit("MUTEXUNLOCK")


def print_module(module: A.Node) -> str:
    """Canonical NMODL text for a module (or any block or statement node)."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 12000))
    try:
        printer = _Printer()
        printer.item(module)
    finally:
        sys.setrecursionlimit(old)
    return "\n".join(printer.lines) + "\n"


format = print_module  # noqa: A001 - the public alias the command line uses
