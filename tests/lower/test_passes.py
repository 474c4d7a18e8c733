"""Golden tests of the lowering passes: small .mod inputs and the expected equations,
compared symbolically (``sympy.simplify(a - b) == 0``)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import braincell
from braincell.dsl import MechanismError
from braincell.dsl.lower import lower_source
from braincell.dsl.lower.codegen import generate
from braincell.dsl.lower.expr import shared_exp
from braincell.dsl.lower.ir import Assign, Loop, Newton, SparseSolve, env, ion, param, state
from braincell.dsl.lower.units import unit_factor

v, dt, celsius = env("v"), env("dt"), env("celsius")


def resolve(prog, expr, *more):
    """``expr`` with every temporary of ``prog`` (and ``more`` programs) replaced by its
    definition."""
    defs = {i.target: i.value for p in (prog, *more) for i in p.items if isinstance(i, Assign)}
    for _ in range(len(defs) + 1):
        hit = expr.free_symbols & set(defs)
        if not hit:
            return expr
        expr = expr.xreplace({s: defs[s] for s in hit})
    return expr


def same(a, b) -> bool:
    return sympy.simplify(a - b) == 0


def result(prog, name):
    return resolve(prog, prog.result_map[name])


HEAD = "NEURON { SUFFIX t NONSPECIFIC_CURRENT i RANGE g }\nPARAMETER { g = 1 }\n"


# ----------------------------------------------------------------------------- units
@pytest.mark.parametrize(("units", "expected"), [
    (("faraday", "coulomb"), 96485.33212331001),
    (("k-mole", "joule/degC"), 8.31446261815324),
    (("faraday", "kilocoulombs"), 96.48533212331001),
    (("mV", "V"), 1e-3),
    (("1", "mV"), 1e3),
    (("e", "coulomb"), 1.602176634e-19),
])
def test_unit_factors(units, expected):
    assert unit_factor(None, units, False) == pytest.approx(expected, rel=1e-15)


def test_units_block_constants_reach_the_equations():
    ir = lower_source(HEAD + "UNITS { F = (faraday) (coulomb) R = (k-mole) (joule/degC) }\n"
                      "BREAKPOINT { i = g*F/R }\n")
    assert same(result(ir.breakpoint, "i"), param("g") * 96485.33212331001 / 8.31446261815324)


# ----------------------------------------------------------------------------- interface
def test_interface_declarations():
    ir = lower_source("""
NEURON { SUFFIX x USEION ca READ cai, eca WRITE ica RANGE gbar GLOBAL k }
DEFINE N 3
PARAMETER { gbar = 0.1 (S/cm2) <0, 1> k = 2 w[N] celsius (degC) }
STATE { s[2] }
ASSIGNED { ica (mA/cm2) cai (mM) eca (mV) a }
INITIAL { tau = 1 }
LOCAL tau
BREAKPOINT { ica = gbar*(v - eca) }
""")
    assert [(p.name, p.default, p.scope) for p in ir.parameters] == [
        ("gbar", 0.1, "range"), ("k", 2.0, "global"), ("w[0]", 0.0, "global"),
        ("w[1]", 0.0, "global"), ("w[2]", 0.0, "global")]
    assert ir.parameters[0].limits == (0.0, 1.0) and ir.parameters[0].unit == "S/cm2"
    assert [s.name for s in ir.states] == ["s[0]", "s[1]"]
    assert [a.name for a in ir.assigned] == ["a", "tau"]
    assert ir.ions[0].read == ("cai", "eca") and ir.ions[0].write == ("ica",)
    assert same(result(ir.breakpoint, "ica"), param("gbar") * (v - ion("eca")))


def test_assigned_parameter_becomes_per_instance_state():
    ir = lower_source(HEAD + "ASSIGNED { i }\nINITIAL { g = 2*g }\nBREAKPOINT { i = g*v }\n")
    assert "g" in [a.name for a in ir.assigned]
    assert same(result(ir.initial, "g"), 2 * param("g"))
    assert same(result(ir.breakpoint, "i"), state("g") * v)  # the stored value, not p.g


# ----------------------------------------------------------------------------- inlining
def test_function_with_if_becomes_piecewise():
    ir = lower_source(HEAD + """
ASSIGNED { i }
BREAKPOINT { i = g*f(v) }
FUNCTION f(x) {
    if (x > 0) { f = x } else { f = -x }
}
""")
    expected = param("g") * sympy.Piecewise((v, v > 0), (-v, True))
    assert same(result(ir.breakpoint, "i"), expected)
    guards = {i.guard for i in ir.breakpoint.items if isinstance(i, Assign)}
    assert any(g != sympy.true and same(sympy.Piecewise((1, g), (0, True)).subs(v, -1), 1)
               for g in guards)  # the else branch's code carries its condition


def test_procedure_writes_globals_and_locals_stay_local():
    ir = lower_source(HEAD + """
ASSIGNED { i a b }
BREAKPOINT { rates(v) i = a + b }
PROCEDURE rates(x) { LOCAL q  q = 2*x  a = q + 1  b = q*q }
""")
    assert same(result(ir.breakpoint, "i"), 2 * v + 1 + 4 * v**2)
    assert set(ir.breakpoint.result_map) >= {"a", "b", "i"}


def test_from_loop_arrays_and_define():
    ir = lower_source(HEAD + """
DEFINE N 3
ASSIGNED { i x[N] }
BREAKPOINT {
    FROM j = 0 TO N - 1 { x[j] = j*v }
    i = x[0] + x[1] + x[2]
}
""")
    assert same(result(ir.breakpoint, "x[2]"), 2 * v)
    assert same(result(ir.breakpoint, "i"), 3 * v)


def test_elif_chain_and_booleans():
    ir = lower_source(HEAD + """
ASSIGNED { i }
BREAKPOINT {
    if (v < -50 && g > 0) { i = 1 } else if (v < 0) { i = 2 } else { i = 3 }
}
""")
    got = result(ir.breakpoint, "i")
    for value, expected in ((-60, 1), (-10, 2), (10, 3)):
        assert got.subs({v: value, param("g"): 1}) == expected


# ----------------------------------------------------------------------------- SOLVE methods
GATE = """
NEURON { SUFFIX t RANGE minf, mtau }
PARAMETER { minf = 0.3 mtau = 2 }
STATE { m }
BREAKPOINT { SOLVE states METHOD %s }
DERIVATIVE states { m' = %s }
"""


def test_cnexp_is_the_exact_exponential_update():
    ir = lower_source(GATE % ("cnexp", "(minf - m)/mtau"))
    m, minf, mtau = state("m"), param("minf"), param("mtau")
    expected = m + (1 - sympy.exp(-dt / mtau)) * (minf - m)
    assert same(result(ir.advance, "m"), expected)
    assert same(result(ir.derivative, "m"), (minf - m) / mtau)
    assert ir.solves[0].method == "cnexp"


def test_cnexp_without_the_state_is_euler():
    ir = lower_source(GATE % ("cnexp", "minf/mtau"))
    assert same(result(ir.advance, "m"), state("m") + dt * param("minf") / param("mtau"))


def test_cnexp_nonlinear_falls_back_to_derivimplicit_with_a_warning():
    ir = lower_source(GATE % ("cnexp", "-m*m/mtau"), file="g.mod")
    assert ir.solves[0].method == "derivimplicit"
    [warning] = [d for d in ir.diagnostics if d.code == "W502"]
    assert warning.span.line == 6 and "derivimplicit" in warning.message
    assert any(isinstance(i, Newton) and i.iterations > 1 for i in ir.advance.items)


def test_derivimplicit_is_backward_euler():
    ir = lower_source(GATE % ("derivimplicit", "(minf - m)/mtau"))
    [newton] = [i for i in ir.advance.items if isinstance(i, Newton)]
    u = newton.unknowns[0]
    r = resolve(newton.residual, newton.residual.results[0][1], ir.advance, ir.initial)
    assert same(r, u - state("m") - dt * (param("minf") - u) / param("mtau"))
    assert newton.iterations == 1  # linear: one Newton step is exact


def test_euler():
    ir = lower_source(GATE % ("euler", "(minf - m)/mtau"))
    m = state("m")
    assert same(result(ir.advance, "m"), m + dt * (param("minf") - m) / param("mtau"))


KINETIC = """
NEURON { SUFFIX k }
PARAMETER { a = 2 b = 3 vol = 4 }
STATE { c o }
INITIAL { SOLVE scheme STEADYSTATE sparse }
BREAKPOINT { SOLVE scheme METHOD sparse }
KINETIC scheme {
    COMPARTMENT vol { c }
    ~ c <-> o (a, b)
    CONSERVE c + o = 1
}
"""


def _sparse(prog):
    [solve] = [i for i in prog.items if isinstance(i, SparseSolve)]
    return solve


def _system(solve, *more):
    """(residuals, matrix entries) of a SparseSolve, temporaries resolved."""
    n = len(solve.unknowns)
    values = [resolve(solve.system, e, *more) for _, e in solve.system.results]
    return values[:n], dict(zip(solve.entries, values[n:]))


def test_kinetic_mass_action_with_compartment_and_conserve():
    ir = lower_source(KINETIC)
    solve = _sparse(ir.advance)
    uc, uo = solve.unknowns
    oc, _ = solve.olds
    a, b, vol = param("a"), param("b"), param("vol")
    r, m = _system(solve, ir.advance)
    # nocmodl: vol (c - c_old)/dt - flux; the law in amounts replaces o's row (the last named)
    assert same(r[0], vol * (uc - oc) / dt + (a * uc - b * uo))
    assert same(r[1], vol * uc + uo - 1)
    assert same(m[0, 0], vol / dt + a) and same(m[0, 1], -b)
    assert same(m[1, 0], vol) and same(m[1, 1], 1)
    assert solve.linear and not solve.steadystate
    assert solve.start == (state("c"), state("o"))
    assert same(result(ir.derivative, "o"), a * state("c") - b * state("o"))


def test_steadystate_is_scopmath_ss_sparse():
    ir = lower_source(KINETIC)
    solve = _sparse(ir.initial)
    assert solve.steadystate
    uc, uo = solve.unknowns
    oc, _ = solve.olds
    r, _ = _system(solve, ir.initial)
    a, b, vol = param("a"), param("b"), param("vol")
    assert same(r[0], vol * (uc - oc) / sympy.Float(1e9) + (a * uc - b * uo))


def test_nocmodl_matrix_holds_rates_fixed_and_leaves_out_fluxes():
    ir = lower_source("""
NEURON { SUFFIX k USEION ca READ cao }
PARAMETER { a = 2 }
STATE { c o }
BREAKPOINT { SOLVE scheme METHOD sparse }
KINETIC scheme {
    ~ c + cao <-> o (a*o, a)
    ~ c << (-c*c)
}
""")
    solve = _sparse(ir.advance)
    uc, uo = solve.unknowns
    a, cao = param("a"), ion("cao")
    r, m = _system(solve, ir.advance)
    assert same(r[0], (uc - solve.olds[0]) / dt + (a * uo * uc * cao - a * uo) + uc * uc)
    # d/dc of the forward product with the rate a*o held fixed; nothing from the << flux
    assert same(m[0, 0], 1 / dt + a * uo * cao)
    assert same(m[0, 1], -a)
    assert not solve.linear  # c + cao: a species factor is left in the term (nocmodl)


def test_conserve_counts_amounts_and_takes_the_last_state_named():
    ir = lower_source("""
NEURON { SUFFIX k }
PARAMETER { v1 = 2 v2 = 3 }
STATE { a b c }
BREAKPOINT { SOLVE scheme METHOD sparse }
KINETIC scheme {
    COMPARTMENT v1 { a }
    COMPARTMENT v2 { b c }
    ~ a <-> b (1, 1)
    ~ b <-> c (1, 1)
    CONSERVE a + 2 b + c = 7
    CONSERVE a + b = 5
}
""")
    solve = _sparse(ir.advance)
    ua, ub, uc = solve.unknowns
    r, _ = _system(solve, ir.advance)
    v1, v2 = param("v1"), param("v2")
    # the last law takes b (its last state); the first then takes c
    assert same(r[1], v1 * ua + v2 * ub - 5)
    assert same(r[2], v1 * ua + 2 * v2 * ub + v2 * uc - 7)


def test_species_that_are_not_states_are_values():
    ir = lower_source("""
NEURON { SUFFIX k USEION ca READ cao }
PARAMETER { car = 1 }
STATE { c }
BREAKPOINT { SOLVE scheme METHOD sparse }
KINETIC scheme {
    COMPARTMENT 10 { cao car }
    ~ car <-> c (1, 2)
    ~ c <-> cao (3, 4)
}
""")
    solve = _sparse(ir.advance)
    assert len(solve.unknowns) == 1
    assert set(ir.advance.result_map) == {"c"}  # cao is not written


def test_state_starts_at_its_x0_parameter():
    ir = lower_source("""
NEURON { SUFFIX k }
PARAMETER { m0 = 0.25 }
STATE { m h }
INITIAL { h = m + 1 }
""")
    assert result(ir.initial, "m") == param("m0")
    assert same(result(ir.initial, "h"), param("m0") + 1)


def test_a_current_written_but_not_read_is_the_mechanisms_own():
    ir = lower_source("""
NEURON { SUFFIX k USEION ca WRITE ica }
STATE { c }
BREAKPOINT { SOLVE s METHOD cnexp ica = 1e-3 }
DERIVATIVE s { c' = -ica }
""")
    assert same(result(ir.advance, "c"), state("c") - dt * state("ica"))


def test_kinetic_statements_run_in_order():
    # NEURON 9 (nocmodl): the reaction sees r = a, the value assigned before it
    ir = lower_source("""
NEURON { SUFFIX k }
PARAMETER { a = 2 }
STATE { c o }
ASSIGNED { r }
BREAKPOINT { SOLVE scheme METHOD sparse }
KINETIC scheme {
    r = a
    ~ c <-> o (r, r)
    r = f_flux
}
""")
    solve = _sparse(ir.advance)
    uc, uo = solve.unknowns
    r, _ = _system(solve, ir.advance)
    assert same(r[0], (uc - solve.olds[0]) / dt + param("a") * (uc - uo))
    # r is recomputed at the solution: the forward flux there
    [xc, _] = solve.targets
    assert same(result(ir.advance, "r"), param("a") * xc)


def test_parameter_defaults_as_nocmodl_prints_them():
    # nocmodl writes defaults with %g: NEURON's default for 0.123456789 is 0.123457
    ir = lower_source("NEURON { SUFFIX d RANGE a GLOBAL c }\n"
                      "PARAMETER { a = 0.123456789 b = -1.23456789e-7 c = 123456789.123 "
                      "e = 0.1 }\n")
    defaults = {p.name: p.default for p in ir.parameters}
    assert defaults == {"a": 0.123457, "b": -1.23457e-07, "c": 123457000.0, "e": 0.1}


def test_a_pi_parameter_is_the_mechanisms_own():
    # LFPy's sinsyn.mod declares PI = 3.14159265358979323846: NEURON uses it, at %g
    ir = lower_source(HEAD + "PARAMETER { PI = 3.14159265358979323846 }\n"
                      "BREAKPOINT { i = g*PI }\n")
    assert {p.name: p.default for p in ir.parameters}["PI"] == 3.14159
    assert same(result(ir.breakpoint, "i"), param("g") * param("PI"))


# ----------------------------------------------------------------------------- LINEAR, NONLINEAR
def test_linear_block_is_one_exact_solve_with_statements_on_the_old_states():
    ir = lower_source("""
NEURON { SUFFIX lin RANGE w }
PARAMETER { k = 2 }
STATE { x y }
ASSIGNED { w }
BREAKPOINT { SOLVE eqs }
LINEAR eqs {
    w = x*x
    ~ x + (k + 1)*y = v + 70
    ~ 3*x - w*y = 1
    ~+ y = 2
}
""")
    [newton] = [i for i in ir.advance.items if isinstance(i, Newton)]
    ux, uy = newton.unknowns
    k, x = param("k"), state("x")
    r = [resolve(newton.residual, e, ir.advance) for _, e in newton.residual.results]
    assert same(r[0], ux + (k + 1) * uy - v - 70)
    assert same(r[1], 3 * ux - x * x * uy - 1 + uy - 2)  # w = x*x with the old x; ~+ adds
    assert newton.iterations == 1 and not newton.scopmath
    assert same(result(ir.advance, "w"), x * x)


def test_nonlinear_block_is_scopmaths_newton():
    ir = lower_source("""
NEURON { SUFFIX nl }
PARAMETER { b = 0.5 }
STATE { x y }
BREAKPOINT { SOLVE eqs }
NONLINEAR eqs {
    ~ x*x + y = 2
    ~ x - y*y*y = b
}
""")
    [newton] = [i for i in ir.advance.items if isinstance(i, Newton)]
    ux, uy = newton.unknowns
    r = [resolve(newton.residual, e, ir.advance) for _, e in newton.residual.results]
    assert same(r[0], ux * ux + uy - 2) and same(r[1], ux - uy**3 - param("b"))
    assert newton.scopmath and newton.guess == (state("x"), state("y"))
    assert ir.solves[0].kind == "NONLINEAR"


@pytest.mark.parametrize(("body", "message"), [
    ("~ x + y = 1", "1 equations for 2 unknowns"),
    ("~ x*y = 1\n~ x = y", "not linear"),
])
def test_linear_block_errors(body, message):
    with pytest.raises(MechanismError) as info:
        lower_source("NEURON { SUFFIX lin }\nSTATE { x y }\nBREAKPOINT { SOLVE eqs }\n"
                     f"LINEAR eqs {{\n{body}\n}}\n", file="l.mod")
    [d] = [d for d in info.value.diagnostics if d.code == "E513"]
    assert message in d.message and d.span.line == 4


# ----------------------------------------------------------------------------- run-time loops
LOOP = """
NEURON { SUFFIX lp RANGE total, n, idx }
ASSIGNED { a[5] total n idx b[5] }
INITIAL { FROM k = 0 TO 4 { a[k] = k + 1 } n = 3 idx = 2.7 }
BREAKPOINT {
    total = 0
    FROM k = 0 TO n - 1 { total = total + a[k] }
    b[idx] = a[idx + 1] + a[n/2]
}
"""


def _run_breakpoint(text, **values):
    import jax.numpy as jnp

    from braincell.mech import Env

    mech = braincell.load_mod(text)
    env = Env(v=jnp.full(2, -65.0), t=jnp.asarray(0.0), dt=jnp.asarray(0.025),
              celsius=jnp.asarray(6.3), diam=jnp.ones(2), area=jnp.full(2, 100.0))
    p = {k: jnp.full(2, v) for k, v in mech.defaults.items()}
    s = {v.name: jnp.zeros(2) for v in (*mech.states, *mech.assigned)}
    s.update({k: jnp.broadcast_to(jnp.asarray(v, dtype=float), (2,))
              for k, v in mech.init(p, env).items()})
    s.update({k: jnp.asarray(v, dtype=float) for k, v in values.items()})
    return mech.breakpoint(p, s, env)


def test_runtime_from_loop_is_bounded_by_the_array_it_indexes():
    ir = lower_source(LOOP)
    [loop] = [i for i in ir.breakpoint.items if isinstance(i, Loop)]
    assert loop.trips == 5 and loop.step == 1
    out = _run_breakpoint(LOOP, n=[3.0, 5.0])
    np.testing.assert_allclose(out["total"], [1 + 2 + 3, 15])


def test_runtime_index_is_a_c_integer_expression():
    # b[(int) 2.7] = a[(int) 2.7 + 1] + a[(int) n / 2]: element 2 = a[3] + a[1] (n = 3)
    out = _run_breakpoint(LOOP)
    np.testing.assert_allclose(out["b[2]"], [4 + 2, 4 + 2])
    np.testing.assert_allclose(out["b[1]"], [0, 0])
    out = _run_breakpoint(LOOP, idx=[0.5, 9.0])  # 9 is outside b: nothing is written
    np.testing.assert_allclose(out["b[0]"], [2 + 2, 0])
    assert all(float(out[f"b[{k}]"][1]) == 0 for k in range(5))


@pytest.mark.parametrize(("body", "message"), [
    ("FROM k = 1 TO n { s = s + k }", "indexes no array"),
    ("FROM k = 0 TO n { a[k] = 1 n = n - 1 }", "its own upper bound"),
    ("FROM k = 0 TO n { a[k] = 1 net_send(1, 1) }", "net_send() cannot be in a FROM loop"),
])
def test_runtime_loop_errors(body, message):
    with pytest.raises(MechanismError) as info:
        lower_source("NEURON { SUFFIX x RANGE n, s }\nASSIGNED { n s a[4] }\n"
                     f"BREAKPOINT {{ {body} }}\n", file="w.mod")
    [d] = [d for d in info.value.diagnostics if d.code == "E510"]
    assert d.span.line == 3 and message in d.message


# ----------------------------------------------------------------------------- errors
@pytest.mark.parametrize(("text", "code", "line"), [
    ("NEURON { SUFFIX x POINTER p }\n", "E502", 1),
    ("NEURON { SUFFIX x }\nINITIAL {\nVERBATIM\nx = 1;\nENDVERBATIM\n}\n", "E501", 3),
    ("NEURON { SUFFIX x }\nFUNCTION_TABLE tab(v)\n", "E504", 2),
    ("NEURON { SUFFIX x }\nASSIGNED { y }\nINITIAL { y = f(1) }\n"
     "FUNCTION f(a) { f = f(a) }\n", "E509", 4),
    ("NEURON { SUFFIX x }\nASSIGNED { y }\nINITIAL { y = 0 WHILE (y < 1) { y = y + 1 } }\n",
     "E507", 3),
    ("NEURON { SUFFIX x }\nASSIGNED { y }\nINITIAL { y = nrn_random_play() }\n", "E515", 3),
    ("NEURON { SUFFIX x USEION na READ nai WRITE ena }\n", "E512", 1),
    ("NEURON { POINT_PROCESS x }\nNET_RECEIVE(w) { WATCH (v > w) 1 }\n", "E506", 2),
    ("NEURON { POINT_PROCESS x }\nNET_RECEIVE(w) {\nINITIAL { WATCH (v > 0) 1 } }\n", "E506",
     3),
])
def test_located_errors(text, code, line):
    with pytest.raises(MechanismError) as info:
        lower_source(text, file="bad.mod")
    found = [d for d in info.value.diagnostics if d.code == code]
    assert found, [d.code for d in info.value.diagnostics]
    assert found[0].span.line == line and found[0].span.file == "bad.mod"
    assert f"bad.mod:{line}:" in str(info.value) and f"error[{code}]" in str(info.value)


# ----------------------------------------------------------------------------- shared exp
SHARE = HEAD + """ASSIGNED { v (mV) a b c d e f }
BREAKPOINT {
    a = exp(-(v + 40)/10)
    b = 1/(1 + exp(-(v + 35)/10))
    c = exp(-(v + 65)/20)
    d = exp(-(v + 65)/80)
    e = exp((v + 65)/80)
    f = exp(1/v)
    i = g*(a + b + c + d + e + f)
}
"""


def test_exponentials_of_one_argument_share_one_exp():
    bp = lower_source(SHARE).breakpoint
    values = [item.value for item in bp.items if isinstance(item, Assign)]
    exps = [e for value in values for e in value.atoms(sympy.exp)]
    shared = [e for value in values for e in value.atoms(shared_exp)]
    # -v/10 (twice), -v/20 and -v/80 -> two shared exps (computed once: printed as
    # _exp_shared); exp(+v/80) (a negative ratio) and exp(1/v) (not affine) keep their own
    assert len(shared) == 2 and len(exps) == 2
    assert "_exp_shared(" in generate(lower_source(SHARE))
    want = {"a": sympy.exp(-(v + 40) / 10), "b": 1 / (1 + sympy.exp(-(v + 35) / 10)),
            "c": sympy.exp(-(v + 65) / 20), "d": sympy.exp(-(v + 65) / 80),
            "e": sympy.exp((v + 65) / 80), "f": sympy.exp(1 / v)}
    for name, expected in want.items():
        got = result(bp, name)
        for x in (-90.0, -40.0, -7.5, 30.0):  # numbers: the shared forms carry float factors
            assert float(got.subs(v, x)) == pytest.approx(float(expected.subs(v, x)), rel=1e-15)


def test_shared_exp_is_not_made_for_a_guarded_singular_argument():
    text = HEAD + "BREAKPOINT { if (v > 0) { i = g*exp(1/v) + exp(2/v) } else { i = 0 } }\n"
    bp = lower_source(text).breakpoint
    assert sum(len(item.value.atoms(sympy.exp)) for item in bp.items
               if isinstance(item, Assign)) == 2
