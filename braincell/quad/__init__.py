"""Integrators. Each is a small object with ``step(system, params, state, t, dt)``.

* :data:`backward_euler` -- NEURON's default fixed step (``secondorder = 0``); the default.
* :data:`crank_nicolson` -- NEURON's ``secondorder = 2``.
* :data:`exp_euler` -- exponential Euler (first order, not NEURON-compatible).
* :data:`rk4` -- classic Runge-Kutta (fourth order, not NEURON-compatible).
"""

from ._base import NeuronCompatible, Solver, solver_by_name, solvers
from ._explicit import RK4, ExpEuler, exp_euler, rk4
from ._neuron import BackwardEuler, CrankNicolson, backward_euler, crank_nicolson

__all__ = [
    "Solver", "NeuronCompatible", "solver_by_name", "solvers",
    "BackwardEuler", "CrankNicolson", "ExpEuler", "RK4",
    "backward_euler", "crank_nicolson", "exp_euler", "rk4",
]
