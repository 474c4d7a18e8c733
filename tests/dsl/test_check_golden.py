"""Semantic checks: every diagnostic code, with its exact message and location."""

from __future__ import annotations

import pytest
from nmodl_samples import ALL

from braincell.dsl import Severity, check, check_source, parse

H = "NEURON { SUFFIX t }\n"

CASES = [
    ("unknown_name", H + "PARAMETER { gbar = 1 }\nBREAKPOINT { LOCAL y\n y = gbr }\n",
     "E201", 4, 6, "unknown name 'gbr'; did you mean 'gbar'?"),
    ("unknown_function", H + "BREAKPOINT { LOCAL y\n y = expp(1) }\n",
     "E202", 3, 6, "unknown function 'expp'; did you mean 'exp'?"),
    ("solve_missing_block", H + "STATE { m }\nBREAKPOINT { SOLVE stats METHOD cnexp }\nDERIVATIVE states { m' = -m }\n",
     "E301", 3, 14, "SOLVE names 'stats', but there is no DERIVATIVE, KINETIC, LINEAR, NONLINEAR or "
     "PROCEDURE block of that name; did you mean 'states'?"),
    ("solve_wrong_method", H + "STATE { m }\nBREAKPOINT { SOLVE states METHOD sparse }\nDERIVATIVE states { m' = -m }\n",
     "E302", 3, 14, "METHOD sparse cannot solve the DERIVATIVE block 'states'; use one of: "
     "after_cvode, cnexp, cvode_t, cvode_t_v, derivimplicit, euler, runge"),
    ("kinetic_cnexp", H + "STATE { a b }\nBREAKPOINT { SOLVE k METHOD cnexp }\nKINETIC k { ~ a <-> b (1, 2) }\n",
     "E302", 3, 14, "METHOD cnexp cannot solve the KINETIC block 'k'; use one of: after_cvode, "
     "cvode_t, cvode_t_v, euler, runge, sparse"),
    ("prime_not_state", H + "ASSIGNED { q }\nBREAKPOINT { SOLVE s METHOD cnexp }\nDERIVATIVE s { q' = 1 }\n",
     "E303", 4, 16, "'q'' is a derivative, but 'q' is an ASSIGNED variable; declare it in the STATE block"),
    ("wrong_arg_count", H + "FUNCTION f(x) { f = x }\nBREAKPOINT { LOCAL y\n y = f(1, 2) }\n",
     "E204", 4, 6, "f() takes 1 argument but is given 2"),
    ("builtin_arg_count", H + "BREAKPOINT { LOCAL y\n y = exp(1, 2) }\n",
     "E204", 3, 6, "exp() takes 1 argument but is given 2"),
    ("table_two_args", H + "FUNCTION f(x, y) {\n TABLE FROM 0 TO 1 WITH 10\n f = x }\n",
     "E304", 3, 2, "a FUNCTION with a TABLE must take exactly one argument; 'f' takes 2"),
    ("table_in_breakpoint", H + "BREAKPOINT {\n TABLE FROM 0 TO 1 WITH 10\n}\n",
     "E304", 3, 2, "TABLE is allowed only in a FUNCTION or PROCEDURE"),
    ("two_tables", H + "PROCEDURE p(x) {\n TABLE FROM 0 TO 1 WITH 10\n TABLE FROM 0 TO 1 WITH 10\n}\n",
     "E304", 4, 2, "only one TABLE statement is allowed per FUNCTION or PROCEDURE"),
    ("duplicate", H + "PARAMETER { a = 1 }\nASSIGNED { a }\n",
     "E101", 3, 12, "'a' is declared twice: as PARAMETER and as ASSIGNED (first declared at line 2); "
     "remove one declaration"),
    ("duplicate_function", H + "FUNCTION f() { f = 1 }\nPROCEDURE f() { }\n",
     "E101", 3, 1, "'f' is declared twice: as FUNCTION and as PROCEDURE (first declared at line 2); "
     "remove one function"),
    ("bad_ion_variable", "NEURON { SUFFIX t USEION na READ ena, nax }\n",
     "E305", 1, 19, "'nax' is not a variable of ion 'na'; USEION na can READ or WRITE only nai, "
     "nao, ina, ena"),
    ("variable_called", H + "PARAMETER { a = 1 }\nBREAKPOINT { LOCAL y\n y = a(1) }\n",
     "E203", 4, 6, "'a' is a PARAMETER variable, not a function"),
    ("function_as_variable", H + "FUNCTION f() { f = 1 }\nBREAKPOINT { LOCAL y\n y = f }\n",
     "E203", 4, 6, "'f' is a FUNCTION; call it with f(...)"),
    ("conserve_outside_kinetic", H + "STATE { a }\nBREAKPOINT { CONSERVE a = 1 }\n",
     "E306", 3, 14, "CONSERVE is allowed only in a KINETIC block"),
    ("equation_outside_linear", H + "STATE { a }\nBREAKPOINT { ~ a = 1 }\n",
     "E306", 3, 14, "an equation ('~ lhs = rhs') is allowed only in LINEAR and NONLINEAR blocks"),
    ("watch_outside_net_receive", H + "BREAKPOINT { WATCH (v > 1) 2 }\n",
     "E306", 2, 14, "WATCH is allowed only in a NET_RECEIVE block"),
    ("for_netcons_arity", "NEURON { POINT_PROCESS t }\nNET_RECEIVE(w, x) { FOR_NETCONS(a) { } }\n",
     "E307", 2, 21, "FOR_NETCONS takes 1 argument(s) but NET_RECEIVE takes 2; they must match"),
    ("net_receive_no_args", "NEURON { POINT_PROCESS t }\nNET_RECEIVE() { }\n",
     "E308", 2, 1, "NET_RECEIVE needs at least one argument (the weight)"),
    ("initial_outside_net_receive", H + "BREAKPOINT { INITIAL { } }\n",
     "E306", 2, 14, "an INITIAL block inside another block is allowed only in NET_RECEIVE"),
    ("conductance_outside_breakpoint", H + "ASSIGNED { g }\nINITIAL { CONDUCTANCE g }\n",
     "E306", 3, 11, "CONDUCTANCE is allowed only in the BREAKPOINT block"),
    ("assign_parameter", H + "PARAMETER { a = 1 }\nINITIAL { a = 2 }\n",
     "W401", 3, 11, "assigning to PARAMETER 'a'; a value that changes belongs in ASSIGNED"),
    ("state_without_equation", H + "STATE { m }\nINITIAL { m = 0 }\n",
     "W402", 2, 9, "STATE 'm' has no differential equation or reaction; it behaves like an ASSIGNED variable"),
    ("state_assigned_in_derivative", H + "STATE { m }\nBREAKPOINT { SOLVE s METHOD cnexp }\nDERIVATIVE s { m = 1\n m' = -m }\n",
     "W404", 4, 16, "STATE 'm' is assigned a value in a DERIVATIVE block; multistep methods may not work correctly"),
    ("assign_read_only_ion", "NEURON { SUFFIX t USEION na READ ena }\nINITIAL { ena = 50 }\n",
     "W407", 2, 11, "'ena' is only READ from ion 'na'; assigning it has no effect on the ion (add it to WRITE)"),
    ("non_ascii_comment", H + ": caf\u00e9\n",
     "W405", 2, 6, "non-ASCII character outside a COMMENT block; NEURON's translator rejects it"),
    ("verbatim_block", H + "VERBATIM\nint x;\nENDVERBATIM\n",
     "W406", 2, 1, "VERBATIM blocks hold C code that braincell cannot run; this file can be checked but not compiled"),
    ("unknown_name_with_verbatim", H + "VERBATIM\nint x;\nENDVERBATIM\nBREAKPOINT { LOCAL y\n y = foo }\n",
     "W201", 6, 6, "unknown name 'foo'"),
]


@pytest.mark.parametrize(("name", "source", "code", "line", "column", "message"), CASES,
                         ids=[c[0] for c in CASES])
def test_diagnostic(name, source, code, line, column, message):
    result = check_source(source, "t.mod")
    assert result.module is not None, result.diagnostics
    found = [d for d in result.diagnostics if d.code == code]
    assert found, [d.render() for d in result.diagnostics]
    d = found[0]
    assert (d.span.file, d.span.line, d.span.column) == ("t.mod", line, column)
    assert d.message == message
    assert d.severity is (Severity.ERROR if code.startswith("E") else Severity.WARNING)


@pytest.mark.parametrize("name", sorted(ALL))
def test_samples_have_no_errors(name):
    # every sample is accepted by NEURON 9.0.2's nocmodl
    result = check_source(ALL[name], name)
    assert result.ok, [d.render() for d in result.errors]


def test_several_diagnostics_sorted_by_position():
    source = H + "BREAKPOINT { LOCAL y\n y = zz + exp(1, 2)\n y = qq }\n"
    codes = [(d.code, d.span.line, d.span.column) for d in check(parse(source), source)]
    assert codes == [("E201", 3, 6), ("E204", 3, 11), ("E201", 4, 6)]


def test_render_and_json():
    result = check_source(H + "BREAKPOINT { LOCAL y\n y = gbr }\n", "x.mod")
    (d,) = result.diagnostics
    assert d.render(result.source) == (
        "x.mod:3:6: error[E201]: unknown name 'gbr'\n"
        " 3 |  y = gbr }\n"
        "   |      ^~~"
    )
    assert d.to_dict() == {
        "severity": "error", "code": "E201", "message": "unknown name 'gbr'",
        "span": {"file": "x.mod", "line": 3, "column": 6, "end_line": 3, "end_column": 9},
        "notes": [],
    }


def test_special_variables_builtins_and_scopes_are_known():
    source = H + """ASSIGNED { y }
FUNCTION f(x) { f = x + v + t + dt + celsius + diam + area + PI + exp(fabs(x)) }
PROCEDURE p() { LOCAL i
    FROM i = 0 TO 2 { y = i + f(i) }
}
NET_RECEIVE(w) { if (flag == 0) { y = w } }
"""
    assert [d.code for d in check(parse(source), source)] == []
