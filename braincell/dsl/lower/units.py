"""UNITS-block factors with NEURON 9's constants (share/lib/nrnunits.lib.in, CODATA 2018).

``FARADAY = (faraday) (coulomb)`` is the number of coulombs in one faraday, ``R = (k-mole)
(joule/degC)`` the gas constant, ``x = (mV) -> (V)`` a conversion factor. A unit expression
is a product of names (``k-mole``: ``-`` and spaces multiply), ``/`` divides, a trailing
digit is a power (``cm2``), and names take SI prefixes (``milli``, ``m``, ``kilo``...).
Only the scale matters for a factor; dimensions are the author's responsibility (as in
nocmodl with ``UNITSOFF``).
"""

from __future__ import annotations

import math
import re

from ..._constants import FARADAY, R_GAS

# SI scale of every base name we know (NEURON 9 / CODATA 2018 values).
_E = 1.602176634e-19
_AVOGADRO = 6.02214076e23
_BOLTZMANN = 1.380649e-23
_BASE: dict[str, float] = {
    "1": 1.0, "faraday": FARADAY, "e": _E, "avogadro": _AVOGADRO, "mole": _AVOGADRO,
    "mol": _AVOGADRO, "k": _BOLTZMANN, "boltzmann": _BOLTZMANN, "pi": math.pi,
    "coulomb": 1.0, "coul": 1.0, "C": 1.0, "joule": 1.0, "J": 1.0, "degC": 1.0,
    "degK": 1.0, "kelvin": 1.0, "K": 1.0, "volt": 1.0, "V": 1.0, "ampere": 1.0, "amp": 1.0,
    "A": 1.0, "ohm": 1.0, "siemens": 1.0, "S": 1.0, "mho": 1.0, "farad": 1.0, "F": 1.0,
    "meter": 1.0, "metre": 1.0, "m": 1.0, "micron": 1e-6, "liter": 1e-3, "litre": 1e-3,
    "l": 1e-3, "L": 1e-3, "molar": 1e3, "M": 1e3, "second": 1.0, "sec": 1.0, "s": 1.0,
    "minute": 60.0, "min": 60.0, "hour": 3600.0, "gram": 1e-3, "g": 1e-3, "watt": 1.0,
    "W": 1.0, "hertz": 1.0, "Hz": 1.0, "percent": 0.01, "degree": math.pi / 180,
}
# Products whose value NEURON defines directly (k-mole is R, not k times N_A rounded).
_EXACT = {"k-mole": R_GAS, "faraday": FARADAY}
_PREFIX = {
    "yotta": 1e24, "zetta": 1e21, "exa": 1e18, "peta": 1e15, "tera": 1e12, "giga": 1e9,
    "mega": 1e6, "myria": 1e4, "kilo": 1e3, "hecto": 1e2, "deka": 1e1, "deci": 1e-1,
    "centi": 1e-2, "milli": 1e-3, "micro": 1e-6, "nano": 1e-9, "pico": 1e-12,
    "femto": 1e-15, "atto": 1e-18, "zepto": 1e-21, "yocto": 1e-24,
    "Y": 1e24, "Z": 1e21, "E": 1e18, "P": 1e15, "T": 1e12, "G": 1e9, "M": 1e6, "k": 1e3,
    "h": 1e2, "da": 1e1, "d": 1e-1, "c": 1e-2, "m": 1e-3, "u": 1e-6, "n": 1e-9, "p": 1e-12,
    "f": 1e-15, "a": 1e-18,
}
_TERM = re.compile(r"^([A-Za-z_]+|[0-9.]+(?:[eE][-+]?\d+)?)(\d*)$")


class UnitError(ValueError):
    """A unit name that braincell does not know."""


def _name_scale(name: str) -> float:
    if name in _BASE:
        return _BASE[name]
    if name.endswith("s") and name[:-1] in _BASE and len(name) > 2:
        return _BASE[name[:-1]]
    for prefix in sorted(_PREFIX, key=len, reverse=True):
        if name.startswith(prefix) and len(name) > len(prefix):
            rest = name[len(prefix):]
            try:
                return _PREFIX[prefix] * _name_scale(rest)
            except UnitError:
                continue
    raise UnitError(name)


def _term_scale(term: str) -> float:
    if term in _EXACT:
        return _EXACT[term]
    value = 1.0
    for part in term.split("-"):
        if not part:
            continue
        m = _TERM.match(part)
        if not m:
            raise UnitError(part)
        base, power = m.groups()
        if base[0].isdigit() or base[0] == ".":
            scale = float(base + power)
            power = ""
        else:
            scale = _name_scale(base)
        value *= scale ** (int(power) if power else 1)
    return value


def unit_scale(text: str) -> float:
    """The SI scale of a unit expression such as ``joule/degC`` or ``/ms`` or ``mM-um``."""
    text = text.strip()
    if text in _EXACT:
        return _EXACT[text]
    pieces = text.split("/")
    value = 1.0
    for k, piece in enumerate(pieces):
        for term in piece.split():
            scale = _term_scale(term)
            value = value * scale if k == 0 else value / scale
    return value


def unit_factor(value: float | None, units: tuple[str, ...], arrow: bool) -> float:
    """The value of a UNITS factor: ``name = [number] (a) [->] (b)``.

    ``(a) (b)``: how many ``b`` make one ``a``; a leading number multiplies it.
    ``(a)`` alone: the scale of ``a`` in SI.
    """
    if value is not None and len(units) <= 1:
        return float(value)
    if len(units) == 1:
        return unit_scale(units[0])
    factor = unit_scale(units[0]) / unit_scale(units[1])
    return factor * (float(value) if value is not None else 1.0)
