"""SWC reading against NEURON's Import3d, errors with file and line, and writing."""

from __future__ import annotations

import numpy as np
import pytest
from swc_gen import random_swc

from braincell.morph import MorphologyError, parse_swc, read_swc, write_swc


def same_as_neuron(h, path, morph):
    from nrn_import import delete_imported, import3d

    ref = import3d(h, path, "swc")
    try:
        assert sorted(ref) == sorted(morph.names)
        for sec in morph.sections:
            r = ref[sec.name]
            assert r["parent"] == sec.parent
            if sec.parent is not None:
                assert r["parent_x"] == sec.parent_x
            # NEURON stores 3D points in single precision
            np.testing.assert_array_equal(r["points"], sec.points.astype(np.float32))
    finally:
        delete_imported(h, ref)


@pytest.mark.neuron
@pytest.mark.parametrize("soma", ["multi", "three", "single"])
@pytest.mark.parametrize("seed", [0, 1])
def test_sections_match_import3d(tmp_path, soma, seed):
    neuron = pytest.importorskip("neuron")
    path = tmp_path / f"{soma}{seed}.swc"
    path.write_text(random_swc(seed, soma))
    morph = read_swc(path)
    assert morph.names[0] == "soma[0]"
    same_as_neuron(neuron.h, path, morph)


def test_three_point_soma_is_a_sphere(tmp_path):
    morph = parse_swc(random_swc(0, "three"))
    soma = morph["soma[0]"]
    assert len(soma.points) == 3
    assert soma.length == pytest.approx(12.0)
    assert np.all(soma.points[:, 3] == 12.0)


@pytest.mark.parametrize(
    "text, line, match",
    [
        ("1 1 0 0 0 5 -1\n2 3 0 10 0 1 7\n", 2, "orphan"),
        ("1 1 0 0 0 5 -1\n2 3 0 10 0 0 1\n", 2, "radius"),
        ("1 1 0 0 0 5 -1\n2 3.5 0 10 0 1 1\n", 2, "unknown type"),
        ("1 1 0 0 0 5 -1\n2 3 0 10 0 1 2\n", 2, "cycle"),
        ("# c\n1 1 0 0 0 5 -1\n2 3 0 oops\n", 3, "could not parse"),
    ],
)
def test_errors_name_file_and_line(text, line, match):
    with pytest.raises(MorphologyError, match=match) as info:
        parse_swc(text, source="cell.swc")
    assert info.value.line == line
    assert str(info.value).startswith(f"cell.swc:{line}:")


def test_write_then_read_keeps_geometry(tmp_path):
    morph = parse_swc(random_swc(2, "multi"))
    path = tmp_path / "out.swc"
    write_swc(morph, path)
    again = read_swc(path)
    assert again.names == morph.names
    for a, b in zip(morph.sections, again.sections):
        # a section's own points survive; the copy of the parent point that Import3d puts
        # first depends on the soma convention, so compare the common tail
        k = min(len(a.points), len(b.points)) - 1
        np.testing.assert_allclose(a.points[-k:], b.points[-k:], rtol=1e-7, atol=1e-6)
        assert a.parent == b.parent
