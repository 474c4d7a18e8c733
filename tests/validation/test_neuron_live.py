"""The stored NEURON references are reproducible: rerun every protocol in NEURON and
compare with ``data/<name>.npz`` (to 1e-12, i.e. bit-for-bit up to platform libm noise)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("neuron")

from make_references import load_reference, reference_path  # noqa: E402
from neuron_runner import run_in_neuron  # noqa: E402
from protocols import PROTOCOLS  # noqa: E402

pytestmark = pytest.mark.neuron

TOLERANCE = 1e-12


@pytest.mark.parametrize("name", sorted(PROTOCOLS))
def test_reference_is_reproducible(name: str) -> None:
    spec = PROTOCOLS[name]
    path = reference_path(name)
    assert path.exists(), f"{path} missing: run python tests/validation/make_references.py"
    with np.load(path) as data:
        assert json.loads(str(data["spec_json"])) == json.loads(json.dumps(spec)), (
            f"{name}: protocols.py changed since {path.name} was written; regenerate it"
        )
    stored = load_reference(name)
    fresh = run_in_neuron(spec, spec_dir=Path(__file__).parent)
    assert set(fresh) == set(stored)
    for key, trace in stored.items():
        np.testing.assert_allclose(fresh[key], trace, rtol=0, atol=TOLERANCE, err_msg=key)


def test_runner_restores_neuron_globals() -> None:
    from neuron import h

    before = (h.celsius, h.secondorder, h.usetable_hh, h.dt)
    run_in_neuron(PROTOCOLS["hh_soma_celsius16"])
    run_in_neuron(PROTOCOLS["hh_soma_cn"])
    assert (h.celsius, h.secondorder, h.usetable_hh, h.dt) == before
    assert not any(True for _ in h.allsec())


def test_runner_rejects_unknown_keys() -> None:
    spec = dict(PROTOCOLS["pas_soma"], stimulus=1)
    with pytest.raises(ValueError, match="unknown keys"):
        run_in_neuron(spec)


def test_runner_applies_ion_overrides() -> None:
    spec = dict(PROTOCOLS["hh_soma"], ions={"na": {"ena": 55.0}, "k": {"ek": -80.0}}, tstop=1.0)
    out = run_in_neuron(spec)
    m, h, n = out["hh.m@soma(0.5)"][0], out["hh.h@soma(0.5)"][0], out["hh.n@soma(0.5)"][0]
    # finitialize evaluates BREAKPOINT at v_init, so ina[0] and ik[0] use the overrides
    assert out["ina@soma(0.5)"][0] == pytest.approx(0.12 * m**3 * h * (-65.0 - 55.0), rel=1e-14)
    assert out["ik@soma(0.5)"][0] == pytest.approx(0.036 * n**4 * (-65.0 + 80.0), rel=1e-14)
