"""Neurolucida ASC: the L5PC cell against NEURON's Import3d, and small parser checks."""

from __future__ import annotations

import numpy as np
import pytest
from nrn_import import delete_imported, fetch_l5pc, import3d

from braincell.morph import MorphologyError, parse_asc, read_asc
from tests.conftest import CACHE_DIR

SMALL = """
("CellBody" (Color Red) (CellBody)
  ( 0 5 0 1) ( 4 3 0 1) ( 5 0 0 1) ( 4 -3 0 1) ( 0 -5 0 1) ( -4 -3 0 1) ( -5 0 0 1) ( -4 3 0 1)
)
( (Color Yellow) (Dendrite)
  ( 1 1 0 2) ( 10 1 0 2) ( 20 1 0 2)
  (
    ( 30 5 0 1) ( 40 8 0 1) (Dot (Name "m") ( 1 2 3 4)) Normal
  |
    ( 20 1 0 1) ( 30 -5 0 1) ( 40 -8 0 1)
  )
)
( (Color Red) (Axon) ( -1 -1 0 1) ( -1 -20 0 1) ( -1 -40 0 1) High )
"""


def test_small_file_structure():
    m = parse_asc(SMALL)
    assert m.names == ("soma[0]", "dend[0]", "dend[1]", "dend[2]", "axon[0]")
    assert m["dend[0]"].parent == "soma[0]" and m["dend[0]"].parent_x == 0.5
    assert m["dend[1]"].parent == "dend[0]" and m["dend[1]"].parent_x == 1.0
    # a child that does not start at its parent's last point gets a copy of it
    np.testing.assert_array_equal(m["dend[1]"].points[0], [20, 1, 0, 1])
    assert len(m["dend[2]"].points) == 3  # starts exactly at the parent point: no copy
    assert len(m["soma[0]"].points) == 21


def test_unbalanced_parenthesis_names_line():
    with pytest.raises(MorphologyError, match="missing"):
        parse_asc("(\n(CellBody)\n", source="x.asc")


@pytest.mark.network
@pytest.mark.neuron
def test_l5pc_matches_import3d():
    neuron = pytest.importorskip("neuron")
    path = fetch_l5pc(CACHE_DIR)
    if path is None:
        pytest.skip("could not download bluepyopt (offline?)")
    morph = read_asc(path)
    ref = import3d(neuron.h, path, "asc")
    try:
        assert sorted(ref) == sorted(morph.names)
        assert len(morph) == 325
        for sec in morph.sections:
            r = ref[sec.name]
            assert r["parent"] == sec.parent
            if sec.parent is not None:
                assert r["parent_x"] == sec.parent_x
            np.testing.assert_array_equal(r["points"], sec.points.astype(np.float32))
    finally:
        delete_imported(neuron.h, ref)
