"""Valid NMODL: the exact tree for every block, statement and expression kind."""

from __future__ import annotations

import pytest
from nmodl_samples import ALL

from braincell.dsl import ast as A
from braincell.dsl import parse, print_module
from braincell.dsl.diagnostics import SourceSpan


def stmts(body: str) -> tuple:
    module = parse(f"PROCEDURE p() {{\n{body}\n}}\n")
    (proc,) = module.items
    return proc.body.statements


def stmt(body: str):
    (s,) = stmts(body)
    return s


def expr(text: str):
    return stmt(f"x = {text}").value


def top(text: str):
    (item,) = parse(text).items
    return item


N, Num = A.Name, A.Number


def B(op, left, right):
    return A.BinaryOp(op, left, right)


# ------------------------------------------------------------------ whole files
@pytest.mark.parametrize("name", sorted(ALL))
def test_samples_round_trip(name):
    module = parse(ALL[name], file=name)
    text = print_module(module)
    again = parse(text)
    assert again == module
    assert print_module(again) == text


# ------------------------------------------------------------------ top level
def test_title_comment_verbatim_include_define():
    module = parse(
        'TITLE  my title  \nCOMMENT text {\n  more }\nENDCOMMENT\nVERBATIM\n'
        'int x; }}\nENDVERBATIM\nINCLUDE "a.inc"\nDEFINE N 3\nUNITSOFF\nUNITSON\n'
    )
    assert module.items == (
        A.Title("my title"), A.Comment(" text {\n  more }"), A.Verbatim("\nint x; }}"),
        A.Include("a.inc"), A.Define("N", "3"), A.UnitsSwitch(False), A.UnitsSwitch(True),
    )


def test_neuron_block():
    block = top(
        "NEURON {\n SUFFIX hh\n POINT_PROCESS P ARTIFICIAL_CELL C\n"
        " USEION ca READ cai, cao WRITE ica VALENCE 2 REPRESENTS CHEBI:29108\n"
        " USEION x WRITE ix CHARGE -1\n"
        " NONSPECIFIC_CURRENT il ELECTRODE_CURRENT ie RANGE a, b GLOBAL g POINTER p\n"
        " BBCOREPOINTER q EXTERNAL e RANDOM r THREADSAFE REPRESENTS NCIT:C17145\n}"
    )
    assert block == A.NeuronBlock((
        A.Suffix("SUFFIX", "hh"), A.Suffix("POINT_PROCESS", "P"),
        A.Suffix("ARTIFICIAL_CELL", "C"),
        A.UseIon("ca", ("cai", "cao"), ("ica",), Num("2"), "CHEBI:29108"),
        A.UseIon("x", (), ("ix",), Num("-1")),
        A.NameList("NONSPECIFIC_CURRENT", ("il",)), A.NameList("ELECTRODE_CURRENT", ("ie",)),
        A.NameList("RANGE", ("a", "b")), A.NameList("GLOBAL", ("g",)),
        A.NameList("POINTER", ("p",)), A.NameList("BBCOREPOINTER", ("q",)),
        A.NameList("EXTERNAL", ("e",)), A.NameList("RANDOM", ("r",)), A.ThreadSafe(),
        A.Represents("NCIT:C17145"),
    ))


def test_units_block():
    block = top(
        "UNITS {\n (mA) = (milliamp)\n FARADAY = (faraday) (coulomb)\n"
        " R = (k-mole) (joule/degC)\n F = 96485.3 (coulomb)\n f2i = (foot) -> (inch)\n}"
    )
    U = A.Unit
    assert block.definitions == (
        A.UnitDef(U("mA"), U("milliamp")),
        A.UnitFactor("FARADAY", None, (U("faraday"), U("coulomb"))),
        A.UnitFactor("R", None, (U("k-mole"), U("joule/degC"))),
        A.UnitFactor("F", Num("96485.3"), (U("coulomb"),)),
        A.UnitFactor("f2i", None, (U("foot"), U("inch")), arrow=True),
    )


def test_parameter_block():
    block = top("PARAMETER {\n g = .12 (S/cm2) <0, 1e9>\n e = -70 (mV)\n w\n a[3] (1)\n}")
    assert block.parameters == (
        A.Parameter("g", Num(".12"), A.Unit("S/cm2"), A.Limits(Num("0"), Num("1e9"))),
        A.Parameter("e", Num("-70"), A.Unit("mV")),
        A.Parameter("w"),
        A.Parameter("a", None, A.Unit("1"), size="3"),
    )


def test_state_assigned_constant_independent_local():
    module = parse(
        "STATE { m FROM 0 TO 1 START 0.5 (1) <1e-4> c[N] }\nASSIGNED { v (mV) i }\n"
        "CONSTANT { q = 2 (1) }\nINDEPENDENT { SWEEP t FROM 0 TO 5 WITH 10 START 0 (ms) }\n"
        "LOCAL a, b[2]\n"
    )
    state, assigned, constant, independent, local = module.items
    assert state.variables == (
        A.Variable("m", None, Num("0"), Num("1"), Num("0.5"), A.Unit("1"), Num("1e-4")),
        A.Variable("c", "N"),
    )
    assert assigned.variables == (A.Variable("v", unit=A.Unit("mV")), A.Variable("i"))
    assert constant.constants == (A.Constant("q", Num("2"), A.Unit("1")),)
    assert independent.variables == (
        A.Independent("t", Num("0"), Num("5"), "10", Num("0"), A.Unit("ms"), sweep=True),
    )
    assert local == A.Local((A.LocalVar("a"), A.LocalVar("b", "2")))


def test_procedural_blocks():
    module = parse(
        "INITIAL { }\nBREAKPOINT { }\nDERIVATIVE d { }\nKINETIC k SOLVEFOR a, b { }\n"
        "LINEAR l { }\nNONLINEAR n SOLVEFOR c { }\nPROCEDURE p(x (mV), y) { }\n"
        "FUNCTION f(x) (/ms) { }\nFUNCTION_TABLE ft(v (mV)) (ms)\nNET_RECEIVE(w (uS)) { }\n"
        "BEFORE BREAKPOINT { }\nAFTER SOLVE { }\nBEFORE INITIAL { }\nAFTER STEP { }\n"
        "CONSTRUCTOR { }\nDESTRUCTOR { }\n"
    )
    empty = A.Block()
    assert module.items == (
        A.InitialBlock(empty), A.BreakpointBlock(empty), A.DerivativeBlock("d", empty),
        A.KineticBlock("k", ("a", "b"), empty), A.LinearBlock("l", (), empty),
        A.NonlinearBlock("n", ("c",), empty),
        A.ProcedureBlock("p", (A.Param("x", A.Unit("mV")), A.Param("y")), None, empty),
        A.FunctionBlock("f", (A.Param("x"),), A.Unit("/ms"), empty),
        A.FunctionTableBlock("ft", (A.Param("v", A.Unit("mV")),), A.Unit("ms")),
        A.NetReceiveBlock((A.Param("w", A.Unit("uS")),), empty),
        A.BeforeBlock("BREAKPOINT", empty), A.AfterBlock("SOLVE", empty),
        A.BeforeBlock("INITIAL", empty), A.AfterBlock("STEP", empty),
        A.ConstructorBlock(empty), A.DestructorBlock(empty),
    )


# ------------------------------------------------------------------ statements
def test_assignments_and_derivatives():
    assert stmt("x = 1") == A.Assign(N("x"), Num("1"))
    assert stmt("m' = -m") == A.Assign(A.Prime("m"), A.UnaryOp("-", N("m")))
    assert stmt("x'' = 1") == A.Assign(A.Prime("x", 2), Num("1"))
    assert stmt("c[i+1] = 2") == A.Assign(A.Indexed(N("c"), B("+", N("i"), Num("1"))), Num("2"))
    assert stmt("PROTECT x = x + 1") == A.Protect(A.Assign(N("x"), B("+", N("x"), Num("1"))))


def test_local_calls_solve_table():
    body = stmts(
        'LOCAL a, b\nrates(v, 2)\nprintf("%g\\n", a)\nSOLVE s\nSOLVE s METHOD cnexp\n'
        "SOLVE k STEADYSTATE sparse\nTABLE minf DEPEND celsius FROM -100 TO 100 WITH 200\n"
        "TABLE FROM 0 TO 1 WITH 2"
    )
    assert body == (
        A.Local((A.LocalVar("a"), A.LocalVar("b"))),
        A.CallStmt(A.Call("rates", (N("v"), Num("2")))),
        A.CallStmt(A.Call("printf", (A.String("%g\\n"), N("a")))),
        A.Solve("s"), A.Solve("s", "cnexp"), A.Solve("k", "sparse", steadystate=True),
        A.Table(("minf",), ("celsius",), A.UnaryOp("-", Num("100")), Num("100"), "200"),
        A.Table((), (), Num("0"), Num("1"), "2"),
    )


def test_control_flow():
    body = stmts(
        "if (a) { x = 1 } else if (b) { x = 2 } ELSE IF (c) { } else { x = 3 }\n"
        "IF (a) { }\nwhile (a < 1) { a = a + 1 }\nWHILE (0) { }\n"
        "FROM i = 0 TO n - 1 BY 2 { }\n{ x = 1 }"
    )
    one, two, three = (A.Block((A.Assign(N("x"), Num(k)),)) for k in "123")
    assert body == (
        A.If(N("a"), one, (A.ElseIf(N("b"), two), A.ElseIf(N("c"), A.Block())), three),
        A.If(N("a"), A.Block()),
        A.While(B("<", N("a"), Num("1")), A.Block((A.Assign(N("a"), B("+", N("a"), Num("1"))),))),
        A.While(Num("0"), A.Block()),
        A.FromLoop("i", Num("0"), B("-", N("n"), Num("1")), Num("2"), A.Block()),
        one,
    )


def test_kinetic_statements():
    module = parse(
        "KINETIC k {\n ~ A + 2 B <-> C (kf, kb)\n ~ ca[0] << (f)\n ~ A -> (k)\n"
        " CONSERVE A + C = 1\n COMPARTMENT i, v[i] {ca cb}\n COMPARTMENT vol {A}\n"
        " LONGITUDINAL_DIFFUSION i, D {ca}\n}"
    )
    S = A.Species
    assert module.items[0].body.statements == (
        A.Reaction((S(N("A")), S(N("B"), "2")), (S(N("C")),), N("kf"), N("kb")),
        A.Flux((S(A.Indexed(N("ca"), Num("0"))),), "<<", N("f")),
        A.Flux((S(N("A")),), "->", N("k")),
        A.Conserve((S(N("A")), S(N("C"))), Num("1")),
        A.Compartment("i", A.Indexed(N("v"), N("i")), ("ca", "cb")),
        A.Compartment(None, N("vol"), ("A",)),
        A.LongitudinalDiffusion("i", N("D"), ("ca",)),
    )


def test_equations_in_linear_blocks():
    module = parse("LINEAR l {\n ~ a + b = 1\n ~+ b = 0\n}\nNONLINEAR n { ~ a*a = 2 }")
    assert module.items[0].body.statements == (
        A.Equation(B("+", N("a"), N("b")), Num("1")),
        A.Equation(N("b"), Num("0"), add=True),
    )
    assert module.items[1].body.statements == (A.Equation(B("*", N("a"), N("a")), Num("2")),)


def test_net_receive_statements():
    module = parse(
        "NET_RECEIVE(w, t0) {\n INITIAL { t0 = t }\n WATCH (v > th) 2, (v < -60 (mV)) 3.5\n"
        " FOR_NETCONS(w1, t1) { t1 = t }\n MUTEXLOCK\n MUTEXUNLOCK\n}"
    )
    assert module.items[0].body.statements == (
        A.InitialStmt(A.Block((A.Assign(N("t0"), N("t")),))),
        A.Watch((
            A.WatchItem(N("v"), ">", N("th"), Num("2")),
            A.WatchItem(N("v"), "<", A.UnaryOp("-", Num("60", A.Unit("mV"))), Num("3.5")),
        )),
        A.ForNetcons((A.Param("w1"), A.Param("t1")), A.Block((A.Assign(N("t1"), N("t")),))),
        A.MutexLock(), A.MutexUnlock(),
    )


def test_lag_conductance_units_switch_comment_verbatim_statements():
    body = stmts(
        "LAG x BY tau\nCONDUCTANCE g USEION na\nCONDUCTANCE g\nUNITSOFF\n"
        "COMMENT\n } {\nENDCOMMENT\nVERBATIM\n return 0; }\nENDVERBATIM"
    )
    assert body == (
        A.Lag("x", "tau"), A.Conductance("g", "na"), A.Conductance("g"), A.UnitsSwitch(False),
        A.Comment("\n } {"), A.Verbatim("\n return 0; }"),
    )


# ------------------------------------------------------------------ expressions
def test_precedence():
    assert expr("-a^2") == A.UnaryOp("-", B("^", N("a"), Num("2")))
    assert expr("a^b^c") == B("^", N("a"), B("^", N("b"), N("c")))
    assert expr("2^-1") == B("^", Num("2"), A.UnaryOp("-", Num("1")))
    assert expr("-a*b") == B("*", A.UnaryOp("-", N("a")), N("b"))
    assert expr("a - b - c") == B("-", B("-", N("a"), N("b")), N("c"))
    assert expr("a / b * c") == B("*", B("/", N("a"), N("b")), N("c"))
    assert expr("a + b * c") == B("+", N("a"), B("*", N("b"), N("c")))
    assert expr("a || b && c") == B("||", N("a"), B("&&", N("b"), N("c")))
    assert expr("!a == b") == B("==", A.UnaryOp("!", N("a")), N("b"))
    assert expr("a < b + 1") == B("<", N("a"), B("+", N("b"), Num("1")))
    assert expr("a <= b != c >= d") == B(">=", B("!=", B("<=", N("a"), N("b")), N("c")), N("d"))
    assert expr("(a + b) * c") == B("*", B("+", N("a"), N("b")), N("c"))


def test_numbers_and_units():
    assert [expr(t) for t in ("1", "1.", ".5", "1e-3", "2.5E+2", "1.e3")] == [
        Num("1"), Num("1."), Num(".5"), Num("1e-3"), Num("2.5E+2"), Num("1.e3"),
    ]
    assert expr("2 (mV)") == Num("2", A.Unit("mV"))
    assert expr("1e-3").value == pytest.approx(0.001)
    assert expr("f()") == A.Call("f")


# ------------------------------------------------------------------ lexing corners
def test_line_endings_tabs_and_latin1():
    crlf = parse(b"NEURON {\r\n\tSUFFIX a\r\n}\r\n")
    mac = parse(b"NEURON {\r\tSUFFIX a\r}\r")
    latin = parse(b": caf\xe9 \xb5\nNEURON { SUFFIX a }\n")
    assert crlf == mac == latin
    assert mac.items[0].statements[0].span == SourceSpan("<string>", 2, 2, 2, 10)


def test_comments_and_question_marks():
    module = parse("? old comment\nNEURON { SUFFIX a : trailing\n}  : after\n")
    assert module.items == (A.NeuronBlock((A.Suffix("SUFFIX", "a"),)),)


def test_end_of_file_control_characters():
    assert parse("NEURON { SUFFIX a }\n\x1agarbage {{{") == parse("NEURON { SUFFIX a }\n")


def test_endcomment_needs_a_whole_word_at_line_start():
    module = parse("COMMENT x\n ENDCOMMENTS\n  ENDCOMMENT trailing words\nNEURON { SUFFIX a }")
    assert module.items[0] == A.Comment(" x\n ENDCOMMENTS")
    assert len(module.items) == 2


# ------------------------------------------------------------------ positions
def test_spans_cover_the_source():
    source = "NEURON {\n    SUFFIX hh\n}\nBREAKPOINT {\n    gna = gbar*m\n}\n"
    module = parse(source, file="hh.mod")
    neuron, bp = module.items
    assert neuron.span == SourceSpan("hh.mod", 1, 1, 3, 2)
    assert neuron.statements[0].span == SourceSpan("hh.mod", 2, 5, 2, 14)
    (assign,) = bp.body.statements
    assert assign.span == SourceSpan("hh.mod", 5, 5, 5, 17)
    assert assign.value.span == SourceSpan("hh.mod", 5, 11, 5, 17)
    assert assign.value.right.span == SourceSpan("hh.mod", 5, 16, 5, 17)


def test_every_parsed_node_has_a_span():
    for source in ALL.values():
        for node in A.walk(parse(source)):
            assert node.span.line >= 1, node


def test_spans_do_not_take_part_in_equality():
    assert parse("NEURON { SUFFIX a }") == parse("\n\n  NEURON   {\n SUFFIX a\n}")
