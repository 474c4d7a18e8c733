"""Morphologies: a tree of unbranched sections, built in code or read from SWC / Neurolucida ASC.

Readers follow NEURON's Import3d conventions, so a file gives the section names, connections
and 3D points that ``h.Import3d_GUI(...).instantiate(None)`` gives.
"""

from braincell.morph._asc import parse_asc, read_asc
from braincell.morph._errors import MorphologyError
from braincell.morph._morphology import (
    APIC,
    AXON,
    DEND,
    SOMA,
    TAG_NAMES,
    Morphology,
    Section,
    tag_from_name,
)
from braincell.morph._read import read_morphology
from braincell.morph._swc import parse_swc, read_swc, write_swc

__all__ = [
    "APIC",
    "AXON",
    "DEND",
    "SOMA",
    "TAG_NAMES",
    "Morphology",
    "MorphologyError",
    "Section",
    "parse_asc",
    "parse_swc",
    "read_asc",
    "read_morphology",
    "read_swc",
    "tag_from_name",
    "write_swc",
]
