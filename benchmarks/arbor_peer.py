"""The workloads built in Arbor (PyPI ``arbor``) with its built-in ``hh``, for timing and traces.

Arbor's default catalogue ``hh`` is NEURON's hh (rates, defaults, Q10 3 from 6.3 degC), but
modcc advances the gates with a Pade approximant of exp instead of exp itself, so its traces
drift from NEURON's by up to ~13 mV over a spike train (docs/performance.md). Temperature is
279.45 K (6.3 degC), reversal potentials 50/-77 mV, cm 1 uF/cm2, Ra 100 ohm cm, v_init -65.

Geometry matches NEURON's exactly: W2's CV boundaries are placed explicitly at NEURON's
segment ends (one 20 um soma CV, then 100 dendrite CVs of 10 um), so Arbor's CV reference
points are NEURON's nodes; a passive version of W2 agrees with NEURON to 1e-12 mV. W3 puts
all 1,000 cells in one cell group (``partition_hint(cpu_group_size=1000)``). Arbor samples
at t = 0, dt, ..., tstop - dt: its trace has no point at tstop.
"""

from __future__ import annotations

import numpy as np

from .workloads import DT, SINGLE_COMPARTMENT, STIM, WORKLOADS

_CELSIUS = 6.3


def _cell(name: str, gnabar: float = 0.12):
    import arbor as A
    from arbor import units as U

    delay, dur, amp = STIM[name]
    tree = A.segment_tree()
    soma = tree.append(A.mnpos, A.mpoint(0, 0, 0, 10), A.mpoint(20, 0, 0, 10), tag=1)
    if name in SINGLE_COMPARTMENT:
        length = 20.0
        policy = A.cv_policy_single()
    else:  # soma then dendrite: one unbranched Arbor branch; CVs at NEURON's segment ends
        tree.append(soma, A.mpoint(20, 0, 0, 0.5), A.mpoint(1020, 0, 0, 0.5), tag=3)
        length = 1020.0
        ends = [0.0, 20.0] + [20.0 + 10.0 * k for k in range(1, 101)]
        policy = A.cv_policy_explicit(
            "(join " + " ".join(f"(location 0 {x / length!r})" for x in ends) + ")")
    soma_mid = f"(location 0 {10.0 / length!r})"
    decor = (A.decor()
             .set_property(Vm=-65 * U.mV, cm=0.01 * U.F / U.m2, rL=100 * U.Ohm * U.cm,
                           tempK=(273.15 + _CELSIUS) * U.Kelvin)
             .set_ion("na", rev_pot=50 * U.mV)
             .set_ion("k", rev_pot=-77 * U.mV)
             .paint("(all)", A.density("hh", gnabar=float(gnabar)))
             .place(soma_mid, A.i_clamp(delay * U.ms, dur * U.ms, amp * U.nA)))
    cell = A.cable_cell(A.morphology(tree), decor, A.label_dict(), discretization=policy)
    return cell, soma_mid


def build_arbor(name: str):
    """(run: () -> None, trace: () -> soma voltage, n_cv, keep) as in neuron_peer."""
    import arbor as A
    from arbor import units as U

    w = WORKLOADS[name]
    gnabar = np.linspace(0.04, 0.20, w.n_cells) if name == "W3" else np.array([0.12])
    probed = len(gnabar) // 2

    class Recipe(A.recipe):
        def num_cells(self):
            return len(gnabar)

        def cell_kind(self, gid):
            return A.cell_kind.cable

        def cell_description(self, gid):
            return _cell(name, gnabar[gid])[0]

        def probes(self, gid):
            return [A.cable_probe_membrane_voltage(_cell(name)[1], "Um")] if gid == probed else []

        def global_properties(self, kind):
            return A.neuron_cable_properties()

    recipe = Recipe()
    context = A.context(threads=1)  # one cell group per workload: more threads idle
    hints = {A.cell_kind.cable: A.partition_hint(cpu_group_size=len(gnabar))}
    decomposition = A.partition_load_balance(recipe, context, hints)
    sim = A.simulation(recipe, context, decomposition)
    handle = sim.sample((probed, "Um"), A.regular_schedule(DT * U.ms))
    n_cv = len(gnabar) if name in SINGLE_COMPARTMENT else 101

    def run():
        sim.reset()
        sim.clear_samplers()
        sim.run(w.tstop * U.ms, DT * U.ms)

    def trace():
        data, _meta = sim.samples(handle)[0]
        t = data[:, 0]
        if not np.allclose(t, np.arange(t.size) * DT, atol=1e-9):
            raise RuntimeError("Arbor's samples are not at 0, dt, 2 dt, ...")
        return data[:, 1]

    return run, trace, n_cv, (recipe, sim)
