"""The validation protocols: run specs whose NEURON answers are stored in ``data/``.

``PROTOCOLS`` maps a protocol name to its run spec. ``make_references.py`` runs each in
NEURON and writes ``data/<name>.npz``; the tests compare braincell (and NEURON itself)
against those files.
"""

from __future__ import annotations

import copy

__all__ = ["PROTOCOLS", "protocol"]

_SOMA = {"name": "soma", "length": 20.0, "diam": 20.0, "ncv": 1}

_COMMON = {
    "celsius": 6.3,
    "v_init": -65.0,
    "dt": 0.025,
    "tstop": 100.0,
    "cm": 1.0,
    "Ra": 35.4,
    "solver": "backward_euler",
    "tables": False,
}

_HH_SOMA = {
    **_COMMON,
    "morphology": {"sections": [_SOMA]},
    "paint": [{"region": "soma", "mechanism": "hh"}],
    "place": [
        {
            "location": "soma(0.5)",
            "mechanism": "IClamp",
            "label": "stim",
            "parameters": {"del": 5.0, "dur": 80.0, "amp": 0.2},
        }
    ],
    "record": [
        "v@soma(0.5)",
        "hh.m@soma(0.5)",
        "hh.h@soma(0.5)",
        "hh.n@soma(0.5)",
        "ina@soma(0.5)",
        "ik@soma(0.5)",
        "hh.il@soma(0.5)",
        "stim.i",
    ],
}

_PAS_SOMA = {
    **_COMMON,
    "morphology": {"sections": [_SOMA]},
    "paint": [{"region": "soma", "mechanism": "pas", "parameters": {"g": 0.001, "e": -70.0}}],
    "place": [
        {
            "location": "soma(0.5)",
            "mechanism": "IClamp",
            "label": "stim",
            "parameters": {"del": 5.0, "dur": 50.0, "amp": 0.1},
        }
    ],
    "record": ["v@soma(0.5)", "pas.i@soma(0.5)"],
}

_BALL_AND_STICK = {
    **_COMMON,
    "tstop": 50.0,
    "Ra": 100.0,
    "morphology": {
        "sections": [
            _SOMA,
            {
                "name": "dend",
                "length": 1000.0,
                "diam": 1.0,
                "ncv": 100,
                "parent": "soma",
                "parent_x": 1.0,
            },
        ]
    },
    "paint": [
        {"region": "soma", "mechanism": "hh"},
        # pas defaults: g = 0.001 S/cm2, e = -70 mV
        {"region": "dend", "mechanism": "pas"},
    ],
    "place": [
        {
            "location": "soma(0.5)",
            "mechanism": "IClamp",
            "label": "stim",
            "parameters": {"del": 5.0, "dur": 80.0, "amp": 0.2},
        }
    ],
    "record": [
        "v@soma(0.5)",
        "v@dend(0.0)",
        "v@dend(0.5)",
        "v@dend(1.0)",
    ],
}


# The variants of hh_soma store only v and m, to keep data/ small (run make_references.py
# with a wider record list locally when debugging).
_HH_VARIANT_RECORD = ["v@soma(0.5)", "hh.m@soma(0.5)"]


def _with(base: dict, **changes) -> dict:
    spec = copy.deepcopy(base)
    spec.update(changes)
    return spec


# Calcium accumulation: a leak writes ica (reading eca), a shell mechanism integrates it into
# cai (reading ica, writing cai), so eca follows Nernst every step (NEURON's ion_style rules).
# The .mod files are in mod/; braincell's side uses equivalent Python mechanisms.
_CA_ACCUMULATION = {
    **_HH_SOMA,
    "mod_files": ["mod/cadecay.mod", "mod/caleak.mod"],
    "paint": [
        {"region": "soma", "mechanism": "hh"},
        {"region": "soma", "mechanism": "caleak", "parameters": {"g": 0.001}},
        {"region": "soma", "mechanism": "cadecay"},
    ],
    "record": ["v@soma(0.5)", "cai@soma(0.5)", "eca@soma(0.5)", "ica@soma(0.5)"],
}


PROTOCOLS: dict[str, dict] = {
    "hh_soma": _with(_HH_SOMA),
    "hh_soma_celsius16": _with(_HH_SOMA, celsius=16.3, record=_HH_VARIANT_RECORD),
    "hh_soma_cn": _with(_HH_SOMA, solver="crank_nicolson", record=_HH_VARIANT_RECORD),
    "pas_soma": _with(_PAS_SOMA),
    "pas_soma_cn": _with(_PAS_SOMA, solver="crank_nicolson"),
    "ball_and_stick": _with(_BALL_AND_STICK),
    "ball_and_stick_cn": _with(_BALL_AND_STICK, solver="crank_nicolson"),
    "ca_accumulation": _with(_CA_ACCUMULATION),
    "ca_accumulation_cn": _with(_CA_ACCUMULATION, solver="crank_nicolson"),
}


def protocol(name: str) -> dict:
    """A fresh (deep) copy of the named protocol's run spec."""
    return copy.deepcopy(PROTOCOLS[name])
