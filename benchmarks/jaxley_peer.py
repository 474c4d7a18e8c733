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

Geometry: W1-W4 are cylinders, as in NEURON. W5 sets each compartment's area and half-segment
axial resistances (``resistive_load_in/out``) to NEURON's, see :func:`_l5pc`.

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


# Jaxley attaches children only at a branch's end, through a branch point; NEURON attaches
# W5's 12 soma(0.5) sections to the soma's middle node itself. The soma is cut there, and the
# branch point joins the middle node through this fraction of the node's axial resistance.
# The trace error grows with the gap above 1e-5 (1e-4: 1.3e-4 mV) and with roundoff from the
# large conductance below it (1e-6: 1.4e-3 mV); at 1e-5 it is 1.8e-5 mV.
_FORK_GAP = 1e-5


def _l5pc(comp, morph=None, pol="W5"):
    """W5: Jaxley branches with NEURON's segment areas and half-segment axial resistances
    (braincell's NEURON-exact geometry), one branch per section; the soma is cut after its
    middle segment, where 12 sections attach. Returns (cell, soma(0.5) branch, comp, CVs)."""
    import jaxley as jx

    import braincell

    from .workloads import l5pc_morphology, policy

    morph = l5pc_morphology() if morph is None else morph
    ra = 100.0
    geo = braincell.Cell(morph, policy=policy(pol), Ra=ra).geometry()
    to_load = 100.0 / ra  # Jaxley's resistive load (1/um) = ri (Mohm) * 100 / Ra
    children = {s.name: [] for s in morph.sections}
    for s in morph.sections:
        if s.parent is not None:
            children[s.parent].append(s)
    branches, parents, area, load_in, load_out = [], [], [], [], []
    where = {}  # (section, x) -> Jaxley branch that ends there

    def add(name, segs, parent, first_in, last_out):
        first = int(geo.first_node[geo.section_index(name)])
        nodes = [first + j for j in segs]
        ri = geo.ri_MOhm[nodes] * to_load
        branches.append(len(nodes))
        parents.append(parent)
        area.extend(geo.area_um2[nodes])
        ins = [first_in if first_in is not None else ri[0]] + [r / 2 for r in ri[1:]]
        outs = [r / 2 for r in ri[1:]] + [last_out]
        load_in.extend(ins)
        load_out.extend(outs)
        return len(branches) - 1

    todo = []
    for root in (s for s in morph.sections if s.parent is None):
        i = geo.section_index(root.name)
        n, first = int(geo.nseg[i]), int(geo.first_node[i])
        inner = {c.parent_x for c in children[root.name]} - {1.0}
        if len(inner) > 1 or any(abs((x * n - 0.5) % 1) > 1e-9 for x in inner):
            raise NotImplementedError(f"{root.name}: children at {sorted(inner)}")
        if inner:
            j = int(next(iter(inner)) * n)  # the segment whose centre the children attach to
            gap = _FORK_GAP * geo.ri_MOhm[first + j] * to_load
            a = add(root.name, range(j + 1), -1, None, gap)
            b = add(root.name, range(j + 1, n), a, geo.ri_MOhm[first + j + 1] * to_load,
                    geo.ri_MOhm[first + n] * to_load)
            where[(root.name, next(iter(inner)))] = a
            where[(root.name, 1.0)] = b
            soma = (a, j)
        else:
            b = add(root.name, range(n), -1, None, geo.ri_MOhm[first + n] * to_load)
            where[(root.name, 1.0)] = b
            soma = (b, n // 2)
        todo.extend(children[root.name])
    while todo:
        sec = todo.pop(0)
        if (sec.parent, sec.parent_x) not in where:
            raise NotImplementedError(f"{sec.name} attaches at {sec.parent}({sec.parent_x})")
        i = geo.section_index(sec.name)
        n, first = int(geo.nseg[i]), int(geo.first_node[i])
        where[(sec.name, 1.0)] = add(sec.name, range(n), where[(sec.parent, sec.parent_x)],
                                     None, geo.ri_MOhm[first + n] * to_load)
        todo.extend(children[sec.name])
    cell = jx.Cell([jx.Branch(comp, ncomp=k) for k in branches], parents=parents)
    cell.set("area", np.asarray(area))
    cell.set("resistive_load_in", np.asarray(load_in))
    cell.set("resistive_load_out", np.asarray(load_out))
    return cell, soma, int(geo.nseg.sum())


def _cell(name: str):
    """The Jaxley cell of W1/W3 (one 20 x 20 um compartment), W2/W4 (the ball and stick:
    soma 20 x 20 um, dendrite 100 x 10 um, Ra 100) or W5 (the L5PC, see :func:`_l5pc`), HH
    everywhere, at -65 mV and rest."""
    import jaxley as jx
    from jaxley.channels import HH

    comp = jx.Compartment()
    soma = (0, 0)
    if name == "W5":
        cell, soma, n_cv = _l5pc(comp)
    elif name in SINGLE_COMPARTMENT:
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
    soma = cell.branch(soma[0]).comp(soma[1])
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
