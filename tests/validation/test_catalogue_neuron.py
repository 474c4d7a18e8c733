"""The .mod catalogue (``mechanisms/``) against the real NEURON.

* every catalogue file compiles with NEURON's nrnivmodl (in a temp dir);
* every catalogue protocol's stored reference (``data/catalogue``) is reproduced to 1e-12;
* our files with built-in names, compiled as renamed twins (``hh_bc``, ``ExpSyn_bc`` ...),
  reproduce NEURON's own built-ins on the same protocols (to 1e-9);
* the runner's event forms (``connections``: explicit events, NetStim sources) deliver
  events when NEURON says they should.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("neuron")

from catalogue_protocols import (  # noqa: E402
    BUILTIN_NAMES,
    BUILTIN_PROTOCOLS,
    CATALOGUE_DIR,
    CHANNEL_FILES,
    PROTOCOLS,
    TWIN_SUFFIX,
    protocol,
)
from make_catalogue_references import (  # noqa: E402
    load_reference,
    reference_path,
    run_twin,
    stored_spec,
    write_twin_files,
)
from neuron_runner import run_in_neuron  # noqa: E402

pytestmark = pytest.mark.neuron

HERE = Path(__file__).resolve().parent
REPRODUCE_TOLERANCE = 1e-12
TWIN_TOLERANCE = 1e-9


def _spikes(v: np.ndarray) -> int:
    return int(np.count_nonzero((v[:-1] < 0.0) & (v[1:] >= 0.0)))


@pytest.fixture(scope="module")
def twin_folder(tmp_path_factory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("twins")
    return folder, write_twin_files(folder)


def test_catalogue_is_listed() -> None:
    on_disk = {p.name for p in CATALOGUE_DIR.glob("*.mod")}
    assert on_disk == set(BUILTIN_NAMES) | set(CHANNEL_FILES)


def test_whole_catalogue_compiles(tmp_path: Path) -> None:
    nrnivmodl = shutil.which("nrnivmodl")
    assert nrnivmodl is not None, "nrnivmodl not on PATH"
    for path in sorted(CATALOGUE_DIR.glob("*.mod")):
        shutil.copy(path, tmp_path / path.name)
    result = subprocess.run([nrnivmodl], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, f"nrnivmodl failed:\n{result.stdout}\n{result.stderr}"
    assert list(tmp_path.glob("*/libnrnmech.so")) or list(tmp_path.glob("*/.libs/libnrnmech.so"))
    # nocmodl reports constructs it had to change (e.g. cnexp falling back) on stdout
    assert "derivimplicit instead" not in result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(PROTOCOLS))
def test_reference_is_reproducible(name: str) -> None:
    path = reference_path(name)
    assert path.exists(), (
        f"{path} missing: run python tests/validation/make_catalogue_references.py"
    )
    spec = PROTOCOLS[name]
    assert stored_spec(name) == json_roundtrip(spec), (
        f"{name}: catalogue_protocols.py changed since {path.name} was written; regenerate it"
    )
    stored = load_reference(name)
    fresh = run_in_neuron(spec, spec_dir=HERE)
    assert set(fresh) == set(stored)
    for key, trace in stored.items():
        np.testing.assert_allclose(fresh[key], trace, rtol=0, atol=REPRODUCE_TOLERANCE, err_msg=key)


def json_roundtrip(spec: dict) -> dict:
    import json

    return json.loads(json.dumps(spec))


@pytest.mark.parametrize("name", sorted(BUILTIN_PROTOCOLS))
def test_twin_reproduces_neuron_builtin(name: str, twin_folder) -> None:
    folder, mod_files = twin_folder
    stored = load_reference(name)  # NEURON's built-in mechanisms
    twin = run_twin(name, folder, mod_files)  # ours, renamed
    for key, trace in stored.items():
        err = float(np.max(np.abs(twin[key] - trace)))
        assert err <= TWIN_TOLERANCE, f"{name}: {key}: twin differs from NEURON by {err:.3g}"


def test_twins_have_tables(twin_folder) -> None:
    from neuron import h

    folder, mod_files = twin_folder
    run_twin("pas_iclamp", folder, mod_files)  # loads the twins
    assert hasattr(h, f"usetable_hh{TWIN_SUFFIX}")
    assert h.usetable_hh == 1 and getattr(h, f"usetable_hh{TWIN_SUFFIX}") == 1  # restored


def test_protocols_are_not_vacuous() -> None:
    counts = {name: _spikes(load_reference(name)["v@soma(0.5)"]) for name in PROTOCOLS}
    assert counts["hh_iclamp"] == 4
    assert counts["netstim_expsyn"] >= 2
    for name in ("nat_kdr_iclamp", "km_iclamp", "sk_iclamp", "bk_iclamp"):
        assert counts[name] >= 5, (name, counts[name])
    # adaptation: fewer spikes with km than without it at a larger drive
    assert counts["km_iclamp"] < counts["nat_kdr_iclamp"]
    cal = load_reference("cal_cad_seclamp")
    assert cal["cai@soma(0.5)"].max() > 10 * cal["cai@soma(0.5)"][0]
    cat = load_reference("cat_cad_iclamp")
    assert cat["v@soma(0.5)"].max() > -30.0  # low-threshold rebound
    ih = load_reference("ih_iclamp")["v@soma(0.5)"]
    assert ih.min() < ih[int(34.0 / 0.025)] - 2.0  # sag


def _jump_times(g: np.ndarray, dt: float = 0.025) -> list[float]:
    # an event delivered at time T shows at the first sample after T (NEURON_FACTS.md §1)
    return [round((i - 1) * dt, 6) for i in np.nonzero(np.diff(g) > 0)[0] + 1]


def test_runner_events_arrive_when_neuron_says() -> None:
    g = load_reference("expsyn_events")["syn.g"]
    assert _jump_times(g) == [5.0, 10.5, 20.0, 33.3]
    # ns: start 5, interval 8, 4 spikes, delay 1; ns2: switched on at 35, 2 spikes 4 ms
    # apart, delay 0.5
    g = load_reference("netstim_expsyn")["syn.g"]
    assert _jump_times(g) == [6.0, 14.0, 22.0, 30.0, 35.5, 39.5]


def test_runner_drops_connections_after_a_run() -> None:
    run_in_neuron(protocol("expsyn_events"))
    spec = protocol("expsyn_events")
    del spec["place"][0]["connections"]
    out = run_in_neuron(spec)
    assert np.all(out["syn.g"] == 0.0)
