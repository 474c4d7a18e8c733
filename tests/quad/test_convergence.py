"""Each solver converges at its order in dt (a fitted log-log slope against a fine RK4 run)."""

from __future__ import annotations

import numpy as np
import pytest

import braincell

T_STOP = 10.0
DTS = (0.04, 0.02, 0.01, 0.005)
EXPECTED_ORDER = {"exp_euler": 1.0, "backward_euler": 1.0, "crank_nicolson": 2.0, "rk4": 4.0}


def _cell():
    # A smooth problem (no clamp edges): an HH soma released from -55 mV fires one spike.
    cell = braincell.SingleCompartment(20, 20, v_init=-55.0)
    return cell.paint(braincell.mech.hh)


def _final_v(solver: str, dt: float) -> float:
    sim = _cell().simulation(T_STOP, dt, ["v"], solver)
    return float(np.asarray(sim.run_jit())[-1, 0])


@pytest.fixture(scope="module")
def reference() -> float:
    return _final_v("rk4", T_STOP / 20000)


@pytest.mark.parametrize("solver", sorted(EXPECTED_ORDER))
def test_order(solver, reference):
    errors = [abs(_final_v(solver, dt) - reference) for dt in DTS]
    slope = np.polyfit(np.log(DTS), np.log(errors), 1)[0]
    assert abs(slope - EXPECTED_ORDER[solver]) < 0.15, (solver, slope, errors)


def test_solver_registry():
    assert set(braincell.quad.solvers()) == set(EXPECTED_ORDER)
    with pytest.raises(braincell.SpecError, match="unknown solver 'rk5'"):
        braincell.quad.solver_by_name("rk5")
