"""The braincell side: the protocol through the public Python API (in a worker process).

The mechanism comes from ``braincell.load_mod`` when braincell has it. Until then a file whose
mechanism braincell ships by hand (NEURON's own ``hh``, ``pas`` and ``IClamp``) runs with that
hand-written stand-in, so the harness works end to end; the report labels these rows.
"""

from __future__ import annotations

import dataclasses

__all__ = ["STAND_INS", "Pending", "has_load_mod", "load_mechanism", "run_protocol"]

STAND_INS = {"hh": "density", "pas": "density", "IClamp": "point"}
"""Mechanisms braincell ships by hand (used only while ``load_mod`` is missing)."""


class Pending(Exception):
    """The braincell side cannot run yet because a piece of braincell is missing."""


def has_load_mod() -> bool:
    import braincell

    return hasattr(braincell, "load_mod")


def load_mechanism(path: str, original: str | None, name: str, kind: str):
    """The mechanism of ``path`` (a copy whose mechanism NEURON knows as ``name``) and whether
    it is a hand-written stand-in."""
    import braincell

    if has_load_mod():
        return braincell.load_mod(path), False
    if original in STAND_INS and STAND_INS[original] == kind:
        mech = braincell.mech.builtin(original)
        return dataclasses.replace(mech, name=name), True
    raise Pending("braincell.load_mod is not available yet (the .mod lowering is in progress)")


def run_protocol(path: str, original: str | None, name: str, kind: str, protocol: dict) -> dict:
    """Run the protocol in braincell; returns ``{"v": [...], "stand_in": bool}``."""
    import numpy as np

    import braincell

    mech, stand_in = load_mechanism(path, original, name, kind)
    kind = getattr(mech, "kind", kind)
    cell = braincell.SingleCompartment(
        protocol["length"], protocol["diam"], celsius=protocol["celsius"],
        v_init=protocol["v_init"], cm=protocol["cm"],
    )
    cell.paint(braincell.mech.pas(g=protocol["g_pas"], e=protocol["e_pas"]))
    if kind == "density":
        cell.paint(mech)
    elif kind == "point":
        cell.place(mech, label="pp", location=f"{cell.name}(0.5)")
    else:
        raise ValueError(f"cannot run a {kind} mechanism in a soma")
    cell.place(braincell.mech.IClamp(del_=protocol["stim_delay"], dur=protocol["stim_dur"],
                                     amp=protocol["stim_amp"]), label="stim")
    result = cell.run(protocol["tstop"], protocol["dt"], record=["v"], solver="backward_euler")
    return {"v": np.asarray(result["v"], dtype=float).tolist(), "stand_in": stand_in}
