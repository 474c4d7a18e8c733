"""Rallpack 1 style: a passive sealed cable driven at one end, against the analytic solution.

Cable 1000 µm x 1 µm, Rm = 40 kΩ·cm², Ra = 100 Ω·cm, cm = 1 µF/cm² (λ = 1000 µm, τ = 40 ms),
0.1 nA injected at x = 0 from t = 0. The error at both ends must fall like Δx² as the number
of CVs grows. Backward Euler with a small dt keeps the time error out of the way; not
Crank-Nicolson: under NEURON's secondorder=2 a zero-area end node (x = 0 here) alternates
between two values from one step to the next (its constraint error flips sign each step),
which braincell reproduces as NEURON does.
"""

from __future__ import annotations

import numpy as np
import pytest

import braincell
from braincell.morph import Morphology, Section

L_UM, DIAM_UM, RA, RM, CM, AMP_NA = 1000.0, 1.0, 100.0, 40000.0, 1.0, 0.1
T_STOP, DT = 10.0, 0.001


def analytic(x_um: np.ndarray, t_ms: np.ndarray, terms: int = 4000) -> np.ndarray:
    """V - V_rest (mV) of the sealed cable, by the eigenfunction expansion."""
    d_cm = DIAM_UM * 1e-4
    lam_cm = np.sqrt(RM * d_cm / (4 * RA))
    r_a = 4 * RA / (np.pi * d_cm**2)  # Ω/cm
    scale = r_a * lam_cm * AMP_NA * 1e-9 * 1e3  # mV
    big_l = L_UM * 1e-4 / lam_cm
    X = x_um[:, None] * 1e-4 / lam_cm
    T = t_ms[None, :] / (RM * CM * 1e-3)
    steady = np.cosh(big_l - X) / np.sinh(big_l)
    v = steady - np.exp(-T) / big_l
    k = np.arange(1, terms + 1)[:, None, None] * np.pi / big_l
    v -= (2 / big_l) * np.sum(np.cos(k * X) * np.exp(-(1 + k**2) * T) / (1 + k**2), axis=0)
    return scale * v


def simulate(ncv: int) -> braincell.RunResult:
    cell = braincell.Cell(Morphology([Section("cable", L_UM, DIAM_UM)]), policy=ncv, Ra=RA,
                          v_init=-65.0, cm=CM)
    cell.paint("all", braincell.mech.pas(g=1.0 / RM, e=-65.0))
    cell.place("cable(0)", braincell.mech.IClamp(del_=0.0, dur=1e9, amp=AMP_NA), "stim")
    return cell.run(T_STOP, DT, ["v@cable(0)", "v@cable(1)"], solver="backward_euler")


NCVS = (10, 30, 90)


@pytest.fixture(scope="module")
def runs():
    return {ncv: simulate(ncv) for ncv in NCVS}


@pytest.mark.parametrize("where", ["0", "1"])
def test_converges_to_analytic_solution(runs, where):
    x = np.array([0.0 if where == "0" else L_UM])
    errors = []
    for ncv in NCVS:
        res = runs[ncv]
        keep = res.t >= 1.0  # the series converges slowly at t -> 0
        exact = analytic(x, res.t[keep])[0]
        errors.append(np.max(np.abs((res[f"v@cable({where})"][keep] + 65.0) - exact)))
    slope = np.polyfit(np.log(NCVS), np.log(errors), 1)[0]
    assert slope < -1.8, (errors, slope)  # second order in Δx
    assert errors[-1] < 2e-3 * np.max(np.abs(analytic(x, np.array([T_STOP]))))
