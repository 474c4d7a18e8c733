"""discretize() on real morphologies (L5PC ASC, an SWC) against NEURON's Import3d cells."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from braincell._cv import DLambda, FixedPerSection, discretize
from braincell.morph import read_asc, read_swc
from tests.conftest import CACHE_DIR

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "morph"))
from nrn_import import delete_imported, fetch_l5pc, import3d  # noqa: E402
from nrn_ref import compare, node_count, total_area  # noqa: E402
from swc_gen import random_swc  # noqa: E402


def check(h, morph, ref, policy, Ra=100.0):
    g = discretize(morph, policy, Ra=Ra)
    secs = {name: ref[name]["sec"] for name in ref}
    for name, sec in secs.items():
        sec.Ra = Ra
        sec.nseg = int(g.nseg[morph.index(name)])
    err = compare(h, morph, g, secs)
    assert g.n == node_count(secs)
    assert err["area"] <= 1e-12 and err["ri"] <= 1e-12
    assert err["a"] <= 1e-12 and err["b"] <= 1e-12
    nrn_total = total_area(h, secs)
    assert abs(g.total_area_um2 - nrn_total) <= 1e-9 * nrn_total
    return g, err, nrn_total


@pytest.mark.network
@pytest.mark.neuron
@pytest.mark.parametrize("policy", [FixedPerSection(1), DLambda()])
def test_l5pc(policy):
    neuron = pytest.importorskip("neuron")
    path = fetch_l5pc(CACHE_DIR)
    if path is None:
        pytest.skip("could not download bluepyopt (offline?)")
    morph = read_asc(path)
    ref = import3d(neuron.h, path, "asc")
    try:
        check(neuron.h, morph, ref, policy)
    finally:
        delete_imported(neuron.h, ref)


@pytest.mark.neuron
@pytest.mark.parametrize("soma", ["multi", "three", "single"])
def test_swc(tmp_path, soma):
    neuron = pytest.importorskip("neuron")
    path = tmp_path / "cell.swc"
    path.write_text(random_swc(11, soma, n_trees=6, n_points=300))
    morph = read_swc(path)
    ref = import3d(neuron.h, path, "swc")
    try:
        check(neuron.h, morph, ref, DLambda(d_lambda=0.05))
    finally:
        delete_imported(neuron.h, ref)
