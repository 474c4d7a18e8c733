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
# A section's first CV starts this far (a fraction of its length) from where it attaches.
# Arbor gives a CV boundary at a fork to the distal side (the children's first pieces join
# the fork's CV) and cannot end a CV at a fork on one branch only (W5: 12 dendrites attach
# at soma(0.5), inside the soma's middle CV). The gap leaves a fork CV of 1e-9 of a CV's
# area: NEURON's zero-area node at a section end, or the parent's CV for soma(0.5).
_FORK_GAP = 1e-9


def _segment_tree(morph, nseg):
    """NEURON's sections as an Arbor segment tree, with NEURON's CV boundaries. Returns
    (tree, boundaries, at): ``boundaries`` is an Arbor locset of the CV ends, ``at(section,
    x)`` the location of a CV end or attachment point of a section.

    Each frustum of a section's polyline (a cylinder without 3D points) is cut at the
    section's segment ends k/nseg and where children attach; a cut frustum keeps its area and
    axial resistance. Children attach topologically, as in NEURON (an Arbor segment may start
    away from its parent's end). Arbor puts a CV's reference point at its midpoint, so the
    nodes are NEURON's.
    """
    import arbor as A

    index = {s.name: i for i, s in enumerate(morph.sections)}
    children = {s.name: [] for s in morph.sections}
    for s in morph.sections:
        if s.parent is not None:
            children[s.parent].append(s)
    ends = {}  # (section, round(x, 12)) -> id of the segment whose distal end is there
    boundaries = ["(root)"]
    tree = A.segment_tree()
    todo = [s for s in morph.sections if s.parent is None]
    while todo:
        sec = todo.pop()
        todo.extend(children[sec.name])
        n = int(nseg[index[sec.name]])
        if sec.points is not None:
            pts = sec.points_f32.copy()
            arc = np.asarray(sec.arc_um)
        else:
            pts = np.array([[0, 0, 0, sec.diam_um], [sec.length_um, 0, 0, sec.diam_um]])
            arc = np.array([0.0, sec.length_um])
        pts[:, 3] /= 2  # Arbor takes radii
        length = arc[-1]
        cv_ends = {k / n for k in range(1, n + 1)}
        if sec.parent is not None:
            cv_ends.add(_FORK_GAP)
        cuts = cv_ends | {c.parent_x for c in children[sec.name]}
        if sec.parent is None:
            parent = A.mnpos
        elif (sec.parent, round(sec.parent_x, 12)) in ends and sec.parent_x > 0.0:
            parent = ends[(sec.parent, round(sec.parent_x, 12))]
        else:
            raise NotImplementedError(f"{sec.name} attaches at {sec.parent}({sec.parent_x})")
        for i in range(len(arc) - 1):
            a, b = arc[i], arc[i + 1]
            if b <= a:  # zero length: no area, no resistance
                continue
            tol = 1e-12 * length
            inner = sorted(c * length for c in cuts if a + tol < c * length < b - tol)
            prev = pts[i]
            for s_end in [*inner, b]:
                t = (s_end - a) / (b - a)
                point = pts[i + 1] if s_end == b else pts[i] + t * (pts[i + 1] - pts[i])
                seg = tree.append(parent, A.mpoint(*prev), A.mpoint(*point),
                                  tag=int(sec.tag or 0))
                parent, prev = seg, point
                for c in cuts:
                    if abs(c * length - s_end) <= tol:
                        ends[(sec.name, round(c, 12))] = seg
                        if c in cv_ends:
                            boundaries.append(f"(distal (segment {seg}))")
    boundaries = "(join " + " ".join(boundaries) + ")"

    def at(section: str, x: float) -> str:
        return f"(distal (segment {ends[(section, round(x, 12))]}))"

    return tree, boundaries, at


def _geometry(name: str):
    """(morphology, CV policy, soma(0.5) location, NEURON's CV count) of workload ``name``."""
    import arbor as A

    if name == "W5":
        from .workloads import l5pc_morphology, policy

        morph = l5pc_morphology()
        nseg = policy(name).nseg(morph, Ra=100.0)
        tree, boundaries, at = _segment_tree(morph, nseg)
        return (A.morphology(tree), A.cv_policy_explicit(boundaries), at("soma[0]", 0.5),
                int(sum(nseg)))
    tree = A.segment_tree()
    soma = tree.append(A.mnpos, A.mpoint(0, 0, 0, 10), A.mpoint(20, 0, 0, 10), tag=1)
    if name in SINGLE_COMPARTMENT:
        return A.morphology(tree), A.cv_policy_single(), "(location 0 0.5)", 1
    # W2: soma then dendrite, one unbranched Arbor branch, CVs at NEURON's segment ends
    tree.append(soma, A.mpoint(20, 0, 0, 0.5), A.mpoint(1020, 0, 0, 0.5), tag=3)
    ends = [0.0, 20.0] + [20.0 + 10.0 * k for k in range(1, 101)]
    policy = A.cv_policy_explicit(
        "(join " + " ".join(f"(location 0 {x / 1020.0!r})" for x in ends) + ")")
    return A.morphology(tree), policy, f"(location 0 {10.0 / 1020.0!r})", 101


def build_arbor(name: str):
    """(run: () -> None, trace: () -> soma voltage, n_cv, keep) as in neuron_peer."""
    import arbor as A
    from arbor import units as U

    w = WORKLOADS[name]
    delay, dur, amp = STIM[name]
    gnabar = np.linspace(0.04, 0.20, w.n_cells) if name == "W3" else np.array([0.12])
    probed = len(gnabar) // 2
    morphology, policy, soma, n_cv = _geometry(name)

    class Recipe(A.recipe):
        def num_cells(self):
            return len(gnabar)

        def cell_kind(self, gid):
            return A.cell_kind.cable

        def cell_description(self, gid):
            decor = (A.decor()
                     .set_property(Vm=-65 * U.mV, cm=0.01 * U.F / U.m2, rL=100 * U.Ohm * U.cm,
                                   tempK=(273.15 + _CELSIUS) * U.Kelvin)
                     .set_ion("na", rev_pot=50 * U.mV)
                     .set_ion("k", rev_pot=-77 * U.mV)
                     .paint("(all)", A.density("hh", gnabar=float(gnabar[gid])))
                     .place(soma, A.i_clamp(delay * U.ms, dur * U.ms, amp * U.nA)))
            return A.cable_cell(morphology, decor, A.label_dict(), discretization=policy)

        def probes(self, gid):
            return [A.cable_probe_membrane_voltage(soma, "Um")] if gid == probed else []

        def global_properties(self, kind):
            return A.neuron_cable_properties()

    recipe = Recipe()
    context = A.context(threads=1)  # one cell group per workload: more threads would idle
    hints = {A.cell_kind.cable: A.partition_hint(cpu_group_size=len(gnabar))}
    decomposition = A.partition_load_balance(recipe, context, hints)
    sim = A.simulation(recipe, context, decomposition)
    handle = sim.sample((probed, "Um"), A.regular_schedule(DT * U.ms))
    if name == "W3":
        n_cv = len(gnabar)

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
