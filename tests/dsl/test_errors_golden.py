"""Syntax errors: the exact message, code and location for each kind of mistake."""

from __future__ import annotations

import pytest

from braincell.dsl import MechanismError, MechanismSyntaxError, check_source, parse

CASES = [
    ("missing_brace", "NEURON { SUFFIX x }\nPARAMETER { gbar = 1 \nBREAKPOINT { }\n", "E005", 3, 1,
     "unexpected keyword 'BREAKPOINT'; expected one of: '<', '}', a name, a unit such as (mV)"),
    ("unclosed_comment", "NEURON { SUFFIX x }\nCOMMENT\nhello\n", "E004", 2, 1,
     "COMMENT block is never closed: add a line that starts with ENDCOMMENT"),
    ("unclosed_verbatim", "VERBATIM\nint x;\n", "E004", 1, 1,
     "VERBATIM block is never closed: add a line that starts with ENDVERBATIM"),
    ("comment_in_parameter", "PARAMETER {\nCOMMENT\nx\nENDCOMMENT\n}\n", "E001", 2, 1,
     "a COMMENT block cannot appear here: NEURON allows COMMENT only between blocks and between statements"),
    ("dangling_operator", "BREAKPOINT { x = 1 + }", "E001", 1, 22,
     "unexpected '}'; expected one of: '!', '(', '-', a derivative such as m', a name, a number, an integer"),
    ("unbalanced_paren", "BREAKPOINT { x = (1 + 2 }", "E001", 1, 25, "unexpected '}'; expected ')'"),
    ("suffix_without_name", "NEURON { SUFFIX }", "E001", 1, 17, "unexpected '}'; expected a name"),
    ("unknown_method", "BREAKPOINT { SOLVE s METHOD foo }", "E001", 1, 29,
     "unexpected name 'foo'; expected a method name (cnexp, derivimplicit, euler, runge, sparse, "
     "newton, simeq, after_cvode, cvode_t, cvode_t_v)"),
    ("percent", "BREAKPOINT {\n  x = 3 % 2 }", "E002", 2, 9,
     "unexpected character '%'; expected one of: a statement, an operator, '}', a unit such as (mV)"),
    ("semicolon", "PARAMETER { x = 1 ; }", "E002", 1, 19,
     "unexpected character ';'; expected one of: '<', '}', a name, a unit such as (mV)"),
    ("reserved_as_name", "BREAKPOINT { LOCAL x\n x = METHOD }", "E005", 2, 6,
     "unexpected keyword 'METHOD'; expected one of: '!', '(', '-', a derivative such as m', a name, a number, an integer"),
    ("local_not_first", "BREAKPOINT {\n  x = 1\n  LOCAL y\n}", "E010", 3, 3,
     "LOCAL must be the first statement of its block: NEURON takes one LOCAL declaration, right "
     "after '{' (a LOCAL further down is Arbor syntax)"),
    ("two_locals", "BREAKPOINT {\n  LOCAL x\n  LOCAL y\n}", "E010", 3, 3,
     "LOCAL must be the first statement of its block: NEURON takes one LOCAL declaration, right "
     "after '{' (a LOCAL further down is Arbor syntax)"),
    ("arbor_white_noise", "WHITE_NOISE { w }", "E007", 1, 1,
     "WHITE_NOISE blocks are Arbor-only NMODL syntax; NEURON does not accept 'WHITE_NOISE'"),
    ("arbor_stochastic", "BREAKPOINT { SOLVE s METHOD stochastic }", "E007", 1, 29,
     "METHOD stochastic is Arbor-only NMODL syntax; NEURON does not accept 'stochastic'"),
    ("arbor_valence_name", "NEURON { USEION x READ xi VALENCE zx }", "E007", 1, 35,
     "VALENCE takes a number, not the name 'zx' (a named valence is Arbor syntax)"),
    ("arbor_write_read", "NEURON { USEION k WRITE ik READ ki }", "E007", 1, 28,
     "in USEION, READ must come before WRITE (WRITE ... READ is Arbor syntax)"),
    ("reaction_outside_kinetic", "BREAKPOINT {\n  ~ A <-> B (1, 2)\n}", "E008", 2, 9,
     "a reaction ('~ A <-> B (kf, kb)') is allowed only in a KINETIC block"),
    ("eof_in_block", "BREAKPOINT {\n x = 1\n", "E003", 3, 1,
     "unexpected end of file; expected one of: a statement, an operator, '}', a unit such as (mV)"),
    ("non_ascii", "BREAKPOINT { x = 1 \u00b5 }", "E002", 1, 20,
     "unexpected character '\u00b5'; expected one of: a statement, an operator, '}', a unit such as (mV)"),
    ("underscore_name", "BREAKPOINT { _x = 1 }", "E002", 1, 14,
     "unexpected character '_'; expected one of: a statement, '}'"),
    ("useion_without_read_write", "NEURON { USEION na }", "E001", 1, 20,
     "unexpected '}'; expected one of: 'READ', 'WRITE'"),
    ("watch_ge", "NET_RECEIVE(w) { WATCH (v >= 1) 2 }", "E001", 1, 27,
     "unexpected '>='; expected one of: '<', '>'"),
    ("else_without_if", "BREAKPOINT { else { } }", "E005", 1, 14,
     "unexpected keyword 'else'; expected one of: a statement, '}'"),
    ("stray_endcomment", "ENDCOMMENT\n", "E001", 1, 1, "ENDCOMMENT without a matching COMMENT"),
    ("table_without_with", "FUNCTION f(x) { TABLE FROM 0 TO 1\n f = x }", "E001", 2, 2,
     "unexpected name 'f'; expected 'WITH'"),
    ("deep_blocks", "BREAKPOINT " + "{" * 300 + "}" * 300, "E006", 1, 210,
     "nested too deeply (more than 200 levels of blocks, parentheses or operators); split the "
     "expression with LOCAL variables"),
    ("long_expression", "BREAKPOINT { x = " + "+".join(["a"] * 3000) + " }", "E006", 1, 5018,
     "expression too long (more than 5,000 tokens); split it with LOCAL variables"),
]


@pytest.mark.parametrize(("name", "source", "code", "line", "column", "message"), CASES,
                         ids=[c[0] for c in CASES])
def test_syntax_error(name, source, code, line, column, message):
    with pytest.raises(MechanismSyntaxError) as info:
        parse(source, file="t.mod")
    (diagnostic,) = info.value.diagnostics
    assert (diagnostic.code, diagnostic.span.line, diagnostic.span.column) == (code, line, column)
    assert diagnostic.message == message
    assert diagnostic.span.file == "t.mod"


def test_rendering_has_source_line_and_caret():
    with pytest.raises(MechanismSyntaxError) as info:
        parse("NEURON {\n    SUFFIX\n}\n", file="leak.mod")
    assert str(info.value) == (
        "leak.mod:3:1: error[E001]: unexpected '}'; expected a name\n"
        " 3 | }\n"
        "   | ^"
    )


def test_syntax_error_is_a_mechanism_error_and_a_user_error():
    from braincell.errors import BraincellError

    with pytest.raises(MechanismError) as info:
        parse("NEURON {")
    assert isinstance(info.value, BraincellError)
    assert info.value.span.line == 1


def test_check_source_reports_syntax_errors_as_diagnostics():
    result = check_source("NEURON { SUFFIX }", "x.mod")
    assert result.module is None and not result.ok
    assert [d.code for d in result.diagnostics] == ["E001"]
    with pytest.raises(MechanismError):
        result.raise_for_errors()


def test_missing_file_is_a_user_error(tmp_path):
    from braincell.dsl import check_file, parse_file

    with pytest.raises(MechanismError, match="cannot read"):
        parse_file(tmp_path / "nope.mod")
    assert [d.code for d in check_file(tmp_path / "nope.mod").diagnostics] == ["E000"]
