"""Turn Lark's parse tree into :mod:`braincell.dsl.ast` nodes.

Every rule method takes its children by name (``v_args(inline=True, meta=True)``); optional
parts of a rule arrive as ``None`` (Lark's ``maybe_placeholders``). Spans come from Lark's
``meta`` (positions propagated from the tokens, keywords and braces included).
"""

from __future__ import annotations

from lark import Token, Transformer, v_args

from . import ast as A
from .diagnostics import NO_SPAN, Diagnostic, MechanismSyntaxError, Severity, SourceSpan

__all__ = ["AstBuilder"]


@v_args(inline=True, meta=True)
class AstBuilder(Transformer):
    """Lark transformer producing a :class:`~braincell.dsl.ast.Module`."""

    def __init__(self, file: str, source: str) -> None:
        super().__init__(visit_tokens=False)
        self.file = file
        self.source = source

    # ------------------------------------------------------------------ helpers
    def _span(self, meta) -> SourceSpan:
        if getattr(meta, "empty", True):
            return NO_SPAN
        return SourceSpan(self.file, meta.line, meta.column, meta.end_line, meta.end_column)

    def _tspan(self, tok: Token) -> SourceSpan:
        return SourceSpan(self.file, tok.line, tok.column, tok.end_line, tok.end_column)

    def _unit(self, tok: Token | None) -> A.Unit | None:
        if tok is None:
            return None
        return A.Unit(tok.value[1:-1].strip(), span=self._tspan(tok))

    def _error(self, code: str, message: str, span: SourceSpan) -> MechanismSyntaxError:
        diagnostic = Diagnostic(Severity.ERROR, code, message, span)
        return MechanismSyntaxError([diagnostic], self.source)

    @staticmethod
    def _names(items) -> tuple[str, ...]:
        return tuple(items) if items else ()

    # ------------------------------------------------------------------ top level
    def start(self, meta, *items):
        return A.Module(tuple(items), file=self.file, span=self._span(meta))

    def title(self, meta, tok):
        return A.Title(tok.value[len("TITLE"):].strip(), span=self._span(meta))

    def comment(self, meta, tok):
        return A.Comment(_block_text(tok.value, "COMMENT"), span=self._span(meta))

    def verbatim(self, meta, tok):
        return A.Verbatim(_block_text(tok.value, "VERBATIM"), span=self._span(meta))

    def include(self, meta, path):
        return A.Include(path.value[1:-1], span=self._span(meta))

    def define(self, meta, name, value):
        return A.Define(str(name), str(value), span=self._span(meta))

    def units_on(self, meta):
        return A.UnitsSwitch(True, span=self._span(meta))

    def units_off(self, meta):
        return A.UnitsSwitch(False, span=self._span(meta))

    # ------------------------------------------------------------------ NEURON block
    def neuron_block(self, meta, *statements):
        merged: list = []
        for stmt in statements:
            previous = merged[-1] if merged else None
            if (
                isinstance(stmt, A.Represents)
                and isinstance(previous, A.UseIon)
                and previous.represents is None
            ):  # yacc shifts REPRESENTS into the USEION before it
                merged[-1] = A.UseIon(
                    previous.ion, previous.read, previous.write, previous.valence,
                    stmt.ontology, span=previous.span.cover(stmt.span),
                )
            else:
                merged.append(stmt)
        return A.NeuronBlock(tuple(merged), span=self._span(meta))

    def suffix(self, meta, name):
        return A.Suffix("SUFFIX", str(name), span=self._span(meta))

    def point_process(self, meta, name):
        return A.Suffix("POINT_PROCESS", str(name), span=self._span(meta))

    def artificial_cell(self, meta, name):
        return A.Suffix("ARTIFICIAL_CELL", str(name), span=self._span(meta))

    def useion(self, meta, ion, read, write, valence):
        return A.UseIon(str(ion), read, write or (), valence, span=self._span(meta))

    def useion_write_only(self, meta, ion, write, valence):
        return A.UseIon(str(ion), (), write, valence, span=self._span(meta))

    def use_read(self, meta, names):
        return names

    def use_write(self, meta, names):
        return names

    def valence(self, meta, number):
        return number

    def represents(self, meta, ontology):
        return A.Represents(str(ontology), span=self._span(meta))

    def _name_list_stmt(kind):  # a factory, used in the class body below
        def build(self, meta, names):
            return A.NameList(kind, names, span=self._span(meta))

        return build

    range_stmt = _name_list_stmt("RANGE")
    global_stmt = _name_list_stmt("GLOBAL")
    pointer_stmt = _name_list_stmt("POINTER")
    bbcorepointer_stmt = _name_list_stmt("BBCOREPOINTER")
    external_stmt = _name_list_stmt("EXTERNAL")
    nonspecific_stmt = _name_list_stmt("NONSPECIFIC_CURRENT")
    electrode_stmt = _name_list_stmt("ELECTRODE_CURRENT")
    random_stmt = _name_list_stmt("RANDOM")

    def threadsafe(self, meta):
        return A.ThreadSafe(span=self._span(meta))

    def name_list(self, meta, *names):
        return tuple(str(n) for n in names)

    # ------------------------------------------------------------------ declarations
    def units_block(self, meta, *definitions):
        return A.UnitsBlock(tuple(definitions), span=self._span(meta))

    def unit_def(self, meta, name, definition):
        return A.UnitDef(self._unit(name), self._unit(definition), span=self._span(meta))

    def unit_value(self, meta, name, value, unit):
        return A.UnitFactor(str(name), value, (self._unit(unit),), span=self._span(meta))

    def unit_factor(self, meta, name, first, second):
        units = (self._unit(first), self._unit(second))
        return A.UnitFactor(str(name), None, units, span=self._span(meta))

    def unit_conversion(self, meta, name, first, minus, gt, second):
        units = (self._unit(first), self._unit(second))
        return A.UnitFactor(str(name), None, units, arrow=True, span=self._span(meta))

    def parameter_block(self, meta, *parameters):
        return A.ParameterBlock(tuple(parameters), span=self._span(meta))

    def parameter(self, meta, name, value, unit, limits):
        return A.Parameter(str(name), value, self._unit(unit), limits, span=self._span(meta))

    def parameter_array(self, meta, name, size, unit, limits):
        return A.Parameter(
            str(name), None, self._unit(unit), limits, size=size, span=self._span(meta)
        )

    def limits(self, meta, lt, low, high, gt):
        return A.Limits(low, high, span=self._span(meta))

    def array_size(self, meta, size):
        return str(size)

    def assigned_block(self, meta, *variables):
        return A.AssignedBlock(tuple(variables), span=self._span(meta))

    def state_block(self, meta, *variables):
        return A.StateBlock(tuple(variables), span=self._span(meta))

    def var_decl(self, meta, name, size, from_to, start, unit, abstol):
        low, high = from_to if from_to else (None, None)
        return A.Variable(
            str(name), size, low, high, start, self._unit(unit), abstol, span=self._span(meta)
        )

    def from_to(self, meta, low, high):
        return (low, high)

    def start_value(self, meta, value):
        return value

    def abstol(self, meta, lt, value, gt):
        return value

    def constant_block(self, meta, *constants):
        return A.ConstantBlock(tuple(constants), span=self._span(meta))

    def constant(self, meta, name, value, unit):
        return A.Constant(str(name), value, self._unit(unit), span=self._span(meta))

    def independent_block(self, meta, *variables):
        return A.IndependentBlock(tuple(variables), span=self._span(meta))

    def independent(self, meta, sweep, name, low, high, steps, start, unit):
        return A.Independent(
            str(name), low, high, str(steps), start, self._unit(unit), sweep is not None,
            span=self._span(meta),
        )

    def local_stmt(self, meta, *variables):
        return A.Local(tuple(variables), span=self._span(meta))

    def local_var(self, meta, name, size):
        return A.LocalVar(str(name), size, span=self._span(meta))

    # ------------------------------------------------------------------ procedural blocks
    def initial_block(self, meta, body):
        return A.InitialBlock(body, span=self._span(meta))

    def breakpoint_block(self, meta, body):
        return A.BreakpointBlock(body, span=self._span(meta))

    def derivative_block(self, meta, name, body):
        return A.DerivativeBlock(str(name), body, span=self._span(meta))

    def kinetic_block(self, meta, name, solvefor, body):
        return A.KineticBlock(str(name), self._names(solvefor), body, span=self._span(meta))

    def linear_block(self, meta, name, solvefor, body):
        return A.LinearBlock(str(name), self._names(solvefor), body, span=self._span(meta))

    def nonlinear_block(self, meta, name, solvefor, body):
        return A.NonlinearBlock(str(name), self._names(solvefor), body, span=self._span(meta))

    def solvefor(self, meta, names):
        return names

    def procedure_block(self, meta, name, params, unit, body):
        return A.ProcedureBlock(
            str(name), params or (), self._unit(unit), body, span=self._span(meta)
        )

    def function_block(self, meta, name, params, unit, body):
        return A.FunctionBlock(
            str(name), params or (), self._unit(unit), body, span=self._span(meta)
        )

    def function_table_block(self, meta, name, params, unit):
        return A.FunctionTableBlock(
            str(name), params or (), self._unit(unit), span=self._span(meta)
        )

    def net_receive_block(self, meta, params, body):
        return A.NetReceiveBlock(params or (), body, span=self._span(meta))

    def before_block(self, meta, when, body):
        return A.BeforeBlock(when, body, span=self._span(meta))

    def after_block(self, meta, when, body):
        return A.AfterBlock(when, body, span=self._span(meta))

    def when_breakpoint(self, meta):
        return "BREAKPOINT"

    def when_solve(self, meta):
        return "SOLVE"

    def when_initial(self, meta):
        return "INITIAL"

    def when_step(self, meta):
        return "STEP"

    def constructor_block(self, meta, body):
        return A.ConstructorBlock(body, span=self._span(meta))

    def destructor_block(self, meta, body):
        return A.DestructorBlock(body, span=self._span(meta))

    def params(self, meta, *params):
        return tuple(params)

    def param(self, meta, name, unit):
        return A.Param(str(name), self._unit(unit), span=self._span(meta))

    # ------------------------------------------------------------------ statements
    def block(self, meta, *statements):
        for position, stmt in enumerate(statements):
            if isinstance(stmt, A.Local) and position > 0:
                raise self._error(
                    "E010",
                    "LOCAL must be the first statement of its block: NEURON takes one LOCAL "
                    "declaration, right after '{' (a LOCAL further down is Arbor syntax)",
                    stmt.span,
                )
        return A.Block(tuple(statements), span=self._span(meta))

    def assign(self, meta, target, value):
        return A.Assign(target, value, span=self._span(meta))

    def protect(self, meta, assign):
        return A.Protect(assign, span=self._span(meta))

    def call_stmt(self, meta, call):
        return A.CallStmt(call, span=self._span(meta))

    def equation(self, meta, tilde, lhs, rhs):
        return A.Equation(lhs, rhs, tilde.type == "TILDE_PLUS", span=self._span(meta))

    def reaction(self, meta, tilde, reactants, arrow, products, forward, backward):
        return A.Reaction(reactants, products, forward, backward, span=self._span(meta))

    def flux_in(self, meta, tilde, species, lt1, lt2, rate):
        return A.Flux(species, "<<", rate, span=self._span(meta))

    def flux_out(self, meta, tilde, species, minus, gt, rate):
        return A.Flux(species, "->", rate, span=self._span(meta))

    def species_list(self, meta, *items):
        return tuple(item for item in items if isinstance(item, A.Species))

    def species(self, meta, coefficient, target):
        coef = str(coefficient) if coefficient is not None else None
        return A.Species(target, coef, span=self._span(meta))

    def conserve(self, meta, species, value):
        return A.Conserve(species, value, span=self._span(meta))

    def compartment(self, meta, index, volume, *species):
        names = tuple(str(s) for s in species)
        index_name = str(index) if index is not None else None
        return A.Compartment(index_name, volume, names, span=self._span(meta))

    def longitudinal_diffusion(self, meta, index, rate, *species):
        names = tuple(str(s) for s in species)
        index_name = str(index) if index is not None else None
        return A.LongitudinalDiffusion(index_name, rate, names, span=self._span(meta))

    def solve(self, meta, block, kind, method):
        steady = kind is not None and kind.type == "STEADYSTATE"
        method_name = str(method) if method is not None else None
        return A.Solve(str(block), method_name, steady, span=self._span(meta))

    def table(self, meta, names, depend, start, stop, steps):
        return A.Table(
            self._names(names), self._names(depend), start, stop, str(steps),
            span=self._span(meta),
        )

    def depend(self, meta, names):
        return names

    def if_stmt(self, meta, condition, body, *rest):
        *elifs, orelse = rest
        return A.If(condition, body, tuple(elifs), orelse, span=self._span(meta))

    def else_if(self, meta, condition, body):
        return A.ElseIf(condition, body, span=self._span(meta))

    def else_clause(self, meta, body):
        return body

    def while_stmt(self, meta, condition, body):
        return A.While(condition, body, span=self._span(meta))

    def from_stmt(self, meta, variable, start, stop, step, body):
        return A.FromLoop(str(variable), start, stop, step, body, span=self._span(meta))

    def watch(self, meta, *items):
        return A.Watch(tuple(items), span=self._span(meta))

    def watch_item(self, meta, left, op, right, flag):
        return A.WatchItem(left, str(op), right, flag, span=self._span(meta))

    def for_netcons(self, meta, params, body):
        return A.ForNetcons(params or (), body, span=self._span(meta))

    def initial_stmt(self, meta, body):
        return A.InitialStmt(body, span=self._span(meta))

    def lag(self, meta, name, by):
        return A.Lag(str(name), str(by), span=self._span(meta))

    def conductance(self, meta, name, ion):
        return A.Conductance(str(name), str(ion) if ion is not None else None, span=self._span(meta))

    def mutex_lock(self, meta):
        return A.MutexLock(span=self._span(meta))

    def mutex_unlock(self, meta):
        return A.MutexUnlock(span=self._span(meta))

    # ------------------------------------------------------------------ expressions
    def _fold(self, meta, *items):
        """Left-fold ``operand (op operand)*`` into BinaryOp nodes, without recursion."""
        parts = iter(items)
        left = next(parts)
        for op, right in zip(parts, parts):
            left = A.BinaryOp(str(op), left, right, span=left.span.cover(right.span))
        return left

    or_expr = and_expr = rel_expr = sum = product = _fold

    def negate(self, meta, minus, operand):
        return A.UnaryOp("-", operand, span=self._span(meta))

    def logical_not(self, meta, bang, operand):
        return A.UnaryOp("!", operand, span=self._span(meta))

    def power(self, meta, base, caret, exponent):
        return A.BinaryOp("^", base, exponent, span=self._span(meta))

    def literal(self, meta, number, unit):
        if unit is None:
            return number
        return A.Number(number.text, self._unit(unit), span=self._span(meta))

    def name(self, meta, tok):
        return A.Name(str(tok), span=self._span(meta))

    def prime(self, meta, tok):
        text = str(tok)
        base = text.rstrip("'")
        return A.Prime(base, len(text) - len(base), span=self._span(meta))

    def indexed(self, meta, target, index):
        return A.Indexed(target, index, span=self._span(meta))

    def call(self, meta, func, args):
        return A.Call(str(func), args or (), span=self._span(meta))

    def args(self, meta, *items):
        return tuple(items)

    def string(self, meta, tok):
        return A.String(tok.value[1:-1], span=self._span(meta))

    def number(self, meta, tok):
        return A.Number(str(tok), span=self._span(meta))

    def signed_number(self, meta, minus, number):
        if minus is None:
            return number
        return A.Number("-" + number.text, span=self._span(meta))


def _block_text(raw: str, keyword: str) -> str:
    """The text of a COMMENT/VERBATIM token between the keyword and the END line."""
    body = raw[len(keyword):]
    return body[: body.rfind("\n")]
