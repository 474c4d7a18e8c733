"""Protocols for braincell's .mod catalogue (``mechanisms/``), with references in
``data/catalogue/<name>.npz`` (written by ``make_catalogue_references.py``).

Every protocol is a 20 x 20 um single compartment at NEURON's defaults (ions, cm, Ra),
dt = 0.025 ms, 50 ms (2001 samples, every step stored), with one mechanism of the catalogue
(or a small set that needs each other, e.g. a calcium channel with ``cad``) and a current or
voltage clamp that exercises it.

Two kinds:

* ``BUILTIN_PROTOCOLS`` use the catalogue files whose names are NEURON built-ins (hh, pas,
  IClamp, SEClamp, ExpSyn, Exp2Syn, NetStim). Their reference is NEURON's *own* built-in.
  NEURON cannot load a second mechanism of the same name, so our files are compared as
  renamed twins (``hh`` -> ``hh_bc``, ``ExpSyn`` -> ``ExpSyn_bc``, ...): ``twin_mod_texts``
  and ``twin_spec`` make those, and the test shows the twin reproduces the built-in.
* ``CHANNEL_PROTOCOLS`` use the other catalogue files, compiled by nrnivmodl from
  ``mechanisms/`` (``mod_files``, relative to this folder). Every such protocol lists the
  same full set, so the library is compiled and loaded once per process.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

__all__ = [
    "BUILTIN_NAMES",
    "BUILTIN_PROTOCOLS",
    "CATALOGUE_DIR",
    "CHANNEL_MOD_FILES",
    "CHANNEL_PROTOCOLS",
    "PROTOCOLS",
    "TWIN_SUFFIX",
    "protocol",
    "twin_mod_texts",
    "twin_spec",
]

HERE = Path(__file__).resolve().parent
CATALOGUE_DIR = HERE.parent.parent / "mechanisms"

# Catalogue files that carry the name of a NEURON built-in: file -> mechanism name.
BUILTIN_NAMES = {
    "hh.mod": "hh",
    "pas.mod": "pas",
    "IClamp.mod": "IClamp",
    "SEClamp.mod": "SEClamp",
    "ExpSyn.mod": "ExpSyn",
    "Exp2Syn.mod": "Exp2Syn",
    "NetStim.mod": "NetStim",
}
TWIN_SUFFIX = "_bc"

# The rest of the catalogue, loaded into NEURON as they are.
CHANNEL_FILES = [
    "nat.mod",
    "kdr.mod",
    "ka.mod",
    "km.mod",
    "ih.mod",
    "cal.mod",
    "cat.mod",
    "sk.mod",
    "bk.mod",
    "cad.mod",
]
CHANNEL_MOD_FILES = [f"../../mechanisms/{name}" for name in CHANNEL_FILES]

_SOMA = {"name": "soma", "length": 20.0, "diam": 20.0, "ncv": 1}

_COMMON = {
    "celsius": 6.3,
    "v_init": -65.0,
    "dt": 0.025,
    "tstop": 50.0,
    "cm": 1.0,
    "Ra": 35.4,
    "solver": "backward_euler",
    "tables": False,
    "morphology": {"sections": [_SOMA]},
}

# Leak used under every channel protocol: 0.1 mS/cm2 (tau_m = 10 ms), e = -70 mV.
_LEAK = {"region": "soma", "mechanism": "pas", "parameters": {"g": 0.0001, "e": -70.0}}


def _iclamp(delay: float, dur: float, amp: float, label: str = "stim") -> dict:
    return {
        "location": "soma(0.5)",
        "mechanism": "IClamp",
        "label": label,
        "parameters": {"del": delay, "dur": dur, "amp": amp},
    }


def _seclamp(levels: list[tuple[float, float]], rs: float = 0.01, label: str = "clamp") -> dict:
    params: dict = {"rs": rs}
    for k, (dur, amp) in enumerate(levels, start=1):
        params[f"dur{k}"] = dur
        params[f"amp{k}"] = amp
    return {"location": "soma(0.5)", "mechanism": "SEClamp", "label": label, "parameters": params}


def _paint(mech: str, **parameters: float) -> dict:
    entry: dict = {"region": "soma", "mechanism": mech}
    if parameters:
        entry["parameters"] = parameters
    return entry


# --------------------------------------------------------------------------------------------
# Built-in names: references from NEURON's own mechanisms.

BUILTIN_PROTOCOLS: dict[str, dict] = {
    # hh driven to repetitive firing by a current step.
    "hh_iclamp": {
        **_COMMON,
        "paint": [_paint("hh")],
        "place": [_iclamp(5.0, 40.0, 0.2)],
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
    },
    # pas charging and discharging under a current step (del 0: the pulse is on at t = 0).
    "pas_iclamp": {
        **_COMMON,
        "paint": [_paint("pas", g=0.0001, e=-70.0)],
        "place": [_iclamp(0.0, 25.0, 0.05)],
        "record": ["v@soma(0.5)", "pas.i@soma(0.5)", "stim.i"],
    },
    # SEClamp (default rs = 1 Mohm) stepping an hh membrane -65 -> -20 -> -80 mV, then off.
    "hh_seclamp": {
        **_COMMON,
        "paint": [_paint("hh")],
        "place": [_seclamp([(10.0, -65.0), (15.0, -20.0), (15.0, -80.0)], rs=1.0)],
        "record": [
            "v@soma(0.5)",
            "clamp.i",
            "clamp.vc",
            "hh.m@soma(0.5)",
            "ina@soma(0.5)",
            "ik@soma(0.5)",
        ],
    },
    # ExpSyn driven by NetCon events (two of them at the same time).
    "expsyn_events": {
        **_COMMON,
        "paint": [_paint("pas", g=0.0001, e=-70.0)],
        "place": [
            {
                "location": "soma(0.5)",
                "mechanism": "ExpSyn",
                "label": "syn",
                "parameters": {"tau": 2.0, "e": 0.0},
                "connections": [
                    {"weight": 0.002, "events": [5.0, 10.5, 20.0]},
                    {"weight": 0.001, "events": [20.0, 33.3]},
                ],
            }
        ],
        "record": ["v@soma(0.5)", "syn.g", "syn.i"],
    },
    # Exp2Syn (rise 0.5 ms, decay 5 ms) driven by events, one with a negative weight.
    "exp2syn_events": {
        **_COMMON,
        "paint": [_paint("pas", g=0.0001, e=-70.0)],
        "place": [
            {
                "location": "soma(0.5)",
                "mechanism": "Exp2Syn",
                "label": "syn",
                "parameters": {"tau1": 0.5, "tau2": 5.0, "e": 0.0},
                "connections": [
                    {"weight": 0.003, "events": [5.0, 7.5, 30.0]},
                    {"weight": -0.001, "events": [18.0]},
                ],
            }
        ],
        "record": ["v@soma(0.5)", "syn.g", "syn.A", "syn.B", "syn.i"],
    },
    # Two NetStims into an ExpSyn on an hh soma: "ns" fires at 5, 13, 21, 29 (noise 0);
    # "ns2" starts idle (start < 0) and is switched on by an external event at 35 ms.
    "netstim_expsyn": {
        **_COMMON,
        "paint": [_paint("hh")],
        "place": [
            {
                "mechanism": "NetStim",
                "label": "ns",
                "parameters": {"start": 5.0, "number": 4, "interval": 8.0, "noise": 0.0},
            },
            {
                "mechanism": "NetStim",
                "label": "ns2",
                "parameters": {"start": -1.0, "number": 2, "interval": 4.0, "noise": 0.0},
                "connections": [{"weight": 1.0, "events": [35.0]}],
            },
            {
                "location": "soma(0.5)",
                "mechanism": "ExpSyn",
                "label": "syn",
                "parameters": {"tau": 2.0, "e": 0.0},
                "connections": [
                    {"source": "ns", "weight": 0.01, "delay": 1.0},
                    {"source": "ns2", "weight": 0.004, "delay": 0.5},
                ],
            },
        ],
        "record": ["v@soma(0.5)", "syn.g", "syn.i", "hh.m@soma(0.5)"],
    },
}

# --------------------------------------------------------------------------------------------
# Catalogue channels: references from our own files compiled into NEURON.

_CHANNEL_COMMON = {**_COMMON, "celsius": 36.0, "mod_files": CHANNEL_MOD_FILES}
_CA_REST = {"ca": {"cai": 1e-4}}  # = cad's cainf, so the shell starts at rest

CHANNEL_PROTOCOLS: dict[str, dict] = {
    # Regular spiking from nat + kdr (Pospischil RS) under a current step.
    "nat_kdr_iclamp": {
        **_CHANNEL_COMMON,
        "paint": [_LEAK, _paint("nat"), _paint("kdr")],
        "place": [_iclamp(5.0, 40.0, 0.1)],
        "record": [
            "v@soma(0.5)",
            "nat.m@soma(0.5)",
            "nat.h@soma(0.5)",
            "kdr.n@soma(0.5)",
            "ina@soma(0.5)",
            "ik@soma(0.5)",
        ],
    },
    # kdr activation and deactivation under a voltage step -70 -> +10 -> -70 mV.
    "kdr_seclamp": {
        **_CHANNEL_COMMON,
        "paint": [_LEAK, _paint("kdr")],
        "place": [_seclamp([(10.0, -70.0), (20.0, 10.0), (20.0, -70.0)])],
        "record": ["v@soma(0.5)", "kdr.n@soma(0.5)", "ik@soma(0.5)", "clamp.i"],
    },
    # ka: de-inactivate at -100 mV, step to -20 mV (transient current), back to -70 mV.
    "ka_seclamp": {
        **_CHANNEL_COMMON,
        "celsius": 6.3,
        "paint": [_LEAK, _paint("ka")],
        "place": [_seclamp([(15.0, -100.0), (20.0, -20.0), (15.0, -70.0)])],
        "record": [
            "v@soma(0.5)",
            "ka.a@soma(0.5)",
            "ka.b@soma(0.5)",
            "ik@soma(0.5)",
            "clamp.i",
        ],
    },
    # km (enlarged) adds slow adaptation to nat + kdr spiking.
    "km_iclamp": {
        **_CHANNEL_COMMON,
        "paint": [_LEAK, _paint("nat"), _paint("kdr"), _paint("km", gbar=0.0006)],
        "place": [_iclamp(5.0, 40.0, 0.15)],
        "record": ["v@soma(0.5)", "km.p@soma(0.5)", "ik@soma(0.5)"],
    },
    # ih: sag during a hyperpolarising step and rebound after it.
    "ih_iclamp": {
        **_CHANNEL_COMMON,
        "paint": [_LEAK, _paint("ih", gbar=0.002)],
        "place": [_iclamp(5.0, 30.0, -0.04)],
        "record": ["v@soma(0.5)", "ih.m@soma(0.5)", "ih.ihcn@soma(0.5)"],
    },
    # cal (GHK) + cad: a step to -10 mV loads the shell; cai decays after it.
    "cal_cad_seclamp": {
        **_CHANNEL_COMMON,
        "ions": _CA_REST,
        "paint": [_LEAK, _paint("cal"), _paint("cad")],
        "place": [_seclamp([(5.0, -70.0), (25.0, -10.0), (20.0, -70.0)])],
        "record": [
            "v@soma(0.5)",
            "cal.m@soma(0.5)",
            "cal.h@soma(0.5)",
            "ica@soma(0.5)",
            "cai@soma(0.5)",
            "clamp.i",
        ],
    },
    # cat + cad: a low-threshold rebound after a hyperpolarising step; eca follows cai.
    "cat_cad_iclamp": {
        **_CHANNEL_COMMON,
        "ions": _CA_REST,
        "paint": [_LEAK, _paint("cat", gbar=0.002), _paint("cad")],
        "place": [_iclamp(2.0, 20.0, -0.035)],
        "record": [
            "v@soma(0.5)",
            "cat.u@soma(0.5)",
            "ica@soma(0.5)",
            "cai@soma(0.5)",
            "eca@soma(0.5)",
        ],
    },
    # sk: calcium entering through cal during spikes activates an AHP current.
    "sk_iclamp": {
        **_CHANNEL_COMMON,
        "ions": _CA_REST,
        "paint": [
            _LEAK,
            _paint("nat"),
            _paint("kdr"),
            _paint("cal"),
            _paint("cad"),
            _paint("sk"),
        ],
        "place": [_iclamp(5.0, 40.0, 0.15)],
        "record": ["v@soma(0.5)", "sk.z@soma(0.5)", "cai@soma(0.5)", "ik@soma(0.5)"],
    },
    # bk (kinetic scheme, steady-state start): voltage- and calcium-gated K during spikes.
    "bk_iclamp": {
        **_CHANNEL_COMMON,
        "ions": _CA_REST,
        "paint": [
            _LEAK,
            _paint("nat"),
            _paint("kdr"),
            _paint("cal"),
            _paint("cad"),
            _paint("bk"),
        ],
        "place": [_iclamp(5.0, 40.0, 0.15)],
        "record": [
            "v@soma(0.5)",
            "bk.o@soma(0.5)",
            "bk.c@soma(0.5)",
            "cai@soma(0.5)",
            "ik@soma(0.5)",
        ],
    },
}

PROTOCOLS: dict[str, dict] = {**BUILTIN_PROTOCOLS, **CHANNEL_PROTOCOLS}


def protocol(name: str) -> dict:
    """A fresh (deep) copy of the named protocol's run spec."""
    return copy.deepcopy(PROTOCOLS[name])


# --------------------------------------------------------------------------------------------
# Renamed twins of the files with built-in names.

_NAME_LINE = re.compile(r"^(\s*(?:SUFFIX|POINT_PROCESS|ARTIFICIAL_CELL)\s+)(\w+)", re.MULTILINE)


def twin_mod_texts(suffix: str = TWIN_SUFFIX) -> dict[str, str]:
    """``{"hh_bc.mod": text, ...}``: the catalogue's built-in-named files with their
    mechanism renamed (``SUFFIX hh`` -> ``SUFFIX hh_bc``), ready to compile next to
    NEURON's built-ins."""
    texts = {}
    for filename, name in BUILTIN_NAMES.items():
        text = (CATALOGUE_DIR / filename).read_text()
        renamed, count = _NAME_LINE.subn(
            lambda m, name=name: (
                m.group(1) + (m.group(2) + suffix if m.group(2) == name else m.group(2))
            ),
            text,
        )
        if count != 1 or f"{name}{suffix}" not in renamed:
            raise ValueError(
                f"{filename}: expected one SUFFIX/POINT_PROCESS/ARTIFICIAL_CELL {name}"
            )
        texts[f"{name}{suffix}.mod"] = renamed
    return texts


def twin_spec(spec: dict, mod_files: list[str], suffix: str = TWIN_SUFFIX) -> tuple[dict, dict]:
    """The run spec with every built-in mechanism replaced by its twin, and the map from the
    original record strings to the twin's."""
    names = set(BUILTIN_NAMES.values())
    twin = copy.deepcopy(spec)
    twin["mod_files"] = list(mod_files)
    for item in twin.get("paint", []) + twin.get("place", []):
        if item["mechanism"] in names:
            item["mechanism"] += suffix
    keys = {}
    for record in spec["record"]:
        var, at, loc = record.partition("@")
        mech, dot, rest = var.partition(".")
        if at and dot and mech in names:
            keys[record] = f"{mech}{suffix}.{rest}@{loc}"
        else:
            keys[record] = record
    twin["record"] = [keys[r] for r in spec["record"]]
    return twin, keys
