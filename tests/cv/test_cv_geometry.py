"""discretize() against NEURON itself: node count, areas, ri, NODEA/NODEB, seg.diam."""

from __future__ import annotations

import numpy as np
import pytest

from braincell._cv import (
    DiscretizationError,
    DLambda,
    FixedPerSection,
    MaxExtent,
    Single,
    by_region,
    discretize,
)
from braincell.filter import Segment, dend, soma
from braincell.morph import Morphology, Section


def branched_tree(seed=0):
    rng = np.random.default_rng(seed)

    def pts(n, d0):
        xyz = np.cumsum(rng.normal(size=(n, 3)) * 5, axis=0)
        return np.column_stack([xyz, d0 * np.exp(rng.normal(size=n) * 0.3)])

    return Morphology(
        [
            Section("soma", length_um=10, diam_um=10),
            Section("dend[0]", length_um=100, diam_um=2, parent="soma", parent_x=1),
            Section("dend[1]", points=pts(12, 1.5), parent="dend[0]", parent_x=1),
            Section("dend[2]", points=pts(7, 1.0), parent="dend[0]", parent_x=0.5),
            Section("axon", length_um=20, diam_um=1, parent="soma", parent_x=0),
            Section("apic", points=pts(30, 2), parent="soma", parent_x=0.3),
            Section("dend[3]", points=pts(5, 1.0), parent="dend[1]", parent_x=0),
            Section("dend[4]", length_um=30, diam_um=0.7, parent="dend[2]", parent_x=0.99),
        ]
    )


def test_layout_rules():
    m = branched_tree()
    g = discretize(m, FixedPerSection(3), Ra=100.0)
    assert g.n == 1 + len(m) * 4
    assert g.parent[0] == -1 and np.all(g.parent[1:] < np.arange(1, g.n))
    assert g.area_um2[0] == 0 and g.node_area_um2[0] == 100
    ends = g.first_node + g.nseg
    assert np.all(g.area_um2[ends] == 0) and np.all(g.node_area_um2[ends] == 100)
    # child 0-ends map to parent nodes as NEURON does
    assert g.start_node[m.index("dend[0]")] == ends[m.index("soma")]
    assert g.start_node[m.index("axon")] == 0
    assert g.start_node[m.index("dend[2]")] == g.first_node[m.index("dend[0]")] + 1
    assert g.start_node[m.index("dend[3]")] == g.start_node[m.index("dend[1]")]
    assert g.node_of("soma", 0.5) == g.first_node[0] + 1
    assert g.node_of("soma", 0) == 0 and g.node_of("soma", 1) == ends[0]
    assert g.segment_node_of("soma", 1) == g.first_node[0] + 2
    np.testing.assert_allclose(g.a[1:], -100 / (g.ri_MOhm[1:] * g.node_area_um2[g.parent[1:]]))
    np.testing.assert_allclose(g.b[1:], -100 / (g.ri_MOhm[1:] * g.node_area_um2[1:]))


def test_resistance_halves():
    """ri is the upper half of the parent's segment (same section) plus the lower half of
    the node's own; each half scales with its section's Ra."""
    m = branched_tree()
    g = discretize(m, FixedPerSection(3), Ra=100.0)
    half = g.ri_half_MOhm
    np.testing.assert_allclose(half[1:].sum(1), g.ri_MOhm[1:], rtol=1e-14, atol=0)
    ends = g.first_node + g.nseg
    assert np.all(half[0] == 0)
    assert np.all(half[g.first_node, 0] == 0) and np.all(half[g.first_node, 1] > 0)
    assert np.all(half[ends, 1] == 0) and np.all(half[ends, 0] > 0)
    inner = np.setdiff1d(np.arange(1, g.n), np.concatenate([g.first_node, ends]))
    assert np.all(half[inner] > 0)
    ra = {name: 100.0 for name in m.names} | {"apic": 300.0}
    g3 = discretize(m, FixedPerSection(3), Ra=ra)
    apic = g.section_of_node == m.index("apic")
    np.testing.assert_allclose(g3.ri_half_MOhm[apic], 3 * half[apic], rtol=1e-14, atol=0)
    assert np.array_equal(g3.ri_half_MOhm[~apic], half[~apic])


@pytest.mark.neuron
@pytest.mark.parametrize(
    "policy", [FixedPerSection(1), FixedPerSection(4), DLambda(), MaxExtent(7.0, odd=True)]
)
def test_equals_neuron_on_a_tree_built_in_code(policy):
    neuron = pytest.importorskip("neuron")
    from nrn_ref import build_in_neuron, compare, node_count, total_area

    h = neuron.h
    m = branched_tree()
    g = discretize(m, policy, Ra=123.4)
    secs = build_in_neuron(h, m, g.nseg, 123.4)
    err = compare(h, m, g, secs)
    assert g.n == node_count(secs)
    assert err["area"] <= 1e-12 and err["ri"] <= 1e-12
    assert err["a"] <= 1e-12 and err["b"] <= 1e-12 and err["diam"] <= 1e-9
    assert abs(g.total_area_um2 - total_area(h, secs)) <= 1e-12 * g.total_area_um2


@pytest.mark.neuron
def test_dlambda_matches_neuron_geom_nseg():
    neuron = pytest.importorskip("neuron")
    from nrn_ref import build_in_neuron

    h = neuron.h
    h.load_file("stdlib.hoc")
    m = branched_tree(3)
    secs = build_in_neuron(h, m, np.ones(len(m), int), 80.0)
    for sec in secs.values():
        sec.cm = 1.5
    for sec in secs.values():
        sec.nseg = int((sec.L / (0.05 * h.lambda_f(200, sec=sec)) + 0.9) / 2) * 2 + 1
    ours = DLambda(freq_hz=200, d_lambda=0.05).nseg(m, Ra=80.0, cm=1.5)
    assert ours.tolist() == [secs[n].nseg for n in m.names]


def test_policies_compose_by_region():
    m = branched_tree()
    pol = FixedPerSection(5) | Single().on(soma) | MaxExtent(10).on(Segment("apic", 0.0, 0.1))
    nseg = pol.nseg(m)
    assert nseg[m.index("soma")] == 1
    assert nseg[m.index("dend[0]")] == 5
    assert nseg[m.index("apic")] == int(np.ceil(m["apic"].length / 10))
    same = by_region({soma: Single()}, default=FixedPerSection(5)).nseg(m)
    assert same[0] == 1 and same[1] == 5
    with pytest.raises(DiscretizationError, match="gives no nseg"):
        Single().on(dend).nseg(m)


def test_region_nodes_paint_whole_segments():
    m = branched_tree()
    g = discretize(m, FixedPerSection(4))
    nodes, frac = g.region_nodes(m, Segment("dend[0]", 0.0, 0.3))
    first = g.first_node[m.index("dend[0]")]
    # centres at 0.125 (inside) and 0.375 (outside): one segment, fully covered
    assert nodes.tolist() == [first] and frac.tolist() == [1.0]
    nodes, frac = g.region_nodes(m, Segment("dend[0]", 0.2, 0.4))
    assert nodes.tolist() == [first + 1] and frac[0] == pytest.approx(0.6)


def test_bad_requests_are_explained():
    m = branched_tree()
    with pytest.raises(DiscretizationError, match="Ra"):
        discretize(m, Ra=[1.0, 2.0])
    g = discretize(m)
    with pytest.raises(DiscretizationError, match="no section named"):
        g.node_of("dend[9]", 0.5)
    with pytest.raises(DiscretizationError, match="outside"):
        g.node_of("soma", 1.5)
