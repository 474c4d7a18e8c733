"""Integrators that are not NEURON's: exponential Euler and RK4."""

from __future__ import annotations

import jax
import jax.numpy as jnp

from ._base import Solver


class ExpEuler(Solver):
    """First order. Every variable follows its linearisation at the start of the step
    exactly: v relaxes towards ``v - I/G`` with rate ``G/C``; gates take their exponential
    (cnexp) update at the old v."""

    name = "exp_euler"

    def step(self, system, params, state, t, dt):
        state, total_i, total_g = system.currents(params, state, t, dt)
        # Linearised membrane plus the axial coupling taken as an explicit current.
        cap = jnp.where(system.has_membrane, params.cm * 1e-3, 0.0)
        drive = -total_i + system.axial(params, state.v)
        rate = total_g / jnp.where(cap > 0, cap, 1.0)
        safe = jnp.abs(rate * dt) > 1e-12
        safe_rate = jnp.where(safe, rate, 1.0)
        growth = jnp.where(safe, -jnp.expm1(-safe_rate * dt) / safe_rate, dt)
        dv = jnp.where(cap > 0, drive / jnp.where(cap > 0, cap, 1.0) * growth, 0.0)
        advanced = system.advance(params, state, t + dt, dt)
        return advanced.replace(v=state.v + dv)


class RK4(Solver):
    """The classic fourth-order Runge-Kutta method on (v, states)."""

    name = "rk4"

    def step(self, system, params, state, t, dt):
        def field(s, time):
            s, dvdt, dvars = system.derivatives(params, s, time)
            return s, (dvdt, dvars)

        def shift(s, k, h):
            dvdt, dvars = k
            new_vars = tuple({**vs, **{n: vs[n] + h * dv[n] for n in dv}}
                             for vs, dv in zip(s.vars, dvars))
            return system.sync_concentrations(s.replace(v=s.v + h * dvdt, vars=new_vars))

        s1, k1 = field(state, t)
        _, k2 = field(shift(s1, k1, dt / 2), t + dt / 2)
        _, k3 = field(shift(s1, k2, dt / 2), t + dt / 2)
        _, k4 = field(shift(s1, k3, dt), t + dt)
        k = jax.tree_util.tree_map(lambda a, b, c, d: (a + 2 * b + 2 * c + d) / 6, k1, k2, k3, k4)
        return shift(s1, k, dt)


exp_euler = ExpEuler()
rk4 = RK4()
