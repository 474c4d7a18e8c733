"""Regions and locsets: algebra, round-trips through strings, distances, location strings."""

from __future__ import annotations

import pytest

from braincell.filter import (
    Branch,
    DistalInterval,
    ExpressionSyntaxError,
    LabelDict,
    Location,
    Named,
    Nearest,
    OnBranches,
    ProximalInterval,
    Radius,
    RegionError,
    Segment,
    Uniform,
    all_,
    apic,
    axon,
    dend,
    distance_ge,
    distance_le,
    parse_location,
    parse_locset,
    parse_region,
    root,
    soma,
    terminals,
)
from braincell.morph import Morphology, Section


def cell():
    return Morphology(
        [
            Section("soma", length_um=20, diam_um=20),
            Section("dend[0]", length_um=100, diam_um=2, parent="soma", parent_x=1.0),
            Section("dend[1]", length_um=50, diam_um=1, parent="dend[0]", parent_x=1.0),
            Section("dend[2]", length_um=50, diam_um=1, parent="dend[0]", parent_x=0.5),
            Section(
                "axon",
                points=[[0, 0, 0, 2], [0, -50, 0, 1], [0, -100, 0, 0.5]],
                parent="soma",
                parent_x=0.0,
            ),
        ]
    )


REGIONS = [
    all_,
    soma | dend,
    (dend & distance_le(80.0)) - Segment("dend[0]", 0.0, 0.1),
    distance_ge(30.5, Location("dend[0]", 0.25)),
    ProximalInterval(terminals, 20.0),
    DistalInterval(Location(1, 0.5), 1e-3),
    Radius("le", 0.75) | Branch(3) | Branch("axon"),
    Named("x") & apic,
]
LOCSETS = [root, terminals, OnBranches(0.5), Uniform(dend, 7, 3), Nearest(0.0, -60.0, 0.0),
           (root | terminals) - Location(2, 1.0), parse_locset('(location "soma" 0.5)')]  # fmt: skip


@pytest.mark.parametrize("r", REGIONS, ids=str)
def test_regions_round_trip(r):
    assert parse_region(str(r)) == r


@pytest.mark.parametrize("ls", LOCSETS, ids=str)
def test_locsets_round_trip(ls):
    assert parse_locset(str(ls)) == ls


def test_tags_and_algebra():
    m = cell()
    assert soma.thingify(m).segments == ((0, 0.0, 1.0),)
    assert (dend - Segment(1, 0.5, 1.0)).thingify(m).segments[0] == (1, 0.0, 0.5)
    assert (soma & axon).thingify(m).empty
    with pytest.raises(RegionError, match="selects nothing"):
        apic.select(m)


def test_distance_from_root_and_from_a_location():
    m = cell()
    ext = (distance_le(70.0)).thingify(m)
    # soma (20 um) entirely, dend[0] up to 50 um of its 100, axon up to 70 of 100
    assert (1, 0.0, 0.5) in ext.segments
    assert (4, 0.0, 0.7) in ext.segments
    far = distance_ge(10.0, Location("dend[0]", 0.5)).thingify(m)
    assert (1, 0.0, 0.4) in far.segments and (1, 0.6, 1.0) in far.segments
    assert (3, 0.2, 1.0) in far.segments  # dend[2] starts at the location


def test_intervals():
    m = cell()
    prox = ProximalInterval(Location("dend[1]", 0.5), 40.0).thingify(m)
    assert prox.segments == ((1, 0.85, 1.0), (2, 0.0, 0.5))
    dist = DistalInterval(Location("dend[0]", 0.9), 20.0).thingify(m)
    assert dist.segments == ((1, 0.9, 1.0), (2, 0.0, 0.2))


def test_radius_threshold_follows_the_taper():
    m = cell()
    ext = Radius("ge", 0.5).thingify(m).intersect(Branch("axon").thingify(m))
    assert ext.segments == ((4, 0.0, 0.5),)


def test_locsets():
    m = cell()
    assert root.thingify(m) == ((0, 0.0),)
    assert terminals.thingify(m) == ((2, 1.0), (3, 1.0), (4, 1.0))
    u1, u2 = Uniform(dend, 5, 1).thingify(m), Uniform(dend, 5, 1).thingify(m)
    assert u1 == u2 and len(u1) == 5 and all(b in (1, 2, 3) for b, _ in u1)
    assert Nearest(3.0, -60.0, 0.0).thingify(m) == ((4, 0.6),)
    labels = LabelDict({"tips": terminals, "x": "(tag 3)"})
    assert parse_locset('(locset "tips")').thingify(m, labels) == terminals.thingify(m)
    assert Named("x").thingify(m, labels) == dend.thingify(m)
    with pytest.raises(RegionError, match="not defined"):
        Named("y").thingify(m, labels)


def test_syntax_errors_point_at_the_problem():
    with pytest.raises(ExpressionSyntaxError, match="unknown expression") as info:
        parse_region("(join (tag 1) (tug 3))")
    assert "^" in str(info.value)
    with pytest.raises(ExpressionSyntaxError, match="missing"):
        parse_region("(tag 1")
    with pytest.raises(ExpressionSyntaxError, match="locset, not a region"):
        parse_region("(root)")


@pytest.mark.parametrize(
    "text, section, x",
    [("soma(0.5)", "soma", 0.5), ("dend[3](0.9)", "dend[3]", 0.9), ("dend(1)", "dend", 1.0),
     (" apic[ 12 ]( .25 ) ", "apic[12]", 0.25), ("axon(0)", "axon", 0.0)],
)  # fmt: skip
def test_location_strings(text, section, x):
    loc = parse_location(text)
    assert (loc.section, loc.x) == (section, x)


@pytest.mark.parametrize("text", ["soma", "soma(1.5)", "dend[x](0.5)", "(0.5)", "soma(0.5"])
def test_bad_location_strings(text):
    with pytest.raises(ExpressionSyntaxError, match="location"):
        parse_location(text)
