"""Semantic checks of a parsed mechanism.

:func:`check` returns every finding, sorted by position; it raises nothing. What NEURON's
translator (nocmodl 9.0.2) rejects is an error; what it accepts but is suspicious is a
warning. Two of our errors are stricter than nocmodl, because braincell must be able to
lower the file: an unknown name (nocmodl only warns "undefined") and a call with the wrong
number of arguments. In a file with VERBATIM blocks, unknown names may be defined in the C
code, so there they are warnings.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass, field

from . import ast as A
from ._grammar import METHODS
from .diagnostics import Diagnostic, Severity, SourceSpan
from .symbols import (
    BUILTIN_FUNCTIONS,
    Symbol,
    SymbolKind,
    build_symbols,
    valid_ion_variables,
)

__all__ = ["check", "METHODS_FOR_BLOCK"]

_ANY_BLOCK = {None, "after_cvode", "cvode_t", "cvode_t_v"}
METHODS_FOR_BLOCK: dict[str, set[str | None]] = {
    "DERIVATIVE": _ANY_BLOCK | {"cnexp", "derivimplicit", "euler", "runge"},
    "KINETIC": _ANY_BLOCK | {"sparse", "euler", "runge"},
    "LINEAR": _ANY_BLOCK | {"simeq"},
    "NONLINEAR": _ANY_BLOCK | {"newton"},
    "PROCEDURE": set(_ANY_BLOCK),
}
"""Which SOLVE methods fit which block (as nocmodl 9.0.2 decides)."""

_KINETIC_ONLY = (A.Conserve, A.Compartment, A.LongitudinalDiffusion)


@dataclass
class _Context:
    """Where a statement is: the enclosing top-level block and its local names."""

    block: A.Node
    kind: str
    scope: dict[str, Symbol] = field(default_factory=dict)
    function: str | None = None
    tables: int = 0


class _Checker:
    def __init__(self, module: A.Module, source: str | None) -> None:
        self.module = module
        self.source = source
        self.table, self.found = build_symbols(module)
        self.severity_unknown = Severity.WARNING if self.table.has_verbatim else Severity.ERROR
        self.solved_states: set[str] = set()
        self.netreceive_arity: int | None = None

    def report(self, severity: Severity, code: str, message: str, span: SourceSpan, *notes: str) -> None:
        self.found.append(Diagnostic(severity, code, message, span, tuple(notes)))

    def error(self, code: str, message: str, span: SourceSpan, *notes: str) -> None:
        self.report(Severity.ERROR, code, message, span, *notes)

    def warning(self, code: str, message: str, span: SourceSpan, *notes: str) -> None:
        self.report(Severity.WARNING, code, message, span, *notes)

    # ------------------------------------------------------------------ entry
    def run(self) -> list[Diagnostic]:
        for item in self.module.items:
            if isinstance(item, A.NeuronBlock):
                self.check_neuron(item)
            elif isinstance(item, A.NetReceiveBlock):
                self.netreceive_arity = len(item.params)
        for item in self.module.items:
            body = getattr(item, "body", None)
            if isinstance(body, A.Block):
                self.check_procedure(item, body)
        self.check_states()
        if self.table.has_verbatim:
            first = next(n for n in A.walk(self.module) if isinstance(n, A.Verbatim))
            self.warning(
                "W406", "VERBATIM blocks hold C code that braincell cannot run; this file can "
                "be checked but not compiled", first.span,
            )
        if self.source is not None:
            self.check_ascii(self.source)
        return sorted(self.found, key=Diagnostic.sort_key)

    # ------------------------------------------------------------------ NEURON block
    def check_neuron(self, block: A.NeuronBlock) -> None:
        for stmt in block.statements:
            if isinstance(stmt, A.UseIon):
                valid = valid_ion_variables(stmt.ion)
                for name in stmt.read + stmt.write:
                    if name not in valid:
                        self.error(
                            "E305", f"'{name}' is not a variable of ion '{stmt.ion}'; USEION "
                            f"{stmt.ion} can READ or WRITE only {', '.join(valid)}", stmt.span,
                        )

    # ------------------------------------------------------------------ procedures
    def check_procedure(self, item: A.Node, body: A.Block) -> None:
        kind = type(item).__name__.removesuffix("Block").upper()
        context = _Context(item, kind)
        for param in getattr(item, "params", ()):
            context.scope[param.name] = Symbol(param.name, SymbolKind.ARGUMENT, param.span)
        if isinstance(item, A.NetReceiveBlock):
            context.scope["flag"] = Symbol("flag", SymbolKind.ARGUMENT, item.span)
            if not item.params:
                self.error("E308", "NET_RECEIVE needs at least one argument (the weight)", item.span)
        if isinstance(item, A.FunctionBlock):
            context.function = item.name
        if isinstance(item, (A.KineticBlock, A.LinearBlock, A.NonlinearBlock)):
            for name in item.solvefor:
                self.use_name(name, item.span, context)
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, 12000))
        try:
            self.check_block(body, context, dict(context.scope))
        finally:
            sys.setrecursionlimit(old)

    def check_block(self, block: A.Block, context: _Context, scope: dict[str, Symbol]) -> None:
        scope = dict(scope)
        for stmt in block.statements:
            if isinstance(stmt, A.Local):
                for var in stmt.variables:
                    scope[var.name] = Symbol(var.name, SymbolKind.LOCAL, var.span, size=var.size)
            else:
                self.check_stmt(stmt, context, scope)

    def check_stmt(self, stmt: A.Node, context: _Context, scope: dict[str, Symbol]) -> None:
        if isinstance(stmt, A.Block):
            self.check_block(stmt, context, scope)
        elif isinstance(stmt, A.If):
            self.check_expr(stmt.condition, context, scope)
            self.check_block(stmt.body, context, scope)
            for elif_ in stmt.elifs:
                self.check_expr(elif_.condition, context, scope)
                self.check_block(elif_.body, context, scope)
            if stmt.orelse is not None:
                self.check_block(stmt.orelse, context, scope)
        elif isinstance(stmt, A.While):
            self.check_expr(stmt.condition, context, scope)
            self.check_block(stmt.body, context, scope)
        elif isinstance(stmt, A.FromLoop):
            for e in (stmt.start, stmt.stop, stmt.step):
                if e is not None:
                    self.check_expr(e, context, scope)
            inner = dict(scope)
            inner[stmt.variable] = Symbol(stmt.variable, SymbolKind.LOOP, stmt.span)
            self.check_block(stmt.body, context, inner)
        elif isinstance(stmt, A.ForNetcons):
            if context.kind != "NETRECEIVE":
                self.error("E306", "FOR_NETCONS is allowed only in a NET_RECEIVE block", stmt.span)
            elif self.netreceive_arity is not None and len(stmt.params) != self.netreceive_arity:
                self.error(
                    "E307", f"FOR_NETCONS takes {len(stmt.params)} argument(s) but NET_RECEIVE takes "
                    f"{self.netreceive_arity}; they must match", stmt.span,
                )
            inner = dict(scope)
            for p in stmt.params:
                inner[p.name] = Symbol(p.name, SymbolKind.ARGUMENT, p.span)
            self.check_block(stmt.body, context, inner)
        elif isinstance(stmt, A.InitialStmt):
            if context.kind != "NETRECEIVE":
                self.error(
                    "E306", "an INITIAL block inside another block is allowed only in "
                    "NET_RECEIVE", stmt.span,
                )
            self.check_block(stmt.body, context, scope)
        else:
            self.check_simple(stmt, context, scope)

    def check_simple(self, stmt: A.Node, context: _Context, scope: dict[str, Symbol]) -> None:
        if isinstance(stmt, (A.Assign, A.Protect)):
            assign = stmt.assign if isinstance(stmt, A.Protect) else stmt
            self.check_target(assign.target, assign, context, scope)
            self.check_expr(assign.value, context, scope)
        elif isinstance(stmt, A.Solve):
            self.check_solve(stmt)
        elif isinstance(stmt, A.Table):
            self.check_table(stmt, context, scope)
        elif isinstance(stmt, A.Equation):
            if context.kind not in ("LINEAR", "NONLINEAR", "DERIVATIVE"):
                self.error(
                    "E306", "an equation ('~ lhs = rhs') is allowed only in LINEAR and "
                    "NONLINEAR blocks", stmt.span,
                )
            self.mark_states(stmt)
            self.check_expr(stmt, context, scope)
        elif isinstance(stmt, (A.Reaction, A.Flux, A.Conserve)):
            self.mark_states(stmt)
            if isinstance(stmt, A.Conserve) and context.kind != "KINETIC":
                self.error("E306", "CONSERVE is allowed only in a KINETIC block", stmt.span)
            self.check_expr(stmt, context, scope)
        elif isinstance(stmt, (A.Compartment, A.LongitudinalDiffusion)):
            keyword = "COMPARTMENT" if isinstance(stmt, A.Compartment) else "LONGITUDINAL_DIFFUSION"
            if context.kind != "KINETIC":
                self.error("E306", f"{keyword} is allowed only in a KINETIC block", stmt.span)
            inner = dict(scope)
            if stmt.index is not None:
                inner[stmt.index] = Symbol(stmt.index, SymbolKind.LOOP, stmt.span)
            self.check_expr(stmt, context, inner)
            for name in stmt.species:
                self.use_name(name, stmt.span, context, inner)
        elif isinstance(stmt, A.Watch):
            if context.kind != "NETRECEIVE":
                self.error("E306", "WATCH is allowed only in a NET_RECEIVE block", stmt.span)
            self.check_expr(stmt, context, scope)
        elif isinstance(stmt, A.Lag):
            self.use_name(stmt.name, stmt.span, context, scope)
            self.use_name(stmt.by, stmt.span, context, scope)
        elif isinstance(stmt, A.Conductance):
            if context.kind != "BREAKPOINT":
                self.error("E306", "CONDUCTANCE is allowed only in the BREAKPOINT block", stmt.span)
            self.use_name(stmt.name, stmt.span, context, scope)
        elif isinstance(stmt, A.CallStmt):
            self.check_expr(stmt.call, context, scope)

    # ------------------------------------------------------------------ names
    def resolve(self, name: str, scope: dict[str, Symbol]) -> Symbol | None:
        return scope.get(name) or self.table.lookup(name)

    def use_name(self, name: str, span: SourceSpan, context: _Context,
                 scope: dict[str, Symbol] | None = None) -> Symbol | None:
        symbol = self.resolve(name, scope or context.scope)
        if symbol is None:
            self.unknown(name, span, scope or context.scope)
        return symbol

    def unknown(self, name: str, span: SourceSpan, scope: dict[str, Symbol], call: bool = False) -> None:
        if call:
            pool = [n for n, s in self.table.symbols.items() if s.kind.is_callable]
            pool += list(BUILTIN_FUNCTIONS)
        else:
            pool = [n for n, s in self.table.symbols.items() if not s.kind.is_callable]
            pool += list(scope) + list(self.table.names())
        matches = difflib.get_close_matches(name, sorted(set(pool)), n=1, cutoff=0.7)
        hint = f"; did you mean '{matches[0]}'?" if matches else ""
        what = "function" if call else "name"
        notes = ()
        if self.severity_unknown is Severity.WARNING:
            notes = ("it may be defined in a VERBATIM block",)
        prefix = "W" if self.severity_unknown is Severity.WARNING else "E"
        code = prefix + ("202" if call else "201")
        self.report(self.severity_unknown, code, f"unknown {what} '{name}'{hint}", span, *notes)

    def check_target(self, target: A.Node, assign: A.Assign, context: _Context, scope) -> None:
        base = target.target if isinstance(target, A.Indexed) else target
        if isinstance(target, A.Indexed):
            self.check_expr(target.index, context, scope)
        if isinstance(base, A.Prime):
            self.check_prime(base, scope)
            if context.kind == "DERIVATIVE":
                self.solved_states.add(base.id)
            return
        name = base.id
        if name == context.function:
            return
        symbol = self.resolve(name, scope)
        if symbol is None:
            self.unknown(name, base.span, scope)
            return
        if symbol.kind.is_callable:
            self.error("E203", f"cannot assign to '{name}': it is {_a(symbol.kind.value)}", base.span)
        elif symbol.kind in (SymbolKind.PARAMETER, SymbolKind.CONSTANT) and name not in scope:
            self.warning(
                "W401", f"assigning to {symbol.kind.value} '{name}'; a value that changes "
                "belongs in ASSIGNED", base.span,
            )
        elif symbol.kind is SymbolKind.STATE and context.kind == "DERIVATIVE" and name not in scope:
            self.warning(
                "W404", f"STATE '{name}' is assigned a value in a DERIVATIVE block; "
                "multistep methods may not work correctly", base.span,
            )
        if name in self.table.ion_reads and name not in self.table.ion_writes and name not in scope:
            ion = self.table.ion_reads[name].ion
            self.warning(
                "W407", f"'{name}' is only READ from ion '{ion}'; assigning it has no effect "
                f"on the ion (add it to WRITE)", base.span,
            )

    def check_prime(self, prime: A.Prime, scope: dict[str, Symbol]) -> None:
        symbol = self.resolve(prime.id, scope)
        if symbol is None or symbol.kind is not SymbolKind.STATE:
            what = _a(symbol.kind.value) if symbol is not None else "not declared"
            self.error(
                "E303", f"'{prime.id}{chr(39) * prime.order}' is a derivative, but "
                f"'{prime.id}' is {what}; declare it in the STATE block", prime.span,
            )

    def check_expr(self, root: A.Node, context: _Context, scope: dict[str, Symbol]) -> None:
        for n in A.walk(root):
            if isinstance(n, A.Name):
                if n.id == context.function:
                    continue
                symbol = self.resolve(n.id, scope)
                if symbol is None:
                    self.unknown(n.id, n.span, scope)
                elif symbol.kind.is_callable and symbol.kind is not SymbolKind.BUILTIN:
                    self.error(
                        "E203", f"'{n.id}' is {_a(symbol.kind.value)}; call it with "
                        f"{n.id}(...)", n.span,
                    )
            elif isinstance(n, A.Prime):
                self.check_prime(n, scope)
            elif isinstance(n, A.Call):
                self.check_call(n, scope)

    def check_call(self, call: A.Call, scope: dict[str, Symbol]) -> None:
        symbol = scope.get(call.func) or self.table.lookup(call.func)
        if symbol is None:
            self.unknown(call.func, call.span, scope, call=True)
            return
        if not symbol.kind.is_callable:
            self.error(
                "E203", f"'{call.func}' is {_a(symbol.kind.value)}, not a function", call.span
            )
            return
        if symbol.arity is not None and len(call.args) != symbol.arity:
            plural = "s" if symbol.arity != 1 else ""
            self.error(
                "E204", f"{call.func}() takes {symbol.arity} argument{plural} but is given "
                f"{len(call.args)}", call.span,
            )

    # ------------------------------------------------------------------ SOLVE and TABLE
    def check_solve(self, solve: A.Solve) -> None:
        entry = self.table.blocks.get(solve.block)
        if entry is None:
            names = sorted(self.table.blocks)
            matches = difflib.get_close_matches(solve.block, names, n=1, cutoff=0.6)
            hint = f"; did you mean '{matches[0]}'?" if matches else ""
            self.error(
                "E301", f"SOLVE names '{solve.block}', but there is no DERIVATIVE, KINETIC, "
                f"LINEAR, NONLINEAR or PROCEDURE block of that name{hint}", solve.span,
            )
            return
        kind, block = entry
        if solve.method not in METHODS_FOR_BLOCK[kind]:
            fitting = sorted(m for m in METHODS_FOR_BLOCK[kind] if m in METHODS)
            self.error(
                "E302", f"METHOD {solve.method} cannot solve the {kind} block "
                f"'{solve.block}'; use one of: {', '.join(fitting)}", solve.span,
            )

    def check_table(self, table: A.Table, context: _Context, scope: dict[str, Symbol]) -> None:
        if context.kind not in ("FUNCTION", "PROCEDURE"):
            self.error("E304", "TABLE is allowed only in a FUNCTION or PROCEDURE", table.span)
            return
        context.tables += 1
        if context.tables > 1:
            self.error("E304", "only one TABLE statement is allowed per FUNCTION or PROCEDURE", table.span)
        params = getattr(context.block, "params", ())
        if context.kind == "FUNCTION" and len(params) != 1:
            self.error(
                "E304", f"a FUNCTION with a TABLE must take exactly one argument; "
                f"'{context.block.name}' takes {len(params)}", table.span,
            )
        for name in table.names + table.depend:
            self.use_name(name, table.span, context, scope)
        self.check_expr(table.start, context, scope)
        self.check_expr(table.stop, context, scope)

    # ------------------------------------------------------------------ states
    def mark_states(self, stmt: A.Node) -> None:
        for n in A.walk(stmt):
            if isinstance(n, (A.Name, A.Prime)):
                self.solved_states.add(n.id)

    def check_states(self) -> None:
        for item in self.module.items:
            if isinstance(item, (A.KineticBlock, A.LinearBlock, A.NonlinearBlock)):
                self.solved_states.update(item.solvefor)
            if isinstance(item, A.StateBlock):
                for var in item.variables:
                    if var.name not in self.solved_states:
                        self.warning(
                            "W402", f"STATE '{var.name}' has no differential equation or "
                            "reaction; it behaves like an ASSIGNED variable", var.span,
                        )

    def check_ascii(self, source: str) -> None:
        comments = [(n.span.line, n.span.end_line) for n in A.walk(self.module)
                    if isinstance(n, A.Comment)]
        for number, line in enumerate(source.split("\n"), start=1):
            column = next((i for i, ch in enumerate(line) if ord(ch) > 127), None)
            if column is None or any(a <= number <= b for a, b in comments):
                continue
            span = SourceSpan(self.module.file, number, column + 1, number, column + 2)
            self.warning(
                "W405", "non-ASCII character outside a COMMENT block; NEURON's translator "
                "rejects it", span,
            )


def _a(kind: str) -> str:
    """``a PARAMETER``, ``an ASSIGNED variable``: the kind with its article."""
    noun = f"{kind} variable" if kind in ("PARAMETER", "STATE", "ASSIGNED", "CONSTANT") else kind
    return ("an " if noun[0].lower() in "aeiou" else "a ") + noun


def check(module: A.Module, source: str | None = None) -> list[Diagnostic]:
    """All diagnostics for ``module``, sorted by position (errors and warnings)."""
    return _Checker(module, source).run()
