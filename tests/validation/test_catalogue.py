"""Every catalogue protocol through the run spec, against its stored NEURON reference.

The built-in names (hh, pas, IClamp) use braincell's Python mechanisms; everything else --
SEClamp, ExpSyn, Exp2Syn, NetStim (with event delivery) and the channels -- is the shipped
.mod catalogue, lowered. The references come from NEURON 9.0.2 (make_catalogue_references.py).
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import braincell.spec

sys.path.insert(0, str(Path(__file__).parent))
from catalogue_protocols import BUILTIN_PROTOCOLS, CHANNEL_PROTOCOLS  # noqa: E402

DATA = Path(__file__).parent / "data" / "catalogue"
PROTOCOLS = {**BUILTIN_PROTOCOLS, **CHANNEL_PROTOCOLS}


def _as_braincell_spec(spec: dict) -> dict:
    """The NEURON runner's extra key: the catalogue's files are braincell's built-ins."""
    return {k: v for k, v in spec.items() if k != "mod_files"}


@pytest.mark.parametrize("name", sorted(PROTOCOLS))
def test_catalogue_protocol_matches_neuron(name):
    spec = PROTOCOLS[name]
    with np.load(DATA / f"{name}.npz") as data:
        ref = {k: data[k] for k in data.files}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = braincell.spec.run_spec(_as_braincell_spec(spec))
    for key in spec["record"]:
        err = float(np.max(np.abs(result[key] - ref[key])))
        scale = max(1.0, float(np.max(np.abs(ref[key]))))
        assert err <= 1e-6 * scale, f"{name}: {key} differs from NEURON by {err:.3g}"
