"""Morphologies built in code: validation, ordering, lookups."""

from __future__ import annotations

import numpy as np
import pytest

from braincell.morph import Morphology, MorphologyError, Section


def tree():
    return Morphology(
        [
            Section("dend[1]", length_um=50, diam_um=1, parent="dend[0]"),
            Section("soma", length_um=10, diam_um=10),
            Section("dend[0]", length_um=100, diam_um=2, parent="soma", parent_x=1.0),
            Section("axon", points=[[0, 0, 0, 1], [0, -20, 0, 1]], parent="soma", parent_x=0),
        ]
    )


def test_parents_come_first_and_tags_follow_names():
    m = tree()
    assert m.names[0] == "soma"
    assert all(p < i for i, p in enumerate(m.parent) if p >= 0)
    assert m["axon"].tag == 2 and m["dend[1]"].tag == 3 and m["soma"].tag == 1
    assert m["axon"].length == pytest.approx(20.0)
    assert m.distance_um("dend[1]", 0.5) == pytest.approx(10 + 100 + 25)


def test_bare_array_name_means_element_zero():
    m = Morphology([Section("soma[0]", length_um=10, diam_um=10)])
    assert m.index("soma") == 0


@pytest.mark.parametrize(
    "sections, match",
    [
        ([Section("soma", length_um=1, diam_um=1), Section("d", length_um=1, diam_um=1, parent="x")], "orphan"),
        ([Section("a", length_um=1, diam_um=1, parent="b"), Section("b", length_um=1, diam_um=1, parent="a"), Section("soma", length_um=1, diam_um=1)], "cycle"),
        ([Section("a", length_um=1, diam_um=1), Section("b", length_um=1, diam_um=1)], "exactly one root"),
        ([Section("a", length_um=1, diam_um=1), Section("a", length_um=1, diam_um=1, parent="a")], "two sections"),
    ],
)  # fmt: skip
def test_bad_topologies_are_explained(sections, match):
    with pytest.raises(MorphologyError, match=match):
        Morphology(sections)


def test_bad_sections_are_explained():
    with pytest.raises(MorphologyError, match="diameter"):
        Section("d", points=[[0, 0, 0, 1], [1, 0, 0, 0]])
    with pytest.raises(MorphologyError, match="length_um"):
        Section("d", length_um=1)
    with pytest.raises(MorphologyError, match="parent_x"):
        Section("d", length_um=1, diam_um=1, parent="soma", parent_x=1.5)
    with pytest.raises(MorphologyError, match="not a valid"):
        Section("1bad", length_um=1, diam_um=1)
    with pytest.raises(MorphologyError, match="no section named"):
        tree().index("dend[7]")


def test_points_are_read_only_and_compared_by_value():
    a, b = tree(), tree()
    assert a == b
    with pytest.raises(ValueError):
        a["axon"].points[0, 0] = 3.0
    assert np.array_equal(a["axon"].xyz_at(0.5), [0, -10, 0])
