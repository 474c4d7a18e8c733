"""The canonical printer: layout, minimal parentheses, and parse(print(m)) == m."""

from __future__ import annotations

import pytest
from nmodl_samples import HH

from braincell.dsl import ast as A
from braincell.dsl import parse, print_expr, print_module


def _expr(text: str):
    return parse(f"BREAKPOINT {{ x = {text} }}").items[0].body.statements[0].value


@pytest.mark.parametrize(("source", "printed"), [
    ("(a + b) * c", "(a + b) * c"),
    ("a - (b - c)", "a - (b - c)"),
    ("(a - b) - c", "a - b - c"),
    ("-a^2", "-a^2"),
    ("(-a)^2", "(-a)^2"),
    ("(a^b)^c", "(a^b)^c"),
    ("a^(b^c)", "a^b^c"),
    ("2^-(x+1)", "2^-(x + 1)"),
    ("- - a", "--a"),
    ("!(a && b) || c", "!(a && b) || c"),
    ("a / (b * c)", "a / (b * c)"),
    ("(a < b) == (c > d)", "a < b == (c > d)"),
    ("exp(-v/10 (mV))", "exp(-v / 10 (mV))"),
    ("c[i+1]", "c[i + 1]"),
])
def test_minimal_parentheses(source, printed):
    e = _expr(source)
    assert print_expr(e) == printed
    assert _expr(printed) == e


def test_canonical_layout():
    text = print_module(parse(
        "NEURON{SUFFIX a RANGE g,e}\nPARAMETER{g=.1(S/cm2)<0,1>}\n"
        "FUNCTION f(x(mV))(1){if(x>0){f=1}else{f=2}}"
    ))
    assert text == (
        "NEURON {\n    SUFFIX a\n    RANGE g, e\n}\n\n"
        "PARAMETER {\n    g = .1 (S/cm2) <0, 1>\n}\n\n"
        "FUNCTION f(x (mV)) (1) {\n    if (x > 0) {\n        f = 1\n    } else {\n"
        "        f = 2\n    }\n}\n"
    )


def test_printing_is_idempotent():
    once = print_module(parse(HH))
    assert print_module(parse(once)) == once


def test_hand_built_tree_prints():
    module = A.Module((
        A.NeuronBlock((A.Suffix("SUFFIX", "leak"), A.NameList("RANGE", ("g",)))),
        A.BreakpointBlock(A.Block((
            A.Assign(A.Name("i"), A.BinaryOp("*", A.Name("g"), A.BinaryOp(
                "-", A.Name("v"), A.Number("-70")))),
        ))),
    ))
    text = print_module(module)
    assert "i = g * (v - -70)" in text
    assert parse(text).items[0] == module.items[0]


def test_unprintable_node_is_a_type_error():
    with pytest.raises(TypeError):
        print_expr(A.Block())
