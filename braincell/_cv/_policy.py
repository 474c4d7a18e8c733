"""CV policies: how many segments (NEURON's ``nseg``) each section gets.

NEURON places compartments ("control volumes") per section: ``nseg`` equal segments, each
with a node at its centre. A policy computes ``nseg`` for every section of a morphology:

* ``FixedPerSection(n)``: ``nseg = n`` everywhere;
* ``MaxExtent(um)``: the fewest segments no longer than ``um`` (``ceil(L / um)``; made odd
  with ``odd=True`` so a node sits at x=0.5, as NEURON users usually want);
* ``DLambda(freq_hz=100, d_lambda=0.1)``: NEURON's d_lambda rule (``stdlib.hoc``
  ``geom_nseg``/``lambda_f``), ``nseg = int((L/(d_lambda*lambda_f)+0.9)/2)*2+1``;
* ``Single()``: one segment (NEURON cannot make one CV span several sections, so "a single
  CV per region" means one segment per section of the region).

Every policy can be restricted to a region, ``MaxExtent(20).on(dend)``, and policies compose
with ``|``: for each section the *rightmost* policy that applies to it wins, so
``DLambda() | Single().on(soma)`` is d_lambda everywhere except one segment on the soma.
A plain dict ``{region: policy}`` (``by_region``) does the same, later entries winning.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from braincell._cv._errors import DiscretizationError
from braincell.morph import Morphology


class CVPolicy:
    """Base class. Subclasses implement ``_nseg(morph, i, ra, cm)`` for one section."""

    region: Any = None

    def on(self, region) -> CVPolicy:
        """The same policy, applied only to the sections ``region`` touches."""
        return Restricted(self, region)

    def __or__(self, other: CVPolicy) -> CVPolicy:
        if not isinstance(other, CVPolicy):
            return NotImplemented
        return Composed((*_parts(self), *_parts(other)))

    def _applies(self, morph: Morphology) -> np.ndarray:
        return np.ones(len(morph), bool)

    def _nseg(self, morph: Morphology, i: int, ra: float, cm: float) -> int:
        raise NotImplementedError

    def nseg(self, morph: Morphology, Ra: Any = 35.4, cm: Any = 1.0) -> np.ndarray:
        """``nseg`` per section (branch order). ``Ra`` (ohm cm) and ``cm`` (uF/cm2): a number,
        a per-section sequence, or a {section name: value} mapping (needed by DLambda)."""
        ra = per_section(morph, Ra, "Ra")
        cmv = per_section(morph, cm, "cm")
        out = np.zeros(len(morph), np.int64)
        done = np.zeros(len(morph), bool)
        for part in _parts(self):
            mask = part._applies(morph)
            for i in np.flatnonzero(mask):
                out[i] = part._nseg(morph, int(i), float(ra[i]), float(cmv[i]))
                done[i] = True
        if not done.all():
            missing = [morph.sections[i].name for i in np.flatnonzero(~done)][:5]
            raise DiscretizationError(
                f"the CV policy {self} gives no nseg for sections {missing}; add a default "
                f"policy on the left, e.g. `FixedPerSection(1) | {self}`"
            )
        if np.any(out < 1):
            raise DiscretizationError(f"the CV policy {self} gave nseg < 1")
        return out


def _parts(p: CVPolicy) -> tuple[CVPolicy, ...]:
    return p.parts if isinstance(p, Composed) else (p,)


def per_section(morph: Morphology, value: Any, what: str) -> np.ndarray:
    """Broadcast a number, a sequence or a {name: value} mapping to one value per section."""
    if isinstance(value, Mapping):
        out = np.full(len(morph), np.nan)
        for name, v in value.items():
            out[morph.index(name)] = float(v)
        if np.isnan(out).any():
            miss = [morph.sections[i].name for i in np.flatnonzero(np.isnan(out))][:5]
            raise DiscretizationError(f"{what} is missing for sections {miss}")
        return out
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        return np.full(len(morph), float(arr))
    if arr.shape != (len(morph),):
        raise DiscretizationError(
            f"{what} has shape {arr.shape}; give one number, or one per section "
            f"({len(morph)}), or a {{name: value}} dict"
        )
    return arr


@dataclass(frozen=True)
class FixedPerSection(CVPolicy):
    """``nseg = n`` on every section."""

    n: int = 1

    def __post_init__(self):
        if int(self.n) != self.n or self.n < 1:
            raise DiscretizationError(f"FixedPerSection(n={self.n}): n must be an int >= 1")

    def _nseg(self, morph, i, ra, cm):
        return int(self.n)


@dataclass(frozen=True)
class Single(CVPolicy):
    """One segment per section."""

    def _nseg(self, morph, i, ra, cm):
        return 1


@dataclass(frozen=True)
class MaxExtent(CVPolicy):
    """The fewest equal segments no longer than ``um`` (odd if ``odd``)."""

    um: float
    odd: bool = False

    def __post_init__(self):
        if not self.um > 0:
            raise DiscretizationError(f"MaxExtent(um={self.um}): um must be > 0")

    def _nseg(self, morph, i, ra, cm):
        n = max(1, math.ceil(morph.sections[i].length / self.um - 1e-9))
        if self.odd and n % 2 == 0:
            n += 1
        return n


@dataclass(frozen=True)
class DLambda(CVPolicy):
    """NEURON's d_lambda rule at ``freq_hz`` (stdlib.hoc ``geom_nseg``).

    ``lambda_f`` is the AC length constant at ``freq_hz``; for sections with 3D points NEURON
    integrates ``dx/sqrt(d)`` over the points (so tapering is taken into account).
    """

    freq_hz: float = 100.0
    d_lambda: float = 0.1

    def _nseg(self, morph, i, ra, cm):
        sec = morph.sections[i]
        lam = lambda_f(sec, self.freq_hz, ra, cm)
        return int((sec.length / (self.d_lambda * lam) + 0.9) / 2) * 2 + 1


def lambda_f(sec, freq_hz: float, ra: float, cm: float) -> float:
    """NEURON's ``lambda_f(freq)`` (stdlib.hoc), in um."""
    if sec.points is None or len(sec.points) < 2:
        return 1e5 * math.sqrt(sec.diam_um / (4 * math.pi * freq_hz * ra * cm))
    arc = sec.arc_um
    d = np.abs(sec.points_f32[:, 3])
    x1, d1, lam = float(arc[0]), float(d[0]), 0.0
    for k in range(1, len(arc)):
        x2, d2 = float(arc[k]), float(d[k])
        lam += (x2 - x1) / math.sqrt(d1 + d2)
        x1, d1 = x2, d2
    lam *= math.sqrt(2) * 1e-5 * math.sqrt(4 * math.pi * freq_hz * ra * cm)
    return sec.length / lam


@dataclass(frozen=True)
class Restricted(CVPolicy):
    """``policy`` applied only to sections that ``region`` touches (with nonzero length)."""

    policy: CVPolicy
    region: Any

    def _applies(self, morph):
        mask = np.zeros(len(morph), bool)
        for b, x0, x1 in self.region.thingify(morph).segments:
            if x1 > x0:
                mask[b] = True
        return mask

    def _nseg(self, morph, i, ra, cm):
        return self.policy._nseg(morph, i, ra, cm)

    def __str__(self):
        return f"{self.policy}.on({self.region})"


@dataclass(frozen=True)
class Composed(CVPolicy):
    """Policies tried left to right; the rightmost one that applies to a section wins."""

    parts: tuple[CVPolicy, ...]

    def __str__(self):
        return " | ".join(str(p) for p in self.parts)


def by_region(mapping: Mapping[Any, CVPolicy], default: CVPolicy | None = None) -> CVPolicy:
    """``{region: policy}`` as one policy (later entries win; ``default`` applies first)."""
    parts: list[CVPolicy] = [] if default is None else [default]
    for region, pol in mapping.items():
        parts.append(pol.on(region))
    if not parts:
        raise DiscretizationError("by_region needs at least one {region: policy} entry")
    return Composed(tuple(parts))
