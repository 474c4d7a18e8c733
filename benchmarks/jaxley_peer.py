"""The workloads built in Jaxley (PyPI ``jaxley``), float64, for timing and traces.

Jaxley's ``HH`` channel has NEURON's ``hh`` rates at 6.3 degC (it has no temperature
dependence, so it equals NEURON's hh at celsius 6.3 only), NEURON's defaults (gNa 0.12,
gK 0.036, gLeak 3e-4, eLeak -54.3) and NEURON's default reversal potentials (eNa 50,
eK -77). Two differences from NEURON's file, neither reached by these workloads: its
``_vtrap`` is 0/0 at v = -40 and -55 mV exactly (NEURON's has a series there), and its
``save_exp`` clips the exponent at 20. Gates step by exponential Euler at the voltage of
the step start; started at steady state this gives NEURON's staggered sequence, and the
voltage solve is backward Euler with the current linearised as NEURON does (measured
agreement: docs/performance.md).

The solver is ``bwd_euler`` with ``voltage_solver="jaxley.dhs"`` (its default, the CPU
variant on CPU), the fastest it offers here (``jax.sparse`` ran W2 16x slower). The IClamp
is the current array NEURON applies: amp on step k when del <= (k + 1/2) dt < del + dur.
"""

from __future__ import annotations

import numpy as np

from .workloads import DT, SINGLE_COMPARTMENT, STIM, WORKLOADS


def _clamp(name: str) -> np.ndarray:
    delay, dur, amp = STIM[name]
    mid = (np.arange(round(WORKLOADS[name].tstop / DT)) + 0.5) * DT
    return np.where((delay <= mid) & (mid < delay + dur), amp, 0.0)


def _cell(name: str):
    """The Jaxley cell of W1/W3 (one 20 x 20 um compartment) or W2/W4 (the ball and stick:
    soma 20 x 20 um, dendrite 100 x 10 um, Ra 100), HH everywhere, at -65 mV and rest."""
    import jaxley as jx
    from jaxley.channels import HH

    comp = jx.Compartment()
    if name in SINGLE_COMPARTMENT:
        cell = jx.Cell([jx.Branch(comp, ncomp=1)], parents=[-1])
        cell.set("length", 20.0)
        cell.set("radius", 10.0)
        n_cv = 1
    else:
        cell = jx.Cell([jx.Branch(comp, ncomp=1), jx.Branch(comp, ncomp=100)], parents=[-1, 0])
        cell.branch(0).set("length", 20.0)
        cell.branch(0).set("radius", 10.0)
        cell.branch(1).set("length", 10.0)
        cell.branch(1).set("radius", 0.5)
        n_cv = 101
    cell.set("axial_resistivity", 100.0)
    cell.set("capacitance", 1.0)
    cell.insert(HH())
    cell.set("v", -65.0)
    cell.init_states(DT)
    soma = cell.branch(0).comp(0)
    soma.stimulate(_clamp(name), verbose=False)
    soma.record("v", verbose=False)
    return cell, n_cv


def build_jaxley(name: str):
    """(fn, args, n_cv, trace) for workload ``name``: ``fn(*args)`` is the jitted program to
    time; ``trace(out)`` is the soma voltage of NEURON's recorded cell (None for W4)."""
    import jax
    import jax.numpy as jnp
    import jaxley as jx

    w = WORKLOADS[name]
    cell, n_cv = _cell(name)

    def integrate(**kwargs):
        return jx.integrate(cell, delta_t=DT, voltage_solver="jaxley.dhs", **kwargs)[0]

    if name == "W3":
        def one(g):
            return integrate(param_state=cell.data_set("HH_gNa", g, None))

        gnabar = jnp.linspace(0.04, 0.20, w.n_cells)
        return (jax.jit(jax.vmap(one)), (gnabar,), w.n_cells,
                lambda out: np.asarray(out[w.n_cells // 2]))
    if name == "W4":
        cell.branch("all").comp("all").make_trainable("HH_gNa", verbose=False)
        params = cell.get_parameters()
        target = jax.jit(lambda p: integrate(params=p))(params) + 0.5

        def loss(p):
            return jnp.mean((integrate(params=p) - target) ** 2)

        return jax.jit(jax.grad(loss)), (params,), n_cv, lambda out: None
    return jax.jit(lambda: integrate()), (), n_cv, np.asarray
