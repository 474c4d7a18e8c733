"""Ion species declarations with NEURON's default concentrations and reversal potentials."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SpecError


@dataclass(frozen=True)
class Ion:
    """An ion species: its name, valence and initial values.

    ``ci0``/``co0`` are the initial inner/outer concentrations (mM) and ``e0`` the reversal
    potential (mV) used while no concentration is read (NEURON's ``ion_style`` rules decide
    when ``e`` is recomputed by the Nernst equation instead).
    """

    name: str
    valence: int
    ci0: float
    co0: float
    e0: float

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise SpecError(f"ion name {self.name!r} is not a valid identifier")

    @property
    def names(self) -> dict[str, str]:
        """The NEURON variable names of this ion: ``{"i": "ina", "e": "ena", ...}``."""
        n = self.name
        return {"i": f"i{n}", "e": f"e{n}", "ci": f"{n}i", "co": f"{n}o"}

    def replace(self, **changes: float) -> Ion:
        """Return a copy with new initial values; keys are ``ci0, co0, e0`` or NEURON names
        (``nai``, ``nao``, ``ena``)."""
        alias = {v: k for k, v in {"ci0": f"{self.name}i", "co0": f"{self.name}o",
                                   "e0": f"e{self.name}"}.items()}
        fields = {"ci0": self.ci0, "co0": self.co0, "e0": self.e0}
        for key, value in changes.items():
            field = alias.get(key, key)
            if field not in fields:
                valid = ", ".join(sorted(alias))
                raise SpecError(f"ion {self.name!r} has no value {key!r}; valid: {valid}")
            fields[field] = float(value)
        return Ion(self.name, self.valence, **fields)


# NEURON 9 defaults (nai0_na_ion, nao0_na_ion, ena, ...).
na = Ion("na", 1, ci0=10.0, co0=140.0, e0=50.0)
k = Ion("k", 1, ci0=54.4, co0=2.5, e0=-77.0)
ca = Ion("ca", 2, ci0=5e-5, co0=2.0, e0=132.4579341637009)

_KNOWN = {ion.name: ion for ion in (na, k, ca)}


def default_ion(name: str, valence: int | None = None) -> Ion:
    """NEURON's defaults for ``name``; an unknown ion gets NEURON's generic defaults
    (ci0 = co0 = 1 mM, e = 0 mV) and needs a valence."""
    if name in _KNOWN:
        ion = _KNOWN[name]
        if valence is not None and valence != ion.valence:
            raise SpecError(f"ion {name!r} has valence {ion.valence}, not {valence}")
        return ion
    if valence is None:
        raise SpecError(f"ion {name!r} is not one of na, k, ca: give its valence")
    return Ion(name, valence, ci0=1.0, co0=1.0, e0=0.0)
