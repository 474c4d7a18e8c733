"""NEURON's fixed-step schemes: backward Euler (``secondorder=0``) and Crank-Nicolson
(``secondorder=2``), in NEURON's order of operations (fadvance.cpp)."""

from __future__ import annotations

from ._base import NeuronCompatible


class BackwardEuler(NeuronCompatible):
    """Currents at ``t + dt/2`` and the present v; implicit voltage update; then states
    advanced with the new v at ``t + dt``."""

    name = "backward_euler"
    cj_factor = 1.0  # cj = 1/dt
    v_factor = 1.0  # v += dv

    def step(self, system, params, state, t, dt):
        t_mid = t + 0.5 * dt  # NEURON advances t in two half steps
        state, total_i, total_g = system.currents(params, state, t_mid, dt)
        dv = system.voltage_change(params, state, total_i, total_g, self.cj_factor / dt)
        state = self._after_solve(system, state, dv)
        state = state.replace(v=state.v + self.v_factor * dv)
        return system.advance(params, state, t_mid + 0.5 * dt, dt)

    def _after_solve(self, system, state, dv):
        return state


class CrankNicolson(BackwardEuler):
    """``cj = 2/dt``, ``v += 2 dv``, and ion currents moved to the half step."""

    name = "crank_nicolson"
    cj_factor = 2.0
    v_factor = 2.0

    def _after_solve(self, system, state, dv):
        return system.second_order_ion_currents(state, dv)


backward_euler = BackwardEuler()
crank_nicolson = CrankNicolson()
